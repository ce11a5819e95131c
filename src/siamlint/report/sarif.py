"""SARIF 2.1.0 (OASIS), as GitHub code scanning and other tools read it.

The whole rule catalog is in `tool.driver.rules` (help text and URI, default level); each
result points at its rule by id and index, with its level, region and, when it has one,
its fix as `fixes[].artifactChanges[].replacements[]`. Columns count Unicode code points
(`columnKind`); end columns are exclusive, as SARIF regions are.
"""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

from siamlint import __version__
from siamlint.report.json import DOCS_URL

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"
LEVELS = {"error": "error", "warning": "warning"}


def _artifact(path: str) -> dict:
    p = Path(path)
    if p.is_absolute():
        try:
            p = p.resolve().relative_to(Path.cwd().resolve())
        except (ValueError, OSError):
            return {"uri": p.resolve().as_uri()}
    return {"uri": quote(p.as_posix()), "uriBaseId": SRCROOT}


def _region(start, end) -> dict:
    region = {"startLine": start.line, "startColumn": start.column}
    if (end.line, end.column) >= (start.line, start.column):
        region.update(endLine=end.line, endColumn=end.column)
    return region


def _rule(rule) -> dict:
    from siamlint.rules.docs import rule_markdown

    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.docs.what},
        "help": {"text": f"{rule.docs.why}\n\nFix: {rule.docs.fix}",
                 "markdown": rule_markdown(rule)},
        "helpUri": DOCS_URL.format(code=rule.code),
        "defaultConfiguration": {"level": LEVELS[rule.severity.value]},
        "properties": {"fixable": rule.fixable},
    }


def _result(d, index: dict[str, int]) -> dict:
    message = d.message + (f"\nhelp: {d.help}" if d.help else "")
    if d.cell is not None:
        message = f"cell {d.cell}: {message}"
    result = {
        "ruleId": d.code,
        "level": LEVELS[d.severity.value],
        "message": {"text": message},
        "locations": [{"physicalLocation": {
            "artifactLocation": _artifact(d.path),
            "region": _region(d.start, d.end),
        }}],
    }
    if d.code in index:
        result["ruleIndex"] = index[d.code]
    if d.cell is not None:
        result["properties"] = {"cell": d.cell}
    elif d.fix is not None:  # a notebook's edits are in cell coordinates: not expressible
        result["fixes"] = [{
            "description": {"text": d.fix.message},
            "artifactChanges": [{
                "artifactLocation": _artifact(d.path),
                "replacements": [{
                    "deletedRegion": _region(e.start, e.end),
                    "insertedContent": {"text": e.content},
                } for e in d.fix.edits],
            }],
        }]
        result.setdefault("properties", {})["applicability"] = d.fix.applicability.value
    return result


def sarif_log(results) -> dict:
    from siamlint.rules.base import all_rules

    rules = all_rules()
    index = {rule.code: i for i, rule in enumerate(rules)}
    notifications = [{
        "level": "error",
        "message": {"text": error.message},
        "locations": [{"physicalLocation": {"artifactLocation": _artifact(error.path)}}],
    } for r in results for error in r.errors]
    root = Path.cwd().resolve().as_uri().rstrip("/") + "/"
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "siamlint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": "https://siamlint.readthedocs.io/",
                "rules": [_rule(rule) for rule in rules],
            }},
            "invocations": [{
                "executionSuccessful": not notifications,
                "toolExecutionNotifications": notifications,
            }],
            "originalUriBaseIds": {SRCROOT: {"uri": root}},
            "columnKind": "unicodeCodePoints",
            "results": [_result(d, index) for r in results for d in r.diagnostics],
        }],
    }


def render(results, options) -> str:
    return json.dumps(sarif_log(results), indent=2) + "\n"
