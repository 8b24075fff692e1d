# ruff: noqa: E501  (hand-written HTML templates)
"""Writes the development pages of `python -m models.clean.devset` (run from the repository root:
`python tests/models/clean/pages/make_pages.py`).

Each page is a real article body (NTREX-128 news in Arabic and English, CC BY-SA 4.0, and the seed
article's body) wrapped in the furniture of a news site, written by hand after the layouts of Arabic
and English news sites: navigation, breadcrumbs, share bars, bylines, captions, cookie banners,
newsletter boxes, related lists, author boxes, comment policies and forms, terms/privacy lines and
copyright footers, some of them inside the article's container where extractors keep them.
`NAME.html` is the page, `NAME.txt` its gold main text (headline, then the body paragraphs).
"""

from __future__ import annotations

import html
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[3].parent / "shared"


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def ntrex(lang: str, doc: str) -> tuple[str, list[str]]:
    text = (SHARED / "corpus" / "ntrex128-ar-en" / lang / f"{doc}.txt").read_text(encoding="utf-8")
    parts = [p.strip() for p in text.split("\n\n") if p.strip()]
    return parts[0], parts[1:]


def seed() -> tuple[str, list[str]]:
    lines = [
        line.strip() for line in (SHARED / "samples" / "seed-article-ar.txt").read_text("utf-8").split("\n")
    ]
    lines = [line for line in lines if line]
    return lines[1], lines[2 : lines.index("Author")]


def paragraphs(body: list[str], inserts: dict[int, str] | None = None) -> str:
    out: list[str] = []
    for index, text in enumerate(body):
        if inserts and index in inserts:
            out.append(inserts[index])
        out.append(f"<p>{esc(text)}</p>")
    return "\n".join(out)


def ar_wordpress(title: str, body: list[str]) -> str:
    """An Arabic WordPress news site: the comment policy, share bar, related list and an English
    copyright footer inside the theme's content area."""
    related = "".join(
        f'<li><a href="/news/{i}">{esc(t)}</a></li>'
        for i, t in enumerate(
            [
                "الحكومة تعلن حزمة إجراءات اقتصادية جديدة",
                "ارتفاع أسعار النفط مع تراجع المخزونات الأمريكية",
                "قمة عربية طارئة لبحث التطورات في المنطقة",
            ]
        )
    )
    inserts = {
        2: '<p><strong>اقرأ أيضاً: <a href="/news/77">وزير الخارجية يلتقي نظيره الفرنسي في باريس</a>'
        "</strong></p>"
    }
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{esc(title)} - الوطن اليوم</title>
<meta property="og:site_name" content="الوطن اليوم">
<meta property="article:published_time" content="2025-11-18T09:30:00+03:00">
<script type="application/ld+json">{{"@type": "NewsArticle", "author": {{"name": "سارة منصور"}}}}</script>
</head><body class="post-template-default single single-post">
<div class="top-bar"><span>الثلاثاء 18 نوفمبر 2025</span> <a href="/login">تسجيل الدخول</a></div>
<header id="masthead"><a href="/" class="logo">الوطن اليوم</a>
<nav class="main-navigation"><ul><li><a href="/">الرئيسية</a></li><li><a href="/politics">سياسة</a></li>
<li><a href="/economy">اقتصاد</a></li><li><a href="/sport">رياضة</a></li><li><a href="/culture">ثقافة</a></li></ul></nav>
</header>
<div id="content" class="site-content"><div class="container">
<div class="breadcrumbs"><a href="/">الرئيسية</a> » <a href="/politics">سياسة</a> » {esc(title[:30])}</div>
<article class="post type-post status-publish">
<h1 class="entry-title">{esc(title)}</h1>
<div class="entry-meta"><span class="author">كتبت: سارة منصور</span> <span class="date">18 نوفمبر 2025 - 09:30</span></div>
<div class="entry-content">
<figure class="wp-block-image"><img src="/img/a.jpg" alt="">
<figcaption>صورة أرشيفية (رويترز)</figcaption></figure>
{paragraphs(body, inserts)}
<div class="sharedaddy"><h3>شارك هذا الخبر:</h3><ul><li><a href="#">فيسبوك</a></li><li><a href="#">تويتر</a></li>
<li><a href="#">واتساب</a></li><li><a href="#">تلغرام</a></li></ul></div>
<p>تابعونا على قناتنا في تلغرام لمتابعة آخر الأخبار العاجلة</p>
<div class="tags-links">الوسوم: <a href="/tag/1">سياسة</a> <a href="/tag/2">أخبار</a></div>
</div>
<div class="related-posts"><h3>أخبار ذات صلة</h3><ul>{related}</ul></div>
<div class="comment-policy"><p>التعليقات المنشورة لا تعبر عن رأي الموقع وإنما تعبر عن رأي أصحابها.</p>
<p>يرجى الالتزام بآداب الحوار وعدم استخدام الألفاظ المسيئة في التعليقات.</p></div>
</article>
<div id="comments" class="comments-area"><h3 id="reply-title" class="comment-reply-title">اترك تعليقاً</h3>
<form><p class="comment-notes">لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *</p>
<p><label>التعليق</label><textarea></textarea></p><p><label>الاسم *</label><input></p>
<p><input type="submit" value="إرسال التعليق"></p></form></div>
</div></div>
<footer class="site-footer"><div class="footer-links"><a href="/about">من نحن</a> | <a href="/contact">اتصل بنا</a> |
<a href="/privacy">سياسة الخصوصية</a> | <a href="/terms">شروط الاستخدام</a></div>
<p>Copyright © 2025 Al Watan Al Youm. All rights reserved.</p></footer>
<div class="cookie-banner"><p>يستخدم هذا الموقع ملفات تعريف الارتباط لتحسين تجربة التصفح.</p><button>موافق</button></div>
</body></html>"""


def ar_portal(title: str, body: list[str]) -> str:
    """An Arabic news portal with divs everywhere: a newsletter box mid-article, a "most read" list,
    the comment-policy notice and terms line inside the article wrapper, a mixed-language footer."""
    inserts = {
        1: '<div class="newsletter-box"><p>اشترك في النشرة البريدية ليصلك أهم الأخبار يوميا</p>'
        '<input placeholder="بريدك الإلكتروني"><button>اشترك</button></div>',
    }
    return f"""<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{esc(title)} | بوابة الخبر</title>
<meta name="description" content="{esc(body[0][:120])}">
</head><body>
<div class="nav-wrapper"><div class="menu"><a href="/">الرئيسية</a><a href="/arab">عربي</a><a href="/world">دولي</a>
<a href="/video">فيديو</a></div><div class="search"><a href="/search">بحث</a></div></div>
<div class="ad-container"><span>إعلان</span></div>
<div class="main-wrap"><div class="article-page">
<div class="article-title"><h1>{esc(title)}</h1></div>
<div class="article-info"><span>بقلم: محمد العلي</span><span>آخر تحديث: 12 أكتوبر 2025</span></div>
<div class="social-share"><a>شارك</a><a>فيسبوك</a><a>إكس</a><a>واتساب</a><a>نسخ الرابط</a></div>
<div class="article-body">
{paragraphs(body, inserts)}
</div>
<div class="article-notes"><p>الآراء الواردة في التعليقات تعبر عن آراء أصحابها ولا تعبر بالضرورة عن رأي الموقع</p>
<p>باستخدامك هذا الموقع فإنك توافق على شروط الاستخدام وسياسة الخصوصية الخاصة بنا</p></div>
<div class="most-read"><h4>الأكثر قراءة</h4><ol><li><a>انخفاض درجات الحرارة مع بداية الأسبوع</a></li>
<li><a>منتخب الشباب يتأهل إلى نهائي البطولة</a></li><li><a>افتتاح معرض الكتاب بمشاركة واسعة</a></li></ol></div>
</div></div>
<div class="footer"><p>جميع الحقوق محفوظة لبوابة الخبر © 2025</p><p>All rights reserved © 2025 Al Khabar Portal</p>
<p><a href="/privacy">Privacy Policy</a> | <a href="/terms">Terms of Use</a></p></div>
</body></html>"""


def en_broadcaster(title: str, body: list[str]) -> str:
    """An English broadcaster's page: cookie banner first, media caption inside the story, inline
    "Read more" links, a "Related topics" list and a follow line inside the article element."""
    inserts = {
        1: '<p><b>Read more: <a href="/news/1">How the crisis unfolded in five charts</a></b></p>',
        3: '<figure><img src="/x.jpg"><figcaption>Image caption, Officials at the scene on Monday'
        "</figcaption></figure>",
    }
    return f"""<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>{esc(title)} - World News</title>
<meta property="og:title" content="{esc(title)}"><meta name="author" content="James Hill">
<meta property="article:published_time" content="2025-10-02T14:00:00Z">
<link rel="canonical" href="https://news.example.org/world-1234">
</head><body>
<div id="cookie-consent"><p>We use cookies to give you the best online experience. By continuing to browse
you agree to our use of cookies.</p><button>Accept all</button><button>Manage preferences</button></div>
<a class="skip-link" href="#main">Skip to content</a>
<header><nav><ul><li><a>Home</a></li><li><a>News</a></li><li><a>Sport</a></li><li><a>Weather</a></li>
<li><a>iPlayer</a></li></ul></nav></header>
<main id="main"><article>
<header><h1>{esc(title)}</h1><p class="byline">By James Hill, World affairs correspondent</p>
<time datetime="2025-10-02T14:00:00Z">2 October 2025</time></header>
<div class="share-tools"><button>Share</button><button>Save</button></div>
{paragraphs(body, inserts)}
<p>Follow us on Twitter and Facebook for the latest updates.</p>
<section class="tags"><h2>Related topics</h2><ul><li><a>Middle East</a></li><li><a>Diplomacy</a></li></ul></section>
<section class="more-stories"><h2>More on this story</h2><ul><li><a>Leaders meet for emergency talks in Geneva</a></li>
<li><a>What we know about the proposed deal</a></li></ul></section>
</article></main>
<footer><ul><li><a>Terms of Use</a></li><li><a>About us</a></li><li><a>Privacy Policy</a></li>
<li><a>Cookies</a></li><li><a>Contact us</a></li></ul>
<p>Copyright 2025 World News. The site is not responsible for the content of external sites.</p></footer>
</body></html>"""


def en_newspaper(title: str, body: list[str]) -> str:
    """A regional newspaper on a CMS: a newsletter sign-up and a "you may also like" list inside the
    story wrapper, the comment policy above a comment count, a privacy line and a copyright footer."""
    inserts = {
        2: '<div class="inline-newsletter"><p>Sign up for our daily newsletter to get the top stories '
        "in your inbox.</p></div>",
    }
    return f"""<html><head><meta charset="utf-8"><title>{esc(title)}</title>
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle",
"headline": "{esc(title)}", "datePublished": "2025-09-14T07:45:00-04:00",
"author": [{{"@type": "Person", "name": "Maria Lopez"}}], "publisher": {{"name": "The Valley Tribune"}}}}</script>
</head><body>
<div class="masthead"><a href="/">The Valley Tribune</a> <a href="/subscribe">Subscribe</a> <a href="/login">Log in</a></div>
<ul class="menu"><li>News</li><li>Opinion</li><li>Business</li><li>Obituaries</li></ul>
<div class="story">
<h1>{esc(title)}</h1>
<div class="story-meta">By Maria Lopez | Published Sept. 14, 2025 7:45 a.m.</div>
{paragraphs(body, inserts)}
<div class="you-may-also-like recommended"><h3>You may also like</h3>
<p><a>School board approves new budget after long debate</a></p>
<p><a>Local bakery celebrates 50 years on Main Street</a></p></div>
<div class="comments-section"><p>Comments are moderated and may take some time to appear. Please keep comments civil
and on topic.</p><p>3 comments</p><p>Sign in to comment</p></div>
</div>
<div class="site-footer"><p>By using this site you agree to our Terms of Service and Privacy Policy.</p>
<p>© 2025 The Valley Tribune. All rights reserved.</p></div>
</body></html>"""


TEMPLATES = {"ar-wordpress": ar_wordpress, "ar-portal": ar_portal, "en-broadcaster": en_broadcaster,
             "en-newspaper": en_newspaper}  # fmt: skip

PAGES = [
    ("ar-wordpress", "seed", None),
    ("ar-portal", "seed", None),
    ("ar-wordpress", "ar", "guardian.221754"),
    ("ar-portal", "ar", "nytimes.184825"),
    ("ar-wordpress", "ar", "upi.176251"),
    ("ar-portal", "ar", "bbc.381765"),
    ("en-broadcaster", "en", "cnn.304521"),
    ("en-newspaper", "en", "rt.com.91337"),
    ("en-broadcaster", "en", "abcnews.306755"),
    ("en-newspaper", "en", "guardian.221754"),
    ("en-broadcaster", "en", "nytimes.184825"),
    ("en-newspaper", "en", "upi.176251"),
]


def main() -> None:
    for template, lang, doc in PAGES:
        title, body = seed() if lang == "seed" else ntrex(lang, doc or "")
        name = f"{template}-{lang}-{doc or 'article'}".replace(".", "-")
        (HERE / f"{name}.html").write_text(TEMPLATES[template](title, body), encoding="utf-8")
        (HERE / f"{name}.txt").write_text("\n\n".join([title, *body]) + "\n", encoding="utf-8")
    print(f"wrote {len(PAGES)} pages to {HERE}")


if __name__ == "__main__":
    main()
