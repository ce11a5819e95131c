"""The content cache: hits on unchanged files, misses on changed content or settings, and a
corrupted or foreign entry is ignored, never trusted."""
from __future__ import annotations

from pathlib import Path

import pytest

import siamlint.runner
from siamlint.config import Overrides
from siamlint.runner import Run, RunOptions, Target

BAD = "import keras\nx = (\n"  # SL001: a diagnostic the cache must reproduce


@pytest.fixture
def lint(tmp_path):
    def lint_once(source: str, **overrides) -> tuple:
        path = tmp_path / "m.py"
        if source is not None:
            path.write_text(source)
        run = Run(RunOptions(overrides=Overrides(**overrides), cache_dir=tmp_path / "cache"))
        result = run.lint(Target(path, "m.py", True))
        return result, run.cache
    return lint_once


def entries(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache").rglob("*.json"))


def test_an_unchanged_file_is_served_from_the_cache(lint, tmp_path, monkeypatch):
    first, _ = lint(BAD)
    assert [d.code for d in first.diagnostics] == ["SL001"]
    assert len(entries(tmp_path)) == 1

    def fail(*args, **kwargs):
        raise AssertionError("linted again")

    monkeypatch.setattr("siamlint.engine.lint_bytes", fail)
    second, _ = lint(None)
    assert second.diagnostics == first.diagnostics
    assert second.source == first.source


def test_changed_content_or_settings_miss(lint, tmp_path):
    lint(BAD)
    lint(BAD + "\n")
    lint(BAD, ignore=("SL001",))
    assert len(entries(tmp_path)) == 3


@pytest.mark.parametrize("garbage", [b"{not json", b'{"key": "someone else"}', b"[]", b""])
def test_corrupted_or_foreign_entries_are_ignored(lint, tmp_path, garbage):
    lint(BAD)
    (entry,) = entries(tmp_path)
    entry.write_bytes(garbage)
    result, _ = lint(None)
    assert [d.code for d in result.diagnostics] == ["SL001"]


def test_the_cache_folder_ignores_itself_in_git(lint, tmp_path):
    lint(BAD)
    assert (tmp_path / "cache" / ".gitignore").read_text().strip().endswith("*")


def test_fixing_never_reads_the_cache(tmp_path, monkeypatch):
    path = tmp_path / "m.py"
    path.write_text(BAD)
    run = Run(RunOptions(cache_dir=tmp_path / "cache", diff=True))
    run.lint(Target(path, "m.py", True))
    assert not entries(tmp_path)
    assert siamlint.runner.MIGHT_BUILD.search(b"import keras")
