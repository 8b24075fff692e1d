"""The supported languages, in one place: codes, names, scripts, direction, pairs and model slots.

Every other module (detection, segmentation, summaries, briefings and their renderers, the engine,
CLI choices) reads these; adding a language starts here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from models.settings import Settings


@dataclass(frozen=True)
class Language:
    """One supported language.

    code: tarjama's code. name: in English. native: in the language itself. script: the
    Unicode script its letters are in. direction: "rtl" or "ltr".
    """

    code: str
    name: str
    native: str
    script: str
    direction: str


ARABIC = Language("ar", "Arabic", "العربية", "Arabic", "rtl")
ENGLISH = Language("en", "English", "English", "Latin", "ltr")

LANGUAGE_INFO: dict[str, Language] = {lang.code: lang for lang in (ARABIC, ENGLISH)}
CODES: tuple[str, ...] = tuple(LANGUAGE_INFO)
"""Language codes, in display order ("ar", "en")."""

LANGUAGES: dict[str, str] = {code: lang.name for code, lang in LANGUAGE_INFO.items()}
"""Code -> English name."""

NATIVE_NAMES: dict[str, str] = {code: lang.native for code, lang in LANGUAGE_INFO.items()}
DIRECTION: dict[str, str] = {code: lang.direction for code, lang in LANGUAGE_INFO.items()}

AUTO = "auto"
SOURCE_CHOICES: tuple[str, ...] = (*CODES, AUTO)
"""What a `source` (or article language) option accepts."""

PAIRS: tuple[tuple[str, str], ...] = tuple((s, t) for s in CODES for t in CODES if s != t)
"""Translation pairs, each with a model slot `"<source>-<target>"`."""

TRANSLATION_SLOTS: tuple[str, ...] = tuple(f"{s}-{t}" for s, t in PAIRS)
SUMMARY_SLOTS: tuple[str, ...] = tuple(f"summary-{code}" for code in ("en", "ar"))
MODEL_SLOTS: tuple[str, ...] = TRANSLATION_SLOTS + SUMMARY_SLOTS
"""Every model slot: "ar-en", "en-ar", "summary-en", "summary-ar"."""


def other_language(code: str) -> str:
    """The default target of `code`: the other supported language."""
    return "en" if code == "ar" else "ar"


def pairs_text() -> str:
    """The served pairs for messages ("ar->en, en->ar")."""
    return ", ".join(f"{s}->{t}" for s, t in PAIRS)


def slot_specs(settings: Settings) -> dict[str, str]:
    """The configured model spec of every slot."""
    return {
        "ar-en": settings.ar_en_model,
        "en-ar": settings.en_ar_model,
        "summary-en": settings.summary_model_en,
        "summary-ar": settings.summary_model_ar,
    }
