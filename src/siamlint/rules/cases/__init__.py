"""Fixit-style valid and invalid cases beside the rules, one module per rule family.

Each family module defines `CASES: dict[str, dict[str, list[str]]]`, mapping a rule code to
its `"invalid"` and `"valid"` cases. A case is a complete small Python program. In an invalid
case every line where the rule must report carries a trailing comment naming the code (for
example `# SL101`), and the rule must report on exactly those lines (other codes are not
checked there). A valid case must get no diagnostic of that code at all: valid cases hold the
near-misses a naive linter would flag.

tests/test_rules.py runs every case through the real pipeline.
"""
from __future__ import annotations

import re

from siamlint.rules.cases import branches, dtypes, losses, pretrained, shapes

FAMILIES = (shapes, dtypes, pretrained, branches, losses)


def all_cases() -> dict[str, dict[str, list[str]]]:
    """Every family's cases by rule code."""
    out: dict[str, dict[str, list[str]]] = {}
    for family in FAMILIES:
        for code, kinds in family.CASES.items():
            if code in out:
                raise ValueError(f"{code} has cases in two families")
            out[code] = kinds
    return out


def marked_lines(source: str, code: str) -> set[int]:
    """The 1-based lines whose trailing comment names `code` (`# SL101`, `# SL101, SL104`)."""
    pattern = re.compile(r"#.*\b" + re.escape(code) + r"\b")
    return {n for n, line in enumerate(source.splitlines(), 1) if pattern.search(line)}
