"""Applying fix edits to text, and writing the result safely."""
from __future__ import annotations

import os
import stat

import pytest

from siamlint.diagnostics import Applicability, Diagnostic, Edit, Fix, Position, Severity
from siamlint.fixes.apply import apply_fixes
from siamlint.fixes.write import WriteError, digest, write_atomic


def diag(edits, applicability=Applicability.SAFE, line=1):
    fix = Fix("fix", tuple(Edit(Position(*s), Position(*e), c) for s, e, c in edits), applicability)
    return Diagnostic("SL999", "test", Severity.WARNING, "m", "f.py", Position(line, 1),
                      Position(line, 2), fix=fix)


def test_replace_and_insert_in_one_pass():
    text = "a = f(x)\nb = 2\n"
    out = apply_fixes(text, [diag([((1, 5), (1, 9), "g(y)")]),
                             diag([((3, 1), (3, 1), "c = 3\n")])])
    assert out.text == "a = g(y)\nb = 2\nc = 3\n"
    assert len(out.applied) == 2 and not out.skipped


def test_overlapping_fixes_first_wins():
    text = "a = f(x)\n"
    first = diag([((1, 5), (1, 9), "g(x)")])
    second = diag([((1, 7), (1, 8), "z")])
    out = apply_fixes(text, [first, second])
    assert out.text == "a = g(x)\n"
    assert out.applied == [first] and out.skipped == [second]


def test_two_insertions_at_one_point_clash():
    out = apply_fixes("x\n", [diag([((1, 2), (1, 2), "a")]), diag([((1, 2), (1, 2), "b")])])
    assert out.text == "xa\n" and len(out.skipped) == 1


def test_unsafe_fixes_need_opt_in():
    unsafe = diag([((1, 1), (1, 2), "y")], Applicability.UNSAFE)
    assert apply_fixes("x\n", [unsafe]).text == "x\n"
    assert apply_fixes("x\n", [unsafe], unsafe=True).text == "y\n"


def test_inserted_lines_follow_crlf_endings():
    out = apply_fixes("a = 1\r\nb = 2\r\n", [diag([((2, 1), (2, 1), "c = 3\n")])])
    assert out.text == "a = 1\r\nc = 3\r\nb = 2\r\n"


def test_all_edits_of_a_fix_or_none():
    both = diag([((1, 1), (1, 2), "X"), ((1, 3), (1, 4), "Y")])
    blocker = diag([((1, 3), (1, 4), "Z")])
    out = apply_fixes("abcd\n", [blocker, both])
    assert out.text == "abZd\n" and out.skipped == [both]


def test_write_atomic_keeps_mode(tmp_path):
    path = tmp_path / "m.py"
    path.write_bytes(b"old\n")
    os.chmod(path, 0o754)
    write_atomic(path, b"new\n", digest(b"old\n"))
    assert path.read_bytes() == b"new\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o754
    assert [p.name for p in tmp_path.iterdir()] == ["m.py"]  # no temporary file left


def test_write_refuses_a_file_changed_on_disk(tmp_path):
    path = tmp_path / "m.py"
    path.write_bytes(b"edited meanwhile\n")
    with pytest.raises(WriteError, match="changed on disk"):
        write_atomic(path, b"new\n", digest(b"old\n"))
    assert path.read_bytes() == b"edited meanwhile\n"


def test_write_refuses_a_read_only_file(tmp_path):
    path = tmp_path / "m.py"
    path.write_bytes(b"old\n")
    os.chmod(path, 0o444)
    with pytest.raises(WriteError, match="read-only"):
        write_atomic(path, b"new\n", digest(b"old\n"))
    assert path.read_bytes() == b"old\n"
