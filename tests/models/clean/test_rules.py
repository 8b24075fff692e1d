"""Line rules and position-aware boilerplate removal on plain text, Arabic and English."""

from __future__ import annotations

import pytest

from models.clean import clean_article
from models.clean.rules import classify_line

EN_BODY = [
    "Officials said on Tuesday that the new bridge over the river would open to traffic next spring.",
    "By Tuesday evening, the death toll from the storm had risen to 40, according to Reuters.",
    "Share prices fell sharply after the announcement, wiping billions off the value of the company.",
    "More than 200 people attended the meeting, which lasted for almost three hours.",
]
AR_BODY = [
    "قال مسؤولون يوم الثلاثاء إن الجسر الجديد فوق النهر سيفتح أمام حركة المرور في الربيع المقبل.",
    "وأضاف المتحدث أن أعمال البناء استغرقت أكثر من ثلاث سنوات وتكلفت مئات الملايين من الدولارات.",
    "كتب الرئيس رسالة إلى البرلمان يطلب فيها تمويلا إضافيا للمشروع خلال العام المقبل.",
    "وشارك في الاجتماع أكثر من مئتي شخص، واستمر قرابة ثلاث ساعات.",
]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("gettyimages 2248985695 jpg", "caption"),
        ("IMG_1234.jpg", "caption"),
        ("Getty Images", "photo_credit"),
        ("AFP", "photo_credit"),
        ("(Photo: Reuters)", "photo_credit"),
        ("Photo: John Smith/AFP", "photo_credit"),
        ("Image caption, Rescuers search the rubble", "caption"),
        ("The minister speaks in Cairo (Photo: Getty Images)", "caption"),
        ("صورة: أرشيفية", "photo_credit"),
        ("الصورة: رويترز", "photo_credit"),
        ("تصوير: أحمد علي", "photo_credit"),
        ("By John Smith", "byline"),
        ("By John Smith and Jane Doe, BBC News", "byline"),
        ("Written by Sarah O'Neil", "byline"),
        ("بقلم: محمد أحمد", "byline"),
        ("بقلم محمد أحمد", "byline"),
        ("كتب: علي حسين", "byline"),
        ("Published: 3 December 2025", "byline"),
        ("Share", "share"),
        ("Tweet", "share"),
        ("Facebook Twitter WhatsApp", "share"),
        ("Facebook | Twitter | Email", "share"),
        ("شارك", "share"),
        ("مشاركة", "share"),
        ("Read more", "read_more"),
        ("Read more: Storm kills 40 in the north", "read_more"),
        ("اقرأ أيضا: الجسر الجديد يفتح الربيع المقبل", "read_more"),
        ("اقرأ أيضاً", "read_more"),
        ("المزيد", "read_more"),
        ("Related: Storm kills 40 in the north", "related"),
        ("More From Author", "related"),
        ("مواضيع ذات صلة", "related"),
        ("Sign up for our newsletter", "newsletter"),
        ("Subscribe to our daily newsletter to get the news in your inbox", "newsletter"),
        ("اشترك في النشرة البريدية", "newsletter"),
        ("Leave a Reply", "comment_form"),
        ("Your email address will not be published. Required fields are marked *", "comment_form"),
        ("Comment", "comment_form"),
        ("Name *", "comment_form"),
        ("Email *", "comment_form"),
        ("Website", "comment_form"),
        ("Save my name, email, and website in this browser for the next time I comment.", "comment_form"),
        ("Post Comment", "comment_form"),
        ("اترك تعليقاً", "comment_form"),
        ("لن يتم نشر عنوان بريدك الإلكتروني.", "comment_form"),
        ("الحقول الإلزامية مشار إليها بـ *", "comment_form"),
        ("أضف تعليق", "comment_form"),
        ("Author", "byline"),
        ("عن الكاتب", "byline"),
        ("Home > World > Middle East", "navigation"),
        ("Skip to content", "navigation"),
        ("Advertisement", "advertisement"),
    ],
)
def test_line_rules(line: str, reason: str) -> None:
    found = classify_line(line)
    assert found is not None, line
    assert found.reason == reason


@pytest.mark.parametrize(
    "line", EN_BODY + AR_BODY + ["Author of the report, Dr Smith, said more work was needed."]
)
def test_body_lines_match_no_rule(line: str) -> None:
    assert classify_line(line) is None


def test_english_scraped_text() -> None:
    text = "\n\n".join(
        [
            "Home > World > Europe",
            "IMG_1234.jpg",
            "New bridge to open next spring, officials say",
            "By John Smith, BBC News",
            "Share",
            "Facebook\nTwitter\nWhatsApp",
            EN_BODY[0],
            "Related: Storm kills 40 in the north",
            EN_BODY[1],
            "Sign up for our newsletter",
            EN_BODY[2],
            "Read more",
            "Storm kills 40 in the north\nCity council approves budget",
            EN_BODY[3],
            "Leave a Reply",
            "Your email address will not be published. Required fields are marked *",
            "Comment *",
            "Name *",
            "Email *",
            "Website",
            "Post Comment",
        ]
    )
    article = clean_article(text)
    assert article.title == "New bridge to open next spring, officials say"
    assert article.paragraphs == EN_BODY
    assert article.metadata["author"] == "John Smith"
    reasons = [item.reason for item in article.removed]
    assert reasons[:6] == ["navigation", "caption", "byline", "share", "share", "share"]
    assert reasons.count("read_more") == 3
    assert reasons[-7:] == ["comment_form"] * 7


def test_arabic_scraped_text() -> None:
    text = "\n\n".join(
        [
            "الصورة: رويترز",
            "الجسر الجديد يفتح أمام حركة المرور في الربيع المقبل",
            "بقلم: محمد أحمد",
            "شارك",
            AR_BODY[0],
            "اقرأ أيضاً",
            "عاصفة تقتل 40 شخصا في الشمال",
            AR_BODY[1],
            "اشترك في النشرة البريدية",
            AR_BODY[2],
            AR_BODY[3],
            "مواضيع ذات صلة",
            "عاصفة تقتل 40 شخصا في الشمال",
            "المجلس البلدي يقر الميزانية",
            "اترك تعليقاً",
            "لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *",
            "أضف تعليق",
        ]
    )
    article = clean_article(text)
    assert article.title == "الجسر الجديد يفتح أمام حركة المرور في الربيع المقبل"
    assert article.paragraphs == AR_BODY
    assert article.metadata["author"] == "محمد أحمد"
    removed = {item.text: item.reason for item in article.removed}
    assert removed["الصورة: رويترز"] == "photo_credit"
    assert removed["المجلس البلدي يقر الميزانية"] == "related"
    assert removed["أضف تعليق"] == "comment_form"


def test_strong_tail_marker_before_the_body_does_not_swallow_the_article() -> None:
    text = "\n\n".join(["Author", "John Smith", *EN_BODY])
    article = clean_article(text)
    assert article.paragraphs == EN_BODY
    assert [item.reason for item in article.removed] == ["byline", "byline"]
    assert article.metadata["author"] == "John Smith"


def test_everything_after_a_strong_tail_marker_is_removed() -> None:
    text = "\n\n".join(
        [*EN_BODY, "More From Author", "Another long article headline that goes on", EN_BODY[0]]
    )
    article = clean_article(text)
    assert article.paragraphs == EN_BODY
    assert [item.reason for item in article.removed] == ["related"] * 3


def test_trailing_bio_without_heading_is_removed() -> None:
    bio = "Jane Doe is a freelance journalist covering the Middle East for several international outlets."
    article = clean_article("\n\n".join([*EN_BODY, "Jane Doe", bio]))
    assert article.paragraphs == EN_BODY
    assert [(item.text, item.reason) for item in article.removed] == [
        ("Jane Doe", "byline"),
        (bio, "author_bio"),
    ]


def test_article_without_title_keeps_first_paragraph() -> None:
    article = clean_article("\n\n".join(EN_BODY))
    assert article.title is None
    assert article.paragraphs == EN_BODY


def test_hard_wrapped_paragraph_is_one_paragraph() -> None:
    text = (
        "Bridge opens next spring\n\n"
        "Officials said on Tuesday that the new bridge over the river\n"
        "would open to traffic next spring, after three years of work\n"
        "and repeated delays.\n\n"
        "Getty Images"
    )
    article = clean_article(text)
    assert article.paragraphs == [
        "Officials said on Tuesday that the new bridge over the river would open to traffic next spring, "
        "after three years of work and repeated delays."
    ]
    assert article.removed[-1].reason == "photo_credit"


def test_text_with_one_paragraph_per_line() -> None:
    text = "\n".join(["Bridge opens next spring", "Share", *EN_BODY, "Leave a Reply"])
    article = clean_article(text)
    assert article.title == "Bridge opens next spring"
    assert article.paragraphs == EN_BODY
