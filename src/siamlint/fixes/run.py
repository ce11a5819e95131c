"""Fix one file's source: lint, apply the wanted fixes, re-lint, until nothing more applies."""
from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from siamlint.diagnostics import Diagnostic
from siamlint.engine import FileResult, UnreadableFile, decode, lint_source
from siamlint.fixes.apply import apply_fixes, wanted

MAX_ROUNDS = 10  # a fix that keeps re-appearing must not loop forever


@dataclass
class FixedFile:
    before: str
    after: str
    encoding: str
    bom: bool
    result: FileResult  # the diagnostics that remain after fixing
    applied: list[Diagnostic] = field(default_factory=list)
    not_applied: list[Diagnostic] = field(default_factory=list)  # overlapped, or broke parsing
    original: FileResult | None = None  # the diagnostics before fixing (when nothing is written)

    @property
    def changed(self) -> bool:
        return self.after != self.before


def lint_text(display: str, text: str, encoding: str, rules) -> FileResult:
    result = FileResult(display)
    lint_source(display, text.encode(encoding), rules, result)
    return result


def fix_source(display: str, data: bytes, rules, unsafe: bool = False, keep=None) -> FixedFile:
    """`keep(result)` sets `result.diagnostics` to what counts (selection, noqa); only those
    are fixed, and only those remain in the returned result."""
    keep = keep or (lambda result: None)
    try:
        text, encoding = decode(data)
    except UnreadableFile:
        result = FileResult(display)
        lint_source(display, data, rules, result)
        keep(result)
        return FixedFile("", "", "utf-8", False, result)
    bom = data.startswith(b"\xef\xbb\xbf")
    codec = "utf-8" if encoding == "utf-8-sig" else encoding
    result = lint_text(display, text, codec, rules)
    keep(result)
    fixed = FixedFile(text, text, codec, bom, result, original=result)
    for _ in range(MAX_ROUNDS):
        candidates = [d for d in result.diagnostics if wanted(d, unsafe)]
        if not candidates or result.errors:
            break
        outcome = apply_fixes(fixed.after, candidates, unsafe)
        if outcome.text == fixed.after:
            break
        try:
            cst.parse_module(outcome.text.encode(codec))
        except (cst.ParserSyntaxError, UnicodeEncodeError):
            fixed.not_applied.extend(outcome.applied)
            break
        fixed.after = outcome.text
        fixed.applied.extend(outcome.applied)
        result = lint_text(display, fixed.after, codec, rules)
        keep(result)
    fixed.result = result
    return fixed
