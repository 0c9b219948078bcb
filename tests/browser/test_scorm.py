"""The SCORM packages in a real SCORM runtime: scorm-again (npm) hosted the way an LMS hosts content.

A test LMS page (scorm_lms.html) puts scorm-again's API on its window and the package's launch page in an iframe;
Chromium plays the learner. Each test asserts what the API received: the calls, status, score, interactions and
suspend data, for SCORM 1.2 and SCORM 2004, and that no request left the local server.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from clekit.load import load_course
from clekit.scorm import scorm_packages
from clekit.scorm.pages import option_identifier

from .npm_packages import install_npm_package

REPO = Path(__file__).resolve().parents[2]
SCORM_AGAIN_VERSION = "3.4.3"
HARNESS = Path(__file__).with_name("scorm_lms.html")
VERSIONS = ("1.2", "2004")
API_CALLS = {
    "1.2": {"init": "LMSInitialize", "commit": "LMSCommit", "finish": "LMSFinish"},
    "2004": {"init": "Initialize", "commit": "Commit", "finish": "Terminate"},
}


@pytest.fixture(scope="module")
def lms_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder served on localhost: the test LMS page, scorm-again's scripts, and every package unzipped."""
    root = tmp_path_factory.mktemp("lms")
    scorm_again = install_npm_package("scorm-again", SCORM_AGAIN_VERSION) / "dist"
    (root / "scorm-again").mkdir()
    for script in ("scorm12.js", "scorm2004.js"):
        shutil.copy(scorm_again / script, root / "scorm-again" / script)
    shutil.copy(HARNESS, root / "lms.html")
    course, _ = load_course(REPO)
    for name, data in scorm_packages(course).items():
        target = root / "packages" / name.removesuffix(".zip")
        target.mkdir(parents=True)
        (target / "package.zip").write_bytes(data)
        with zipfile.ZipFile(target / "package.zip") as package:
            package.extractall(target)
    return root


@pytest.fixture(scope="module")
def lms_url(lms_root: Path) -> Iterator[str]:
    from .siteserver import serving

    with serving(lms_root) as address:
        yield address


@pytest.fixture(scope="module")
def first_module() -> tuple[str, list]:
    course, _ = load_course(REPO)
    loaded = min(course.modules, key=lambda loaded: loaded.number)
    return loaded.folder, list(course.bank_for(loaded.id).questions)


def package_folder(lms_root: Path, version: str, name: str) -> Path:
    return lms_root / "packages" / f"scorm-{version}" / name


def launch_address(lms_root: Path, version: str, name: str) -> str:
    """The launch page of the package's first SCO, read from its manifest as an LMS reads it."""
    manifest = ET.parse(package_folder(lms_root, version, name) / "imsmanifest.xml").getroot()
    resource = next(element for element in manifest.iter() if element.tag.endswith("resource") and element.get("href"))
    return f"/packages/scorm-{version}/{name}/{resource.get('href')}"


def mastery_in_manifest(lms_root: Path, version: str, name: str) -> str:
    """What an LMS takes from the manifest into the learner's record: 1.2's masteryscore, 2004's minimum measure."""
    manifest = ET.parse(package_folder(lms_root, version, name) / "imsmanifest.xml").getroot()
    wanted = "masteryscore" if version == "1.2" else "minNormalizedMeasure"
    return next(element.text for element in manifest.iter() if element.tag.endswith(wanted))


def lms_record(version: str, mastery: str, resume: dict | None = None) -> dict:
    """The CMI data an LMS loads before a launch: the mastery score, and on a relaunch what it kept."""
    if version == "1.2":
        record: dict = {"student_data": {"mastery_score": mastery}}
        if resume:
            record["core"] = {"entry": "resume", "lesson_location": resume["location"]}
            record["suspend_data"] = resume["suspend_data"]
        return record
    record = {"scaled_passing_score": mastery}
    if resume:
        record.update(entry="resume", location=resume["location"], suspend_data=resume["suspend_data"])
    return record


def launch(page, lms_url: str, lms_root: Path, version: str, name: str, record: dict, *, window: bool = False):
    page.add_init_script(f"window.__saved = {json.dumps(record)};")
    sco = launch_address(lms_root, version, name)
    query = f"version={version}&sco={sco}" + ("&window=1" if window else "")
    page.goto(f"{lms_url}lms.html?{query}")
    wait_for_call(page, API_CALLS[version]["init"])


def wait_for_call(page, name: str) -> None:
    page.wait_for_function("name => window.lms && window.lms.log.calls.includes(name)", arg=name, timeout=10_000)


def sco_frame(page):
    page.wait_for_selector("iframe")
    frame = page.frame_locator("iframe")
    frame.locator("form.item").first.wait_for()
    return frame


def answer(frame, question, *, correct: bool) -> None:
    item = frame.locator(f"form#{question.id}")
    chosen = [
        option_identifier(position) for position, option in enumerate(question.options) if option.correct == correct
    ]
    for letter in chosen if question.multiple or correct else chosen[:1]:
        item.locator(f'input[value="{letter}"]').check()
    item.locator('button[type="submit"]').click()
    item.locator(".explanation").wait_for(state="visible")


def key_of(question) -> list[str]:
    return [option_identifier(position) for position, option in enumerate(question.options) if option.correct]


def sets_of(page) -> list[tuple[str, str]]:
    return [tuple(pair) for pair in page.evaluate("() => window.lms.log.sets")]


def last_values(sets: list[tuple[str, str]]) -> dict[str, str]:
    return dict(sets)


def interactions(sets: list[tuple[str, str]]) -> dict[int, dict[str, str]]:
    found: dict[int, dict[str, str]] = {}
    for element, value in sets:
        match = re.fullmatch(r"cmi\.interactions\.(\d+)\.(.+)", element)
        if match:
            found.setdefault(int(match.group(1)), {})[match.group(2)] = value
    return found


def leave(page, version: str) -> None:
    page.evaluate("() => window.lms.leave()")
    wait_for_call(page, API_CALLS[version]["finish"])


@pytest.mark.parametrize("version", VERSIONS)
def test_a_learner_answers_leaves_resumes_and_finishes_and_the_lms_receives_every_step(
    page, requests, lms_url, lms_root, first_module, version
) -> None:
    folder, questions = first_module
    mastery = mastery_in_manifest(lms_root, version, folder)
    launch(page, lms_url, lms_root, version, folder, lms_record(version, mastery))
    frame = sco_frame(page)
    separator = "[,]" if version == "2004" else ","

    # An empty submit changes nothing: no interaction, and the learner is told to choose.
    frame.locator(f"form#{questions[0].id} button[type=submit]").click()
    assert "Choose an option" in frame.locator(f"form#{questions[0].id} .result").inner_text()
    assert interactions(sets_of(page)) == {}

    answer(frame, questions[0], correct=True)
    answer(frame, questions[1], correct=False)
    # Every option's feedback shows, marked key or not, after a submit.
    shown = frame.locator(f"form#{questions[1].id} .feedback:visible")
    assert shown.count() == len(questions[1].options)
    leave(page, version)

    sets = sets_of(page)
    values = last_values(sets)
    recorded = interactions(sets)
    assert sorted(recorded) == [0, 1]
    for index, (question, correct) in enumerate([(questions[0], True), (questions[1], False)]):
        interaction = recorded[index]
        assert interaction["id"] == question.id
        assert interaction["type"] == "choice"
        assert interaction["objectives.0.id"] == question.objectives[0]
        assert interaction["correct_responses.0.pattern"] == separator.join(key_of(question))
        response = interaction["learner_response" if version == "2004" else "student_response"]
        assert (response == separator.join(key_of(question))) == correct
        assert interaction["result"] == ("correct" if correct else ("incorrect" if version == "2004" else "wrong"))
    suspend = json.loads(values["cmi.suspend_data"])
    assert set(suspend["answers"]) == {questions[0].id, questions[1].id}
    if version == "2004":
        assert values["cmi.completion_status"] == "incomplete"
        assert values["cmi.success_status"] == "unknown"
        assert values["cmi.exit"] == "suspend"
        assert values["cmi.location"] == questions[2].id
        assert re.fullmatch(r"PT\d+H\d+M\d+\.\d\dS", values["cmi.session_time"])
    else:
        assert values["cmi.core.lesson_status"] == "incomplete"
        assert values["cmi.core.exit"] == "suspend"
        assert values["cmi.core.lesson_location"] == questions[2].id
        assert re.fullmatch(r"\d{4}:\d\d:\d\d\.\d\d", values["cmi.core.session_time"])
    calls = page.evaluate("() => window.lms.log.calls")
    assert calls.count(API_CALLS[version]["init"]) == 1 and calls.count(API_CALLS[version]["finish"]) == 1
    # The runtime validated and kept every value: what it holds is what the SCO sent.
    stored = page.evaluate("() => window.lms.cmi()")
    assert stored["suspend_data"] == values["cmi.suspend_data"]
    assert [stored["interactions"][str(index)]["id"] for index in (0, 1)] == [questions[0].id, questions[1].id]
    assert (stored["completion_status"] if version == "2004" else stored["core"]["lesson_status"]) == "incomplete"

    # Relaunch with what the LMS kept: the two answers are back, locked, and the learner goes on from the third.
    resume = {"suspend_data": values["cmi.suspend_data"], "location": questions[2].id}
    page.goto("about:blank")
    launch(page, lms_url, lms_root, version, folder, lms_record(version, mastery, resume))
    frame = sco_frame(page)
    assert frame.locator(f"form#{questions[1].id} input").first.is_disabled()
    assert frame.locator(".scenarios .progress").inner_text().startswith(f"2 of {len(questions)} scenarios answered")
    for question in questions[2:]:
        answer(frame, question, correct=True)
    leave(page, version)

    sets = sets_of(page)
    values = last_values(sets)
    right = len(questions) - 1
    if version == "2004":
        assert values["cmi.completion_status"] == "completed"
        assert values["cmi.success_status"] == "passed"
        assert values["cmi.exit"] == "normal"
        assert (values["cmi.score.raw"], values["cmi.score.min"], values["cmi.score.max"]) == (
            str(right),
            "0",
            str(len(questions)),
        )
        assert float(values["cmi.score.scaled"]) == pytest.approx(right / len(questions), abs=1e-4)
    else:
        assert values["cmi.core.lesson_status"] == "passed"
        assert values["cmi.core.exit"] == ""
        assert values["cmi.core.score.raw"] == str(round(100 * right / len(questions)))
        assert (values["cmi.core.score.min"], values["cmi.core.score.max"]) == ("0", "100")
    assert len(interactions(sets)) == len(questions) - 2
    stored = page.evaluate("() => window.lms.cmi()")
    assert (stored["success_status"] if version == "2004" else stored["core"]["lesson_status"]) == "passed"
    assert page.evaluate("() => window.lms.lastError()") == "0"
    assert requests.elsewhere() == []


@pytest.mark.parametrize("version", VERSIONS)
def test_a_learner_below_the_mastery_score_fails(page, lms_url, lms_root, first_module, version) -> None:
    folder, questions = first_module
    launch(
        page, lms_url, lms_root, version, folder, lms_record(version, mastery_in_manifest(lms_root, version, folder))
    )
    frame = sco_frame(page)
    for question in questions:
        answer(frame, question, correct=False)
    leave(page, version)
    values = last_values(sets_of(page))
    if version == "2004":
        assert (values["cmi.completion_status"], values["cmi.success_status"]) == ("completed", "failed")
        assert values["cmi.score.scaled"] == "0"
    else:
        assert values["cmi.core.lesson_status"] == "failed"


def test_the_api_is_found_through_the_opener_when_the_lms_opens_a_window(page, lms_url, lms_root, first_module) -> None:
    folder, questions = first_module
    with page.expect_popup() as opened:
        launch(page, lms_url, lms_root, "2004", folder, lms_record("2004", "0.7"), window=True)
    popup = opened.value
    item = popup.locator(f"form#{questions[0].id}")
    item.locator('input[value="a"]').check()
    item.locator('button[type="submit"]').click()
    page.wait_for_function("() => window.lms.log.sets.some(([element]) => element === 'cmi.interactions.0.id')")
    popup.close()
    wait_for_call(page, "Terminate")


def test_the_whole_course_package_launches_each_module_as_its_own_sco(page, lms_url, lms_root) -> None:
    manifest = ET.parse(package_folder(lms_root, "2004", "course") / "imsmanifest.xml").getroot()
    scos = [
        element.get("href") for element in manifest.iter() if element.tag.endswith("resource") and element.get("href")
    ]
    course, _ = load_course(REPO)
    assert len(scos) == len([loaded for loaded in course.modules if course.bank_for(loaded.id)])
    for href in scos:
        page.goto(f"{lms_url}packages/scorm-2004/course/{href}")
        page.locator("form.item").first.wait_for()
        assert page.locator("h1").count() == 1


def test_without_an_lms_the_package_keeps_progress_in_the_browser(
    page, requests, lms_url, lms_root, first_module
) -> None:
    folder, questions = first_module
    page.goto(lms_url + launch_address(lms_root, "1.2", folder).lstrip("/"))
    item = page.locator(f"form#{questions[0].id}")
    item.locator('input[value="a"]').check()
    item.locator('button[type="submit"]').click()
    page.reload()
    assert page.locator(f"form#{questions[0].id} input").first.is_disabled()
    assert page.locator(".scenarios .progress").inner_text().startswith(f"1 of {len(questions)} scenarios answered")
    assert requests.elsewhere() == []
