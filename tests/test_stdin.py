"""`siamlint check --stdin-filename PATH -`: source from standard input, configured as PATH."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from fakerules import fake_rules, run  # noqa: F401  (fixture)


@pytest.fixture
def project(tmp_path, monkeypatch, fake_rules):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_reads_stdin_and_reports_under_the_given_name(project):
    rc, out, _ = run(["--format", "json", "--stdin-filename", "pkg/model.py", "-"],
                     input="x = 1\nbad()\n")
    assert rc == 1
    (d,) = json.loads(out)
    assert d["code"] == "SL901" and d["location"]["row"] == 2
    assert d["filename"] == str(project / "pkg" / "model.py")
    rc, out, _ = run(["--format", "concise", "--stdin-filename", "pkg/model.py", "-"],
                     input="x = 1\nbad()\n")
    assert out.splitlines()[0] == "pkg/model.py:2:1: SL901 `bad()` is called"


def test_without_a_name_and_without_dash(project):
    rc, out, _ = run(["--format", "concise", "-"], input="bad()\n")
    assert rc == 1 and out.startswith("-:1:1: SL901")
    rc, out, _ = run(["--format", "concise", "--stdin-filename", "a.py"], input="bad()\n")
    assert rc == 1 and out.startswith("a.py:1:1: SL901")


def test_the_config_of_that_path_applies(project):
    (project / "pkg").mkdir()
    (project / "pkg" / "pyproject.toml").write_text(
        '[tool.siamlint]\nignore = ["SL901"]\n[tool.siamlint.per-file-ignores]\n"t_*.py" = ["SL902"]\n')
    rc, out, _ = run(["--format", "json", "--stdin-filename", "pkg/m.py", "-"], input="bad()\nmeh()\n")
    assert [d["code"] for d in json.loads(out)] == ["SL902"]
    rc, out, _ = run(["--format", "json", "--stdin-filename", "pkg/t_m.py", "-"], input="bad()\nmeh()\n")
    assert (rc, json.loads(out)) == (0, [])
    rc, out, _ = run(["--format", "json", "--stdin-filename", "other.py", "-"], input="bad()\n")
    assert [d["code"] for d in json.loads(out)] == ["SL901"]


def test_force_exclude_and_noqa(project):
    (project / "pyproject.toml").write_text('[tool.siamlint]\nexclude = ["gen/"]\n')
    rc, out, _ = run(["--format", "json", "--force-exclude", "--stdin-filename", "gen/x.py", "-"],
                     input="bad()\n")
    assert (rc, json.loads(out)) == (0, [])
    rc, out, _ = run(["--format", "json", "--stdin-filename", "x.py", "-"],
                     input="bad()  # noqa: SL901\n")
    assert (rc, json.loads(out)) == (0, [])


def test_syntax_errors_and_bytes(project):
    rc, out, _ = run(["--format", "json", "--stdin-filename", "x.py", "-"], input="x = (\n")
    assert rc == 1 and json.loads(out)[0]["code"] == "SL001"
    rc, out, err = run(["--format", "json", "--stdin-filename", "x.py", "-"], input=b"\0\0")
    assert rc == 2 and "binary file" in err


def test_a_notebook_on_stdin(project):
    nb = {"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "source": "bad()\n"}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    rc, out, _ = run(["--format", "json", "--stdin-filename", "n.ipynb", "-"], input=json.dumps(nb))
    (d,) = json.loads(out)
    assert (rc, d["code"], d["cell"]) == (1, "SL901", 1)


def test_usage_errors(project):
    (project / "a.py").write_text("")
    rc, _, err = run(["-", "a.py"], input="")
    assert rc == 2 and "cannot be combined" in err
    rc, _, err = run(["--add-noqa", "-"], input="")
    assert rc == 2 and "--add-noqa" in err


def test_real_process_with_a_pipe(tmp_path):
    """The installed entry point, for real: stdin piped in, as an editor does (SL001 needs
    no rule engine, so this holds whatever the rules do)."""
    proc = subprocess.run([sys.executable, "-m", "siamlint", "check", "--format", "concise",
                           "--stdin-filename", "editor/buffer.py", "-"],
                          input=b"def f(:\n", capture_output=True, cwd=tmp_path, timeout=60)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.decode().startswith("editor/buffer.py:1:7: SL001 SyntaxError")
