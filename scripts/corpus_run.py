#!/usr/bin/env python3
"""Lint a large real tree file by file and report crashes, internal errors, time and memory.

    python scripts/corpus_run.py                 # the standard library, keras and tf_keras
    python scripts/corpus_run.py DIR [DIR ...]   # any folders

Every file is analysed (no prefilter), so the engine sees all of it. The bar is zero
crashes (an exception escaping the per-file pipeline) and zero internal errors.
"""
from __future__ import annotations

import argparse
import importlib.util
import resource
import sys
import sysconfig
import time
from collections import Counter
from pathlib import Path

from siamlint.engine import lint_file
from siamlint.files import discover
from siamlint.rules.base import all_rules


def default_trees() -> list[Path]:
    trees = [Path(sysconfig.get_paths()["stdlib"])]
    for name in ("keras", "tf_keras"):
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.submodule_search_locations:
            trees.append(Path(list(spec.submodule_search_locations)[0]))
    return trees


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("trees", nargs="*", type=Path)
    ap.add_argument("--show", type=int, default=10, help="how many errors to list per tree")
    args = ap.parse_args()
    rules = all_rules()
    failed = 0
    for tree in args.trees or default_trees():
        files = discover([tree], respect_gitignore=False).files
        start = time.process_time()
        crashes, internal, notices, codes, slowest = [], [], 0, Counter(), (0.0, "")
        for path in files:
            began = time.process_time()
            try:
                result = lint_file(path, str(path), rules)
            except BaseException as exc:  # noqa: BLE001 - this is what we are counting
                crashes.append(f"{path}: {type(exc).__name__}: {exc}")
                continue
            spent = time.process_time() - began
            slowest = max(slowest, (spent, str(path)))
            internal += [f"{e.path}: {e.message}" for e in result.errors
                         if e.message.startswith("internal error")]
            notices += len(result.notices)
            codes.update(d.code for d in result.diagnostics)
        seconds = time.process_time() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        print(f"{tree}: {len(files)} files, {seconds:.1f} s CPU, peak RSS {peak} MB, "
              f"crashes {len(crashes)}, internal errors {len(internal)}, notices {notices}, "
              f"slowest {slowest[0]:.2f} s ({slowest[1]})")
        print(f"  diagnostics: {dict(sorted(codes.items())) or 'none'}")
        for line in (crashes + internal)[: args.show]:
            print(f"  {line}")
        failed += len(crashes) + len(internal)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
