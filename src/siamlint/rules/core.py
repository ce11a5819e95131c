"""Codes the engine itself reports: files that cannot be parsed, suppressions that do nothing."""
from siamlint.diagnostics import Severity
from siamlint.rules.base import Docs, Rule, register

SYNTAX_ERROR = register(Rule(
    code="SL001",
    name="syntax-error",
    severity=Severity.ERROR,
    summary="the file cannot be parsed",
    docs=Docs(
        what="The file is not valid Python, so nothing in it can be checked.",
        why="Python refuses to run it at all. siamlint reports the error at the position "
        "Python's own parser gives and goes on with the other files.",
        example="encoder = keras.Sequential([\n    layers.Dense(64)\n",
        fix="Fix the syntax at the reported position (here: close the bracket).",
    ),
))

UNUSED_NOQA = register(Rule(
    code="SL002",
    name="unused-noqa",
    severity=Severity.WARNING,
    summary="a `# noqa: CODE` names a code that did not fire on that line",
    docs=Docs(
        what="A `# noqa` comment suppresses a code that is not reported on its line.",
        why="Stale suppressions hide future problems on that line and mislead readers.",
        example="left = keras.Input(shape=(64, 64, 3))  # noqa: SL101",
        fix="Remove the `# noqa` comment, or the codes in it that no longer fire.",
    ),
    fixable=True,
))
