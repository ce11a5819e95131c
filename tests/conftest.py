"""Shared fixtures for the end-to-end tests: a project folder to lint, and the CLI run two
ways, through click's CliRunner (in this process) and as a real `python -m siamlint`.

Nothing here is autouse: tests that do not ask for these fixtures are not touched.
"""
from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

# Files that walking a folder finds are prefiltered on their bytes (only files mentioning
# keras/tensorflow/numpy are parsed), so every fixture source below mentions keras.
CLEAN = "import keras\n\nx = 1\n"
# SL001 at line 3, column 28 (the `[`): "'[' was never closed".
BROKEN = "import keras\n\nencoder = keras.Sequential([\n"
BROKEN_AT = (3, 28)

# Environment variables that change colour or configuration behind a test's back.
_ENV_NOISE = ("NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "CLICOLOR", "PY_COLORS", "TERM",
              "COLUMNS", "SIAMLINT_CACHE_DIR")


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


def _clean_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _ENV_NOISE}
    env["PYTHONIOENCODING"] = "utf-8"
    env.update(extra or {})
    return env


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder that is the working folder (so paths print relative to it and the
    cache lands in it), with no colour or config variables inherited from the shell."""
    for name in _ENV_NOISE:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def write(project: Path):
    """write("a/b.py", text or bytes) -> the path, with its folders made."""

    def _write(relative: str, content: str | bytes = CLEAN) -> Path:
        path = project / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))
        return path

    return _write


@pytest.fixture
def cli(project: Path):
    """cli("check", "a.py", env={...}) -> CliResult, through click's CliRunner."""
    from click.testing import CliRunner

    from siamlint.cli import cli as command

    def _run(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> CliResult:
        try:
            runner = CliRunner(mix_stderr=False)
        except TypeError:  # click >= 8.2 keeps stderr apart by itself
            runner = CliRunner()
        result = runner.invoke(command, list(args), env=env, input=input, catch_exceptions=False)
        return CliResult(result.exit_code, result.stdout, result.stderr)

    return _run


@pytest.fixture
def siamlint_process(project: Path):
    """siamlint_process("check", ".") -> CliResult, as `python -m siamlint` in a subprocess."""

    def _run(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None,
             timeout: float = 120) -> CliResult:
        done = subprocess.run(
            [sys.executable, "-m", "siamlint", *args], cwd=cwd or project, env=_clean_env(env),
            capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL)
        return CliResult(done.returncode, done.stdout.decode("utf-8", "replace"),
                         done.stderr.decode("utf-8", "replace"))

    return _run
