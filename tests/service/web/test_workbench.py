"""The workbench in a real browser: Debian's Chromium through Playwright, against a real server."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from models.clean import clean_article
from models.engine import Engine
from tests.service.web.conftest import open_page, screenshot, web_server

pytestmark = pytest.mark.browser

FLAG_NAMES = {"repetition", "missing_digits", "wrong_script", "untranslated", "glossary_miss"}


def translate_article(page: Any, text: str) -> None:
    page.get_by_test_id("source").fill(text)
    page.get_by_test_id("translate").click()
    expect(page.get_by_test_id("progress-text")).to_have_text(re.compile("^(Done|Stopped)"), timeout=120_000)
    expect(page.get_by_test_id("progress-text")).to_have_text(re.compile("^Done"))


@pytest.mark.shared
def test_seed_article_side_by_side_with_summaries(browser: Any, server: str, seed_article: str) -> None:
    article = clean_article(seed_article)
    expected = len(article.paragraphs) + (1 if article.title else 0)
    with open_page(browser, server) as (page, watch):
        translate_article(page, seed_article)
        sources = page.get_by_test_id("source-paragraph")
        targets = page.get_by_test_id("target-paragraph")
        assert sources.count() == expected
        assert targets.count() == expected
        assert [targets.nth(i).get_attribute("data-index") for i in range(expected)] == [
            str(i) for i in range(expected)
        ]
        # Arabic source on the left, English translation on the right, each marked with its direction.
        assert sources.first.get_attribute("dir") == "rtl" and sources.first.get_attribute("lang") == "ar"
        assert targets.first.get_attribute("dir") == "ltr"
        assert page.get_by_test_id("summary-ar").get_attribute("dir") == "rtl"
        assert page.get_by_test_id("summary-en").locator("p").count() >= 1
        assert page.get_by_test_id("summary-ar").locator("p").count() >= 1
        assert "extractive" in page.get_by_test_id("summary-method-used").inner_text()
        # The scraped boilerplate is listed with reasons, each restorable.
        removed = page.get_by_test_id("removed").locator("li")
        assert removed.count() == len(article.removed)
        assert page.get_by_test_id("restore").count() == len(article.removed)
        watch.clean()


class HoldAfterFirst:
    """Lets a translator's first model call through and holds the later ones until `opened` is set."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.calls = 0
        self.opened = threading.Event()

    def __call__(self, units: Any, options: Any = None) -> Any:
        self.calls += 1
        if self.calls > 1 and not self.opened.wait(60):
            raise RuntimeError("the test never released the model")
        return self.real(units, options)


@pytest.mark.shared
def test_paragraphs_appear_as_they_finish(
    browser: Any, service_engine: Engine, seed_article: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = clean_article(seed_article)
    expected = len(article.paragraphs) + 1
    translator = service_engine.translator("ar", "en")
    hold = HoldAfterFirst(translator.translate_units)
    monkeypatch.setattr(translator, "translate_units", hold)
    # Its own server: an empty translation memory, so every paragraph goes to the model.
    with web_server(service_engine) as url, open_page(browser, url) as (page, watch):
        try:
            page.get_by_test_id("source").fill(seed_article)
            page.get_by_test_id("translate").click()
            targets = page.get_by_test_id("target-paragraph")
            expect(targets.first).to_be_visible()
            # The model is held after its first call: the first paragraphs are on the page, the rest not.
            shown = targets.count()
            assert 1 <= shown < expected
            assert page.get_by_test_id("target-paragraph").first.get_attribute("data-index") == "0"
            assert not page.get_by_test_id("progress-text").inner_text().startswith("Done")
            assert int(page.get_by_test_id("progress").get_attribute("value") or 0) == shown
        finally:
            hold.opened.set()
        expect(page.get_by_test_id("progress-text")).to_have_text(re.compile("^Done"), timeout=120_000)
        assert targets.count() == expected
        watch.clean()


def test_flags_are_shown_with_their_reasons(browser: Any, server: str) -> None:
    # Random weights lose the numbers: every sentence here carries digits the output will not have.
    text = "قتل 37 شخصا في عام 2024.\n\nوصل 1250 لاجئا يوم 14 مارس.\n\nبلغت الخسائر 8900 دولار."
    with open_page(browser, server) as (page, watch):
        translate_article(page, text)
        flags = page.get_by_test_id("flag")
        assert flags.count() >= 1
        names: set[str] = set()
        for i in range(flags.count()):
            flag = flags.nth(i)
            kinds = (flag.get_attribute("data-flag") or "").split()
            assert kinds and set(kinds) <= FLAG_NAMES
            names.update(kinds)
            assert flag.inner_text().strip()
        assert "missing_digits" in names
        assert "Missing digits: a number of the source is not in the translation" in page.inner_text("body")
        # The count at the top is the number of flagged sentences.
        assert page.get_by_test_id("flag-count").inner_text().startswith(f"{flags.count()} flagged")
        watch.clean()


def test_ctrl_enter_translates_and_keyboard_opens_the_editor(browser: Any, server: str) -> None:
    with open_page(browser, server) as (page, watch):
        page.get_by_test_id("source").fill("The minister arrived in Cairo on Monday.")
        page.get_by_test_id("source").press("Control+Enter")
        expect(page.get_by_test_id("progress-text")).to_have_text(re.compile("^Done"), timeout=120_000)
        target = page.get_by_test_id("target-paragraph").first
        assert target.get_attribute("dir") == "rtl" and target.get_attribute("lang") == "ar"
        edit = page.get_by_test_id("edit").first
        edit.focus()
        page.keyboard.press("Enter")
        expect(page.get_by_test_id("edit-box")).to_be_focused()
        page.keyboard.press("Escape")
        expect(page.get_by_test_id("edit-box")).to_have_count(0)
        watch.clean()


SCRAPED = """gettyimages 2248985695 jpg

مساعد بوتين: المحادثات الروسية الأمريكية انتهت دون تحقيق أي تقدم

قال مساعد في الكرملين، في وقت مبكر من اليوم الأربعاء، إن المحادثات التي استمرت خمس ساعات لم تسفر عن انفراجة.

وقال أوشاكوف: “تبدو بعض المقترحات الأميركية مقبولة إلى حد ما”.

وأضاف: “سيستمر العمل”.

Leave a Reply

Your email address will not be published. Required fields are marked *
"""


def test_a_saved_correction_comes_back_approved(browser: Any, server: str) -> None:
    corrected = "Putin aide: the Russian-American talks ended without progress"
    with open_page(browser, server) as (page, watch):
        translate_article(page, SCRAPED)
        assert page.get_by_test_id("removed").locator("li").count() == 3
        page.get_by_test_id("edit").first.click()
        page.get_by_test_id("edit-box").fill(corrected)
        page.get_by_test_id("save").click()
        expect(page.get_by_test_id("approved")).to_have_count(1)
        assert page.get_by_test_id("edit").first.inner_text() == corrected
        # The next translation of the same sentence comes from the approved memory.
        page.get_by_test_id("translate").click()
        expect(page.get_by_test_id("progress-text")).to_have_text(re.compile("^Done"), timeout=120_000)
        expect(page.get_by_test_id("approved")).to_have_count(1)
        assert page.get_by_test_id("edit").first.inner_text() == corrected
        screenshot(page, "workbench-desktop.png")
        watch.clean()


def test_a_glossary_picked_goes_with_the_request(browser: Any, server: str) -> None:
    import httpx

    made = httpx.post(
        f"{server}/v1/glossaries",
        json={"name": "Kremlin names", "pair": "ar-en", "entries": {"بوتين": "Putin"}},
        timeout=30,
    )
    assert made.status_code in (200, 201), made.text
    glossary_id = made.json()["id"]
    with open_page(browser, server) as (page, watch):
        picker = page.get_by_test_id("glossary")
        expect(picker).to_be_enabled()
        expect(picker.locator(f'option[value="{glossary_id}"]')).to_have_text(re.compile("Kremlin names"))
        picker.select_option(glossary_id)
        page.get_by_test_id("source").fill("قال بوتين إن المحادثات كانت مفيدة.")
        with page.expect_request("**/v1/translate") as request:
            page.get_by_test_id("translate").click()
        assert request.value.post_data_json["glossary_id"] == glossary_id
        expect(page.get_by_test_id("progress-text")).to_have_text(re.compile("^Done"), timeout=120_000)
        flags = page.get_by_test_id("flag")
        kinds = {
            k for i in range(flags.count()) for k in (flags.nth(i).get_attribute("data-flag") or "").split()
        }
        # The term is in the output, or its miss is flagged in plain words: never silently wrong.
        target = page.get_by_test_id("target-paragraph").first.inner_text()
        assert "Putin" in target or ("glossary_miss" in kinds and "Glossary miss" in target), (target, kinds)
        assert page.get_by_test_id("target-paragraph").count() == 1
        watch.clean()


ARTICLE_HTML = """<!doctype html><html><head><title>خبر</title></head><body>
<nav><a href="/">الرئيسية</a> <a href="/politics">سياسة</a></nav>
<article><h1>وزير الخارجية يزور القاهرة</h1>
<p>وصل وزير الخارجية إلى القاهرة صباح اليوم في زيارة رسمية تستمر يومين، يلتقي خلالها عددا من المسؤولين.</p>
<p>وقال الوزير للصحفيين إن الزيارة تهدف إلى تعزيز التعاون بين البلدين في مجالات الاقتصاد والطاقة.</p>
<p>ومن المقرر أن يعقد الوزير مؤتمرا صحفيا مشتركا مساء الغد.</p></article>
<footer>جميع الحقوق محفوظة</footer></body></html>
"""


def test_upload_a_file_then_export_html_markdown_and_json(browser: Any, server: str, tmp_path: Path) -> None:
    from lxml import html as lxml_html

    from models.briefing.types import Briefing

    upload = tmp_path / "cairo-visit.html"
    upload.write_text(ARTICLE_HTML, encoding="utf-8")
    article = clean_article(ARTICLE_HTML, format="html")
    with open_page(browser, server) as (page, watch):
        page.get_by_test_id("file").set_input_files(str(upload))
        expect(page.get_by_test_id("source")).to_have_value(re.compile("وزير الخارجية"))
        page.get_by_test_id("translate").click()
        expect(page.get_by_test_id("progress-text")).to_have_text(re.compile("^Done"), timeout=120_000)
        rows = len(article.paragraphs) + 1
        assert page.get_by_test_id("target-paragraph").count() == rows
        # A correction before exporting: it must be in every export.
        corrected = "The foreign minister arrived in Cairo."
        page.get_by_test_id("edit").nth(1).click()
        page.get_by_test_id("edit-box").fill(corrected)
        page.get_by_test_id("save").click()
        expect(page.get_by_test_id("edit-box")).to_have_count(0)

        def download(testid: str) -> tuple[str, str]:
            with page.expect_download() as info:
                page.get_by_test_id(testid).click()
            got = info.value
            return got.suggested_filename, Path(got.path()).read_text(encoding="utf-8")

        name, text = download("export-json")
        assert name == "cairo-visit.json"
        data = json.loads(text)
        briefing = Briefing.from_dict(data)
        assert briefing.source_lang == "ar" and len(briefing.paragraphs) == len(article.paragraphs)
        assert briefing.title["ar"] == article.title
        assert [p.ar for p in briefing.paragraphs] == article.paragraphs
        assert corrected in briefing.paragraphs[0].en
        assert data["corrections"][0]["target"] == corrected
        assert briefing.summary["en"] and briefing.summary["ar"]

        name, text = download("export-html")
        assert name == "cairo-visit.html"
        document = lxml_html.document_fromstring(text)
        assert document.xpath("//script") == []
        assert document.xpath("//*[@dir='rtl']")
        assert corrected in document.text_content()
        assert article.paragraphs[0] in document.text_content()

        name, text = download("export-md")
        assert name == "cairo-visit.md"
        assert text.lstrip().startswith("#") and corrected.replace(".", "") in text.replace("\\", "")
        assert article.paragraphs[1].split("،")[0] in text
        watch.clean()


def test_restoring_removed_boilerplate_puts_it_back_translated(
    browser: Any, server: str, seed_article: str
) -> None:
    article = clean_article(seed_article)
    with open_page(browser, server) as (page, watch):
        translate_article(page, seed_article)
        before = page.get_by_test_id("target-paragraph").count()
        page.get_by_test_id("restore").first.click()
        expect(page.get_by_test_id("target-paragraph")).to_have_count(before + 1)
        expect(page.get_by_test_id("restore")).to_have_count(len(article.removed) - 1)
        # The caption stood before the title: it comes back as the first row.
        assert page.get_by_test_id("source-paragraph").first.inner_text() == article.removed[0].text
        watch.clean()


@pytest.fixture(scope="module")
def key_server(
    service_engine: Engine, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str, str]]:
    """A server with keys on; yields its URL, a working key and a key allowed one request a minute."""
    from service.keys import KeyStore

    path = tmp_path_factory.mktemp("web-keys") / "keys.sqlite"
    store = KeyStore(path)
    _, secret = store.add("editor")
    _, slow = store.add("slow", rpm=1)
    store.close()
    with web_server(service_engine, api_keys=True, keys_db=path) as url:
        yield url, secret, slow


def test_keys_on_asks_for_a_key_and_sends_it_as_bearer(
    browser: Any, key_server: tuple[str, str, str]
) -> None:
    url, secret, _ = key_server
    with open_page(browser, url) as (page, watch):
        expect(page.get_by_test_id("api-key")).to_be_visible()
        page.get_by_test_id("source").fill("The minister arrived in Cairo.")
        page.get_by_test_id("translate").click()
        expect(page.get_by_test_id("error")).to_contain_text("needs an API key")
        assert page.get_by_test_id("target-paragraph").count() == 0

        page.get_by_test_id("api-key").fill("tk_not-a-real-key")
        page.get_by_test_id("api-key").press("Tab")
        page.get_by_test_id("translate").click()
        expect(page.get_by_test_id("error")).to_contain_text("not valid")

        sent: list[str] = []
        page.on("request", lambda r: sent.append(r.url) if "/v1/" in r.url else None)
        page.get_by_test_id("api-key").fill(secret)
        page.get_by_test_id("api-key").press("Tab")
        with page.expect_request("**/v1/translate") as request:
            page.get_by_test_id("translate").click()
        assert request.value.headers["authorization"] == f"Bearer {secret}"
        expect(page.get_by_test_id("progress-text")).to_have_text(re.compile("^Done"), timeout=120_000)
        assert page.get_by_test_id("target-paragraph").count() == 1
        assert page.get_by_test_id("error").inner_text() == ""
        assert page.evaluate("sessionStorage.getItem('tarjama-api-key')") == secret
        assert sent and all(secret not in u for u in sent)  # never in a URL
        # The refused requests show in the console as failed loads (401); nothing else may.
        watch.clean(allow=("status of 401",))


def test_keys_on_a_key_over_its_rate_says_so(browser: Any, key_server: tuple[str, str, str]) -> None:
    url, _, slow = key_server
    with open_page(browser, url) as (page, watch):
        page.get_by_test_id("api-key").fill(slow)
        page.get_by_test_id("api-key").press("Tab")
        page.get_by_test_id("source").fill("The minister arrived in Cairo.\n\nHe met the president.")
        page.get_by_test_id("translate").click()
        expect(page.get_by_test_id("error")).to_contain_text("Too many requests")
        expect(page.get_by_test_id("error")).to_contain_text("retry in")
        watch.clean(allow=("status of 429",))


def test_phone_width_stacks_without_horizontal_scroll(browser: Any, server: str) -> None:
    with open_page(browser, server, width=390, height=844) as (page, watch):
        translate_article(page, SCRAPED)
        width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], f"horizontal scroll at 390 px: {width}"
        source = page.get_by_test_id("source-paragraph").nth(1).bounding_box()
        target = page.get_by_test_id("target-paragraph").nth(1).bounding_box()
        assert source and target and target["y"] >= source["y"] + source["height"] - 1  # stacked
        page.locator("#output-title").evaluate("title => title.scrollIntoView()")
        screenshot(page, "workbench-phone.png", full_page=False)
        watch.clean()


def test_docs_and_redoc_load_from_the_service_only(browser: Any, server: str) -> None:
    with open_page(browser, server + "/docs", ready=False) as (page, watch):
        expect(page.locator(".swagger-ui .info .title")).to_contain_text("tarjama", timeout=60_000)
        watch.clean()
    with open_page(browser, server + "/redoc", ready=False) as (page, watch):
        expect(page.locator("h1")).to_contain_text("tarjama", timeout=60_000)
        watch.clean()


CONTRAST = """() => {
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    for (let n = el; n; n = n.parentElement) {
      const c = rgb(getComputedStyle(n).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0.9)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const worst = [];
  const selector = "label, button, .badge, .seg-text, .meta, .hint, h1, h2, p, output, .cell, "
    + "#progress-text, #flag-count, .reason";
  for (const el of document.querySelectorAll(selector)) {
    if (!el.offsetParent || !el.textContent.trim()) continue;
    const fg = lum(rgb(getComputedStyle(el).color).slice(0, 3));
    const bg = lum(background(el));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    if (ratio < 4.5) worst.push([el.tagName + "." + el.className, ratio.toFixed(2)]);
  }
  return worst;
}"""

UNLABELLED = """() => [...document.querySelectorAll("input, select, textarea, button")]
  .filter((el) => !(el.labels && el.labels.length))
  .filter((el) => !el.getAttribute("aria-label") && !el.textContent.trim())
  .map((el) => el.id || el.outerHTML.slice(0, 80))"""


def test_labels_contrast_and_visible_keyboard_focus(browser: Any, server: str) -> None:
    with open_page(browser, server) as (page, watch):
        translate_article(page, "قتل 37 شخصا في عام 2024.\n\nوصل الوزير إلى القاهرة.")
        assert page.evaluate(UNLABELLED) == []
        assert page.evaluate(CONTRAST) == [], "text under WCAG AA contrast (4.5:1)"
        # Every control is reachable with Tab, in reading order, and shows where the focus is.
        page.locator(".skip").focus()
        seen = []
        for _ in range(60):
            page.keyboard.press("Tab")
            testid = page.evaluate("(e => e.dataset.testid || e.id || e.tagName)(document.activeElement)")
            if testid == "BODY":  # past the last control
                break
            outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none", f"no visible focus on {testid}"
            seen.append(testid)
        order = ["source", "file", "source-lang", "target-lang", "translate", "edit", "export-docx"]
        assert all(name in seen for name in order), seen
        assert [seen.index(name) for name in order] == sorted(seen.index(name) for name in order)
        # Interface labels in both languages.
        assert page.locator("label[for=source] [lang=ar]").count() == 1
        assert page.locator("label[for=file] [lang=ar]").count() == 1
        assert page.locator("#export-docx [lang=ar]").count() == 1
        watch.clean()


def test_summary_length_and_method_controls(browser: Any, server: str) -> None:
    with open_page(browser, server) as (page, watch):
        translate_article(page, SCRAPED)
        assert page.get_by_test_id("summary-ar").locator("p").count() == 3
        with page.expect_response("**/v1/summarize"):
            page.get_by_test_id("summary-length").fill("1")
            page.get_by_test_id("summary-length").press("Tab")
        expect(page.get_by_test_id("summary-ar").locator("p")).to_have_count(1)
        expect(page.get_by_test_id("summary-en").locator("p")).to_have_count(1)
        # Abstractive: the configured summary models (tiny ones here) write the summaries.
        page.get_by_test_id("summary-method").select_option("abstractive")
        expect(page.get_by_test_id("summary-method-used")).to_contain_text("abstractive", timeout=120_000)
        assert page.get_by_test_id("summary-en").inner_text().strip()
        watch.clean()


def test_nothing_left_after_cleaning_says_how_to_go_on(browser: Any, server: str) -> None:
    with open_page(browser, server) as (page, watch):
        page.get_by_test_id("source").fill("Leave a Reply\n\nMore From Author")
        page.get_by_test_id("translate").click()
        expect(page.get_by_test_id("error")).to_contain_text("Untick")
        assert page.get_by_test_id("target-paragraph").count() == 0
        page.get_by_test_id("clean").uncheck()
        page.get_by_test_id("translate").click()
        expect(page.get_by_test_id("progress-text")).to_have_text(re.compile("^Done"), timeout=120_000)
        assert page.get_by_test_id("target-paragraph").count() == 2
        assert page.get_by_test_id("error").inner_text() == ""
        watch.clean(allow=("status of 422",))


def test_swap_turns_the_translation_into_the_source(browser: Any, server: str) -> None:
    with open_page(browser, server) as (page, watch):
        translate_article(page, "وصل الوزير إلى القاهرة.\n\nوقال إن الزيارة مهمة.")
        translated = [t.inner_text().strip() for t in page.get_by_test_id("edit").all()]
        page.get_by_test_id("swap").click()
        assert page.get_by_test_id("source-lang").input_value() == "en"
        assert page.get_by_test_id("target-lang").input_value() == "ar"
        swapped = page.get_by_test_id("source").input_value()
        assert all(text in swapped for text in translated)
        watch.clean()


DOCX_ARTICLE = [
    "وزير الخارجية يزور القاهرة",
    "وصل وزير الخارجية إلى القاهرة صباح اليوم في زيارة رسمية تستمر يومين، يلتقي خلالها عددا من المسؤولين.",
    "وقال الوزير للصحفيين إن الزيارة تهدف إلى تعزيز التعاون بين البلدين في مجالات الاقتصاد والطاقة.",
    "ومن المقرر أن يعقد الوزير مؤتمرا صحفيا مشتركا مساء الغد.",
]


def _docx_article(path: Path) -> None:
    """A Word file as an editor gets one: a heading and three paragraphs, one with a bold run."""
    import docx

    document = docx.Document()
    document.add_heading(DOCX_ARTICLE[0], level=1)
    first = document.add_paragraph(DOCX_ARTICLE[1][:20])
    first.add_run(DOCX_ARTICLE[1][20:40]).bold = True
    first.add_run(DOCX_ARTICLE[1][40:])
    for text in DOCX_ARTICLE[2:]:
        document.add_paragraph(text)
    document.save(str(path))


def test_upload_a_docx_then_export_a_docx_with_the_correction(
    browser: Any, server: str, tmp_path: Path
) -> None:
    import docx

    upload = tmp_path / "cairo-visit.docx"
    _docx_article(upload)
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with open_page(browser, server) as (page, watch):
        with page.expect_response("**/v1/documents/text") as answer:
            page.get_by_test_id("file").set_input_files(str(upload))
        assert answer.value.status == 200
        # The document's paragraphs, one per block, in the source box.
        expect(page.get_by_test_id("source")).to_have_value("\n\n".join(DOCX_ARTICLE))
        expect(page.get_by_test_id("notice")).to_contain_text("Loaded cairo-visit.docx")
        page.get_by_test_id("translate").click()
        expect(page.get_by_test_id("progress-text")).to_have_text(re.compile("^Done"), timeout=120_000)
        rows = page.get_by_test_id("source-paragraph")
        shown = [rows.nth(i).inner_text() for i in range(rows.count())]
        assert shown[0] == DOCX_ARTICLE[0] and shown[1:] == DOCX_ARTICLE[1:]  # the title, then the body
        corrected = "The foreign minister arrived in Cairo this morning."
        page.get_by_test_id("edit").nth(1).click()
        page.get_by_test_id("edit-box").fill(corrected)
        page.get_by_test_id("save").click()
        expect(page.get_by_test_id("edit-box")).to_have_count(0)
        targets = page.get_by_test_id("target-paragraph")
        on_page = [
            " ".join(targets.nth(i).locator(".seg-text").all_inner_texts()) for i in range(targets.count())
        ]
        # Flags on the body's translations (the title has none in the briefing) become Word comments.
        flagged = sum(1 for i in range(1, targets.count()) if targets.nth(i).get_by_test_id("flag").count())

        with page.expect_download() as info:
            page.get_by_test_id("export-docx").click()
        assert info.value.suggested_filename == "cairo-visit.docx"
        document = docx.Document(info.value.path())
        body = document.tables[0].rows[1:]  # after the header row
        assert len(body) == len(DOCX_ARTICLE) - 1  # one row per body paragraph, as on the page
        assert [row.cells[1].text for row in body] == DOCX_ARTICLE[1:]
        assert [row.cells[0].text for row in body] == on_page[1:]  # what the page shows, correction included
        assert corrected in body[0].cells[0].text
        for row in body:
            arabic = row.cells[1].paragraphs[0]
            assert arabic._p.pPr.find(f"{w}bidi") is not None
            assert all(run._r.rPr.find(f"{w}rtl") is not None for run in arabic.runs)
        assert document.paragraphs[0].text == DOCX_ARTICLE[0]  # the title, right to left
        assert document.paragraphs[0]._p.pPr.find(f"{w}bidi") is not None
        assert document.core_properties.language == "ar-SA"
        assert len(list(document.comments)) == flagged
        watch.clean()


def test_a_corrupt_document_upload_says_why(browser: Any, server: str, tmp_path: Path) -> None:
    upload = tmp_path / "broken.docx"
    upload.write_bytes(b"this is not a word file")
    with open_page(browser, server) as (page, watch):
        page.get_by_test_id("file").set_input_files(str(upload))
        expect(page.get_by_test_id("error")).to_contain_text("broken.docx: not a valid .docx file")
        assert page.get_by_test_id("source").input_value() == ""
        expect(page.get_by_test_id("translate")).to_be_enabled()
        watch.clean(allow=("status of 422",))
