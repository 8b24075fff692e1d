"""`AnyPrefix`: the one-call test of the line rules' prefix patterns says yes exactly where one of them
matches, and it holds every pattern the rules try at a line's start."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from models.clean import notices, rules
from models.clean.page import parse_html, read_page
from models.clean.rules import AnyPrefix, strip_marks

PAGES = Path(__file__).parent / "pages"
PATTERNS = rules.MATCHED + notices.MATCHED


def _matched(*functions: Callable[..., Any]) -> set[str]:
    """Names of the module patterns the functions call `.match` on."""
    return {
        name for f in functions for name in re.findall(r"\b(_[A-Z][A-Z_]*)\.match\(", inspect.getsource(f))
    }


def test_every_prefix_pattern_of_the_rules_is_in_the_gate() -> None:
    assert {getattr(rules, name) for name in _matched(rules._classify_pattern, rules._byline)} == set(
        rules.MATCHED
    )
    assert {getattr(notices, name) for name in _matched(notices.classify_notice)} == set(notices.MATCHED)


@pytest.mark.parametrize(
    "line",
    [
        "Image caption, Rescuers search the rubble",
        "IMAGE CAPTION: officials",
        "تعليق على الصورة، المسعفون",
        "Photo: John Smith/AFP",
        "(photo credit: Reuters)",
        "صورة: أرشيفية",
        "تصوير أحمد علي",
        "By John Smith and Jane Doe, BBC News",
        "بقلم: محمد العلي",
        "Published: 12 March 2024",
        "آخر تحديث: 12 أكتوبر 2025",
        "18 نوفمبر 2025 - 09:30",
        "09:30",
        "Read more: How the crisis unfolded",
        "اقرأ أيضاً: وزير الخارجية يلتقي نظيره",
        "Related: Leaders meet in Geneva",
        "Tags: Politics, Health",
        "الوسوم: سياسة",
        "Follow us on Twitter and Facebook",
        "تابعونا على قناتنا في تلغرام",
        "Powered by WordPress",
        "تصميم وتطوير: شركة المواقع",
        "Home",
        "محليات",
        "The minister spoke in Cairo on Monday.",
        "Byzantine art returns to the museum",
    ],
)
def test_fits_exactly_where_a_pattern_matches(line: str) -> None:
    gate = rules._any_prefix()
    clean = strip_marks(line)
    assert gate.fits(clean) is any(p.match(clean) is not None for p in PATTERNS)


def test_fits_exactly_on_every_block_of_the_dev_pages() -> None:
    gate = rules._any_prefix()
    lines = []
    for page in sorted(PAGES.glob("**/*.html")):
        root = parse_html(page.read_text(encoding="utf-8"))
        assert root is not None
        lines += [strip_marks(block.text) for block in read_page(root).blocks]
    assert len(lines) > 1000
    fits = [line for line in lines if gate.fits(line)]
    assert fits == [line for line in lines if any(p.match(line) is not None for p in PATTERNS)]
    assert 0 < len(fits) < len(lines) / 4  # most page furniture starts as no prefix rule needs


def test_only_case_folding_is_scoped() -> None:
    with pytest.raises(ValueError, match="only case folding"):
        AnyPrefix((re.compile("^a", re.MULTILINE),))
    gate = AnyPrefix((re.compile(r"(?i)^by\s+(?P<name>\w+)"), re.compile(r"^(?P<name>\d+):")))
    assert gate.fits("BY Sam") and gate.fits("12: x") and not gate.fits("x 12:")
