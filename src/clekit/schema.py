"""JSON Schemas exported from the content models, for YAML editors' autocompletion and inline checks.

The files in `schemas/` are committed on purpose: each content file names its schema with a
`# yaml-language-server: $schema=...` comment, so editors need them without running anything. A test fails when
they are stale; `clekit schemas` rewrites them.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from clekit.models import Bank, CourseSettings, Glossary, Module, Registry, Survey

SCHEMAS: dict[str, type[BaseModel]] = {
    "module.schema.json": Module,
    "bank.schema.json": Bank,
    "authorities.schema.json": Registry,
    "course.schema.json": CourseSettings,
    "glossary.schema.json": Glossary,
    "jurisdictions.schema.json": Survey,
}


def schema_text(model: type[BaseModel]) -> str:
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **model.model_json_schema()}
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, model in SCHEMAS.items():
        path = folder / name
        path.write_text(schema_text(model), encoding="utf-8")
        written.append(path)
    return written
