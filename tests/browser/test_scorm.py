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
from .test_every_page import AXE

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


def lms_record(
    version: str, mastery: str, *, resume: dict | None = None, mode: str = "normal", status: str | None = None
) -> dict:
    """The CMI data an LMS loads before a launch: credit, mode and the mastery score from the manifest, and on a
    relaunch what it kept (the suspend data and place, or the status a finished attempt left)."""
    if version == "1.2":
        core: dict = {"credit": "credit", "lesson_mode": mode}
        record: dict = {"student_data": {"mastery_score": mastery}, "core": core}
        if resume:
            core.update(entry="resume", lesson_location=resume["location"])
            record["suspend_data"] = resume["suspend_data"]
        if status:
            core["lesson_status"] = status
        return record
    record = {"credit": "credit", "mode": mode, "scaled_passing_score": mastery}
    if resume:
        record.update(entry="resume", location=resume["location"], suspend_data=resume["suspend_data"])
    if status:
        record.update(completion_status="completed", success_status=status)
    return record


def launch(page, lms_url: str, lms_root: Path, version: str, name: str, record: dict, **options: str) -> None:
    """The test LMS page with `record` loaded and the package's first SCO launched (options: window, taken)."""
    page.add_init_script(f"window.__saved = {json.dumps(record)};")
    sco = launch_address(lms_root, version, name)
    query = "&".join([f"version={version}", f"sco={sco}", *(f"{option}=1" for option in options if options[option])])
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


def interactions(sets: list[tuple[str, str]]) -> dict[int, dict[str, str]]:
    found: dict[int, dict[str, str]] = {}
    for element, value in sets:
        match = re.fullmatch(r"cmi\.interactions\.(\d+)\.(.+)", element)
        if match:
            found.setdefault(int(match.group(1)), {})[match.group(2)] = value
    return found


def held(page) -> dict:
    """The learner's record as the runtime holds it: what the LMS would store, its own rules applied."""
    return page.evaluate("() => window.lms.cmi()")


def status_held(record: dict, version: str) -> tuple[str, ...]:
    if version == "2004":
        return record["completion_status"], record["success_status"]
    return (record["core"]["lesson_status"],)


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
    # The keyboard's place stays on the item: the result just read out has the focus.
    assert frame.locator(f"form#{questions[0].id} .result").evaluate("node => node === document.activeElement")
    answer(frame, questions[1], correct=False)
    # Every option's feedback shows, marked key or not, after a submit.
    shown = frame.locator(f"form#{questions[1].id} .feedback:visible")
    assert shown.count() == len(questions[1].options)
    leave(page, version)

    sets = sets_of(page)
    values = dict(sets)
    recorded = interactions(sets)
    assert sorted(recorded) == [0, 1]
    for index, (question, correct) in enumerate([(questions[0], True), (questions[1], False)]):
        interaction = recorded[index]
        assert interaction["id"] == question.id
        assert interaction["type"] == "choice"
        assert [interaction[f"objectives.{n}.id"] for n in range(len(question.objectives))] == question.objectives
        assert interaction["correct_responses.0.pattern"] == separator.join(key_of(question))
        response = interaction["learner_response" if version == "2004" else "student_response"]
        assert (response == separator.join(key_of(question))) == correct
        assert interaction["result"] == ("correct" if correct else ("incorrect" if version == "2004" else "wrong"))
    # No score before the last answer: an LMS would record a failure from a partial one.
    assert not [element for element, _ in sets if ".score." in element]
    suspend = json.loads(values["cmi.suspend_data"])
    assert set(suspend["answers"]) == {questions[0].id, questions[1].id}
    record = held(page)
    assert record["suspend_data"] == values["cmi.suspend_data"]
    assert [record["interactions"][str(index)]["id"] for index in (0, 1)] == [questions[0].id, questions[1].id]
    if version == "2004":
        assert status_held(record, version) == ("incomplete", "unknown")
        assert values["cmi.exit"] == "suspend"
        assert values["cmi.location"] == questions[2].id
        assert values["cmi.progress_measure"] == str(round(2 / len(questions), 4))
        assert re.fullmatch(r"PT\d+H\d+M\d+\.\d\dS", values["cmi.session_time"])
    else:
        assert status_held(record, version) == ("incomplete",)
        assert values["cmi.core.exit"] == "suspend"
        assert values["cmi.core.lesson_location"] == questions[2].id
        assert re.fullmatch(r"\d{4}:\d\d:\d\d\.\d\d", values["cmi.core.session_time"])
    calls = page.evaluate("() => window.lms.log.calls")
    assert calls.count(API_CALLS[version]["init"]) == 1 and calls.count(API_CALLS[version]["finish"]) == 1

    # Relaunch with what the LMS kept: the two answers are back, locked, and the learner goes on from the third.
    resume = {"suspend_data": values["cmi.suspend_data"], "location": questions[2].id}
    page.goto("about:blank")
    launch(page, lms_url, lms_root, version, folder, lms_record(version, mastery, resume=resume))
    frame = sco_frame(page)
    assert frame.locator(f"form#{questions[1].id} input").first.is_disabled()
    assert frame.locator(".scenarios .progress").inner_text().startswith(f"2 of {len(questions)} scenarios answered")
    assert frame.locator(f"form#{questions[2].id} input").first.evaluate("node => node === document.activeElement")
    for question in questions[2:]:
        answer(frame, question, correct=True)
    leave(page, version)

    sets = sets_of(page)
    values = dict(sets)
    right = len(questions) - 1
    record = held(page)
    if version == "2004":
        assert status_held(record, version) == ("completed", "passed")
        assert values["cmi.exit"] == "normal"
        assert (values["cmi.score.raw"], values["cmi.score.min"], values["cmi.score.max"]) == (
            str(right),
            "0",
            str(len(questions)),
        )
        assert float(values["cmi.score.scaled"]) == pytest.approx(right / len(questions), abs=1e-4)
    else:
        assert status_held(record, version) == ("passed",)
        assert values["cmi.core.exit"] == ""
        assert float(values["cmi.core.score.raw"]) == pytest.approx(100 * right / len(questions), abs=0.01)
        assert (values["cmi.core.score.min"], values["cmi.core.score.max"]) == ("0", "100")
    assert len(interactions(sets)) == len(questions) - 2
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
    record = held(page)
    assert status_held(record, version) == (("completed", "failed") if version == "2004" else ("failed",))
    if version == "2004":
        assert dict(sets_of(page))["cmi.score.scaled"] == "0"


@pytest.mark.parametrize("version", VERSIONS)
def test_review_mode_and_a_finished_module_report_nothing(page, lms_url, lms_root, first_module, version) -> None:
    folder, questions = first_module
    mastery = mastery_in_manifest(lms_root, version, folder)
    for record, recorded_as_passed in (
        (lms_record(version, mastery, mode="review"), False),
        (lms_record(version, mastery, status="passed"), True),
    ):
        page.goto("about:blank")
        launch(page, lms_url, lms_root, version, folder, record)
        frame = sco_frame(page)
        answer(frame, questions[0], correct=False)
        assert frame.locator(".lms-notice").is_visible()
        leave(page, version)
        assert sets_of(page) == []
        assert ("passed" in status_held(held(page), version)) == recorded_as_passed


@pytest.mark.parametrize(
    "suspend_data",
    [
        '{"answers": null}',
        '{"release": "RELEASE", "answers": {"QUESTION": "b"}}',
        '{"release": "an older release", "answers": {"QUESTION": ["b"]}}',
        "not json",
    ],
)
def test_suspend_data_the_page_cannot_use_is_set_aside_and_the_page_still_works(
    page, lms_url, lms_root, first_module, suspend_data
) -> None:
    folder, questions = first_module
    release = ET.parse(package_folder(lms_root, "2004", folder) / "imsmanifest.xml").getroot().get("identifier")
    saved = suspend_data.replace("RELEASE", release).replace("QUESTION", questions[0].id)
    record = lms_record("2004", "0.7", resume={"suspend_data": saved, "location": questions[0].id})
    launch(page, lms_url, lms_root, "2004", folder, record)
    frame = sco_frame(page)
    assert frame.locator(".scenarios .progress").inner_text().startswith(f"0 of {len(questions)}")
    answer(frame, questions[0], correct=True)
    assert interactions(sets_of(page))[0]["id"] == questions[0].id


def test_a_session_the_lms_refuses_is_announced_and_nothing_is_lost(page, lms_url, lms_root, first_module) -> None:
    folder, questions = first_module
    launch(page, lms_url, lms_root, "1.2", folder, lms_record("1.2", "70"), taken="1")
    frame = sco_frame(page)
    assert "did not start a session" in frame.locator(".lms-notice").inner_text()
    answer(frame, questions[0], correct=True)
    assert interactions(sets_of(page)) == {}


def test_the_api_is_found_through_the_opener_when_the_lms_opens_a_window(page, lms_url, lms_root, first_module) -> None:
    folder, questions = first_module
    with page.expect_popup() as opened:
        launch(page, lms_url, lms_root, "2004", folder, lms_record("2004", "0.7"), window="1")
    popup = opened.value
    item = popup.locator(f"form#{questions[0].id}")
    item.locator('input[value="a"]').check()
    item.locator('button[type="submit"]').click()
    page.wait_for_function("() => window.lms.log.sets.some(([element]) => element === 'cmi.interactions.0.id')")
    popup.close()
    wait_for_call(page, "Terminate")


@pytest.mark.parametrize("version", VERSIONS)
def test_each_module_of_the_whole_course_package_is_its_own_sco(page, lms_url, lms_root, version) -> None:
    manifest = ET.parse(package_folder(lms_root, version, "course") / "imsmanifest.xml").getroot()
    scos = [
        element.get("href") for element in manifest.iter() if element.tag.endswith("resource") and element.get("href")
    ]
    course, _ = load_course(REPO)
    modules = sorted((loaded for loaded in course.modules if course.bank_for(loaded.id)), key=lambda m: m.number)
    assert len(scos) == len(modules)
    mastery = mastery_in_manifest(lms_root, version, "course")
    for href, loaded in zip(scos, modules, strict=True):
        first = course.bank_for(loaded.id).questions[0]
        page.goto("about:blank")
        page.add_init_script(f"window.__saved = {json.dumps(lms_record(version, mastery))};")
        page.goto(f"{lms_url}lms.html?version={version}&sco=/packages/scorm-{version}/course/{href}")
        frame = sco_frame(page)
        answer(frame, first, correct=True)
        leave(page, version)
        assert interactions(sets_of(page))[0]["id"] == first.id


def test_the_page_has_no_serious_accessibility_finding(browser, lms_url, lms_root) -> None:
    # axe is injected as an inline script, which the page's own policy refuses: this context sets policies aside.
    context = browser.new_context(bypass_csp=True)
    try:
        page = context.new_page()
        found = {}
        for name in ("course",):
            folder = package_folder(lms_root, "2004", name)
            for launch_page in sorted(folder.glob("modules/*/index.html")):
                page.goto(f"{lms_url}{launch_page.relative_to(lms_root).as_posix()}")
                page.add_script_tag(path=str(AXE))
                violations = page.evaluate("async () => (await axe.run(document)).violations")
                serious = [v["id"] for v in violations if v["impact"] in {"serious", "critical"}]
                if serious:
                    found[launch_page.parent.name] = serious
        assert found == {}
    finally:
        context.close()


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
    assert page.locator(".lms-notice").is_hidden()
    assert requests.elsewhere() == []
