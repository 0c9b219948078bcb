"""Export to a learning-management system: a QTI 1.2 package per module (Canvas) and one Moodle XML file.

Pure: a loaded course in, files (path relative to the output folder, and bytes) out. mkdocs-quiz has a QTI
exporter, but neither of its formats writes per-option feedback, which is the point of this course's items;
so the XML is built here with ElementTree, in the dialect Canvas itself exports (QTI 1.2 with `itemfeedback` per
answer) and in Moodle's own XML format (feedback on every `answer`). Citations become linked citation text.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass

from clekit.citations import replace_markers
from clekit.load import Course, LoadedBank, LoadedModule
from clekit.markup import render_sanitized
from clekit.models import Authority, Question
from clekit.render import SELECT_ALL, module_heading, needs_select_all, scenario_heading

QTI_NAMESPACE = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CANVAS_NAMESPACE = "http://canvas.instructure.com/xsd/cccv1p0"
# The resource type Canvas gives its own quiz settings file in an export; its importer looks for this dependency.
CANVAS_META_TYPE = "associatedcontent/imscc_xmlv1p1/learning-application-resource"
MANIFEST_NAMESPACE = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
MOODLE_FILE = "moodle/questions.xml"
# A fixed timestamp keeps the packages byte-for-byte reproducible from the same content.
ZIP_TIMESTAMP = (2020, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class HtmlOption:
    identifier: str
    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class HtmlQuestion:
    """A question with every text field turned into HTML, citations linked: what both formats carry."""

    identifier: str
    # "Scenario 3: Topic", and with the item's id for an LMS's question bank.
    heading: str
    title: str
    body: str
    multiple: bool
    options: tuple[HtmlOption, ...]
    explanation: str
    module_id: str
    objectives: tuple[str, ...]


def export_course(course: Course) -> dict[str, bytes]:
    """Every export file of the course, keyed by its path under the output folder."""
    files: dict[str, bytes] = {}
    modules = []
    for loaded in sorted(course.modules, key=lambda loaded: loaded.number):
        bank = course.bank_for(loaded.id)
        if bank is None:
            continue
        questions = html_questions(bank, course.registry, loaded.id)
        modules.append((loaded, questions))
        files[f"qti/{loaded.folder}.zip"] = qti_package(loaded, questions)
    files[MOODLE_FILE] = moodle_xml(modules)
    return files


def html_questions(bank: LoadedBank, registry: dict[str, Authority], module_id: str) -> list[HtmlQuestion]:
    return [
        html_question(question, number, registry, module_id) for number, question in enumerate(bank.questions, start=1)
    ]


def html_question(question: Question, number: int, registry: dict[str, Authority], module_id: str) -> HtmlQuestion:
    def html(text: str) -> str:
        # The site's Markdown and its sanitizer: an LMS shows this HTML as it is.
        return render_sanitized(replace_markers(text.strip(), registry)).strip()

    body = [html(question.scenario), f"<p><strong>{_inline(html(question.stem))}</strong></p>"]
    # Canvas imports answer identifiers only as numbers (it replaces others with random ones): the item's number
    # and the option's position make them unique in the quiz and the same on every export.
    options = tuple(
        HtmlOption(str(number * 100 + position), _inline(html(option.text)), option.correct, html(option.feedback))
        for position, option in enumerate(question.options, start=1)
    )
    heading = scenario_heading(question, number)
    title = f"{heading} ({question.id})"
    return HtmlQuestion(
        question.id,
        heading,
        title,
        "\n".join(body),
        question.multiple,
        options,
        html(question.explanation),
        module_id,
        tuple(question.objectives),
    )


def qti_package(loaded: LoadedModule, questions: list[HtmlQuestion]) -> bytes:
    # IMS identifiers are XML names, which may not start with a digit as module folders do.
    identifier = f"clekit-{loaded.folder}"
    assessment_path = f"{identifier}/{identifier}.xml"
    meta_path = f"{identifier}/assessment_meta.xml"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, tree in (
            ("imsmanifest.xml", qti_manifest(identifier, assessment_path, meta_path)),
            (assessment_path, qti_assessment(identifier, module_heading(loaded), questions)),
            (meta_path, canvas_quiz_settings(identifier, loaded, questions)),
        ):
            package.writestr(zipfile.ZipInfo(name, ZIP_TIMESTAMP), _xml_bytes(tree), zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def qti_manifest(identifier: str, assessment_path: str, meta_path: str) -> ET.Element:
    manifest = ET.Element("manifest", {"identifier": f"{identifier}-manifest", "xmlns": MANIFEST_NAMESPACE})
    metadata = ET.SubElement(manifest, "metadata")
    ET.SubElement(metadata, "schema").text = "IMS Content"
    ET.SubElement(metadata, "schemaversion").text = "1.1.3"
    ET.SubElement(manifest, "organizations")
    resources = ET.SubElement(manifest, "resources")
    resource = ET.SubElement(
        resources, "resource", {"identifier": identifier, "type": "imsqti_xmlv1p2", "href": assessment_path}
    )
    ET.SubElement(resource, "file", {"href": assessment_path})
    ET.SubElement(resource, "dependency", {"identifierref": f"{identifier}-settings"})
    settings = ET.SubElement(
        resources, "resource", {"identifier": f"{identifier}-settings", "type": CANVAS_META_TYPE, "href": meta_path}
    )
    ET.SubElement(settings, "file", {"href": meta_path})
    return manifest


def canvas_quiz_settings(identifier: str, loaded: LoadedModule, questions: list[HtmlQuestion]) -> ET.Element:
    """Canvas's own quiz settings file: without it a quiz arrives as an ungraded practice quiz with defaults.

    A graded quiz (an "assignment"), one point an item, options in the authored order (feedback refers to them),
    unlimited attempts with the highest score kept, and the module's summary as its description.
    """
    quiz = ET.Element("quiz", {"identifier": f"{identifier}-settings", "xmlns": CANVAS_NAMESPACE})
    for name, value in (
        ("title", module_heading(loaded)),
        ("description", render_sanitized(loaded.module.summary)),
        ("shuffle_answers", "false"),
        ("scoring_policy", "keep_highest"),
        ("quiz_type", "assignment"),
        ("points_possible", f"{len(questions)}.0"),
        ("show_correct_answers", "true"),
        ("allowed_attempts", "-1"),
        ("one_question_at_a_time", "false"),
        ("cant_go_back", "false"),
        ("available", "true"),
    ):
        ET.SubElement(quiz, name).text = value
    return quiz


def qti_assessment(identifier: str, title: str, questions: list[HtmlQuestion]) -> ET.Element:
    root = ET.Element("questestinterop", {"xmlns": QTI_NAMESPACE})
    assessment = ET.SubElement(root, "assessment", {"ident": identifier, "title": title})
    section = ET.SubElement(assessment, "section", {"ident": "root_section"})
    for question in questions:
        section.append(qti_item(question))
    return root


def qti_item(question: HtmlQuestion) -> ET.Element:
    item = ET.Element("item", {"ident": question.identifier, "title": question.title})
    metadata = ET.SubElement(ET.SubElement(item, "itemmetadata"), "qtimetadata")
    kind = "multiple_answers_question" if question.multiple else "multiple_choice_question"
    for label, entry in (
        ("question_type", kind),
        ("points_possible", "1"),
        ("original_answer_ids", ",".join(option.identifier for option in question.options)),
        # The learning objectives the item assesses, for a provider mapping items to outcomes.
        ("assessed_objectives", ",".join(question.objectives)),
    ):
        field = ET.SubElement(metadata, "qtimetadatafield")
        ET.SubElement(field, "fieldlabel").text = label
        ET.SubElement(field, "fieldentry").text = entry

    presentation = ET.SubElement(item, "presentation")
    # Canvas shows check boxes without saying so; Moodle writes its own "Select one or more" (no second one there).
    instruction = (
        f"\n<p><em>{SELECT_ALL}</em></p>" if needs_select_all(question.body, multiple=question.multiple) else ""
    )
    _qti_material(presentation, question.body + instruction)
    cardinality = "Multiple" if question.multiple else "Single"
    response = ET.SubElement(presentation, "response_lid", {"ident": "response1", "rcardinality": cardinality})
    choices = ET.SubElement(response, "render_choice")
    for option in question.options:
        _qti_material(ET.SubElement(choices, "response_label", {"ident": option.identifier}), option.text)

    processing = ET.SubElement(item, "resprocessing")
    outcomes = ET.SubElement(processing, "outcomes")
    ET.SubElement(outcomes, "decvar", {"maxvalue": "100", "minvalue": "0", "varname": "SCORE", "vartype": "Decimal"})
    _qti_feedback_condition(processing, "general_fb", None)
    for option in question.options:
        _qti_feedback_condition(processing, f"{option.identifier}_fb", option.identifier)
    # Scoring comes last, after every feedback condition has had its turn (continue="No" stops processing).
    scoring = ET.SubElement(processing, "respcondition", {"continue": "No"})
    condition = ET.SubElement(scoring, "conditionvar")
    if question.multiple:
        # Select-all-that-apply scores only the exact keyed set, as the course's own quizzes do.
        both = ET.SubElement(condition, "and")
        for option in question.options:
            parent = both if option.correct else ET.SubElement(both, "not")
            ET.SubElement(parent, "varequal", {"respident": "response1"}).text = option.identifier
    else:
        key = next(option for option in question.options if option.correct)
        ET.SubElement(condition, "varequal", {"respident": "response1"}).text = key.identifier
    ET.SubElement(scoring, "setvar", {"action": "Set", "varname": "SCORE"}).text = "100"

    _qti_item_feedback(item, "general_fb", question.explanation)
    for option in question.options:
        _qti_item_feedback(item, f"{option.identifier}_fb", option.feedback)
    return item


def moodle_xml(modules: list[tuple[LoadedModule, list[HtmlQuestion]]]) -> bytes:
    quiz = ET.Element("quiz")
    for loaded, questions in modules:
        category = ET.SubElement(quiz, "question", {"type": "category"})
        # Moodle reads "/" as a step down the category tree; a "/" in a name is written "//".
        name = module_heading(loaded).replace("/", "//")
        _moodle_text(category, "category", f"$course$/top/{name}", html=False)
        for question in questions:
            quiz.append(moodle_question(question))
    return _xml_bytes(quiz)


def moodle_question(question: HtmlQuestion) -> ET.Element:
    element = ET.Element("question", {"type": "multichoice"})
    _moodle_text(element, "name", question.title, html=False)
    _moodle_text(element, "questiontext", question.body)
    _moodle_text(element, "generalfeedback", question.explanation)
    for name, value in (
        ("defaultgrade", "1"),
        ("penalty", "0.3333333"),
        ("hidden", "0"),
        ("idnumber", question.identifier),
        ("single", "false" if question.multiple else "true"),
        ("shuffleanswers", "false"),
        ("answernumbering", "abc"),
    ):
        ET.SubElement(element, name).text = value
    keyed = sum(option.correct for option in question.options)
    # Moodle accepts only its own list of grade fractions; 100/k for k up to 10 is on it, to 5 decimals.
    share = _moodle_fraction(100 / keyed)
    # A wrong pick in select-all costs what a right one earns, so ticking every box does not score.
    right, wrong = (share, f"-{share}") if question.multiple else ("100", "0")
    for option in question.options:
        fraction = right if option.correct else wrong
        answer = ET.SubElement(element, "answer", {"fraction": fraction, "format": "html"})
        ET.SubElement(answer, "text").text = option.text
        _moodle_text(answer, "feedback", option.feedback)
    # Tags keep the module and the objectives each item assesses, which Moodle can filter and report by.
    tags = ET.SubElement(element, "tags")
    for tag in (question.module_id, *question.objectives):
        ET.SubElement(ET.SubElement(tags, "tag"), "text").text = tag
    return element


def _qti_material(parent: ET.Element, html: str) -> None:
    material = ET.SubElement(parent, "material")
    ET.SubElement(material, "mattext", {"texttype": "text/html"}).text = html


def _qti_feedback_condition(processing: ET.Element, feedback_id: str, option_id: str | None) -> None:
    condition = ET.SubElement(processing, "respcondition", {"continue": "Yes"})
    variable = ET.SubElement(condition, "conditionvar")
    if option_id is None:
        ET.SubElement(variable, "other")
    else:
        ET.SubElement(variable, "varequal", {"respident": "response1"}).text = option_id
    ET.SubElement(condition, "displayfeedback", {"feedbacktype": "Response", "linkrefid": feedback_id})


def _qti_item_feedback(item: ET.Element, identifier: str, html: str) -> None:
    feedback = ET.SubElement(item, "itemfeedback", {"ident": identifier})
    _qti_material(ET.SubElement(feedback, "flow_mat"), html)


def _moodle_text(parent: ET.Element, name: str, text: str, *, html: bool = True) -> None:
    element = ET.SubElement(parent, name, {"format": "html"} if html else {})
    ET.SubElement(element, "text").text = text


def _moodle_fraction(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")


def _inline(html: str) -> str:
    """One paragraph's content without its <p>: option labels and the bold stem are inline."""
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        return html[3:-4]
    return html


def _xml_bytes(root: ET.Element) -> bytes:
    tree = ET.ElementTree(root)
    ET.indent(tree)
    buffer = io.BytesIO()
    tree.write(buffer, encoding="utf-8", xml_declaration=True)
    return buffer.getvalue() + b"\n"
