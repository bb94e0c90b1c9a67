"""The report file's template as Python (govinfo_cli/writers/report_template.py): what
scripts/gen_templates.py makes of templates/report.toml.j2 now, and the text Jinja2 writes from it."""

from __future__ import annotations

import sys

import pytest
from conftest import EXAMPLES, ROOT, govinfo

from govinfo_cli.resources import template
from govinfo_cli.writers import report_template

sys.path.insert(0, str(ROOT / "scripts"))
try:
    import gen_templates
finally:
    sys.path.pop(0)

SOURCES = ROOT / "tests" / "fixtures" / "sources"


def test_the_module_is_what_the_script_makes_of_the_template_now():
    assert gen_templates.generate() == gen_templates.OUTPUT.read_text(encoding="utf-8"), \
        "run python scripts/gen_templates.py"


@pytest.fixture
def against_jinja(monkeypatch):
    """Every report written while it is on is written by Jinja2 from the template too, and compared."""
    written: list[str] = []
    python = report_template.render

    def both(**values):
        text = "".join(python(**values))
        assert text == "".join(template("report.toml.j2", autoescape=False).generate(**values))
        written.append(text)
        yield text

    monkeypatch.setattr(report_template, "render", both)
    return written


@pytest.mark.parametrize("source", sorted(p.name for p in SOURCES.iterdir() if p.suffix in (".html", ".txt", ".docx",
                                                                                          ".pdf")))
def test_every_imported_source_is_written_as_jinja2_writes_it(against_jinja, source):
    given = {"2021_fmt2021_pingtan.txt": ("--split", "行政规范性文件=69|3|665"),
             "2022_fmt2021_pingtan.txt": ("--previous", EXAMPLES / "2021-pingtan.toml")}
    assert govinfo("import", SOURCES / source, *given.get(source, ())).returncode in (0, 1)
    assert len(against_jinja) == 1


@pytest.mark.parametrize("arguments", [
    ("new", "--year", "2017"), ("new", "--year", "2019", "--agency", "某局"), ("new", "--year", "2024", "--fill"),
    ("new", "--from", EXAMPLES / "2021-pingtan.toml"), ("sum", EXAMPLES / "2021-pingtan.toml",
                                                        EXAMPLES / "2021-pingtan.toml", "--agency", "某县"),
])
def test_new_and_sum_write_as_jinja2_writes(against_jinja, arguments, tmp_path):
    assert govinfo(*arguments, "-o", tmp_path / "out.toml").returncode == 0
    assert len(against_jinja) == 1


@pytest.mark.parametrize("source", ["{% for x in y %}{{ loop.index }}{% endfor %}", "{{ x | upper }}",
                                    "{% macro m() %}{% endmacro %}", "{{ x[0] }}", "{% for x in y %}{% else %}none{% endfor %}"])
def test_a_construct_it_does_not_know_stops_the_script(source):
    with pytest.raises(gen_templates.Unsupported):
        gen_templates.translate(source)


class Named:
    x = "an attribute"


@pytest.mark.parametrize("flag", [None, False, "on"])
def test_names_attributes_joins_and_tests_read_as_in_jinja2(flag):
    from govinfo_cli.resources import _environment

    source = "{% for a, b in pairs %}{{ a.x }}{{ b ~ 1 }}{% if not b %}-{% endif %}{% endfor %}{{ 'y' if flag is none else flag }}"
    namespace: dict = {}
    exec(compile(gen_templates.translate(source), "template", "exec"), namespace)
    values = {"pairs": [({"x": "from a dict"}, 2), (Named(), 0)], "flag": flag}
    assert "".join(namespace["render"](**values)) == _environment(False).from_string(source).render(**values)
