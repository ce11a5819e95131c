"""The command line end to end: exit codes, rule selection, the rule docs, output formats,
colour, in this process (click's CliRunner) and as a real `python -m siamlint` subprocess.

Only SL001 (syntax errors) is certain to fire on any file, whatever the rules do, so the
exit-code-1 cases use files that do not parse.
"""
from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest

import siamlint
from conftest import BROKEN, BROKEN_AT, CLEAN
from siamlint.rules.base import all_rules

ANSI = re.compile(r"\x1b\[[0-9;]*m")
CONCISE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<code>SL\d{3}) (?P<message>.+)$")


def concise_lines(out: str) -> list[re.Match]:
    matches = [CONCISE.match(line) for line in out.splitlines()]
    return [m for m in matches if m]


# ------------------------------------------------------------------------ exit codes
def test_clean_file_exits_0_with_all_checks_passed(cli, write):
    write("ok.py")
    result = cli("check", "ok.py")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "All checks passed!"
    assert result.stderr == ""


def test_syntax_error_exits_1_and_is_reported_as_sl001(cli, write):
    write("bad.py", BROKEN)
    result = cli("check", "--format", "concise", "bad.py")
    assert result.exit_code == 1
    (m,) = concise_lines(result.stdout)
    assert (m["path"], int(m["line"]), int(m["col"]), m["code"]) == ("bad.py", *BROKEN_AT, "SL001")
    assert "was never closed" in m["message"]


def test_exit_zero_reports_but_exits_0(cli, write):
    write("bad.py", BROKEN)
    result = cli("check", "--exit-zero", "--format", "concise", "bad.py")
    assert result.exit_code == 0
    assert [m["code"] for m in concise_lines(result.stdout)] == ["SL001"]
    assert "Found 1 problem in 1 file" in result.stdout


def test_exit_zero_does_not_hide_errors(cli, write):
    write("ok.py")
    result = cli("check", "--exit-zero", "ok.py", "missing.py")
    assert result.exit_code == 2


def test_missing_path_exits_2_and_the_others_are_still_linted(cli, write):
    write("bad.py", BROKEN)
    write("ok.py")
    result = cli("check", "--format", "concise", "missing.py", "bad.py", "ok.py")
    assert result.exit_code == 2
    assert [m["path"] for m in concise_lines(result.stdout)] == ["bad.py"]
    assert "missing.py: no such file or directory" in result.stderr


def test_folder_walk_finds_the_broken_file(cli, write):
    write("pkg/ok.py")
    write("pkg/sub/bad.py", BROKEN)
    result = cli("check", "--format", "concise", ".")
    assert result.exit_code == 1
    assert [m["path"] for m in concise_lines(result.stdout)] == ["pkg/sub/bad.py"]


def test_no_paths_means_the_current_folder(cli, write):
    write("bad.py", BROKEN)
    assert cli("check").exit_code == 1
    write("bad.py", CLEAN)
    assert cli("check").exit_code == 0


def test_no_subcommand_prints_help(cli):
    result = cli()
    assert result.exit_code == 0
    assert "check" in result.stdout and "rules" in result.stdout


# ------------------------------------------------------------------------ selection
@pytest.mark.parametrize("args, expected", [
    ((), 1),
    (("--select", "SL001"), 1),
    (("--select", "SL0"), 1),  # prefix
    (("--select", "syntax-error"), 1),  # name
    (("--select", "ALL"), 1),
    (("--select", "SL002"), 0),  # SL001 not selected
    (("--select", "SL1"), 0),
    (("--select", "SL002,SL001"), 1),  # comma-separated
    (("--select", "SL002", "--select", "SL001"), 1),  # repeated
    (("--ignore", "SL001"), 0),
    (("--ignore", "SL0"), 0),
    (("--ignore", "syntax-error"), 0),
    (("--ignore", "ALL"), 0),
    (("--ignore", "SL002"), 1),
    (("--select", "ALL", "--ignore", "SL001"), 0),
    (("--select", "SL1", "--extend-select", "SL001"), 1),
    (("--select", "SL1", "--extend-select", "syntax-error"), 1),
    (("--select", "SL1", "--extend-select", "SL0"), 1),
    (("--select", "SL1", "--extend-select", "ALL"), 1),
    (("--extend-select", "SL001", "--ignore", "SL001"), 0),
])
def test_select_ignore_extend_select(cli, write, args, expected):
    write("bad.py", BROKEN)
    result = cli("check", "--format", "concise", *args, "bad.py")
    assert result.exit_code == expected, (args, result.stdout, result.stderr)
    codes = [m["code"] for m in concise_lines(result.stdout)]
    assert codes == (["SL001"] if expected else [])


@pytest.mark.parametrize("option", ["--select", "--ignore", "--extend-select"])
@pytest.mark.parametrize("selector", ["NOPE", "SL9", "syntax_error", "SL001,BOGUS"])
def test_unknown_selector_is_a_usage_error(cli, write, option, selector):
    write("bad.py", BROKEN)
    result = cli("check", option, selector, "bad.py")
    assert result.exit_code == 2
    bad = selector.split(",")[-1]
    assert f"unknown rule selector `{bad}`" in result.stderr
    assert "siamlint rules" in result.stderr
    assert "Traceback" not in result.stderr
    assert "SL001" not in result.stdout  # nothing was linted


# ------------------------------------------------------------------------ rules and rule
def test_rules_lists_every_code(cli):
    result = cli("rules")
    assert result.exit_code == 0
    listed = re.findall(r"\bSL\d{3}\b", result.stdout)
    assert listed == [rule.code for rule in all_rules()]
    assert "SL001" in listed and "syntax-error" in result.stdout


@pytest.mark.parametrize("key", ["SL001", "syntax-error", "sl001"])
def test_rule_prints_the_docs(cli, key):
    result = cli("rule", key)
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("# SL001 syntax-error")
    for heading in ("## What it detects", "## Why it matters", "## Example", "## The fix"):
        assert heading in out
    assert "Severity: error" in out
    assert "keras.Sequential([" in out  # the example


def test_rule_by_code_and_by_name_agree(cli):
    assert cli("rule", "SL001").stdout == cli("rule", "syntax-error").stdout


def test_every_rule_has_docs(cli):
    for rule in all_rules():
        result = cli("rule", rule.code)
        assert result.exit_code == 0
        assert result.stdout.startswith(f"# {rule.code} {rule.name}")


def test_unknown_rule_exits_2(cli):
    result = cli("rule", "NOPE")
    assert result.exit_code == 2
    assert "unknown rule `NOPE`" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version(cli, flag):
    result = cli(flag)
    assert result.exit_code == 0
    assert result.stdout.strip() == f"siamlint, version {siamlint.__version__}"


# ------------------------------------------------------------------------ output
def test_concise_is_one_line_per_diagnostic_plus_summary(cli, write):
    write("a.py", BROKEN)
    write("b.py", "import keras\nif True:\npass\n")
    write("c.py")
    result = cli("check", "--format", "concise", ".")
    lines = result.stdout.splitlines()
    assert [m["path"] for m in concise_lines(result.stdout)] == ["a.py", "b.py"]
    assert lines[2:] == ["Found 2 problems in 2 files."]
    assert len(lines) == 3
    assert concise_lines(result.stdout)[1]["line"] == "3"


def test_quiet_prints_diagnostics_only(cli, write):
    write("bad.py", BROKEN)
    write("ok.py")
    result = cli("check", "--quiet", "--format", "concise", ".")
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 1 and "Found" not in result.stdout
    result = cli("check", "--quiet", ".")  # full
    assert result.exit_code == 1
    assert "SL001" in result.stdout and "Found" not in result.stdout
    result = cli("check", "-q", "ok.py")
    assert (result.exit_code, result.stdout) == (0, "")


def test_full_format_shows_source_caret_and_help(cli, write):
    write("bad.py", BROKEN)
    result = cli("check", "bad.py")
    lines = result.stdout.splitlines()
    line, col = BROKEN_AT
    assert lines[0].startswith(f"bad.py:{line}:{col}: SL001 SyntaxError: ")
    source = BROKEN.splitlines()[line - 1]
    (shown,) = [i for i, text in enumerate(lines) if text.endswith(" | " + source)]
    caret_line = lines[shown + 1]
    # the caret sits under the reported column of the source line
    assert caret_line.index("^") - lines[shown].index(" | ") - 3 == col - 1
    assert caret_line.rstrip().endswith("SL001")
    assert any(text.lstrip().startswith("= help: ") for text in lines)
    assert lines[-1] == "Found 1 problem in 1 file."
    assert not ANSI.search(result.stdout)


def test_summary_counts_problems_and_files(cli, write):
    write("a.py", BROKEN)
    assert "Found 1 problem in 1 file." in cli("check", "a.py").stdout
    write("b.py", BROKEN)
    assert "Found 2 problems in 2 files." in cli("check", "a.py", "b.py").stdout
    write("a.py")
    write("b.py")
    assert cli("check", "a.py", "b.py").stdout.strip() == "All checks passed!"


def test_json_format(cli, write, project):
    write("bad.py", BROKEN)
    result = cli("check", "--format", "json", "bad.py")
    assert result.exit_code == 1
    (d,) = json.loads(result.stdout)
    assert d["code"] == "SL001" and d["name"] == "syntax-error" and d["severity"] == "error"
    assert (d["location"]["row"], d["location"]["column"]) == BROKEN_AT
    assert d["filename"] == str((project / "bad.py").resolve())
    assert json.loads(cli("check", "--format", "json", "--ignore", "SL001", "bad.py").stdout) == []


def test_no_ansi_escapes_without_a_terminal(cli, write):
    write("bad.py", BROKEN)
    for args in ((), ("--no-color",)):
        result = cli("check", *args, "bad.py", env={"FORCE_COLOR": "1"})
        assert "SL001" in result.stdout and not ANSI.search(result.stdout)
    assert not ANSI.search(cli("rules").stdout + cli("rule", "SL001").stdout)


# ------------------------------------------------------------------------ colour on a real terminal
def _on_a_terminal(project, args, extra_env):
    """Run `python -m siamlint` with stdout on a pseudo-terminal; its output, exit code."""
    pty = pytest.importorskip("pty")
    import select
    import subprocess

    from conftest import _clean_env

    leader, follower = pty.openpty()
    env = _clean_env({"TERM": "xterm-256color", **extra_env})
    proc = subprocess.Popen([sys.executable, "-m", "siamlint", *args], cwd=project, env=env,
                            stdout=follower, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    os.close(follower)
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            proc.kill()
            pytest.fail("no output from siamlint on the pseudo-terminal within 60 s")
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    proc.stderr.read()
    proc.stderr.close()
    return b"".join(chunks).decode("utf-8", "replace"), proc.wait(60)


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_colour_on_a_terminal_and_never_with_no_color(project, write):
    write("bad.py", BROKEN)
    out, rc = _on_a_terminal(project, ["check", "bad.py"], {})
    assert rc == 1 and "SL001" in out
    assert ANSI.search(out), "a terminal should get colour (else the checks below prove nothing)"
    out, rc = _on_a_terminal(project, ["check", "bad.py"], {"NO_COLOR": "1"})
    assert rc == 1 and "SL001" in out and not ANSI.search(out)
    out, rc = _on_a_terminal(project, ["check", "--no-color", "bad.py"], {})
    assert rc == 1 and "SL001" in out and not ANSI.search(out)


# ------------------------------------------------------------------------ a real subprocess
def test_module_entry_point_exit_codes(siamlint_process, write):
    write("ok.py")
    result = siamlint_process("check", "ok.py")
    assert (result.exit_code, result.stdout.strip()) == (0, "All checks passed!")
    write("bad.py", BROKEN)
    result = siamlint_process("check", "--format", "concise", ".")
    assert result.exit_code == 1
    assert [m["code"] for m in concise_lines(result.stdout)] == ["SL001"]
    assert siamlint_process("check", "--exit-zero", ".").exit_code == 0
    assert siamlint_process("check", "--ignore", "syntax-error", ".").exit_code == 0
    assert siamlint_process("check", "--select", "SL0", ".").exit_code == 1
    result = siamlint_process("check", "ok.py", "missing.py")
    assert result.exit_code == 2 and "missing.py: no such file or directory" in result.stderr
    result = siamlint_process("check", "--select", "NOPE", ".")
    assert result.exit_code == 2 and "unknown rule selector `NOPE`" in result.stderr


def test_module_entry_point_rules_rule_version(siamlint_process):
    result = siamlint_process("--version")
    assert (result.exit_code, result.stdout.strip()) == (0, f"siamlint, version {siamlint.__version__}")
    result = siamlint_process("rules")
    assert result.exit_code == 0
    assert re.findall(r"\bSL\d{3}\b", result.stdout) == [rule.code for rule in all_rules()]
    result = siamlint_process("rule", "syntax-error")
    assert result.exit_code == 0 and result.stdout.startswith("# SL001 syntax-error")
    result = siamlint_process("rule", "NOPE")
    assert result.exit_code == 2 and "unknown rule `NOPE`" in result.stderr


def test_module_output_has_no_ansi_when_piped_even_with_no_color_unset(siamlint_process, write):
    write("bad.py", BROKEN)
    result = siamlint_process("check", "bad.py")
    assert result.exit_code == 1 and "= help: " in result.stdout
    assert not ANSI.search(result.stdout + result.stderr)


# ------------------------------------------------------------------------ the examples
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
EXPECTED_EXAMPLE_CODES = {
    "01_shape_mismatch.py": ["SL101"],
    "02_dtype_mismatch.py": ["SL201", "SL203", "SL502", "SL504"],
    "03_pretrained_concat.py": ["SL301", "SL401"],
}


def test_examples_show_what_their_readme_says(cli):
    result = cli("check", "--no-cache", "--format", "json", str(EXAMPLES))
    assert result.exit_code == 1, result.stderr
    found: dict[str, list[str]] = {}
    for d in json.loads(result.stdout):
        found.setdefault(Path(d["filename"]).name, []).append(d["code"])
    assert {name: sorted(codes) for name, codes in found.items()} == EXPECTED_EXAMPLE_CODES
    families = {code[:3] for codes in found.values() for code in codes}
    assert families == {"SL1", "SL2", "SL3", "SL4", "SL5"}  # every rule family
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    total = sum(len(codes) for codes in EXPECTED_EXAMPLE_CODES.values())
    assert f"{total} problems in the three failing programs" in readme
    for name, codes in EXPECTED_EXAMPLE_CODES.items():
        (row,) = [line for line in readme.splitlines() if line.startswith(f"| `{name}`")]
        assert ", ".join(codes) in row
        assert f"`{name.replace('.py', '_fixed.py')}`" in readme


def test_fixed_examples_are_clean_of_every_rule(cli):
    fixed = sorted(EXAMPLES.glob("*_fixed.py"))
    assert [p.name.replace("_fixed", "") for p in fixed] == sorted(EXPECTED_EXAMPLE_CODES)
    result = cli("check", "--no-cache", "--select", "ALL", *map(str, fixed))
    assert (result.exit_code, result.stdout.strip()) == (0, "All checks passed!"), result.stdout


def test_examples_start_with_a_comment_and_are_short():
    for path in sorted(EXAMPLES.glob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith("# "), path.name
        assert 25 <= len(lines) <= 60, (path.name, len(lines))
        compile("\n".join(lines), str(path), "exec")
