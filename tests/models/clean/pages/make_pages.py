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


def headlines(lang: str, docs: list[str], snippet: int = 0) -> list[tuple[str, str]]:
    """Headlines of other NTREX articles (and the start of their first paragraph, cut at a word
    after `snippet` characters) for the related lists, rails and tickers of the big-menu pages."""
    out: list[tuple[str, str]] = []
    for doc in docs:
        title, body = ntrex(lang, doc)
        cut = body[0][:snippet].rsplit(" ", 1)[0] + " …" if snippet and body else ""
        out.append((title, cut))
    return out


AR_SECTIONS = {
    "أخبار": ["محليات", "عربي", "دولي", "برلمان", "أحزاب", "حوادث", "تقارير", "ملفات"],
    "اقتصاد": ["بورصة", "بنوك", "عقارات", "طاقة", "ذهب", "عملات", "شركات", "اتصالات"],
    "رياضة": ["كرة القدم", "الدوري المحلي", "دوري الأبطال", "كرة اليد", "تنس", "ألعاب قوى", "المنتخب", "انتقالات"],
    "فن ومنوعات": ["سينما", "دراما", "موسيقى", "مسرح", "نجوم", "مهرجانات", "تلفزيون", "صور"],
    "صحة": ["تغذية", "رشاقة", "أمراض", "أدوية", "طب نفسي", "صحة المرأة", "صحة الطفل", "فيروسات"],
    "تكنولوجيا": ["هواتف", "تطبيقات", "ألعاب إلكترونية", "ذكاء اصطناعي", "أمن معلومات", "شبكات", "سيارات", "فضاء"],
    "ثقافة": ["كتب", "شعر", "تراث", "معارض", "جوائز", "ترجمة", "فنون تشكيلية", "حوارات"],
    "رأي": ["مقالات", "كتاب الموقع", "افتتاحية", "تحليلات", "رسوم كاريكاتير", "قضايا", "مدونات", "ردود"],
    "مرأة": ["أزياء", "جمال", "مطبخ", "ديكور", "أمومة", "علاقات", "أبراج", "وصفات"],
    "فيديو": ["تقارير مصورة", "بث مباشر", "برامج", "وثائقيات", "لقاءات", "مؤتمرات", "فيديوجراف", "إنفوجراف"],
    "محافظات": ["القاهرة", "الإسكندرية", "الجيزة", "الدقهلية", "أسوان", "الأقصر", "سوهاج", "بورسعيد"],
    "خدمات": ["مواقيت الصلاة", "الطقس", "أسعار العملات", "أسعار الذهب", "نتائج الامتحانات", "حركة الطيران", "أرقام تهمك", "وظائف"],
}  # fmt: skip
"""An Arabic portal's mega menu: sections with their sub-sections."""

EN_SECTIONS = {
    "News": ["UK", "World", "Politics", "Business", "Science", "Health", "Education", "Tech", "Environment", "Media"],
    "World": ["Africa", "Americas", "Asia", "Australia", "Europe", "Middle East", "US & Canada", "India", "China", "Ukraine"],
    "Business": ["Markets", "Economy", "Companies", "Technology of Business", "Personal Finance", "Work", "Property", "Energy", "Retail", "Executive Lounge"],
    "Sport": ["Football", "Cricket", "Rugby Union", "Rugby League", "Tennis", "Golf", "Formula 1", "Boxing", "Athletics", "Cycling"],
    "Culture": ["Film", "Television", "Music", "Books", "Art & Design", "Stage", "Games", "Classical", "Podcasts", "Reviews"],
    "Lifestyle": ["Food", "Travel", "Fashion", "Wellness", "Money", "Cars", "Homes", "Family", "Puzzles", "Horoscopes"],
    "Opinion": ["Columnists", "Editorials", "Letters", "Cartoons", "Obituaries", "Readers' Editor", "Explainers", "Analysis", "Fact Check", "Long Reads"],
    "Video": ["Latest", "Live", "Documentaries", "Interviews", "Newsnight", "Weather", "Explainers", "Shorts", "Audio", "Archive"],
}  # fmt: skip
"""An English broadcaster's menu drawer: sections with their sub-sections."""

AR_RELATED = ["reuters.218863", "reuters.218865", "reuters.218882", "bbc.381646", "bbc.381647", "cnn.304400",
              "cnn.304404", "upi.176249", "upi.176266", "guardian.221679", "nytimes.184804", "abcnews.306758"]  # fmt: skip
EN_RELATED = ["reuters.218888", "reuters.218909", "reuters.218911", "bbc.381669", "bbc.381679", "cnn.304447",
              "cnn.304478", "upi.176275", "guardian.221756", "guardian.221762", "nytimes.184822", "abcnews.306764"]  # fmt: skip


def ar_megaportal(title: str, body: list[str]) -> str:
    """A large Arabic news portal: a prices bar, a mega menu of sections and sub-sections, a breaking
    news ticker, share bars above and below the story, an in-story "read also" card, tags, a sidebar
    of latest and most-read headlines, "chosen for you" cards with their summaries, and a sitemap
    footer with app links, follow lines and copyright."""
    cards = headlines("ar", AR_RELATED, 110)
    menu = "".join(
        f'<li class="menu-item has-children"><a href="/s/{i}">{esc(name)}</a><div class="mega-menu"><ul>'
        + "".join(f'<li><a href="/s/{i}/{j}">{esc(sub)}</a></li>' for j, sub in enumerate(subs))
        + "</ul></div></li>"
        for i, (name, subs) in enumerate(AR_SECTIONS.items())
    )
    ticker = "".join(f'<li><a href="/n/{i}">{esc(t)}</a></li>' for i, (t, _) in enumerate(cards[:8]))
    latest = "".join(
        f'<li><span class="time">منذ {i + 1} ساعة</span><a href="/n/{i}">{esc(t)}</a></li>'
        for i, (t, _) in enumerate(cards[2:12])
    )
    most = "".join(f'<li><a href="/m/{i}">{esc(t)}</a></li>' for i, (t, _) in enumerate(reversed(cards[:10])))
    chosen = "".join(
        f'<div class="card"><a href="/c/{i}"><img src="/img/c{i}.jpg" alt=""><h3>{esc(t)}</h3></a><p>{esc(s)}</p></div>'
        for i, (t, s) in enumerate(cards[4:12])
    )
    footer = "".join(
        f'<div class="footer-col"><h4>{esc(name)}</h4><ul>'
        + "".join(f'<li><a href="/s/{i}/{j}">{esc(sub)}</a></li>' for j, sub in enumerate(subs))
        + "</ul></div>"
        for i, (name, subs) in enumerate(AR_SECTIONS.items())
    )
    share = (
        '<div class="share-buttons"><span>شارك</span><a>فيسبوك</a><a>تويتر</a><a>واتساب</a><a>تلغرام</a>'
        "<a>لينكد إن</a><a>طباعة</a><a>نسخ الرابط</a></div>"
    )
    inserts = {
        2: f'<div class="read-also"><span>اقرأ أيضاً</span><a href="/n/90">{esc(cards[0][0])}</a></div>',
        5: '<div class="ad-slot"><span>إعلان</span></div>',
    }
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{esc(title)} | بوابة الشروق الإخبارية</title>
<meta property="og:site_name" content="بوابة الشروق الإخبارية">
<meta property="og:title" content="{esc(title)}">
<meta name="description" content="{esc(body[0][:150])}">
<link rel="canonical" href="https://alshorouk.example/news/2025/11/20/918273">
<script type="application/ld+json">{{"@type": "NewsArticle", "datePublished": "2025-11-20T11:05:00+02:00",
"author": {{"@type": "Person", "name": "أحمد عبد الرحمن"}}, "publisher": {{"name": "بوابة الشروق الإخبارية"}}}}</script>
<style>.mega-menu{{display:none}}</style><script>window.dataLayer=[];</script>
</head><body class="article-page">
<div class="top-bar"><span class="today">الخميس 20 نوفمبر 2025</span>
<div class="prices"><span>الدولار 48.90</span><span>اليورو 56.70</span><span>الذهب عيار 21: 3650</span></div>
<div class="weather"><span>القاهرة 24°</span></div><a href="/login">تسجيل الدخول</a> <a href="/register">حساب جديد</a></div>
<header class="site-header"><a class="logo" href="/">بوابة الشروق</a>
<nav class="main-menu"><ul><li><a href="/">الرئيسية</a></li>{menu}</ul></nav>
<div class="search-box"><form><input placeholder="ابحث في الموقع"><button>بحث</button></form></div></header>
<div class="breaking-news"><span class="label">عاجل</span><ul>{ticker}</ul></div>
<div class="container"><div class="row"><div class="col-main">
<div class="breadcrumb"><a href="/">الرئيسية</a> › <a href="/s/0">أخبار</a> › <a href="/s/0/2">دولي</a></div>
<article class="news-article">
<h1 class="article-title">{esc(title)}</h1>
<div class="article-meta"><span class="writer">كتب: أحمد عبد الرحمن</span> <span class="date">نشر في: الخميس 20 نوفمبر 2025 - 11:05 ص</span></div>
{share}
<figure class="main-image"><img src="/img/main.jpg" alt=""><figcaption>صورة أرشيفية - أ ف ب</figcaption></figure>
<div class="article-text">
{paragraphs(body, inserts)}
</div>
<div class="tags"><span>الكلمات المفتاحية:</span> <a>أخبار دولية</a> <a>سياسة</a> <a>الأمم المتحدة</a></div>
{share}
<p class="follow">تابعونا على قناتنا في تلغرام لمتابعة آخر الأخبار العاجلة</p>
</article>
<div class="chosen-for-you"><h2>اخترنا لك</h2>{chosen}</div>
<div class="comments-policy"><p>التعليقات المنشورة لا تعبر عن رأي الموقع وإنما تعبر عن رأي أصحابها.</p></div>
</div>
<aside class="sidebar"><div class="widget latest"><h3>آخر الأخبار</h3><ul>{latest}</ul></div>
<div class="widget most-read"><h3>الأكثر قراءة</h3><ol>{most}</ol></div>
<div class="widget newsletter"><p>اشترك في النشرة البريدية ليصلك أهم الأخبار يوميا</p><input><button>اشترك</button></div></aside>
</div></div>
<footer class="site-footer"><div class="footer-sitemap">{footer}</div>
<div class="apps"><p>حمّل تطبيق بوابة الشروق على هاتفك</p><a>App Store</a> <a>Google Play</a></div>
<div class="social"><p>تابعونا على مواقع التواصل الاجتماعي</p><a>فيسبوك</a><a>إكس</a><a>يوتيوب</a><a>إنستغرام</a></div>
<div class="footer-links"><a>من نحن</a> | <a>اتصل بنا</a> | <a>أعلن معنا</a> | <a>سياسة الخصوصية</a> | <a>شروط الاستخدام</a></div>
<p class="copyright">جميع الحقوق محفوظة © 2025 بوابة الشروق الإخبارية</p></footer>
</body></html>"""


def en_megasite(title: str, body: list[str]) -> str:
    """A large English news site: an edition picker, a menu drawer of sections and sub-sections, a
    trending bar, a live strip, inline "Related" and advertisement slots, a "More from World" rail of
    cards with standfirsts, a most-popular list, a newsletter box, a sitemap footer and legal lines."""
    cards = headlines("en", EN_RELATED, 140)
    drawer = "".join(
        f'<li class="nav-section"><a href="/{name.lower()}">{esc(name)}</a><ul class="nav-sub">'
        + "".join(f'<li><a href="/{name.lower()}/{j}">{esc(sub)}</a></li>' for j, sub in enumerate(subs))
        + "</ul></li>"
        for name, subs in EN_SECTIONS.items()
    )
    trending = "".join(f'<li><a href="/t/{i}">{esc(t)}</a></li>' for i, (t, _) in enumerate(cards[:6]))
    rail = "".join(
        f'<div class="promo"><a href="/r/{i}"><h3>{esc(t)}</h3></a><p class="standfirst">{esc(s)}</p>'
        f'<span class="meta">{i + 2} hrs ago</span></div>'
        for i, (t, s) in enumerate(cards[2:12])
    )
    popular = "".join(
        f'<li><span class="rank">{i + 1}</span><a href="/p/{i}">{esc(t)}</a></li>'
        for i, (t, _) in enumerate(reversed(cards[:10]))
    )
    sitemap = "".join(
        f'<div class="footer-col"><h4>{esc(name)}</h4><ul>'
        + "".join(f'<li><a href="/{name.lower()}/{j}">{esc(sub)}</a></li>' for j, sub in enumerate(subs))
        + "</ul></div>"
        for name, subs in EN_SECTIONS.items()
    )
    inserts = {
        2: f'<div class="related-inline"><p>Related: <a href="/r/90">{esc(cards[0][0])}</a></p></div>',
        4: '<div class="ad-container"><p>Advertisement</p></div>',
        6: '<div class="ad-container"><p>Story continues below advertisement</p></div>',
    }
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{esc(title)} | World Report</title>
<meta property="og:title" content="{esc(title)}"><meta property="og:site_name" content="World Report">
<meta name="author" content="Helen Carter"><meta property="article:published_time" content="2025-11-21T08:15:00Z">
<link rel="canonical" href="https://worldreport.example/world/2025/11/21/story-55120">
<script>var ads = {{slots: []}};</script>
</head><body>
<div id="cookie-banner" class="consent"><p>We and our partners use cookies to personalise content and ads and to
analyse our traffic. By continuing to browse you agree to our use of cookies.</p><button>Accept all</button>
<button>Reject all</button><button>Manage preferences</button></div>
<a class="skip-link" href="#content">Skip to main content</a>
<div class="edition-picker"><span>Edition</span><a>UK</a><a>US</a><a>International</a><a>Australia</a></div>
<header class="masthead"><a class="logo" href="/">World Report</a><a href="/subscribe">Subscribe</a> <a href="/signin">Sign in</a>
<nav class="menu-drawer"><ul><li><a href="/">Home</a></li>{drawer}</ul></nav></header>
<div class="trending-bar"><span>Trending</span><ul>{trending}</ul></div>
<div class="live-strip"><span>Live</span> <a href="/live">Follow the latest updates on the summit</a></div>
<main id="content"><div class="layout"><div class="story-column"><article class="story">
<div class="breadcrumbs"><a>World</a> / <a>Europe</a></div>
<h1>{esc(title)}</h1>
<p class="byline">By Helen Carter, Europe correspondent</p><p class="dateline">Published 21 November 2025</p>
<div class="share-bar"><button>Share</button><button>Facebook</button><button>X</button><button>Email</button><button>Copy link</button></div>
<figure><img src="/lead.jpg"><figcaption>Image caption, Delegates arrive for the talks. Getty Images</figcaption></figure>
{paragraphs(body, inserts)}
<p>Follow us on Facebook and X for the latest updates.</p>
<div class="topics"><h2>Related topics</h2><ul><li><a>Europe</a></li><li><a>Diplomacy</a></li><li><a>Elections</a></li></ul></div>
</article>
<section class="more-from"><h2>More from World</h2>{rail}</section></div>
<aside class="rail"><div class="most-popular"><h2>Most popular</h2><ol>{popular}</ol></div>
<div class="newsletter-signup"><h3>Sign up for our morning newsletter</h3><p>Get the top stories in your inbox every weekday.</p>
<input placeholder="Enter your email"><button>Sign up</button></div></aside></div></main>
<footer class="site-footer"><div class="sitemap">{sitemap}</div>
<ul class="legal"><li><a>Terms of Use</a></li><li><a>About us</a></li><li><a>Privacy Policy</a></li><li><a>Cookies</a></li>
<li><a>Accessibility</a></li><li><a>Contact us</a></li><li><a>Advertise with us</a></li></ul>
<p>Copyright 2025 World Report. All rights reserved. We are not responsible for the content of external sites.</p></footer>
</body></html>"""


TEMPLATES = {"ar-wordpress": ar_wordpress, "ar-portal": ar_portal, "en-broadcaster": en_broadcaster,
             "en-newspaper": en_newspaper, "ar-megaportal": ar_megaportal, "en-megasite": en_megasite}  # fmt: skip

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

MENU_PAGES = [
    ("ar-megaportal", "ar", "reuters.218861"),
    ("ar-megaportal", "ar", "dailymail.co.uk.298696"),
    ("ar-megaportal", "ar", "abcnews.306815"),
    ("en-megasite", "en", "reuters.218861"),
    ("en-megasite", "en", "scotsman.133744"),
    ("en-megasite", "en", "guardian.221718"),
]
"""Pages with big menus, sidebars and sitemap footers (`menus/`: `python -m models.clean.devset
tests/models/clean/pages/menus`), long stories among them."""


def write(folder: Path, pages: list[tuple[str, str, str | None]]) -> None:
    folder.mkdir(exist_ok=True)
    for template, lang, doc in pages:
        title, body = seed() if lang == "seed" else ntrex(lang, doc or "")
        name = f"{template}-{lang}-{doc or 'article'}".replace(".", "-")
        (folder / f"{name}.html").write_text(TEMPLATES[template](title, body), encoding="utf-8")
        (folder / f"{name}.txt").write_text("\n\n".join([title, *body]) + "\n", encoding="utf-8")
    print(f"wrote {len(pages)} pages to {folder}")


def main() -> None:
    write(HERE, PAGES)
    write(HERE / "menus", MENU_PAGES)


if __name__ == "__main__":
    main()
