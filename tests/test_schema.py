"""The committed JSON Schemas match the content models."""

from __future__ import annotations

from clekit.schema import SCHEMAS, schema_text
from conftest import REPO


def test_the_committed_schemas_are_up_to_date() -> None:
    for name, model in SCHEMAS.items():
        committed = (REPO / "schemas" / name).read_text(encoding="utf-8")
        assert committed == schema_text(model), f"schemas/{name} is stale: run `clekit schemas`"


def test_a_schema_forbids_unknown_keys() -> None:
    assert '"additionalProperties": false' in schema_text(SCHEMAS["bank.schema.json"])
