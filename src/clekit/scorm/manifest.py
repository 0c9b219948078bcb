"""`imsmanifest.xml` for SCORM 1.2 and SCORM 2004 4th Edition: one organization, one item (SCO) per module.

Each item carries the mastery score from course.yml (SCORM 1.2 `adlcp:masteryscore`, 0-100; SCORM 2004 the
primary objective's `minNormalizedMeasure`, satisfied by the score) and, in 2004, the module's objectives, the
ids the runtime reports with each interaction. The schema files named in `xsi:schemaLocation` are shipped at the
package's root (see schemas/SOURCE.md).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from clekit.load import LoadedModule
from clekit.render import module_heading

SCHEMAS = Path(__file__).parent / "schemas"
XSI = "http://www.w3.org/2001/XMLSchema-instance"


@dataclass(frozen=True)
class Version:
    """What differs between the two SCORM versions in a manifest."""

    name: str
    schema_folder: str
    schema_version: str
    namespaces: dict[str, str]
    schema_locations: tuple[tuple[str, str], ...]
    # The most characters cmi.suspend_data may hold (SCORM 1.2: CMIString4096; SCORM 2004: 64,000).
    suspend_data_limit: int

    def schema_files(self) -> list[Path]:
        return sorted(path for path in (SCHEMAS / self.schema_folder).iterdir() if path.is_file())


# The manifest carries no IMS metadata, so it names no metadata schema; imsmd_rootv1p2p1.xsd is still shipped, as
# ADL's conformance test for 1.2 packages expects all four files at the root.
SCORM_12 = Version(
    name="1.2",
    schema_folder="scorm12",
    schema_version="1.2",
    namespaces={
        "": "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
        "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2",
    },
    schema_locations=(
        ("http://www.imsproject.org/xsd/imscp_rootv1p1p2", "imscp_rootv1p1p2.xsd"),
        ("http://www.adlnet.org/xsd/adlcp_rootv1p2", "adlcp_rootv1p2.xsd"),
    ),
    suspend_data_limit=4096,
)
SCORM_2004 = Version(
    name="2004",
    schema_folder="scorm2004",
    schema_version="2004 4th Edition",
    namespaces={
        "": "http://www.imsglobal.org/xsd/imscp_v1p1",
        "adlcp": "http://www.adlnet.org/xsd/adlcp_v1p3",
        "adlseq": "http://www.adlnet.org/xsd/adlseq_v1p3",
        "adlnav": "http://www.adlnet.org/xsd/adlnav_v1p3",
        "imsss": "http://www.imsglobal.org/xsd/imsss",
    },
    schema_locations=(
        ("http://www.imsglobal.org/xsd/imscp_v1p1", "imscp_v1p1.xsd"),
        ("http://www.adlnet.org/xsd/adlcp_v1p3", "adlcp_v1p3.xsd"),
        ("http://www.adlnet.org/xsd/adlseq_v1p3", "adlseq_v1p3.xsd"),
        ("http://www.adlnet.org/xsd/adlnav_v1p3", "adlnav_v1p3.xsd"),
        ("http://www.imsglobal.org/xsd/imsss", "imsss_v1p0.xsd"),
    ),
    suspend_data_limit=64000,
)
VERSIONS = (SCORM_12, SCORM_2004)


@dataclass(frozen=True)
class Sco:
    """One module as the manifest lists it: its launch page and the other files it needs."""

    module: LoadedModule
    href: str


def manifest_xml(
    version: Version, identifier: str, title: str, scos: list[Sco], assets: list[str], mastery: float | None
) -> bytes:
    # Names are written with their prefixes and the namespaces declared on the root by hand: ElementTree's own
    # namespace handling cannot put unprefixed attributes beside a default namespace, and LMSs expect `<manifest>`.
    declarations = {("xmlns:" + prefix if prefix else "xmlns"): uri for prefix, uri in version.namespaces.items()}
    declarations["xmlns:xsi"] = XSI
    locations = " ".join(f"{namespace} {file}" for namespace, file in version.schema_locations)
    manifest = ET.Element(
        "manifest", {**declarations, "identifier": identifier, "version": "1", "xsi:schemaLocation": locations}
    )
    metadata = ET.SubElement(manifest, "metadata")
    ET.SubElement(metadata, "schema").text = "ADL SCORM"
    ET.SubElement(metadata, "schemaversion").text = version.schema_version
    organizations = ET.SubElement(manifest, "organizations", {"default": "organization"})
    organization = ET.SubElement(organizations, "organization", {"identifier": "organization"})
    ET.SubElement(organization, "title").text = title
    for sco in scos:
        loaded = sco.module
        item = ET.SubElement(
            organization, "item", {"identifier": f"item-{loaded.folder}", "identifierref": f"sco-{loaded.folder}"}
        )
        ET.SubElement(item, "title").text = module_heading(loaded)
        if version is SCORM_12:
            if mastery is not None:
                ET.SubElement(item, "adlcp:masteryscore").text = f"{round(mastery * 100)}"
        else:
            _sequencing_objectives(item, loaded, mastery)
    resources = ET.SubElement(manifest, "resources")
    scorm_type = "adlcp:scormtype" if version is SCORM_12 else "adlcp:scormType"
    for sco in scos:
        resource = ET.SubElement(
            resources,
            "resource",
            {
                "identifier": f"sco-{sco.module.folder}",
                "type": "webcontent",
                scorm_type: "sco",
                "href": sco.href,
            },
        )
        ET.SubElement(resource, "file", {"href": sco.href})
        ET.SubElement(resource, "dependency", {"identifierref": "shared-assets"})
    shared = ET.SubElement(
        resources, "resource", {"identifier": "shared-assets", "type": "webcontent", scorm_type: "asset"}
    )
    for asset in assets:
        ET.SubElement(shared, "file", {"href": asset})
    ET.indent(manifest)
    return ET.tostring(manifest, encoding="utf-8", xml_declaration=True)


def _sequencing_objectives(item: ET.Element, loaded: LoadedModule, mastery: float | None) -> None:
    # The primary objective is the module's score against the mastery score; the others are its learning
    # objectives, the ids each interaction names.
    sequencing = ET.SubElement(item, "imsss:sequencing")
    objectives = ET.SubElement(sequencing, "imsss:objectives")
    primary_attributes = {"objectiveID": f"{loaded.id}-mastery"}
    if mastery is not None:
        primary_attributes["satisfiedByMeasure"] = "true"
    primary = ET.SubElement(objectives, "imsss:primaryObjective", primary_attributes)
    if mastery is not None:
        ET.SubElement(primary, "imsss:minNormalizedMeasure").text = f"{mastery:g}"
    for objective in loaded.module.objectives:
        ET.SubElement(objectives, "imsss:objective", {"objectiveID": objective.id})
