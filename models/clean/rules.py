"""Line-level boilerplate rules for Arabic and English news pages.

Every rule looks at one line (or one short paragraph) on its own and answers with a removal reason or
None. The rules are deliberately narrow: whole-line matches of short phrases, or prefixes followed by
something short (a name, a headline). A line of `MAX_RULE_WORDS` words or more is never matched, so a
body paragraph cannot be removed by a rule here; position-aware decisions (lead-in, tail after an
"Author" or "Leave a Reply" heading) are made in `models.clean.boilerplate`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

MAX_RULE_WORDS = 40
"""Lines with at least this many words are never classified as boilerplate by a line rule."""

_FOLDS = (("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ٱ", "ا"), ("ى", "ي"), ("ة", "ه"))
"""Alef, alef maqsura and ta marbuta folds (str.replace: str.translate is slow on Arabic text)."""
_TRAILING_CHARS = " \t\n\r\f\v\u00a0\u2000\u2001\u2002\u2003\u2009\u202f\u3000:：.,،؛;!|»›>-–—…"
"""Stripped from the end of a line's key (a regex `[...]+$` costs a scan from every space)."""
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]+")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f]+")
"""Runs of Arabic and of Latin letters: a line's count of either is what removing its runs takes off
its length (one pass building one string, where finding each letter builds a string per letter)."""
_SENTENCE_END = re.compile(r"[.!?؟…。][\"'”’»)\]]*$")


_BULLET_CHARS = " \t\n\r\f\v\u00a0\u2009\u202f\u3000•·▪▫►▶●○◦■□‣⁃-–—*>|"
_MARKS = re.compile("[\u064b-\u0652\u0670\u0640]")


def strip_bullets(line: str) -> str:
    """Line without surrounding whitespace or leading bullets; otherwise verbatim.

    Args:
        line: one line of text.
    """
    return line.strip().lstrip(_BULLET_CHARS).strip()


def strip_marks(line: str) -> str:
    """Line without surrounding whitespace, leading bullets, tatweel or Arabic diacritics.

    Args:
        line: one line of text.
    """
    return " ".join(_MARKS.sub("", line.strip().lstrip(_BULLET_CHARS)).split())


def line_key(line: str) -> str:
    """Folded form of a line used for phrase matching: marks stripped, alef/ya/ta-marbuta folded,
    lower-cased, trailing punctuation (but not `*`) removed.

    Args:
        line: one line of text.
    """
    return _fold(strip_marks(line)).lower().rstrip(_TRAILING_CHARS)


def _fold(text: str) -> str:
    for letter, folded in _FOLDS:
        if letter in text:
            text = text.replace(letter, folded)
    return text


@lru_cache(maxsize=16384)
def script_of(text: str) -> str | None:
    """ "ar" or "en" by the majority of Arabic vs Latin letters, None when the text has no letters.

    Args:
        text: any text.
    """
    arabic = len(text) - len(_ARABIC.sub("", text))
    latin = len(text) - len(_LATIN.sub("", text))
    if arabic == latin == 0:
        return None
    return "ar" if arabic >= latin else "en"


def ends_sentence(line: str) -> bool:
    """True when the line ends with sentence punctuation (possibly followed by closing quotes).

    Args:
        line: one line of text.
    """
    return bool(_SENTENCE_END.search(line.strip()))


def word_count(text: str) -> int:
    """Number of whitespace-separated words.

    Args:
        text: any text.
    """
    return len(text.split())


_ODD_CASES = "\u0130\u0131\u017f"
"""İ, ı and ſ: the only characters a case-insensitive pattern matches to an ASCII letter ("i", "s")
that `str.lower` does not turn into that letter."""

SHORT_TEXT = 60
"""Below this many characters one alternation of the words is the faster test, above it a substring
search per word."""


class Words:
    """Words one of which every match of a costly pattern holds: a cheap test that lets the pattern
    be skipped on the many lines that mention none of them.

    Args:
        words: the words (lower-case when `ignore_case`).
        ignore_case: whether the words are found as a case-insensitive pattern finds them.
    """

    def __init__(self, *words: str, ignore_case: bool = False) -> None:
        self.words = words
        self.ignore_case = ignore_case
        flags = re.IGNORECASE if ignore_case else 0
        self.pattern = re.compile("|".join(re.escape(word) for word in words), flags)

    def found_in(self, text: str) -> bool:
        """Whether one of the words may be in `text`."""
        if len(text) < SHORT_TEXT:
            return self.pattern.search(text) is not None
        # map over the string's own __contains__: no Python frame per word, as a generator has.
        if not self.ignore_case:
            return any(map(text.__contains__, self.words))
        low = text.lower()
        return any(map(low.__contains__, self.words)) or (
            not text.isascii() and any(map(text.__contains__, _ODD_CASES))
        )


def _keys(*phrases: str) -> frozenset[str]:
    return frozenset(line_key(p) for p in phrases)


# --- whole-line phrases -------------------------------------------------------------------------

SHARE_WORDS = _keys(
    "share", "shares", "share this", "share this article", "share this story", "share article",
    "share on facebook", "share on twitter", "share on whatsapp", "share on linkedin", "share via",
    "tweet", "facebook", "twitter", "x", "whatsapp", "telegram", "linkedin", "pinterest", "reddit",
    "messenger", "email", "e-mail", "print", "copy link", "copy", "link copied", "threads", "bluesky",
    "شارك", "مشاركة", "شارك المقال", "شارك الخبر", "شارك هذا المقال", "شارك هذا الخبر", "شارك عبر",
    "فيسبوك", "فيس بوك", "تويتر", "واتساب", "واتس اب", "تلغرام", "تيليجرام", "لينكد إن", "طباعة",
    "انسخ الرابط", "نسخ الرابط", "تم نسخ الرابط", "إكس", "إرسال", "بريد إلكتروني",
)  # fmt: skip

READ_MORE_HEADINGS = _keys(
    "read more", "read also", "also read", "see also", "continue reading", "more", "read next",
    "read the full story", "click here to read more", "اقرأ أيضا", "اقرأ أيضاً", "اقرأ ايضا", "إقرأ أيضا",
    "اقرأ المزيد", "المزيد", "للمزيد", "طالع أيضا", "طالع أيضاً", "شاهد أيضا", "شاهد أيضاً", "انظر أيضا",
    "اقرأ كذلك", "تابع القراءة", "إقرأ المزيد",
)  # fmt: skip

RELATED_HEADINGS = _keys(
    "related", "related articles", "related posts", "related stories", "related news", "related content",
    "related topics", "related coverage", "more stories", "more news", "more on this story",
    "you may also like", "you might also like", "you may be interested in", "recommended",
    "recommended for you", "most read", "most popular", "trending", "trending now", "top stories",
    "مواضيع ذات صلة", "مقالات ذات صلة", "أخبار ذات صلة", "ذات صلة", "موضوعات ذات صلة", "الأكثر قراءة",
    "الأكثر مشاهدة", "قد يعجبك أيضا", "قد يعجبك أيضاً", "قد يهمك أيضا", "قد يهمك أيضاً", "المزيد من الأخبار",
    "أخبار متعلقة", "مقالات مشابهة",
)  # fmt: skip

AUTHOR_HEADINGS = _keys(
    "author", "authors", "the author", "about the author", "about the authors", "author bio",
    "الكاتب", "الكاتبة", "عن الكاتب", "عن الكاتبة", "نبذة عن الكاتب", "عن المؤلف", "المؤلف",
)  # fmt: skip

MORE_FROM_AUTHOR = _keys(
    "more from author", "more from the author", "more by this author", "more by author",
    "more articles by this author", "other articles by this author", "المزيد من الكاتب",
    "مقالات أخرى للكاتب", "المزيد للكاتب", "مقالات الكاتب", "المزيد من المقالات للكاتب",
)  # fmt: skip

COMMENT_HEADINGS = _keys(
    "leave a reply", "leave a comment", "post a comment", "add a comment", "add comment", "comments",
    "write a comment", "join the conversation", "اترك تعليقاً", "اترك تعليقا", "اترك رداً", "اترك ردا",
    "أضف تعليق", "أضف تعليقاً", "أضف تعليقا", "التعليقات", "اكتب تعليقا", "اكتب تعليقاً", "تعليقات",
)  # fmt: skip

COMMENT_FIELDS = _keys(
    "comment", "comment *", "name", "name *", "email *", "e-mail *", "website", "your name", "your email",
    "post comment", "submit comment", "submit", "cancel reply", "reply", "تعليق", "تعليق *", "الاسم",
    "الاسم *", "البريد الإلكتروني *", "البريد الالكتروني *", "الموقع", "الموقع الإلكتروني",
    "إرسال التعليق", "ارسال التعليق", "نشر التعليق", "إلغاء الرد", "رد",
)  # fmt: skip

COMMENT_PREFIXES = tuple(
    line_key(p)
    for p in (
        "your email address will not be published",
        "required fields are marked",
        "save my name, email, and website in this browser",
        "you must be logged in to post a comment",
        "this site uses akismet to reduce spam",
        "notify me of follow-up comments",
        "notify me of new posts",
        "لن يتم نشر عنوان بريدك الإلكتروني",
        "لن يتم نشر بريدك الإلكتروني",
        "الحقول الإلزامية مشار إليها",
        "الحقول المطلوبة مشار إليها",
        "احفظ اسمي",
        "يجب أن تكون مسجل الدخول لنشر تعليق",
    )
)

NAVIGATION = _keys(
    "skip to content", "skip to main content", "menu", "main menu", "home", "search", "toggle navigation",
    "previous article", "next article", "previous post", "next post", "back to top", "close", "open menu",
    "الرئيسية", "القائمة", "القائمة الرئيسية", "بحث", "تخطى إلى المحتوى", "انتقل إلى المحتوى",
    "المقال السابق", "المقال التالي", "الخبر السابق", "الخبر التالي", "العودة للأعلى", "إغلاق",
    "media playback is unsupported on your device",
)  # fmt: skip

ADVERTISEMENT = _keys(
    "advertisement", "advertisements", "sponsored", "sponsored content", "scroll to continue",
    "story continues below advertisement", "إعلان", "اعلان", "محتوى مدعوم", "إعلانات",
)  # fmt: skip

AGENCIES = _keys(
    "getty images", "gettyimages", "getty", "afp", "afp via getty images", "reuters", "ap", "ap photo",
    "epa", "epa-efe", "anadolu", "anadolu agency", "shutterstock", "alamy", "xinhua", "pa media",
    "رويترز", "أ ف ب", "ا ف ب", "أ.ف.ب", "فرانس برس", "وكالة الصحافة الفرنسية", "الأناضول", "غيتي",
    "غيتي إيماجز", "جيتي إيماجز", "أسوشيتد برس", "إي بي إيه", "شترستوك",
)  # fmt: skip

"""Headings after which (once the body has started) everything is page furniture."""

# --- patterns --------------------------------------------------------------------------------------

_IMAGE_EXT = r"(?:jpe?g|png|gif|webp|bmp|tiff?|svg|heic|avif)"
_FILENAME = re.compile(rf"(?i)(?:^|\s)[\w.-]+\.{_IMAGE_EXT}(?:\s|$)")
_TRAILING_EXT = re.compile(rf"(?i)\b{_IMAGE_EXT}$")
_PHOTO_PREFIX = re.compile(
    r"(?i)^\(?\s*(?:photo|photos|image|images|picture|photograph|photography|credit|photo credit|"
    r"image credit|image source|image copyright|pictured|foto)\s*[:：,/|]"
)
_CAPTION_PREFIX = re.compile(r"(?i)^\(?\s*(?:image caption|caption|media caption)\s*[:：,]")
_INLINE_CREDIT = re.compile(
    r"(?i)\((?:photo|image|picture|credit|photo credit|file photo|صورة|الصورة|تصوير)\s*[:：][^)]{1,80}\)\s*$"
)
_AR_PHOTO_PREFIX = re.compile(r"^\(?\s*(?:صورة|الصورة|صور|الصور|تصوير|مصدر الصورة|حقوق الصورة)\s*[:：/]")
_AR_PHOTO_WORD = re.compile(r"^\(?\s*(?:تصوير|صورة أرشيفية|صورة ارشيفية|أرشيفية|ارشيفية)\b")
_AR_CAPTION_PREFIX = re.compile(r"^\(?\s*(?:تعليق على الصورة|التعليق على الصورة)\s*[:：,]?")
_AGENCY_TAIL = re.compile(
    r"(?i)(?:/|\(|\bvia\s+)\s*(?:getty images|getty|afp|reuters|ap|epa|anadolu|shutterstock|"
    r"رويترز|أ ف ب|فرانس برس|الأناضول|غيتي)\s*\)?\s*$"
)

_NAME_WORD = r"[A-Z][\w.'’-]*"
_NAME_JOIN = r"(?:and|&|de|van|von|der|al|el|bin|ibn|la|le|da|du|di|bint|abu)"
_EN_NAME = rf"{_NAME_WORD}(?:[ ](?:{_NAME_WORD}|{_NAME_JOIN})){{0,6}}"
_EN_BYLINE = re.compile(
    rf"^(?i:by|written by|words by|reporting by|reported by|story by|posted by|published by|"
    rf"author|authors|reporter|writer|edited by)\s*[:：]?\s+(?P<name>{_EN_NAME})"
    rf"(?:\s*(?:,|\||-|–|—|/|\bin\b|\bfor\b)\s*.{{0,80}})?$"
)
_NOT_NAMES = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "the",
        "this",
        "that",
        "then",
        "now",
        "early",
        "late",
        "noon",
        "midnight",
        "contrast",
        "comparison",
        "far",
        "law",
        "order",
        "default",
        "design",
        "nature",
        "mid",
    ]
)
_AR_BYLINE = re.compile(
    r"^(?:(?:بقلم|بواسطة)\s*[:：]?|(?:كتب|كتبت|كتبه|كتابة|إعداد|اعداد|تقرير|تحرير|المحرر|المحررة|المراسل|"
    r"الكاتب|الكاتبة|الصحفي|الصحفية)\s*[:：])\s*(?P<name>[^.:：!؟?]{2,80})$"
)
_DATELINE = re.compile(
    r"(?i)^(?:published|updated|last updated|posted|first published|نشر في|نُشر في|نشر|تاريخ النشر|"
    r"آخر تحديث|اخر تحديث|تم التحديث|تحديث)\s*[:：]?\s*.{0,60}\d.{0,40}$"
)
_DATE_ONLY = re.compile(
    r"(?i)^(?:\w+,?\s+)?\d{1,4}[\s./-]+(?:\d{1,2}|[^\W\d_]{3,12})[\s./-]+\d{2,4}(?:\s*[-–,|]?\s*\d{1,2}:\d{2}"
    r"(?:\s*[ap]\.?m\.?)?)?(?:\s*\w{2,5})?$|^\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?$"
)
_BREADCRUMB_SEP = re.compile(r"\s(?:>|»|›|/|\||::)\s")
_MENU_SEP = re.compile(r"\s[|•·]\s")
_TAGS_PREFIX = re.compile(
    r"(?i)^(?:tags|topics|filed under|categories|الوسوم|وسوم|كلمات مفتاحية|الكلمات المفتاحية)\s*[:：]"
)
_NEWSLETTER = re.compile(
    r"(?i)(?:sign up|subscribe|get|join|register).{0,40}\bnewsletters?\b|\bnewsletters?\b.{0,40}"
    r"(?:sign up|subscribe|inbox)|اشترك.{0,30}(?:النشرة|نشرتنا|النشرات)|(?:النشرة البريدية|النشرة الإخبارية)"
    r".{0,30}(?:اشترك|سجل)|سجل.{0,20}(?:النشرة|نشرتنا)"
)
_NEWSLETTER_WORDS = Words("newsletter", "النشرة", "نشرتنا", "النشرات", ignore_case=True)
"""One of these is in every line `_NEWSLETTER` matches."""
_READ_MORE_PREFIX = re.compile(
    r"(?i)^(?:read more|read also|also read|see also|read next|more|اقرأ أيضا|اقرأ أيضاً|اقرأ ايضا|"
    r"اقرأ ايضاً|إقرأ أيضا|إقرأ أيضاً|اقرأ المزيد|طالع أيضا|طالع أيضاً|شاهد أيضا|شاهد أيضاً|"
    r"انظر أيضا|اقرأ كذلك)\s*[:：»>|-]"
)
_RELATED_PREFIX = re.compile(
    r"(?i)^(?:related|related article|related story|ذات صلة|متعلق|اقرأ المزيد عن)\s*[:：»>|-]"
)
_BIO_EN = re.compile(
    rf"^(?P<name>{_NAME_WORD}(?:[ ]{_NAME_WORD}){{0,3}})\s+(?:is|was|has been|has|covers|writes|joined)\b"
    r".{0,160}?\b(?:reporter|journalist|writer|editor|correspondent|columnist|author|contributor|"
    r"producer|analyst|freelance|freelancer|news|award-winning|covering|covers)\b"
)
_BIO_AR = re.compile(
    r"^[^.،]{2,40}?\s(?:هو|هي)?\s*(?:صحفي|صحفية|صحافي|صحافية|كاتب|كاتبة|مراسل|مراسلة|محرر|محررة|إعلامي|إعلامية)"
    r".*(?:خبرة|حاصل|حائز|يعمل|تعمل|عمل|عملت|سنوات|عاما|عامًا)"
)

_BIO_AR_ROLES = re.compile("صحفي|صحافي|كاتب|مراسل|محرر|إعلامي")
"""Words one of which `_BIO_AR` needs (each feminine form holds the masculine)."""


@dataclass(frozen=True)
class LineClass:
    """What a line rule found.

    Args:
        reason: the removal reason (see `models.clean.types.REASONS`).
        heading: True when the line is a heading that introduces more of the same (a list of related
            headlines, an author box, a comment form) rather than the boilerplate itself.
        strong: True for headings after which, once the body has begun, the rest of the page is tail.
        author: the person named, for bylines.
    """

    reason: str
    heading: bool = False
    strong: bool = False
    author: str | None = None


_SHARE_SEP = re.compile(r"[\s|,/·•]+")


def _is_share_list(key: str) -> bool:
    if len(key) > 120:
        return False
    if _SHARE_SEP.search(key) is None:  # one part: not a list
        return False
    parts = [p for p in _SHARE_SEP.split(key) if p]
    return len(parts) >= 2 and all(p in SHARE_WORDS for p in parts)


_CRUMB_MARKS = re.compile(r"[>»›/|:•·]")
"""A mark one of `_BREADCRUMB_SEP` and `_MENU_SEP` holds (a line without any splits into one part)."""


def _is_breadcrumb(line: str) -> bool:
    if _CRUMB_MARKS.search(line) is None:
        return False
    parts = _BREADCRUMB_SEP.split(line)
    if len(parts) >= 3:
        return all(0 < word_count(p) <= 4 for p in parts) and not ends_sentence(line)
    # Two menu items need an unambiguous menu separator: "Home | News", not "Gaza / Cairo".
    menu = _MENU_SEP.split(line)
    return len(menu) == 2 and all(0 < word_count(p) <= 3 for p in menu) and not ends_sentence(line)


class AnyPrefix:
    """Whether any of some patterns matches at a line's start (as `Pattern.match` tries them), in one
    regex call: a line none fits skips every rule that needs one, without a call per pattern. Exact:
    an alternation matches where one of its branches does. (Patterns searched anywhere are left to
    their rules: an alternation of those costs more than the patterns one by one, which the regex
    engine starts only at their possible first characters.)

    Args:
        patterns: patterns rules try with `.match`.
    """

    def __init__(self, patterns: tuple[re.Pattern[str], ...]) -> None:
        self.pattern = re.compile("|".join(_scoped(p) for p in patterns))

    def fits(self, text: str) -> bool:
        """Whether one of the patterns may match at the start of `text` (False: none does)."""
        return self.pattern.match(text) is not None


def _scoped(pattern: re.Pattern[str]) -> str:
    """The pattern as one branch of an alternation: its flags scoped to it, group names dropped (a
    name may be used once per pattern; no rule refers back to a group)."""
    source = pattern.pattern.removeprefix("(?i)")
    if pattern.flags & ~(re.IGNORECASE | re.UNICODE) or "(?P=" in source or "(?i)" in source:
        raise ValueError(f"pattern {source!r}: only case folding can be scoped to a branch")
    source = re.sub(r"\(\?P<\w+>", "(?:", source)
    return f"(?i:{source})" if pattern.flags & re.IGNORECASE else f"(?:{source})"


PREFIX_GATED_CHARS = 200
"""Lines up to this many characters are tested against all prefix patterns at once (`AnyPrefix`)."""


@lru_cache(maxsize=16384)
def classify_line(line: str) -> LineClass | None:
    """The boilerplate class of one line on its own, or None for ordinary text.

    Args:
        line: one line (or short paragraph) of markup-free text.

    Results are cached: pages of one site repeat their furniture lines.
    """
    clean = strip_marks(line)
    if not clean:
        return None
    words = clean.count(" ") + 1  # counted once (the rules below all ask): its words are single-spaced
    if words >= MAX_RULE_WORDS:
        return None
    key = _fold(clean).lower().rstrip(_TRAILING_CHARS)  # line_key(clean): marks already stripped
    phrase = _classify_phrase(key)
    if phrase is not None:
        return phrase
    if clean.isascii() and clean.isalnum():  # "Politics", "2025": much of a page's menus
        return _classify_ascii_word(clean, key)
    # Most lines start as none of the prefix rules needs; on long ones those rules' own length
    # conditions leave few of them to try, fewer than the alternation costs.
    starts = len(clean) > PREFIX_GATED_CHARS or _any_prefix().fits(clean)
    return _classify_notice(clean, key, words, starts) or _classify_pattern(clean, key, words, starts)


@lru_cache(maxsize=1)
def _any_prefix() -> AnyPrefix:
    """The `.match` patterns of `_classify_pattern` (with `_byline`) and of `models.clean.notices`
    (built on first use: that module is imported lazily)."""
    from models.clean import notices

    return AnyPrefix(MATCHED + notices.MATCHED)


@lru_cache(maxsize=1)
def _notices() -> Callable[[str, str, int, bool], str | None]:
    # Imported on first use: models.clean.notices builds its phrase sets with line_key from this module.
    from models.clean.notices import classify_notice

    return classify_notice


def _classify_notice(clean: str, key: str, words: int, starts: bool = True) -> LineClass | None:
    reason = _notices()(clean, key, words, starts)
    return None if reason is None else _notice_class(reason, clean)


def _notice_class(reason: str, clean: str) -> LineClass:
    if reason == "legal" and line_key(clean.replace("©", " ")).strip("() ") in AGENCIES:
        return LineClass("photo_credit")  # "© Reuters" under a photo
    return LineClass(reason)


def _phrases(*groups: tuple[frozenset[str], LineClass]) -> dict[str, LineClass]:
    """One lookup for several phrase sets: the first set holding a key gives its class (classes are
    frozen, so one instance serves every line)."""
    table: dict[str, LineClass] = {}
    for keys, cls in groups:
        for key in keys:
            table.setdefault(key, cls)
    return table


_HEADING_PHRASES = _phrases(
    (AUTHOR_HEADINGS, LineClass("byline", heading=True, strong=True)),
    (MORE_FROM_AUTHOR, LineClass("related", heading=True, strong=True)),
    (COMMENT_HEADINGS, LineClass("comment_form", heading=True, strong=True)),
)
_COMMENT_PREFIX = LineClass("comment_form", strong=True)
_LIST_PHRASES = _phrases(
    (COMMENT_FIELDS, LineClass("comment_form")),
    (READ_MORE_HEADINGS, LineClass("read_more", heading=True)),
    (RELATED_HEADINGS, LineClass("related", heading=True)),
    (SHARE_WORDS, LineClass("share")),
)
_SHARE = LineClass("share")
_SITE_PHRASES = _phrases(
    (NAVIGATION, LineClass("navigation")),
    (ADVERTISEMENT, LineClass("advertisement")),
    (AGENCIES, LineClass("photo_credit")),
)
_PHOTO_CREDIT = LineClass("photo_credit")


def _classify_phrase(key: str) -> LineClass | None:
    """The phrase rules in order: headings, comment-form prefixes, form fields, "read more" and related
    headings, share words or lists, navigation, advertisement, agencies."""
    found = _HEADING_PHRASES.get(key)
    if found is not None:
        return found
    if key.startswith(COMMENT_PREFIXES):
        return _COMMENT_PREFIX
    found = _LIST_PHRASES.get(key)
    if found is not None:
        return found
    if _is_share_list(key):
        return _SHARE
    found = _SITE_PHRASES.get(key)
    if found is not None:
        return found
    if key.strip("()") in AGENCIES:
        return _PHOTO_CREDIT
    return None


MATCHED = (
    _CAPTION_PREFIX,
    _AR_CAPTION_PREFIX,
    _PHOTO_PREFIX,
    _AR_PHOTO_PREFIX,
    _AR_PHOTO_WORD,
    _EN_BYLINE,
    _AR_BYLINE,
    _DATELINE,
    _DATE_ONLY,
    _READ_MORE_PREFIX,
    _RELATED_PREFIX,
    _TAGS_PREFIX,
)
"""Every pattern `_classify_pattern` (with `_byline`) tries at the line's start (`.match`)."""


def _classify_pattern(clean: str, key: str, words: int, starts: bool = True) -> LineClass | None:
    """The pattern rules in order; `starts`: False when no pattern of `MATCHED` fits the line's start
    (their rules are skipped: their answer is known)."""
    short = words <= 15 and len(clean) <= 160
    if words <= 8 and (("." in clean and _FILENAME.search(clean)) or _TRAILING_EXT.search(clean)):
        return LineClass("caption")
    if starts and (_CAPTION_PREFIX.match(clean) or _AR_CAPTION_PREFIX.match(clean)):
        return LineClass("caption")
    if (
        starts
        and short
        and (_PHOTO_PREFIX.match(clean) or _AR_PHOTO_PREFIX.match(clean) or _AR_PHOTO_WORD.match(clean))
    ):
        return LineClass("photo_credit")
    if len(clean) <= 300 and "(" in clean and _INLINE_CREDIT.search(clean):
        return LineClass("caption")
    if words <= 6 and _AGENCY_TAIL.search(clean) and not ends_sentence(clean.rstrip(")")):
        return LineClass("photo_credit")
    if starts:
        byline = _byline(clean)
        if byline is not None:
            return byline
        if short and not ends_sentence(clean) and (_DATELINE.match(clean) or _DATE_ONLY.match(clean)):
            return LineClass("byline")
    if words <= 25 and _NEWSLETTER_WORDS.found_in(clean) and _NEWSLETTER.search(clean):
        return LineClass("newsletter")
    if starts and len(clean) <= 200 and _READ_MORE_PREFIX.match(clean):
        return LineClass("read_more")
    if starts and len(clean) <= 200 and _RELATED_PREFIX.match(clean):
        return LineClass("related")
    if starts and short and _TAGS_PREFIX.match(clean):
        return LineClass("navigation")
    if len(clean) <= 120 and _is_breadcrumb(clean):
        return LineClass("navigation")
    return None


def _classify_ascii_word(clean: str, key: str) -> LineClass | None:
    """`_classify_notice` then `_classify_pattern` on one word of ASCII letters and digits (no space,
    no mark, no letter that a case-insensitive pattern folds to an ASCII one): of their rules only the
    notices' phrase sets, a bare image extension ("JPG") and a dateline ("Updated2025") can match
    such a word; every other pattern needs a space, a mark, a word boundary inside the word, or an
    Arabic letter (`tests/models/clean/test_word_path.py` checks the two paths agree on the rules'
    own words, joined, cased and numbered)."""
    if key in _notice_phrases():  # the notices' phrase sets, their first reason (as they test them)
        return _notice_class(_notice_phrases()[key], clean)
    if _TRAILING_EXT.search(clean):
        return LineClass("caption")
    if len(clean) <= 160 and _DATELINE.match(clean):  # a word cannot end a sentence
        return LineClass("byline")
    return None


@lru_cache(maxsize=1)
def _notice_phrases() -> dict[str, str]:
    """The whole-line phrase sets of `models.clean.notices`, in the order `classify_notice` tests
    them, as key -> reason (built on first use, as that module is imported lazily)."""
    from models.clean import notices

    table: dict[str, str] = {}
    for keys, reason in (
        (notices.SITE_PAGES, "legal"),
        (notices.COOKIE_BUTTONS, "cookie_notice"),
        (notices.COMMENT_COUNTERS, "comment_policy"),
    ):
        for phrase in keys:
            table.setdefault(phrase, reason)
    return table


def _byline(clean: str) -> LineClass | None:
    if len(clean) > 140:
        return None
    match = _EN_BYLINE.match(clean)
    if match and not ends_sentence(clean) and match.group("name").split()[0].lower() not in _NOT_NAMES:
        return LineClass("byline", author=match.group("name").strip())
    match = _AR_BYLINE.match(clean)
    if match and word_count(match.group("name")) <= 8:
        name = re.split(r"\s*[-–—|/،,]\s*", match.group("name").strip())[0]
        return LineClass("byline", author=name)
    return None


def looks_like_bio(text: str) -> bool:
    """True when a paragraph reads like an author biography ("X is an award-winning reporter ...").

    Only meaningful at the end of an article or after an author heading; the caller decides where.

    Args:
        text: one paragraph.
    """
    if text.isalnum():  # one word (a menu item), which strip_marks leaves without a space
        return False
    clean = strip_marks(text)
    # Cheap necessary conditions first: the patterns backtrack over the whole line when they fail, and
    # both need a space after the name (strip_marks leaves single spaces as the only whitespace).
    if " " not in clean:
        return False
    if "A" <= clean[:1] <= "Z" and _BIO_EN.match(clean):
        return True
    return _BIO_AR_ROLES.search(clean) is not None and _BIO_AR.match(clean) is not None


def looks_like_name(text: str) -> bool:
    """True for a short line that reads like a person's name (2-5 words, no sentence punctuation).

    Args:
        text: one line.
    """
    clean = strip_marks(text)
    if not clean or ends_sentence(clean) or any(ch in clean for ch in ":：،,;؛"):
        return False
    words = clean.split()
    if not 1 <= len(words) <= 5:
        return False
    if script_of(clean) == "en":
        return all(
            w[0].isupper() or w.lower() in {"al", "el", "bin", "ibn", "de", "van", "von"} for w in words
        )
    return True
