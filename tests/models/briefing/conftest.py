"""Fixtures of the briefing tests: a hand-made briefing, a hostile one, and a one-backend engine."""

from __future__ import annotations

import pytest

from models.briefing import Briefing, BriefingOptions, ParagraphPair
from models.clean import RemovedText
from models.translate import TranslationOptions

# Small, pinned decoding keeps the random-weight models fast: greedy, at most 8 new tokens.
FAST = BriefingOptions(summary_sentences=2, translation=TranslationOptions(beam_size=1, max_new_tokens=8))

HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(1)> \"quoted\" 'single' \u202eevil\u202c"
HOSTILE_URL = "javascript:alert(document.cookie)"


@pytest.fixture
def briefing() -> Briefing:
    """A plain Arabic briefing with two paragraphs, a flag, removed boilerplate and metadata."""
    return Briefing(
        id="seed-1",
        source={"path": "samples/seed.txt", "url": "https://example.com/news/1?a=1&b=2", "format": "text"},
        source_lang="ar",
        title={"ar": "مساعد بوتين: المحادثات انتهت", "en": "Putin aide: talks ended"},
        summary={"ar": ["الجملة الأولى.", "الجملة الثانية."], "en": ["First sentence.", "Second sentence."]},
        paragraphs=[
            ParagraphPair(ar="الفقرة الأولى.", en="The first paragraph.", flags=[]),
            ParagraphPair(ar="الفقرة الثانية 28.", en="The second paragraph.", flags=["missing_digits"]),
        ],
        removed=[
            RemovedText("gettyimages 2248985695 jpg", "caption"),
            RemovedText("Leave a Reply", "comment_form"),
        ],
        models={"ar-en": "Helsinki-NLP/opus-mt-ar-en"},
        timings={"translate": 1.5, "summarize": 0.25, "total": 1.75},
        warnings=["1 of 3 translated sentences flagged for review (missing digits 1)"],
    )


@pytest.fixture
def hostile() -> Briefing:
    """Every field a renderer shows holds markup, a javascript: URL, quotes and a bidi override."""
    return Briefing(
        id=f"id-{HOSTILE}",
        source={"url": HOSTILE_URL, "author": HOSTILE, "path": f"x/{HOSTILE}", HOSTILE: HOSTILE},
        source_lang="en",
        title={"ar": f"عنوان {HOSTILE}", "en": f"Title {HOSTILE}"},
        summary={
            "ar": [f"ملخص {HOSTILE}"],
            "en": [f"Summary {HOSTILE}", f"[click](javascript:alert(1)) {HOSTILE}"],
        },
        paragraphs=[
            ParagraphPair(ar=f"فقرة {HOSTILE}", en=f"# Paragraph {HOSTILE}", flags=[HOSTILE, "wrong_script"]),
            ParagraphPair(
                ar=f"<a href='{HOSTILE_URL}'>x</a>", en="1. <iframe src=javascript:alert(1)>", flags=[]
            ),
        ],
        removed=[RemovedText(HOSTILE, HOSTILE)],
        models={HOSTILE: HOSTILE},
        timings={HOSTILE: 1.0},
        warnings=[HOSTILE],
    )


@pytest.fixture(scope="session")
def hf_engine(tiny_settings):  # type: ignore[no-untyped-def]
    """An Engine over the tiny models on the transformers backend only (cheaper than both)."""
    from models.engine import Engine

    engine = Engine(tiny_settings, backend="transformers")
    yield engine
    engine.close()
