"""The accreditation packet: every part a provider files, with the figures of the one time model."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from clekit.attendance import module_codes
from clekit.check import load_and_check
from clekit.evaluation import evaluation_questions
from clekit.packet import JURISDICTIONS_FILE, load_jurisdictions, packet_html
from clekit.time_model import course_time
from conftest import REPO

SECTIONS = (
    "Course description",
    "Learning objectives by module",
    "Timed agenda",
    "Faculty and credentials",
    "Written materials",
    "Attendance verification and code key",
    "Course evaluation form",
    "Credit",
    "How large jurisdictions treat on-demand credit",
)


def real_packet() -> tuple[str, object]:
    course, _ = load_and_check(REPO)
    jurisdictions, problems = load_jurisdictions(REPO)
    assert problems == []
    return packet_html(course, jurisdictions, coursebook_pages=123), course


def test_the_packet_has_every_part_a_regulator_asks_for() -> None:
    document, course = real_packet()
    for section in SECTIONS:
        assert f"<h2>{section}</h2>" in document, section
    assert "coursebook.pdf, 123 pages" in document
    for loaded in course.modules:
        for objective in loaded.module.objectives:
            assert objective.statement.split()[0] in document
    for question in evaluation_questions(course):
        assert question.text.split(" (")[0] in document or question.text in document


def test_the_agenda_adds_up_to_the_total_and_the_credit_is_the_time_models() -> None:
    document, course = real_packet()
    time = course_time(course)
    agenda = document.split("<h2>Timed agenda</h2>", 1)[1].split("<h2>", 1)[0]
    minutes = [int(value) for value in re.findall(r'<td class="number">(\d+)</td><td class="number">', agenda)]
    assert sum(minutes) == time.minutes
    assert f"Total: {time.minutes} minutes" in document
    for length in (50, 60):
        assert f"{time.credit(length):.1f} credit hours of {length} minutes" in document
        assert f"{time.credit(length, 'ethics'):.1f} ethics" in document


def test_the_code_key_lists_every_code_the_lessons_show() -> None:
    document, course = real_packet()
    time = course_time(course)
    for loaded in course.modules:
        for code in module_codes(course.settings.release, loaded.id, time.module(loaded.id).minutes):
            assert f"<code>{code.code}</code>" in document


def test_at_least_ten_jurisdictions_each_cite_the_page_read_and_when() -> None:
    jurisdictions, _ = load_jurisdictions(REPO)
    assert len(jurisdictions) >= 10
    document, _ = real_packet()
    for row in jurisdictions:
        assert row.address.startswith("https://") and row.read is not None
        assert row.jurisdiction in document


def test_a_bad_jurisdiction_row_is_reported_at_its_line_and_no_packet_is_written(course: Path, tmp_path: Path) -> None:
    (course / "docs").mkdir()
    (course / "docs" / "orientation.md").write_text("# Orientation\n", encoding="utf-8")
    (course / JURISDICTIONS_FILE).parent.mkdir()
    (course / JURISDICTIONS_FILE).write_text(
        "- jurisdiction: Somewhere\n  minutes_per_credit_hour: fifty\n  ethics_category: Ethics\n", encoding="utf-8"
    )
    out = tmp_path / "packet"
    result = subprocess.run(
        [sys.executable, "-m", "clekit", "--root", str(course), "packet", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "accreditation/jurisdictions.yml:2:28: [0].minutes_per_credit_hour: must be a whole number" in result.stdout
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_the_packet_command_writes_one_pdf_and_refuses_the_repository_itself(course: Path, tmp_path: Path) -> None:
    (course / "docs").mkdir()
    (course / "docs" / "orientation.md").write_text("# Orientation\n", encoding="utf-8")
    (course / JURISDICTIONS_FILE).parent.mkdir()
    (course / JURISDICTIONS_FILE).write_text((REPO / JURISDICTIONS_FILE).read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "packet"
    command = [sys.executable, "-m", "clekit", "--root", str(course), "packet", "--out"]
    result = subprocess.run([*command, str(out)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert (out / "accreditation-packet.pdf").read_bytes().startswith(b"%PDF")
    refused = subprocess.run([*command, str(course)], capture_output=True, text=True, timeout=120)
    assert refused.returncode == 2
    assert (course / "course.yml").is_file()


def test_markup_in_a_jurisdiction_row_is_printed_as_text() -> None:
    course, _ = load_and_check(REPO)
    jurisdictions, _ = load_jurisdictions(REPO)
    hostile = jurisdictions[0].model_copy(update={"on_demand": "Counts <script>alert(1)</script> <img src=x>"})
    document = packet_html(course, [hostile], coursebook_pages=1)
    assert "<script>" not in document and "<img" not in document
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in document
