"""What reaches libcst, and how: a file that imports no Keras, TensorFlow or NumPy is not
given to it at all, and a big file is parsed in pieces that must give the very tree of one
parse (every node and field equal, the same code back), so positions, noqa and fixes cannot
tell the difference. PIECE_CHARS is set to 1 in most tests so that every statement is a cut."""
from __future__ import annotations

import ast
from pathlib import Path

import libcst
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from siamlint import chunks, engine
from siamlint.engine import decode, lint_bytes
from siamlint.rules.base import all_rules
from siamlint.runner import Run, RunOptions, Target


@pytest.fixture
def every_statement(monkeypatch):
    monkeypatch.setattr(chunks, "PIECE_CHARS", 1)


def pieced(data: bytes):
    source, encoding = decode(data)
    pieces = chunks.cut(ast.parse(source), source)
    return pieces, (chunks.parse_pieces(pieces, encoding) if pieces else None)


def assert_same_tree(data: bytes):
    pieces, module = pieced(data)
    assert pieces and len(pieces) > 1, "the file was not cut"
    whole = libcst.parse_module(data)
    assert module is not None, "the pieces were not joined"
    assert module.deep_equals(whole)  # every node and field, header and footer too
    assert (module.default_indent, module.default_newline, module.has_trailing_newline,
            module.encoding) == (whole.default_indent, whole.default_newline,
                                 whole.has_trailing_newline, whole.encoding)
    assert module.bytes == whole.bytes  # == data, but where libcst itself drops a line


LAYOUTS = {
    "comments owned by the block above": (
        "import keras\n\ndef f():\n    x = 1\n    # still f's\n\n    # f's too\n"
        "# the next statement's\ny = 2\n"),
    "indented comment after a blank line": "if a:\n    b = 1\n\n    # c\nd = 2\n",
    "deeper comment after nested blocks": (
        "class A:\n    def f(self):\n        if x:\n            pass\n"
        "            # innermost\n        # f's\n    # A's\n  # under-indented\nz = 0\n"),
    "whitespace-only lines": "def f():\n    pass\n    \n  \n\t\nx = 1\n",
    "decorators and comments between them": (
        "x = 1\n# about f\n@dec\n# between\n@other(1,\n       2)\ndef f():\n    pass\n"
        "@dec\nclass C: pass\n"),
    "several statements on a line": "a = 1; b = 2\nc = (3,\n4); d = 5\nif e: f = 6\ng = 7\n",
    "header comments and docstring": (
        "#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n\n\"\"\"Doc.\"\"\"\n\nimport os\n"),
    "footer comments": "x = 1\ny = 2\n\n# the end\n\n",
    "no trailing newline": "x = 1\ny = 2",
    "backslash continuation": "x = 1 + \\\n    2\ny = 3\n",
    "multi-line strings": "s = '''\ndef not_code():\n'''\nt = 1\n",
    "crlf": "import keras\r\n\r\ndef f():\r\n    return 1\r\n# c\r\nx = f()\r\n",
    "lone cr": "x = 1\ry = 2\rdef f():\r    pass\r",
    "tabs": "def f():\n\treturn 1\n\ndef g():\n\tif x:\n\t\treturn 2\n",
    "two-space indent": "def f():\n  return 1\nclass A:\n  def g(self):\n    pass\n",
    "form feed": "x = 1\n\x0c\ndef f():\n    pass\n\x0cy = 2\n",
    "try else finally and match": (
        "try:\n    a\nexcept E:\n    b\nelse:\n    c\nfinally:\n    d\n    # d's\n"
        "match x:\n    case 1:\n        pass\n    # case's\ny = 1\n"),
    "async and with": "async def f():\n    async with a as b:\n        pass\nwith c:\n    pass\n",
    "first block has a one-line body": "if x: pass\nelse:\n   y = 1\ndef f():\n   pass\n",
}


@pytest.mark.parametrize("name", LAYOUTS)
def test_pieces_join_into_the_tree_of_one_parse(every_statement, name):
    assert_same_tree(LAYOUTS[name].encode())


@pytest.mark.parametrize("data", [
    "\ufeffimport keras\nx = 1\ny = 2\n".encode("utf-8"),  # BOM (utf-8-sig)
    "# -*- coding: latin-1 -*-\nname = 'caf\xe9'\nx = 1\n".encode("latin-1"),
], ids=["bom", "latin-1"])
def test_encodings_are_kept(every_statement, data):
    assert_same_tree(data)


@pytest.mark.parametrize("source", [
    "x = 1\r\ny = 2\n",  # the second piece would infer another default newline
    "def f():\n  pass\ndef g():\n    pass\n",  # and here another default indentation
], ids=["mixed newlines", "mixed indentation"])
def test_pieces_that_would_infer_another_layout_are_not_joined(every_statement, source):
    pieces, module = pieced(source.encode())
    assert pieces and module is None  # the caller parses the whole file instead


def test_small_files_and_single_statements_are_parsed_whole():
    assert chunks.cut(ast.parse("x = 1\n"), "x = 1\n") is None
    one = "def f():\n" + "    x = 1\n" * 10_000
    assert chunks.cut(ast.parse(one), one) is None


def test_pieces_are_at_least_piece_chars_long():
    body = "".join(f"def f{i}():\n    return {i}\n\n" for i in range(6000))
    pieces = chunks.cut(ast.parse(body), body)
    assert pieces and "".join(pieces) == body
    assert all(len(piece) >= chunks.PIECE_CHARS for piece in pieces[:-1])


_LINES = st.sampled_from([
    "x = 1", "import keras", "a = (1,\n     2)", "a = 1; b = 2", "if x: pass",
    "def f():\n    return 1", "class A:\n    def g(self):\n        pass",
    "if a:\n    pass\nelif b:\n    pass", "if a:\n    pass\nelse:\n    if b:\n        pass",
    "try:\n    pass\nexcept E:\n    pass", "while x:\n\tpass", "def t():\n  pass",
    "@dec\ndef h():\n    pass", "for i in x:\n    pass\nelse:\n    pass",
    "s = '''\nx\n'''", "y = 1 + \\\n    2",
])
_GAPS = st.lists(st.sampled_from(["", "  ", "    ", "        ", "\t", "# c", "  # c", "    # c",
                                  "        # c", "\t# c"]), max_size=4)


@st.composite
def layouts(draw):
    parts = []
    for _ in range(draw(st.integers(2, 8))):
        parts.extend(draw(_GAPS))
        parts.append(draw(_LINES))
    parts.extend(draw(_GAPS))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    text = newline.join("\n".join(parts).split("\n"))
    return text + (newline if draw(st.booleans()) else "")


@settings(max_examples=150, deadline=None, derandomize=True)
@given(source=layouts())
def test_any_layout_joins_into_the_tree_of_one_parse(source):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(chunks, "PIECE_CHARS", 1)
        data = source.encode()
        pieces, module = pieced(data)
        if pieces and module is not None:
            whole = libcst.parse_module(data)
            assert module.deep_equals(whole)
            assert module.bytes == whole.bytes


SIAMESE = """\
import keras
from keras import layers

tower = keras.Sequential([keras.Input(shape=(64, 64, 3)), layers.Flatten(), layers.Dense(8)])
anchor = keras.Input(shape=(64, 64, 3))
candidate = keras.Input(shape=(32, 32, 3))
a = tower(anchor)
b = tower(candidate)  # noqa: SL203
merged = layers.Concatenate()([a, b])
"""


def test_a_pieced_file_reports_what_a_whole_parse_does(monkeypatch):
    filler = "".join(f"def helper_{i}(x):\n    return x + {i}\n\n\n" for i in range(1500))
    data = (filler + SIAMESE + filler).encode()
    rules = all_rules()
    pieced_result = lint_bytes(data, "big.py", rules)
    monkeypatch.setattr(chunks, "PIECE_CHARS", 10 ** 9)
    whole_result = lint_bytes(data, "big.py", rules)
    assert pieced_result.diagnostics and not pieced_result.errors
    assert pieced_result.diagnostics == whole_result.diagnostics


def test_a_file_that_imports_no_library_never_reaches_libcst(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("libcst was called")

    monkeypatch.setattr(engine.cst, "parse_module", refuse)
    run = Run(RunOptions())
    result = run.lint(Target(Path("plain.py"), "plain.py", explicit=True),
                      b"import os\nx = os.sep  # noqa: SL101\n")
    assert not result.errors and not result.notices
    # analysed as a file with nothing in it: its stale noqa is still SL002
    assert [d.code for d in result.diagnostics] == ["SL002"]
    broken = run.lint(Target(Path("broken.py"), "broken.py", explicit=True), b"x = (\n")
    assert [d.code for d in broken.diagnostics] == ["SL001"]
