"""LMS export: a well-formed QTI package per module and a Moodle XML file, every question with its feedback."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from clekit.check import load_and_check
from clekit.cli import main
from clekit.export import MOODLE_FILE, export_course
from clekit.load import Course
from conftest import REPO

QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
MANIFEST = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"


def loaded(root: Path) -> Course:
    course, problems = load_and_check(root)
    assert not [problem for problem in problems if problem.severity == "error"]
    return course


def qti_items(package: bytes) -> tuple[zipfile.ZipFile, list[ET.Element]]:
    archive = zipfile.ZipFile(io.BytesIO(package))
    manifest = ET.fromstring(archive.read("imsmanifest.xml"))
    referenced = [file.get("href") for file in manifest.iter(f"{MANIFEST}file")]
    assert sorted(referenced) == sorted(name for name in archive.namelist() if name != "imsmanifest.xml")
    items = [item for name in referenced for item in ET.fromstring(archive.read(name)).iter(f"{QTI}item")]
    return archive, items


def feedback_by_option(item: ET.Element) -> dict[str, str]:
    """Follow each option's respcondition to the itemfeedback it displays, as an LMS does."""
    texts = {
        feedback.get("ident"): feedback.findtext(f".//{QTI}mattext") for feedback in item.iter(f"{QTI}itemfeedback")
    }
    shown = {}
    for condition in item.iter(f"{QTI}respcondition"):
        option = condition.findtext(f"{QTI}conditionvar/{QTI}varequal")
        display = condition.find(f"{QTI}displayfeedback")
        if option and display is not None:
            shown[option] = texts[display.get("linkrefid")]
    return shown


def test_every_module_gets_a_qti_package_with_every_question_key_and_feedback(course: Path) -> None:
    model = loaded(course)
    files = export_course(model)
    for module in model.modules:
        bank = model.bank_for(module.id)
        _, items = qti_items(files[f"qti/{module.folder}.zip"])
        assert [item.get("ident") for item in items] == [question.id for question in bank.questions]
        for item, question in zip(items, bank.questions, strict=True):
            labels = [label.get("ident") for label in item.iter(f"{QTI}response_label")]
            assert len(labels) == len(question.options)
            [score] = [c for c in item.iter(f"{QTI}respcondition") if c.find(f"{QTI}setvar") is not None]
            # The key is every option the scoring condition requires; a `not` excludes the others.
            required = (f"{QTI}conditionvar/{QTI}varequal", f"{QTI}conditionvar/{QTI}and/{QTI}varequal")
            keyed = [value.text for path in required for value in score.findall(path)]
            assert keyed == [label for label, option in zip(labels, question.options, strict=True) if option.correct]
            feedback = feedback_by_option(item)
            assert list(feedback) == labels
            for label, option in zip(labels, question.options, strict=True):
                first_words = option.feedback.split("[@")[0].strip()
                assert first_words in feedback[label]


def test_the_moodle_file_has_every_question_with_its_key_and_per_option_feedback(course: Path) -> None:
    model = loaded(course)
    quiz = ET.fromstring(export_course(model)[MOODLE_FILE])
    questions = quiz.findall("question[@type='multichoice']")
    expected = [question for bank in model.banks for question in bank.questions]
    assert [question.findtext("idnumber") for question in questions] == [question.id for question in expected]
    for element, question in zip(questions, expected, strict=True):
        answers = element.findall("answer")
        assert len(answers) == len(question.options)
        assert [float(answer.get("fraction")) > 0 for answer in answers] == [o.correct for o in question.options]
        assert element.findtext("single") == ("false" if question.multiple else "true")
        for answer, option in zip(answers, question.options, strict=True):
            assert option.feedback.split("[@")[0].strip() in answer.findtext("feedback/text")


def test_citations_come_out_as_linked_citation_text_not_keys(course: Path) -> None:
    quiz = ET.fromstring(export_course(loaded(course))[MOODLE_FILE])
    feedback = quiz.find("question[@type='multichoice']/answer/feedback/text").text
    assert "[@" not in feedback
    assert (
        '<a href="https://www.law.cornell.edu/supremecourt/text/513/64"><em>United States v. X-Citement Video, '
        "Inc.</em>, 513 U.S. 64, 78 (1994)</a>" in feedback
    )


def test_select_all_that_apply_scores_only_the_exact_keyed_set(course: Path) -> None:
    _, items = qti_items(export_course(loaded(course))["qti/01-sample.zip"])
    multiple = next(item for item in items if item.get("ident") == "sm-02")
    assert multiple.find(f".//{QTI}response_lid").get("rcardinality") == "Multiple"
    score = next(c for c in multiple.iter(f"{QTI}respcondition") if c.find(f"{QTI}setvar") is not None)
    assert [v.text for v in score.findall(f"{QTI}conditionvar/{QTI}and/{QTI}not/{QTI}varequal")] == ["203"]


def test_canvas_gets_its_quiz_settings_and_numeric_answer_ids(course: Path) -> None:
    archive = zipfile.ZipFile(io.BytesIO(export_course(loaded(course))["qti/01-sample.zip"]))
    manifest = ET.fromstring(archive.read("imsmanifest.xml"))
    resources = {resource.get("identifier"): resource for resource in manifest.iter(f"{MANIFEST}resource")}
    quiz_resource = next(r for r in resources.values() if r.get("type") == "imsqti_xmlv1p2")
    settings = resources[quiz_resource.find(f"{MANIFEST}dependency").get("identifierref")]
    assert settings.get("type") == "associatedcontent/imscc_xmlv1p1/learning-application-resource"
    meta = ET.fromstring(archive.read(settings.get("href")))
    canvas = "{http://canvas.instructure.com/xsd/cccv1p0}"
    assert meta.findtext(f"{canvas}quiz_type") == "assignment"
    assert meta.findtext(f"{canvas}points_possible") == "3.0"
    assert meta.findtext(f"{canvas}shuffle_answers") == "false"
    assert meta.findtext(f"{canvas}allowed_attempts") == "-1"
    _, items = qti_items(export_course(loaded(course))["qti/01-sample.zip"])
    labels = [label.get("ident") for item in items for label in item.iter(f"{QTI}response_label")]
    assert all(label.isdecimal() for label in labels) and len(set(labels)) == len(labels)
    fields = {
        field.findtext(f"{QTI}fieldlabel"): field.findtext(f"{QTI}fieldentry")
        for field in items[0].iter(f"{QTI}qtimetadatafield")
    }
    assert fields["assessed_objectives"] == "sm-knowledge"


def test_moodle_gets_tags_escaped_categories_and_one_instruction(course: Path) -> None:
    module = course / "modules" / "01-sample" / "module.yml"
    module.write_text(
        module.read_text(encoding="utf-8").replace("title: ", "title: Receipt/possession ", 1), encoding="utf-8"
    )
    bank = course / "quizzes" / "01-sample.yml"
    bank.write_text(bank.read_text(encoding="utf-8").replace(" Select all that apply.", ""), encoding="utf-8")
    quiz = ET.fromstring(export_course(loaded(course))[MOODLE_FILE])
    category = quiz.find("question[@type='category']/category/text").text
    assert "Receipt//possession" in category and category.count("/") - 2 * category.count("//") == 2
    first = quiz.find("question[@type='multichoice']")
    assert [tag.text for tag in first.findall("tags/tag/text")] == ["sample", "sm-knowledge"]
    # Moodle writes its own "Select one or more" under a multiple-answer question; Canvas writes nothing.
    multiple = quiz.find("question[idnumber='sm-02']")
    assert "Select all that apply" not in multiple.findtext("questiontext/text")
    _, items = qti_items(export_course(loaded(course))["qti/01-sample.zip"])
    canvas = next(item for item in items if item.get("ident") == "sm-02")
    assert canvas.find(f".//{QTI}presentation/{QTI}material/{QTI}mattext").text.count("Select all that apply") == 1


def test_the_export_is_byte_for_byte_reproducible(course: Path) -> None:
    assert export_course(loaded(course)) == export_course(loaded(course))


def test_the_real_course_exports_every_question(tmp_path: Path) -> None:
    model = loaded(REPO)
    assert main(["--root", str(REPO), "export", "--out", str(tmp_path)]) == 0
    for module in model.modules:
        _, items = qti_items((tmp_path / "qti" / f"{module.folder}.zip").read_bytes())
        assert len(items) == len(model.bank_for(module.id).questions)
    quiz = ET.parse(tmp_path / MOODLE_FILE).getroot()
    assert len(quiz.findall("question[@type='multichoice']")) == sum(len(bank.questions) for bank in model.banks)


def test_a_broken_course_exports_nothing(course: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (course / "authorities.yml").write_text("not: [valid\n", encoding="utf-8")
    assert main(["--root", str(course), "export", "--out", str(tmp_path / "dist")]) == 1
    assert not (tmp_path / "dist").exists()
    assert "nothing was exported" in capsys.readouterr().err
