"""Site notices that extractors keep: copyright, terms/privacy, cookies, comment policy, follow lines."""

from __future__ import annotations

import pytest

from models.clean.rules import classify_line


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("© 2025 World News", "legal"),
        ("Copyright © 2025 Al Watan Al Youm. All rights reserved.", "legal"),
        ("All rights reserved © 2025 Al Khabar Portal", "legal"),
        ("جميع الحقوق محفوظة لبوابة الخبر © 2025", "legal"),
        ("حقوق النشر محفوظة للموقع", "legal"),
        ("Privacy Policy", "legal"),
        ("سياسة الخصوصية", "legal"),
        ("شروط الاستخدام", "legal"),
        ("About Us | Contact Us | Privacy Policy | Terms of Use", "legal"),
        ("من نحن | اتصل بنا | سياسة الخصوصية", "legal"),
        ("By using this site you agree to our Terms of Service and Privacy Policy.", "legal"),
        ("باستخدامك هذا الموقع فإنك توافق على شروط الاستخدام وسياسة الخصوصية الخاصة بنا", "legal"),
        ("We use cookies to give you the best online experience.", "cookie_notice"),
        ("يستخدم هذا الموقع ملفات تعريف الارتباط لتحسين تجربة التصفح.", "cookie_notice"),
        ("Accept all", "cookie_notice"),
        ("Comments are moderated and may take some time to appear.", "comment_policy"),
        ("The views expressed in the comments are those of the readers.", "comment_policy"),
        ("3 comments", "comment_policy"),
        ("Be the first to comment", "comment_policy"),
        ("التعليقات المنشورة لا تعبر عن رأي الموقع وإنما تعبر عن رأي أصحابها.", "comment_policy"),
        ("الآراء الواردة في التعليقات تعبر عن آراء أصحابها ولا تعبر عن رأي الموقع", "comment_policy"),
        ("يرجى الالتزام بآداب الحوار وعدم استخدام الألفاظ المسيئة في التعليقات.", "comment_policy"),
        ("Follow us on Twitter and Facebook for the latest updates.", "share"),
        ("تابعونا على قناتنا في تلغرام لمتابعة آخر الأخبار العاجلة", "share"),
        ("© Reuters", "photo_credit"),
        ("Powered by WordPress | Theme by Jannah", "legal"),
        ("تصميم وتطوير: شركة الحلول الرقمية", "legal"),
        ("Subscribe to get the latest posts sent to your email.", "newsletter"),
        ("اشترك للحصول على أحدث المقالات المرسلة إلى بريدك الإلكتروني.", "newsletter"),
        ("اكتشاف المزيد من الوطن اليوم", "newsletter"),
    ],
)
def test_notices_are_named(line: str, reason: str) -> None:
    found = classify_line(line)
    assert found is not None and found.reason == reason


@pytest.mark.parametrize(
    "line",
    [
        "The minister's comments reflect the views of the government, he said.",
        "Facebook changed its privacy policy last year, prompting complaints from users across Europe.",
        "Copyright infringement cases rose by 20% last year, the report said.",
        "وقال إن التعليقات لا تعبر عن موقف الحكومة",
        "He said users must accept the new terms of use before the end of the month.",
        "وأكد الوزير أن سياسة الخصوصية الجديدة للشركة تخالف القانون.",
        "Designed by a team of engineers, the bridge will carry four lanes of traffic across the river.",
        "تصميم الجسر الجديد استغرق ثلاث سنوات من العمل المتواصل بحسب المهندسين.",
    ],
)
def test_body_sentences_about_such_things_are_kept(line: str) -> None:
    assert classify_line(line) is None
