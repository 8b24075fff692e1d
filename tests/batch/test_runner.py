"""The local pipeline end to end on tiny models: outputs, manifest, failures, duplicates, reruns."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from batch.options import BatchOptions
from batch.outputs import output_paths
from batch.runner import EXIT_FAILED, EXIT_OK, run_batch
from tests.batch.helpers import (
    RUN_FILES,
    briefing_files,
    html_links,
    manifest_rows,
    markdown_links,
    mtimes,
    no_temp_files,
    out_files,
    report,
)

pytestmark = pytest.mark.shared

FORMATS = ("json", "md", "html")


def _paths(key: str, rows: dict[str, dict[str, Any]]) -> list[str]:
    row = rows[key]
    return list(output_paths(row["source"], row["record"], FORMATS).values())


def test_hostile_archive(
    hostile: tuple[Path, dict[str, Any]], tmp_path: Path, fast_settings: Any, batch_engine: Any
) -> None:
    from models.briefing import Briefing

    root, expect = hostile
    out = tmp_path / "out"
    result = run_batch(
        BatchOptions(root, out, quiet=True, group_articles=4), fast_settings, engine=batch_engine
    )

    assert result.exit_code == EXIT_FAILED
    rows = manifest_rows(out)
    assert set(rows) == set(expect["articles"]) | set(expect["duplicates"]) | set(expect["failures"])

    expected_files = set()
    for key in expect["articles"]:
        row = rows[key]
        assert (row["status"], row["duplicate_of"], row["error_code"]) == ("done", None, None), key
        assert row["outputs"] == _paths(key, rows)
        expected_files |= set(row["outputs"])
        briefing = Briefing.from_dict(json.loads((out / row["outputs"][0]).read_text(encoding="utf-8")))
        assert briefing.id == key
        assert briefing.source["path"] == row["source"]
        assert briefing.paragraphs and set(briefing.summary) == {"ar", "en"}
    for key, primary in expect["duplicates"].items():
        row = rows[key]
        assert (row["status"], row["duplicate_of"]) == ("done", primary)
        # The output tree mirrors the input tree: the duplicate's own paths hold copies.
        assert row["outputs"] == _paths(key, rows)
        for own, theirs in zip(row["outputs"], rows[primary]["outputs"], strict=True):
            assert (out / own).read_bytes() == (out / theirs).read_bytes()
        expected_files |= set(row["outputs"])
    for key, code in expect["failures"].items():
        row = rows[key]
        assert (row["status"], row["error_code"]) == ("failed", code), key
        assert row["reason"] and row["outputs"] == []
    for key in expect["warnings"]:
        assert any("windows-1256" in w for w in rows[key]["warnings"])
        page = json.loads((out / rows[key]["outputs"][0]).read_text(encoding="utf-8"))
        assert any("windows-1256" in w for w in page["warnings"])

    # Exactly the expected files, all inside OUT_DIR, none left half-written.
    assert briefing_files(out) == expected_files
    assert out_files(out) == expected_files | RUN_FILES
    real_out = os.path.realpath(out)
    assert all(os.path.realpath(out / f).startswith(real_out + os.sep) for f in out_files(out))
    assert no_temp_files(out)
    assert not any(".." in Path(f).parts for f in out_files(out))

    data = report(out)
    assert data["counts"] | {"not_seen": 0} == {
        "articles": 16,
        "done": 11,
        "failed": 5,
        "pending": 0,
        "processed": 10,
        "unchanged": 0,
        "duplicates": 1,
        "duplicate_articles": 1,
        "ignored_files": 2,
        "not_seen": 0,
    }
    assert {f["key"]: f["code"] for f in data["failures"]} == expect["failures"]
    assert all(f["reason"] for f in data["failures"])
    assert sorted(i["rel"] for i in data["ignored"]) == expect["ignored"]
    assert data["throughput"]["articles_composed"] == 10 and data["throughput"]["articles_per_s"] > 0
    assert set(data["models"]) >= {"ar-en"}
    assert data["settings"]["output"]["beam_size"] == 1


def test_rerun_does_no_model_work_and_redoes_only_what_changed(
    small_corpus: Path, tmp_path: Path, fast_settings: Any, batch_engine: Any
) -> None:
    from models.engine import Engine

    out = tmp_path / "out"
    options = BatchOptions(small_corpus, out, quiet=True, group_articles=4)
    assert run_batch(options, fast_settings, engine=batch_engine).exit_code == EXIT_OK
    files = briefing_files(out)
    assert len(files) == 3 * len(list(small_corpus.iterdir()))
    before = mtimes(out, files)
    rows_before = manifest_rows(out)

    fresh = Engine(fast_settings, backend="transformers")
    second = run_batch(options, fast_settings, engine=fresh)
    assert second.exit_code == EXIT_OK
    assert fresh.loaded() == {}, "an unchanged archive needs no model"
    assert second.report["counts"]["processed"] == 0
    assert second.report["counts"]["unchanged"] == len(rows_before)
    assert second.report["throughput"]["articles_composed"] == 0
    assert mtimes(out, files) == before
    rows_after = manifest_rows(out)
    for key, row in rows_before.items():
        assert {k: v for k, v in rows_after[key].items() if k not in ("run_id", "updated_at")} == {
            k: v for k, v in row.items() if k not in ("run_id", "updated_at")
        }

    # One article changes: only it is composed again.
    changed = sorted(small_corpus.iterdir())[1]
    changed.write_text(
        changed.read_text(encoding="utf-8") + "\n\nفقرة جديدة أضيفت إلى الخبر.", encoding="utf-8"
    )
    third = run_batch(options, fast_settings, engine=fresh)
    assert third.report["counts"]["processed"] == 1
    assert third.report["counts"]["unchanged"] == len(rows_before) - 1
    after = mtimes(out, files)
    assert {f for f in files if after[f] != before[f]} == {
        f"{changed.name}{s}" for s in (".json", ".md", ".html")
    }
    fresh.close()

    # Other settings that shape output (here: the formats) redo everything and drop stale files.
    fourth = run_batch(
        BatchOptions(small_corpus, out, quiet=True, formats=("json",)), fast_settings, engine=batch_engine
    )
    assert fourth.report["counts"]["processed"] == len(rows_before)
    assert briefing_files(out) == {f for f in files if f.endswith(".json")}


def test_digest_lists_every_article_with_titles_summaries_and_links(
    small_corpus: Path, tmp_path: Path, fast_settings: Any, batch_engine: Any
) -> None:
    from models.briefing.render_html import bdi
    from models.briefing.render_markdown import md
    from models.briefing.safe import one_line

    out = tmp_path / "out"
    # A duplicate must not be listed twice.
    first = sorted(small_corpus.iterdir())[0]
    (small_corpus / "again.txt").write_bytes(first.read_bytes())
    run_batch(BatchOptions(small_corpus, out, quiet=True), fast_settings, engine=batch_engine)
    rows = manifest_rows(out)
    primaries = sorted(k for k, r in rows.items() if r["status"] == "done" and not r["duplicate_of"])
    assert len(primaries) == len(rows) - 1

    digest_md = (out / "digest.md").read_text(encoding="utf-8")
    digest_html = (out / "digest.html").read_text(encoding="utf-8")
    md_links = [unquote(link) for link in markdown_links(digest_md)]
    html_pages = [unquote(link) for link in html_links(digest_html)]
    assert md_links == [rows[k]["outputs"][1] for k in primaries], "one entry per article, linked to its .md"
    assert sorted(set(html_pages)) == sorted(rows[k]["outputs"][2] for k in primaries)
    assert all((out / link).is_file() for link in md_links + html_pages)

    for key in primaries:
        page = json.loads((out / rows[key]["outputs"][0]).read_text(encoding="utf-8"))
        source = page["source_lang"]
        assert md(one_line(page["title"][source])) in digest_md
        for lang in ("ar", "en"):
            assert page["summary"][lang], f"{key}: no {lang} summary"
            assert md(" ".join(page["summary"][lang])) in digest_md
            for sentence in page["summary"][lang]:
                if one_line(sentence):
                    assert bdi(one_line(sentence), lang) in digest_html


def test_an_article_that_now_fails_loses_its_stale_briefing(
    corpus_files: list[Path], tmp_path: Path, fast_settings: Any, batch_engine: Any
) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    for file in corpus_files[:2]:
        (inp / file.name).write_bytes(file.read_bytes())
    options = BatchOptions(inp, out, quiet=True)
    assert run_batch(options, fast_settings, engine=batch_engine).exit_code == EXIT_OK
    gone = corpus_files[0].name
    (inp / gone).write_bytes(b"\x00\x01binary now")
    result = run_batch(options, fast_settings, engine=batch_engine)
    assert result.exit_code == EXIT_FAILED
    assert result.report["counts"]["processed"] == 0 and result.report["counts"]["unchanged"] == 1
    assert [(f["key"], f["code"]) for f in result.report["failures"]] == [(gone, "invalid_encoding")]
    assert briefing_files(out) == {f"{corpus_files[1].name}{s}" for s in (".json", ".md", ".html")}
    assert "binary" in manifest_rows(out)[gone]["reason"]


def test_resumed_runs_keep_each_runs_figures_and_counts_agree_with_progress(
    small_corpus: Path, tmp_path: Path, fast_settings: Any, batch_engine: Any
) -> None:
    from batch.progress import Progress

    first_file = sorted(small_corpus.iterdir())[0]
    (small_corpus / "zz-copy.txt").write_bytes(first_file.read_bytes())
    out = tmp_path / "out"
    options = BatchOptions(small_corpus, out, quiet=True, group_articles=4)
    reports = []
    for _ in range(2):
        progress = Progress(quiet=True)
        result = run_batch(options, fast_settings, engine=batch_engine, progress=progress)
        counts = result.report["counts"]
        assert {k: counts[k] for k in ("processed", "unchanged", "duplicates", "failed")} == {
            "processed": progress.counts["processed"],
            "unchanged": progress.counts["skipped"],
            "duplicates": progress.counts["duplicates"],
            "failed": progress.counts["failed"],
        }
        reports.append(report(out))
    first, second = reports
    assert first["counts"]["duplicates"] == 1 and second["counts"]["duplicates"] == 0
    assert second["counts"]["unchanged"] == len(list(small_corpus.iterdir()))
    assert second["throughput"]["articles_per_s"] is None  # nothing composed: no "0.0 articles/s"
    # The second report keeps the first run's figures.
    assert [r["run_id"] for r in second["runs"]] == [first["run_id"], second["run_id"]]
    assert second["runs"][0]["counts"] == {k: first["counts"][k] for k in second["runs"][0]["counts"]}
    assert second["runs"][0]["throughput"]["articles_per_s"] == first["throughput"]["articles_per_s"] > 0
    rows = manifest_rows(out)
    assert rows["zz-copy.txt"]["outputs"] == _paths("zz-copy.txt", rows)
    assert all((out / p).is_file() for p in rows["zz-copy.txt"]["outputs"])


def test_digest_links_survive_bidi_controls_in_file_names(
    corpus_files: list[Path], tmp_path: Path, fast_settings: Any, batch_engine: Any
) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    names = ["news\u202egnp.txt", "\u2067isolated\u2069 story.txt"]
    for name, file in zip(names, corpus_files, strict=False):
        (inp / name).write_bytes(file.read_bytes())
    assert run_batch(BatchOptions(inp, out, quiet=True), fast_settings, engine=batch_engine).exit_code == 0
    md_links = [unquote(link) for link in markdown_links((out / "digest.md").read_text(encoding="utf-8"))]
    html = (out / "digest.html").read_text(encoding="utf-8")
    html_pages = [unquote(link) for link in html_links(html)]
    assert len(md_links) == 2 and len(set(html_pages)) == 2
    assert all((out / link).is_file() for link in md_links + html_pages)
    assert "\u202e" not in html.replace("%E2%80%AE", "")  # inert: only percent-encoded in the page
