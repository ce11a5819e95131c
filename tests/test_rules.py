"""Fixit-style cases beside each rule (siamlint.rules.cases), run through the real pipeline.

An invalid case marks every line where its rule must report with a trailing `# CODE`
comment; the rule must report on exactly those lines, once each. A valid case must get no
diagnostic of its code at all. Other codes are not checked by a case.
"""
from __future__ import annotations

import libcst as cst
import pytest

from siamlint.engine import lint_file
from siamlint.rules.base import all_rules
from siamlint.rules.cases import all_cases, marked_lines

CASES = all_cases()
RULES = [rule for rule in all_rules() if rule.check is not None]
ENGINE_CODES = {"SL001", "SL002"}  # reported by the engine itself, not by rules over Facts


def _params():
    for code, kinds in sorted(CASES.items()):
        for kind in ("invalid", "valid"):
            for index, source in enumerate(kinds.get(kind, [])):
                yield pytest.param(code, kind, source, id=f"{code}-{kind}-{index}")


PARAMS = list(_params())


def _lint(tmp_path, source: str):
    path = tmp_path / "case.py"
    path.write_text(source, encoding="utf-8")
    result = lint_file(path, "case.py", RULES)
    assert not result.errors, [e.message for e in result.errors]
    return result.diagnostics


@pytest.mark.parametrize(("code", "kind", "source"), PARAMS)
def test_case(tmp_path, code, kind, source):
    diagnostics = _lint(tmp_path, source)
    reported = sorted(d.start.line for d in diagnostics if d.code == code)
    if kind == "valid":
        assert reported == [], "\n".join(
            f"{d.code} line {d.start.line}: {d.message}" for d in diagnostics if d.code == code)
        assert not marked_lines(source, code), "a valid case must not mark lines"
    else:
        expected = sorted(marked_lines(source, code))
        assert expected, "an invalid case must mark at least one line"
        assert reported == expected, "\n".join(
            f"{d.code} line {d.start.line}: {d.message}" for d in diagnostics)


@pytest.mark.parametrize(("code", "kind", "source"), PARAMS)
def test_case_parses(code, kind, source):
    cst.parse_module(source)
    compile(source, f"<{code}-{kind}>", "exec")


@pytest.mark.parametrize("rule", [r for r in all_rules() if r.code not in ENGINE_CODES],
                         ids=lambda r: r.code)
def test_every_rule_has_cases(rule):
    kinds = CASES.get(rule.code, {})
    assert len(kinds.get("invalid", [])) >= 4, f"{rule.code} needs at least 4 invalid cases"
    assert len(kinds.get("valid", [])) >= 4, f"{rule.code} needs at least 4 valid cases"


def test_cases_name_only_registered_rules():
    codes = {rule.code for rule in all_rules()}
    assert set(CASES) <= codes
