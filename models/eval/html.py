"""The `--html` report: one self-contained page (inline CSS and SVG, no script, no network).

Every string on the page (document ids, sources, references, system output, labels, paths) comes
from the user's files or a model, so each goes through `text()`: HTML-escaped, and bidi and other
control characters shown as visible `U+XXXX` marks rather than obeyed (a right-to-left override in
a hypothesis must not reorder what the reader sees) or dropped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from models.eval.report import TranslationReport
from models.eval.summary import ROUGE_NAMES, ROUGE_TYPES, SummaryReport
from models.eval.translation import HIGHER_IS_BETTER, METRICS, SystemScores

# Bidi embeddings, overrides, isolates and marks; zero-width and other format characters; C0/C1 controls.
_CONTROLS = re.compile("[\u200b\u200e\u200f\u202a-\u202e\u2060-\u2069\ufeff\x00-\x08\x0b-\x1f\x7f-\x9f]")
COLORS = ("#2b6cb0", "#dd6b20", "#38a169")

CSS = """
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Naskh Arabic",sans-serif;
 margin:0 auto;max-width:1200px;padding:1.5rem;color:#1a202c;background:#fff}
h1{font-size:1.5rem;margin:0 0 .25rem}
h2{font-size:1.15rem;margin:2rem 0 .5rem;border-bottom:1px solid #e2e8f0}
.meta{color:#4a5568;margin:0 0 1rem}.note{color:#4a5568;font-size:.9rem;max-width:60rem}
table{border-collapse:collapse;margin:.5rem 0}th,td{padding:.3rem .6rem;border-bottom:1px solid #e2e8f0;
 vertical-align:top;text-align:left}th{background:#f7fafc;white-space:nowrap}td.n{text-align:right;font-variant-numeric:tabular-nums}
code{font-size:.8rem;background:#f7fafc;padding:.1rem .3rem;word-break:break-all}
.sig li{margin:.15rem 0}.charts{display:flex;flex-wrap:wrap;gap:1.5rem;align-items:flex-start}
.chart{border:1px solid #e2e8f0;padding:.5rem;max-width:540px}.chart svg{display:block}
.doc{border:1px solid #e2e8f0;margin:1rem 0;padding:.5rem .75rem}.doc h3{font-size:1rem;margin:.25rem 0}
.doc table{width:100%;table-layout:fixed}.doc td{font-size:.9rem;word-wrap:break-word;unicode-bidi:isolate}
.flag{display:inline-block;background:#fed7d7;color:#822727;border-radius:3px;padding:0 .35rem;
 margin-right:.25rem;font-size:.8rem}.ok{color:#276749}.bad{color:#9b2c2c}
.ctl{background:#feebc8;color:#7b341e;font:11px monospace;border-radius:2px;padding:0 2px}
.sw{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:middle}
"""


def text(value: object) -> str:
    """`value` as HTML text: escaped, with control and bidi characters shown as visible marks."""
    raw = str(value)
    out: list[str] = []
    last = 0
    for match in _CONTROLS.finditer(raw):
        out.append(html.escape(raw[last : match.start()]))
        out.append(f'<span class="ctl" title="control character">U+{ord(match.group()):04X}</span>')
        last = match.end()
    out.append(html.escape(raw[last:]))
    return "".join(out)


def _page(title: str, body: list[str]) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        f"<title>{text(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], numeric: set[int]) -> str:
    """A table; header cells are escaped here, row cells must already be HTML."""
    head = "".join(f"<th>{text(h)}</th>" for h in header)
    body = "".join(
        "<tr>"
        + "".join(f'<td class="n">{c}</td>' if i in numeric else f"<td>{c}</td>" for i, c in enumerate(row))
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


# -- charts --------------------------------------------------------------------------------------------
def histogram(
    series: Sequence[tuple[str, Sequence[float]]], metric: str = "chrF++", width: int = 520, height: int = 260
) -> str:
    """Per-document scores (0-100) in bins of 10 points, one bar colour per (label, scores) series."""
    bins = 10
    counts = [[0] * bins for _ in series]
    for s, (_, values) in enumerate(series):
        for value in values:
            counts[s][max(0, min(int(value // 10), bins - 1))] += 1
    top = max([1, *(c for row in counts for c in row)])
    left, bottom, right, upper = 40, 36, 10, 12
    plot_w, plot_h = width - left - right, height - bottom - upper
    slot = plot_w / bins
    bar = (slot - 4) / max(len(series), 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img">']
    parts.append(f"<title>{text(f'Documents per {metric} band')}</title>")
    step = max(1, -(-top // 5))
    for tick in range(0, top + 1, step):
        y = upper + plot_h - plot_h * tick / top
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#edf2f7"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end">{tick}</text>')
    for b in range(bins):
        x0 = left + b * slot + 2
        for s in range(len(series)):
            h = plot_h * counts[s][b] / top
            y = upper + plot_h - h
            label = text(f"{series[s][0]}: {counts[s][b]} documents with {metric} {10 * b}-{10 * b + 10}")
            parts.append(
                f'<rect x="{x0 + s * bar:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="{COLORS[s % len(COLORS)]}"><title>{label}</title></rect>'
            )
        parts.append(
            f'<text x="{left + b * slot + slot / 2:.1f}" y="{upper + plot_h + 14}" font-size="11" '
            f'text-anchor="middle">{10 * b}</text>'
        )
    parts.append(
        f'<line x1="{left}" x2="{width - right}" y1="{upper + plot_h}" '
        f'y2="{upper + plot_h}" stroke="#4a5568"/>'
    )
    parts.append(
        f'<text x="{left + plot_w / 2:.1f}" y="{height - 4}" font-size="12" text-anchor="middle">'
        f"{text(metric)} of the document (band start)</text>"
    )
    parts.append(
        f'<text x="12" y="{upper + plot_h / 2:.1f}" font-size="12" text-anchor="middle" '
        f'transform="rotate(-90 12 {upper + plot_h / 2:.1f})">documents</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def scatter(a: SystemScores, b: SystemScores, size: int = 360) -> str:
    """One dot per document: chrF++ of system A (x) against system B (y), with the diagonal."""
    left, bottom, pad = 44, 40, 12
    plot = size - left - pad
    by_id = {d.id: d.chrf for d in b.documents}

    def px(v: float) -> float:
        return left + plot * max(0.0, min(v, 100.0)) / 100

    def py(v: float) -> float:
        return pad + plot - plot * max(0.0, min(v, 100.0)) / 100

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size + bottom - pad}" role="img">'
    ]
    parts.append(f"<title>{text(f'chrF++ per document: {a.label} against {b.label}')}</title>")
    for tick in range(0, 101, 20):
        parts.append(
            f'<line x1="{px(tick):.1f}" x2="{px(tick):.1f}" y1="{pad}" y2="{pad + plot}" stroke="#edf2f7"/>'
        )
        parts.append(
            f'<line x1="{left}" x2="{left + plot}" y1="{py(tick):.1f}" y2="{py(tick):.1f}" stroke="#edf2f7"/>'
        )
        parts.append(
            f'<text x="{px(tick):.1f}" y="{pad + plot + 14}" '
            f'font-size="11" text-anchor="middle">{tick}</text>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{py(tick) + 4:.1f}" font-size="11" text-anchor="end">{tick}</text>'
        )
    parts.append(
        f'<line x1="{px(0):.1f}" y1="{py(0):.1f}" x2="{px(100):.1f}" '
        f'y2="{py(100):.1f}" stroke="#a0aec0" stroke-dasharray="4 3"/>'
    )
    for document in a.documents:
        if document.id not in by_id:
            continue
        y_value = by_id[document.id]
        tip = text(f"{document.id}: {a.label} {document.chrf:.1f}, {b.label} {y_value:.1f}")
        parts.append(
            f'<circle cx="{px(document.chrf):.1f}" cy="{py(y_value):.1f}" r="4" fill="{COLORS[0]}" '
            f'fill-opacity="0.6"><title>{tip}</title></circle>'
        )
    parts.append(
        f'<text x="{left + plot / 2:.1f}" y="{size + bottom - pad - 6}" font-size="12" text-anchor="middle">'
        f"{text(_short(a.label, 36))} (chrF++)</text>"
    )
    parts.append(
        f'<text x="12" y="{pad + plot / 2:.1f}" font-size="12" text-anchor="middle" '
        f'transform="rotate(-90 12 {pad + plot / 2:.1f})">{text(_short(b.label, 32))} (chrF++)</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def _verdict(difference: float, higher_is_better: bool, significant: bool, system: str, baseline: str) -> str:
    if difference == 0:
        return "no difference"
    better = (difference > 0) == higher_is_better
    who = text(_short(system if better else baseline))
    if not significant:
        return f"{who} ahead, but within chance"
    return f'<span class="ok">{who} better</span>' if better else f'<span class="bad">{who} better</span>'


def _short(label: str, limit: int = 40) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


# -- pages ---------------------------------------------------------------------------------------------
def _flags(counts: dict[str, int]) -> str:
    if not counts:
        return '<span class="ok">no flags</span>'
    return "".join(f'<span class="flag">{text(name)} ×{n}</span>' for name, n in sorted(counts.items()))


def _speed(system: SystemScores) -> list[str]:
    if system.speed is None:
        return ["–", "–"]
    s = system.speed
    return [f"{s.words_per_s:.1f}", f"{s.translate_s:.1f} s (+{s.load_s:.1f} s loading)"]


def render_translation_html(report: TranslationReport) -> str:
    """The whole page for a translation report."""
    first = report.systems[0]
    body = [
        "<h1>Translation quality report</h1>",
        f'<p class="meta">{text(report.source_lang)} → {text(report.target_lang)} · '
        f"{len(report.segments.ids)} of {report.documents} documents "
        f"scored · {first.segments} segments (paragraphs) · "
        f"source <code>{text(report.paths.get('source') or '')}</code> · reference "
        f"<code>{text(report.paths.get('reference') or '')}</code>"
        + (
            f" · hypothesis <code>{text(report.paths['hypothesis'])}</code>"
            if report.paths.get("hypothesis")
            else ""
        )
        + "</p>",
        '<p class="note">BLEU and chrF++ run from 0 to 100, '
        "higher is better; TER counts the edits needed to turn "
        "the output into the reference, lower is better. Scores are computed by sacrebleu over paragraphs "
        "(signatures below, for reproducing them). <em>Flagged</em> "
        "is the share of segments with a quality flag "
        "(untranslated, wrong script, repetition, missing digits). Speed is source words per second of "
        "translation, model loading apart.</p>",
        "<h2>Scores</h2>",
    ]
    rows = []
    for i, system in enumerate(report.systems):
        swatch = f'<span class="sw" style="background:{COLORS[i % len(COLORS)]}"></span>'
        rows.append(
            [
                swatch + text(system.label),
                *(f"{system.corpus[name].score:.1f}" for name in METRICS),
                f"{100 * system.flagged_share:.1f}%",
                *_speed(system),
            ]
        )
    body.append(
        _table(["system", "BLEU", "chrF++", "TER", "flagged", "words/s", "time"], rows, {1, 2, 3, 4, 5})
    )
    if report.comparison:
        c = report.comparison
        body.append(
            f'<h2>Is the difference real?</h2><p class="note">{text(c.system)} against {text(c.baseline)}, '
            f"paired bootstrap resampling ({c.samples} resamples "
            "of the segments, sacrebleu). A p-value under 0.05 "
            "means the difference is unlikely to be chance on this set.</p>"
        )
        crow = [
            [
                text(name),
                f"{c.difference[name]:+.2f}",
                f"{c.p_value[name]:.4f}",
                "yes" if c.significant(name) else "no",
                _verdict(
                    c.difference[name], HIGHER_IS_BETTER[name], c.significant(name), c.system, c.baseline
                ),
            ]
            for name in METRICS
        ]
        body.append(_table(["metric", "difference", "p-value", "significant", "reading"], crow, {1, 2}))
    body.append("<h2>Quality flags</h2>")
    flag_names = sorted({name for s in report.systems for name in s.flag_counts})
    frows = [
        [
            text(s.label),
            f"{s.flagged_units} of {s.flag_units} {text(s.flag_unit)}s",
            *(f"{100 * s.flag_counts.get(name, 0) / max(s.flag_units, 1):.1f}%" for name in flag_names),
        ]
        for s in report.systems
    ]
    body.append(_table(["system", "flagged", *flag_names], frows, set(range(2, 2 + len(flag_names)))))
    body.append(f'<p class="note">COMET: {text(report.comet.get("message", "not computed"))}</p>')
    body.append('<h2>Per-document chrF++</h2><div class="charts">')
    series = [(s.label, [d.chrf for d in s.documents]) for s in report.systems]
    body.append(
        f'<div class="chart">{histogram(series)}<p class="note">Each bar counts the documents whose '
        "chrF++ falls in a 10-point band (hover for the count). Median per document: "
        + ", ".join(f"{text(_short(s.label))} {_median(s):.1f}" for s in report.systems)
        + ".</p></div>"
    )
    if len(report.systems) == 2:
        body.append(f'<div class="chart">{scatter(report.systems[0], report.systems[1])}</div>')
    body.append("</div>")
    if len(report.systems) == 2:
        body.append(
            '<p class="note">Dots above the dashed diagonal are '
            "documents where the second system scores higher.</p>"
        )
    if report.misaligned:
        action = (
            "scored as one segment each" if report.mismatch_policy == "join" else "left out of the scores"
        )
        body.append(
            f"<h2>Documents with differing paragraph counts ({len(report.misaligned)}, {action})</h2><ul>"
        )
        body += [f"<li>{text(m.message)}</li>" for m in report.misaligned]
        body.append("</ul>")
    body.append(_worst(report))
    body.append(_all_documents(report))
    body.append('<h2>Signatures</h2><ul class="sig">')
    body += [f"<li>{text(name)}: <code>{text(first.corpus[name].signature)}</code></li>" for name in METRICS]
    if report.comparison:
        body += [
            f"<li>{text(name)} (test): <code>{text(sig)}</code></li>"
            for name, sig in report.comparison.signatures.items()
        ]
    body.append("</ul>")
    return _page("tarjama eval: translation", body)


def _count(n: int, singular: str, plural: str) -> str:
    """ "1 document" / "3 documents"."""
    return f"{n} {singular if n == 1 else plural}"


def _median(system: SystemScores) -> float:
    values = sorted(d.chrf for d in system.documents)
    if not values:
        return 0.0
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2


def _all_documents(report: TranslationReport) -> str:
    """Every scored document's scores, folded away (the JSON output has them too)."""
    tables = [{d.id: d for d in s.documents} for s in report.systems]
    header = ["document"]
    for s in report.systems:
        prefix = f"{_short(s.label, 24)}: " if len(report.systems) > 1 else ""
        header += [f"{prefix}BLEU", f"{prefix}chrF++", f"{prefix}TER", f"{prefix}flags"]
    rows = []
    for key in report.segments.ids:
        row = [text(key)]
        for table in tables:
            d = table[key]
            row += [f"{d.bleu:.1f}", f"{d.chrf:.1f}", f"{d.ter:.1f}", _flags(d.flags)]
        rows.append(row)
    numeric = {i for i in range(1, len(header)) if (i - 1) % 4 != 3}
    return (
        "<h2>All documents</h2><details><summary>"
        f"{_count(len(rows), 'document', 'documents')}, in input order</summary>"
        + _table(header, rows, numeric)
        + "</details>"
    )


def _worst(report: TranslationReport) -> str:
    ids = report.worst()
    first = report.systems[0]
    scores = {s.label: {d.id: d for d in s.documents} for s in report.systems}
    parts = [
        f"<h2>The {_count(len(ids), 'lowest-scoring document', 'lowest-scoring documents')} "
        f"({text(first.label)}, by chrF++)</h2>",
        '<p class="note">Paragraph by paragraph: source, reference and system output side by side.</p>',
    ]
    for key in ids:
        doc = scores[first.label][key]
        score_line = " · ".join(
            f"{text(label)}: chrF++ {table[key].chrf:.1f}, BLEU "
            f"{table[key].bleu:.1f}, TER {table[key].ter:.1f}"
            for label, table in scores.items()
        )
        joined = " · paragraphs joined (counts differed)" if doc.joined else ""
        header = ["source", "reference", *(f"output: {s.label}" for s in report.systems)]
        rows = []
        sources, references = report.segments.sources[key], report.segments.references[key]
        for i, (source, reference) in enumerate(zip(sources, references, strict=True)):
            cells = [
                source,
                reference,
                *(report.segments.hypotheses[s.label][key][i] for s in report.systems),
            ]
            rows.append([f'<div dir="auto">{text(c)}</div>' for c in cells])
        flags = " ".join(f"{text(s.label)}: {_flags(scores[s.label][key].flags)}" for s in report.systems)
        parts.append(
            f'<div class="doc"><h3>{text(key)}</h3><p class="meta">{score_line}{joined}<br>{flags}</p>'
            + _table(header, rows, set())
            + "</div>"
        )
    return "\n".join(parts)


def render_summary_html(report: SummaryReport) -> str:
    """The page for a summary report: ROUGE of the system and baselines at the word budget."""
    body = [
        "<h1>Summary quality report</h1>",
        f'<p class="meta">{report.articles} articles · budget '
        f"{report.budget} words ({text(report.budget_from)}) · "
        f"language: {text(report.lang)}</p>",
        '<p class="note">ROUGE counts the words (ROUGE-1), word '
        "pairs (ROUGE-2) and longest common word sequence "
        "(ROUGE-L) shared with the reference summaries; 0 to "
        "100, higher is better. Every summary is cut to the "
        "same number of words so that a longer one cannot score higher just by being longer. The lead and "
        "first-words rows are what a summary made of the article's opening would score.</p>",
    ]
    header = [
        "system",
        *(f"{ROUGE_NAMES[t]} F1" for t in ROUGE_TYPES),
        *(f"{ROUGE_NAMES[t]} R" for t in ROUGE_TYPES),
    ]
    header += ["mean words", "cut to budget"]
    rows = [
        [
            text(s.label),
            *(f"{s.f1[t]:.1f}" for t in ROUGE_TYPES),
            *(f"{s.recall[t]:.1f}" for t in ROUGE_TYPES),
            f"{s.mean_words:.1f}",
            f"{s.truncated} of {s.articles}",
        ]
        for s in report.systems
    ]
    body.append(_table(header, rows, set(range(1, len(header)))))
    body += [f'<p class="note">{text(note)}</p>' for note in report.notes]
    series = [(s.label, [float(d["ROUGE-L"]) for d in s.per_document]) for s in report.systems]
    legend = " ".join(
        f'<span class="sw" style="background:{COLORS[i % len(COLORS)]}"></span>{text(s.label)}'
        for i, s in enumerate(report.systems)
    )
    body.append(
        f'<h2>Per-article ROUGE-L</h2><div class="chart">{histogram(series, "ROUGE-L F1")}'
        f'<p class="note">{legend}</p></div>'
    )
    body.append(_worst_summaries(report))
    return _page("tarjama eval: summaries", body)


def _worst_summaries(report: SummaryReport, count: int = 10) -> str:
    """The articles where the system's summary has the lowest ROUGE-L, beside the references."""
    system, others = report.systems[0], report.systems[1:]
    ranked = sorted(system.per_document, key=lambda d: (d["ROUGE-L"], d["id"]))[:count]
    by_label = {s.label: {d["id"]: d for d in s.per_document} for s in others}
    parts = [
        f"<h2>The {_count(len(ranked), 'lowest-scoring summary', 'lowest-scoring summaries')}"
        f" ({text(system.label)}, by ROUGE-L)</h2>",
        f'<p class="note">As scored: every summary cut to {report.budget} words.</p>',
    ]
    for d in ranked:
        references = "<hr>".join(
            f'<div dir="auto">{text(r)}</div>' for r in report.references.get(d["id"], [])
        )
        cells = [references, f'<div dir="auto">{text(d["summary"])}</div>']
        cells += [f'<div dir="auto">{text(by_label[s.label][d["id"]]["summary"])}</div>' for s in others]
        header = ["reference", system.label, *(s.label for s in others)]
        score = ", ".join(f"{name} {float(d[name]):.1f}" for name in ("ROUGE-1", "ROUGE-2", "ROUGE-L"))
        parts.append(
            f'<div class="doc"><h3>{text(d["id"])}</h3><p class="meta">{text(system.label)}: {score}</p>'
            + _table(header, [cells], set())
            + "</div>"
        )
    return "\n".join(parts)
