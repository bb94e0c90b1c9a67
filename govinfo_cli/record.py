"""``@record``: the part of :mod:`dataclasses` govinfo uses, at a fraction of its start-up cost.

Every start of govinfo (cron loops, tab completion, an editor's save hook) defines some thirty
classes of plain data. With :func:`dataclasses.dataclass` that cost 13 ms to import the module
(it imports :mod:`inspect`, and that :mod:`ast`, :mod:`dis`, :mod:`tokenize` …) and about 0.4 ms
a class, a fifth of ``govinfo validate FILE``. ``record`` makes the same methods — ``__init__``
(defaults, ``field(default_factory=…)``), ``__repr__``, ``__eq__`` and, for a frozen record,
``__hash__`` and read-only fields; ``slots=True`` — as dataclasses writes them, and nothing else:
no ordering, no ``__post_init__``, no inheritance between records. tests/test_record.py holds
it to dataclasses. Type checkers read it as a dataclass (PEP 681).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported at run time: every start pays for it
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TypeVar, dataclass_transform

    T = TypeVar("T")
else:
    def dataclass_transform(**_options):
        return lambda decorator: decorator


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class Field:
    """What ``field()`` says of one field (a default, or a function that makes it; shown, compared)."""

    __slots__ = ("compare", "default", "default_factory", "repr")

    def __init__(self, default: Any, default_factory: Callable[[], Any] | None, repr: bool, compare: bool) -> None:
        self.default = default
        self.default_factory = default_factory
        self.repr = repr
        self.compare = compare


def field(*, default: Any = MISSING, default_factory: Callable[[], Any] | None = None, repr: bool = True,
          compare: bool = True) -> Any:
    return Field(default, default_factory, repr, compare)


class FrozenRecordError(AttributeError):
    """An assignment to a field of a frozen record."""


@dataclass_transform(field_specifiers=(field,))
def record(cls: type[T] | None = None, /, *, eq: bool = True, frozen: bool = False,
           slots: bool = False) -> Any:
    """Make ``cls`` a record of the fields it annotates (see the module's docstring)."""
    def wrap(cls: type[T]) -> type[T]:
        return _make(cls, eq, frozen, slots)

    return wrap if cls is None else wrap(cls)


def _make(cls: Any, eq: bool, frozen: bool, slots: bool) -> Any:
    names = [name for name, kind in cls.__dict__.get("__annotations__", {}).items()  # noqa: RUF063 (no inspect)
             if not str(kind).startswith("ClassVar")]
    fields = {}
    for name in names:
        spec = cls.__dict__.get(name, MISSING)
        fields[name] = spec if isinstance(spec, Field) else Field(spec, None, True, True)
        if isinstance(spec, Field) or slots:  # a plain default stays a class attribute, as dataclasses leaves it
            if spec is not MISSING:
                delattr(cls, name)
            if isinstance(spec, Field) and spec.default is not MISSING and not slots:
                setattr(cls, name, spec.default)
    if slots:
        body = {key: value for key, value in cls.__dict__.items() if key not in ("__dict__", "__weakref__")}
        body["__slots__"] = tuple(names)
        qualname = cls.__qualname__
        cls = type(cls)(cls.__name__, cls.__bases__, body)
        cls.__qualname__ = qualname
    own = set(cls.__dict__)  # methods the class writes itself are kept, as dataclasses keeps them
    made: dict[str, Any] = {"__init__": _init(cls, fields, frozen),
                            "__repr__": _repr(cls, [name for name, spec in fields.items() if spec.repr])}
    if eq:
        compared = tuple(name for name, spec in fields.items() if spec.compare)
        made["__eq__"] = _eq(compared)
        if "__hash__" not in own or cls.__dict__["__hash__"] is None:  # a class that defines __eq__ loses __hash__
            made["__hash__"] = _hash(compared) if frozen else None
            own.discard("__hash__")
    if frozen:
        made["__setattr__"] = made["__delattr__"] = _refuse
    for name, method in made.items():
        if name not in own:
            setattr(cls, name, method)
    return cls


def _init(cls: Any, fields: dict[str, Field], frozen: bool) -> Callable[..., None]:
    """``__init__``, written out and compiled as dataclasses does it: as fast to call as one written by hand."""
    scope: dict[str, Any] = {"MISSING": MISSING, "setter": object.__setattr__}
    parameters, lines = [], []
    for name, spec in fields.items():
        value = name
        if spec.default_factory is not None:
            scope[f"factory_{name}"] = spec.default_factory
            parameters.append(f"{name}=MISSING")
            value = f"factory_{name}() if {name} is MISSING else {name}"
        elif spec.default is not MISSING:
            scope[f"default_{name}"] = spec.default
            parameters.append(f"{name}=default_{name}")
        else:
            parameters.append(name)
        lines.append(f"setter(self, {name!r}, {value})" if frozen else f"self.{name} = {value}")
    source = f"def __init__(self, {', '.join(parameters)}):\n    " + ("\n    ".join(lines) or "pass") + "\n"
    exec(source, scope)  # our own source, made of the class's field names
    init = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


def _repr(cls: Any, shown: list[str]) -> Callable[[Any], str]:
    def __repr__(self: Any) -> str:
        return f"{type(self).__qualname__}({', '.join(f'{name}={getattr(self, name)!r}' for name in shown)})"

    __repr__.__qualname__ = f"{cls.__qualname__}.__repr__"
    return __repr__


def _eq(compared: tuple[str, ...]) -> Callable[[Any, Any], Any]:
    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return tuple(getattr(self, name) for name in compared) == tuple(getattr(other, name) for name in compared)

    return __eq__


def _hash(compared: tuple[str, ...]) -> Callable[[Any], int]:
    def __hash__(self: Any) -> int:
        return hash(tuple(getattr(self, name) for name in compared))

    return __hash__


def _refuse(self: Any, name: str, *value: Any) -> None:
    raise FrozenRecordError(f"cannot assign to field {name!r}")
