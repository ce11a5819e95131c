"""A rule's documentation as Markdown: what `siamlint rule` prints and docs/rules/ holds.

Regenerate docs/rules/ after changing a rule's docs (a test fails while it is stale):

    python -m siamlint.rules.docs docs/rules
"""
from __future__ import annotations

import sys
from pathlib import Path

from siamlint.rules.base import Rule, all_rules


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


def index_markdown(rules: list[Rule]) -> str:
    lines = ["# siamlint rules", "",
             "Generated from the rules' own docs (`python -m siamlint.rules.docs docs/rules`); "
             "`siamlint rule CODE` prints the same text.", "",
             "| code | name | severity | fixable | what it detects |",
             "|---|---|---|---|---|"]
    for rule in rules:
        summary = rule.summary.replace("|", "\\|")
        lines.append(f"| [{rule.code}]({rule.code}.md) | {rule.name} | {rule.severity.value} | "
                     f"{'yes' if rule.fixable else ''} | {summary} |")
    return "\n".join(lines) + "\n"


def rendered_pages() -> dict[str, str]:
    """File name -> content of every page docs/rules/ should hold."""
    rules = all_rules()
    pages = {f"{rule.code}.md": rule_markdown(rule) for rule in rules}
    pages["index.md"] = index_markdown(rules)
    return pages


def write_docs(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in rendered_pages().items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != content:
            path.write_text(content, encoding="utf-8")
            written.append(path)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/rules")
    for path in write_docs(target):
        print(f"wrote {path}")
