"""Positions of reported nodes are computed over the innermost statement that holds each
node, started where a plain code generation finds that statement: they must be exactly what
libcst's PositionProvider gives over the whole file, for every node and every layout (newlines, header, decorators,
statements sharing a line, continuations, multi-line strings)."""
from __future__ import annotations

import libcst
import pytest
from hypothesis import given, settings
from libcst.metadata import MetadataWrapper, PositionProvider

from siamlint.diagnostics import Position
from siamlint.positions import PositionIndex
from test_parsing import LAYOUTS, layouts


def assert_positions_of_every_node(source: str) -> None:
    module = libcst.parse_module(source)
    whole = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    index = PositionIndex(module)
    for node, code_range in whole.items():
        expected = (Position(code_range.start.line, code_range.start.column + 1),
                    Position(code_range.end.line, code_range.end.column + 1))
        assert index.span(node) == expected, (type(node).__name__, module.code_for_node(node))


@pytest.mark.parametrize("name", LAYOUTS)
def test_every_node_is_where_a_whole_file_pass_puts_it(name):
    assert_positions_of_every_node(LAYOUTS[name])


@settings(max_examples=100, deadline=None, derandomize=True)
@given(source=layouts())
def test_any_layout_gives_the_positions_of_a_whole_file_pass(source):
    assert_positions_of_every_node(source)


def test_a_reported_node_costs_only_its_own_statement():
    """Only the statement holding the node is resolved; no pass over the whole file."""
    module = libcst.parse_module("import keras\n\nx = 1\n\n\ny = keras.Input(shape=(8,))\nz = 3\n")
    call = module.body[2].body[0].value
    index = PositionIndex(module)
    assert index.span(call) == (Position(6, 5), Position(6, 28))
    assert index._whole is None
    assert module.body[1] not in index._ranges and module.body[3] not in index._ranges


def test_every_statement_and_every_nested_node_is_located_alone():
    """Each node asked first, in a fresh index: the statement found for it is the innermost
    one, wherever it is (elif, else, nested defs, decorators, a suite after a colon)."""
    source = LAYOUTS["try else finally and match"] + LAYOUTS["decorators and comments between them"] + (
        "class A:\n    def f(self):\n        if a:\n            x = (1,\n                 2)\n"
        "        elif b: y = 2\n        elif c:\n            if d:\n                pass\n"
        "            elif e:  # nested chain\n                w = 4\n"
        "        elif f == 'x':\n            pass\n        else:\n            z = 3\n")
    module = libcst.parse_module(source)
    whole = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    for node, code_range in whole.items():
        index = PositionIndex(module)
        assert index.span(node) == (Position(code_range.start.line, code_range.start.column + 1),
                                    Position(code_range.end.line, code_range.end.column + 1))
