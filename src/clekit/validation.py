"""Turning pydantic's validation errors into problems an instructor can act on, at the right line and column."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel, RootModel, ValidationError

from clekit.models import HTTPS_URL_PATTERN, LESSON_FILE_PATTERN, PLAIN_TEXT_PATTERN, WEB_ADDRESS_PATTERN
from clekit.problems import Problem
from clekit.source import YamlDocument, YamlPath, dotted

_PATTERN_MEANINGS = {
    r"^[a-z0-9]+(-[a-z0-9]+)*$": "must be lowercase letters, digits and single hyphens, e.g. 'sl-elements'",
    r"\S": "must not be empty",
    r"^[^\n]*\S[^\n]*$": "must be a single, non-empty line",
    LESSON_FILE_PATTERN: "must be the name of a Markdown file in the module folder, e.g. 'lesson.md'",
    HTTPS_URL_PATTERN: "must be an https:// address without spaces, quotes, < > { } | ^, backslashes or backticks",
    WEB_ADDRESS_PATTERN: "must be a web address (http:// or https://) without spaces, quotes or markup characters",
    PLAIN_TEXT_PATTERN: (
        "must be one line of plain text: names may not contain < > [ ] { } |, a backslash or a backtick"
    ),
}

_TYPE_MEANINGS = {
    "string_type": "must be text",
    "bool_type": "must be true or false",
    "int_type": "must be a whole number",
    "list_type": "must be a list (lines starting with '- ')",
    "dict_type": "must be a mapping of keys to values",
    "model_type": "must be a mapping of keys to values",
    "model_attributes_type": "must be a mapping of keys to values",
    "date_type": "must be a date like 2026-11-25",
    "date_from_datetime_parsing": "must be a date like 2026-11-25",
    "date_parsing": "must be a date like 2026-11-25",
    "none_required": "must be empty",
}


def validate_document(model: type[BaseModel], document: YamlDocument) -> tuple[Any | None, list[Problem]]:
    """Validate a loaded document against a model; return the model or every problem, placed in the file."""
    try:
        return model.model_validate(document.data), []
    except ValidationError as error:
        return None, problems_from(error, document, model)


def problems_from(error: ValidationError, document: YamlDocument, model: type[BaseModel]) -> list[Problem]:
    problems = []
    for item in error.errors(include_url=False):
        location: YamlPath = tuple(part for part in item["loc"] if part != "[key]")
        if any(location[: len(bad)] == bad for bad in document.unreadable):
            continue  # the value could not be read at all, which is already reported
        problems.append(_problem_for(item, location, document, model))
    return problems


def _problem_for(item: dict[str, Any], location: YamlPath, document: YamlDocument, model: type[BaseModel]) -> Problem:
    kind = item["type"]
    context = item.get("ctx") or {}
    if kind == "missing":
        parent = dotted(location[:-1])
        prefix = f"{parent}: " if parent else ""
        return document.problem(location, f"{prefix}missing required key {location[-1]!r}")
    if kind == "extra_forbidden":
        allowed = _field_names_at(model, location[:-1])
        hint = difflib.get_close_matches(str(location[-1]), allowed, n=1)
        suggestion = f"; did you mean {hint[0]!r}?" if hint else f"; allowed keys: {', '.join(allowed)}"
        return document.problem(location, f"{dotted(location)}: unknown key{suggestion}", prefer_key=True)
    if "[key]" in item["loc"]:
        message = f"the key {location[-1]!r} " + _PATTERN_MEANINGS.get(context.get("pattern", ""), item["msg"])
        return document.problem(location, message, prefer_key=True)
    if kind == "string_pattern_mismatch":
        message = _PATTERN_MEANINGS.get(context.get("pattern", ""), item["msg"])
    elif kind == "literal_error":
        message = f"must be one of: {context.get('expected', '')}"
    elif kind == "too_short":
        message = f"needs at least {context.get('min_length')} item(s)"
    elif kind == "too_long":
        message = f"may have at most {context.get('max_length')} item(s)"
    elif kind in {"greater_than_equal", "less_than_equal"}:
        message = item["msg"].replace("Input should be", "must be")
    else:
        message = _TYPE_MEANINGS.get(kind, item["msg"])
    return document.problem(location, f"{dotted(location) or 'the file'}: {message}")


def _field_names_at(model: type[BaseModel], location: YamlPath) -> list[str]:
    """The keys allowed at `location`, found by walking the model's type annotations along the path."""
    annotation: Any = model
    for part in location:
        annotation = _unwrap(annotation)
        if isinstance(annotation, type) and issubclass(annotation, RootModel):
            annotation = annotation.model_fields["root"].annotation
            annotation = _unwrap(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            field = annotation.model_fields.get(str(part))
            if field is None:
                return []
            annotation = field.annotation
        elif typing.get_origin(annotation) in (list, dict):
            annotation = typing.get_args(annotation)[-1]
        else:
            return []
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel) and not issubclass(annotation, RootModel):
        return list(annotation.model_fields)
    return []


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated[...] and Optional[...] so the walk sees the model or container underneath."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            candidates = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            annotation = candidates[0]
        else:
            return annotation
