"""`--fix`, `--unsafe-fixes`, `--diff`, `--show-fixes` end to end, through the real CLI.

Golden files: tests/fixes/<CODE>_<name>.py is the input, <CODE>_<name>.fixed.py the
expected output. The input's first line names the mode: `# fix mode: safe` (run with
`--fix`) or `# fix mode: unsafe` (run with `--fix --unsafe-fixes`; `--fix` alone must then
leave the diagnostic alone). A mismatch fails; to accept new output on purpose, run
`SIAMLINT_UPDATE_GOLDEN=1 pytest tests/test_fixes.py` and review the diff of tests/fixes/.
"""
from __future__ import annotations

import ast
import json
import os
import shutil
import stat
from pathlib import Path

import pytest

from siamlint.rules.base import all_rules

FIXES = Path(__file__).parent / "fixes"
UPDATE = os.environ.get("SIAMLINT_UPDATE_GOLDEN") == "1"
GOLDEN_INPUTS = sorted(p for p in FIXES.glob("SL*.py") if not p.name.endswith(".fixed.py"))


def _mode(source: str) -> str:
    first = source.splitlines()[0] if source else ""
    assert first.startswith("# fix mode: "), "a golden input starts with `# fix mode: safe|unsafe`"
    mode = first.removeprefix("# fix mode: ").strip()
    assert mode in ("safe", "unsafe")
    return mode


def _flags(mode: str) -> list[str]:
    return ["--fix", "--unsafe-fixes"] if mode == "unsafe" else ["--fix"]


def _codes(cli, path: Path) -> list[str]:
    out = cli("check", "--no-cache", "--format", "json", str(path))
    assert out.exit_code in (0, 1), out.stderr
    return [d["code"] for d in json.loads(out.stdout)]


def _fix(cli, path: Path, mode: str):
    out = cli("check", "--no-cache", *_flags(mode), str(path))
    assert out.exit_code in (0, 1), out.stderr
    return out


def check_golden(cli, project: Path, source_path: Path, golden_path: Path, update: bool = False):
    """Fix a copy of source_path with the real CLI and hold the result to every promise."""
    code = source_path.name.split("_", 1)[0]
    source = source_path.read_text(encoding="utf-8")
    mode = _mode(source)
    work = project / source_path.name
    shutil.copyfile(source_path, work)
    assert code in _codes(cli, work), f"the input must report {code}"

    if mode == "unsafe":  # an unsafe fix is not applied by --fix alone
        cli("check", "--no-cache", "--fix", str(work))
        assert code in _codes(cli, work), f"{code}'s fix is unsafe: --fix alone must not apply it"
        shutil.copyfile(source_path, work)

    out = _fix(cli, work, mode)
    assert "Fixed" in out.stderr and "Fixed 0 problems" not in out.stderr, out.stderr
    fixed = work.read_text(encoding="utf-8")
    if update:
        golden_path.write_text(fixed, encoding="utf-8")
    assert golden_path.exists(), f"no golden file {golden_path.name} (SIAMLINT_UPDATE_GOLDEN=1)"
    assert fixed == golden_path.read_text(encoding="utf-8"), (
        f"{source_path.name}: --fix output differs from {golden_path.name}; if the new output "
        "is right, regenerate with SIAMLINT_UPDATE_GOLDEN=1")
    ast.parse(fixed)  # the output parses
    assert code not in _codes(cli, work), f"{code} still reported after the fix"
    _fix(cli, work, mode)  # idempotence: fixing again changes nothing
    assert work.read_text(encoding="utf-8") == fixed


@pytest.mark.parametrize("source_path", GOLDEN_INPUTS, ids=lambda p: p.stem)
def test_golden(cli, project, source_path):
    check_golden(cli, project, source_path, source_path.with_suffix(".fixed.py"), UPDATE)


def test_every_fixable_rule_has_a_golden_file():
    fixable = {r.code for r in all_rules() if r.fixable}
    covered = {p.name.split("_", 1)[0] for p in GOLDEN_INPUTS}
    assert fixable <= covered, f"no golden file for {sorted(fixable - covered)}"
    for path in GOLDEN_INPUTS:
        assert path.with_suffix(".fixed.py").exists() or UPDATE, path.name


def test_a_golden_mismatch_fails(cli, project, tmp_path):
    """The golden check is able to fail: a golden that differs by one character."""
    source = FIXES / "SL303_training_false.py"
    wrong = tmp_path / "wrong.fixed.py"
    wrong.write_text(source.with_suffix(".fixed.py").read_text().replace("training=False", "training=0", 1))
    with pytest.raises(AssertionError, match="differs from"):
        check_golden(cli, project, source, wrong)


# ----------------------------------------------------------------------------------------
# What a fix keeps: comments, blank lines, endings, encodings

UNGUARDED = (
    "import tensorflow as tf  # the backend\n"
    "from tensorflow.keras import layers\n"
    "\n"
    "\n"
    "# a tower shared by both branches\n"
    "tower = tf.keras.Sequential([layers.Dense(8)])\n"
    "a = layers.Input(shape=(4,))\n"
    "b = layers.Input(shape=(4,))\n"
    "\n"
    "d = layers.Lambda(lambda t: tf.sqrt(tf.reduce_sum(tf.square(t[0] - t[1]), axis=1, keepdims=True)))([tower(a), tower(b)])  # L2\n"
    "model = tf.keras.Model([a, b], d)    # odd   spacing kept\n"
)
GUARDED_LINE = ("d = layers.Lambda(lambda t: tf.sqrt(tf.maximum(tf.reduce_sum(tf.square(t[0] - t[1]), "
                "axis=1, keepdims=True), tf.keras.backend.epsilon())))([tower(a), tower(b)])  # L2\n")


def _expected(text: str) -> str:
    lines = text.splitlines(keepends=True)
    lines[9] = GUARDED_LINE
    return "".join(lines)


def test_fix_keeps_comments_and_blank_lines(cli, write):
    path = write("m.py", UNGUARDED)
    out = cli("check", "--no-cache", "--fix", "m.py")
    assert out.exit_code == 0, out.stdout + out.stderr
    assert path.read_text() == _expected(UNGUARDED)


def test_fix_keeps_crlf_endings(cli, write):
    path = write("m.py", UNGUARDED.replace("\n", "\r\n").encode())
    assert cli("check", "--no-cache", "--fix", "m.py").exit_code == 0
    data = path.read_bytes()
    assert data == _expected(UNGUARDED).replace("\n", "\r\n").encode()
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_fix_keeps_crlf_in_inserted_lines(cli, write):
    source = FIXES.joinpath("SL502_adds_tf_import.py").read_text()
    path = write("m.py", source.replace("\n", "\r\n").encode())
    assert cli("check", "--no-cache", "--fix", "m.py").exit_code == 0
    data = path.read_bytes()
    golden = FIXES.joinpath("SL502_adds_tf_import.fixed.py").read_text()
    assert data == golden.replace("\n", "\r\n").encode()


def test_fix_keeps_a_latin1_coding_cookie(cli, write):
    text = "# -*- coding: latin-1 -*-\n# Données d'entraînement: café\n" + UNGUARDED
    path = write("m.py", text.encode("latin-1"))
    assert cli("check", "--no-cache", "--fix", "m.py").exit_code == 0
    data = path.read_bytes()
    lines = text.splitlines(keepends=True)
    lines[11] = GUARDED_LINE
    assert data == "".join(lines).encode("latin-1")  # still latin-1, not UTF-8


def test_fix_keeps_a_bom(cli, write):
    path = write("m.py", b"\xef\xbb\xbf" + UNGUARDED.encode())
    assert cli("check", "--no-cache", "--fix", "m.py").exit_code == 0
    data = path.read_bytes()
    assert data == b"\xef\xbb\xbf" + _expected(UNGUARDED).encode()


def test_fix_keeps_the_file_mode(cli, write):
    path = write("m.py", UNGUARDED)
    os.chmod(path, 0o750)
    assert cli("check", "--no-cache", "--fix", "m.py").exit_code == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o750


def test_line_added_after_a_last_line_without_newline(cli, write):
    source = FIXES.joinpath("SL301_unfrozen_base.py").read_text()
    lines = source.splitlines()
    # the base created on the last line, which has no newline
    text = "\n".join(lines[:3]) + "\n" + lines[4] + "\n" + "\n".join(lines[5:]) + "\n" + lines[3]
    path = write("m.py", text)
    cli("check", "--no-cache", "--fix", "m.py")
    fixed = path.read_text()
    ast.parse(fixed)


# ----------------------------------------------------------------------------------------
# Files that must not be written: read-only, changed during the run


def test_read_only_file_loses_nothing_and_the_rest_goes_on(cli, write):
    locked = write("a_locked.py", UNGUARDED)
    other = write("b_other.py", UNGUARDED)
    os.chmod(locked, 0o444)
    try:
        out = cli("check", "--no-cache", "--fix", "a_locked.py", "b_other.py")
        assert out.exit_code == 2
        assert "a_locked.py: file is read-only; fixes not written" in out.stderr
        assert locked.read_text() == UNGUARDED
        assert other.read_text() == _expected(UNGUARDED)
        # the read-only file still has its problem, and it is reported
        assert "a_locked.py:10" in out.stdout and "b_other.py" not in out.stdout
    finally:
        os.chmod(locked, 0o644)


def test_file_changed_during_the_run_is_not_overwritten(cli, write, monkeypatch):
    path = write("m.py", UNGUARDED)
    edited = UNGUARDED + "print('edited in the editor meanwhile')\n"
    from siamlint.fixes import run as fix_run

    real = fix_run.fix_source

    def racing(*args, **kwargs):
        fixed = real(*args, **kwargs)
        path.write_text(edited)  # the user saves while siamlint is fixing
        return fixed

    monkeypatch.setattr(fix_run, "fix_source", racing)
    out = cli("check", "--no-cache", "--fix", "m.py")
    assert out.exit_code == 2
    assert "changed on disk while siamlint was running; not overwritten" in out.stderr
    assert path.read_text() == edited
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".m.py")] == []


# ----------------------------------------------------------------------------------------
# --diff, --show-fixes, exit codes


def test_diff_prints_a_unified_diff_writes_nothing_exits_1(cli, write):
    path = write("m.py", UNGUARDED)
    out = cli("check", "--no-cache", "--diff", "m.py")
    assert out.exit_code == 1
    assert out.stdout.startswith("--- a/m.py\n+++ b/m.py\n@@ ")
    assert "-d = layers.Lambda(lambda t: tf.sqrt(tf.reduce_sum(" in out.stdout
    assert "+" + GUARDED_LINE in out.stdout
    assert "Would fix 1 problem." in out.stderr
    assert path.read_text() == UNGUARDED


def test_diff_with_nothing_to_fix_exits_0(cli, write):
    write("m.py", _expected(UNGUARDED))
    out = cli("check", "--no-cache", "--diff", "m.py")
    assert out.exit_code == 0 and out.stdout == ""


def test_diff_leaves_unsafe_fixes_out_unless_asked(cli, write):
    source = FIXES.joinpath("SL401_concatenate_layer.py").read_text()
    write("m.py", source)
    assert cli("check", "--no-cache", "--diff", "m.py").stdout == ""
    out = cli("check", "--no-cache", "--diff", "--unsafe-fixes", "m.py")
    assert out.exit_code == 1 and "+pair_repr = layers.Lambda(" in out.stdout


def test_show_fixes_lists_what_was_fixed(cli, write):
    write("m.py", UNGUARDED)
    out = cli("check", "--no-cache", "--fix", "--show-fixes", "m.py")
    assert "fixed m.py:10: SL203 Guard the sqrt with `tf.maximum(..., tf.keras.backend.epsilon())`" \
        in out.stderr
    assert "Fixed 1 problem." in out.stderr


def test_exit_0_after_fix_when_nothing_remains(cli, write):
    write("m.py", UNGUARDED)
    out = cli("check", "--no-cache", "--fix", "m.py")
    assert out.exit_code == 0
    assert out.stdout.strip() == "All checks passed!" and "Fixed 1 problem." in out.stderr


def test_exit_1_after_fix_when_diagnostics_remain(cli, write):
    # SL202 (dtype of a pair's Inputs) has no fix: it remains after --fix
    remaining = UNGUARDED.replace('b = layers.Input(shape=(4,))', 'b = layers.Input(shape=(4,), dtype="float16")')
    path = write("m.py", remaining)
    out = cli("check", "--no-cache", "--fix", "m.py")
    assert out.exit_code == 1
    assert "SL202" in out.stdout and "SL203" not in out.stdout
    assert "tf.keras.backend.epsilon()" in path.read_text()


def test_unsafe_fixes_counted_but_not_applied_without_the_flag(cli, write):
    path = write("m.py", FIXES.joinpath("SL201_numpy_dtype.py").read_text())
    out = cli("check", "--no-cache", "--fix", "m.py")
    assert out.exit_code == 1 and "1 more with --unsafe-fixes" in out.stdout + out.stderr
    assert 'dtype="float64"' in path.read_text()


def test_fix_through_a_real_process(siamlint_process, write):
    path = write("m.py", UNGUARDED)
    out = siamlint_process("check", "--no-cache", "--fix", "m.py")
    assert out.exit_code == 0, out.stderr
    assert path.read_text() == _expected(UNGUARDED)


# ----------------------------------------------------------------------------------------
# Imports a fix needs: added once, in the file's style


def test_two_fixes_needing_one_import_add_it_once(cli, write):
    source = (
        "import numpy as np\n"
        "from tensorflow import keras\n"
        "\n"
        "\n"
        "def contrastive(y_true, y_pred):\n"
        "    return (y_true * y_pred ** 2 + (1 - y_true) * keras.activations.relu(1.0 - y_pred) ** 2)\n"
        "\n"
        "\n"
        "def other(y_true, y_pred):\n"
        "    return (y_true * y_pred ** 2 + (1 - y_true) * keras.activations.relu(1.0 - y_pred) ** 2)\n"
        "\n"
        "\n"
        "tower = keras.Sequential([keras.layers.Dense(8)])\n"
        "a = keras.Input(shape=(6,))\n"
        "b = keras.Input(shape=(6,))\n"
        "d = keras.layers.Lambda(lambda t: abs(t[0] - t[1]))([tower(a), tower(b)])\n"
        "model = keras.Model([a, b], keras.layers.Dense(1)(d))\n"
        "model.compile(optimizer='adam', loss=contrastive)\n"
        "model.fit([np.zeros((4, 6)), np.zeros((4, 6))], np.array([0, 1, 0, 1]), verbose=0)\n"
        "second = keras.Model([a, b], keras.layers.Dense(1)(d))\n"
        "second.compile(optimizer='adam', loss=other)\n"
        "second.fit([np.zeros((4, 6)), np.zeros((4, 6))], np.array([0, 1, 0, 1]), verbose=0)\n"
    )
    path = write("m.py", source)
    assert _codes_count(cli, "m.py", "SL502") == 2
    cli("check", "--no-cache", "--fix", "m.py")
    fixed = path.read_text()
    assert fixed.count("import tensorflow as tf") == 1
    assert fixed.count("y_true = tf.cast(y_true, y_pred.dtype)") == 2
    assert _codes_count(cli, "m.py", "SL502") == 0


def _codes_count(cli, path, code) -> int:
    out = cli("check", "--no-cache", "--format", "json", path)
    return sum(d["code"] == code for d in json.loads(out.stdout))


def test_no_import_over_a_name_used_for_something_else(cli, write):
    source = FIXES.joinpath("SL502_adds_tf_import.py").read_text().replace(
        "import numpy as np\n", "import numpy as np\ntf = None  # not TensorFlow here\n")
    path = write("m.py", source)
    out = cli("check", "--no-cache", "--diff", "m.py")
    assert out.stdout == "" and path.read_text() == source  # no fix rather than a wrong one


# ----------------------------------------------------------------------------------------
# Notebooks: each edit goes to its cell; outputs and metadata are kept


def _notebook(*sources):
    return {
        "cells": [{"cell_type": "markdown", "metadata": {}, "source": ["# Siamese\n"]}] + [
            {"cell_type": "code", "execution_count": i, "metadata": {"tags": ["t"]},
             "outputs": [{"output_type": "stream", "name": "stdout", "text": ["out\n"]}],
             "source": s.splitlines(keepends=True)} for i, s in enumerate(sources, 1)],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                    "name": "python3"}},
        "nbformat": 4, "nbformat_minor": 5,
    }


NB_CELLS = (
    "%matplotlib inline\nimport tensorflow as tf\nfrom tensorflow.keras import layers",
    ("tower = tf.keras.Sequential([layers.Dense(8)])\na = layers.Input(shape=(4,))\n"
    "b = layers.Input(shape=(4,))"),
    ("d = layers.Lambda(lambda t: tf.sqrt(tf.reduce_sum(tf.square(t[0] - t[1]), axis=1, keepdims=True)))([tower(a), tower(b)])\n"
    "model = tf.keras.Model([a, b], d)"),
)


def test_notebook_fix_edits_the_right_cell_and_keeps_the_rest(cli, write):
    nb = _notebook(*NB_CELLS)
    path = write("pair.ipynb", json.dumps(nb, indent=1) + "\n")
    out = cli("check", "--no-cache", "--fix", "--show-fixes", "pair.ipynb")
    assert out.exit_code == 0, out.stdout + out.stderr
    assert "fixed pair.ipynb:1: SL203" in out.stderr
    after = json.loads(path.read_text())
    assert after["cells"][:3] == nb["cells"][:3]  # markdown, cells 1 and 2 untouched
    third = after["cells"][3]
    assert third["outputs"] == nb["cells"][3]["outputs"] and third["metadata"] == {"tags": ["t"]}
    assert "".join(third["source"]).startswith(
        "d = layers.Lambda(lambda t: tf.sqrt(tf.maximum(tf.reduce_sum(")
    assert "tf.keras.backend.epsilon()" in "".join(third["source"])
    assert after["cells"][1]["source"][0] == "%matplotlib inline\n"  # magic kept as written
    assert cli("check", "--no-cache", "pair.ipynb").exit_code == 0


def test_notebook_diff_writes_nothing(cli, write):
    text = json.dumps(_notebook(*NB_CELLS), indent=1) + "\n"
    path = write("pair.ipynb", text)
    out = cli("check", "--no-cache", "--diff", "pair.ipynb")
    assert out.exit_code == 1
    assert "+d = layers.Lambda(lambda t: tf.sqrt(tf.maximum(" in out.stdout
    assert path.read_text() == text


def test_notebook_fix_adds_the_import_in_the_import_cell(cli, write):
    cells = (
        "import numpy as np\nfrom tensorflow import keras",
        ("def contrastive(y_true, y_pred):\n"
        "    return (y_true * y_pred ** 2 + (1 - y_true) * keras.activations.relu(1.0 - y_pred) ** 2)"),
        ("tower = keras.Sequential([keras.layers.Dense(8)])\na = keras.Input(shape=(6,))\n"
        "b = keras.Input(shape=(6,))\n"
        "d = keras.layers.Lambda(lambda t: abs(t[0] - t[1]))([tower(a), tower(b)])\n"
        "model = keras.Model([a, b], keras.layers.Dense(1)(d))\n"
        "model.compile(optimizer='adam', loss=contrastive)\n"
        "model.fit([np.zeros((4, 6)), np.zeros((4, 6))], np.array([0, 1, 0, 1]), verbose=0)"),
    )
    path = write("loss.ipynb", json.dumps(_notebook(*cells), indent=1) + "\n")
    out = cli("check", "--no-cache", "--fix", "loss.ipynb")
    assert out.exit_code == 0, out.stdout + out.stderr
    after = json.loads(path.read_text())
    sources = ["".join(c["source"]) for c in after["cells"][1:]]
    # the cell's last line has no newline in nbformat; the import goes on the next line of
    # the joined source, which is the top of the next cell
    assert sources[0] == cells[0]
    assert sources[1].startswith("import tensorflow as tf\ndef contrastive(y_true, y_pred):\n"
                                 "    y_true = tf.cast(y_true, y_pred.dtype)\n")
