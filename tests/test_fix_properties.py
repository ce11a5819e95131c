"""Property test of `--fix` and `--unsafe-fixes` on generated Siamese programs with defects.

For every generated program, through the real CLI (in-process, with the rounds of the fix
loop recorded): the output parses, every line a round changes lies inside an edit that round
applied (nothing outside the edits is touched), and the number of diagnostics never grows.

The generator below builds Keras-like Siamese programs in several import styles (tf.keras,
Keras 3 with keras.ops, `from tensorflow import keras` with K), with any mix of the defects
that have fixes (mismatched Input shapes, a batch axis, unguarded sqrt, concatenated
embeddings, an unfrozen or training-mode pretrained base, uncast labels, a trainable change
after compile, mixed dtypes) and comments and blank lines between statements.
"""
from __future__ import annotations

import ast
import difflib
import json
import os
import tempfile
from pathlib import Path
from unittest import mock

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from siamlint.cli import cli as command
from siamlint.fixes import run as fix_run
from siamlint.text import split_lines

STYLES = {
    # imports, model module, layers prefix, math module, its sum and its abs
    "tf": ("import numpy as np\nimport tensorflow as tf\nfrom tensorflow.keras import layers",
           "tf.keras", "layers", "tf", "reduce_sum", "reduce_mean"),
    "keras3": ("import numpy as np\nimport keras\nfrom keras import layers, ops",
               "keras", "layers", "ops", "sum", "mean"),
    "backend": ("import numpy as np\nfrom tensorflow import keras\nfrom tensorflow.keras import backend as K",
                "keras", "keras.layers", "K", "sum", "mean"),
}


@st.composite
def siamese_programs(draw):
    style = draw(st.sampled_from(sorted(STYLES)))
    imports, mod, lay, m, total, mean = STYLES[style]
    stmts = [imports]
    pretrained = draw(st.booleans())
    if pretrained:
        size = 96
        shape_a = f"({size}, {size}, 3)"
        shape_b = draw(st.sampled_from([shape_a, "(64, 64, 3)"]))
        stmts.append(f'base = {mod}.applications.MobileNetV2(include_top=False, pooling="avg", '
                     f'input_shape={shape_a})')
        if draw(st.booleans()):
            stmts.append("base.trainable = False")
        tower = "base"
        data = f"np.random.rand(4, {size}, {size}, 3)"
    else:
        width = draw(st.sampled_from([8, 12]))
        shape_a = f"({width},)"
        shape_b = draw(st.sampled_from([shape_a, shape_a, "(6,)"]))
        stmts.append(f'tower = {mod}.Sequential([{lay}.Dense(16, activation="relu"), {lay}.Dense(8)])')
        tower = "tower"
        data = f"np.random.rand(4, {width})"
    if draw(st.booleans()) and not pretrained:
        stmts.append(f"template = np.zeros((4, {shape_a[1:-2]}))")
        shape_b = "template.shape"  # the batch axis inside shape= (SL105)
    data_b = data
    if shape_b.startswith("(") and draw(st.booleans()):
        data_b = f"np.random.rand(4, {shape_b[1:-1].rstrip(',')})"  # data shaped for in_b
    stmts.append(f"in_a = {mod}.Input(shape={shape_a})")
    stmts.append(f"in_b = {mod}.Input(shape={shape_b})")
    training = draw(st.sampled_from(["", ", training=False"])) if pretrained else ""
    stmts.append(f"emb_a = {tower}(in_a{training})")
    stmts.append(f"emb_b = {tower}(in_b{training})")
    merge = draw(st.sampled_from(["abs", "sqrt", "guarded", "Concatenate", "concatenate",
                                  "concat"]))
    distance = True
    if merge == "abs":
        stmts.append(f"d = {lay}.Lambda(lambda t: {m}.abs(t[0] - t[1]))([emb_a, emb_b])")
    elif merge in ("sqrt", "guarded"):
        inner = f"{m}.{total}({m}.square(t[0] - t[1]), axis=1, keepdims=True)"
        if merge == "guarded":
            eps = {"tf": "tf.keras.backend.epsilon()", "ops": "keras.config.epsilon()",
                   "K": "K.epsilon()"}[m]
            inner = f"{m}.maximum({inner}, {eps})"
        stmts.append(f"d = {lay}.Lambda(lambda t: {m}.sqrt({inner}))([emb_a, emb_b])")
    elif merge == "Concatenate":
        stmts.append(f"d = {lay}.Concatenate()([emb_a, emb_b])")
        distance = False
    elif merge == "concatenate":
        stmts.append(f"d = {lay}.concatenate([emb_a, emb_b])")
        distance = False
    else:
        concat = {"tf": "tf.concat", "ops": "ops.concatenate", "K": "K.concatenate"}[m]
        stmts.append(f"d = {lay}.Lambda(lambda t: {concat}([t[0], t[1]], axis=-1))([emb_a, emb_b])")
        distance = False
    if not distance:
        stmts.append(f'd = {lay}.Dense(1, activation="sigmoid")(d)')
    stmts.append(f"model = {mod}.Model([in_a, in_b], d)")
    loss = '"binary_crossentropy"'
    if distance and draw(st.booleans()):
        cast = draw(st.booleans())
        body = f"    y_true = {m}.cast(y_true, y_pred.dtype)\n" if cast else ""
        stmts.append(
            "def contrastive(y_true, y_pred):\n"
            f"{body}"
            f"    return {m}.{mean}(y_true * {m}.square(y_pred) + (1 - y_true) * "
            f"{m}.square({m}.maximum(1.0 - y_pred, 0.0)))")
        loss = "contrastive"
    stmts.append(f'model.compile(optimizer="adam", loss={loss})')
    stmts.append(f"model.fit([{data}, {data_b}], np.array([0, 1, 0, 1]), verbose=0)")
    change = draw(st.sampled_from(["", "", "whole", "loop"]))
    if change == "whole":
        stmts.append(f"{tower}.trainable = {draw(st.sampled_from(['True', 'False']))}")
    elif change == "loop":
        stmts.append(f"for layer in {tower}.layers[:2]:\n    layer.trainable = False")
    if change:
        stmts.append(f"model.fit([{data}, {data_b}], np.array([0, 1, 0, 1]), verbose=0)")
    if draw(st.booleans()):
        wide = draw(st.sampled_from(['"float64"', "np.float64"]))
        stmts.append(f"bank = np.array(np.random.rand(3, 4), dtype={wide})")
        stmts.append('probe = np.ones((3, 4), dtype="float32")')
        stmts.append("gap = np.abs(bank - probe)")
    # comments and blank lines between statements, and trailing comments
    out = []
    for i, stmt in enumerate(stmts):
        before = draw(st.sampled_from(["", "", "\n", "# a note\n", "\n# section\n"]))
        if i and before:
            out.append(before.rstrip("\n"))
        lines = stmt.split("\n")
        if not lines[-1].endswith(":"):
            lines[-1] += draw(st.sampled_from(["", "", "  # keep me", "  # noqa: SL104"]))
        out.append("\n".join(lines))
    return "\n".join(out) + "\n"


def _run(args):
    try:
        runner = CliRunner(mix_stderr=False)
    except TypeError:
        runner = CliRunner()
    return runner.invoke(command, args, catch_exceptions=False)


def _diagnostics(path: Path) -> list[dict]:
    result = _run(["check", "--no-cache", "--format", "json", str(path)])
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)


def _check_rounds(rounds) -> None:
    """Each round's output keeps every line its edits do not touch, byte for byte, where the
    edits before it put it (worked out here from the edits, not by the code that applies them)."""
    from siamlint.fixes.apply import line_offsets, to_offset

    for before, outcome in rounds:
        offsets = line_offsets(before)
        spans = sorted((to_offset(offsets, len(before), e.start.line, e.start.column),
                        to_offset(offsets, len(before), e.end.line, e.end.column), e.content)
                       for d in outcome.applied for e in d.fix.edits)
        for number in range(len(offsets) - 1):
            start, end = offsets[number], offsets[number + 1]
            # a line is touched when an edit replaces part of it or inserts inside it
            if any(s < end and e > start and not (s == e == start) for s, e, _ in spans) or \
                    any(start < s < end for s, e, _ in spans):
                continue
            shift = sum(len(c) - (e - s) for s, e, c in spans if e <= start)
            moved = start + shift
            assert outcome.text[moved:moved + end - start] == before[start:end], (
                f"line {number + 1} changed outside the edits: {before[start:end]!r}\n"
                + "".join(difflib.unified_diff(split_lines(before), split_lines(outcome.text))))


@settings(max_examples=int(os.environ.get("SIAMLINT_FIX_EXAMPLES", "60")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(source=siamese_programs(), unsafe=st.booleans())
def test_fixes_parse_stay_inside_their_edits_and_never_add_diagnostics(source, unsafe):
    ast.parse(source)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "pair.py"
        path.write_text(source, encoding="utf-8")
        before = _diagnostics(path)
        rounds = []
        real = fix_run.apply_fixes

        def recording(text, diagnostics, unsafe=False):
            outcome = real(text, diagnostics, unsafe)
            rounds.append((text, outcome))
            return outcome

        with mock.patch.object(fix_run, "apply_fixes", recording):
            args = ["check", "--no-cache", "--fix", *(["--unsafe-fixes"] if unsafe else []),
                    str(path)]
            result = _run(args)
        assert result.exit_code in (0, 1), result.stderr
        fixed = path.read_text(encoding="utf-8")
        ast.parse(fixed)
        if rounds:
            assert rounds[-1][1].text == fixed or fixed == source
        _check_rounds(rounds)
        after = _diagnostics(path)
        assert len(after) <= len(before), (before, after)
        fixable = [d for d in before if d["fix"] and (unsafe or d["fix"]["applicability"] == "safe")]
        if fixable:
            assert fixed != source, "a wanted fix was offered but nothing changed"


def test_the_line_check_catches_a_change_outside_the_edits():
    """_check_rounds is able to fail: an edit on line 2 that also rewrote line 1."""
    from siamlint.diagnostics import (
        Applicability,
        Diagnostic,
        Edit,
        Fix,
        Position,
        Severity,
    )
    from siamlint.fixes.apply import FixOutcome

    edit = Edit(Position(2, 1), Position(2, 2), "B")
    fix = Fix("f", (edit,), Applicability.SAFE)
    diagnostic = Diagnostic("SL999", "x", Severity.WARNING, "m", "f.py", Position(2, 1),
                            Position(2, 2), fix=fix)
    honest = FixOutcome("a\nB\nc\n", [diagnostic])
    _check_rounds([("a\nb\nc\n", honest)])
    sneaky = FixOutcome("A\nB\nc\n", [diagnostic])
    try:
        _check_rounds([("a\nb\nc\n", sneaky)])
    except AssertionError:
        return
    raise AssertionError("a change outside the edits went unnoticed")
