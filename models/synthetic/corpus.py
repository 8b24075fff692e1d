"""A small built-in bilingual corpus used to train the synthetic tokenizers.

The lines are short, news-like sentences written for this project (not taken from any data set).
They cover Modern Standard Arabic and English newsroom vocabulary, digits, punctuation and a few
named entities, so that the tokenizers trained on them segment real articles into sensible pieces.
They are NOT parallel: the models built on them have random weights and translate nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

ARABIC_LINES: tuple[str, ...] = (
    "أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في العاصمة.",
    "قال المتحدث باسم الحكومة إن المفاوضات ستستأنف الأسبوع المقبل.",
    "ارتفعت أسعار النفط بنسبة ثلاثة في المئة خلال تعاملات الثلاثاء.",
    "شهدت المدينة أمطارا غزيرة أدت إلى إغلاق عدد من الطرق الرئيسية.",
    "وصل الرئيس إلى القاهرة في زيارة رسمية تستغرق يومين.",
    "أكد البنك المركزي أن معدل التضخم سينخفض قبل نهاية العام.",
    "فاز المنتخب الوطني على منافسه بهدفين مقابل هدف واحد.",
    "دعت الأمم المتحدة إلى وقف فوري لإطلاق النار وحماية المدنيين.",
    "بدأ العام الدراسي الجديد في جميع المدارس الحكومية صباح الأحد.",
    "أظهرت دراسة حديثة أن استهلاك المياه زاد بشكل ملحوظ هذا الصيف.",
    "اجتمع وزراء الخارجية العرب في الرياض لبحث الأوضاع الإقليمية.",
    "أعلنت الشركة عن أرباح فصلية تجاوزت توقعات المحللين.",
    "تستضيف الدوحة مؤتمرا دوليا حول الطاقة المتجددة في شهر مارس.",
    "قالت الشرطة إنها اعتقلت ثلاثة أشخاص يشتبه في تورطهم في السرقة.",
    "وافق البرلمان على مشروع قانون الموازنة العامة بأغلبية كبيرة.",
    "تراجعت البورصة المحلية بعد صدور بيانات اقتصادية ضعيفة.",
    "أطلقت وكالة الفضاء قمرا صناعيا جديدا لمراقبة الطقس.",
    "حذرت الأرصاد الجوية من موجة حر شديدة تضرب المنطقة غدا.",
    "افتتح معرض الكتاب الدولي أبوابه أمام الزوار بمشاركة مئات دور النشر.",
    "أشار التقرير إلى أن نسبة البطالة بين الشباب ما زالت مرتفعة.",
    "وقعت الحكومتان اتفاقية للتعاون في مجالات التجارة والتعليم.",
    "نقل المصابون إلى المستشفى لتلقي العلاج ووصفت حالتهم بالمستقرة.",
    "يتوقع الخبراء أن يستمر نمو الاقتصاد بوتيرة معتدلة في 2025.",
    "طالب المحتجون بتحسين الخدمات العامة وخفض تكاليف المعيشة.",
    "قررت اللجنة تأجيل الانتخابات البلدية إلى موعد لاحق.",
    "أكدت الصحيفة أن مراسلها تمكن من الوصول إلى منطقة الحدود.",
    "بلغ عدد سكان المدينة نحو أربعة ملايين نسمة وفق آخر إحصاء.",
    "ناقش المجلس خطة لتطوير شبكة النقل العام وتوسيع خطوط المترو.",
    "أفادت مصادر مطلعة بأن الاتفاق قد يوقع خلال الأيام القليلة القادمة.",
    "تعرضت عدة قرى لانقطاع التيار الكهربائي بسبب العاصفة.",
    "أعلن النادي تعاقده مع مدرب جديد لمدة ثلاثة مواسم.",
    "تشير الأرقام الرسمية إلى تراجع عدد السياح بنسبة عشرين في المئة.",
    "زار وفد من صندوق النقد الدولي بيروت لمناقشة برنامج الإصلاحات.",
    "قالت الوزيرة إن الحكومة ستدعم المزارعين المتضررين من الجفاف.",
    "انطلقت اليوم فعاليات مهرجان السينما بحضور عدد كبير من الفنانين.",
    "أغلقت السلطات المطار مؤقتا بسبب الضباب الكثيف.",
    "يواصل الباحثون العمل على تطوير لقاح جديد ضد المرض.",
    "استقبل الملك سفراء الدول الأجنبية في القصر الملكي.",
    "ذكرت الوكالة أن الصادرات غير النفطية ارتفعت خلال الربع الأول.",
    "شارك آلاف العدائين في ماراثون دبي الذي أقيم صباح الجمعة.",
)

ENGLISH_LINES: tuple[str, ...] = (
    "The health ministry announced the opening of a new hospital in the capital today.",
    "A government spokesman said negotiations would resume next week.",
    "Oil prices rose three percent during trading on Tuesday.",
    "Heavy rain in the city forced the closure of several main roads.",
    "The president arrived in Cairo for a two-day official visit.",
    "The central bank said inflation would fall before the end of the year.",
    "The national team beat its rival by two goals to one.",
    "The United Nations called for an immediate ceasefire and the protection of civilians.",
    "The new school year began in all public schools on Sunday morning.",
    "A recent study showed that water consumption rose sharply this summer.",
    "Arab foreign ministers met in Riyadh to discuss the regional situation.",
    "The company reported quarterly profits that beat analysts' expectations.",
    "Doha will host an international conference on renewable energy in March.",
    "Police said they had arrested three people suspected of involvement in the theft.",
    "Parliament approved the general budget bill by a large majority.",
    "The local stock exchange fell after weak economic data was released.",
    "The space agency launched a new satellite to monitor the weather.",
    "Forecasters warned of a severe heat wave hitting the region tomorrow.",
    "The international book fair opened its doors to visitors, with hundreds of publishers taking part.",
    "The report noted that unemployment among young people remains high.",
    "The two governments signed an agreement on cooperation in trade and education.",
    "The injured were taken to hospital for treatment and were described as stable.",
    "Experts expect the economy to keep growing at a moderate pace in 2025.",
    "Protesters demanded better public services and a lower cost of living.",
    "The committee decided to postpone the municipal elections to a later date.",
    "The newspaper said its correspondent had managed to reach the border area.",
    "The city has about four million inhabitants, according to the latest census.",
    "The council discussed a plan to develop public transport and extend the metro lines.",
    "Informed sources said the deal could be signed within the next few days.",
    "Several villages lost power because of the storm.",
    "The club announced it had signed a new coach for three seasons.",
    "Official figures point to a twenty percent drop in the number of tourists.",
    "A delegation from the International Monetary Fund visited Beirut to discuss the reform programme.",
    "The minister said the government would support farmers hit by the drought.",
    "The film festival opened today in the presence of many artists.",
    "The authorities temporarily closed the airport because of thick fog.",
    "Researchers are still working on a new vaccine against the disease.",
    "The king received the ambassadors of foreign countries at the royal palace.",
    "The agency reported that non-oil exports increased in the first quarter.",
    "Thousands of runners took part in the Dubai marathon on Friday morning.",
)

SAMPLE_ARABIC = ARABIC_LINES[0]
"""One Arabic sentence, handy for smoke tests."""

SAMPLE_ENGLISH = ENGLISH_LINES[0]
"""One English sentence, handy for smoke tests."""


def line_language(line: str) -> str:
    """Classify a line as ``"ar"`` when most of its letters are Arabic script, else ``"en"``."""
    arabic = sum(1 for ch in line if "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f")
    letters = sum(1 for ch in line if ch.isalpha())
    return "ar" if letters and arabic * 2 >= letters else "en"


def corpus_lines(languages: Iterable[str] = ("ar", "en"), extra: Sequence[str] | None = None) -> list[str]:
    """Return the built-in lines for ``languages`` followed by the matching lines of ``extra``.

    Args:
        languages: which built-in halves to include: ``"ar"`` (Arabic) and/or ``"en"`` (English).
            Unknown codes raise ``ValueError``.
        extra: optional additional lines (for example a newsroom's own sample articles). Each
            non-blank line is kept when its script (see `line_language`) is one of ``languages``;
            surrounding whitespace is stripped.
    """
    builtin = {"ar": ARABIC_LINES, "en": ENGLISH_LINES}
    wanted = list(dict.fromkeys(languages))
    lines: list[str] = []
    for lang in wanted:
        if lang not in builtin:
            raise ValueError(f"no built-in corpus for language {lang!r}; use one of {sorted(builtin)}")
        lines.extend(builtin[lang])
    if extra is not None:
        for line in extra:
            text = line.strip()
            if text and line_language(text) in wanted:
                lines.append(text)
    return lines
