"""Files that are not the Python a linter hopes for: none of them crashes the run, each is
reported as what it is (SL001, a notice, or a clear error with exit 2), and every other file
is still linted."""
from __future__ import annotations

import ast
import json
import os
import sys
from pathlib import Path

import libcst as cst
import pytest

import siamlint.engine
from conftest import BROKEN, BROKEN_AT, CLEAN
from siamlint.engine import UnreadableFile, decode, lint_file
from siamlint.rules.base import all_rules

LATIN1 = "# -*- coding: latin-1 -*-\nimport keras\nname = 'été'\n".encode("latin-1")
LATIN1_BROKEN = "# -*- coding: latin-1 -*-\nimport keras\nname = 'été' + (\n".encode("latin-1")
LATIN1_NO_COOKIE = "import keras\nname = 'été'\n".encode("latin-1")
BOM = b"\xef\xbb\xbf"
# Valid Python (ast.parse and CPython accept a backslash continuation in an indentation)
# that libcst 1.x rejects.
LIBCST_REJECTS = "import keras\nif keras:\n    \\\n    x = [0x1for x in ()]\n"


def json_run(cli, *args):
    result = cli("check", "--no-cache", "--format", "json", *args)
    return result.exit_code, json.loads(result.stdout or "[]"), result.stderr


def stderr_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.strip()]


def assert_no_crash(err: str) -> None:
    assert "Traceback" not in err and "internal error" not in err


# ------------------------------------------------------------------------ syntax errors
@pytest.mark.parametrize("source, line, column, message", [
    (BROKEN, *BROKEN_AT, "'[' was never closed"),
    ("import keras\n\n\n\ndef f(:\n    pass\n", 5, 7, "invalid syntax"),
    ("import keras\nx = '''\n\n", 2, 5, "unterminated triple-quoted string"),
    ("import keras\nif True:\npass\n", 3, 1, "expected an indented block"),
    ("import keras\ntry:\n    pass\n", 3, 9, "expected 'except' or 'finally' block"),
    ("import keras\nx = 1 \\", 2, 8, "unexpected EOF"),  # just past the backslash
    ("import keras\nname = 'éé' + (\n", 2, 15, "'(' was never closed"),  # columns count characters
])
def test_syntax_error_is_sl001_at_the_right_place(cli, write, source, line, column, message):
    write("bad.py", source)
    write("ok.py", CLEAN)
    rc, diagnostics, err = json_run(cli, "bad.py", "ok.py")
    assert rc == 1
    (d,) = diagnostics
    assert d["code"] == "SL001" and d["filename"].endswith("bad.py")
    assert (d["location"]["row"], d["location"]["column"]) == (line, column)
    assert message in d["message"] and "\n" not in d["message"]
    assert d["message"].startswith("SyntaxError: ")
    # a span of one character, or none at the end of a line (no column past the line's end + 1)
    assert d["end_location"]["row"] == line and d["end_location"]["column"] >= column
    assert err == ""


def test_syntax_error_inside_a_function_does_not_stop_other_files(cli, write):
    write("a.py", BROKEN)
    write("b.py", BROKEN)
    write("c.py")
    rc, diagnostics, _ = json_run(cli, ".")
    assert rc == 1
    assert [Path(d["filename"]).name for d in diagnostics] == ["a.py", "b.py"]


def test_syntax_error_reported_by_python_itself_is_the_same(write):
    source = "import keras\nmodel = keras.Sequential([keras.layers.Dense(4)\nmodel.fit(x)\n"
    path = write("bad.py", source)
    with pytest.raises(SyntaxError) as python:
        compile(source, "bad.py", "exec")
    (d,) = lint_file(path, "bad.py", all_rules()).diagnostics
    assert (d.code, d.start.line, d.start.column) == ("SL001", python.value.lineno, python.value.offset)


# ------------------------------------------------------------------------ valid Python libcst rejects
@pytest.mark.filterwarnings("ignore::SyntaxWarning")
def test_the_libcst_case_is_real():
    ast.parse(LIBCST_REJECTS)
    compile(LIBCST_REJECTS, "x.py", "exec")
    try:
        cst.parse_module(LIBCST_REJECTS)
    except cst.ParserSyntaxError:
        return
    pytest.skip("this libcst accepts the case now: the monkeypatched test still covers the path")


def _assert_notice_only(cli, write, source: str):
    write("odd.py", source)
    write("bad.py", BROKEN)
    rc, diagnostics, err = json_run(cli, "odd.py", "bad.py")
    assert rc == 1  # bad.py's SL001; the notice alone is not a failure
    assert [Path(d["filename"]).name for d in diagnostics] == ["bad.py"]
    (line,) = stderr_lines(err)
    assert line.startswith("warning: odd.py: not analysed: valid Python that libcst cannot parse")
    assert "SyntaxWarning" not in err
    rc, diagnostics, err = json_run(cli, "odd.py")
    assert (rc, diagnostics) == (0, [])
    assert len(stderr_lines(err)) == 1


def test_valid_python_that_libcst_rejects_is_a_notice_not_sl001(cli, write):
    try:
        cst.parse_module(LIBCST_REJECTS)
    except cst.ParserSyntaxError:
        pass
    else:
        pytest.skip("this libcst accepts the case now")
    _assert_notice_only(cli, write, LIBCST_REJECTS)


def test_notice_path_when_libcst_fails_on_valid_python(cli, write, monkeypatch):
    real = cst.parse_module

    def picky(source, *args, **kwargs):
        text = source.decode("utf-8") if isinstance(source, bytes) else source
        if "PICKY" in text:
            raise cst.ParserSyntaxError("picky parser", lines=text.splitlines(True),
                                        raw_line=2, raw_column=0)
        return real(source, *args, **kwargs)

    monkeypatch.setattr(cst, "parse_module", picky)
    monkeypatch.setattr(siamlint.engine.cst, "parse_module", picky)
    _assert_notice_only(cli, write, "import keras\nPICKY = 1\n")


# ------------------------------------------------------------------------ unreadable and missing
def test_unreadable_file_is_an_error_for_that_file_only(cli, write, monkeypatch):
    secret = write("secret.py", BROKEN)
    write("bad.py", BROKEN)
    real = Path.read_bytes

    def read_bytes(self):
        if self.name == secret.name:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    rc, diagnostics, err = json_run(cli, ".")
    assert rc == 2
    assert [Path(d["filename"]).name for d in diagnostics] == ["bad.py"]
    assert stderr_lines(err) == ["error: secret.py: cannot read: Permission denied"]
    assert lint_file(secret, "secret.py", []).errors[0].message == "cannot read: Permission denied"


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0,
                    reason="root (and Windows) can read a chmod 000 file")
def test_chmod_000_file(cli, write):
    secret = write("secret.py", BROKEN)
    write("bad.py", BROKEN)
    secret.chmod(0)
    try:
        rc, diagnostics, err = json_run(cli, ".")
    finally:
        secret.chmod(0o644)
    assert rc == 2 and len(diagnostics) == 1
    assert "error: secret.py: cannot read: Permission denied" in err


def test_missing_path_exit_2_others_still_linted(cli, write):
    write("bad.py", BROKEN)
    rc, diagnostics, err = json_run(cli, "gone.py", "bad.py", "gone_dir")
    assert rc == 2 and len(diagnostics) == 1
    assert "error: gone.py: no such file or directory" in err
    assert "error: gone_dir: no such file or directory" in err
    assert_no_crash(err)


def test_a_folder_named_x_py_is_a_clear_error(cli, write, project):
    (project / "x.py").mkdir()
    write("bad.py", BROKEN)
    rc, diagnostics, err = json_run(cli, "x.py", "bad.py")
    assert rc == 2 and len(diagnostics) == 1
    assert stderr_lines(err) == ["error: x.py: cannot read: is a directory"]
    assert lint_file(project / "x.py", "x.py", []).errors[0].message == "cannot read: is a directory"


# ------------------------------------------------------------------------ encodings and line endings
def test_latin1_with_a_coding_cookie_decodes(cli, write):
    write("latin.py", LATIN1)
    rc, diagnostics, err = json_run(cli, "latin.py")
    assert (rc, diagnostics, err) == (0, [], "")
    assert decode(LATIN1) == (LATIN1.decode("latin-1"), "iso-8859-1")


def test_latin1_with_a_cookie_shows_the_decoded_line(cli, write):
    write("latin.py", LATIN1_BROKEN)
    result = cli("check", "--no-cache", "latin.py")
    assert result.exit_code == 1
    assert result.stdout.startswith("latin.py:3:16: SL001")
    assert "3 | name = 'été' + (" in result.stdout


def test_latin1_without_cookie_is_a_clear_error(cli, write):
    write("latin.py", LATIN1_NO_COOKIE)
    write("bad.py", BROKEN)
    rc, diagnostics, err = json_run(cli, "latin.py", "bad.py")
    assert rc == 2 and len(diagnostics) == 1
    (line,) = stderr_lines(err)
    assert line.startswith("error: latin.py: cannot decode line 2 as utf-8")
    assert "coding" in line
    with pytest.raises(UnreadableFile, match="line 2"):
        decode(LATIN1_NO_COOKIE)


def test_unknown_coding_cookie_is_a_clear_error(cli, write):
    write("odd.py", b"# coding: klingon\nimport keras\n")
    rc, _, err = json_run(cli, "odd.py")
    assert rc == 2
    assert stderr_lines(err) == ["error: odd.py: bad coding cookie: unknown encoding: klingon"]


def test_utf8_bom(cli, write):
    write("bom.py", BOM + CLEAN.encode())
    write("bom_bad.py", BOM + BROKEN.encode())
    rc, diagnostics, err = json_run(cli, "bom.py", "bom_bad.py")
    assert rc == 1 and err == ""
    (d,) = diagnostics
    assert d["filename"].endswith("bom_bad.py")
    assert (d["location"]["row"], d["location"]["column"]) == BROKEN_AT  # the BOM is no column
    assert decode(BOM + b"x = 1\n")[0] == "x = 1\n"


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_other_line_endings_keep_line_numbers(cli, write, newline):
    write("clean.py", CLEAN.replace("\n", newline))
    write("bad.py", BROKEN.replace("\n", newline))
    rc, diagnostics, err = json_run(cli, "clean.py", "bad.py")
    assert rc == 1 and err == ""
    (d,) = diagnostics
    assert (d["location"]["row"], d["location"]["column"]) == BROKEN_AT
    result = cli("check", "--no-cache", "bad.py")
    assert "3 | encoder = keras.Sequential([\n" in result.stdout
    assert "\r" not in result.stdout


def test_form_feeds_are_not_line_breaks(cli, write):
    # str.splitlines() splits on \f; Python does not: line numbers must follow Python's
    write("ff.py", "import keras\n\f\nx = 1\f\ny = (\n")
    rc, diagnostics, _ = json_run(cli, "ff.py")
    assert rc == 1
    assert (diagnostics[0]["location"]["row"], diagnostics[0]["location"]["column"]) == (4, 5)


def test_mixed_line_endings(cli, write):
    write("mixed.py", b"import keras\r\nx = 1\ny = 2\rz = (\r\n")
    rc, diagnostics, _ = json_run(cli, "mixed.py")
    assert rc == 1 and diagnostics[0]["location"]["row"] == 4


@pytest.mark.parametrize("content", [b"", b"\n\n", BOM, b"# only\n# comments\n",
                                     b"# keras: comments only, no code\n", b"#!/usr/bin/env python\n",
                                     b"import keras  # no newline at the end"])
def test_empty_and_comment_only_files_are_clean(cli, write, content):
    write("empty.py", content)
    rc, diagnostics, err = json_run(cli, "empty.py")
    assert (rc, diagnostics, err) == (0, [], "")
    result = cli("check", "--no-cache", "empty.py")
    assert result.stdout.strip() == "All checks passed!"


def test_nul_byte_is_a_clear_error(cli, write):
    write("blob.py", b"import keras\nx = 1\x00\n")
    write("bad.py", BROKEN)
    rc, diagnostics, err = json_run(cli, "blob.py", "bad.py")
    assert rc == 2 and len(diagnostics) == 1
    assert stderr_lines(err) == ["error: blob.py: binary file: it contains a NUL byte (line 2)"]


# ------------------------------------------------------------------------ internal errors
def test_an_internal_error_is_that_file_s_alone(cli, write, monkeypatch):
    import siamlint.analysis

    real = siamlint.analysis.analyze

    def flaky(module, source, *args, **kwargs):
        if "EXPLODE" in source:
            raise RuntimeError("boom\nsecond line")
        return real(module, source, *args, **kwargs)

    monkeypatch.setattr(siamlint.analysis, "analyze", flaky)
    write("boom.py", "import keras\nEXPLODE = 1\n")
    write("bad.py", BROKEN)
    rc, diagnostics, err = json_run(cli, "boom.py", "bad.py")
    assert rc == 2 and len(diagnostics) == 1
    assert stderr_lines(err) == ["error: boom.py: internal error: RuntimeError: boom"]
    result = cli("check", "--no-cache", "--verbose", "boom.py")
    assert "Traceback" in result.stderr and "RuntimeError: boom" in result.stderr


# ------------------------------------------------------------------------ all at once
def test_everything_at_once(cli, write, project, monkeypatch):
    """One run over every kind of bad input: each is reported as itself, nothing crashes."""
    (project / "dir.py").mkdir()
    files = {
        "a_syntax.py": BROKEN.encode(),
        "b_latin.py": LATIN1,
        "c_latin_no_cookie.py": LATIN1_NO_COOKIE,
        "d_bom.py": BOM + CLEAN.encode(),
        "e_crlf.py": BROKEN.replace("\n", "\r\n").encode(),
        "f_empty.py": b"",
        "g_comments.py": b"# keras notes\n",
        "h_nul.py": b"import keras\x00\n",
        "i_libcst.py": LIBCST_REJECTS.encode(),
        "j_secret.py": CLEAN.encode(),
        "k_clean.py": CLEAN.encode(),
    }
    for name, content in files.items():
        write(name, content)
    real = Path.read_bytes

    def read_bytes(self):
        if self.name == "j_secret.py":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    rc, diagnostics, err = json_run(cli, ".", "dir.py", "missing.py")
    assert rc == 2
    assert_no_crash(err)
    assert [(Path(d["filename"]).name, d["code"], d["location"]["row"]) for d in diagnostics] == [
        ("a_syntax.py", "SL001", 3), ("e_crlf.py", "SL001", 3)]
    lines = stderr_lines(err)
    expected_prefixes = [
        "error: c_latin_no_cookie.py: cannot decode line 2 as utf-8",
        "error: h_nul.py: binary file",
        "error: j_secret.py: cannot read: Permission denied",
        "error: dir.py: cannot read: is a directory",
        "error: missing.py: no such file or directory",
    ]
    for prefix in expected_prefixes:
        assert sum(line.startswith(prefix) for line in lines) == 1, (prefix, lines)
    try:
        cst.parse_module(LIBCST_REJECTS)
    except cst.ParserSyntaxError:
        assert sum(line.startswith("warning: i_libcst.py: not analysed") for line in lines) == 1
        assert len(lines) == len(expected_prefixes) + 1


def test_notice_in_a_real_process_prints_one_line_and_no_python_warnings(siamlint_process, write):
    try:
        cst.parse_module(LIBCST_REJECTS)
    except cst.ParserSyntaxError:
        pass
    else:
        pytest.skip("this libcst accepts the case now")
    write("odd.py", LIBCST_REJECTS)  # also holds a literal Python warns about (0x1for)
    write("ok.py")
    result = siamlint_process("check", "--no-cache", ".")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "All checks passed!"
    (line,) = stderr_lines(result.stderr)
    assert line.startswith("warning: odd.py: not analysed: valid Python that libcst cannot parse")
