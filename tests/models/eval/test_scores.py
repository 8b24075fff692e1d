"""Scores agree with sacrebleu's own command line; ROUGE matches a case worked out by hand."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from models.cli.main import main
from models.eval.summary import RougeTokenizer, first_words, rouge

SACREBLEU = Path(sys.executable).with_name("sacrebleu")
CLI_NAMES = {"BLEU": "BLEU", "chrF2++": "chrF++", "TER": "TER"}


def sacrebleu_cli(reference: Path, hypothesis: Path, width: int) -> dict[str, dict[str, object]]:
    """sacrebleu's CLI scores (BLEU, chrF++, TER) by tarjama metric name."""
    if not SACREBLEU.is_file():
        pytest.fail(
            f"the sacrebleu command is not installed next to {sys.executable} (pip install sacrebleu)"
        )
    command = [str(SACREBLEU), str(reference), "-i", str(hypothesis), "-m", "bleu", "chrf", "ter"]
    command += ["--chrf-word-order", "2", "-w", str(width), "-f", "json"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return {CLI_NAMES[entry["name"]]: entry for entry in json.loads(output)}


def eval_json(argv: list[str], capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    code = main(["eval", "translation", *argv, "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    result: dict[str, object] = json.loads(captured.out)
    return result


def corpus(result: dict[str, object], system: int = 0) -> dict[str, dict[str, object]]:
    return result["systems"][system]["corpus"]  # type: ignore[index,no-any-return]


@pytest.mark.parametrize("width", [1, 4])
def test_line_files_agree_with_the_sacrebleu_command_line(
    line_files: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str], width: int
) -> None:
    src, ref, hyp = line_files
    ours = corpus(
        eval_json(["--source", str(src), "--reference", str(ref), "--hypothesis", str(hyp)], capsys)
    )
    theirs = sacrebleu_cli(ref, hyp, width)
    for name in ("BLEU", "chrF++", "TER"):
        assert round(float(ours[name]["score"]), width) == theirs[name]["score"], name  # type: ignore[arg-type]
        assert ours[name]["signature"] == theirs[name]["signature"]


def test_folders_score_their_paragraphs_like_sacrebleu(
    folders: tuple[Path, Path, Path], line_files: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    ar, en, hyp = folders
    _, ref_lines, hyp_lines = line_files  # the same paragraphs, one a line, in file-name order
    result = eval_json(["--source", str(ar), "--reference", str(en), "--hypothesis", str(hyp)], capsys)
    theirs = sacrebleu_cli(ref_lines, hyp_lines, 4)
    assert result["scored_documents"] == 3
    assert result["systems"][0]["segments"] == 6  # type: ignore[index]
    for name in ("BLEU", "chrF++", "TER"):
        assert round(float(corpus(result)[name]["score"]), 4) == theirs[name]["score"]  # type: ignore[arg-type]


def test_the_reference_as_hypothesis_scores_100_bleu(
    folders: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    ar, en, _ = folders
    result = eval_json(["--source", str(ar), "--reference", str(en), "--hypothesis", str(en)], capsys)
    assert corpus(result)["BLEU"]["score"] == pytest.approx(100.0)
    assert corpus(result)["chrF++"]["score"] == pytest.approx(100.0)
    assert corpus(result)["TER"]["score"] == pytest.approx(0.0)
    assert all(d["BLEU"] == pytest.approx(100.0) for d in result["systems"][0]["documents"])  # type: ignore[index]


def test_tsv_and_jsonl_give_the_same_scores_as_folders(
    tmp_path: Path, folders: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.models.eval.conftest import HYPOTHESES, REFERENCES, SOURCES

    ar, en, hyp = folders
    expected = corpus(
        eval_json(["--source", str(ar), "--reference", str(en), "--hypothesis", str(hyp)], capsys)
    )
    tsv = tmp_path / "set.tsv"
    rows = ["id\tsource\treference\thypothesis"]
    for name in sorted(SOURCES):
        for s, r, h in zip(SOURCES[name], REFERENCES[name], HYPOTHESES[name], strict=True):
            rows.append(f"{name}\t{s}\t{r}\t{h}")
    tsv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    jsonl = tmp_path / "set.jsonl"
    jsonl.write_text(
        "".join(
            json.dumps(
                {"id": n, "source": SOURCES[n], "reference": REFERENCES[n], "hypothesis": HYPOTHESES[n]}
            )
            + "\n"
            for n in sorted(SOURCES)
        ),
        encoding="utf-8",
    )
    for path in (tsv, jsonl):
        result = eval_json(["--source", str(path)], capsys)
        assert result["scored_documents"] == 3
        for name in ("BLEU", "chrF++", "TER"):
            assert corpus(result)[name]["score"] == expected[name]["score"], (path.suffix, name)


def test_rouge_of_a_case_worked_out_by_hand() -> None:
    # reference: the cat sat on the mat (6 words, 5 bigrams); summary: the cat on the mat (5 words, 4 bigrams)
    # ROUGE-1: 5 shared words -> P 5/5, R 5/6; ROUGE-2: shared "the cat", "on the", "the mat" -> P 3/4, R 3/5
    # ROUGE-L: LCS "the cat on the mat" = 5 -> as ROUGE-1.
    scores = rouge("s", [("x", "The cat on the mat.", ["the cat sat on the mat"])], budget=10)
    assert scores.precision["rouge1"] == pytest.approx(100.0)
    assert scores.recall["rouge1"] == pytest.approx(100 * 5 / 6)
    assert scores.f1["rouge1"] == pytest.approx(100 * 10 / 11)
    assert scores.precision["rouge2"] == pytest.approx(75.0)
    assert scores.recall["rouge2"] == pytest.approx(60.0)
    assert scores.f1["rouge2"] == pytest.approx(100 * 2 * 0.75 * 0.6 / 1.35)
    assert scores.f1["rougeL"] == pytest.approx(100 * 10 / 11)


def test_rouge_keeps_arabic_words_and_cuts_to_the_budget() -> None:
    assert RougeTokenizer().tokenize("ذَهَبَ الولد إلى المدرسةِ") == ["ذهب", "الولد", "إلى", "المدرسة"]
    # 2 of the 4 reference words, all of the summary's 2 words (after the budget of 2 cut "غدا")
    scores = rouge("s", [("x", "ذهب الولد غدا", ["ذهب الولد إلى المدرسة"])], budget=2)
    assert scores.precision["rouge1"] == pytest.approx(100.0)
    assert scores.recall["rouge1"] == pytest.approx(50.0)
    assert scores.truncated == 1
    assert first_words("a b c d", 2) == "a b"


def test_eval_summary_scores_given_summaries_and_the_baselines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "1.txt").write_text(
        "The storm hit the coast on Monday. Thousands lost power. Schools stayed closed.", encoding="utf-8"
    )
    (articles / "2.txt").write_text("ارتفعت الأسعار في السوق. قال التجار إن الطلب زاد.", encoding="utf-8")
    refs = tmp_path / "refs.jsonl"
    refs.write_text(
        json.dumps(
            {"id": "1.txt", "references": ["A storm hit the coast and cut power.", "Storm cuts power."]}
        )
        + "\n"
        + json.dumps({"id": "2.txt", "reference": "ارتفعت الأسعار في السوق"}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    summaries = tmp_path / "sys.jsonl"
    summaries.write_text(
        json.dumps({"id": "1.txt", "summary": "The storm hit the coast."})
        + "\n"
        + json.dumps({"id": "2.txt", "summary": "ارتفعت الأسعار"}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    code = main(
        [
            "eval",
            "summary",
            "--articles",
            str(articles),
            "--references",
            str(refs),
            "--summaries",
            str(summaries),
            "--json",
        ]
    )
    captured = capsys.readouterr()
    assert code == 0, captured.err
    result = json.loads(captured.out)
    assert result["budget_words"] == 4  # median of 8, 3 and 4 reference words
    labels = [s["label"] for s in result["systems"]]
    assert labels == ["sys.jsonl", "lead-3", "first 4 words"]
    arabic = next(d for d in result["systems"][0]["documents"] if d["id"] == "2.txt")
    assert arabic["ROUGE-1"] > 0  # Arabic words counted, not dropped by the tokeniser
    assert all(s["mean_words"] <= 4 for s in result["systems"])


def test_eval_summary_summarises_with_tarjama_when_no_summaries_are_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    articles = tmp_path / "articles.jsonl"
    text = (
        "The storm hit the coast on Monday. Thousands of homes lost power for a day. "
        "Schools stayed closed until Wednesday. Officials said repairs would take a week."
    )
    articles.write_text(json.dumps({"id": "1", "text": text}) + "\n", encoding="utf-8")
    refs = tmp_path / "refs.jsonl"
    refs.write_text(json.dumps({"id": "1", "reference": "A storm hit the coast and cut power."}) + "\n")
    report = tmp_path / "summary.html"
    argv = ["eval", "summary", "--articles", str(articles), "--references", str(refs), "--sentences", "1"]
    code = main([*argv, "--html", str(report)])
    out = capsys.readouterr().out
    assert code == 0
    assert "tarjama extractive" in out and "lead-3" in out and "first 8 words" in out
    page = report.read_text(encoding="utf-8")
    assert "<svg" in page and "lowest-scoring summary" in page
