"""Site-wide notices that extractors keep and newsrooms don't want, in Arabic and English.

- **legal**: copyright footers ("© 2025 ...", "جميع الحقوق محفوظة"), terms-of-use and privacy lines,
  and lists of the site's own pages ("About us | Contact | Privacy policy");
- **cookie_notice**: cookie banners and their buttons;
- **comment_policy**: the site's rules for reader comments ("Comments are moderated", "التعليقات
  المنشورة لا تعبر عن رأي الموقع"), comment counters and "be the first to comment";
- **share**: "Follow us on ...", "Join our Telegram channel", "Download our app";
- **newsletter**: subscription boxes that name no newsletter ("Subscribe to get the latest posts by email");
- site credits ("Powered by WordPress", "تصميم وتطوير ...") count as **legal** footer lines.

Like the rules of `models.clean.rules`, each pattern looks at one short line; a line that talks *about*
such things (a story on a privacy law) is left alone by requiring the site to speak of itself ("our",
"this site", "الموقع") or the line to be nothing but the notice.
"""

from __future__ import annotations

import re

from models.clean.rules import Words, line_key

MAX_NOTICE_WORDS = 45
"""Notices are shorter than this many words; longer lines are never matched here."""


def _keys(*phrases: str) -> frozenset[str]:
    return frozenset(line_key(p) for p in phrases)


SITE_PAGES = _keys(
    "privacy", "privacy policy", "privacy notice", "privacy statement", "terms", "terms of use",
    "terms of service", "terms and conditions", "terms & conditions", "cookie policy", "cookies policy",
    "cookie settings", "cookie preferences", "manage cookies", "do not sell my personal information",
    "accessibility", "contact", "contact us", "about", "about us", "advertise", "advertise with us",
    "careers", "jobs", "site map", "sitemap", "rss", "editorial policy", "editorial standards",
    "code of conduct", "corrections", "legal", "imprint", "disclaimer", "help", "faq", "newsletters",
    "سياسة الخصوصية", "الخصوصية", "شروط الاستخدام", "شروط الخدمة", "الشروط والأحكام", "الأحكام والشروط",
    "سياسة ملفات تعريف الارتباط", "سياسة الكوكيز", "اتصل بنا", "تواصل معنا", "من نحن", "عن الموقع",
    "أعلن معنا", "للإعلان", "أعلن لدينا", "خريطة الموقع", "سياسة التحرير", "الميثاق التحريري",
    "إخلاء المسؤولية", "إخلاء مسؤولية", "وظائف", "فريق العمل", "هيئة التحرير", "الأرشيف", "النشرة البريدية",
)  # fmt: skip

COOKIE_BUTTONS = _keys(
    "accept", "accept all", "accept cookies", "accept all cookies", "reject", "reject all", "decline",
    "allow all", "allow cookies", "manage preferences", "manage options", "customize", "got it",
    "i agree", "i accept", "ok", "agree", "more options", "موافق", "أوافق", "قبول", "قبول الكل",
    "قبول جميع ملفات تعريف الارتباط", "رفض", "رفض الكل", "إدارة التفضيلات", "الإعدادات",
)  # fmt: skip

COMMENT_COUNTERS = _keys(
    "be the first to comment", "no comments yet", "no comments", "view comments", "show comments",
    "hide comments", "load more comments", "sign in to comment", "log in to comment", "comments are closed",
    "comment policy", "commenting policy", "community guidelines", "join the discussion",
    "كن أول من يعلق", "كن أول من يعلق على الخبر", "لا توجد تعليقات", "عرض التعليقات", "إظهار التعليقات",
    "سياسة التعليقات", "شروط التعليق", "التعليقات مغلقة", "تعليقات الفيسبوك", "تعليقات القراء", "أضف تعليقك",
)  # fmt: skip

_SITE = (
    r"(?:\bour\b|\bthis (?:site|website|web site|page|service|app)\b|\bthe (?:site|website)\b|"
    r"الموقع|موقعنا|هذا الموقع|الصحيفة|صحيفتنا|الجريدة|جريدتنا|الشبكة|إدارة)"
)
_COPYRIGHT = re.compile(
    r"(?i)©|\(c\)\s*\d{4}|^copyright\b.{0,80}\d{4}|\ball rights reserved\b|"
    r"(?:جميع|كافة|كل)\s+الحقوق\s+محفوظة|حقوق\s+(?:النشر|الطبع|الملكية)(?:\s+\S+){0,3}\s+محفوظة|الحقوق محفوظة"
)
_LEGAL_MENTION = re.compile(
    r"(?i)\b(?:privacy (?:policy|notice|statement)|terms (?:of (?:use|service)|and conditions|& conditions)|"
    r"cookie policy)\b|سياسة الخصوصية|شروط الاستخدام|شروط استخدام|الشروط والأحكام|سياسة ملفات تعريف الارتباط"
)
_COOKIE = re.compile(
    r"(?i)\b(?:we|this (?:site|website)|our (?:site|website|partners))\b.{0,60}\b(?:uses?|store|set)\b"
    r".{0,30}\bcookies\b|\bcookies?\b.{0,80}\b(?:consent|accept|agree|preferences|browsing experience|"
    r"continu(?:e|ing) to (?:browse|use))\b|(?:ملفات تعريف الارتباط|الكوكيز|ملفات الارتباط|كوكيز)"
    r".{0,80}(?:نستخدم|يستخدم|تستخدم|موافقت|توافق|تجربة|التصفح|قبول)|"
    r"(?:نستخدم|يستخدم|تستخدم)[^.]{0,40}(?:ملفات تعريف الارتباط|الكوكيز|ملفات الارتباط|كوكيز)"
)
_COMMENT_POLICY = re.compile(
    r"(?i)\bcomments?\b.{0,80}\b(?:are moderated|moderat(?:ed|ion)|do(?:es)? not (?:necessarily )?reflect|"
    r"(?:sole )?responsibility of|will be (?:removed|deleted|reviewed|published after)|reserve the right|"
    r"abusive|offensive|civil|respectful|off-topic|guidelines|policy|are closed)\b|"
    r"\b(?:views|opinions) expressed (?:in|by) (?:the )?(?:comments|readers|commenters)\b|"
    r"^\d+\s+(?:comments?|responses|replies)$|^comments?\s*\(\d+\)$|"
    r"(?:التعليقات|التعليق|تعليقات القراء|تعليقات|الآراء|الاراء)[^.]{0,80}(?:لا تعبر|لا يعبر|تعبر عن|يعبر عن|"
    r"آراء أصحابها|رأي أصحابها|رأي كاتبيها|مسؤولية أصحابها|مسؤولية كاتبيها|تخضع|للمراجعة|سيتم حذف|يتم حذف|"
    r"يحتفظ|آداب|سياسة|المسيئة|الخارجة)|"
    r"(?:يرجى|نرجو|الرجاء|نأمل|نتمنى)[^.]{0,60}(?:الالتزام|عدم|تجنب|مراعاة)[^.]{0,80}"
    r"(?:التعليق|الحوار|النقاش|الألفاظ|المسيئة|الآداب)|"
    r"(?:لا تعبر|لا يعبر)[^.]{0,40}(?:عن رأي|عن وجهة نظر|عن سياسة)[^.]{0,40}" + _SITE
)
_FOLLOW = re.compile(
    r"(?i)^(?:follow us|follow|like us|find us|join us|join our|subscribe to our|download (?:our|the)|"
    r"get (?:our|the) app|تابعونا|تابعنا|تابعوا|تابع|انضم|انضموا|اشترك في قناة|اشتركوا في قناة|"
    r"حمل تطبيق|حمّل تطبيق|"
    r"نزّل تطبيق|نزل تطبيق|لمتابعة)\b.{0,120}(?:twitter|facebook|\bx\b|instagram|telegram|whatsapp|youtube|"
    r"tiktok|linkedin|threads|social media|google news|\bapp\b|channel|تويتر|إكس|فيسبوك|فيس بوك|"
    r"إنستغرام|انستغرام|"
    r"إنستجرام|تلغرام|تليغرام|تيليجرام|تلجرام|واتساب|واتس اب|يوتيوب|تيك توك|قناتنا|قناة|تطبيق|مواقع التواصل|"
    r"منصات التواصل|أخبار جوجل|جوجل نيوز|نبض)"
)
_REPORTED = re.compile(
    r"(?i)^و?(?:قال|قالت|أضاف|أضافت|أكد|أكدت|أشار|أشارت|اعتبر|اعتبرت|صرح|صرحت|أوضح|أوضحت|ذكر|ذكرت)\b|"
    r"\b(?:said|says|told|according to)\b|(?:بحسب|وفقا|وفقًا|حسبما)"
)
"""Reported speech: a body sentence about comments or privacy, not the site's own notice."""
_REPORTED_WORDS = Words(
    "قال", "أضاف", "أكد", "أشار", "اعتبر", "صرح", "أوضح", "ذكر", "said", "says", "told", "according to",
    "بحسب", "وفقا", "وفقًا", "حسبما",
    ignore_case=True,
)  # fmt: skip
"""One of these is in every line `_REPORTED` matches (each feminine verb holds the masculine)."""
_SITE_RE = re.compile(_SITE, re.IGNORECASE)
_COPYRIGHT_HINTS = Words("©", "(c)", "copyright", "rights reserved", "حقوق")
_NOTICE_HINTS = Words(
    *(
        line_key(hint)
        for hint in (
            "cookie", "كوكيز", "الارتباط", "comment", "تعليق", "الآراء", "الاراء", "يرجى", "نرجو", "الرجاء",
            "نأمل", "نتمنى", "لا تعبر", "لا يعبر", "views expressed", "opinions expressed", "responses",
            "replies", "privacy", "terms", "الخصوصية", "شروط", "الشروط",
        )
    )
)  # fmt: skip
"""Substrings of a line's key, one of which the copyright or the notice patterns need."""
_KEY_HINTS = Words(*_COPYRIGHT_HINTS.words, *_NOTICE_HINTS.words)
"""Either kind of hint: most lines hold none, and one test then answers for both."""
_CREDITS = re.compile(
    r"(?i)^(?:proudly )?(?:powered by|designed by|design by|developed by|theme by|website by|site by|"
    r"hosted by)\b|"
    r"^(?:تصميم وتطوير|تصميم و تطوير|تطوير وتصميم|برمجة وتصميم|تصميم وبرمجة)\s*[:：]?\s*\S|"
    r"^(?:تصميم|تطوير|برمجة|استضافة)\s*[:：]\s*\S"
)
"""Site credits in a footer ("Powered by WordPress", "تصميم وتطوير ...")."""
_SUBSCRIBE = re.compile(
    r"(?i)\b(?:subscribe|sign up)\b.{0,60}\b(?:email|inbox|latest posts|notifications?)\b|"
    r"^discover more from\b|^type your email|^enter your email|"
    r"(?:اشترك|اشتركوا|سجل|سجّل).{0,60}(?:بريدك الإلكتروني|بريدك الالكتروني|البريد الإلكتروني|"
    r"آخر الأخبار|أحدث المقالات|الإشعارات)|"
    r"^اكتشاف المزيد من|^اكتب بريدك|^أدخل بريدك"
)
"""Subscription boxes that do not name a newsletter ("Subscribe to get the latest posts by email")."""
_SUBSCRIBE_WORDS = Words(
    "subscribe", "sign up", "discover more from", "type your email", "enter your email", "اشترك", "سجل",
    "سجّل", "اكتشاف المزيد من", "اكتب بريدك", "أدخل بريدك",
    ignore_case=True,
)  # fmt: skip
"""One of these is in every line `_SUBSCRIBE` matches."""
_PAGE_LINKS = SITE_PAGES | COOKIE_BUTTONS
"""What a page list's items may be (built once: a union per line costs more than the test)."""
_PAGE_LIST_MARK = re.compile(r"[|•·/\-]|\s\s")
"""What a separator of `_PAGE_LIST_SEP` needs: a mark, a dash or two spaces in a row."""
_PAGE_LIST_SEP = re.compile(r"\s*(?:[|•·/]|\s-\s|\s{2,})\s*")


MATCHED = (_FOLLOW, _CREDITS)
"""Every pattern `classify_notice` tries at the line's start (`.match`); `models.clean.rules` tests
them all at once (with its own) and skips them on a line none of them fits."""


def classify_notice(clean: str, key: str, words: int, starts: bool = True) -> str | None:
    """The notice reason of one line ("legal", "cookie_notice", "comment_policy", "share",
    "newsletter"), or None.

    Args:
        clean: the line with marks stripped (`models.clean.rules.strip_marks`).
        key: its folded key (`models.clean.rules.line_key`).
        words: its word count.
        starts: False when none of `MATCHED` fits the line's start: their rules are skipped (their
            answer is known: no match).
    """
    if words >= MAX_NOTICE_WORDS:
        return None
    if key in SITE_PAGES or _is_page_list(clean):
        return "legal"
    if key in COOKIE_BUTTONS:
        return "cookie_notice"
    if key in COMMENT_COUNTERS:
        return "comment_policy"
    # Cheap substring tests first: most lines mention none of these and skip the patterns.
    hinted = _has(key, _KEY_HINTS)
    if words <= 30 and hinted and _has(key, _COPYRIGHT_HINTS) and _COPYRIGHT.search(clean):
        return "legal"
    if starts and words <= 25 and _FOLLOW.match(clean):
        return "share"
    if starts and words <= 12 and _CREDITS.match(clean):
        return "legal"
    if words <= 25 and _subscribes(clean) and not _reported(clean):
        return "newsletter"
    if not hinted or not _has(key, _NOTICE_HINTS) or _reported(clean):
        return None
    if _COOKIE.search(clean):
        return "cookie_notice"
    if _COMMENT_POLICY.search(clean):
        return "comment_policy"
    if _LEGAL_MENTION.search(clean) and (_SITE_RE.search(clean) or words <= 6):
        return "legal"
    return None


def _has(key: str, hints: Words) -> bool:
    return hints.found_in(key)


def _subscribes(clean: str) -> bool:
    return _SUBSCRIBE_WORDS.found_in(clean) and _SUBSCRIBE.search(clean) is not None


def _reported(clean: str) -> bool:
    return _REPORTED_WORDS.found_in(clean) and _REPORTED.search(clean) is not None


def _is_page_list(clean: str) -> bool:
    """A line that is only links to the site's own pages ("About us | Contact | Privacy policy")."""
    if len(clean) > 200 or _PAGE_LIST_MARK.search(clean) is None:
        return False
    parts = [p for p in _PAGE_LIST_SEP.split(clean) if p]
    return len(parts) >= 2 and all(line_key(p) in _PAGE_LINKS for p in parts)
