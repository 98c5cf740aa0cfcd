"""Label matching: the quick forms of the fragment, prefix and one-edit tests agree with their definitions."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.report.parse.assemble import T2_LABELS, T3_LABELS, T4_LABELS
from gongkai.report.parse.labels import LabelSet, edit_distance_at_most_one, norm

SETS = (T2_LABELS, T3_LABELS, T4_LABELS)
ALPHABET = "".join(sorted({ch for labels in SETS for label in labels.labels for ch in label})) + "0123456789 x"


def _naive_fragment(labels: LabelSet, text: str) -> bool:
    n = norm(text)
    return bool(n) and any(n in norm(label) for label in labels.labels)


def _naive_prefix(labels: LabelSet, text: str) -> bool:
    n = norm(text)
    return bool(n) and any(norm(label).startswith(n) and norm(label) != n for label in labels.labels)


@st.composite
def label_pieces(draw: st.DrawFn) -> str:
    """A piece of a label (often a prefix), or text made of the labels' own characters."""
    labels = draw(st.sampled_from(SETS)).labels
    label = draw(st.sampled_from(labels))
    start = draw(st.integers(0, len(label)))
    end = draw(st.integers(start, len(label)))
    if draw(st.booleans()):
        return label[:end]
    if draw(st.booleans()):
        return label[start:end]
    return draw(st.text(alphabet=ALPHABET, max_size=12))


@settings(max_examples=400, deadline=None)
@given(label_pieces())
def test_fragment_and_prefix_agree_with_their_definitions(text: str) -> None:
    for labels in SETS:
        fresh = LabelSet(labels.labels)  # no remembered answers
        assert fresh.is_fragment(text) == _naive_fragment(fresh, text), text
        assert fresh.is_prefix(text) == _naive_prefix(fresh, text), text


@settings(max_examples=400, deadline=None)
@given(st.sampled_from([label for labels in SETS for label in labels.labels]), st.integers(0, 60),
       st.sampled_from(["delete", "insert", "replace", "keep"]), st.sampled_from(list("沐公x1、")))
def test_one_edit_keeps_the_first_or_the_last_character(label: str, at: int, edit: str, ch: str) -> None:
    key = norm(label)
    at %= len(key)
    text = {"delete": key[:at] + key[at + 1:], "insert": key[:at] + ch + key[at:],
            "replace": key[:at] + ch + key[at + 1:], "keep": key}[edit]
    assert edit_distance_at_most_one(text, key)
    if len(text) >= 2:
        assert text[0] == key[0] or text[-1] == key[-1]


def test_a_label_with_one_wrong_character_is_still_matched() -> None:
    label = "二、上年结转政府信息公开申请数量"
    assert T3_LABELS.match(label.replace("结转", "结砖")).label == label
    assert T3_LABELS.match("上年结转政府信息公开申请数量").label == label  # ordinal left out
    assert T3_LABELS.match("上年结转政府信息公开申请数量x") is None  # and a character more: two edits


@settings(max_examples=300, deadline=None)
@given(st.text("0123456789", min_size=1, max_size=12) | st.text(ALPHABET, max_size=8))
def test_value_flags_take_plain_digits_as_values_as_the_full_test_does(text):
    from gongkai.report.parse.assemble import _is_value_text, _value_flags

    for labels in SETS:
        full = _is_value_text(text, labels) and labels.match(text, fuzzy=False) is None
        assert _value_flags([text], labels) == [full]
