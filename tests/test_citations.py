"""Citation markers and the printed form of an authority."""

from __future__ import annotations

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from clekit.citation_audit import CASE_SHAPE, _case_shapes
from clekit.citations import find_markers, format_citation, link_citation, parse_case_citation, replace_markers
from clekit.models import Authority, Verification


def authority(kind: str, citation: str, year: int) -> Authority:
    return Authority(
        kind=kind,
        citation=citation,
        court="court",
        jurisdiction="federal",
        year=year,
        holding="holding",
        url="https://example.org/a(b)",
        verified=Verification(address="here", date=datetime.date(2026, 11, 25), source="primary"),
    )


CASE = authority("case", "United States v. Kuchinski, 469 F.3d 853 (9th Cir. 2006)", 2006)
STATUTE = authority("statute", "18 U.S.C. § 2252A", 2024)
RULE = authority("rule", "Model Rules of Pro. Conduct r. 3.4", 2024)


def test_markers_are_found_with_and_without_pin_cites() -> None:
    markers = find_markers("A [@kuchinski] and [@kuchinski, 862-63] and [@usc-18-2252a,(d)].")
    assert [(marker.key, marker.pin) for marker in markers] == [
        ("kuchinski", None),
        ("kuchinski", "862-63"),
        ("usc-18-2252a", "(d)"),
    ]


def test_a_case_citation_is_parsed_into_its_parts() -> None:
    case = parse_case_citation(CASE.citation)
    assert (case.name, case.volume, case.reporter, case.page, case.parenthetical, case.year) == (
        "United States v. Kuchinski",
        "469",
        "F.3d",
        "853",
        "9th Cir. 2006",
        2006,
    )


def test_a_case_pin_cite_goes_before_the_parenthetical() -> None:
    assert format_citation(CASE, "862-63") == "*United States v. Kuchinski*, 469 F.3d 853, 862-63 (9th Cir. 2006)"


def test_a_statute_subsection_attaches_directly_and_other_pins_follow_a_space() -> None:
    assert format_citation(STATUTE, "(d)(1)") == "18 U.S.C. § 2252A(d)(1)"
    assert format_citation(RULE, "cmt. 2") == "Model Rules of Pro. Conduct r. 3.4 cmt. 2"


def test_a_citation_is_escaped_as_plain_text_in_markdown() -> None:
    assert format_citation(RULE, "cmt. [2] <b>") == r"Model Rules of Pro. Conduct r. 3.4 cmt. \[2\] &lt;b&gt;"


def test_a_linked_citation_escapes_brackets_and_parentheses() -> None:
    assert link_citation(RULE, "cmt. [2]") == (
        r"[Model Rules of Pro. Conduct r. 3.4 cmt. \[2\]](https://example.org/a%28b%29)"
    )


def test_unknown_markers_are_left_for_the_checker() -> None:
    text = replace_markers("See [@kuchinski, 862] and [@nobody].", {"kuchinski": CASE})
    assert text.endswith("and [@nobody].")
    assert "469 F.3d 853, 862" in text


REGISTRY = {"kuchinski": CASE, "usc-18-2252a": STATUTE, "rule": RULE}


def test_a_citation_in_a_sentence_is_set_off_in_parentheses() -> None:
    printed = replace_markers("Caching alone is not possession [@kuchinski, 862].", REGISTRY)
    assert printed == f"Caching alone is not possession ({link_citation(CASE, '862')})."


def test_markers_side_by_side_are_one_string_cite_with_semicolons_and_signals_in_italics() -> None:
    printed = replace_markers("The rule [@usc-18-2252a, (d)] [see also @kuchinski, 862] [cf. @rule].", REGISTRY)
    expected = (
        f"({link_citation(STATUTE, '(d)')}; *see also* {link_citation(CASE, '862')}; *cf.* {link_citation(RULE)})"
    )
    assert printed == f"The rule {expected}."
    signals = [marker.signal for marker in find_markers("[see also @a] [@b] [but see @c, 4]")]
    assert signals == ["see also", None, "but see"]


def test_a_citation_that_fills_a_table_cell_needs_no_parentheses() -> None:
    printed = replace_markers("| Holds | [@kuchinski] [@usc-18-2252a] |", REGISTRY)
    assert printed == f"| Holds | {link_citation(CASE)}; {link_citation(STATUTE)} |"


def test_an_unknown_signal_is_reported_and_left_as_written() -> None:
    from clekit.text_rules import find_citation_markers_with_bad_keys

    text = "As held [seee @kuchinski, 862]."
    assert replace_markers(text, REGISTRY) == text
    (finding,) = find_citation_markers_with_bad_keys(text)
    assert finding.offset == text.index("[") and "is not a citation marker" in finding.message


def test_a_bracketed_email_address_is_not_a_near_marker_and_a_capitalised_signal_is_a_signal() -> None:
    from clekit.text_rules import find_citation_markers_with_bad_keys

    assert list(find_citation_markers_with_bad_keys("Write to [clerk@court.gov] today.")) == []
    assert list(find_citation_markers_with_bad_keys("[See @kuchinski, 862].")) == []
    assert replace_markers("[See @kuchinski, 862]", REGISTRY) == f"(*See* {link_citation(CASE, '862')})"


def test_parentheses_written_around_a_citation_and_a_citation_glued_to_a_word_are_reported() -> None:
    from clekit.text_rules import find_citation_markers_with_bad_keys

    (wrapped,) = find_citation_markers_with_bad_keys("As held (see [@kuchinski, 862]).")
    assert "set off in parentheses by the pages already" in wrapped.message
    (glued,) = find_citation_markers_with_bad_keys("As held[@kuchinski].")
    assert glued.message.startswith("put a space before the citation")
    assert list(find_citation_markers_with_bad_keys("In (a) the rule [@kuchinski] applies (b).")) == []


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["12345", "9", " ", "  ", "\n", "F.3d", "U.S.", "U.S.C.", "So. 2d", "at", "A", "x", "March", ".", "a"]
        ),
        max_size=14,
    )
)
def test_the_case_shape_screen_finds_every_match_the_full_scan_finds(pieces: list[str]) -> None:
    """The audit tries the case pattern only near number-capital pairs: it must still meet every match."""
    text = "".join(pieces)
    screened = {match.start() for match in _case_shapes(text)}
    assert {match.start() for match in CASE_SHAPE.finditer(text)} <= screened, text


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["18", "5", " ", "\n", "[@key, 3]", "[@key]", "U.S.C.", "U.", "S.", "F.3d", "A", "x", "`", "("]
        ),
        max_size=14,
    )
)
def test_the_audit_screen_passes_over_no_text_the_full_search_would_examine(pieces: list[str]) -> None:
    """audit_citations skips a text when, with each marker replaced by one space, it holds neither "U." nor a number
    before a capital: the text with its markers blanked to their length must then hold neither either."""
    from clekit.citation_audit import _NUMBER_BEFORE_CAPITAL
    from clekit.citations import MARKER
    from clekit.text_rules import mask_code

    masked = mask_code("".join(pieces))
    if "U." not in masked and not _NUMBER_BEFORE_CAPITAL.search(MARKER.sub(" ", masked)):
        visible = MARKER.sub(lambda match: " " * len(match.group(0)), masked)
        assert "U." not in visible and not _NUMBER_BEFORE_CAPITAL.search(visible)
