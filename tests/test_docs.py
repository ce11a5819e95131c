"""Rule docs: complete for every rule, and docs/rules/ generated from them (not stale)."""
from __future__ import annotations

from pathlib import Path

import pytest

from siamlint.rules.base import all_rules
from siamlint.rules.docs import rendered_pages, rule_markdown

DOCS = Path(__file__).resolve().parent.parent / "docs" / "rules"


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_every_rule_is_documented(rule):
    for part in ("what", "why", "example", "fix"):
        assert len(getattr(rule.docs, part).strip()) > 10, f"{rule.code} docs.{part}"
    assert rule.summary and rule.name == rule.name.lower()


def test_docs_folder_is_generated_from_the_rules():
    stale = [name for name, content in rendered_pages().items()
             if not (DOCS / name).exists() or (DOCS / name).read_text(encoding="utf-8") != content]
    assert not stale, ("docs/rules is out of date; regenerate it with "
                       f"`python -m siamlint.rules.docs docs/rules` ({', '.join(stale)})")
    extra = {p.name for p in DOCS.glob("*.md")} - set(rendered_pages())
    assert not extra, f"pages for rules that no longer exist: {sorted(extra)}"


def test_rule_command_prints_the_same_docs(cli_runner=None):
    from click.testing import CliRunner

    from siamlint.cli import cli

    rule = all_rules()[-1]
    out = CliRunner().invoke(cli, ["rule", rule.name])
    assert out.exit_code == 0
    assert out.output.strip() == rule_markdown(rule).strip()
