"""The rule registry: each rule declares its code, name, severity, docs and a pure check.

A check takes the file's Facts and yields Findings that point at CST nodes; the engine turns
nodes into positions only for what is reported (positions cost a pass over the file).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from siamlint.diagnostics import Applicability, Severity


@dataclass(frozen=True)
class NodeEdit:
    """Replace a node's source (`where="replace"`), or insert text before/after it."""

    node: Any
    content: str
    where: str = "replace"


@dataclass(frozen=True)
class FixSpec:
    message: str
    edits: tuple[NodeEdit, ...]
    applicability: Applicability = Applicability.SAFE


@dataclass(frozen=True)
class Finding:
    node: Any  # where the user must act
    message: str
    help: str = ""
    fix: FixSpec | None = None


@dataclass(frozen=True)
class Docs:
    """What `siamlint rule CODE` prints and docs/rules/ shows."""

    what: str
    why: str
    example: str
    fix: str


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    docs: Docs
    check: Callable[[Any], Iterable[Finding]] | None = None
    fixable: bool = False
    # Typed options (siamlint.config.Option) settable under [tool.siamlint.rules.<code>];
    # a rule that declares any is called as check(facts, options={name: value}).
    options: tuple = ()


REGISTRY: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    if rule.code in REGISTRY or any(r.name == rule.name for r in REGISTRY.values()):
        raise ValueError(f"duplicate rule {rule.code} {rule.name}")
    REGISTRY[rule.code] = rule
    return rule


def all_rules() -> list[Rule]:
    from siamlint import rules  # noqa: F401  (importing the package registers every family)

    return sorted(REGISTRY.values(), key=lambda r: r.code)


def find_rule(code_or_name: str) -> Rule | None:
    key = code_or_name.strip()
    for rule in all_rules():
        if key.upper() == rule.code or key.lower() == rule.name:
            return rule
    return None


class UnknownSelector(ValueError):
    pass


def _expand(selector: str) -> Iterator[str]:
    key = selector.strip()
    rules = all_rules()
    if key.upper() == "ALL":
        yield from (r.code for r in rules)
        return
    matched = [r.code for r in rules if r.code.startswith(key.upper()) or r.name == key.lower()]
    if not matched or not key:
        raise UnknownSelector(f"unknown rule selector `{selector}` (see `siamlint rules`)")
    yield from matched


def select_codes(select=None, ignore=(), extend_select=()) -> frozenset[str]:
    """Resolve ruff-style selectors (codes, prefixes such as `SL1`, `ALL`, rule names)."""
    chosen = {c for s in (select or ["ALL"]) for c in _expand(s)}
    chosen |= {c for s in extend_select for c in _expand(s)}
    chosen -= {c for s in ignore for c in _expand(s)}
    return frozenset(chosen)
