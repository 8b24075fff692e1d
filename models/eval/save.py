"""`--save DIR`: the scored segments as sacrebleu-ready files, and each system's translations.

DIR/reference.txt and DIR/system-N.txt hold the scored segments one a line, in the order they
were scored, so `sacrebleu DIR/reference.txt -i DIR/system-1.txt -m bleu chrf ter --chrf-word-order 2`
reproduces the figures. For a folder set, DIR/system-N/ holds every document the system translated
(paragraphs between blank lines, same file names), ready for a later `--hypothesis DIR/system-N`.
DIR/systems.txt says which label each N is.
"""

from __future__ import annotations

from pathlib import Path

from models.errors import InvalidInputError
from models.eval.report import TranslationReport


def _one_line(segment: str) -> str:
    # A segment spanning lines would shift every later line; sacrebleu's tokenisers treat the
    # newline as a space anyway, so the scores are unchanged.
    return " ".join(segment.splitlines())


def _write(path: Path, text: str) -> None:
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


def save_outputs(report: TranslationReport, directory: Path) -> list[Path]:
    """Write the files described above into `directory` (created); returns what was written."""
    try:
        return _save(report, directory)
    except OSError as exc:
        raise InvalidInputError(f"{directory}: cannot write the outputs ({exc.strerror})") from None


def _save(report: TranslationReport, directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = [directory / "reference.txt", directory / "systems.txt"]
    _write(written[0], "".join(_one_line(s) + "\n" for s in report.segments.flat()))
    labels = []
    for number, system in enumerate(report.systems, start=1):
        path = directory / f"system-{number}.txt"
        _write(path, "".join(_one_line(s) + "\n" for s in report.segments.flat(system.label)))
        written.append(path)
        labels.append(f"system-{number}\t{_one_line(system.label)}\n")
    _write(written[1], "".join(labels))
    if report.format == "folders":
        for number, output in enumerate(report.outputs, start=1):
            if output.speed is None:  # given output: it is already in a folder
                continue
            folder = directory / f"system-{number}"
            folder.mkdir(exist_ok=True)
            for key, paragraphs in output.hypotheses.items():
                _write(folder / key, "\n\n".join(paragraphs) + "\n")
            written.append(folder)
    return written
