"""Documents in, the same format out: .docx, .pptx, .odt, .odp, .epub, .srt, .vtt, .html, .md, .txt
(and .pdf in, .docx out).

```python
from models.documents import DocumentOptions, translate_document

result = translate_document(engine, open("release.docx", "rb").read(), "release.docx",
                            DocumentOptions(target="ar"))
open(result.filename("release.docx"), "wb").write(result.data)
```

One module per format reads a file into `Block`s of inline runs and writes translated runs back
(`models.documents.base.Document`); `read_document(data, name).text` is the document's text for
briefings. Formatting kept per format is described in each module.
"""

from __future__ import annotations

from models.documents.article import article_text, is_document
from models.documents.base import Block, Document, DocumentLimits
from models.documents.formats import ARTICLE_SUFFIXES, FORMATS, format_for, read_document
from models.documents.translate import DocumentOptions, TranslatedDocument, translate_document

__all__ = [
    "ARTICLE_SUFFIXES",
    "FORMATS",
    "Block",
    "Document",
    "DocumentLimits",
    "DocumentOptions",
    "TranslatedDocument",
    "article_text",
    "format_for",
    "is_document",
    "read_document",
    "translate_document",
]
