"""Attendance codes: how many, where in the lesson, derived from the release, checked by digest."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from clekit.attendance import (
    CODE_ALPHABET,
    CODE_LENGTH,
    code_count,
    code_digest,
    module_codes,
    normalize_entry,
    place_codes,
)
from clekit.timing import count_words

LESSON = "\n\n".join(f"## Part {n}\n\n" + " ".join(["word"] * 200) for n in range(1, 9))


def test_at_least_one_code_per_fifty_minutes_of_the_module() -> None:
    assert [code_count(minutes) for minutes in (0, 20, 50, 51, 100, 101)] == [1, 1, 1, 2, 2, 3]


def test_codes_are_six_unambiguous_characters_that_a_new_release_changes() -> None:
    first = module_codes("2026.12", "strict-liability", 60)
    again = module_codes("2026.12", "strict-liability", 60)
    later = module_codes("2027.06", "strict-liability", 60)
    assert first == again and [code.code for code in first] != [code.code for code in later]
    for code in first:
        assert len(code.code) == CODE_LENGTH and set(code.code) <= set(CODE_ALPHABET)


def test_an_entry_matches_its_digest_whatever_its_case_spaces_or_hyphens() -> None:
    (code,) = module_codes("r", "m", 10)
    typed = f" {code.code[:3].lower()}-{code.code[3:].lower()} "
    assert normalize_entry(typed) == code.code
    assert code_digest("m", 1, typed) == code.digest
    assert code_digest("m", 1, "AAAAAA") != code.digest


def test_each_code_stands_at_a_section_break_late_in_its_stretch_of_the_lesson() -> None:
    codes = module_codes("r", "m", 120)  # three codes
    placed = place_codes(LESSON, codes, 1)
    total = count_words(LESSON)
    for code in codes:
        at = placed.index(f'data-cle-code="{code.position}"')
        share = count_words(_lesson_words_before(placed, at)) / total
        assert (code.position - 1) / code.of < share <= code.position / code.of + 1e-9, (code.position, share)
        after = placed[at:].split("</div>", 1)[1].lstrip("\n")
        assert after == "" or after.startswith(("## ", '<div class="cle-attendance"')), "only at a section break"


def _lesson_words_before(placed: str, offset: int) -> str:
    """The lesson text before `offset`, without the code blocks placed earlier."""
    text = placed[:offset]
    while '<div class="cle-attendance"' in text:
        start = text.index('<div class="cle-attendance"')
        end = text.find("</div>", start)
        text = text[:start] + (text[end + len("</div>") :] if end != -1 else "")
    return text


@given(st.integers(min_value=1, max_value=400))
def test_every_code_is_placed_once_and_the_lesson_text_is_kept_whole(minutes: int) -> None:
    codes = module_codes("r", "m", minutes)
    placed = place_codes(LESSON, codes, 1)
    for code in codes:
        assert placed.count(f'data-cle-code="{code.position}"') == 1
    assert " ".join(_lesson_words_before(placed, len(placed)).split()) == " ".join(LESSON.split())


def test_a_heading_inside_a_code_fence_is_not_a_place_for_a_code() -> None:
    lesson = "## One\n\ntext\n\n```\n## not a heading\n```\n\nmore text"
    placed = place_codes(lesson, module_codes("r", "m", 10), 1)
    assert "```\n## not a heading\n```" in placed
