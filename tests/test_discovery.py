"""Which files `siamlint check` lints: siamlint.files.discover, and the CLI on top of it."""
from __future__ import annotations

import os
import random
import sys
import threading
from pathlib import Path

import pytest

from conftest import BROKEN
from siamlint.files import discover

needs_symlinks = pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")


def found(*paths, **kwargs) -> list[str]:
    """discover() as sorted posix strings relative to the working folder."""
    return [p.as_posix() for p in discover([Path(p) for p in paths], **kwargs).files]


def names(*paths, **kwargs) -> list[str]:
    return [p.removeprefix("./") for p in found(*paths, **kwargs)]


# ------------------------------------------------------------------------ .gitignore
def test_gitignore_is_honoured(write):
    write(".gitignore", "ignored.py\ngen/\n*_pb2.py\n")
    for name in ("keep.py", "ignored.py", "gen/model.py", "sub/api_pb2.py", "sub/net.py"):
        write(name)
    assert names(".") == ["keep.py", "sub/net.py"]


def test_gitignore_can_be_switched_off(write):
    write(".gitignore", "ignored.py\n")
    write("keep.py")
    write("ignored.py")
    assert names(".", respect_gitignore=False) == ["ignored.py", "keep.py"]


def test_nested_gitignore_applies_below_its_folder_only(write):
    write("sub/.gitignore", "local_*.py\n/anchored.py\n")
    for name in ("local_a.py", "anchored.py", "sub/local_a.py", "sub/anchored.py",
                 "sub/deeper/anchored.py", "sub/deeper/local_b.py", "sub/keep.py"):
        write(name)
    assert names(".") == ["anchored.py", "local_a.py", "sub/deeper/anchored.py", "sub/keep.py"]


def test_negation(write):
    write(".gitignore", "*.py\n!keep.py\n")
    write("a.py")
    write("keep.py")
    write("sub/keep.py")
    write("sub/b.py")
    assert names(".") == ["keep.py", "sub/keep.py"]


def test_nested_negation_overrides_the_parent(write):
    write(".gitignore", "*_gen.py\n")
    write("sub/.gitignore", "!special_gen.py\n")
    for name in ("a_gen.py", "special_gen.py", "sub/b_gen.py", "sub/special_gen.py"):
        write(name)
    assert names(".") == ["sub/special_gen.py"]


def test_an_ignored_folder_cannot_be_reentered_by_negation(write):
    # as in git: "it is not possible to re-include a file if a parent directory is excluded"
    write(".gitignore", "out/\n!out/keep.py\n")
    write("out/keep.py")
    write("a.py")
    assert names(".") == ["a.py"]


def test_gitignore_of_the_repository_applies_when_linting_a_subfolder(write, project, monkeypatch):
    (project / ".git").mkdir()
    write(".gitignore", "gen_*.py\n")
    write("pkg/gen_model.py")
    write("pkg/model.py")
    assert names("pkg") == ["pkg/model.py"]
    monkeypatch.chdir(project / "pkg")  # `siamlint check .` from inside the repository
    assert names(".") == ["model.py"]
    assert names("../pkg") == ["../pkg/model.py"]


def test_gitignore_above_the_repository_root_does_not_apply(write, project, monkeypatch):
    write(".gitignore", "*.py\n")  # outside the repository
    (project / "repo" / ".git").mkdir(parents=True)
    write("repo/a.py")
    write("repo/sub/b.py")
    assert names("repo") == ["repo/a.py", "repo/sub/b.py"]
    monkeypatch.chdir(project / "repo")
    assert names(".") == ["a.py", "sub/b.py"]
    assert names("sub") == ["sub/b.py"]


# ------------------------------------------------------------------------ skipped folders
@pytest.mark.parametrize("folder", [".git", ".hidden", ".tox", "__pycache__", "build", "dist",
                                    "node_modules", "site-packages", "pkg/__pycache__",
                                    "lib/python3.11/site-packages"])
def test_tool_and_output_folders_are_skipped(write, folder):
    write(f"{folder}/model.py")
    write("model.py")
    assert names(".") == ["model.py"]


@pytest.mark.parametrize("marker", ["pyvenv.cfg", "conda-meta/history"])
def test_environments_are_skipped_whatever_their_name(write, marker):
    write(f"my_env/{marker}", "home = /usr/bin\n")
    write("my_env/lib/python3.11/keras/layers.py")
    write("my_env/model.py")
    write("model.py")
    assert names(".") == ["model.py"]


def test_a_named_skipped_folder_is_walked(write):
    write("build/model.py")
    assert names("build") == ["build/model.py"]


def test_only_python_sources_are_found(write):
    for name in ("a.py", "b.ipynb", "c.pyc", "d.txt", "e.pyi", "f.py.bak", "Makefile"):
        write(name)
    assert names(".") == ["a.py", "b.ipynb"]


def test_a_folder_named_like_a_source_file_is_walked_not_linted(write):
    write("weird.py/inner.py")
    assert names(".") == ["weird.py/inner.py"]


# ------------------------------------------------------------------------ named explicitly
def test_named_files_are_always_linted(write):
    write(".gitignore", "ignored.py\nbuild/\n")
    write("ignored.py")
    write("build/model.py")
    write("script.txt")
    write("tool")
    write(".hidden/x.py")
    assert names("ignored.py", "build/model.py", "script.txt", "tool", ".hidden/x.py") == [
        ".hidden/x.py", "build/model.py", "ignored.py", "script.txt", "tool"]


def test_named_files_are_not_duplicated(write):
    write("a.py")
    write("sub/b.py")
    assert names("a.py", "./a.py", ".", "sub/b.py", "sub") == ["a.py", "sub/b.py"]


def test_a_named_folder_with_a_source_name_is_kept_as_a_file(write, project):
    (project / "model.py").mkdir()
    write("model.py/inner.py")
    assert found("model.py") == ["model.py"]  # reading it reports "is a directory"


def test_missing_paths_are_reported(write):
    write("a.py")
    discovery = discover([Path("nope.py"), Path("a.py"), Path("no/such/dir")])
    assert [p.as_posix() for p in discovery.files] == ["a.py"]
    assert [p.as_posix() for p in discovery.missing] == ["nope.py", "no/such/dir"]


# ------------------------------------------------------------------------ order
def test_order_is_sorted_and_independent_of_creation_order(tmp_path, monkeypatch):
    layout = ["b.py", "a.py", "z/a.py", "a/z.py", "a/b/c.py", "A.py", "a_b.py", "a-b.py",
              "m/n/o.py", "m/a.py", "_x.py", "10.py", "9.py"]
    results = []
    for attempt in range(3):
        root = tmp_path / f"tree{attempt}"
        order = layout[:]
        random.Random(attempt).shuffle(order)
        for name in order:
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text("import keras\n")
        monkeypatch.chdir(root)
        results.append(found("."))
        assert results[-1] == sorted(results[-1])
        assert found("m", "a", "z") == found("z", "m", "a")
    assert results[0] == results[1] == results[2]
    assert len(results[0]) == len(layout)


# ------------------------------------------------------------------------ symlinks
def _discover_within(seconds: float, *paths):
    box = {}
    thread = threading.Thread(target=lambda: box.update(result=found(*paths)), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "discovery hangs on a symlink loop"
    return box["result"]


@needs_symlinks
def test_symlink_loops_do_not_hang(write, project):
    write("pkg/model.py")
    os.symlink(project / "pkg", project / "pkg" / "loop")  # pkg/loop -> pkg
    os.symlink("..", project / "pkg" / "up")  # pkg/up -> .
    os.symlink("self.py", project / "self.py")  # a link to itself
    os.symlink("b.py", project / "a.py")
    os.symlink("a.py", project / "b.py")  # a.py <-> b.py
    os.symlink("loopdir.py", project / "loopdir.py")
    assert [p.removeprefix("./") for p in _discover_within(20, ".")] == ["pkg/model.py"]
    # named explicitly, a looping link is kept: reading it reports the error
    assert _discover_within(20, "self.py") == ["self.py"]
    assert _discover_within(20, "pkg/loop") == ["pkg/loop/model.py"]


@needs_symlinks
def test_symlinked_files_inside_the_tree_are_linted_outside_only_when_named(tmp_path, monkeypatch):
    outside = tmp_path / "outside.py"
    outside.write_text("import keras\n")
    root = tmp_path / "root"
    root.mkdir()
    (root / "real.py").write_text("import keras\n")
    os.symlink(root / "real.py", root / "inner_link.py")
    os.symlink(outside, root / "outer_link.py")
    os.symlink(tmp_path / "nowhere.py", root / "dangling.py")
    monkeypatch.chdir(root)
    assert names(".") == ["inner_link.py", "real.py"]
    assert names("outer_link.py", "dangling.py") == ["dangling.py", "outer_link.py"]


# ------------------------------------------------------------------------ through the CLI
def test_cli_skips_ignored_and_environment_files(cli, write):
    write(".gitignore", "generated/\n")
    write("generated/bad.py", BROKEN)
    write(".venv/pyvenv.cfg", "home = /usr\n")
    write(".venv/lib/bad.py", BROKEN)
    write("env/pyvenv.cfg", "home = /usr\n")
    write("env/lib/bad.py", BROKEN)
    write("node_modules/bad.py", BROKEN)
    write("src/ok.py")
    result = cli("check", ".")
    assert (result.exit_code, result.stdout.strip()) == (0, "All checks passed!")
    # named explicitly, an ignored file is linted
    result = cli("check", "--format", "concise", "generated/bad.py")
    assert result.exit_code == 1 and result.stdout.startswith("generated/bad.py:3:")


def test_cli_reports_in_sorted_order(cli, write):
    for name in ("z.py", "b/a.py", "a.py", "b.py", "a/z.py"):
        write(name, BROKEN)
    result = cli("check", "--format", "concise", "--quiet", "z.py", ".")
    paths = [line.split(":")[0] for line in result.stdout.splitlines()]
    assert paths == sorted(paths) == ["a.py", "a/z.py", "b.py", "b/a.py", "z.py"]


def test_cli_a_named_folder_called_x_py_is_a_clear_error(cli, write, project):
    (project / "x.py").mkdir()
    write("ok_bad.py", BROKEN)
    result = cli("check", "--format", "concise", "x.py", "ok_bad.py")
    assert result.exit_code == 2
    assert "error: x.py: cannot read: is a directory" in result.stderr
    assert result.stdout.startswith("ok_bad.py:3:")  # the other file is still linted
