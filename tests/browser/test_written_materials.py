"""The written materials as a learner finds them: each module's time and credit, and the course book PDF."""

from __future__ import annotations

import io
import re

import pypdf

from clekit.coursebook import collect_parts
from clekit.time_model import course_time

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


def test_each_module_page_and_its_banners_give_the_minutes_and_credit_of_the_orientations_table(page, base_url) -> None:
    """One time model: the orientation's rows add up to its total, and each module's page, lesson banner and
    scenarios banner give the same figures as its row."""
    page.goto(base_url + "orientation/")
    rows = table_rows(page, "Hours (50 min)")
    modules = [row for row in rows if row["Module"].startswith("Module ")]
    assert len(modules) == len(real_course().modules)
    total = next(row for row in rows if row["Module"] == "All modules")
    assert int(total["Minutes"]) == sum(int(row["Minutes"]) for row in modules)
    time = course_time(real_course())
    for length in (50, 60):
        assert total[f"Hours ({length} min)"] == f"{time.credit(length):.1f}"
    for row in modules:
        lesson, scenarios = int(row["Lesson (min)"]), int(row["Scenarios (min)"])
        assert int(row["Minutes"]) == lesson + scenarios
        table_with_column(page, "Hours (50 min)").get_by_role("link", name=row["Module"], exact=True).click()
        assert one_line(page.locator("h1").inner_text()).startswith(row["Module"])
        (module_row,) = table_rows(page, TIME_COLUMN)
        assert module_row[TIME_COLUMN].startswith(
            f"about {row['Minutes']} minutes: lesson {lesson}, scenarios {scenarios} ({row['Hours (50 min)']} credit "
            f"hours of 50 minutes; {row['Hours (60 min)']} credit hours of 60 minutes"
        )
        assert f"about {lesson} minutes, part of" in page.locator(".cle-page-note").inner_text()
        page.get_by_role("link", name="Go to the scenarios").click()
        assert f"about {scenarios} minutes, part of" in page.locator(".cle-page-note").inner_text()
        page.goto(base_url + "orientation/")


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
