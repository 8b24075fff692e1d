"""Tag-aware HTML: blocks across inline tags, translated attributes, do-not-translate, malformed markup."""

from __future__ import annotations

import pytest

from models.text.markup import parse_blocks

PAGE = (
    '<div class="story"><h1 title="عنوان">خبر عاجل</h1>'
    '<p>قال <b>مساعد</b> في <a href="/k?a=1&amp;b=2" title="الكرملين">الكرملين</a> &amp; ذهب.'
    '<img alt="صورة الاجتماع" src="x.jpg"></p>'
    '<p>نص <span translate="no">لا <b>تترجم</b></span> ثم <code>x()</code>.</p>'
    '<p class="notranslate">ثابت</p><script>var a = "نص";</script><!-- تعليق -->'
    '<input placeholder="ابحث" aria-label="بحث"></div>'
)


def test_blocks_carry_inline_tags_as_markers() -> None:
    document = parse_blocks(PAGE)
    assert document.texts == [
        "خبر عاجل",
        "قال __t1__ مساعد __t2__ في __t3__ الكرملين __t4__ & ذهب. __t5__",
        "نص __t1__ ثم __t2__ .",
        "عنوان",
        "الكرملين",
        "صورة الاجتماع",
        "ابحث",
        "بحث",
    ]


def test_rendering_the_texts_unchanged_gives_the_page_back_byte_for_byte() -> None:
    document = parse_blocks(PAGE)
    assert document.render(document.texts) == PAGE


def test_translations_go_inside_the_tags_and_attributes() -> None:
    document = parse_blocks(PAGE)
    out = document.render(
        [
            "Breaking news",
            "An __t1__ aide __t2__ in __t3__ the Kremlin __t4__ & left. __t5__",
            "Text __t1__ then __t2__ .",
            "Title",
            'The "Kremlin"',
            "Meeting photo",
            "Search",
            "Search box",
        ]
    )
    assert '<h1 title="Title">Breaking news</h1>' in out
    assert (
        '<p>An <b>aide</b> in <a href="/k?a=1&amp;b=2" title="The &quot;Kremlin&quot;">the Kremlin</a>'
        ' &amp; left.<img alt="Meeting photo" src="x.jpg"></p>'
    ) in out
    assert '<p>Text <span translate="no">لا <b>تترجم</b></span> then <code>x()</code>.</p>' in out
    assert '<p class="notranslate">ثابت</p><script>var a = "نص";</script><!-- تعليق -->' in out
    assert '<input placeholder="Search" aria-label="Search box">' in out


def test_a_lost_tag_is_put_back_not_dropped() -> None:
    document = parse_blocks("<p>قال <b>مساعد</b> هنا</p>")
    assert document.render(["said aide here"]) == "<p>said aide here<b></b></p>"


@pytest.mark.parametrize(
    ("page", "texts", "rendered"),
    [
        ("<p>broken <b unterminated", ["broken"], "<p>T <b unterminated"),
        ("<p>ok</p><!-- never closed <b>x</b>", ["ok"], "<p>T</p><!-- never closed <b>x</b>"),
        ("<p>x &lt; y</p>", ["x < y"], "<p>T</p>"),
    ],
)
def test_malformed_markup_keeps_its_bytes(page: str, texts: list[str], rendered: str) -> None:
    document = parse_blocks(page)
    assert document.texts == texts
    assert document.render(["T"] * len(texts)) == rendered
