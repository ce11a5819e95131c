"""The command line, following ruff's contract: `check`, `rule`, `rules`; exit codes 0/1/2."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from siamlint import __version__
from siamlint.report import FORMATS

EXIT_CLEAN, EXIT_FOUND, EXIT_ERROR = 0, 1, 2


def _split(values: tuple[str, ...]) -> list[str]:
    """`--select SL1,SL2 --select SL3` -> [SL1, SL2, SL3]."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _use_color(no_color: bool) -> bool:
    if no_color or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="siamlint")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """siamlint: find the mistakes that break Keras Siamese networks, before anything runs."""
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--config", "config_path", type=click.Path(path_type=Path),
              help="Use this configuration file (pyproject.toml or siamlint.toml) for every file.")
@click.option("--select", multiple=True, help="Rules to enable: codes, prefixes (SL1), names, or ALL.")
@click.option("--ignore", multiple=True, help="Rules to disable (same forms as --select).")
@click.option("--extend-select", multiple=True, help="Rules to enable on top of --select.")
@click.option("--exclude", multiple=True, help="Globs of paths not to lint (replaces the configured ones).")
@click.option("--extend-exclude", multiple=True, help="Globs of paths not to lint, on top of the configured ones.")
@click.option("--respect-gitignore/--no-respect-gitignore", default=None,
              help="Skip files ignored by .gitignore when walking folders (default: yes).")
@click.option("--force-exclude/--no-force-exclude", default=None,
              help="Apply excludes to paths named on the command line too (for pre-commit).")
@click.option("--format", "--output-format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Output format (default: output-format from the configuration, else full).")
@click.option("--output-file", "-o", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the report to this file instead of standard output.")
@click.option("--statistics", is_flag=True, help="Print how many times each code fired.")
@click.option("--add-noqa", is_flag=True, help="Add `# noqa` comments for every current finding.")
@click.option("--ignore-noqa", is_flag=True, help="Report findings even where `# noqa` suppresses them.")
@click.option("--fix", is_flag=True, help="Apply safe fixes (and unsafe ones with --unsafe-fixes).")
@click.option("--unsafe-fixes", is_flag=True, help="Also apply fixes that change what the model computes.")
@click.option("--diff", is_flag=True, help="Print the diff of the fixes instead of writing them (exit 1 if any).")
@click.option("--show-fixes", is_flag=True, help="List what --fix fixed.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes for many files (default: the number of CPUs).")
@click.option("--no-cache", is_flag=True, help="Do not read or write the cache.")
@click.option("--cache-dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Where the cache lives (default: .siamlint_cache).")
@click.option("--stdin-filename", type=str, default=None,
              help="Read the source from standard input (with `-`), reported and configured as this path.")
@click.option("--show-settings", is_flag=True, help="Print the settings in force for the (first) path, then exit.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when problems are found.")
@click.option("--quiet", "-q", is_flag=True, help="Print diagnostics only, no summary.")
@click.option("--no-color", is_flag=True, help="Never colour the output (also: NO_COLOR=1).")
@click.option("--verbose", "-v", is_flag=True, help="Show tracebacks of internal errors.")
def check(paths, config_path, select, ignore, extend_select, exclude, extend_exclude,
          respect_gitignore, force_exclude, fmt, output_file, statistics, add_noqa, ignore_noqa,
          fix, unsafe_fixes, diff, show_fixes, jobs, no_cache, cache_dir,
          stdin_filename, show_settings, exit_zero, quiet, no_color, verbose):
    """Lint PATHS (files, folders, or - for standard input; default: the current folder)."""
    from siamlint.config import ConfigError, Overrides
    from siamlint.rules.base import UnknownSelector, select_codes
    from siamlint.runner import Run, RunOptions

    for option, values in (("--select", select), ("--ignore", ignore),
                           ("--extend-select", extend_select)):
        try:
            if _split(values):
                select_codes(_split(values))
        except UnknownSelector as exc:
            raise click.UsageError(f"{option}: {exc}") from None
    stdin = Path("-") in paths or (stdin_filename is not None and not paths)
    if stdin and len(paths) > 1:
        raise click.UsageError("`-` (standard input) cannot be combined with other paths")
    if stdin and (add_noqa or fix):
        raise click.UsageError("--add-noqa and --fix cannot be used with standard input")
    overrides = Overrides(
        select=tuple(_split(select)) or None,
        ignore=tuple(_split(ignore)),
        extend_select=tuple(_split(extend_select)),
        exclude=tuple(_split(exclude)) or None,
        extend_exclude=tuple(_split(extend_exclude)),
        respect_gitignore=respect_gitignore,
        force_exclude=force_exclude,
        output_format=fmt,
    )
    from siamlint.cache import DEFAULT_DIR

    options = RunOptions(config_path, overrides, ignore_noqa=ignore_noqa, add_noqa=add_noqa,
                         fix=fix and not diff, diff=diff, unsafe_fixes=unsafe_fixes,
                         cache_dir=None if no_cache else (cache_dir or DEFAULT_DIR))
    try:
        run = Run(options)
        resolver = run.resolver
        if show_settings:
            target = Path(stdin_filename) if stdin and stdin_filename else (
                paths[0] if paths else Path("."))
            click.echo(resolver.for_file(target).describe(target), nl=False)
            sys.exit(EXIT_CLEAN)
        if stdin:
            results, missing, fmt = _check_stdin(run, resolver, stdin_filename, fmt)
        else:
            results, missing = _check_paths(run, resolver, list(paths) or [Path(".")], jobs)
            fmt = fmt or resolver.default().output_format or "full"
    except ConfigError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_ERROR)

    from siamlint.files import display_path

    diffs = [r.diff for r in results if r.diff]
    if add_noqa:
        count = sum(r.noqa_added for r in results)
        click.echo(f"Added {count} noqa directive{'s' if count != 1 else ''}.", err=True)
    elif diff:
        click.echo("".join(diffs), nl=False)
        fixable = sum(len(r.fixed) for r in results)
        if not quiet:
            click.echo(f"Would fix {fixable} problem{'s' if fixable != 1 else ''}.", err=True)
    else:
        _report(results, fmt, output_file, statistics, quiet, no_color, verbose)
        if fix and not quiet:
            _report_fixes(results, show_fixes)

    errors = []
    for result in results:
        for notice in result.notices:
            click.echo(f"warning: {notice.path}: {notice.message}", err=True)
        for error in result.errors:
            click.echo(f"error: {error.path}: {error.message}", err=True)
            if verbose and error.detail:
                click.echo(error.detail, err=True)
            errors.append(error)
    for path in missing:
        click.echo(f"error: {display_path(path)}: no such file or directory", err=True)
        errors.append(path)
    if errors:
        sys.exit(EXIT_ERROR)
    if add_noqa:
        sys.exit(EXIT_CLEAN)
    if diff:
        sys.exit(EXIT_FOUND if diffs and not exit_zero else EXIT_CLEAN)
    if any(r.diagnostics for r in results) and not exit_zero:
        sys.exit(EXIT_FOUND)
    sys.exit(EXIT_CLEAN)


def _check_paths(run, resolver, paths: list[Path], jobs: int | None):
    from siamlint.runner import discover_targets, lint_all

    targets, missing = discover_targets(paths, resolver)
    return list(lint_all(run, targets, jobs or os.cpu_count() or 1)), missing


def _report_fixes(results, show_fixes: bool) -> None:
    fixed = [(r.path, d) for r in results for d in r.fixed]
    if show_fixes:
        for path, d in fixed:
            click.echo(f"fixed {path}:{d.start.line}: {d.code} {d.fix.message}", err=True)
    count = len(fixed)
    click.echo(f"Fixed {count} problem{'s' if count != 1 else ''}.", err=True)


def _check_stdin(run, resolver, stdin_filename: str | None, fmt: str | None):
    from siamlint.runner import Target

    path = Path(stdin_filename) if stdin_filename else Path("-")
    settings = resolver.for_file(path)
    fmt = fmt or settings.output_format or "full"
    data = sys.stdin.buffer.read()
    if stdin_filename and settings.force_exclude and settings.is_excluded(path):
        return [], [], fmt
    display = stdin_filename or "-"
    return [run.lint(Target(path, display, True), data)], [], fmt


def _report(results, fmt, output_file, statistics, quiet, no_color, verbose) -> None:
    from siamlint.report import ReportOptions, render

    color = _use_color(no_color) and output_file is None
    if statistics:
        from siamlint.report.statistics import render as render_statistics

        text = render_statistics(results, fmt)
    else:
        text = render(fmt, results, ReportOptions(color=color, quiet=quiet, verbose=verbose))
    if output_file is None:
        click.echo(text, nl=False)
        return
    try:
        output_file.parent.mkdir(parents=True, exist_ok=True)
        output_file.write_text(text, encoding="utf-8")
    except OSError as exc:
        click.echo(f"error: {output_file}: cannot write: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_ERROR)


@cli.command("rules")
def rules_command():
    """List every rule: code, name, severity, fixable."""
    from rich.console import Console
    from rich.table import Table

    from siamlint.rules.base import all_rules

    table = Table(box=None, header_style="bold")
    for column in ("code", "name", "severity", "fixable"):
        table.add_column(column, no_wrap=True)
    table.add_column("what it detects")
    for rule in all_rules():
        table.add_row(rule.code, rule.name, rule.severity.value,
                      "yes" if rule.fixable else "", rule.summary)
    Console(no_color=_use_color(False) is False, soft_wrap=True).print(table)


@cli.command("rule")
@click.argument("code_or_name")
def rule_command(code_or_name: str):
    """Explain one rule (by code or name): what, why, a wrong example, the fix."""
    from siamlint.rules.base import find_rule
    from siamlint.rules.docs import rule_markdown

    rule = find_rule(code_or_name)
    if rule is None:
        raise click.UsageError(f"unknown rule `{code_or_name}` (see `siamlint rules`)")
    click.echo(rule_markdown(rule))


@cli.command("graph")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--ascii", "ascii_only", is_flag=True, help="Draw the tree with ASCII characters.")
def graph_command(file: Path, ascii_only: bool):
    """Print the network siamlint inferred from FILE: a static model.summary()."""
    from siamlint.graph import render_graph

    click.echo(render_graph(file, ascii=ascii_only), nl=False)


def main() -> None:
    cli(prog_name="siamlint")
