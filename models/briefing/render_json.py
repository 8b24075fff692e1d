"""A briefing as JSON: `Briefing.to_dict()`, UTF-8 text, indented, safe to embed anywhere.

`<`, `>`, `&`, U+2028/U+2029 and bidi control characters are written as `\\uXXXX` escapes (these
characters only ever occur inside JSON strings, so this is exact): the JSON parses back to the same
briefing, yet holds no markup and nothing that reorders text when shown raw or pasted into HTML.
"""

from __future__ import annotations

import json
import re
from typing import Any

from models.briefing.types import Briefing

_UNSAFE = re.compile("[<>&\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def dumps_safe(data: Any) -> str:
    """`json.dumps(data, ensure_ascii=False, indent=2)` with the characters above escaped, plus a newline."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return _UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text) + "\n"


def render_json(briefing: Briefing) -> str:
    """The briefing as JSON; `Briefing.from_dict(json.loads(...))` gives it back."""
    return dumps_safe(briefing.to_dict())
