"""Suppression: `# noqa`, file-level `# siamlint: noqa`, SL002 unused-noqa, --add-noqa, --ignore-noqa."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from fakerules import fake_rules, run  # noqa: F401  (fixture)
from siamlint.diagnostics import Edit, Position
from siamlint.fixes.apply import apply_edits
from siamlint.suppression import apply_noqa, parse_noqa


@pytest.fixture
def project(tmp_path, monkeypatch, fake_rules):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def lint(project: Path, source: str, *args: str, name: str = "m.py"):
    path = project / name
    path.write_text(source, encoding="utf-8")
    rc, out, err = run(["--format", "json", *args, name])
    return rc, [(d["code"], d["location"]["row"]) for d in json.loads(out or "[]")], json.loads(out or "[]")


@pytest.mark.parametrize("comment", [
    "# noqa: SL901",
    "# noqa:SL901",
    "# NOQA: sl901",
    "# noqa: bad-call",
    "# noqa: F401, SL901",
    "# noqa:SL901,F401",
    "# noqa",
    "# type: ignore  # noqa: SL901",
    "# noqa: SL901 because the test wants it",
])
def test_line_suppression(project, comment):
    rc, found, _ = lint(project, f"bad()  {comment}\nbad()\n")
    assert found == [("SL901", 2)]


def test_a_noqa_for_another_code_does_not_suppress(project):
    _, found, _ = lint(project, "bad()  # noqa: SL902\n", "--select", "SL901")
    assert found == [("SL901", 1)]


def test_noqa_inside_a_string_is_not_a_comment(project):
    _, found, _ = lint(project, "bad('# noqa: SL901')\n")
    assert found == [("SL901", 1)]


def test_multiline_string_and_backslash_chunks_take_the_comment_on_their_last_line(project):
    source = 'bad("""\n  text\n""")  # noqa: SL901\nx = 1 + \\\n  bad()  # noqa: SL901\n'
    rc, found, _ = lint(project, source)
    assert (rc, found) == (0, [])


def test_file_level_noqa(project):
    rc, found, _ = lint(project, "# siamlint: noqa\nbad()\nmeh()\n")
    assert (rc, found) == (0, [])
    _, found, _ = lint(project, "bad()\nmeh()  # siamlint: noqa: SL901\n")
    assert found == [("SL902", 2)]


def test_syntax_errors_cannot_be_suppressed_by_a_line_comment(project):
    _, found, _ = lint(project, "x = (  # noqa\n")
    assert [c for c, _ in found] == ["SL001"]


def test_unused_noqa_is_sl002_with_a_fix(project):
    source = "x = 1  # noqa: SL901\nbad()  # noqa: SL901, SL902\nmeh()  # noqa\ny = 2  # noqa: F401\n"
    rc, found, raw = lint(project, source)
    assert rc == 1
    assert found == [("SL002", 1), ("SL002", 2)]
    first, second = raw
    assert first["message"] == "Unused `noqa` directive (unused: `SL901`)"
    assert (first["location"], first["end_location"]) == ({"row": 1, "column": 8}, {"row": 1, "column": 21})
    assert second["message"] == "Unused `noqa` directive (unused: `SL902`)"
    lines = source.splitlines(keepends=True)
    edits = [Edit(Position(e["location"]["row"], e["location"]["column"]),
                  Position(e["end_location"]["row"], e["end_location"]["column"]), e["content"])
             for d in raw for e in d["fix"]["edits"]]
    fixed = apply_edits(source, edits)
    assert fixed.splitlines(keepends=True) == [
        "x = 1\n", "bad()  # noqa: SL901\n", lines[2], lines[3]]
    (project / "m.py").write_text(fixed)
    rc, out, _ = run(["--format", "json", "m.py"])
    assert (rc, json.loads(out)) == (0, [])


def test_unused_noqa_fix_keeps_a_trailing_explanation_as_a_comment():
    source = "x = 1  # noqa: SL901 kept for later\n"
    kept, _ = apply_noqa([], source, "m.py", frozenset({"SL002", "SL901"}))
    (sl002,) = kept
    assert apply_edits(source, list(sl002.fix.edits)) == "x = 1  # kept for later\n"


def test_sl002_rules(project):
    # codes that are not in force here are not reported (another config may enable them)
    _, found, _ = lint(project, "x = 1  # noqa: SL901\n", "--ignore", "SL901")
    assert found == []
    # SL002 itself can be suppressed, by its code or its name
    _, found, _ = lint(project, "x = 1  # noqa: SL901, SL002\n")
    assert found == []
    _, found, _ = lint(project, "x = 1  # noqa: SL901, unused-noqa\n")
    assert found == []
    # and deselected
    _, found, _ = lint(project, "x = 1  # noqa: SL901\n", "--ignore", "SL002")
    assert found == []
    # an unknown siamlint code is reported as such
    _, _, raw = lint(project, "x = 1  # noqa: SL999\n")
    assert raw[0]["message"] == "Unused `noqa` directive (unused: `SL999` (unknown code))"
    # a file-level noqa for everything silences SL002 too
    _, found, _ = lint(project, "# siamlint: noqa\nx = 1  # noqa: SL901\n")
    assert found == []


def test_ignore_noqa_shows_suppressed_findings(project):
    source = "bad()  # noqa: SL901\n# siamlint: noqa: SL902\nmeh()\n"
    rc, found, _ = lint(project, source)
    assert (rc, found) == (0, [])
    rc, found, _ = lint(project, source, "--ignore-noqa")
    assert (rc, found) == (1, [("SL901", 1), ("SL902", 3)])


def test_add_noqa(project):
    source = ("bad(); meh()\n"
              "meh()  # noqa: F401\n"
              "x = bad(\n    1)  # a comment\n"
              'y = bad("""\n""")\n'
              "z = 1\n")
    path = project / "m.py"
    path.write_text(source)
    rc, out, err = run(["--add-noqa", "m.py"])
    assert rc == 0 and "Added 4 noqa directives." in err
    assert path.read_text() == ("bad(); meh()  # noqa: SL901, SL902\n"
                                "meh()  # noqa: F401, SL902\n"
                                "x = bad(  # noqa: SL901\n    1)  # a comment\n"
                                'y = bad("""\n""")  # noqa: SL901\n'
                                "z = 1\n")
    rc, out, _ = run(["--format", "json", "m.py"])
    assert (rc, json.loads(out)) == (0, [])
    rc, _, err = run(["--add-noqa", "m.py"])  # idempotent
    assert rc == 0 and "Added 0 noqa directives." in err
    assert path.read_text().count("noqa") == 4


def test_add_noqa_keeps_crlf_encoding_and_mode(project):
    path = project / "m.py"
    data = "# -*- coding: latin-1 -*-\r\nname = 'café'\r\nbad()\r\n".encode("latin-1")
    path.write_bytes(data)
    path.chmod(0o640)
    rc, _, _ = run(["--add-noqa", "m.py"])
    assert rc == 0
    assert path.read_bytes() == data.replace(b"bad()\r\n", b"bad()  # noqa: SL901\r\n")
    assert path.stat().st_mode & 0o777 == 0o640


def test_add_noqa_skips_syntax_errors(project):
    path = project / "m.py"
    path.write_text("x = (\n")
    rc, _, err = run(["--add-noqa", "m.py"])
    assert rc == 0 and path.read_text() == "x = (\n"


def test_parse_noqa_unit():
    index = parse_noqa("a = 1  # noqa: SL101, F401, branch-input-shape-mismatch why\n"
                       "# siamlint: noqa: SL202\n")
    directive = index.directives[1]
    assert directive.tokens[:2] == ("SL101", "F401")
    assert "SL101" in directive.codes and "F401" not in directive.codes
    assert index.file_codes == {"SL202"} and not index.file_all


def test_no_sl002_where_rules_did_not_run(project):
    # a syntax error: no rule ran, so no suppression can be called unused
    _, found, _ = lint(project, "bad()  # noqa: SL901\ns = '''\n")
    assert [c for c, _ in found] == ["SL001"]


def test_source_that_does_not_tokenize_still_reads_comments():
    index = parse_noqa("x = 1  # noqa: SL901\ns = '''\n")
    assert index.directives[1].codes == ("SL901",)


@pytest.mark.parametrize("source, names_own", [
    ("x = 1  # noqa: E501, F401\n", False),
    ("x = 1  # noqa\n", False),
    ("x = 1  # NOQA: e501\n", False),
    ("x = 1  # noqa: SL101\n", True),
    ("x = 1  # noqa: E501, branch-input-shape-mismatch\n", True),
    ("x = '# noqa: SL101'\n", True),  # text, not a comment: the tokenizer decides later
    ("x = 1  # noqa: sl999\n", True),  # an unknown siamlint code is reported as unused
])
def test_the_sl002_prefilter_keeps_every_file_that_names_a_siamlint_code(source, names_own):
    """A file with nothing to suppress is tokenized only when some noqa names one of our codes."""
    from siamlint.suppression import _may_name_own_code

    assert _may_name_own_code(source) is names_own


def test_nothing_reported_and_no_code_of_ours_named_means_no_sl002(project):
    rc, found, _ = lint(project, "import keras\nx = 1  # noqa: E501\ny = '# noqa: SL101'\n")
    assert found == []
