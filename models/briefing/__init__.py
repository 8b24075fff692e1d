"""Bilingual briefings: one typed object per article, and its JSON, Markdown, HTML and .docx renderings.

```python
from models.briefing import BriefingOptions, compose_briefing, render, render_file

briefing = compose_briefing(engine, page_text, article_id="putin-talks")
html_page = render(briefing, "html")        # Arabic | English side by side, one column on phones
word_file = render_file(briefing, "docx")   # bytes of a .docx (python-docx, the documents extra)
```

`compose_briefings(engine, [(id, cleaned_article), ...])` briefs many articles with their
translations sharing model batches; `render_digest([(briefing, link), ...], "html")` lists them.
"""

from __future__ import annotations

from models.briefing.compose import TranslationMemo, compose_briefing, compose_briefings
from models.briefing.digest import DIGEST_FORMATS, render_digest
from models.briefing.render import (
    FILE_FORMATS,
    FILE_SUFFIXES,
    RENDER_FORMATS,
    canonical_format,
    render,
    render_file,
)
from models.briefing.types import Briefing, BriefingOptions, ParagraphPair

__all__ = [
    "DIGEST_FORMATS",
    "FILE_FORMATS",
    "FILE_SUFFIXES",
    "RENDER_FORMATS",
    "Briefing",
    "BriefingOptions",
    "ParagraphPair",
    "TranslationMemo",
    "canonical_format",
    "compose_briefing",
    "compose_briefings",
    "render",
    "render_digest",
    "render_file",
]
