"""The SCORM packages as files: manifests valid against the schemas they ship, every file they name present, pages
that load nothing from outside the package, and the mastery score from course.yml. tests/browser/test_scorm.py
runs them in a real SCORM runtime."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from lxml import etree

from clekit.cli import main
from clekit.load import Course, load_course
from clekit.scorm import scorm_packages
from clekit.scorm.manifest import SCHEMAS, VERSIONS

REPO = Path(__file__).resolve().parents[1]
XSI_LOCATION = "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation"
XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"
# SCORM 1.2's ims_xml.xsd binds the XML namespace as a default namespace, which Namespaces in XML forbids; libxml2
# refuses to read it. The XML namespace's own schema (W3C's xml.xsd, shipped with SCORM 2004) stands in for it.
W3C_XML_SCHEMA = SCHEMAS / "scorm2004" / "xml.xsd"


@pytest.fixture(scope="module")
def real_course() -> Course:
    course, _ = load_course(REPO)
    return course


@pytest.fixture(scope="module")
def packages(real_course: Course) -> dict[str, bytes]:
    return scorm_packages(real_course)


def unzip(data: bytes, folder: Path) -> Path:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        package.extractall(folder)
    return folder


def validate_manifest(folder: Path) -> list[str]:
    """The manifest checked against the schema files in the package, named by its own xsi:schemaLocation."""
    manifest = etree.parse(str(folder / "imsmanifest.xml"))
    locations = manifest.getroot().get(XSI_LOCATION).split()
    imports = [f'<xs:import namespace="{XML_NAMESPACE}" schemaLocation="{W3C_XML_SCHEMA.as_uri()}"/>']
    for namespace, file in zip(locations[::2], locations[1::2], strict=True):
        assert (folder / file).is_file(), f"the manifest names {file}, which the package does not hold"
        imports.append(f'<xs:import namespace="{namespace}" schemaLocation="{file}"/>')
    driver = folder / "validate-all.xsd"
    driver.write_text(f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{"".join(imports)}</xs:schema>')
    schema = etree.XMLSchema(etree.parse(str(driver)))
    schema.validate(manifest)
    return [error.message for error in schema.error_log]


def test_there_is_a_package_per_module_and_one_for_the_course_in_each_version(real_course, packages) -> None:
    modules = [loaded.folder for loaded in real_course.modules if real_course.bank_for(loaded.id)]
    for version in VERSIONS:
        names = {name.split("/", 1)[1] for name in packages if name.startswith(f"scorm-{version.name}/")}
        assert names == {f"{folder}.zip" for folder in modules} | {"course.zip"}


def test_every_manifest_is_valid_against_the_schemas_the_package_ships(packages, tmp_path) -> None:
    for name, data in packages.items():
        folder = unzip(data, tmp_path / name)
        assert validate_manifest(folder) == [], name


def test_the_schema_check_finds_an_invalid_manifest(packages, tmp_path) -> None:
    folder = unzip(packages["scorm-2004/course.zip"], tmp_path / "broken")
    manifest = folder / "imsmanifest.xml"
    # An element the IMS content-packaging schema does not define, in its namespace.
    manifest.write_text(manifest.read_text().replace("<resources>", "<resources><sco-list />", 1))
    assert validate_manifest(folder) != []


def test_every_file_a_manifest_names_is_in_the_package_and_the_schemas_are_at_its_root(packages) -> None:
    for name, data in packages.items():
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            held = set(package.namelist())
            manifest = etree.fromstring(package.read("imsmanifest.xml"))
            # Readable by every user once unzipped, as a web server serving the LMS's files needs.
            assert {entry.external_attr >> 16 for entry in package.infolist()} == {0o100644}, name
        named = {element.get("href") for element in manifest.iter() if element.tag.endswith("}file")}
        assert named and named <= held, name
        version = next(version for version in VERSIONS if name.startswith(f"scorm-{version.name}/"))
        assert {schema.name for schema in version.schema_files()} <= held


def test_the_shipped_schema_files_are_the_ones_recorded_in_their_source_note() -> None:
    recorded = dict(re.findall(r"\| `([^`]+)` \| `([0-9a-f]{64})` \|", (SCHEMAS / "SOURCE.md").read_text()))
    shipped = {
        path.relative_to(SCHEMAS).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for version in VERSIONS
        for path in version.schema_files()
    }
    assert recorded == shipped


class _Loads(HTMLParser):
    """Every address a page loads by itself (scripts, styles, images, frames), not the links a reader may follow."""

    def __init__(self) -> None:
        super().__init__()
        self.addresses: list[str] = []
        self.policy = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta" and values.get("http-equiv") == "Content-Security-Policy":
            self.policy = values.get("content") or ""
        for attribute in ("src", "srcset", "data", "poster"):
            if values.get(attribute):
                self.addresses.append(values[attribute] or "")
        if tag == "link" and values.get("href"):
            self.addresses.append(values["href"] or "")


def test_a_page_loads_only_files_inside_its_package_and_says_so_in_its_policy(packages) -> None:
    for name, data in packages.items():
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            held = set(package.namelist())
            for page in (entry for entry in held if entry.endswith(".html")):
                parser = _Loads()
                parser.feed(package.read(page).decode("utf-8"))
                assert "default-src 'none'" in parser.policy, page
                for address in parser.addresses:
                    resolved = (Path("/") / Path(page).parent / address).resolve().as_posix().lstrip("/")
                    assert resolved in held, f"{name}: {page} loads {address}"


def test_the_mastery_score_is_the_pass_mark_of_course_yml(real_course, packages) -> None:
    assert real_course.settings.pass_mark is not None
    percent = round(real_course.settings.pass_mark * 100)
    with zipfile.ZipFile(io.BytesIO(packages["scorm-1.2/course.zip"])) as package:
        assert package.read("imsmanifest.xml").decode().count(f"<adlcp:masteryscore>{percent}<") == len(
            [loaded for loaded in real_course.modules if real_course.bank_for(loaded.id)]
        )
    with zipfile.ZipFile(io.BytesIO(packages["scorm-2004/course.zip"])) as package:
        manifest = package.read("imsmanifest.xml").decode()
        assert f"<imsss:minNormalizedMeasure>{real_course.settings.pass_mark:g}<" in manifest
        page = package.read(next(name for name in package.namelist() if name.endswith("index.html"))).decode()
        assert f'data-mastery="{real_course.settings.pass_mark:g}"' in page


def test_the_packages_are_the_same_bytes_from_the_same_content(real_course, packages) -> None:
    assert scorm_packages(real_course) == packages


def test_a_module_whose_answers_could_outgrow_suspend_data_is_refused_by_name(
    course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    small = dataclasses.replace(VERSIONS[0], suspend_data_limit=100)
    monkeypatch.setattr("clekit.scorm.VERSIONS", (small,))
    out = tmp_path / "lms"
    assert main(["--root", str(course), "export", "--out", str(out)]) == 1
    message = capsys.readouterr().err
    assert "01-sample: a learner's answers could take" in message and "more than SCORM 1.2 keeps (100)" in message
    assert not out.exists()


def test_the_real_course_fits_scorm_12_suspend_data_with_room_to_spare(real_course) -> None:
    from clekit.scorm import package_identifier
    from clekit.scorm.pages import longest_suspend_data, render_sco_page
    from clekit.time_model import course_time

    time = course_time(real_course)
    for loaded in real_course.modules:
        bank = real_course.bank_for(loaded.id)
        identifier = package_identifier(real_course, "course", VERSIONS[0])
        page = render_sco_page(real_course, loaded, bank, time, version="1.2", package_id=identifier, mastery=0.7)
        assert longest_suspend_data(page, identifier) < VERSIONS[0].suspend_data_limit / 2
