"""A rule's documentation as Markdown: what `siamlint rule` prints and docs/rules/ holds."""
from __future__ import annotations

from siamlint.rules.base import Rule


def rule_markdown(rule: Rule) -> str:
    fixable = "yes" if rule.fixable else "no"
    return "\n".join([
        f"# {rule.code} {rule.name}",
        "",
        f"Severity: {rule.severity.value}. Fixable: {fixable}.",
        "",
        "## What it detects",
        rule.docs.what,
        "",
        "## Why it matters",
        rule.docs.why,
        "",
        "## Example",
        "```python",
        rule.docs.example.rstrip(),
        "```",
        "",
        "## The fix",
        rule.docs.fix,
        "",
    ])
