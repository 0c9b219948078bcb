"""The course book: every part of the written materials, in order, with working links; the learner's edition has
no keys, and the instructor's answer keys have every key, feedback and objective."""

from __future__ import annotations

import re
from pathlib import Path

from clekit.check import load_and_check
from clekit.cli import main
from clekit.coursebook import answer_key_html, collect_parts, coursebook_html, coursebook_key, render_coursebook

ORIENTATION = "# Orientation\n\nRead the [glossary](glossary.md) and the [modules](modules/01-sample/index.md).\n"


def test_the_book_holds_orientation_modules_scenarios_glossary_and_authorities_in_order(course: Path) -> None:
    checked, _ = load_and_check(course)
    titles = [part.title for part in collect_parts(checked, ORIENTATION)]
    assert titles[0] == "Orientation"
    assert titles[1].startswith("Module 1: ")
    assert titles[2:] == ["Module 1: scenarios", "Glossary", "Table of authorities"]


def test_every_part_has_an_entry_in_the_contents_with_its_page_number(course: Path) -> None:
    checked, _ = load_and_check(course)
    book = coursebook_html(checked, ORIENTATION)
    for part in collect_parts(checked, ORIENTATION):
        assert f'<li><a href="#{part.anchor}">' in book
        assert f'<section class="part" id="{part.anchor}">' in book
    assert "target-counter(attr(href), page)" in book
    assert "counter(pages)" in book


def test_links_between_site_pages_point_inside_the_book(course: Path) -> None:
    checked, _ = load_and_check(course)
    book = coursebook_html(checked, ORIENTATION)
    local = [href for href in re.findall(r'href="([^"]+)"', book) if not href.startswith(("https:", "#"))]
    assert local == []
    assert '<a href="#glossary">glossary</a>' in book


def test_the_learners_book_prints_every_option_but_no_key_and_no_feedback(course: Path) -> None:
    checked, _ = load_and_check(course)
    book = coursebook_html(checked, ORIENTATION)
    for bank in checked.banks:
        for question in bank.questions:
            for option in question.options:
                assert option.text in book
                feedback = " ".join(option.feedback.split("[@")[0].split())
                if len(feedback) > 20:  # a feedback as short as "No" is found in any text
                    assert feedback not in book
    assert "(key)" not in book


def test_the_answer_key_marks_every_key_and_keeps_every_feedback_and_objective(course: Path) -> None:
    checked, _ = load_and_check(course)
    key = answer_key_html(checked, checked.modules)
    for bank in checked.banks:
        for question in bank.questions:
            for option in question.options:
                # Up to the first citation marker, which the key replaces by the full citation.
                assert " ".join(option.feedback.split("[@")[0].split()) in key
    assert key.count("(key)") == sum(option.correct for q in checked.banks[0].questions for option in q.options)
    (loaded,) = checked.modules
    for objective in loaded.module.objectives:
        assert objective.statement.split(".")[0] in key or objective.id not in str(checked.banks[0].questions)


def test_export_writes_an_answer_key_per_module_and_one_for_the_course(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "lms"
    assert main(["--root", str(course), "export", "--out", str(out)]) == 0
    assert (out / "answer-keys" / "01-sample.pdf").read_bytes().startswith(b"%PDF")
    assert (out / "answer-keys" / "course.pdf").read_bytes().startswith(b"%PDF")


def test_the_book_prints_as_a_pdf_and_is_reused_while_its_content_is_unchanged(course: Path, tmp_path: Path) -> None:
    checked, _ = load_and_check(course)
    pdf = render_coursebook(checked, ORIENTATION, cache=tmp_path)
    assert pdf.startswith(b"%PDF")
    (cached,) = tmp_path.glob("coursebook-*.pdf")
    cached.write_bytes(b"%PDF cached")
    assert render_coursebook(checked, ORIENTATION, cache=tmp_path) == b"%PDF cached"


def test_the_book_is_printed_again_when_any_of_its_sources_changes(course: Path, tmp_path: Path) -> None:
    checked, _ = load_and_check(course)
    first = coursebook_key(checked, ORIENTATION)
    assert coursebook_key(checked, ORIENTATION) == first
    assert coursebook_key(checked, ORIENTATION + "\nMore.") != first
    lesson = next(course.glob("modules/*/lesson.md"))
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    edited, _ = load_and_check(course)
    assert coursebook_key(edited, ORIENTATION) != first
    settings = course / "course.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("reviewed:", "# edited\nreviewed:"), "utf-8")
    assert coursebook_key(load_and_check(course)[0], ORIENTATION) not in {first, coursebook_key(edited, ORIENTATION)}


def test_a_cached_book_is_returned_without_rendering_its_html(course: Path, tmp_path: Path, monkeypatch) -> None:
    checked, _ = load_and_check(course)
    render_coursebook(checked, ORIENTATION, cache=tmp_path)

    def refuse(*arguments: object) -> str:
        raise AssertionError("the book's HTML was rendered although nothing changed")

    monkeypatch.setattr("clekit.coursebook.coursebook_html", refuse)
    assert render_coursebook(checked, ORIENTATION, cache=tmp_path).startswith(b"%PDF")
