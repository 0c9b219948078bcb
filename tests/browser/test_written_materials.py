"""The written materials as a learner finds them: each module's time and credit, and the course book PDF."""

from __future__ import annotations

import io
import math
import re

import pypdf

from clekit.coursebook import collect_parts

from .test_learner import real_course

TIME_COLUMN = "Module time, lesson and scenarios"
# A contents line as the PDF's text layer gives it: the part's title, a dotted leader, the page number.
CONTENTS_LINE = re.compile(r"^(?P<title>.+?) ?\.{3,} ?(?P<page>\d+)$", re.MULTILINE)


def one_line(text: str) -> str:
    return " ".join(text.split())


def table_with_column(page, header: str):
    return page.locator("article table", has=page.locator("th", has_text=header)).first


def table_rows(page, header: str) -> list[dict[str, str]]:
    """The rows of the page's table that has a column `header`, each as {column: cell text}."""
    table = table_with_column(page, header)
    columns = [one_line(text) for text in table.locator("thead th").all_inner_texts()]
    return [
        dict(zip(columns, (one_line(text) for text in row.locator("td").all_inner_texts()), strict=True))
        for row in table.locator("tbody tr").all()
    ]


def test_each_module_page_states_the_minutes_and_credit_the_orientation_computes_from_its_content(
    page, base_url
) -> None:
    settings = real_course().settings
    page.goto(base_url + "orientation/")
    credit_table = {row["Module"]: row for row in table_rows(page, "Hours (50 min)") if row["Module"] != "All modules"}
    assert len(credit_table) == len(real_course().modules)
    for title, row in credit_table.items():
        # The method the orientation states, applied to the words and scenarios it publishes for the module.
        words, scenarios = int(row["Words"].replace(",", "")), int(row["Scenarios"])
        minutes = words / settings.reading_words_per_minute + scenarios * settings.minutes_per_question
        hours50, hours60 = (f"{math.floor(minutes / hour * 10) / 10:.1f}" for hour in (50, 60))
        assert (row["Minutes"], row["Hours (50 min)"], row["Hours (60 min)"]) == (
            str(math.ceil(minutes)),
            hours50,
            hours60,
        )

        table_with_column(page, "Hours (50 min)").get_by_role("link", name=title, exact=True).click()
        assert one_line(page.locator("h1").inner_text()).startswith(title)
        (module_row,) = table_rows(page, TIME_COLUMN)
        assert module_row[TIME_COLUMN] == (
            f"about {math.ceil(minutes)} minutes ({hours50} credit hours of 50 minutes; {hours60} of 60)"
        )
        page.go_back()


def test_the_course_book_linked_from_the_home_page_is_a_pdf_whose_contents_give_each_parts_page(page, base_url) -> None:
    page.goto(base_url)
    address = page.get_by_role("link", name="course book (PDF)").evaluate("link => link.href")
    response = page.request.get(address)
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    book = pypdf.PdfReader(io.BytesIO(response.body()))
    pages = len(book.pages)

    contents = book.pages[1].extract_text()
    assert contents.startswith("Contents")
    entries = [(one_line(match["title"]), int(match["page"])) for match in CONTENTS_LINE.finditer(contents)]
    assert [title for title, _ in entries] == [part.title for part in collect_parts(real_course(), "")]
    assert [number for _, number in entries] == sorted(number for _, number in entries)
    for title, number in entries:
        text = one_line(book.pages[number - 1].extract_text())
        assert text.startswith(title), f"page {number} does not open with {title!r}"
        assert text.endswith(f"Page {number} of {pages}"), f"page {number} has no page number"
