"""libcst's tree of a big file, parsed one run of top-level statements at a time.

libcst's native parser holds, until it returns, working memory that grows faster than the
file (keras' 12,500-line numpy_test.py: 350 MB for a tree of 20 MB) and time that grows
faster than linearly. Parsing a big file in pieces cut where top-level statements begin, and
joining the pieces, gives the very tree of one parse (every node and field equal: tested on
the keras, tf_keras and standard-library sources) with a peak bounded by the largest piece.
"""
from __future__ import annotations

import ast
from itertools import accumulate

from siamlint.lazy import cst
from siamlint.text import split_lines

# Below this many characters a file is parsed whole; pieces are at least this long.
PIECE_CHARS = 24_000


def cut(tree: ast.Module, source: str) -> list[str] | None:
    """The pieces of `source` (whose Python tree is `tree`), or None for a file to parse whole.
    A cut falls between two top-level statements, never inside a line that holds several.
    The comment and blank lines between them are split as libcst splits them: the ones up to
    the last line indented into the block the first statement ends with stay with it (that
    block's footer), the rest open the next piece (the next statement's leading lines). A
    piece never ends in lines that no block owns: libcst drops whitespace-only lines there."""
    if len(source) < 2 * PIECE_CHARS:
        return None
    lines = split_lines(source)
    offsets = list(accumulate(map(len, lines), initial=0))  # offsets[i]: where line i+1 starts
    found: list[str] = []
    start = 0  # 0-based first line of the current piece
    end = 0  # 1-based last line of the statement before
    indent = None  # the indentation of the block that statement ends with
    for statement in tree.body:
        first = min([statement.lineno, *(d.lineno for d in getattr(statement, "decorator_list", ()))])
        if first > end and end:
            at = end  # 0-based line where the next piece would start
            if indent is not None:
                for index in range(end, first - 1):
                    if lines[index].startswith(indent):
                        at = index + 1
            if offsets[at] - offsets[start] >= PIECE_CHARS:
                found.append(source[offsets[start]:offsets[at]])
                start = at
        end = statement.end_lineno or statement.lineno
        indent = _last_block_indent(statement, lines)
    found.append(source[offsets[start]:])
    return found if len(found) > 1 else None


def _last_block_indent(statement: ast.stmt, lines: list[str]) -> str | None:
    """The indentation of the block a top-level compound statement ends with, or None when it
    ends without one (a simple statement, `if x: pass`)."""
    node = statement
    while True:
        if isinstance(node, ast.Match):  # its block is the `case` clauses
            first = node.cases[0].pattern
            break
        if isinstance(node, (ast.Try, getattr(ast, "TryStar", ast.Try))):
            body = node.finalbody or node.orelse or (node.handlers and node.handlers[-1].body)
        else:
            body = getattr(node, "orelse", None) or getattr(node, "body", None)
        if not isinstance(body, list) or not body:
            return None
        first = body[0]
        if not (isinstance(node, ast.If) and body is node.orelse and len(body) == 1
                and isinstance(first, ast.If) and first.col_offset == node.col_offset):
            break
        node = first  # `elif`: its block is the one to look at
    line = lines[first.lineno - 1]
    indent = line[:len(line) - len(line.lstrip(" \t\f"))]
    return indent or None  # on the header's own line (`if x: pass`): no block


def parse_pieces(pieces: list[str], encoding: str) -> cst.Module | None:
    """The Module of the joined pieces, or None when they cannot be joined exactly or one
    does not parse alone (then the whole file is parsed, and says why)."""
    try:
        modules = [cst.parse_module(piece) for piece in pieces]
    except (cst.ParserSyntaxError, cst.CSTValidationError):
        return None
    return _join(modules, encoding)


def _join(modules: list, encoding: str):
    """One Module from the pieces' modules, or None when their inferred layout (the
    indentation and newline that nodes store as "the default") differs."""
    newline = modules[0].default_newline
    indent = None
    for module in modules:
        if module.default_newline != newline:
            return None
        if _has_indented_block(module):
            if indent is None:
                indent = module.default_indent
            elif module.default_indent != indent:
                return None
    body = list(modules[0].body)
    carried = modules[0].footer  # the lines after a piece's last statement
    for module in modules[1:]:
        first, *rest = module.body
        leading = (*carried, *module.header, *first.leading_lines)
        body.extend([first.with_changes(leading_lines=leading), *rest])
        carried = module.footer
    return cst.Module(
        body=tuple(body),
        header=modules[0].header,
        footer=carried,
        encoding=encoding,
        default_indent=indent if indent is not None else modules[0].default_indent,
        default_newline=newline,
        has_trailing_newline=modules[-1].has_trailing_newline,
    )


def _has_indented_block(module) -> bool:
    """Whether a top-level statement has an indented block (from which libcst infers the
    default indentation); only statement headers and clauses are looked into."""
    clauses = (cst.BaseCompoundStatement, cst.Else, cst.ExceptHandler, cst.ExceptStarHandler,
               cst.Finally, cst.MatchCase)
    stack = list(module.body)
    while stack:
        node = stack.pop()
        if isinstance(node, cst.IndentedBlock):
            return True
        if isinstance(node, clauses):
            stack.extend(node.children)
    return False
