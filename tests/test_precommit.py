"""The pre-commit hook, for real: `pre-commit try-repo` against this repository.

`try-repo` installs the hook the way users get it (pip installs the repository into the
hook's own virtualenv), so this needs the package index (or a local mirror) for the build
backend. It takes a snapshot of this checkout as it is now (tracked and untracked,
non-ignored files, committed in a temporary git repository): try-repo's own shadow commit
leaves out untracked files, so new modules would otherwise be missing from the hook.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pre_commit", reason="pre-commit is in the test extra (pip install -e '.[test]')")

REPO = Path(__file__).resolve().parents[1]
GIT = shutil.which("git")

pytestmark = [
    pytest.mark.skipif(GIT is None, reason="git is not installed"),
    pytest.mark.skipif(not (REPO / ".git").exists(), reason="not a git checkout of siamlint"),
]


def git(*args: str, cwd: Path, env: dict) -> str:
    return subprocess.run([GIT, *args], cwd=cwd, env=env, check=True, capture_output=True,
                          text=True).stdout


@pytest.fixture
def env(tmp_path):
    env = dict(os.environ)
    env.update(
        PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"),
        GIT_AUTHOR_NAME="siamlint tests", GIT_AUTHOR_EMAIL="tests@example.invalid",
        GIT_COMMITTER_NAME="siamlint tests", GIT_COMMITTER_EMAIL="tests@example.invalid",
        # the user's git configuration (signing, hooks) stays out; pip's configuration
        # (HOME) stays in, so a local mirror keeps working
        GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=str(tmp_path / "gitconfig"), NO_COLOR="1",
    )
    (tmp_path / "gitconfig").write_text("")
    for name in ("GIT_DIR", "GIT_INDEX_FILE", "GIT_WORK_TREE"):
        env.pop(name, None)
    return env


def snapshot(dest: Path, env: dict) -> Path:
    """This checkout's current files, committed in a fresh repository."""
    listed = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=REPO, env=env)
    dest.mkdir()
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if source.is_file():
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    git("init", "-q", cwd=dest, env=env)
    git("add", "-A", cwd=dest, env=env)
    git("commit", "-q", "-m", "snapshot", cwd=dest, env=env)
    return dest


def try_repo(repo: Path, work: Path, env: dict, *files: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(repo), "siamlint",
         "--color", "never", "--files", *files],
        cwd=work, env=env, capture_output=True, text=True, timeout=300)


def test_hook_fails_on_the_bad_file_and_passes_on_the_good_one(tmp_path, env):
    repo = snapshot(tmp_path / "siamlint-snapshot", env)
    work = tmp_path / "project"
    work.mkdir()
    git("init", "-q", cwd=work, env=env)
    # SL001 needs no rule engine: this holds whatever the rules report on real code.
    (work / "bad.py").write_text("import keras\n\ndef tower(:\n    return keras.Sequential()\n")
    (work / "good.py").write_text("def add(a, b):\n    return a + b\n")
    (work / "generated").mkdir()
    (work / "generated" / "broken.py").write_text("x = (\n")
    # --force-exclude in the hook's entry: configured excludes apply to the files
    # pre-commit names explicitly
    (work / "pyproject.toml").write_text('[tool.siamlint]\nextend-exclude = ["generated/"]\n')
    git("add", "-A", cwd=work, env=env)

    failed = try_repo(repo, work, env, "bad.py", "good.py", "generated/broken.py")
    output = failed.stdout + failed.stderr
    print(output)  # shown with -s / on failure: the exact run
    assert failed.returncode == 1, output
    assert "siamlint" in output and "Failed" in output
    assert "bad.py:3:11: SL001" in output
    assert "good.py:" not in output.replace("bad.py", "")
    assert "generated/broken.py" not in output

    passed = try_repo(repo, work, env, "good.py", "generated/broken.py")
    output = passed.stdout + passed.stderr
    print(output)
    assert passed.returncode == 0, output
    assert "Passed" in output
