"""HTML pages: trafilatura's main text, then the same boilerplate rules; metadata from the page."""

from __future__ import annotations

import html

import pytest

import models.clean.html
from models.clean import clean_article

AR_TITLE = "مساعد بوتين: المحادثات الروسية الأمريكية انتهت دون تحقيق أي تقدم"
AR_BODY = [
    "قال مساعد في الكرملين، في وقت مبكر من اليوم الأربعاء، إن المحادثات التي استمرت خمس ساعات بين الرئيس "
    "الروسي وكبار المفاوضين الأمريكيين لم تسفر عن انفراجة بشأن اتفاق سلام محتمل.",
    "وقال مستشار السياسة الخارجية الروسية للصحفيين بعد الاجتماع إن المحادثات كانت مفيدة للغاية وبناءة، "
    "لكن لم يتم التوصل إلى خيار تسوية بعد.",
    "وأضاف أن بعض المقترحات الأمريكية تبدو مقبولة إلى حد ما، رغم أنها بحاجة إلى المناقشة، وأن العمل سيستمر "
    "خلال الأيام المقبلة.",
    "ولم يعلق الجانب الأمريكي علنًا بعد على المحادثات، لكن البيت الأبيض كان متفائلا قبل الاجتماع بالتوصل إلى "
    "اتفاق لإنهاء الحرب.",
]
EN_TITLE = "Putin aide says talks with US envoys ended without progress"
EN_BODY = [
    "A Kremlin aide said early on Wednesday that five hours of talks between Russian President "
    "Vladimir Putin and senior US envoys ended without a breakthrough on a possible peace deal for Ukraine.",
    "Foreign policy adviser Yuri Ushakov told reporters after the meeting that the talks had been "
    "very useful and constructive, but that no compromise option had been reached.",
    "Some of the American proposals seemed more or less acceptable, although they needed discussion, "
    "he added.",
    "The US side has not yet commented publicly on the talks.",
]


@pytest.fixture(params=["trafilatura", "fallback"])
def extractor(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Runs a test with trafilatura, then with the plain block-element fallback it has when trafilatura
    finds nothing (or cannot be imported)."""
    if request.param == "fallback":
        monkeypatch.setattr(models.clean.html, "_trafilatura", lambda *args: None)
    return str(request.param)


def build_page(title: str, body: list[str], *, lang: str, byline: str, read_more: str, caption: str) -> str:
    """A news page with navigation, a figure, a byline, scripts, read-more links, an author box and a
    comment form around the article body."""
    paragraphs = [f"<p>{html.escape(text)}</p>" for text in body]
    paragraphs.insert(2, f'<p><a href="/news/other">{html.escape(read_more)}</a></p>')
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<title>{html.escape(title)} | World News</title>
<meta name="author" content="Ali Hussain">
<meta property="article:published_time" content="2025-12-03T08:15:00+00:00">
<link rel="canonical" href="https://news.example.com/world/putin-talks">
<script>window.dataLayer = [];</script>
<style>body {{ font-family: sans-serif; }}</style>
</head><body>
<header><a href="/">World News</a></header>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<main><article>
<h1>{html.escape(title)}</h1>
<p class="byline">{html.escape(byline)}</p>
<figure><img src="/img/gettyimages-2248985695.jpg" alt="Putin">
<figcaption>{html.escape(caption)}</figcaption></figure>
{"".join(paragraphs)}
<script>trackArticle("putin-talks");</script>
<div class="share"><span>Share</span><a href="#">Facebook</a><a href="#">Twitter</a></div>
<section class="author-box"><h3>Author</h3><p>Ali Hussain</p>
<p>Ali Hussain is an award-winning news reporter with over a decade of experience covering breaking news,
politics, and human-interest stories.</p></section>
</article></main>
<div id="comments"><h3 id="reply-title">Leave a Reply</h3>
<form action="/wp-comments-post.php" method="post">
<p class="comment-notes">Your email address will not be published. Required fields are marked *</p>
<p><label for="comment">Comment</label><textarea id="comment"></textarea></p>
<p><label for="author">Name *</label><input id="author"></p>
<p><label for="email">Email *</label><input id="email"></p>
<p><label for="url">Website</label><input id="url"></p>
<p>Save my name, email, and website in this browser for the next time I comment.</p>
<p><input type="submit" value="Post Comment"></p>
</form></div>
<footer><p>© 2025 World News</p></footer>
</body></html>"""


@pytest.mark.parametrize(
    ("lang", "title", "body", "byline", "read_more", "caption"),
    [
        ("ar", AR_TITLE, AR_BODY, "بقلم: علي حسين", "اقرأ أيضاً: أوكرانيا تنتظر إشارات من واشنطن",
         "بوتين خلال الاجتماع في موسكو (صورة: غيتي)"),
        ("en", EN_TITLE, EN_BODY, "By Ali Hussain", "Read more: Ukraine waits for signals from Washington",
         "Vladimir Putin at the Kremlin. (Photo: Getty Images)"),
    ],
    ids=["ar", "en"],
)  # fmt: skip
def test_page_body_kept_and_furniture_removed(
    extractor: str, lang: str, title: str, body: list[str], byline: str, read_more: str, caption: str
) -> None:
    page = build_page(title, body, lang=lang, byline=byline, read_more=read_more, caption=caption)
    article = clean_article(page)
    assert article.format == "html"
    assert article.title == title
    assert article.paragraphs == body
    text = article.text
    for junk in (
        "Home",
        "Sport",
        "dataLayer",
        "trackArticle",
        "font-family",
        read_more,
        caption,
        "Facebook",
        "award-winning",
        "Leave a Reply",
        "email address",
        "Post Comment",
        "Save my name",
        "©",
    ):
        assert junk not in text
    assert article.metadata["author"] == "Ali Hussain"
    assert article.metadata["date"] == "2025-12-03"
    assert article.metadata["url"] == "https://news.example.com/world/putin-talks"
    assert article.metadata["format"] == "html"
    # The figure and form are dropped as elements; the "Read more" paragraph is removed by our rules.
    assert read_more in [item.text for item in article.removed if item.reason == "read_more"]


def test_seed_paragraphs_survive_as_html(extractor: str, seed_article: str) -> None:
    lines = [line.strip() for line in seed_article.split("\n") if line.strip()]
    title, body = lines[1], lines[2 : lines.index("Author")]
    read_more = "اقرأ أيضا: المزيد من أوكرانيا"
    page = build_page(
        title,
        body,
        lang="ar",
        byline="كتب: علي حسين",
        read_more=read_more,
        caption="gettyimages 2248985695 jpg",
    )
    article = clean_article(page, format="html")
    assert article.title == title
    assert article.paragraphs == body


def test_bare_fragment_without_trafilatura_text_falls_back_to_block_elements() -> None:
    fragment = "<div><p>Short note.</p></div>"
    article = clean_article(fragment)
    assert article.format == "html"
    assert article.paragraphs == ["Short note."]


def test_html_without_text_raises_no_main_text() -> None:
    from models.errors import NoMainTextError

    with pytest.raises(NoMainTextError, match="no article text found"):
        clean_article("<html><body><nav><a href='/'>Home</a></nav><script>x()</script></body></html>")


def test_furniture_that_trafilatura_keeps_is_removed_by_the_rules(extractor: str) -> None:
    page = f"""<html><head><title>{EN_TITLE}</title></head><body><article><h1>{EN_TITLE}</h1>
<p>{EN_BODY[0]}</p><p>Share</p><p>{EN_BODY[1]}</p>
<h3>Author</h3><p>Ali Hussain</p>
<p>Ali Hussain is an award-winning news reporter with over a decade of experience covering breaking news.</p>
<h3>Leave a Reply</h3><p>Your email address will not be published. Required fields are marked *</p>
</article></body></html>"""
    article = clean_article(page)
    assert article.title == EN_TITLE
    assert article.paragraphs == EN_BODY[:2]
    assert [item.reason for item in article.removed] == [
        "share",
        "byline",
        "byline",
        "author_bio",
        "comment_form",
        "comment_form",
    ]
    assert article.metadata["author"] == "Ali Hussain"
