"""Scraped-article cleaning: main text, title and metadata out of text, HTML, Markdown or JSON records.

```python
from models.clean import clean_article

article = clean_article(page_html)           # format guessed: html / json / markdown / text
article.title, article.paragraphs, article.metadata["author"]
[(r.reason, r.text) for r in article.removed]  # captions, bylines, share lines, comment forms, ...
```
"""

from __future__ import annotations

from models.clean.article import clean_article
from models.clean.formats import guess_format
from models.clean.types import FORMATS, REASONS, CleanedArticle, JsonFields, RemovedText

__all__ = [
    "FORMATS",
    "REASONS",
    "CleanedArticle",
    "JsonFields",
    "RemovedText",
    "clean_article",
    "guess_format",
]
