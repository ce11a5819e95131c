"""Stand-in rules for the integration tests (config, noqa, formats, notebooks, stdin).

The real rules need the analysis engine; these tests are about what happens around rules,
so they register two tiny rules that fire on calls of `bad()` (SL901, an error with a safe
fix) and `meh()` (SL902, a warning), and make the analysis hand rules the libcst Module (as `facts.module`).
Only SL001 and SL002 of the real registry are kept, so the real rules never see a Module.
"""
from __future__ import annotations

import re

import libcst as cst
import pytest

import siamlint.analysis
import siamlint.engine
import siamlint.runner
import siamlint.rules  # noqa: F401  (fill the real registry before it is replaced)
from siamlint.config import Option
from siamlint.diagnostics import Severity
from siamlint.rules import base
from siamlint.rules.base import Docs, Finding, FixSpec, NodeEdit, Rule


class FakeFacts:
    """What the fake analysis returns: the module itself, and positions for the engine."""

    def __init__(self, module, source: str) -> None:
        from siamlint.positions import PositionIndex

        self.module = module
        self.source = source
        self.positions = PositionIndex(module)
        self.limits: list[str] = []


def calls_of(facts, name: str) -> list[cst.Call]:
    found = []

    class Visitor(cst.CSTVisitor):
        def visit_Call(self, node: cst.Call) -> None:
            if isinstance(node.func, cst.Name) and node.func.value == name:
                found.append(node)

    facts.module.visit(Visitor())
    return found


def check_bad(module):
    for node in calls_of(module, "bad"):
        yield Finding(node, "`bad()` is called", help="call `good()` instead",
                      fix=FixSpec("Call `good()`", (NodeEdit(node.func, "good"),)))


def check_meh(module):
    for node in calls_of(module, "meh"):
        yield Finding(node, "`meh()` is called")


SEEN_OPTIONS: list[dict] = []


def check_limit(module, options):
    SEEN_OPTIONS.append(dict(options))
    for node in calls_of(module, options["function"]):
        if len(node.args) > options["max-args"]:
            yield Finding(node, f"more than {options['max-args']} arguments")


DOCS = Docs(what="a test rule", why="tests", example="bad()", fix="good()")
BAD = Rule("SL901", "bad-call", Severity.ERROR, "`bad()` is called", DOCS, check_bad,
           fixable=True)
MEH = Rule("SL902", "meh-call", Severity.WARNING, "`meh()` is called", DOCS, check_meh)
LIMIT = Rule("SL903", "too-many-args", Severity.WARNING, "too many arguments", DOCS,
                   check_limit, options=(
                       Option("max-args", int, 2, "the most arguments allowed"),
                       Option("function", str, "limit", "the function checked"),
                       Option("modes", list[str], ("a",), "modes", choices=("a", "b")),
                       Option("ratio", float, 0.5, "a number"),
                       Option("strict", bool, False, "a flag"),
                   ))


def _analyze(module, source="", *args, **kwargs):
    return FakeFacts(module, source)


@pytest.fixture
def fake_rules(monkeypatch):
    registry = {code: rule for code, rule in base.REGISTRY.items() if code in ("SL001", "SL002")}
    registry.update({r.code: r for r in (BAD, MEH, LIMIT)})
    monkeypatch.setattr(base, "REGISTRY", registry)
    monkeypatch.setattr(siamlint.analysis, "analyze", _analyze)
    # these files never mention Keras: let the byte prefilter and the import gate pass them
    # to the fake rules
    monkeypatch.setattr(siamlint.runner, "MIGHT_BUILD", re.compile(b""))
    monkeypatch.setattr(siamlint.engine, "imports_a_library", lambda tree: True)
    if hasattr(siamlint.engine, "analyze"):
        monkeypatch.setattr(siamlint.engine, "analyze", _analyze)
    SEEN_OPTIONS.clear()
    return registry


def run(args, input=None):
    """The CLI in this process (so the fake rules apply): (exit code, stdout, stderr)."""
    from click.testing import CliRunner

    from siamlint.cli import cli

    try:
        runner = CliRunner(mix_stderr=False)
    except TypeError:  # click >= 8.2 keeps stderr apart by itself
        runner = CliRunner()
    result = runner.invoke(cli, ["check", "--no-color", *args], input=input,
                           catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr
