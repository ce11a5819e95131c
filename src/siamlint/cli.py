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
@click.option("--select", multiple=True, help="Rules to enable: codes, prefixes (SL1), names, or ALL.")
@click.option("--ignore", multiple=True, help="Rules to disable (same forms as --select).")
@click.option("--extend-select", multiple=True, help="Rules to enable on top of --select.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="full", show_default=True,
              help="Output format.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when problems are found.")
@click.option("--quiet", "-q", is_flag=True, help="Print diagnostics only, no summary.")
@click.option("--no-color", is_flag=True, help="Never colour the output (also: NO_COLOR=1).")
@click.option("--verbose", "-v", is_flag=True, help="Show tracebacks of internal errors.")
def check(paths, select, ignore, extend_select, fmt, exit_zero, quiet, no_color, verbose):
    """Lint PATHS (files or folders; default: the current folder)."""
    from siamlint.engine import lint_file
    from siamlint.files import discover, display_path
    from siamlint.report import ReportOptions, render
    from siamlint.rules.base import UnknownSelector, all_rules, select_codes

    try:
        codes = select_codes(_split(select) or None, _split(ignore), _split(extend_select))
    except UnknownSelector as exc:
        raise click.UsageError(str(exc)) from None
    rules = [r for r in all_rules() if r.code in codes]

    found = discover(paths or [Path(".")])
    results = []
    for path in found.files:
        result = lint_file(path, display_path(path), rules)
        result.diagnostics = [d for d in result.diagnostics if d.code in codes]
        results.append(result)

    options = ReportOptions(color=_use_color(no_color), quiet=quiet, verbose=verbose)
    click.echo(render(fmt, results, options), nl=False)

    errors = [f"{display_path(p)}: no such file or directory" for p in found.missing]
    for result in results:
        for notice in result.notices:
            click.echo(f"warning: {notice.path}: {notice.message}", err=True)
        for error in result.errors:
            click.echo(f"error: {error.path}: {error.message}", err=True)
            if verbose and error.detail:
                click.echo(error.detail, err=True)
            errors.append(error)
    for path in found.missing:
        click.echo(f"error: {display_path(path)}: no such file or directory", err=True)
    if errors:
        sys.exit(EXIT_ERROR)
    if any(r.diagnostics for r in results) and not exit_zero:
        sys.exit(EXIT_FOUND)
    sys.exit(EXIT_CLEAN)


@cli.command("rules")
def rules_command():
    """List every rule: code, name, severity, fixable."""
    from rich.console import Console
    from rich.table import Table

    from siamlint.rules.base import all_rules

    table = Table(box=None, header_style="bold")
    for column in ("code", "name", "severity", "fixable", "what it detects"):
        table.add_column(column)
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


def main() -> None:
    cli(prog_name="siamlint")
