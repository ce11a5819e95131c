"""`# noqa` comments: line suppressions, file-level `# siamlint: noqa`, SL002, `--add-noqa`.

Comments are read with `tokenize` on the decoded source (a `# noqa` inside a string is not a
comment). A directive on line L applies to diagnostics that start on L, or on a line that
belongs to the same physical chunk ending on L: the lines of a multi-line string and lines
joined by a backslash (there a comment can only go on the last line, as in flake8 and ruff).

Codes in a directive may be siamlint codes or rule names; codes of other tools (`# noqa:
F401, SL101`) are left alone: they never suppress our diagnostics and are never reported.
A bare `# noqa` suppresses everything on its line and is never reported as unused (it may
be meant for another tool).
"""
from __future__ import annotations

import io
import os
import re
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

from siamlint.diagnostics import Diagnostic, Edit, Fix, Position
from siamlint.text import split_lines

NOQA = re.compile(r"#\s*noqa\b(?P<colon>\s*:\s*)?(?P<codes>[^#]*)", re.IGNORECASE)
FILE_NOQA = re.compile(r"#\s*siamlint\s*:\s*noqa\b(?:\s*:\s*(?P<codes>[^#]*))?", re.IGNORECASE)
FOREIGN_CODE = re.compile(r"^[A-Z]+[0-9]+$")
OWN_CODE = re.compile(r"^SL[0-9]+$", re.IGNORECASE)
UNSUPPRESSIBLE = frozenset({"SL001"})  # a syntax error cannot be silenced by a comment in it




@dataclass
class Directive:
    """One `# noqa` comment: where it is and what it names."""

    line: int
    start: int  # 1-based column of the directive's '#'
    end: int  # 1-based column one past its last code
    codes: tuple[str, ...] | None  # siamlint codes (names resolved); None for a bare noqa
    tokens: tuple[str, ...] = ()  # every listed token as written, in order
    resolved: tuple[str | None, ...] = ()  # each token's siamlint code, None if foreign
    used: set[str] = field(default_factory=set)


@dataclass
class NoqaIndex:
    directives: dict[int, Directive] = field(default_factory=dict)
    file_all: bool = False
    file_codes: frozenset[str] = frozenset()
    chunk_end: dict[int, int] = field(default_factory=dict)  # line -> line its comment is on
    line_ends: list[str] = field(default_factory=list)

    def target_line(self, line: int) -> int:
        return self.chunk_end.get(line, line)


def _resolve_token(token: str) -> str | None:
    """A token's siamlint code: SL101, sl101 or a rule name; None for other tools' codes."""
    from siamlint.rules.base import find_rule

    rule = find_rule(token)
    if rule is not None:
        return rule.code
    if OWN_CODE.match(token):
        return token.upper()  # an unknown siamlint code: reported as unused
    return None


def _split_codes(text: str) -> tuple[list[str], int]:
    """Leading code-like tokens of `text` and the length of text they span."""
    tokens: list[str] = []
    end = 0
    for match in re.finditer(r"[\s,]*([A-Za-z][A-Za-z0-9_-]*)", text):
        if match.start() != end:
            break
        token = match.group(1)
        if not (FOREIGN_CODE.match(token) or _resolve_token(token) is not None):
            break
        tokens.append(token)
        end = match.end()
    return tokens, end


def _directive(line: int, col: int, comment: str) -> Directive | None:
    match = NOQA.search(comment)
    if match is None:
        return None
    start = col + match.start() + 1  # 1-based
    if match.group("colon") is None:
        head = re.match(r"#\s*noqa", comment[match.start():], re.IGNORECASE)
        return Directive(line, start, start + head.end(), None)
    tokens, span = _split_codes(match.group("codes"))
    if not tokens:  # `# noqa:` followed by nothing usable: a bare noqa, as in ruff
        return Directive(line, start, col + match.end("colon") + 1, None)
    resolved = tuple(_resolve_token(t) for t in tokens)
    codes = tuple(dict.fromkeys(c for c in resolved if c is not None))
    end = col + match.start("codes") + span + 1
    return Directive(line, start, end, codes, tuple(tokens), resolved)


def _comments(source: str):
    """(line, 0-based column, text) of each comment, plus multi-line chunks."""
    comments = []
    chunks: dict[int, int] = {}
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError, ValueError):
        tokens = None
    if tokens is None:  # the file does not tokenize: read comments line by line
        for number, text in enumerate(split_lines(source), start=1):
            index = text.find("#")
            if index >= 0:
                comments.append((number, index, text[index:]))
        return comments, chunks
    previous = None
    for tok in tokens:
        if tok.type == tokenize.COMMENT:
            comments.append((tok.start[0], tok.start[1], tok.string))
        if tok.end[0] > tok.start[0] and tok.type not in (tokenize.NL, tokenize.NEWLINE):
            for line in range(tok.start[0], tok.end[0]):
                chunks[line] = tok.end[0]  # a multi-line string: its comment goes at the end
        if (previous is not None and tok.start[0] > previous.end[0]
                and previous.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT,
                                          tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING)
                and tok.type not in (tokenize.DEDENT, tokenize.ENDMARKER)):
            for line in range(previous.end[0], tok.start[0]):
                chunks[line] = tok.start[0]  # joined by a backslash
        previous = tok
    # follow chains (a backslash line ending in a multi-line string, ...) to their last line
    for line in sorted(chunks, reverse=True):
        target = chunks[line]
        while target in chunks and chunks[target] != target:
            target = chunks[target]
        chunks[line] = target
    return comments, chunks


def parse_noqa(source: str) -> NoqaIndex:
    index = NoqaIndex(line_ends=split_lines(source))
    comments, index.chunk_end = _comments(source)
    for line, col, text in comments:
        file_match = FILE_NOQA.search(text)
        if file_match is not None:
            tokens, _ = _split_codes(file_match.group("codes") or "")
            codes = {c for c in (_resolve_token(t) for t in tokens) if c}
            if codes:
                index.file_codes |= codes
            else:
                index.file_all = True
            continue
        directive = _directive(line, col, text)
        if directive is not None and line not in index.directives:
            index.directives[line] = directive
    return index


def _may_name_own_code(source: str) -> bool:
    """Whether some `# noqa: ...` in the text, in a comment or not, names a siamlint code or
    rule: every directive's codes are among these, so False means no SL002 can be found."""
    return any(_resolve_token(token) is not None
               for match in NOQA.finditer(source)
               for token in _split_codes(match.group("codes"))[0])


def _suppressed_by(d: Diagnostic, index: NoqaIndex) -> Directive | bool:
    if d.code in UNSUPPRESSIBLE:
        return False
    if index.file_all or d.code in index.file_codes:
        return True
    directive = index.directives.get(index.target_line(d.start.line))
    if directive is None:
        return False
    if directive.codes is None or d.code in directive.codes:
        return directive
    return False


def _unused_fix(directive: Directive, line_text: str) -> Fix:
    keep = [t for t, c in zip(directive.tokens, directive.resolved)
            if c is None or c in directive.used]
    start_col, end_col = directive.start, directive.end
    if keep:
        return Fix("Remove the unused codes from the `# noqa`", (Edit(
            Position(directive.line, start_col), Position(directive.line, end_col),
            "# noqa: " + ", ".join(keep)),))
    rest = line_text[end_col - 1:].rstrip("\r\n")
    content = ""
    if rest.strip():
        content = "#"  # `# noqa: SL101 why` -> `# why`: the rest stays a comment
    else:  # nothing follows: drop the whitespace before the comment too
        before = line_text[:start_col - 1]
        stripped = before.rstrip(" \t")
        if stripped:
            start_col = len(stripped) + 1
    return Fix("Remove the unused `# noqa`", (Edit(
        Position(directive.line, start_col), Position(directive.line, end_col), content),))


def apply_noqa(diagnostics: list[Diagnostic], source: str, path: str,
               active: frozenset[str], analysed: bool = True,
               ) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """(kept, suppressed); adds SL002 for codes named in a `# noqa` that suppressed nothing.

    `active` is the set of codes in force for this file: a noqa naming a code that is not
    in force is not reported (another folder's configuration may enable it), except when
    the code is no siamlint code at all. A file whose rules did not run (`analysed` false,
    or a syntax error) gets no SL002: its suppressions may well be in use.
    """
    if "noqa" not in source.lower():
        return list(diagnostics), []
    from siamlint.rules.core import UNUSED_NOQA

    report_unused = (analysed and UNUSED_NOQA.code in active
                     and not any(d.code in UNSUPPRESSIBLE for d in diagnostics))
    if not diagnostics and not (report_unused and _may_name_own_code(source)):
        return [], []  # nothing to suppress and no SL002 possible: no tokenizing
    index = parse_noqa(source)
    kept, suppressed = [], []
    for d in diagnostics:
        by = _suppressed_by(d, index)
        if by is False:
            kept.append(d)
            continue
        suppressed.append(d)
        if isinstance(by, Directive):
            by.used.add(d.code)
    if report_unused:
        from siamlint.rules.base import REGISTRY

        for directive in index.directives.values():
            if directive.codes is None:
                continue
            unused = [c for c in directive.codes if c not in directive.used
                      and (c in active or c not in REGISTRY)]
            if not unused:
                continue
            described = ", ".join(f"`{c}`" + ("" if c in REGISTRY else " (unknown code)")
                                  for c in unused)
            text = index.line_ends[directive.line - 1] if directive.line <= len(index.line_ends) else ""
            sl002 = Diagnostic(
                code=UNUSED_NOQA.code, name=UNUSED_NOQA.name, severity=UNUSED_NOQA.severity,
                message=f"Unused `noqa` directive (unused: {described})",
                path=path,
                start=Position(directive.line, directive.start),
                end=Position(directive.line, directive.end),
                help="remove the codes that no longer fire on this line, or the whole comment",
                fix=_unused_fix(directive, text),
            )
            if _suppressed_by(sl002, index) is False:
                kept.append(sl002)
            else:
                suppressed.append(sl002)
    kept.sort(key=Diagnostic.sort_key)
    return kept, suppressed


# ---------------------------------------------------------------------------------------
# --add-noqa


NOT_ADDED = frozenset({"SL001", "SL002"})


def noqa_edits(diagnostics: list[Diagnostic], source: str,
               text: str | None = None) -> list[Edit]:
    """Edits that add `# noqa: CODES` for these diagnostics (merged into existing directives).

    `source` is what was parsed; `text`, when given, is the text to edit (a notebook's cells
    before their IPython lines were masked: the same lines).
    """
    index = parse_noqa(source)
    lines = split_lines(text) if text is not None else index.line_ends
    wanted: dict[int, list[str]] = {}
    for d in diagnostics:
        if d.code in NOT_ADDED:
            continue
        line = index.target_line(d.start.line)
        if 1 <= line <= len(lines):
            wanted.setdefault(line, [])
            if d.code not in wanted[line]:
                wanted[line].append(d.code)
    edits = []
    for line, codes in sorted(wanted.items()):
        text = lines[line - 1]
        body = text.rstrip("\r\n")
        directive = index.directives.get(line)
        if directive is not None:
            if directive.codes is None:
                continue  # a bare noqa already covers everything
            merged = list(directive.tokens) + [c for c in codes if c not in (directive.codes or ())]
            edits.append(Edit(Position(line, directive.start), Position(line, directive.end),
                              "# noqa: " + ", ".join(merged)))
            continue
        if body.rstrip().endswith("\\"):
            continue  # cannot comment a continued line (target_line avoids this)
        end = len(body) + 1
        stripped = len(body.rstrip(" \t")) + 1
        edits.append(Edit(Position(line, stripped), Position(line, end),
                          "  # noqa: " + ", ".join(sorted(codes))))
    return edits
