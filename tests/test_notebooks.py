"""Jupyter notebooks: cells joined, IPython syntax masked, `cell N` positions, write-back."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from fakerules import fake_rules, run  # noqa: F401  (fixture)
from siamlint import files, notebooks
from siamlint.diagnostics import Edit, Position


def cell(source, kind="code", **extra):
    base = {"cell_type": kind, "metadata": {}, "source": source}
    if kind == "code":
        base.update(execution_count=None, outputs=[])
    base.update(extra)
    return base


def notebook(*cells, language="python"):
    return {
        "cells": list(cells),
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": language,
                                    "name": "python3"},
                     "language_info": {"name": language}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def write_nb(path: Path, nb: dict) -> Path:
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


OUTPUT = {"output_type": "stream", "name": "stdout", "text": ["hello\n"]}


@pytest.fixture
def project(tmp_path, monkeypatch, fake_rules):
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def demo(project):
    return write_nb(project / "demo.ipynb", notebook(
        cell(["# Title\n"], kind="markdown"),
        cell(["%matplotlib inline\n", "import keras\n", "files = !ls\n", "x = 1"],
             outputs=[OUTPUT], execution_count=3),
        cell("%%time\nmeh()\n"),
        cell(["%%bash\n", "echo bad()\n"]),
        cell(["y = 2\n", "bad()  # noqa: SL902\n", "keras.utils?\n"], metadata={"tags": ["x"]}),
    ))


def test_cells_are_masked_and_mapped(demo):
    rc, out, err = run(["--format", "json", "demo.ipynb"])
    assert rc == 1, err
    found = [(d["code"], d["cell"], d["location"]["row"], d["location"]["column"])
             for d in json.loads(out)]
    # cell numbers count code cells (as ruff does); the %%bash cell is not Python
    assert found == [("SL902", 2, 2, 1), ("SL901", 4, 2, 1), ("SL002", 4, 2, 8)]


def test_concise_and_full_show_the_cell(demo):
    _, out, _ = run(["--format", "concise", "--ignore", "SL002", "demo.ipynb"])
    assert out.splitlines()[:2] == ["demo.ipynb:cell 2:2:1: SL902 `meh()` is called",
                                    "demo.ipynb:cell 4:2:1: SL901 `bad()` is called"]
    _, out, _ = run(["--ignore", "SL002", "demo.ipynb"])
    assert "demo.ipynb:cell 4:2:1: SL901 [*] `bad()` is called" in out
    assert "2 | bad()  # noqa: SL902" in out  # the cell's own line 2, as written


def test_fix_edits_carry_their_cell(demo):
    _, out, _ = run(["--format", "json", "--select", "SL901", "demo.ipynb"])
    (d,) = json.loads(out)
    edit = d["fix"]["edits"][0]
    assert (d["cell"], edit["location"], edit["content"]) == (4, {"row": 2, "column": 1}, "good")


def test_noqa_and_add_noqa_write_back_to_the_right_cell(demo):
    before = json.loads(demo.read_text())
    rc, _, err = run(["--add-noqa", "--select", "SL901,SL902", "demo.ipynb"])
    assert rc == 0, err
    after = json.loads(demo.read_text())
    assert after["cells"][2]["source"] == "%%time\nmeh()  # noqa: SL902\n"
    assert after["cells"][4]["source"] == ["y = 2\n", "bad()  # noqa: SL902, SL901\n",
                                           "keras.utils?\n"]
    # outputs, metadata, other cells untouched
    for i in (0, 1, 3):
        assert after["cells"][i] == before["cells"][i]
    assert after["cells"][4]["metadata"] == {"tags": ["x"]}
    assert after["metadata"] == before["metadata"]
    rc, out, _ = run(["--format", "json", "demo.ipynb"])
    # only the stale SL902 in cell 4 (it was there before) is left
    assert [(d["code"], d["cell"]) for d in json.loads(out)] == [("SL002", 4)]


def test_apply_cell_edits_keeps_everything_else(demo):
    data = demo.read_bytes()
    new = notebooks.apply_cell_edits(data, [Edit(Position(2, 1), Position(2, 4), "good", cell=4)])
    before, after = json.loads(data), json.loads(new)
    assert after["cells"][4]["source"][1] == "good()  # noqa: SL902\n"
    after["cells"][4]["source"][1] = before["cells"][4]["source"][1]
    assert after == before
    assert new.decode() == data.decode().replace('"bad()  # noqa', '"good()  # noqa')
    with pytest.raises(ValueError):
        notebooks.apply_cell_edits(data, [Edit(Position(1, 1), Position(1, 1), "x")])


def test_last_line_without_newline_stays_so(project):
    path = write_nb(project / "n.ipynb", notebook(cell("bad()")))
    new = notebooks.apply_cell_edits(path.read_bytes(),
                                     [Edit(Position(1, 6), Position(1, 6), "  # noqa", cell=1)])
    assert json.loads(new)["cells"][0]["source"] == "bad()  # noqa"


def test_syntax_error_points_into_its_cell(project):
    write_nb(project / "s.ipynb", notebook(cell("x = 1\n"), cell("y = (\n")))
    rc, out, _ = run(["--format", "json", "s.ipynb"])
    (d,) = json.loads(out)
    assert (rc, d["code"], d["cell"], d["location"]["row"]) == (1, "SL001", 2, 1)


@pytest.mark.parametrize("content, rc, message", [
    (b"{not json", 2, "not a valid notebook: invalid JSON at line 1"),
    (b'{"nbformat": 3, "worksheets": []}', 2, "nbformat 3 is not supported"),
    (b"[]", 2, "not a valid notebook: no `cells` list"),
    (b"\xff\xfe", 2, "not a valid notebook"),
])
def test_broken_notebooks_are_clear_errors(project, content, rc, message):
    (project / "b.ipynb").write_bytes(content)
    (project / "ok.py").write_text("bad()\n")
    code, out, err = run(["--format", "json", "b.ipynb", "ok.py"])
    assert code == rc and message in err and "Traceback" not in err
    assert [d["code"] for d in json.loads(out)] == ["SL901"]  # the run went on


def test_notebooks_without_code_or_not_python_are_nothing(project):
    write_nb(project / "empty.ipynb", notebook(cell("# only text", kind="markdown")))
    write_nb(project / "blank.ipynb", notebook(cell(""), cell([])))
    write_nb(project / "r.ipynb", notebook(cell("bad()\n"), language="R"))
    rc, out, err = run(["--format", "json", "empty.ipynb", "blank.ipynb", "r.ipynb"])
    assert (rc, json.loads(out)) == (0, [])
    assert "r.ipynb: not analysed: a r notebook, not Python" in err


def test_masking_keeps_lines():
    source = ("%load_ext autoreload\n!pip install x \\\n  y\nout = %timeit f()\n"
              "for i in range(3):\n    %time g(i)\nobj?\n??obj\nz = 1\n")
    masked = notebooks.mask(source)
    assert len(masked.splitlines()) == len(source.splitlines())
    compile(masked, "<cell>", "exec")
    assert masked.splitlines()[-1] == "z = 1"
    assert notebooks.mask("%%writefile x.py\nnot python (\n").startswith("#%%writefile")


@pytest.mark.skipif(".ipynb" not in getattr(files, "SOURCE_SUFFIXES", ()),
                    reason="folder discovery of notebooks needs files.SOURCE_SUFFIXES to "
                           "include .ipynb (files.py, owned by the discovery work)")
def test_folders_discover_notebooks(project):
    (project / "nb").mkdir()
    write_nb(project / "nb" / "a.ipynb", notebook(cell("bad()\n")))
    rc, out, _ = run(["--format", "json", "."])
    assert rc == 1 and [d["cell"] for d in json.loads(out)] == [1]
