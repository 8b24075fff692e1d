"""Articles stored as JSON records ({"title": ..., "body": ..., "url": ...})."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from models.clean.types import JsonFields
from models.errors import InvalidInputError


@dataclass
class JsonRecord:
    """The parts of a JSON article record that cleaning uses.

    Args:
        title: the headline field, if any.
        body: the article text (a list of paragraphs is joined with blank lines); may be HTML,
            Markdown or plain text.
        metadata: "id", "url", "author", "date" as strings, where present.
    """

    title: str | None
    body: str
    metadata: dict[str, str] = field(default_factory=dict)


def parse_json_object(content: str) -> dict[str, Any] | None:
    """The JSON object `content` holds, or None when it is not JSON or not an object.

    Args:
        content: text that may be a JSON document.
    """
    stripped = content.strip()
    if not stripped.startswith("{"):
        return None
    try:
        value = json.loads(stripped)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _lookup(record: dict[str, Any], key: str) -> Any:
    value: Any = record
    for part in key.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def record_id(record: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    """The record's identifier: the first of `keys` (dotted paths) holding a string or number."""
    for key in keys:
        value = _lookup(record, key)
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, (str, int, float)) and str(value).strip():
            return str(value).strip()
    return None


def _first(record: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        value = _lookup(record, key)
        if value not in (None, "", [], {}):
            return value
    return None


def _as_text(value: Any) -> str | None:
    """A scalar, a list of scalars (joined with ", ") or an object's "name"/"text" as text."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, dict):
        return _as_text(value.get("name") or value.get("text"))
    if isinstance(value, list):
        parts = [text for item in value if (text := _as_text(item))]
        return ", ".join(parts) or None
    return None


def _body_text(value: Any) -> str:
    if isinstance(value, list):
        parts = [text for item in value if (text := _as_text(item))]
        return "\n\n".join(parts)
    return _as_text(value) or ""


def read_record(record: dict[str, Any], fields: JsonFields | None = None) -> JsonRecord:
    """Title, body and metadata of a JSON article record.

    Args:
        record: the decoded JSON object.
        fields: which keys hold what (`JsonFields()` defaults when None).

    Raises:
        InvalidInputError: no body field with text.
    """
    fields = fields or JsonFields()
    body = _body_text(_first(record, fields.body))
    if not body.strip():
        raise InvalidInputError(
            f"JSON record has no article text in any of the fields {', '.join(fields.body)}; "
            "name the body field (fields=JsonFields(body=(...)) or --body-key)"
        )
    metadata: dict[str, str] = {}
    for name, keys in (
        ("id", fields.id),
        ("url", fields.url),
        ("author", fields.author),
        ("date", fields.date),
    ):
        text = _as_text(_first(record, keys))
        if text:
            metadata[name] = text
    return JsonRecord(_as_text(_first(record, fields.title)), body, metadata)
