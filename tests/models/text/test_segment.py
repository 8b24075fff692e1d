import pytest

from models.errors import InvalidInputError
from models.text.segment import split_document, split_paragraphs, split_sentences


def _joined(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Arabic question and exclamation marks, outside quotes.
        ("هل ستأتي؟ نعم! سأأتي غدًا.", ["هل ستأتي؟", "نعم!", "سأأتي غدًا."]),
        # Mark inside curly quotes: the quote stays with its sentence.
        ("قال: “هل أنت متأكد؟” ثم غادر.", ["قال: “هل أنت متأكد؟”", "ثم غادر."]),
        # Mark inside guillemets.
        ("وقال آخر: «لا!» ثم صمت.", ["وقال آخر: «لا!»", "ثم صمت."]),
        # Mark inside straight quotes, and a period after the closing quote.
        (
            'قال: "ليس الجميع مثلي". وأضاف: "انتهى!" ثم خرج.',
            ['قال: "ليس الجميع مثلي".', 'وأضاف: "انتهى!"', "ثم خرج."],
        ),
        # Mark after a closing quote.
        ('"لم أقم بذلك"؟ أتذكرون ذلك؟', ['"لم أقم بذلك"؟', "أتذكرون ذلك؟"]),
        # Closing bracket after the mark.
        ("(هذا مثال.) وهذا آخر.", ["(هذا مثال.)", "وهذا آخر."]),
        # English: a question inside quotes followed by lowercase does not end the sentence.
        ('"Why?" she asked. He left!', ['"Why?" she asked.', "He left!"]),
        ('He said "Stop!" and left. Then "Go."', ['He said "Stop!" and left.', 'Then "Go."']),
    ],
)
def test_marks_and_quotes(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_clause_marks_never_split() -> None:
    text = "قال، في وقت مبكر؛ إن المحادثات: انتهت, دون تقدم; نعم. ثم"
    assert split_sentences(text) == ["قال، في وقت مبكر؛ إن المحادثات: انتهت, دون تقدم; نعم.", "ثم"]


def test_numbers_dates_times_stay_together() -> None:
    text = "بلغ 3.5 و٣٫٥ و3,5 في 12.05.2024 الساعة 10.30 يوم 2024.1.1. ارتفع It rose 0.5%."
    assert split_sentences(text) == [
        "بلغ 3.5 و٣٫٥ و3,5 في 12.05.2024 الساعة 10.30 يوم 2024.1.1.",
        "ارتفع It rose 0.5%.",
    ]


def test_english_abbreviations_and_initials() -> None:
    text = (
        "Dr. Smith met Mr. Jones and J. K. Rowling in the U.S. Senate on Jan. 5 at 10 a.m. "
        "with Gen. Lee, e.g. about No. 7 vs. No. 8. Acme Inc. It grew. Apples, pears, etc. Then more."
    )
    assert split_sentences(text) == [
        "Dr. Smith met Mr. Jones and J. K. Rowling in the U.S. Senate on Jan. 5 at 10 a.m. "
        "with Gen. Lee, e.g. about No. 7 vs. No. 8.",
        "Acme Inc.",
        "It grew.",
        "Apples, pears, etc.",
        "Then more.",
    ]


def test_arabic_abbreviations() -> None:
    text = (
        "التقى د. محمد مع أ. أحمد و أ.د. سعيد عام 632 م. في المدينة. "
        "توفي سنة 1200 هـ. في بغداد. ولد عام 500 ق.م. تقريبًا. "
        "العنوان ص. ب. 123 عمّان. كتب وقرأ إلخ. وانتهى."
    )
    assert split_sentences(text) == [
        "التقى د. محمد مع أ. أحمد و أ.د. سعيد عام 632 م. في المدينة.",
        "توفي سنة 1200 هـ. في بغداد.",
        "ولد عام 500 ق.م. تقريبًا.",
        "العنوان ص. ب. 123 عمّان.",
        "كتب وقرأ إلخ. وانتهى.",
    ]


def test_latin_initial_before_arabic_ends_sentence() -> None:
    # From the NTREX corpus: a grade "A." closing a sentence in Arabic text.
    assert split_sentences("حصلوا على A. يبين هذا أن") == ["حصلوا على A.", "يبين هذا أن"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1. First item. 2. Second item.", ["1. First item.", "2. Second item."]),
        ("١. البند الأول. ٢. البند الثاني.", ["١. البند الأول.", "٢. البند الثاني."]),
        ("1) أولًا. 2) ثانيًا.", ["1) أولًا.", "2) ثانيًا."]),
        ("10. عاشرًا", ["10. عاشرًا"]),
    ],
)
def test_numbered_lists(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_urls_and_emails() -> None:
    text = "زوروا https://example.com/a.b?x=1 أو www.bbc.co.uk. راسلونا على name@site.com. شكرًا!"
    assert split_sentences(text) == [
        "زوروا https://example.com/a.b?x=1 أو www.bbc.co.uk.",
        "راسلونا على name@site.com.",
        "شكرًا!",
    ]


def test_ellipsis() -> None:
    assert split_sentences("Wait... then go. Stop… Now.") == ["Wait... then go.", "Stop…", "Now."]
    assert split_sentences("كان مستمرًا... هو الآن بخير") == ["كان مستمرًا...", "هو الآن بخير"]


def test_mixed_arabic_and_latin() -> None:
    text = "أعلنت شركة Apple Inc. عن iPhone 15. قال Tim Cook: “Great!” وانتهى المؤتمر."
    assert split_sentences(text) == [
        "أعلنت شركة Apple Inc. عن iPhone 15.",
        "قال Tim Cook: “Great!”",
        "وانتهى المؤتمر.",
    ]


def test_text_without_final_mark_and_whitespace_collapse() -> None:
    assert split_sentences("  عنوان   بلا نقطة\nفي سطرين  ") == ["عنوان بلا نقطة في سطرين"]


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t"])
def test_blank_input(text: str) -> None:
    assert split_sentences(text) == []
    assert split_paragraphs(text) == []
    assert split_document(text) == []


def test_only_marks() -> None:
    assert split_sentences("... ؟ !") == ["... ؟ !"]


def test_unknown_lang_rejected() -> None:
    with pytest.raises(InvalidInputError):
        split_sentences("x", lang="fr")


def test_paragraphs_blank_line_blocks() -> None:
    text = "\n\nالفقرة الأولى\nتكملتها.\n\n  \n\nالفقرة الثانية.  \n"
    assert split_paragraphs(text) == ["الفقرة الأولى تكملتها.", "الفقرة الثانية."]


def test_paragraphs_one_per_line_without_blank_lines() -> None:
    assert split_paragraphs("سطر أول.\n  سطر ثان.\nسطر ثالث") == ["سطر أول.", "سطر ثان.", "سطر ثالث"]


def test_split_document() -> None:
    text = "عنوان\n\nجملة أولى. جملة ثانية؟\n\nفقرة أخيرة!"
    assert split_document(text) == [["عنوان"], ["جملة أولى.", "جملة ثانية؟"], ["فقرة أخيرة!"]]


def test_no_loss_and_never_empty_on_tricky_text() -> None:
    text = (
        'Dr. A. B. said "Why?"  she asked... then U.S.A. 3.5 … ؟! "x". ) ، (1). '
        "د. . هـ. ١. «نعم!» name@x.com. https://a.b/c?d=e. End"
    )
    sentences = split_sentences(text)
    assert all(s and s == s.strip() for s in sentences)
    assert " ".join(sentences) == _joined(text)


def test_long_paragraph_is_fast() -> None:
    # Many non-boundary candidates (abbreviations) in one long paragraph must stay linear.
    text = "Dr. Smith and Mr. Jones, " * 20000 + "end."
    assert split_sentences(text) == [_joined(text)]
