"""SCORM 1.2 and SCORM 2004 4th Edition packages: one per module and one for the whole course.

A package is a zip with `imsmanifest.xml` and the schema files it names at its root, one launch page per module
(`pages.py`), and the runtime script and stylesheet every page shares (`runtime.js`, `page.css`). The runtime
finds the LMS's API, reports each answer as an interaction, the score, completion and success against the
mastery score (`pass_mark` in course.yml), keeps progress in suspend data, and falls back to the browser's
storage when no LMS is there. Pure: a checked course in, files out.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from clekit.load import Course
from clekit.render import module_heading
from clekit.scorm.manifest import VERSIONS, Sco, Version, manifest_xml
from clekit.scorm.pages import ICON, RUNTIME, STYLESHEET, longest_suspend_data, render_sco_page
from clekit.time_model import course_time

HERE = Path(__file__).parent
# A fixed timestamp keeps the packages byte-for-byte reproducible from the same content.
ZIP_TIMESTAMP = (2020, 1, 1, 0, 0, 0)
COURSE_PACKAGE = "course"


def scorm_packages(course: Course) -> dict[str, bytes]:
    """Every SCORM package, keyed by its path under the export folder: `scorm-1.2/01-....zip`, `scorm-2004/...`."""
    settings = course.settings
    assert settings is not None, "packages are only built for a checked course"
    modules = [
        loaded
        for loaded in sorted(course.modules, key=lambda loaded: loaded.number)
        if course.bank_for(loaded.id) is not None
    ]
    files: dict[str, bytes] = {}
    for version in VERSIONS:
        for selection, name, title in [
            *(([loaded], loaded.folder, module_heading(loaded)) for loaded in modules),
            (modules, COURSE_PACKAGE, settings.title),
        ]:
            files[f"scorm-{version.name}/{name}.zip"] = _package(course, version, selection, name, title)
    return files


class ScormLimitError(ValueError):
    """A module has more to remember than its SCORM version lets a package keep between sessions."""


def package_identifier(course: Course, name: str, version: Version) -> str:
    """The manifest's identifier, also the key under which a learner's progress is kept without an LMS."""
    assert course.settings is not None
    release = re.sub(r"[^A-Za-z0-9.-]", "-", course.settings.release)
    return f"clekit-{release}-{name}-scorm{version.name}"


def _package(course: Course, version: Version, selection: list, name: str, title: str) -> bytes:
    assert course.settings is not None
    identifier = package_identifier(course, name, version)
    mastery = course.settings.pass_mark
    time = course_time(course)
    pages = []
    for loaded in selection:
        bank = course.bank_for(loaded.id)
        assert bank is not None
        pages.append(
            render_sco_page(course, loaded, bank, time, version=version.name, package_id=identifier, mastery=mastery)
        )
    for page in pages:
        longest = longest_suspend_data(page, identifier)
        if longest > version.suspend_data_limit:
            raise ScormLimitError(
                f"{page.module.folder}: a learner's answers could take {longest} characters of suspend data, more "
                f"than SCORM {version.name} keeps ({version.suspend_data_limit}): split the module's scenarios, "
                "or shorten their ids"
            )
    assets = {
        RUNTIME: (HERE / "runtime.js").read_bytes(),
        STYLESHEET: (HERE / "page.css").read_bytes(),
        ICON: (HERE / "icon.svg").read_bytes(),
    }
    manifest = manifest_xml(
        version, identifier, title, [Sco(page.module, page.path) for page in pages], sorted(assets), mastery
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        entries = {"imsmanifest.xml": manifest}
        entries.update({schema.name: schema.read_bytes() for schema in version.schema_files()})
        entries.update({page.path: page.html.encode("utf-8") for page in pages})
        entries.update(assets)
        for path, data in entries.items():
            entry = zipfile.ZipInfo(path, date_time=ZIP_TIMESTAMP)
            # Readable by all once unzipped (ZipInfo's default is the owner only): an LMS may serve the files as
            # another user than the one who unpacked them.
            entry.external_attr = 0o100644 << 16
            package.writestr(entry, data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
