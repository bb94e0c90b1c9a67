"""The bound the mapping prunes with (readers/labels.py): never below the similarity it stands for."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from govinfo_cli.model.forms import FORMS, load_form
from govinfo_cli.readers.labels import similarity, similarity_bound

TITLES = sorted({cell.title for name in FORMS for cell in load_form(name).cells.values()}
                | {node.title for name in FORMS for node in load_form(name).nodes.values()})
label = st.one_of(st.sampled_from(TITLES), st.text(st.sampled_from("（一）申请公开不予信息处理 2.其中、"), max_size=12))


@given(label, label)
def test_the_bound_is_never_below_the_similarity(a, b):
    assert similarity_bound(a, b) >= similarity(a, b)


def test_the_bound_is_the_similarity_where_the_labels_agree():
    for title in TITLES:
        assert similarity_bound(title, title) == similarity(title, title)
