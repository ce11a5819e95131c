#!/usr/bin/env python3
"""siamlint's speed and memory benchmark (not run in CI: speed lives here, never in tests).

Builds two corpora from locally installed packages (or folders you give), then measures, each
in its own process and several times (medians of CPU seconds, user + system, of the child):

  floor   plain `libcst.parse_module` of every file: the cost a libcst linter cannot go below
  cold    `siamlint check --no-cache --jobs 1`
  jobsN   `siamlint check --no-cache --jobs N` (wall time: that is what parallelism buys)
  warm    a second `siamlint check` with the cache filled by a first one
  startup `siamlint check one_clean_file.py` against `python -c "import libcst"` (wall time)

  share   in one process, the analysis and rules of each file against its own libcst parse

and prints each goal as a ratio, plus the peak RSS of the cold run.

    pip install -e '.[bench]'
    python bench/bench.py                              # keras + tf_keras sources, stdlib
    python bench/bench.py --keras-dir DIR --plain-dir DIR --runs 5
"""
from __future__ import annotations

import argparse
import compileall
import importlib.util
import os
import resource
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

ANALYSIS_SHARE = """
import sys, pathlib, time, libcst
from siamlint.analysis import analyze
from siamlint.engine import run_rules
from siamlint.rules.base import all_rules
rules = all_rules()
parse = analysis = 0.0
for path in pathlib.Path(sys.argv[1]).rglob('*.py'):
    data = path.read_bytes()
    try:
        start = time.process_time()
        module = libcst.parse_module(data)
        middle = time.process_time()
        run_rules(analyze(module, data.decode('utf-8', 'replace')), rules)
        end = time.process_time()
    except Exception:
        continue
    parse += middle - start
    analysis += end - middle
print(parse, analysis)
"""

PARSE_FLOOR = """
import sys, pathlib, libcst
for path in pathlib.Path(sys.argv[1]).rglob('*.py'):
    try:
        libcst.parse_module(path.read_bytes())
    except Exception:
        pass
"""


def package_dir(name: str) -> Path | None:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


SKIP_PARTS = {"__pycache__", "site-packages", "test", "tests", "idle_test"}


def build_corpus(target: Path, sources: list[Path], skip=frozenset({"__pycache__"})) -> int:
    """Copy the .py files of each source folder into target (so every tool sees the same
    files), leaving out folders named in `skip`."""
    count = 0
    for source in sources:
        for path in source.rglob("*.py"):
            if skip & set(path.relative_to(source).parts[:-1]):
                continue
            dest = target / source.name / path.relative_to(source)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, dest)
            count += 1
    return count


PEAK_RSS = """
import resource, subprocess, sys
code = subprocess.call(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
open(sys.argv[1], "w").write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
"""


def peak_rss_mb(argv: list[str], work: Path) -> int:
    """The peak RSS of one command alone (getrusage of the benchmark itself would report the
    largest child so far, whichever it was)."""
    out = work / "rss.txt"
    subprocess.run([sys.executable, "-c", PEAK_RSS, str(out), *argv], check=True)
    return int(out.read_text()) // 1024


def run(argv: list[str], cwd: Path | None = None) -> tuple[float, float, int]:
    """(child CPU seconds, wall seconds, peak RSS in MB so far) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        sys.stderr.write(proc.stderr.decode(errors="replace")[-2000:])
        raise SystemExit(f"bench: {' '.join(argv[:4])} exited {proc.returncode}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall, after.ru_maxrss // 1024


def median_of(runs: int, argv: list[str], prepare=None, cwd=None) -> tuple[float, float, int]:
    samples = []
    for _ in range(runs):
        if prepare:
            prepare()
        samples.append(run(argv, cwd))
    return (statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples),
            max(s[2] for s in samples))


def siamlint(*args: str) -> list[str]:
    return [sys.executable, "-m", "siamlint", "check", "--exit-zero", "--quiet",
            "--format", "concise", *args]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--keras-dir", type=Path, action="append",
                    help="Keras-heavy code (default: the installed keras and tf_keras packages)")
    ap.add_argument("--plain-dir", type=Path,
                    help="code that never mentions Keras (default: the standard library)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    args = ap.parse_args()

    keras_dirs = args.keras_dir or [d for d in (package_dir("keras"), package_dir("tf_keras")) if d]
    plain_dir = args.plain_dir or Path(sysconfig.get_paths()["stdlib"])
    if not keras_dirs:
        raise SystemExit("bench: no Keras sources found; pip install -e '.[bench]' or pass --keras-dir")
    # An installed siamlint has its bytecode (pip compiles it, as it compiled libcst's); an
    # editable one under PYTHONDONTWRITEBYTECODE would compile itself on every start-up.
    compileall.compile_dir(str(package_dir("siamlint")), quiet=1)
    work = Path(tempfile.mkdtemp(prefix="siamlint-bench-"))
    try:
        heavy, plain = work / "keras", work / "plain"
        n_heavy = build_corpus(heavy, keras_dirs)
        n_plain = build_corpus(plain, [plain_dir], SKIP_PARTS)  # the library, not its tests
        print(f"corpora: keras-heavy {n_heavy} files ({', '.join(map(str, keras_dirs))}); "
              f"plain {n_plain} files ({plain_dir})")
        cache = work / "cache"
        rows = []
        floor_heavy = median_of(args.runs, [sys.executable, "-c", PARSE_FLOOR, str(heavy)])
        floor_plain = median_of(args.runs, [sys.executable, "-c", PARSE_FLOOR, str(plain)])
        cold = median_of(args.runs, siamlint("--no-cache", "--jobs", "1", str(heavy)))
        parallel = median_of(args.runs, siamlint("--no-cache", "--jobs", str(args.jobs), str(heavy)))
        plain_run = median_of(args.runs, siamlint("--no-cache", "--jobs", "1", str(plain)))
        run(siamlint("--cache-dir", str(cache), "--jobs", "1", str(heavy)))
        warm = median_of(args.runs, siamlint("--cache-dir", str(cache), "--jobs", "1", str(heavy)))
        share = subprocess.run([sys.executable, "-c", ANALYSIS_SHARE, str(heavy)],
                               capture_output=True, text=True, check=True).stdout.split()
        parse_s, analysis_s = (float(x) for x in share)
        clean = work / "clean.py"
        clean.write_text("import keras\n\nx = keras.Input(shape=(8,))\n")
        import_floor = median_of(args.runs, [sys.executable, "-c", "import libcst"])
        startup = median_of(args.runs, siamlint("--no-cache", str(clean)))

        def ratio(a, b):
            return a / b if b else float("nan")

        rows = [
            ("analysis + rules / libcst parse, per file (CPU)", ratio(analysis_s, parse_s), "<= 0.5"),
            ("keras-heavy cold, 1 job / libcst parse (CPU)", ratio(cold[0], floor_heavy[0]), "<= 1.5"),
            ("plain code / libcst parse (CPU)", ratio(plain_run[0], floor_plain[0]), "<= 0.03"),
            ("warm re-run / cold run (CPU)", ratio(warm[0], cold[0]), "<= 0.03"),
            (f"speed-up with {args.jobs} jobs (wall)", ratio(cold[1], parallel[1]), ">= 1.7"),
            ("start-up / `import libcst` (wall)", ratio(startup[1], import_floor[1]), "<= 2"),
        ]
        print(f"\nlibcst parse: keras-heavy {floor_heavy[0]:.2f} s CPU, plain {floor_plain[0]:.2f} s CPU")
        print(f"siamlint: cold {cold[0]:.2f} s CPU ({cold[1]:.2f} s wall), {args.jobs} jobs "
              f"{parallel[1]:.2f} s wall, warm {warm[0]:.2f} s CPU, plain {plain_run[0]:.2f} s CPU, "
              f"start-up {startup[1]:.3f} s vs import libcst {import_floor[1]:.3f} s")
        rss = peak_rss_mb(siamlint("--no-cache", "--jobs", "1", str(heavy)), work)
        rss_floor = peak_rss_mb([sys.executable, "-c", PARSE_FLOOR, str(heavy)], work)
        print(f"peak RSS of the cold run: {rss} MB (goal < 250 MB); of libcst parsing the same "
              f"files in one process: {rss_floor} MB\n")
        print(f"{'measure':52} {'ratio':>8}  goal")
        for name, value, goal in rows:
            print(f"{name:52} {value:8.3f}  {goal}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
