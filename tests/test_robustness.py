"""Robustness and safety (issue 8): bounded work per file, never running user code, and the
file-system and process failures a linter in pre-commit and CI meets.

Hang guards are subprocess timeouts, generous on purpose: they catch a hang, they do not
measure speed. A known engine bug gets a test marked xfail(strict=True) whose reason names
the cause (remove the mark with the fix).
"""
from __future__ import annotations

import ast
import concurrent.futures
import json
import multiprocessing
import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import textwrap
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

import siamlint
import siamlint.engine
import siamlint.runner
from conftest import BROKEN, BROKEN_AT, _clean_env

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file-system semantics")
fork_only = pytest.mark.skipif(
    multiprocessing.get_start_method(allow_none=False) != "fork",
    reason="worker processes inherit the test's monkeypatches only when forked")

# Worker processes forked from this process: the Keras differential tests (test_fuzz.py,
# test_shapes_keras.py) may have imported JAX here, which warns on every fork; the workers
# only run siamlint.
forks_workers = pytest.mark.filterwarnings("ignore:os.fork:RuntimeWarning")

# A Siamese defect that siamlint reports as SL101 on its last line: appended to a file, it
# shows whether the file was analysed to its end.
DEFECT = textwrap.dedent("""\
    import keras
    left = keras.Input(shape=(32, 32, 3))
    right = keras.Input(shape=(28, 28, 3))
    tower = keras.Sequential([keras.layers.Conv2D(8, 3), keras.layers.GlobalAveragePooling2D()])
    embedding_left = tower(left)
    embedding_right = tower(right)
    """)
DEFECT_LINES = DEFECT.count("\n")


def with_defect(body: str) -> str:
    """`body` (which may be anything) followed by DEFECT; (source, the SL101 line)."""
    source = "import keras\n" + body.rstrip("\n") + "\n" + DEFECT
    return source


def defect_line(source: str) -> int:
    return source.count("\n")


# `python -m siamlint` with its address space capped first (the cap is set by the child
# itself: a preexec_fn would fork this process, which the Keras tests fill with threads).
_CAPPED = ("import resource, sys; limit = int(sys.argv.pop(1)); "
           "resource.setrlimit(resource.RLIMIT_AS, (limit, limit)); sys.argv[0] = 'siamlint'; "
           "from siamlint.cli import main; main()")


def run_siamlint(args, cwd: Path, timeout: float, env=None, memory_mb: int | None = None,
                 command=None):
    """`python -m siamlint ARGS` in a subprocess (the hang guard is `timeout`); with
    `memory_mb`, its address space is capped so a runaway allocation fails fast."""
    if memory_mb is not None:
        command = [sys.executable, "-c", _CAPPED, str(memory_mb * 1024 * 1024)]
    done = subprocess.run([*(command or [sys.executable, "-m", "siamlint"]), *args], cwd=cwd,
                          env=_clean_env(env), capture_output=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)
    return done.returncode, done.stdout.decode("utf-8", "replace"), \
        done.stderr.decode("utf-8", "replace")


def stderr_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.strip()]


def assert_clean_failure_modes(rc: int, err: str) -> None:
    assert "Traceback" not in err, err
    assert "internal error" not in err, err
    assert rc in (0, 1, 2), (rc, err)


# ============================================================================ bounded analysis
def _nested(opening: str, closing: str, depth: int, inner: str = "1") -> str:
    return opening * depth + inner + closing * depth


ADVERSARIAL = {
    # deeply nested expressions (Python's tokenizer allows 199 open brackets)
    "adv_parens": "x = " + _nested("(", ")", 190),
    "adv_lists": "x = " + _nested("[", "]", 190),
    "adv_calls": "x = " + _nested("keras.layers.Dense(4)(", ")", 190, "inp"),
    "adv_unary": "x = " + "-" * 2900 + "1",
    "adv_attributes": "x = keras" + ".layers" * 2900,
    "adv_subscripts": "x = shape" + "[0]" * 2900,
    "adv_additions": "x = " + " + ".join(["a"] * 2900),
    "adv_additions_beyond_python": "x = " + " + ".join(["a"] * 20_000),
    "adv_or_chain": "x = " + " or ".join(["a"] * 10_000),  # libcst's parser dies at ~7,000
    "adv_and_or_mixed": "x = " + " or ".join(["a and b"] * 3_000),
    "adv_concatenated_strings": "x = {'key': " + "\n".join(f"    'part {i} '" for i in range(20_000)) + "}",
    "adv_elif_chain": "if a:\n    pass\n" + "elif a:\n    pass\n" * 2900,
    "adv_lambdas": "f = " + "lambda: " * 2900 + "1",
    "adv_ternaries": "x = " + "a if b else " * 2900 + "c",
    "adv_comparisons": "x = " + " < ".join(["a"] * 20_000),
    "adv_nested_defs": "".join("    " * i + f"def f{i}(x):\n" for i in range(98)) + "    " * 98 + "return x",
    "adv_nested_ifs": "".join("    " * i + "if x:\n" for i in range(98)) + "    " * 98 + "pass",
    "adv_nested_classes": "".join("    " * i + f"class C{i}:\n" for i in range(98)) + "    " * 98 + "pass",
    "adv_decorators": "".join("@keras.saving.register_keras_serializable()\n" for _ in range(5_000))
                      + "def f(x):\n    return x",
    # 10,000-element literals
    "adv_list_10000": "import numpy as np\ndata = np.array([" + ", ".join(map(str, range(10_000))) + "])",
    "adv_pairs_10000": "import numpy as np\npairs = np.array([" + ", ".join(f"[{i}, {i}]" for i in range(10_000)) + "], dtype='float64')\nother = pairs - np.ones((10000, 2), dtype='float32')",
    "adv_dict_10000": "config = {" + ", ".join(f"'k{i}': {i}" for i in range(10_000)) + "}",
    "adv_shape_10000": "big = keras.Input(shape=(" + "1, " * 10_000 + "))\nout = keras.layers.Dense(4)(big)",
    "adv_layers_10000": "encoder = keras.Sequential([" + ", ".join("keras.layers.Dense(4)" for _ in range(10_000)) + "])",
    # recursive and exploding factories, unbounded loops
    "adv_mutual_recursion": textwrap.dedent("""\
        def tower_a(x):
            return tower_b(keras.layers.Dense(8)(x))
        def tower_b(x):
            return tower_a(keras.layers.Dense(8)(x))
        inp = keras.Input(shape=(8,))
        out = tower_a(inp)
        other = tower_b(inp)
        """),
    "adv_self_recursion": textwrap.dedent("""\
        def stack(x, depth=1000):
            return stack(keras.layers.Dense(8)(x), depth - 1) if depth else x
        out = stack(keras.Input(shape=(8,)))
        """),
    "adv_fan_out": "\n".join(
        [f"def f{i}(x):\n    return f{i + 1}(f{i + 1}(x)) + f{i + 1}(x)" for i in range(40)]
        + ["def f40(x):\n    return keras.layers.Dense(4)(x)", "out = f0(keras.Input(shape=(4,)))"]),
    "adv_call_chain": "\n".join(
        [f"def g{i}(x):\n    return g{i + 1}(keras.layers.Dense(4)(x))" for i in range(3000)]
        + ["def g3000(x):\n    return x", "out = g0(keras.Input(shape=(4,)))"]),
    "adv_loops": textwrap.dedent("""\
        x = keras.Input(shape=(8,))
        while True:
            for i in range(10 ** 12):
                for j in range(10 ** 12):
                    x = keras.layers.Dense(8)(x)
        """),
    "adv_many_statements": "x0 = keras.Input(shape=(4,))\n" + "\n".join(
        f"x{i + 1} = keras.layers.Dense({i % 7 + 1})(x{i})" for i in range(5_000)),
}


@pytest.fixture(scope="module")
def adversarial_run(tmp_path_factory):
    """Lint every adversarial file in one run (two workers): {name: (diagnostics, stderr lines)}."""
    folder = tmp_path_factory.mktemp("adversarial")
    for name, body in ADVERSARIAL.items():
        (folder / f"{name}.py").write_text(with_defect(body), encoding="utf-8")
    total_mb = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
    rc, out, err = run_siamlint(["check", "--no-cache", "--format", "json", "-j", "2", "."],
                                folder, timeout=300 + 60 * total_mb)
    assert_clean_failure_modes(rc, err)
    diagnostics = json.loads(out)
    per_file = {}
    for name in ADVERSARIAL:
        found = [d for d in diagnostics if Path(d["filename"]).stem == name]
        lines = [line for line in stderr_lines(err) if f" {name}.py: " in line]
        per_file[name] = (found, lines)
    return rc, per_file


@pytest.mark.parametrize("name", list(ADVERSARIAL))
def test_adversarial_code_is_analysed_or_says_why(adversarial_run, name):
    """Finished (the run's hang guard), no traceback, no RecursionError escaping, no internal
    error; and either the defect after the adversarial part is found, or one line says which
    bound stopped the analysis: never silence."""
    rc, per_file = adversarial_run
    found, lines = per_file[name]
    source = with_defect(ADVERSARIAL[name])
    reported = [d for d in found if d["code"] == "SL101"
                and d["location"]["row"] == defect_line(source)]
    assert len(lines) <= 1, lines
    if lines:
        assert lines[0].startswith("warning: "), lines
        assert "not analysed" in lines[0] or "analysis incomplete" in lines[0] \
            or "analysis stopped" in lines[0], lines
    else:
        assert reported, (f"{name}: no notice and the defect after it was not reported", found)


def test_adversarial_files_that_must_be_fully_analysed(adversarial_run):
    """Big literals and deep-but-legal code are not a reason to give up."""
    _, per_file = adversarial_run
    for name in ("adv_parens", "adv_list_10000", "adv_pairs_10000",
                 "adv_dict_10000", "adv_comparisons", "adv_mutual_recursion",
                 "adv_self_recursion", "adv_loops", "adv_nested_defs", "adv_nested_ifs"):
        found, lines = per_file[name]
        assert lines == [] and "SL101" in {d["code"] for d in found}, (name, lines, found)


def test_an_or_chain_that_kills_libcst_is_a_notice(write, siamlint_process):
    """libcst's native parser overflows the C stack (SIGSEGV, the whole run dies) on an
    `or` chain of ~7,000 operands that Python parses fine: the engine refuses it first."""
    write("chain.py", with_defect("x = " + " or ".join(["a"] * 30_000)))
    write("bad.py", BROKEN)
    result = siamlint_process("check", "--no-cache", "--format", "concise", ".", timeout=120)
    assert result.exit_code == 1, result.stderr  # bad.py's SL001; not a crash (-11)
    assert result.stdout.startswith(f"bad.py:{BROKEN_AT[0]}:{BROKEN_AT[1]}: SL001")
    (line,) = stderr_lines(result.stderr)
    assert line.startswith("warning: chain.py: not analysed: an `and`/`or` chain of 30000 operands")


def test_a_5mb_generated_file_is_bounded(write, siamlint_process):
    """Checked for syntax errors, then one notice: not minutes and gigabytes in libcst."""
    lines = ["import keras", "from keras import layers"]
    size, i = 0, 0
    while size < 5_000_000:
        lines.append(f"x{i} = layers.Dense({i % 64 + 1})(keras.Input(shape=({i % 7 + 1},)))")
        size += len(lines[-1]) + 1
        i += 1
    write("generated.py", "\n".join(lines) + "\n" + DEFECT)
    write("broken_big.py", "\n".join(lines[:30_000]) + "\nx = (\n")
    write("small.py", DEFECT)
    result = siamlint_process("check", "--no-cache", "--format", "json", "-j", "1", ".",
                              timeout=600)
    assert_clean_failure_modes(result.exit_code, result.stderr)
    diagnostics = json.loads(result.stdout)
    by_file = {(Path(d["filename"]).name, d["code"]) for d in diagnostics}
    assert by_file == {("small.py", "SL101"), ("broken_big.py", "SL001")}
    (line,) = stderr_lines(result.stderr)
    assert line.startswith("warning: generated.py: not analysed: the file is too big for "
                           "siamlint's parser")


def test_pydoc_topics_is_linted_or_reported_in_one_line(project, siamlint_process):
    """The standard library's pydoc_data/topics.py (a dict of ~15k implicitly concatenated
    strings) makes every libcst traversal die with RecursionError."""
    topics = Path(sysconfig.get_paths()["stdlib"]) / "pydoc_data" / "topics.py"
    if not topics.is_file():
        pytest.skip(f"{topics} is not installed")
    shutil.copy(topics, project / "topics.py")
    (project / "bad.py").write_text(BROKEN, encoding="utf-8")
    result = siamlint_process("check", "--no-cache", "--format", "concise", "topics.py",
                              "bad.py", timeout=300)
    assert_clean_failure_modes(result.exit_code, result.stderr)
    assert result.exit_code == 1  # bad.py: the run went on after topics.py
    assert all(line.startswith("bad.py:") for line in result.stdout.splitlines()
               if ": SL" in line)
    assert len(stderr_lines(result.stderr)) <= 1, result.stderr
    for line in stderr_lines(result.stderr):
        assert line.startswith("warning: topics.py: "), line


# Constant folding: each line below is one interpreter step, so the step bound never trips,
# while the value doubles (or squares) per line; and a list that shares its items is a DAG
# of 2**60 paths. Unbounded folding hung or ran out of memory on each (found while writing
# these tests, fixed in the interpreter). Each runs under an address-space cap and a short
# hang guard.
FOLDING_BOMBS = {
    "list_doubling": "a = [0]\n" + "a = a + a\n" * 40,
    "string_doubling": "s = 'ab'\n" + "s = s + s\n" * 40,
    "int_squaring": "n = 3\n" + "n = n * n\n" * 40,
    "int_power": "n = 10 ** 63\n" + "n = n ** 63\n" * 6,
    "shared_nested_list": "import numpy as np\na = 0\n" + "a = [a, a]\n" * 60 + "b = np.array(a)\n",
}


@pytest.mark.skipif(sys.platform == "win32", reason="the address-space cap uses resource.RLIMIT_AS")
@pytest.mark.parametrize("name", list(FOLDING_BOMBS))
def test_constant_folding_is_bounded(project, name):
    (project / "bomb.py").write_text("import keras\n" + FOLDING_BOMBS[name], encoding="utf-8")
    try:
        rc, _, err = run_siamlint(["check", "--no-cache", "bomb.py"], project, timeout=6,
                                  memory_mb=2048)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{name}: siamlint hangs")
    assert_clean_failure_modes(rc, err)


# ============================================================================ never runs user code
def _evil_sources(markers: Path) -> dict[str, str]:
    """Files that would leave a marker in `markers`, open a socket, or end the interpreter
    if anything ran them; each ends with DEFECT (SL101), so a normal run reports each."""
    def m(name):  # a marker path, as a literal
        return repr(str(markers / name))

    return {
        "evil_top_level.py": f"""
            import os, socket, sys
            open({m('top_level')}, "w").write("ran")
            socket.create_connection(("127.0.0.1", 9), timeout=0.1)
            os._exit(3)
            """,
        "evil_called_function.py": f"""
            import os
            def build():
                open({m('called_function')}, "w").write("ran")
                os._exit(3)
            build()
            tower = build()
            """,
        "evil_class_body.py": f"""
            import socket
            class Tower(keras.Model):
                open({m('class_body')}, "w").write("ran")
                connection = socket.socket()
                connection.connect(("127.0.0.1", 9))
            net = Tower()
            """,
        "evil_defaults.py": f"""
            import os
            def make_tower(marker=open({m('default_argument')}, "w").write("ran"), stop=os._exit(3)):
                return keras.Sequential([keras.layers.Dense(4)])
            lam = lambda x=open({m('lambda_default')}, "w"): x
            tower = make_tower()
            """,
        "evil_decorators.py": f"""
            import sys
            def register(fn):
                open({m('decorator')}, "w").write("ran")
                sys.exit(4)
            @register
            def tower(x):
                return x
            @(lambda fn: open({m('lambda_decorator')}, "w"))
            class Net:
                pass
            """,
        "evil_main_guard.py": f"""
            import os, sys
            if __name__ == "__main__":
                open({m('main_guard')}, "w").write("ran")
                os.system("touch " + {m('os_system')})
                sys.exit(5)
            """,
        "evil_metaclass.py": f"""
            class Meta(type):
                def __new__(mcs, *args):
                    open({m('metaclass')}, "w").write("ran")
                    return super().__new__(mcs, *args)
            class Base:
                def __init_subclass__(cls):
                    open({m('init_subclass')}, "w").write("ran")
            class Net(Base, metaclass=Meta):
                pass
            class Finalised:
                def __del__(self):
                    open({m('finaliser')}, "w").write("ran")
            instance = Finalised()
            """,
        "evil_expressions.py": f"""
            import importlib, subprocess
            annotated: open({m('annotation')}, "w").write("ran") = 1
            text = f"{{open({m('fstring')}, 'w').write('ran')}}"
            values = [open({m('comprehension')}, "w") for _ in range(1)]
            shape = (n := len(open({m('walrus')}, "w").name),)
            exec("open(" + {m('exec')!r} + ", 'w')")
            eval("__import__('os')._exit(3)")
            importlib.import_module("evil_sibling")
            __import__("evil_sibling")
            subprocess.run(["touch", {m('subprocess')}])
            distance = keras.layers.Lambda(lambda t: open({m('lambda_layer')}, "w") or t[0] - t[1])
            """,
        "evil_imports.py": """
            import evil_sibling
            from evil_sibling import *
            from . import evil_sibling as again
            """,
        "evil_sibling.py": f"""
            open({m('sibling_imported')}, "w").write("ran")
            raise SystemExit(6)
            """,
        "evil_module_getattr.py": f"""
            def __getattr__(name):
                open({m('module_getattr')}, "w").write("ran")
            class Descriptor:
                def __set_name__(self, owner, name):
                    open({m('set_name')}, "w").write("ran")
            class Owner:
                field = Descriptor()
            """,
        "evil_notebook.ipynb": json.dumps({
            "nbformat": 4, "nbformat_minor": 5,
            "metadata": {"language_info": {"name": "python"}},
            "cells": [
                {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                 "source": [f"open({m('notebook')}, 'w').write('ran')\n", "import os\n",
                            "os._exit(3)\n", f"!touch {markers / 'notebook_shell'}\n",
                            f"%run {markers / 'nothing.py'}\n"]},
                {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                 "source": DEFECT},
            ]}),
    }


def _write_evil_project(folder: Path, markers: Path) -> dict[str, int]:
    """The evil files (and fillers, so that a parallel run uses worker processes); returns
    each .py file's SL101 line."""
    expected = {}
    for name, body in _evil_sources(markers).items():
        if name.endswith(".ipynb"):
            (folder / name).write_text(body, encoding="utf-8")
            continue
        source = with_defect(textwrap.dedent(body))
        (folder / name).write_text(source, encoding="utf-8")
        expected[name] = defect_line(source)
    for i in range(20):
        (folder / f"filler_{i:02d}.py").write_text(DEFECT, encoding="utf-8")
        expected[f"filler_{i:02d}.py"] = DEFECT_LINES
    return expected


def _assert_reported(diagnostics, expected: dict[str, int]) -> None:
    found = {(Path(d["filename"]).name, d["location"]["row"]) for d in diagnostics
             if d["code"] == "SL101"}
    assert {(name, line) for name, line in expected.items()} <= found
    assert any(Path(d["filename"]).name == "evil_notebook.ipynb" for d in diagnostics)


@forks_workers
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_linting_never_runs_the_code_in_process(project, tmp_path_factory, monkeypatch, cli, jobs):
    markers = tmp_path_factory.mktemp("markers")
    expected = _write_evil_project(project, markers)
    opened = []

    class NoSocket:
        def __init__(self, *args, **kwargs):
            opened.append(args)
            raise AssertionError("a socket was opened")

    class Ran(BaseException):
        pass

    def forbidden(*args, **kwargs):
        opened.append(args)
        raise Ran(args)

    # (os._exit stays real: forked workers end through it. Were it run here, this very
    # process would end, which no test could miss.)
    monkeypatch.setattr(socket, "socket", NoSocket)
    monkeypatch.setattr(socket, "create_connection", forbidden)
    monkeypatch.setattr(os, "system", forbidden)
    monkeypatch.setattr(subprocess, "Popen", forbidden)
    result = cli("check", "--no-cache", "--format", "json", "-j", jobs, ".")
    assert list(markers.iterdir()) == []
    assert opened == []
    assert result.exit_code == 1, result.stderr  # SL101 everywhere, nothing else
    assert stderr_lines(result.stderr) == []
    _assert_reported(json.loads(result.stdout), expected)


_AUDIT_HOOK = '''
import os, sys
_log = os.open(os.environ["SIAMLINT_AUDIT_LOG"], os.O_WRONLY | os.O_APPEND | os.O_CREAT)
_project = os.environ["SIAMLINT_AUDIT_PROJECT"]
_modules = set(os.environ["SIAMLINT_AUDIT_MODULES"].split(","))
_watched = ("socket.", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "subprocess.Popen",
            "ctypes.")

def _hook(event, args):
    flagged = event.startswith(_watched)
    if event == "exec" and args:
        flagged = _project in str(getattr(args[0], "co_filename", ""))
    elif event == "import" and args:
        flagged = str(args[0]).split(".")[0] in _modules
    elif event == "open" and args:
        flagged = "markers" in str(args[0])
    if flagged:
        os.write(_log, f"{event} {args!r:.300}\\n".encode("utf-8", "replace"))

sys.addaudithook(_hook)
'''


def _entry_point() -> list[str] | None:
    """The installed `siamlint` script (what pre-commit and CI run), if there is one."""
    script = Path(sys.executable).parent / ("siamlint.exe" if sys.platform == "win32" else "siamlint")
    return [str(script)] if script.exists() else None


@posix_only
def test_linting_never_runs_the_code_in_a_real_process(project, tmp_path_factory):
    """The real command (entry point, two workers) under an audit hook that logs every
    socket, process, exec of the project's code, import of its modules, and marker open."""
    markers = tmp_path_factory.mktemp("markers")
    hooks = tmp_path_factory.mktemp("hooks")
    (hooks / "sitecustomize.py").write_text(_AUDIT_HOOK, encoding="utf-8")
    log = hooks / "audit.log"
    expected = _write_evil_project(project, markers)
    modules = sorted({Path(name).stem for name in expected} | {"evil_sibling"})
    env = {"PYTHONPATH": str(hooks), "SIAMLINT_AUDIT_LOG": str(log),
           "SIAMLINT_AUDIT_PROJECT": str(project), "SIAMLINT_AUDIT_MODULES": ",".join(modules)}
    rc, out, err = run_siamlint(["check", "--no-cache", "--format", "json", "-j", "2", "."],
                                project, timeout=300, env=env, command=_entry_point())
    assert list(markers.iterdir()) == []
    assert log.exists() is False or log.read_text() == "", log.read_text()
    assert rc == 1, err
    assert stderr_lines(err) == []
    _assert_reported(json.loads(out), expected)


@posix_only
def test_python_m_siamlint_does_not_import_the_project_s_modules(project, tmp_path_factory):
    markers = tmp_path_factory.mktemp("markers")
    for module in ("rich", "pathspec", "tomllib", "libcst", "click"):
        (project / f"{module}.py").write_text(
            f"open({str(markers / module)!r}, 'w').write('ran')\n", encoding="utf-8")
    (project / "model.py").write_text(DEFECT, encoding="utf-8")
    rc, out, err = run_siamlint(["check", "--no-cache", "--format", "concise", "."], project,
                                timeout=120)
    assert list(markers.iterdir()) == []
    assert rc == 1 and "model.py:" in out, err


_FORBIDDEN_MODULES = {"pickle", "cPickle", "_pickle", "marshal", "shelve", "dill",
                      "cloudpickle", "runpy", "code", "codeop", "imp", "ctypes", "socket",
                      "subprocess", "urllib.request", "http.client", "http.server", "urllib3",
                      "requests", "ftplib", "importlib.util", "importlib.machinery", "zipimport"}
_FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__", "execfile", "breakpoint",
                    "input", "open_code"}
_FORBIDDEN_ATTRIBUTES = {"exec_module", "load_module", "spec_from_file_location",
                         "run_path", "run_module", "loads", "load", "system", "popen",
                         "literal_eval"}


# What siamlint may import by name: its own modules and its declared dependencies.
_IMPORTABLE = {"siamlint", "libcst", "rich", "click", "pathspec", "tomllib", "tomli"}


def _unsafe_uses(source: str, filename: str) -> list[str]:
    """Imports and calls in siamlint's own code that could run, import or unpickle what it
    lints. importlib.import_module is allowed only for siamlint's own modules, or inside the
    lazy-import helper, whose every use must name a declared dependency."""
    found = []
    tree = ast.parse(source, filename)
    for node in ast.walk(tree):
        where = f"{filename}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id == "LazyModule":
            arg = node.args[0] if node.args else None
            name = arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else ""
            if name.split(".")[0] not in _IMPORTABLE:
                found.append(f"{where}: LazyModule({ast.unparse(arg) if arg else ''})")
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in _FORBIDDEN_MODULES or alias.name.split(".")[0] in _FORBIDDEN_MODULES:
                    found.append(f"{where}: import {alias.name}")
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if module in _FORBIDDEN_MODULES or module.split(".")[0] in _FORBIDDEN_MODULES \
                    or (module == "importlib" and {a.name for a in node.names} - {"import_module"}):
                found.append(f"{where}: from {module} import ...")
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in _FORBIDDEN_CALLS:
                found.append(f"{where}: {func.id}()")
            elif isinstance(func, ast.Attribute):
                owner = func.value.id if isinstance(func.value, ast.Name) else ""
                if func.attr in _FORBIDDEN_ATTRIBUTES and owner in ("pickle", "marshal", "os", "ast",
                                                                    "importlib", "runpy", "json", ""):
                    if not (owner == "json" and func.attr in ("loads", "load")):
                        found.append(f"{where}: {owner}.{func.attr}()")
                if func.attr == "import_module" and filename != "lazy.py":
                    arg = node.args[0] if node.args else None
                    text = ast.unparse(arg) if arg is not None else ""
                    if not text.lstrip("f").strip("'\"").startswith("siamlint."):
                        found.append(f"{where}: importlib.import_module({text})")
    return found


def test_the_unsafe_uses_check_catches_what_it_looks_for():
    sample = textwrap.dedent("""\
        import pickle
        from importlib.util import spec_from_file_location
        import importlib
        exec(code)
        eval("1")
        compile(text, "f", "exec")
        importlib.import_module(user_module)
        importlib.import_module(f"siamlint.report.{fmt}")
        pickle.loads(data)
        ast.literal_eval(text)
        os.system("x")
        json.loads(text)
        self.exec_block(body)
        cst = LazyModule("libcst")
        user = LazyModule(module_name)
        """)
    found = _unsafe_uses(sample, "sample.py")
    assert [f.split(": ", 1)[1] for f in found] == [
        "import pickle", "from importlib.util import ...", "exec()", "eval()", "compile()",
        "importlib.import_module(user_module)", "pickle.loads()", "ast.literal_eval()",
        "os.system()", "LazyModule(module_name)"], found


def test_siamlint_source_never_evaluates_imports_or_unpickles():
    """No eval/exec/compile, no importlib of anything but siamlint's own modules, no pickle,
    marshal, runpy, subprocess or sockets anywhere in the package (ast.parse is allowed: it
    only parses)."""
    package = Path(siamlint.__file__).parent
    found = []
    for path in sorted(package.rglob("*.py")):
        found += _unsafe_uses(path.read_text(encoding="utf-8"), str(path.relative_to(package)))
    assert found == []


# ============================================================================ the file system
def _many(write, count: int = 20) -> list[str]:
    names = [f"m{i:02d}.py" for i in range(count)]
    for name in names:
        write(name, BROKEN)
    return names


def _json_run(cli, *args):
    result = cli("check", "--no-cache", "--format", "json", *args)
    return result.exit_code, json.loads(result.stdout or "[]"), stderr_lines(result.stderr)


@forks_workers
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_file_that_vanishes_between_discovery_and_linting(cli, write, monkeypatch, jobs):
    names = _many(write)
    write("vanishing.py", BROKEN)
    real = siamlint.runner.discover_targets

    def discover_then_delete(paths, resolver):
        targets, missing = real(paths, resolver)
        assert "vanishing.py" in [t.display for t in targets]
        Path("vanishing.py").unlink()
        return targets, missing

    monkeypatch.setattr(siamlint.runner, "discover_targets", discover_then_delete)
    rc, diagnostics, err = _json_run(cli, "-j", jobs, ".")
    assert rc == 2
    assert err == ["error: vanishing.py: cannot read: No such file or directory"]
    assert sorted(Path(d["filename"]).name for d in diagnostics) == names


def test_a_folder_that_vanishes_during_the_walk(cli, write, monkeypatch):
    names = _many(write, 3)
    write("gone/inner.py", BROKEN)
    real = os.scandir

    def scandir(path="."):
        if isinstance(path, (str, os.PathLike)) and Path(path).name == "gone":
            shutil.rmtree(path)
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    rc, diagnostics, err = _json_run(cli, ".")
    assert (rc, err) == (1, [])
    assert sorted(Path(d["filename"]).name for d in diagnostics) == names


@forks_workers
@posix_only
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_paths_with_spaces_and_non_ascii_names(cli, write, project, jobs):
    names = ["my project/model file.py", "données/réseau siamois.py", "модели/сиамская.py",
             "日本語/モデル.py", "emoji 🙂/pair.py"]
    for name in names:
        write(name, BROKEN)
    _many(write, 16 if jobs == "2" else 0)
    rc, diagnostics, err = _json_run(cli, "-j", jobs, ".")
    assert (rc, err) == (1, [])
    assert set(names) <= {Path(os.path.relpath(d["filename"], project)).as_posix()
                          for d in diagnostics}
    for fmt in ("full", "concise", "github", "sarif", "junit", "gitlab", "json-lines"):
        result = cli("check", "--no-cache", "--format", fmt, "données/réseau siamois.py")
        assert result.exit_code == 1, (fmt, result.stderr)
        assert any(spelling in result.stdout for spelling in
                   ("réseau", "r%C3%A9seau", "r\\u00e9seau")), (fmt, result.stdout)


@posix_only
def test_file_names_that_are_not_utf8_are_printed_not_crashed_on(write, project, siamlint_process):
    """A file name with bytes that are not UTF-8 (Linux allows it) used to crash every text
    format with UnicodeEncodeError once the output was UTF-8: it is shown with U+FFFD."""
    try:
        (project / os.fsdecode(b"bad\xff name.py")).write_bytes(BROKEN.encode())
    except (OSError, UnicodeError):
        pytest.skip("this file system rejects file names that are not UTF-8")
    write("ok.py", BROKEN)
    for fmt in ("full", "concise", "json", "github", "sarif", "junit", "gitlab"):
        result = siamlint_process("check", "--no-cache", "--format", fmt, ".")
        assert result.exit_code == 1, (fmt, result.stderr)
        assert "Traceback" not in result.stderr, (fmt, result.stderr)
        assert "bad\ufffd name.py" in result.stdout or "bad\\ufffd name.py" in result.stdout \
            or "bad%EF%BF%BD%20name.py" in result.stdout, (fmt, result.stdout)


@posix_only
@pytest.mark.skipif(sys.platform != "win32" and os.geteuid() == 0, reason="root reads any folder")
def test_a_permission_denied_folder(cli, write, project):
    names = _many(write, 3)
    write("locked/inner.py", BROKEN)
    (project / "locked").chmod(0)
    try:
        rc, diagnostics, err = _json_run(cli, ".")
    finally:
        (project / "locked").chmod(0o755)
    assert rc in (1, 2)
    assert sorted(Path(d["filename"]).name for d in diagnostics) == names
    assert all("Traceback" not in line for line in err)


def test_a_folder_that_cannot_be_listed(cli, write, monkeypatch):
    """The same as a chmod 000 folder, simulated (so it runs as root too)."""
    names = _many(write, 3)
    write("locked/inner.py", BROKEN)
    real = os.scandir

    def scandir(path="."):
        if isinstance(path, (str, os.PathLike)) and Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    rc, diagnostics, err = _json_run(cli, ".")
    assert rc in (1, 2) and all("Traceback" not in line for line in err)
    assert sorted(Path(d["filename"]).name for d in diagnostics) == names


@posix_only
def test_a_symlink_to_a_file_outside_the_tree(cli, tmp_path, monkeypatch):
    outside = tmp_path / "outside.py"
    outside.write_text(BROKEN, encoding="utf-8")
    root = tmp_path / "root"
    root.mkdir()
    (root / "inside.py").write_text(BROKEN, encoding="utf-8")
    os.symlink(outside, root / "link.py")
    os.symlink(tmp_path / "nowhere.py", root / "dangling.py")
    os.symlink("loop.py", root / "loop.py")
    monkeypatch.chdir(root)

    def run(*args):
        result = cli("check", "--no-cache", "--format", "concise", "--quiet", *args)
        reported = [line.split(":")[0] for line in result.stdout.splitlines() if ": SL" in line]
        return result.exit_code, reported, stderr_lines(result.stderr)

    # walking the folder, the link out of the tree (and the broken links) are not followed
    assert run(".") == (1, ["inside.py"], [])
    # named explicitly, it is linted, under its own name
    assert run("link.py", "inside.py") == (1, ["inside.py", "link.py"], [])
    rc, reported, err = run("dangling.py", "loop.py", "inside.py")
    assert (rc, reported) == (2, ["inside.py"])
    assert err[0] == "error: dangling.py: cannot read: No such file or directory"
    assert err[1].startswith("error: loop.py: cannot read: ") and len(err) == 2


# ============================================================================ worker processes
_CRASH_HOOK = '''
import multiprocessing, os
import siamlint.engine as _engine
_real = _engine.lint_bytes

def lint_bytes(data, display, rules):
    if b"CRASH_THIS_WORKER" in data and multiprocessing.parent_process() is not None:
        os._exit(70)  # a worker dies (as on a segfault or the OOM killer), mid-chunk
    return _real(data, display, rules)

_engine.lint_bytes = lint_bytes
'''


@posix_only
def test_a_worker_that_dies_loses_no_other_file(project, tmp_path_factory):
    """A real run with worker processes, where linting one file kills its worker: that file
    is reported, every other file keeps its results, and the run stays fast (the rest is not
    linted one process per file). The hook is a sitecustomize on PYTHONPATH: workers are
    separate processes, and siamlint has no test hook of its own."""
    hooks = tmp_path_factory.mktemp("hooks")
    (hooks / "sitecustomize.py").write_text(_CRASH_HOOK, encoding="utf-8")
    names = []
    for i in range(200):
        name = f"m{i:03d}.py"
        (project / name).write_text(BROKEN, encoding="utf-8")
        names.append(name)
    (project / "m050_crash.py").write_text("import keras\nCRASH_THIS_WORKER = 1\n", encoding="utf-8")
    (project / "m150_crash.py").write_text("import keras\nCRASH_THIS_WORKER = 2\n", encoding="utf-8")
    rc, out, err = run_siamlint(["check", "--no-cache", "--format", "json", "-j", "2", "."],
                                project, timeout=300, env={"PYTHONPATH": str(hooks)})
    assert rc == 2, err
    assert sorted(Path(d["filename"]).name for d in json.loads(out)) == names
    assert stderr_lines(err) == [
        f"error: m{n}_crash.py: internal error: the worker crashed while linting this file"
        for n in ("050", "150")]


@forks_workers
@fork_only
def test_a_worker_that_dies_while_chunks_are_still_queued(cli, write, monkeypatch):
    """ProcessPoolExecutor.submit raises BrokenProcessPool once a worker has died: that used
    to escape and end the whole run with a traceback."""
    import time

    names = _many(write, 40)
    write("crash.py", "import keras\nCRASH_THIS_WORKER = 1\n")
    real_lint_bytes = siamlint.engine.lint_bytes

    def lint_bytes(data, display, rules):
        if b"CRASH_THIS_WORKER" in data and multiprocessing.parent_process() is not None:
            os._exit(70)
        return real_lint_bytes(data, display, rules)

    class SlowToQueue(ProcessPoolExecutor):
        slept = False

        def submit(self, *args, **kwargs):
            future = super().submit(*args, **kwargs)
            if not SlowToQueue.slept:
                SlowToQueue.slept = True
                time.sleep(1.0)  # the first chunk (with crash.py) kills its worker meanwhile
            return future

    monkeypatch.setattr(siamlint.engine, "lint_bytes", lint_bytes)
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", SlowToQueue)
    monkeypatch.setattr(siamlint.runner, "CHUNK", 20)
    rc, diagnostics, err = _json_run(cli, "-j", "2", "crash.py", ".")
    assert rc == 2
    assert err == ["error: crash.py: internal error: the worker crashed while linting this file"]
    assert sorted(Path(d["filename"]).name for d in diagnostics) == names


def test_no_process_pool_on_this_system(cli, write, monkeypatch):
    """Without a working sem_open (no /dev/shm, some sandboxes), a pool cannot be made: the
    files are linted in this process instead of the run failing."""
    names = _many(write, 40)

    def no_pool(*args, **kwargs):
        raise OSError(38, "Function not implemented")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_pool)
    rc, diagnostics, err = _json_run(cli, "-j", "2", ".")
    assert (rc, err) == (1, [])
    assert sorted(Path(d["filename"]).name for d in diagnostics) == names


# ============================================================================ found by fuzzing
# Engine bugs the fuzzers (tests/test_fuzz.py) found, fixed in engine.py: one repro each.
@pytest.mark.parametrize("body", ["def f(*xs):\n    return*xs", "def f(*xs):\n    for x in*xs:\n        pass",
                                  "def g(*xs):\n    yield*xs", "def h(xs):\n    y = yield*xs"])
def test_valid_python_that_libcst_will_not_build_is_a_notice(write, cli, body):
    """libcst parses `return*xs` but raises CSTValidationError building the node (it wants
    a space after the keyword): that was an internal error (exit 2)."""
    write("odd.py", with_defect(body))
    write("bad.py", BROKEN)
    result = cli("check", "--no-cache", "--format", "concise", "odd.py", "bad.py")
    assert result.exit_code == 1, result.stderr
    (line,) = stderr_lines(result.stderr)
    assert line.startswith("warning: odd.py: not analysed: valid Python that libcst cannot parse")


@pytest.mark.parametrize("source", [
    "\\\nimport keras\n",  # the file starts with one: every position was a line early
    "import keras\n# comment\n\\\n\\\nx = 1\n",
    "import keras\ndef f():\n    pass\n\\\nx = keras.layers.Dense(3)\n",  # x moved into f
    "import keras\r\ndef f():\r\n    pass\r\n\\\r\nx = 1\r\n",
])
def test_a_line_holding_only_a_backslash(write, cli, project, source):
    """libcst drops such a line (and may move the next statement into the block above):
    positions and fixes would land on the wrong lines. The file is reported, not analysed,
    and --fix leaves it alone."""
    data = with_defect(source).encode()
    path = write("odd.py", data)
    result = cli("check", "--no-cache", "--format", "concise", "odd.py")
    assert result.exit_code == 0, result.stdout
    (line,) = stderr_lines(result.stderr)
    assert line.startswith("warning: odd.py: not analysed: libcst misreads the line holding "
                           "only a backslash")
    cli("check", "--no-cache", "--fix", "--unsafe-fixes", "odd.py")
    assert path.read_bytes() == data


def test_a_backslash_line_libcst_reads_right_is_analysed(write, cli):
    source = with_defect("x = 1\n\\\n\ny = 2")
    write("fine.py", source)
    result = cli("check", "--no-cache", "--format", "concise", "fine.py")
    assert result.exit_code == 1 and result.stderr == ""
    assert result.stdout.startswith(f"fine.py:{defect_line(source)}:")


@pytest.mark.parametrize("source", ["import keras\n\\", "import keras\nmatch match ",
                                    "import keras\nencoder.\r\nadd(x)\n",
                                    "import keras\ntry:\n    pass\n", "import keras\nx = (1,\n"])
def test_a_syntax_error_at_the_end_of_a_line_stays_inside_the_file(source):
    from siamlint.engine import lint_bytes
    from siamlint.text import split_lines

    result = lint_bytes(source.encode(), "x.py", [])
    (d,) = result.diagnostics
    lines = split_lines(source, keepends=False)
    for where in (d.start, d.end):
        assert 1 <= where.line <= len(lines)
        assert 1 <= where.column <= len(lines[where.line - 1]) + 1, (d, lines)
