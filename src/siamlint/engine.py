"""The per-file pipeline: read, parse, analyse into Facts, run the selected rules."""
from __future__ import annotations

import ast
import io
import re
import tokenize
import traceback
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from siamlint.lazy import cst

from siamlint import chunks
from siamlint.analysis.names import imports_a_library
from siamlint.diagnostics import Diagnostic, FileError, Notice, Position
from siamlint.rules.base import Finding, Rule
from siamlint.rules.core import SYNTAX_ERROR
from siamlint.text import split_lines


@dataclass
class FileResult:
    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    source: str = ""  # decoded text, for showing the offending lines
    fixed: list[Diagnostic] = field(default_factory=list)  # what --fix applied
    diff: str = ""  # what --diff would change
    noqa_added: int = 0


# Per-file bounds on what is handed to libcst, measured on libcst 1.x (Python's own parser,
# which runs first, still checks the syntax of every file; past a bound, one notice says so):
# - its native parser keeps, for each token, the brackets around it: memory and time grow
#   with the tokens times their bracket depth (about 2 GB and 15-25 s per million; 250 kB of
#   80-deep nested calls took 14 GB, a dense 5 MB generated file 4.4 GB and a minute),
#   estimated from Python's tree before libcst runs (a dense 1 MB file is about 480,000,
#   the largest file of keras 150,000);
MAX_PARSE_COST = 700_000
# - its time per expression grows faster than linearly with nesting (one 2,900-long chain
#   of subscripts takes 16 s), and the interpreter recurses per level (the standard library
#   and site-packages nest at most ~100 deep, bar three generated sympy formulas);
MAX_NESTING = 200
# - it recurses once per operand of an `and`/`or` chain (Python's parser keeps them flat)
#   and overflows the C stack, killing the whole process, from about 7,000 operands (5,000
#   inside deeply nested code).
MAX_BOOL_OPERANDS = 1_000
_OPENING = (ast.List, ast.Tuple, ast.Set, ast.Dict, ast.ListComp, ast.SetComp, ast.DictComp,
            ast.GeneratorExp)
# A line holding only a backslash continuation: libcst drops it, shifting every position
# after it by a line, or moves the next statement into the block above (`def f(): ...`,
# `\`, `x = 1` becomes part of f). Where one occurs, libcst's tree must give back the
# source exactly, or the file is not analysed (positions and fixes would land elsewhere).
_BACKSLASH_LINE = re.compile(r"(?:\A|(?<=[\r\n]))[ \t\f]*\\(?:\r\n|\r|\n)")


class UnreadableFile(Exception):
    """The bytes are not Python source (binary data, an undecodable encoding)."""


def decode(data: bytes) -> tuple[str, str]:
    """Decode source bytes as Python does (BOM, PEP 263 cookie, else UTF-8)."""
    if b"\0" in data:
        line = data.count(b"\n", 0, data.index(b"\0")) + 1
        raise UnreadableFile(f"binary file: it contains a NUL byte (line {line})")
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:
        if "invalid or missing encoding declaration" not in str(exc):
            raise UnreadableFile(f"bad coding cookie: {exc.msg}") from None
        encoding = "utf-8"  # no cookie and not UTF-8: the decode below says where
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise UnreadableFile(
            f"cannot decode line {line} as {encoding}; if the file is not UTF-8, declare its "
            "encoding with a PEP 263 coding cookie (`# -*- coding: latin-1 -*-`)"
        ) from None
    except LookupError:
        raise UnreadableFile(f"bad coding cookie: unknown encoding: {encoding}") from None


def _syntax_error(path: str, source: str, exc: SyntaxError) -> Diagnostic:
    line = exc.lineno or 1
    col = exc.offset or 1
    end_col = col + 1
    if exc.end_lineno == line and exc.end_offset and exc.end_offset > col:
        end_col = exc.end_offset  # Python gives the span of the offending token
    lines = split_lines(source, keepends=False)
    if line > len(lines):  # "unexpected EOF" points past the end: show the last line
        line = max(len(lines), 1)
        col = len(lines[-1]) + 1 if lines else 1
        end_col = col + 1
    # an error at the end of a line (a missing `:`, a trailing backslash) stays on that line:
    # no column lies beyond the line's end + 1
    past_end = len(lines[line - 1]) + 1 if lines else 1
    col = min(max(col, 1), past_end)
    end_col = min(max(end_col, col), past_end)
    message = (f"SyntaxError: {exc.msg}".splitlines() or ["SyntaxError"])[0]
    return Diagnostic(
        code=SYNTAX_ERROR.code,
        name=SYNTAX_ERROR.name,
        severity=SYNTAX_ERROR.severity,
        message=message,
        path=path,
        start=Position(line, col),
        end=Position(line, end_col),
        help="fix the syntax here; nothing else in this file can be checked until it parses",
    )


def parse(path: str, data: bytes, source: str, encoding: str,
          result: FileResult) -> cst.Module | None:
    """Python's own parser decides what is Python (libcst accepts a few invalid forms, and
    code nested or chained beyond what Python compiles can exhaust libcst); libcst then gives
    the tree siamlint analyses, of a file that imports Keras, TensorFlow or NumPy."""
    try:
        with warnings.catch_warnings():  # SyntaxWarnings would print "<unknown>:3: ..."
            warnings.simplefilter("ignore")
            tree = ast.parse(source)
    except SyntaxError as exc:
        result.diagnostics.append(_syntax_error(path, source, exc))
        return None
    except (ValueError, RecursionError, MemoryError) as exc:
        result.notices.append(Notice(
            path, f"not analysed: Python's own parser gives up on this file "
                  f"({type(exc).__name__}: {exc})".splitlines()[0]))
        return None
    if not imports_a_library(tree):
        return None  # it cannot build a Keras model: no libcst parse, nothing to report
    beyond = _beyond_bounds(tree) if _may_be_beyond_bounds(data) else None
    if beyond:
        result.notices.append(Notice(path, f"not analysed: {beyond}; only its syntax was checked"))
        return None
    pieces = chunks.cut(tree, source)
    del tree
    try:
        module = (pieces and chunks.parse_pieces(pieces, encoding)) or cst.parse_module(data)
        backslash = _backslash_line(source)
        if backslash and module.code != source:
            line = len(split_lines(source[:backslash.end()]))
            result.notices.append(Notice(
                path, f"not analysed: libcst misreads the line holding only a backslash "
                      f"(line {line}); only its syntax was checked"))
            return None
        return module
    except (cst.ParserSyntaxError, cst.CSTValidationError) as libcst_error:
        # CSTValidationError: `return*args`, `for x in*xs:` (libcst wants a space after them)
        reason = (str(libcst_error).splitlines() or [type(libcst_error).__name__])[0]
        result.notices.append(Notice(
            path, f"not analysed: valid Python that libcst cannot parse ({reason})"))
    except (RecursionError, MemoryError) as exc:
        result.notices.append(Notice(path, f"not analysed: libcst gives up ({type(exc).__name__})"))
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: BLE001 - a panic in libcst's Rust parser (pyo3)
        reason = (f"{type(exc).__name__}: {exc}".splitlines() or [""])[0]
        result.notices.append(Notice(path, f"not analysed: libcst fails on this file ({reason})"))
    return None


def _backslash_line(source: str) -> re.Match | None:
    """The first line holding only a backslash. The regex tries every offset of the file
    (30 ms per MB); the `in` tests skip it for files where no line ends in one."""
    if "\\\n" in source or "\\\r" in source:
        return _BACKSLASH_LINE.search(source)
    return None


def _may_be_beyond_bounds(data: bytes) -> bool:
    """Cheap byte tests (C speed) that every file past a bound fails: it is big, or has a very
    long line (chains), or many `and`/`or` (a chain split over lines). Ordinary files skip
    the walk of Python's tree, which costs a tenth of libcst's parse."""
    return (len(data) > 100_000 or max(map(len, data.split(b"\n"))) >= 1000
            or data.count(b" and ") + data.count(b" or ") > MAX_BOOL_OPERANDS)


def _beyond_bounds(tree: ast.AST) -> str | None:
    """Why libcst should not be given this file (see MAX_PARSE_COST and the bounds after it),
    or None. One walk of Python's tree (about a third of ast.parse's own time)."""
    cost = deepest = operands = 0
    stack = [(tree, 0, 0)]  # node, brackets around it, nesting
    pop, push = stack.pop, stack.append
    while stack:
        node, brackets, nesting = pop()
        cost += brackets + 1
        if nesting > deepest:
            deepest = nesting
        nesting += 1
        kind = type(node)
        if kind is ast.Call:  # f(args): the args are inside the brackets, f is not
            push((node.func, brackets, nesting))
            for arg in (*node.args, *node.keywords):
                push((arg, brackets + 1, nesting))
            continue
        if kind is ast.Subscript:
            push((node.value, brackets, nesting))
            push((node.slice, brackets + 1, nesting))
            continue
        if kind is ast.BoolOp and len(node.values) > operands:
            operands = len(node.values)
        if isinstance(node, _OPENING):
            brackets += 1
        for name in node._fields:
            if name == "ctx":  # Load/Store: no token of its own
                continue
            value = getattr(node, name, None)
            if type(value) is list:
                for item in value:
                    if isinstance(item, ast.AST):
                        push((item, brackets, nesting))
            elif isinstance(value, ast.AST):
                push((value, brackets, nesting))
    if operands > MAX_BOOL_OPERANDS:
        return (f"an `and`/`or` chain of {operands} operands is longer than siamlint parses "
                f"({MAX_BOOL_OPERANDS})")
    if deepest > MAX_NESTING:
        return f"code nested {deepest} levels deep is more than siamlint parses ({MAX_NESTING})"
    if cost > MAX_PARSE_COST:
        return (f"the file is too big for siamlint's parser (tokens times bracket depth: "
                f"{cost:,}, the bound is {MAX_PARSE_COST:,}, about 1.4 GB of memory)")
    return None


def findings_to_diagnostics(path: str, positions, rule_findings) -> list[Diagnostic]:
    """Positions are resolved only now, and only when something is reported (a full pass costs)."""
    out = []
    for rule, finding in rule_findings:
        start, end = positions.span(finding.node)
        out.append(Diagnostic(
            code=rule.code,
            name=rule.name,
            severity=rule.severity,
            message=finding.message,
            path=path,
            start=start,
            end=end,
            help=finding.help,
            fix=positions.fix(finding.fix),
        ))
    return out


def run_rules(facts, rules: Iterable[Rule]) -> list[tuple[Rule, Finding]]:
    found = []
    for rule in rules:
        if rule.check is not None:
            found.extend((rule, f) for f in rule.check(facts))
    return found


def lint_source(path: str, data: bytes, rules: list[Rule], result: FileResult) -> None:
    try:
        source, encoding = decode(data)
    except UnreadableFile as exc:
        result.errors.append(FileError(path, str(exc)))
        return
    result.source = source
    module = parse(path, data, source, encoding, result)
    if module is None:
        return
    from siamlint.analysis import analyze

    try:
        facts = analyze(module, source)
        for limit in facts.limits:
            result.notices.append(Notice(path, f"analysis incomplete: {limit}"))
        found = run_rules(facts, rules)
        if found:
            result.diagnostics.extend(findings_to_diagnostics(path, facts.positions, found))
    except RecursionError:
        result.notices.append(Notice(path, "analysis stopped: the code nests deeper than "
                                           "siamlint follows; nothing reported for this file"))


def lint_file(path: Path, display: str, rules: list[Rule]) -> FileResult:
    """Lint one file; every failure becomes a diagnostic or an error for this file only."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        if isinstance(exc, IsADirectoryError):
            reason = "is a directory"
        result = FileResult(display)
        result.errors.append(FileError(display, f"cannot read: {reason}"))
        return result
    return lint_bytes(data, display, rules)


def lint_bytes(data: bytes, display: str, rules: list[Rule]) -> FileResult:
    """Lint source bytes (a file's, stdin's, a notebook's joined cells) under a display name."""
    result = FileResult(display)
    try:
        lint_source(display, data, rules, result)
    except (Exception, RecursionError, MemoryError) as exc:  # noqa: BLE001 - one file, not the run
        result.errors.append(FileError(
            display, f"internal error: {type(exc).__name__}: {exc}".splitlines()[0],
            traceback.format_exc()))
    result.diagnostics.sort(key=Diagnostic.sort_key)
    return result
