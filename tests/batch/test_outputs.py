"""Output names that never leave OUT_DIR, atomic writes, the OUT_DIR lock."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from batch.options import UsageError
from batch.outputs import TMP_DIR, OutputPathError, OutputTree, output_paths, safe_component


@pytest.mark.parametrize(
    "name", ["..", ".", "../../etc/passwd", "/abs", "a\\b", "x\x00y", "", ".hidden", "a:b?"]
)
def test_safe_component_is_one_plain_component(name: str) -> None:
    safe = safe_component(name)
    assert safe not in ("", ".", "..")
    assert "/" not in safe and "\\" not in safe and "\x00" not in safe
    assert not safe.startswith(".")


def test_safe_component_keeps_plain_names_and_spaces() -> None:
    assert safe_component("story 1 .. final.txt") == "story 1 .. final.txt"
    assert safe_component("خبر.txt") == "خبر.txt"


def test_changed_names_never_collide_with_each_other_or_plain_ones() -> None:
    names = ["a?b", "a:b", "a_b", "..x", "_.x", "__x"]
    assert len({safe_component(n) for n in names}) == len(names)


def test_long_names_are_shortened() -> None:
    safe = safe_component("ا" * 300 + ".txt")
    assert len(safe.encode()) < 255


def test_output_paths_mirror_the_input_tree() -> None:
    assert output_paths("a/b/story.txt", None, ["json", "md", "html"]) == {
        "json": "a/b/story.txt.json",
        "md": "a/b/story.txt.md",
        "html": "a/b/story.txt.html",
    }
    assert output_paths("feed.jsonl", "r1", ["json"]) == {"json": "feed.jsonl/r1.json"}
    escaped = output_paths("..  odd/x.txt", "../../up", ["json"])["json"]
    assert ".." not in escaped.split("/") and not escaped.startswith("/")


def test_resolve_refuses_escapes(tmp_path: Path) -> None:
    out = OutputTree(tmp_path / "out")
    out.open()
    try:
        outside = tmp_path / "outside"
        outside.mkdir()
        os.symlink(outside, tmp_path / "out" / "evil")
        for rel in ["../x.json", "/etc/x.json", "a/../../x.json", "evil/x.json", ""]:
            with pytest.raises(OutputPathError):
                out.write(rel, "boom")
        assert list(outside.iterdir()) == []
    finally:
        out.close()


def test_atomic_write_replaces_and_leaves_no_temp_files(tmp_path: Path) -> None:
    out = OutputTree(tmp_path / "out")
    out.open()
    out.write_many({"a/b/c.json": "one", "a/d.md": "two"})
    out.write("a/b/c.json", "three")
    assert (tmp_path / "out/a/b/c.json").read_text() == "three"
    assert (tmp_path / "out/a/d.md").read_text() == "two"
    assert list((tmp_path / "out" / TMP_DIR).iterdir()) == []
    out.close()
    assert not (tmp_path / "out" / TMP_DIR).exists()


def test_open_removes_a_killed_runs_temp_files_and_locks(tmp_path: Path) -> None:
    (tmp_path / "out" / TMP_DIR).mkdir(parents=True)
    (tmp_path / "out" / TMP_DIR / "left.tmp").write_text("half")
    first = OutputTree(tmp_path / "out")
    first.open()
    assert list((tmp_path / "out" / TMP_DIR).iterdir()) == []
    second = OutputTree(tmp_path / "out")
    with pytest.raises(UsageError, match="another tarjama batch"):
        second.open()
    first.close()
    second.open()
    second.close()
