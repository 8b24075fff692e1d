"""Quality evaluation on the user's own reference sets: `tarjama eval translation` and `summary`.

`evaluate_translation` scores a system's output (given, or translated here with one or two
configurations) with sacrebleu; `evaluate_summaries` scores summaries with ROUGE at a fixed word
budget against lead and first-words baselines. Reports render as text, JSON and one HTML page.
sacrebleu and rouge-score (the `eval` extra) are imported only when scoring.
"""

from models.eval.evaluate import TranslationEvalOptions, evaluate_translation
from models.eval.inputs import EvalDocument, EvalSet, Misalignment, load_translation_set
from models.eval.report import TranslationReport, render_summary_text, render_text, to_json
from models.eval.summary import SummaryEvalOptions, SummaryReport, evaluate_summaries

__all__ = [
    "EvalDocument",
    "EvalSet",
    "Misalignment",
    "SummaryEvalOptions",
    "SummaryReport",
    "TranslationEvalOptions",
    "TranslationReport",
    "evaluate_summaries",
    "evaluate_translation",
    "load_translation_set",
    "render_summary_text",
    "render_text",
    "to_json",
]
