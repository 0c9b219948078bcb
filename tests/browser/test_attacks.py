"""The attack corpus's harmless cases, built into the real course and read in Chromium.

`check` accepts these cases: each is text that must reach the reader as text. In the built site no script runs, no
request leaves localhost, no link has a script address, no element carries an event handler, and the course book
has no attachment. The cases `check` rejects in lessons are also built, past the check, into pages that only the
build's sanitizer guards, and read the same way.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from attacks import inject, load_attacks
from clekit.load import load_course
from clekit.markup import EXTENSIONS
from clekit.scorm import scorm_packages

from .conftest import REPO, build_site
from .siteserver import serving, start_server
from .test_every_page import site_pages

HARMLESS = [attack for attack in load_attacks() if attack.expect == "harmless"]
LESSON_CASES = [
    attack for attack in load_attacks() if attack.expect == "rejected" and attack.where in {"lesson", "docs.page"}
]
COURSE_FILES = [
    *("mkdocs.yml", "course.yml", "glossary.yml", "authorities.yml"),
    *("docs", "overrides", "modules", "quizzes"),
]
# Every event-handler attribute and every script address in the page, as "TAG attribute=value".
FIND_SCRIPTED = """() => [...document.querySelectorAll('*')].flatMap(element =>
    [...element.attributes].filter(attribute => attribute.name.toLowerCase().startsWith('on')
        || /^\\s*(javascript|vbscript|data):/i.test(attribute.value)
            && ['href', 'src', 'action', 'formaction', 'srcdoc'].includes(attribute.name.toLowerCase()))
        .map(attribute => `${element.tagName} ${attribute.name}=${attribute.value}`))"""
# mkdocs-quiz's own form markup (not authored, the same on every quiz): it keeps the form from submitting.
QUIZ_PLUGIN_MARKUP = {"FORM onsubmit=return false;", "FORM action=javascript:void(0);"}


@pytest.fixture(scope="module")
def attack_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    course = tmp_path_factory.mktemp("attack-course")
    for name in COURSE_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, course / name)
        else:
            shutil.copyfile(source, course / name)
    for attack in HARMLESS:
        inject(course, attack, tmp_path_factory.mktemp("outside"))
    return build_site(course, course / "site")


@pytest.fixture(scope="module")
def attack_url(attack_site: Path) -> Iterator[str]:
    server, address = start_server(attack_site)
    yield address
    server.shutdown()


def test_the_harmless_cases_reach_the_reader_as_text_and_run_nothing(page, attack_site, attack_url, requests) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    scripted = {}
    for address in site_pages(attack_site):
        page.goto(attack_url + address.lstrip("/"), wait_until="networkidle")
        scripted[address] = set(page.evaluate(FIND_SCRIPTED)) - QUIZ_PLUGIN_MARKUP
        assert page.evaluate("() => window.__cle_attack") is None, f"a script ran on {address}"
    assert dialogs == []
    assert requests.elsewhere() == []
    assert {address: found for address, found in scripted.items() if found} == {}


def test_the_build_alone_makes_every_hostile_lesson_inert(page, requests, tmp_path) -> None:
    """Defense in depth: each rejected lesson case, built past the check into a page guarded only by the build's
    sanitizer (the Markdown extension the plugin adds), runs nothing and fetches nothing off-site."""
    project = tmp_path / "unchecked"
    (project / "docs").mkdir(parents=True)
    for attack in LESSON_CASES:
        (project / "docs" / f"{attack.id}.md").write_text(f"# {attack.id}\n\n{attack.payload}\n", encoding="utf-8")
    extensions = "\n".join(f"  - {name}" for name in [*EXTENSIONS, "clekit.markup"])
    (project / "mkdocs.yml").write_text(
        f"site_name: Unchecked\ntheme:\n  name: material\n  font: false\nmarkdown_extensions:\n{extensions}\n",
        encoding="utf-8",
    )
    # Not strict: hostile pages link to pages that do not exist, and that is not what this test is about.
    site = build_site(project, project / "site", strict=False)
    with serving(site) as address:
        scripted, dialogs = scripted_on(page, address, {attack.id: f"{attack.id}/" for attack in LESSON_CASES})
    assert dialogs == []
    assert requests.elsewhere() == []
    assert {case: found for case, found in scripted.items() if found} == {}


def test_the_hostile_text_is_shown_as_text(page, attack_site, attack_url) -> None:
    module = sorted(attack_site.glob("modules/*/index.html"))[0]
    page.goto(attack_url + module.parent.relative_to(attack_site).as_posix() + "/")
    body = page.inner_text("article")
    assert "<script>alert(1)</script>" in body  # the escaped, inline-code and fenced examples
    assert 'Knowledge & "Intent"' in page.inner_text("h1")


def test_the_course_book_has_no_attachment(attack_site) -> None:
    reader = PdfReader(attack_site / "coursebook.pdf")
    assert reader.attachments == {}
    assert "/EmbeddedFiles" not in str(reader.trailer["/Root"].get("/Names", {}))


def test_the_scorm_pages_of_the_harmless_cases_run_nothing_but_the_runtime(
    page, attack_site, requests, tmp_path
) -> None:
    """The same cases, exported: every SCO page of both whole-course packages shows them as text."""
    course, _ = load_course(attack_site.parent)
    packages = tmp_path / "packages"
    built = scorm_packages(course)
    for version in ("1.2", "2004"):
        with zipfile.ZipFile(io.BytesIO(built[f"scorm-{version}/course.zip"])) as package:
            package.extractall(packages / version)
    launch_pages = {
        f"{path.parts[-4]} {path.parent.name}": path.relative_to(packages).as_posix()
        for path in packages.glob("*/modules/*/index.html")
    }
    with serving(packages) as address:
        scripted, dialogs = scripted_on(page, address, launch_pages)
        page.goto(address + launch_pages[min(launch_pages)])
        assert 'Knowledge & "Intent"' in page.inner_text("h1")
    assert dialogs == []
    assert requests.elsewhere() == []
    assert {name: found for name, found in scripted.items() if found} == {}


def scripted_on(page, address: str, pages: dict[str, str]) -> tuple[dict[str, set[str]], list[str]]:
    """Each page's scripted attributes (see FIND_SCRIPTED), and every dialog a script opened; fails if an
    attack's script ran."""
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    scripted = {}
    for name, path in pages.items():
        page.goto(address + path, wait_until="networkidle")
        scripted[name] = set(page.evaluate(FIND_SCRIPTED))
        assert page.evaluate("() => window.__cle_attack") is None, f"a script ran on {path}"
    return scripted, dialogs
