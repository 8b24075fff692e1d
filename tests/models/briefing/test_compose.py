"""Composing briefings with the tiny random-weight models: structure, not wording."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from models.briefing import Briefing, TranslationMemo, compose_briefing, compose_briefings, render
from models.clean import CleanedArticle, clean_article
from models.errors import NoMainTextError
from models.translate import DocumentTranslation, Segment, TranslatedParagraph, Translator
from tests.models.briefing.conftest import FAST
from tests.models.briefing.htmlcheck import assert_inert_html, parse, text_outside, text_within

BOILERPLATE = (
    "gettyimages 2248985695 jpg",
    "Ali Hussain is an award-winning news reporter",
    "Leave a Reply",
    "Your email address will not be published",
    "More From Author",
)


def _is_ar(element) -> bool:  # type: ignore[no-untyped-def]
    return element.attrs.get("lang") == "ar" and element.attrs.get("dir") == "rtl"


def _is_en(element) -> bool:  # type: ignore[no-untyped-def]
    return element.attrs.get("lang") == "en" and element.attrs.get("dir") == "ltr"


def _in_details(element) -> bool:  # type: ignore[no-untyped-def]
    return element.tag == "details"


@pytest.fixture(scope="module")
def seed_briefing(engine, seed_article: str) -> Briefing:  # type: ignore[no-untyped-def]
    """The seed article's briefing, once per backend."""
    return compose_briefing(
        engine, seed_article, article_id="seed", options=FAST, source={"path": "seed.txt"}
    )


# -- the seed article --------------------------------------------------------------------------------
@pytest.mark.shared
def test_seed_briefing_object(seed_briefing: Briefing, seed_article: str) -> None:
    cleaned = clean_article(seed_article)
    assert seed_briefing.id == "seed" and seed_briefing.source_lang == "ar"
    assert seed_briefing.source == {"author": "Ali Hussain", "format": "text", "path": "seed.txt"}
    assert seed_briefing.title["ar"] == cleaned.title and seed_briefing.title["en"]
    assert len(seed_briefing.paragraphs) == len(cleaned.paragraphs)
    assert [pair.ar for pair in seed_briefing.paragraphs] == cleaned.paragraphs
    assert all(pair.en for pair in seed_briefing.paragraphs)
    assert 1 <= len(seed_briefing.summary["ar"]) <= 2 and 1 <= len(seed_briefing.summary["en"]) <= 2
    assert all(sentence in seed_article for sentence in seed_briefing.summary["ar"])  # extractive, Arabic
    assert seed_briefing.removed == cleaned.removed
    assert "ar-en" in seed_briefing.models
    assert list(seed_briefing.timings) == ["clean", "translate", "summarize", "total"]
    assert all(seconds >= 0 for seconds in seed_briefing.timings.values())
    flags = {flag for pair in seed_briefing.paragraphs for flag in pair.flags}
    assert flags <= {"untranslated", "wrong_script", "repetition", "missing_digits"}
    if flags:
        assert any("translated sentences flagged" in w for w in seed_briefing.warnings)


@pytest.mark.shared
def test_seed_briefing_html(seed_briefing: Briefing, seed_article: str) -> None:
    page = render(seed_briefing, "html")
    assert_inert_html(page)
    parser = parse(page)
    cleaned = clean_article(seed_article)
    rows = [e for e in parser.elements if "row" in e.attrs.get("class", "").split()]
    assert len(rows) == len(cleaned.paragraphs)
    # Two columns: an Arabic cell (dir=rtl lang=ar) and an English cell (dir=ltr lang=en) per row.
    cells = [
        e for e in parser.elements if "cell" in e.attrs.get("class", "").split() and rows[0] in e.ancestors
    ]
    assert [(c.attrs["lang"], c.attrs["dir"]) for c in cells] == [("ar", "rtl"), ("en", "ltr")]
    arabic = text_within(parser, _is_ar)
    english = text_within(parser, _is_en)
    assert cleaned.title and cleaned.title in arabic
    assert seed_briefing.title["en"].split()[0] in english
    for paragraph in cleaned.paragraphs:
        assert paragraph in arabic
    headings = [" ".join(e.text) for e in parser.elements if e.tag == "h2"]
    assert "الملخص" in headings and "Summary" in headings
    for sentence in seed_briefing.summary["ar"]:
        assert sentence in arabic
    summary_items = [
        e
        for e in parser.elements
        if e.tag == "li" and any("summaries" in a.attrs.get("class", "") for a in e.ancestors)
    ]
    assert len(summary_items) == len(seed_briefing.summary["ar"]) + len(seed_briefing.summary["en"])
    # No boilerplate in the page's columns; it is listed only in the collapsed "removed" section.
    main_text = text_outside(parser, _in_details)
    removed_text = text_within(parser, _in_details)
    for boilerplate in BOILERPLATE:
        assert boilerplate not in main_text, boilerplate
        assert boilerplate in removed_text, boilerplate
    assert not [e for e in parser.elements if _in_details(e) and "open" in e.attrs]


@pytest.mark.shared
def test_seed_briefing_json_and_markdown(seed_briefing: Briefing) -> None:
    assert Briefing.from_dict(json.loads(render(seed_briefing, "json"))) == seed_briefing
    assert Briefing.from_dict(seed_briefing.to_dict()) == seed_briefing
    markdown = render(seed_briefing, "markdown")
    lines = markdown.splitlines()
    assert lines[0].startswith("# مساعد بوتين")
    assert lines.count("## Summaries · الملخص") == 1 and lines.count("## Text · النص") == 1
    assert sum(1 for line in lines if line.startswith("**¶ ")) == len(seed_briefing.paragraphs)
    assert markdown.count("\n> ") >= len(seed_briefing.paragraphs)
    main = markdown[: markdown.index("<details>")]
    assert "Leave a Reply" not in main and "gettyimages" not in main


# -- many articles share translation calls -------------------------------------------------------------
@pytest.mark.shared
def test_many_articles_share_one_translation_call_per_direction(
    hf_engine, shared_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    corpus = shared_dir / "corpus" / "ntrex128-ar-en"
    arabic = sorted((corpus / "ar").glob("*.txt"))[:5]
    english = sorted((corpus / "en").glob("*.txt"))[-1]
    articles = [(path.stem, clean_article(path.read_text(encoding="utf-8"))) for path in [*arabic, english]]

    calls: Counter[tuple[str, str]] = Counter()
    units: Counter[tuple[str, str]] = Counter()
    original = Translator.translate_units

    def spy(self: Translator, batch, options=None):  # type: ignore[no-untyped-def]
        calls[(self.source, self.target)] += 1
        units[(self.source, self.target)] += len(batch)
        return original(self, batch, options)

    engine_calls: list[tuple[str, str | None, int]] = []
    engine_translate = type(hf_engine).translate

    def engine_spy(self, texts, source="auto", target=None, options=None):  # type: ignore[no-untyped-def]
        engine_calls.append((source, target, len(texts)))
        return engine_translate(self, texts, source, target, options)

    monkeypatch.setattr(Translator, "translate_units", spy)
    monkeypatch.setattr(type(hf_engine), "translate", engine_spy)
    briefings = compose_briefings(
        hf_engine, articles, FAST, warnings={english.stem: ["decoded as windows-1256"]}
    )

    # One engine.translate per direction, carrying every title and paragraph of its articles ...
    texts = {
        "en": sum(1 + len(a.paragraphs) for _, a in articles[:5]),
        "ar": 1 + len(articles[5][1].paragraphs),
    }
    assert sorted(engine_calls) == [("auto", "ar", texts["ar"]), ("auto", "en", texts["en"])]
    # ... so one batched model pass per direction; the summaries reuse those translations.
    assert calls == Counter({("ar", "en"): 1, ("en", "ar"): 1})
    assert units[("ar", "en")] >= texts["en"]

    assert [b.id for b in briefings] == [path.stem for path in [*arabic, english]]
    assert [b.source_lang for b in briefings] == ["ar"] * 5 + ["en"]
    for briefing, (_, article) in zip(briefings, articles, strict=True):
        side = "ar" if briefing.source_lang == "ar" else "en"
        assert [getattr(pair, side) for pair in briefing.paragraphs] == article.paragraphs
        assert briefing.summary["ar"] and briefing.summary["en"]
        assert briefing.title[side] == article.title
    assert briefings[5].warnings[0] == "decoded as windows-1256"
    assert "en-ar" in briefings[5].models and "ar-en" in briefings[0].models
    assert len({round(b.timings["translate"], 9) for b in briefings[:5]}) > 1  # shared by characters


def test_paragraph_already_in_the_target_language_is_kept(hf_engine) -> None:  # type: ignore[no-untyped-def]
    article = CleanedArticle(
        title="عنوان الخبر",
        paragraphs=[
            "قال المسؤول إن المحادثات كانت مفيدة للغاية وبناءة وموضوعية، لكن لم يتم التوصل إلى تسوية بعد.",
            "The statement was issued in English by the agency.",
        ],
        metadata={"format": "text"},
    )
    (briefing,) = compose_briefings(hf_engine, [("mixed", article)], FAST)
    assert briefing.source_lang == "ar"
    assert briefing.paragraphs[1].ar == briefing.paragraphs[1].en == article.paragraphs[1]
    assert briefing.paragraphs[1].flags == ["kept_source"]  # shown as such by the renderers
    assert "kept_source" not in briefing.paragraphs[0].flags
    assert "kept as written" in render(briefing, "html")
    assert "_flags: kept\\_source_" in render(briefing, "markdown")
    assert any(
        "1 paragraph kept as written, not translated (already in English" in w for w in briefing.warnings
    )


# -- bad input ------------------------------------------------------------------------------------------
def test_page_with_no_main_text_is_an_error(hf_engine) -> None:  # type: ignore[no-untyped-def]
    page = (
        "<html><head><title>X</title></head><body><nav><a href=/>Home</a></nav>"
        "<footer>Leave a Reply</footer></body></html>"
    )
    with pytest.raises(NoMainTextError, match="no article text"):
        compose_briefing(hf_engine, page, article_id="empty", format="html")
    text = "gettyimages 2248985695 jpg\n\nLeave a Reply\n\nYour email address will not be published."
    with pytest.raises(NoMainTextError, match="no article text"):
        compose_briefing(hf_engine, text, article_id="empty")
    with pytest.raises(NoMainTextError, match="'blank'"):
        compose_briefings(hf_engine, [("blank", CleanedArticle(title="x", paragraphs=[]))])


def test_article_without_title_or_letters_warns(hf_engine) -> None:  # type: ignore[no-untyped-def]
    (briefing,) = compose_briefings(
        hf_engine, [("digits", CleanedArticle(title=None, paragraphs=["2024 - 12 / 05"]))], FAST
    )
    assert briefing.title == {"ar": "", "en": ""}
    assert any("no headline" in w for w in briefing.warnings)
    assert any("could not tell the article's language" in w for w in briefing.warnings)
    assert_inert_html(render(briefing, "html"))


# -- the translation memo -----------------------------------------------------------------------------
class _FakeEngine:
    def __init__(self) -> None:
        self.calls: list[list[str]] = []
        self.settings = "settings"

    def translate(self, texts, source="auto", target=None, options=None):  # type: ignore[no-untyped-def]
        self.calls.append(list(texts))
        return [
            DocumentTranslation("ar", "en", "fake", [TranslatedParagraph(t, "NEW", [Segment(t, "NEW")])])
            for t in texts
        ]


def test_memo_answers_known_sentences_and_asks_the_engine_for_the_rest() -> None:
    known = DocumentTranslation(
        "ar",
        "en",
        "model-x",
        [
            TranslatedParagraph(
                "جملة أولى. جملة ثانية.",
                "One. Two.",
                [Segment("جملة أولى.", "One."), Segment("جملة ثانية.", "Two.", ("repetition",))],
            )
        ],
    )
    fake = _FakeEngine()
    memo = TranslationMemo(fake, [known])  # type: ignore[arg-type]
    (hit,) = memo.translate(["جملة ثانية.\n\nجملة أولى."], "ar", "en")
    assert [p.target for p in hit.paragraphs] == ["Two.", "One."] and hit.model == "model-x"
    assert hit.segments[0].flags == ("repetition",)
    assert fake.calls == []
    results = memo.translate(["جملة أولى.", "جملة جديدة."], "auto", "en")
    assert fake.calls == [["جملة جديدة."]]
    assert [r.text for r in results] == ["One.", "NEW"]
    (same,) = memo.translate(["Already English."], "auto", "en")
    assert same.text == "Already English." and same.model == "none"
    assert memo.settings == "settings"  # everything else is the engine's
    assert (memo.hits, memo.misses) == (3, 1)
