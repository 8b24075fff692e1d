"""Walking IN_DIR and reading articles: formats, .jsonl records, limits, hashes."""

from __future__ import annotations

import json
import os
from pathlib import Path

from batch.sources import Article, Ignored, content_hash, load_bytes, read_articles, walk


def _files(root: Path) -> list[str]:
    return [e.relative_to(root).as_posix() for e in walk(root) if isinstance(e, Path)]


def test_walk_is_stable_recursive_and_skips_links_and_other_files(tmp_path: Path) -> None:
    (tmp_path / "b" / "c").mkdir(parents=True)
    for name in ["z.txt", "a.HTML", "b/x.md", "b/c/y.jsonl", "b/c/w.json", "notes.xlsx", "b/page.htm"]:
        (tmp_path / name).write_text("x", encoding="utf-8")
    os.symlink(tmp_path / "z.txt", tmp_path / "link.txt")
    os.symlink(tmp_path / "b", tmp_path / "linked-dir")

    entries = list(walk(tmp_path))

    assert _files(tmp_path) == ["a.HTML", "z.txt", "b/page.htm", "b/x.md", "b/c/w.json", "b/c/y.jsonl"]
    ignored = {e.rel: e.why for e in entries if isinstance(e, Ignored)}
    assert set(ignored) == {"link.txt", "linked-dir", "notes.xlsx"}
    assert "symbolic link" in ignored["link.txt"]


def test_read_file_article(tmp_path: Path) -> None:
    path = tmp_path / "story.md"
    path.write_text("# Title\n\nBody.", encoding="utf-8")
    (article,) = read_articles(path, "story.md", max_bytes=1000)
    assert (article.key, article.rel, article.record, article.format) == (
        "story.md",
        "story.md",
        None,
        "markdown",
    )
    assert article.failure is None
    assert article.data == path.read_bytes()
    assert article.content_hash == content_hash("markdown", path.read_bytes())


def test_read_failures_empty_and_too_large(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "spaces.txt").write_bytes(b" \n\t ")
    (tmp_path / "big.txt").write_bytes(b"x" * 2000)
    for name, code in [("empty.txt", "empty"), ("spaces.txt", "empty"), ("big.txt", "input_too_large")]:
        (article,) = read_articles(tmp_path / name, name, max_bytes=1000)
        assert article.failure is not None and article.failure.code == code, name
        assert article.data is None and article.content_hash is None
    (big,) = read_articles(tmp_path / "big.txt", "big.txt", max_bytes=1000)
    assert big.failure is not None and "--max-bytes" in big.failure.reason


def test_content_hash_same_bytes_same_hash_format_matters() -> None:
    assert content_hash("text", b"abc") == content_hash("text", b"abc")
    assert content_hash("text", b"abc") != content_hash("markdown", b"abc")
    assert content_hash("json", b"{}", {"body": ("x",)}) != content_hash("json", b"{}", None)


def test_jsonl_records_ids_repeats_bad_lines_and_offsets(tmp_path: Path) -> None:
    records = [{"guid": "a/1", "body": "one"}, {"body": "two"}, {"guid": "a/1", "body": "three"}]
    lines = [json.dumps(r) for r in records]
    path = tmp_path / "feed.jsonl"
    path.write_text(lines[0] + "\n\n" + lines[1] + "\n[1, 2]\n{oops\n" + lines[2] + "\n", encoding="utf-8")

    articles = list(read_articles(path, "f/feed.jsonl", 10_000, id_keys=("guid",)))

    assert [a.key for a in articles] == [
        "f/feed.jsonl/a/1",
        "f/feed.jsonl/line-3",
        "f/feed.jsonl/line-4",
        "f/feed.jsonl/line-5",
        "f/feed.jsonl/a/1~line-6",
    ]
    assert [a.failure.code if a.failure else None for a in articles] == [
        None,
        None,
        "invalid_input",
        "invalid_input",
        None,
    ]
    for article in articles:
        assert article.rel == "f/feed.jsonl" and article.format == "json"
        if article.failure is None:
            copy = Article.from_descriptor(article.descriptor())
            assert load_bytes(
                tmp_path.parent, Article(**{**copy.__dict__, "rel": f"{tmp_path.name}/feed.jsonl"})
            ) == (article.data)


def test_jsonl_line_over_limit_and_empty_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(
        json.dumps({"body": "x" * 500}) + "\n" + json.dumps({"body": "ok"}) + "\n", encoding="utf-8"
    )
    first, second = read_articles(path, "feed.jsonl", 100)
    assert first.failure is not None and first.failure.code == "input_too_large"
    assert second.failure is None
    (tmp_path / "none.jsonl").write_text("\n\n", encoding="utf-8")
    (empty,) = read_articles(tmp_path / "none.jsonl", "none.jsonl", 100)
    assert empty.key == "none.jsonl" and empty.failure is not None and empty.failure.code == "empty"


def test_descriptor_round_trip() -> None:
    article = Article("a/b.jsonl/r", "a/b.jsonl", "r", "json", 10, 20, 3, b"{}", "hash")
    copy = Article.from_descriptor(article.descriptor())
    assert copy.data is None
    assert (
        copy.key,
        copy.rel,
        copy.record,
        copy.format,
        copy.offset,
        copy.length,
        copy.line,
        copy.content_hash,
    ) == ("a/b.jsonl/r", "a/b.jsonl", "r", "json", 10, 20, 3, "hash")
