"""One `check` run: which files, and for each the pipeline (read, prefilter, cache, lint,
selection, noqa, fixes), in this process or a pool of workers that each load settings and
rules once. Results come back in the order of the files, whatever order workers finish in.
"""
from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from siamlint.config import Overrides, Resolver
from siamlint.diagnostics import FileError
from siamlint.engine import FileResult
from siamlint.text import split_lines

NOTEBOOK_SUFFIX = ".ipynb"
# A file that names none of these cannot build a Keras model (nor the NumPy embeddings of
# one): found by walking a folder, it is skipped before parsing.
MIGHT_BUILD = re.compile(rb"keras|tensorflow|numpy")
PARALLEL_MIN_FILES = 16
CHUNK = 8


@dataclass(frozen=True)
class RunOptions:
    config: Path | None = None
    overrides: Overrides = Overrides()
    ignore_noqa: bool = False
    add_noqa: bool = False
    fix: bool = False
    diff: bool = False
    unsafe_fixes: bool = False
    cache_dir: Path | None = None


@dataclass(frozen=True)
class Target:
    path: Path
    display: str
    explicit: bool  # named on the command line: always linted, never prefiltered


class Run:
    def __init__(self, options: RunOptions) -> None:
        self.options = options
        self.resolver = Resolver(options.config, options.overrides)
        self.cache = None
        if options.cache_dir is not None:
            from siamlint.cache import Cache

            self.cache = Cache(options.cache_dir)

    @property
    def rewrites(self) -> bool:
        return self.options.fix or self.options.diff or self.options.add_noqa

    def lint(self, target: Target, data: bytes | None = None) -> FileResult:
        path, display = target.path, target.display
        result = FileResult(display)
        if data is None:
            try:
                data = path.read_bytes()
            except OSError as exc:
                reason = "is a directory" if isinstance(exc, IsADirectoryError) else (
                    exc.strerror or type(exc).__name__)
                result.errors.append(FileError(display, f"cannot read: {reason}"))
                return result
        notebook = path.suffix.lower() == NOTEBOOK_SUFFIX
        if not target.explicit and not notebook and not MIGHT_BUILD.search(data):
            return result
        settings = self.resolver.for_file(path)
        rules = settings.rules_for(path)
        codes = settings.codes_for(path)
        key = None
        if self.cache is not None and not self.rewrites and not notebook:
            fingerprint = repr((sorted(codes), self.options.ignore_noqa, settings.rule_options))
            key = self.cache.key(data, fingerprint)
            cached = self.cache.get(key, display)
            if cached is not None:
                return cached

        def keep(lint_result):
            lint_result.diagnostics = [d for d in lint_result.diagnostics if d.code in codes]
            if not self.options.ignore_noqa and lint_result.source and (
                    lint_result.diagnostics or "noqa" in lint_result.source):
                from siamlint.suppression import apply_noqa

                analysed = not (lint_result.errors or lint_result.notices)
                lint_result.diagnostics, _ = apply_noqa(
                    lint_result.diagnostics, lint_result.source, display, codes, analysed)

        if notebook and (self.options.fix or self.options.diff):
            return self._fix_notebook(target, data, rules, keep)
        if notebook:
            from siamlint import notebooks

            result = notebooks.NotebookResult(display)
            state = notebooks.lint(display, data, rules, result)
            keep(result)
            if self.options.add_noqa and result.diagnostics and not result.errors:
                self._add_noqa(path, data, result, state)
            notebooks.finish(result, state)
            return result
        if self.options.fix or self.options.diff:
            return self._fix(target, data, rules, keep)
        from siamlint.engine import lint_bytes

        result = lint_bytes(data, display, rules)
        keep(result)
        if self.options.add_noqa and result.diagnostics and not result.errors:
            self._add_noqa(path, data, result, None)
        if key is not None:
            self.cache.put(key, result)
        return result

    def _fix(self, target: Target, data: bytes, rules, keep) -> FileResult:
        from siamlint.fixes.run import fix_source
        from siamlint.fixes.write import encode

        fixed = fix_source(target.display, data, rules, self.options.unsafe_fixes, keep)
        return self._finish_fix(target, data, fixed, fixed.before, fixed.after,
                                lambda: encode(fixed.after, fixed.encoding, fixed.bom))

    def _fix_notebook(self, target: Target, data: bytes, rules, keep) -> FileResult:
        """Fixes for a notebook: each edit goes to its cell; the JSON is otherwise kept."""
        from siamlint.fixes.notebook import fix_notebook

        fixed = fix_notebook(target.display, data, rules, self.options.unsafe_fixes, keep)
        return self._finish_fix(target, data, fixed, fixed.before_source, fixed.after_source,
                                lambda: fixed.after)

    def _finish_fix(self, target: Target, data: bytes, fixed, before: str, after: str,
                    new_bytes) -> FileResult:
        """--diff: the unified diff; --fix: the file written (or, failing that, left as it was)."""
        from siamlint.fixes.write import WriteError, digest, write_atomic

        result = fixed.result
        result.fixed = fixed.applied
        if not fixed.changed:
            return result
        if self.options.diff:
            result.diff = "".join(difflib.unified_diff(
                split_lines(before), split_lines(after),
                f"a/{target.display}", f"b/{target.display}"))
            return result
        try:
            write_atomic(target.path, new_bytes(), digest(data))
        except WriteError as exc:
            result = fixed.original or result  # nothing written: what the file still has
            result.errors.append(FileError(target.display, str(exc)))
            result.fixed = []
        return result

    def _add_noqa(self, path: Path, data: bytes, result: FileResult, state) -> None:
        from siamlint.engine import UnreadableFile, decode
        from siamlint.fixes.apply import apply_edits
        from siamlint.fixes.write import WriteError, digest, write_atomic
        from siamlint.suppression import noqa_edits

        try:
            if state is not None:
                from siamlint import notebooks

                edits = noqa_edits(result.diagnostics, result.source, state.notebook.original)
                new = notebooks.apply_cell_edits(
                    data, notebooks.edits_to_cells(edits, state.notebook)) if edits else data
            else:
                text, encoding = decode(data)
                edits = noqa_edits(result.diagnostics, result.source)
                new = apply_edits(text, edits).encode(encoding) if edits else data
            if new != data:
                write_atomic(path, new, digest(data))
                result.noqa_added = len(edits)
        except (WriteError, UnreadableFile, ValueError) as exc:
            result.errors.append(FileError(result.path, f"cannot add noqa: {exc}"))


def shown(path: Path) -> str:
    """A path as it can be printed: as display_path() gives it, and the bytes of a file name
    that are not UTF-8 (which Python keeps as lone surrogates, and no UTF-8 output stream
    accepts) shown as U+FFFD."""
    from siamlint.files import display_path

    try:
        display = display_path(path)
    except RuntimeError:  # Path.resolve() on a symlink loop (Python < 3.13)
        display = path.as_posix()
    try:
        return display.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:
        return display.encode("utf-8", "replace").decode("utf-8")


def discover_targets(paths: list[Path], resolver: Resolver):
    """Files to lint: folders walked (excludes apply), named files kept (unless
    force-exclude says otherwise), missing paths reported."""
    from siamlint.files import discover

    files: dict[str, Target] = {}
    missing: list[Path] = []
    for path in paths:
        settings = resolver.for_file(path)
        if path.is_dir():
            found = discover([path], respect_gitignore=settings.respect_gitignore)
            for file in found.files:
                if not resolver.for_file(file).is_excluded(file):
                    files.setdefault(file.as_posix(), Target(file, shown(file), False))
        elif path.exists() or path.is_symlink():
            if settings.force_exclude and settings.is_excluded(path):
                continue
            files[path.as_posix()] = Target(path, shown(path), True)
        else:
            missing.append(path)
    return [files[key] for key in sorted(files)], missing


# ----------------------------------------------------------------------------- workers
_worker_run: Run | None = None


def _init_worker(options: RunOptions) -> None:
    global _worker_run
    _worker_run = Run(options)


def _lint_chunk(targets: list[Target]) -> list[FileResult]:
    return [_worker_run.lint(target) for target in targets]


def _isolated(options: RunOptions, target: Target) -> FileResult:
    """Lint one file in a fresh worker, so a crash is that file's alone."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    try:
        with ProcessPoolExecutor(1, initializer=_init_worker, initargs=(options,)) as pool:
            return pool.submit(_lint_chunk, [target]).result()[0]
    except BrokenProcessPool:
        result = FileResult(target.display)
        result.errors.append(FileError(target.display, "internal error: the worker crashed "
                                                       "while linting this file"))
        return result


def _run_chunks(options: RunOptions, chunks: list[list[Target]], jobs: int) -> list | None:
    """One pool over the chunks: each chunk's results, or None where the pool broke first
    (a worker that dies breaks the pool, and every chunk not yet finished fails with it).
    None when this system cannot make a process pool at all.

    The pool is imported here: multiprocessing costs a tenth of the start-up of a run on a
    few named files (pre-commit), which never needs it."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    out: list = [None] * len(chunks)
    try:
        pool = ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(options,))
    except (OSError, ImportError, NotImplementedError):  # no working sem_open (/dev/shm)
        return None
    with pool:
        futures = []
        for chunk in chunks:
            try:
                futures.append(pool.submit(_lint_chunk, chunk))
            except BrokenProcessPool:  # a worker died while the rest were still being queued
                break
            except OSError:  # no worker could be started (fork: resource temporarily unavailable)
                return None
        for i, future in enumerate(futures):
            try:
                out[i] = future.result()
            except BrokenProcessPool:
                pass
    return out


def lint_all(run: Run, targets: list[Target], jobs: int) -> Iterator[FileResult]:
    """Every target's result, in order; in a process pool when there are many.

    When a worker dies, the first unfinished chunk (which holds, or ran beside, the file that
    killed it) is linted one file per fresh process, and the chunks after it go to a new pool:
    a crash costs its own file only, and the rest of the run stays parallel."""
    jobs = max(1, min(jobs, os.cpu_count() or 1))
    if jobs == 1 or len(targets) < PARALLEL_MIN_FILES:
        for target in targets:
            yield run.lint(target)
        return
    queue = [[targets[i:i + CHUNK], None] for i in range(0, len(targets), CHUNK)]
    while queue:
        missing = [item for item in queue if item[1] is None]
        done = _run_chunks(run.options, [m[0] for m in missing], jobs)
        for item, results in zip(missing, done or ()):
            item[1] = results
        if done is None:  # no process pools here: the rest is linted in this process
            for chunk, results in queue:
                yield from results if results is not None else map(run.lint, chunk)
            return
        while queue and queue[0][1] is not None:
            yield from queue.pop(0)[1]
        if queue:
            for target in queue.pop(0)[0]:
                yield _isolated(run.options, target)
