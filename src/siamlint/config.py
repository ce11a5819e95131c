"""Settings: `[tool.siamlint]` in pyproject.toml (or a siamlint.toml) plus the command line.

The nearest configuration file walking up from a linted file's folder wins (a siamlint.toml
before a pyproject.toml in the same folder; a pyproject.toml without `[tool.siamlint]` is
not a configuration). `--config PATH` replaces that search. Command-line flags override the
file. Each folder is resolved once and each file read once per run.

Keys (kebab-case, as in ruff):

    select, ignore, extend-select   rule selectors: codes, prefixes (SL1), names, ALL
    per-file-ignores                {glob: [selectors]}; globs as in .gitignore, relative
                                    to the configuration file's folder
    exclude, extend-exclude         globs of files/folders not to lint (same form)
    respect-gitignore               bool (default true)
    force-exclude                   bool: excludes apply to paths named explicitly too
    output-format                   one of the report formats
    [rules.<code or name>]          options of that rule, typed and validated

A rule with options declares them as `options = (Option(...), ...)`; the CLI binds the
validated values to the rule's check, which is then called as `check(facts, options=...)`
with a plain dict {option name: value} (defaults filled in).
"""
from __future__ import annotations

import functools
import sys
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

CONFIG_NAMES = ("siamlint.toml", "pyproject.toml")  # same folder: the first one wins


class ConfigError(Exception):
    """A configuration that cannot be used: exit 2 with this message, never a traceback."""


# ---------------------------------------------------------------------------------------
# Per-rule options


@dataclass(frozen=True)
class Option:
    """One option a rule accepts: its key, type (bool, int, float, str, list[str], ...),
    default, and optionally the allowed values."""

    name: str
    type: Any
    default: Any
    help: str = ""
    choices: tuple = ()

    def validate(self, value: Any) -> Any:
        """The value converted to its canonical form (lists become tuples), or ValueError."""
        checked = _check_type(value, self.type)
        if self.choices:
            items = checked if isinstance(checked, tuple) else (checked,)
            for item in items:
                if item not in self.choices:
                    allowed = ", ".join(repr(c) for c in self.choices)
                    raise ValueError(f"{item!r} is not one of {allowed}")
        return checked


def _type_name(tp: Any) -> str:
    origin = typing.get_origin(tp)
    if origin in (list, tuple):
        (arg, *_) = typing.get_args(tp) or (Any,)
        return f"a list of {_type_name(arg)}"
    return {bool: "a boolean", int: "an integer", float: "a number", str: "a string"}.get(
        tp, getattr(tp, "__name__", str(tp)))


def _check_type(value: Any, tp: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin in (list, tuple):
        if not isinstance(value, (list, tuple)):
            raise ValueError(f"expected {_type_name(tp)}, got {value!r}")
        (arg, *_) = typing.get_args(tp) or (Any,)
        return tuple(_check_type(item, arg) for item in value)
    if tp is Any:
        return value
    if tp is bool:
        ok = isinstance(value, bool)
    elif tp is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif tp is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        value = float(value) if ok else value
    else:
        ok = isinstance(value, tp)
    if not ok:
        raise ValueError(f"expected {_type_name(tp)}, got {value!r}")
    return value


def declared_options(rule) -> tuple[Option, ...]:
    return tuple(getattr(rule, "options", ()) or ())


def bind_options(rule, values: Mapping[str, Any] | None):
    """The rule with its check called as `check(facts, options={...})` (defaults filled in).

    Rules that declare no options are returned unchanged.
    """
    declared = declared_options(rule)
    if not declared or rule.check is None:
        return rule
    options = {opt.name: opt.default for opt in declared}
    options.update(values or {})
    return replace(rule, check=functools.partial(rule.check, options=options))


# ---------------------------------------------------------------------------------------
# Settings


@dataclass(frozen=True)
class Overrides:
    """What the command line says; None / empty means "as the file says"."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    exclude: tuple[str, ...] | None = None
    extend_exclude: tuple[str, ...] = ()
    respect_gitignore: bool | None = None
    force_exclude: bool | None = None
    output_format: str | None = None


@dataclass(frozen=True)
class Settings:
    path: Path | None  # the configuration file, None for the defaults
    root: Path  # globs are relative to this folder (the configuration file's)
    codes: frozenset[str]  # rules in force (before per-file-ignores)
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, frozenset[str]], ...] = ()
    exclude: tuple[str, ...] = ()
    extend_exclude: tuple[str, ...] = ()
    respect_gitignore: bool = True
    force_exclude: bool = False
    output_format: str | None = None
    rule_options: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...] = ()
    _memo: dict = field(default_factory=dict, compare=False, repr=False, hash=False)

    # -- paths ----------------------------------------------------------------------
    def relative(self, path: Path) -> str:
        """The path as globs see it: relative to the root, else absolute without the '/'."""
        resolved = Path(path).resolve()
        try:
            return resolved.relative_to(self.root).as_posix()
        except ValueError:
            return resolved.as_posix().lstrip("/")

    @functools.cached_property
    def _exclude_spec(self):
        patterns = [*self.exclude, *self.extend_exclude]
        if not patterns:
            return None
        import pathspec

        return pathspec.GitIgnoreSpec.from_lines(patterns)

    @functools.cached_property
    def _per_file_specs(self):
        import pathspec

        return [(pathspec.GitIgnoreSpec.from_lines([pattern]), codes)
                for pattern, codes in self.per_file_ignores]

    def is_excluded(self, path: Path) -> bool:
        spec = self._exclude_spec
        if spec is None:
            return False
        rel = self.relative(path)
        parts = rel.split("/")
        # the file itself, or any folder above it (up to the root) matching a pattern
        return any(spec.match_file("/".join(parts[:i]) + ("" if i == len(parts) else "/"))
                   for i in range(len(parts), 0, -1))

    def ignored_codes(self, path: Path) -> frozenset[str]:
        if not self.per_file_ignores:
            return frozenset()
        rel = self.relative(path)
        name = Path(rel).name
        out: set[str] = set()
        for spec, codes in self._per_file_specs:
            if spec.match_file(rel) or spec.match_file(name):
                out |= codes
        return frozenset(out)

    def codes_for(self, path: Path) -> frozenset[str]:
        return self.codes - self.ignored_codes(path)

    def options_for(self, code: str) -> dict[str, Any]:
        for key, values in self.rule_options:
            if key == code:
                return dict(values)
        return {}

    def rules_for(self, path: Path) -> list:
        """The rules to run on this file, options bound; computed once per set of codes."""
        codes = self.codes_for(path)
        cached = self._memo.get(codes)
        if cached is None:
            from siamlint.rules.base import all_rules

            cached = [bind_options(rule, self.options_for(rule.code))
                      for rule in all_rules() if rule.code in codes]
            self._memo[codes] = cached
        return cached

    def describe(self, path: Path) -> str:
        """What `check --show-settings FILE` prints."""
        lines = [f"Settings for {path}"]
        lines.append(f"  configuration: {self.path if self.path else '(defaults: no configuration found)'}")
        lines.append(f"  root: {self.root}")
        select = _fmt_list(self.select) if self.select is not None else '["ALL"] (default)'
        lines.append(f"  select: {select}")
        for label, value in (("extend-select", self.extend_select),
                             ("ignore", self.ignore), ("exclude", self.exclude),
                             ("extend-exclude", self.extend_exclude)):
            if value is not None:
                lines.append(f"  {label}: {_fmt_list(value)}")
        lines.append(f"  per-file-ignores: {_fmt_table(self.per_file_ignores)}")
        lines.append(f"  respect-gitignore: {str(self.respect_gitignore).lower()}")
        lines.append(f"  force-exclude: {str(self.force_exclude).lower()}")
        lines.append(f"  output-format: {self.output_format or 'full'}")
        lines.append(f"  excluded: {'yes' if self.is_excluded(path) else 'no'}")
        ignored = self.ignored_codes(path)
        if ignored:
            lines.append(f"  ignored here by per-file-ignores: {_fmt_list(sorted(ignored))}")
        lines.append(f"  rules in force: {_fmt_list(sorted(self.codes_for(path)))}")
        from siamlint.rules.base import all_rules

        option_lines = []
        for rule in all_rules():
            declared = declared_options(rule)
            if declared and rule.code in self.codes_for(path):
                values = {o.name: o.default for o in declared} | self.options_for(rule.code)
                for name, value in values.items():
                    option_lines.append(f"    {rule.code}.{name} = {value!r}")
        if option_lines:
            lines.append("  rule options:")
            lines.extend(option_lines)
        return "\n".join(lines) + "\n"


def _fmt_list(values) -> str:
    return "[" + ", ".join(f'"{v}"' for v in values) + "]"


def _fmt_table(items) -> str:
    if not items:
        return "{}"
    return "{" + ", ".join(f'"{p}" = {_fmt_list(sorted(c))}' for p, c in items) + "}"


# ---------------------------------------------------------------------------------------
# Reading and validating a file


def _load_toml(path: Path) -> dict:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def _table_of(path: Path) -> tuple[dict | None, str]:
    """The siamlint table of a configuration file (None when it has none) and its label."""
    data = _load_toml(path)
    if path.name == "pyproject.toml":
        tool = data.get("tool")
        table = tool.get("siamlint") if isinstance(tool, dict) else None
        if table is not None and not isinstance(table, dict):
            raise ConfigError(f"{path}: `tool.siamlint` must be a table")
        return table, "[tool.siamlint]"
    return data, ""


_LIST_KEYS = {"select", "ignore", "extend-select", "exclude", "extend-exclude"}
_BOOL_KEYS = {"respect-gitignore", "force-exclude"}
KNOWN_KEYS = _LIST_KEYS | _BOOL_KEYS | {"per-file-ignores", "output-format", "rules"}


@dataclass(frozen=True)
class FileConfig:
    """One configuration file, validated (selectors are checked, not yet resolved)."""

    path: Path | None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, frozenset[str]], ...] = ()
    exclude: tuple[str, ...] = ()
    extend_exclude: tuple[str, ...] = ()
    respect_gitignore: bool = True
    force_exclude: bool = False
    output_format: str | None = None
    rule_options: tuple = ()


def _expand(selectors, where: str) -> frozenset[str]:
    from siamlint.rules.base import UnknownSelector, select_codes

    if not selectors:
        return frozenset()
    try:
        return select_codes(list(selectors))
    except UnknownSelector as exc:
        raise ConfigError(f"{where}: {exc}") from None


def _str_list(value, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: expected a list of strings, got {value!r}")
    return tuple(value)


def parse_table(table: dict, path: Path | None, label: str = "") -> FileConfig:
    """Validate a `[tool.siamlint]` table; every problem names the file and the key."""
    from siamlint.report import FORMATS
    from siamlint.rules.base import find_rule

    from siamlint.files import display_path

    shown = display_path(path) if path else "configuration"
    dotted = label.strip("[]") + "." if label else ""

    def where(key: str) -> str:
        return f"{shown}: `{dotted}{key}`"

    for key in table:
        if key not in KNOWN_KEYS:
            hint = f" (did you mean `{key.replace('_', '-')}`?)" if key.replace("_", "-") in KNOWN_KEYS else ""
            raise ConfigError(f"{where(key)}: unknown key{hint}")
    values: dict[str, Any] = {}
    for key in _LIST_KEYS & table.keys():
        values[key] = _str_list(table[key], where(key))
        if key in ("select", "ignore", "extend-select"):
            _expand(values[key], where(key))
    for key in _BOOL_KEYS & table.keys():
        if not isinstance(table[key], bool):
            raise ConfigError(f"{where(key)}: expected true or false, got {table[key]!r}")
        values[key] = table[key]
    output_format = table.get("output-format")
    if output_format is not None and output_format not in FORMATS:
        raise ConfigError(f"{where('output-format')}: expected one of {', '.join(FORMATS)}, "
                          f"got {output_format!r}")
    per_file = []
    raw = table.get("per-file-ignores", {})
    if not isinstance(raw, dict):
        raise ConfigError(f"{where('per-file-ignores')}: expected a table of glob = [codes]")
    for pattern, selectors in raw.items():
        key = f"per-file-ignores.\"{pattern}\""
        per_file.append((pattern, _expand(_str_list(selectors, where(key)), where(key))))
    rule_options = []
    raw_rules = table.get("rules", {})
    if not isinstance(raw_rules, dict):
        raise ConfigError(f"{where('rules')}: expected a table of rule tables")
    for name, opts in raw_rules.items():
        key = f"rules.{name}"
        rule = find_rule(name)
        if rule is None:
            raise ConfigError(f"{where(key)}: unknown rule `{name}` (see `siamlint rules`)")
        if not isinstance(opts, dict):
            raise ConfigError(f"{where(key)}: expected a table of options")
        declared = {o.name: o for o in declared_options(rule)}
        checked = []
        for opt_name, value in opts.items():
            if opt_name not in declared:
                known = ", ".join(f"`{n}`" for n in declared) or "none"
                raise ConfigError(f"{where(key + '.' + opt_name)}: unknown option of "
                                  f"{rule.code} {rule.name} (its options: {known})")
            try:
                checked.append((opt_name, declared[opt_name].validate(value)))
            except ValueError as exc:
                raise ConfigError(f"{where(key + '.' + opt_name)}: {exc}") from None
        rule_options.append((rule.code, tuple(checked)))
    return FileConfig(
        path=path,
        select=values.get("select"),
        ignore=values.get("ignore", ()),
        extend_select=values.get("extend-select", ()),
        per_file_ignores=tuple(per_file),
        exclude=values.get("exclude", ()),
        extend_exclude=values.get("extend-exclude", ()),
        respect_gitignore=values.get("respect-gitignore", True),
        force_exclude=values.get("force-exclude", False),
        output_format=output_format,
        rule_options=tuple(rule_options),
    )


def load_file(path: Path) -> FileConfig | None:
    """A configuration file's validated settings; None for a pyproject.toml without ours."""
    table, label = _table_of(path)
    if table is None:
        return None
    return parse_table(table, path, label)


def resolve_codes(layers) -> frozenset[str]:
    """ruff's layering: each (select, extend_select, ignore) layer in order; a select resets."""
    from siamlint.rules.base import all_rules

    codes = frozenset(r.code for r in all_rules())
    for select, extend_select, ignore, where in layers:
        if select is not None:
            codes = _expand(select, where) if select else frozenset()
        codes |= _expand(extend_select, where)
        codes -= _expand(ignore, where)
    return codes


def build_settings(config: FileConfig, root: Path, overrides: Overrides) -> Settings:
    cfg_where = str(config.path) if config.path else "configuration"
    codes = resolve_codes([
        (config.select, config.extend_select, config.ignore, cfg_where),
        (overrides.select, overrides.extend_select, overrides.ignore, "command line"),
    ])
    return Settings(
        path=config.path,
        root=root,
        codes=codes,
        select=overrides.select if overrides.select is not None else config.select,
        ignore=config.ignore + overrides.ignore,
        extend_select=config.extend_select + overrides.extend_select,
        per_file_ignores=config.per_file_ignores,
        exclude=overrides.exclude if overrides.exclude is not None else config.exclude,
        extend_exclude=config.extend_exclude + overrides.extend_exclude,
        respect_gitignore=(overrides.respect_gitignore if overrides.respect_gitignore is not None
                           else config.respect_gitignore),
        force_exclude=(overrides.force_exclude if overrides.force_exclude is not None
                       else config.force_exclude),
        output_format=overrides.output_format or config.output_format,
        rule_options=config.rule_options,
    )


class Resolver:
    """Settings for any path: the nearest configuration walking up, each folder resolved once."""

    def __init__(self, config: Path | None = None, overrides: Overrides | None = None,
                 cwd: Path | None = None) -> None:
        self.overrides = overrides or Overrides()
        self.cwd = (cwd or Path.cwd()).resolve()
        self._folders: dict[Path, Settings] = {}
        self._files: dict[Path, Settings | None] = {}
        self._fixed: Settings | None = None
        self._defaults: Settings | None = None
        if config is not None:
            config = Path(config)
            if not config.is_file():
                raise ConfigError(f"{config}: no such configuration file")
            loaded = load_file(config)
            if loaded is None:
                raise ConfigError(f"{config}: has no [tool.siamlint] table")
            self._fixed = build_settings(loaded, config.resolve().parent, self.overrides)
        self.loads = 0  # configuration files read (a test checks each is read once)

    def _settings_of(self, config_path: Path) -> Settings | None:
        if config_path not in self._files:
            self.loads += 1
            loaded = load_file(config_path)
            self._files[config_path] = (None if loaded is None else
                                        build_settings(loaded, config_path.parent, self.overrides))
        return self._files[config_path]

    def default(self) -> Settings:
        return self.for_folder(self.cwd)

    def for_folder(self, folder: Path) -> Settings:
        if self._fixed is not None:
            return self._fixed
        folder = Path(folder).resolve()
        visited = []
        found: Settings | None = None
        for candidate in (folder, *folder.parents):
            if candidate in self._folders:
                found = self._folders[candidate]
                break
            visited.append(candidate)
            for name in CONFIG_NAMES:
                path = candidate / name
                if path.is_file():
                    found = self._settings_of(path)
                    if found is not None:
                        break
            if found is not None:
                break
        if found is None:  # no configuration anywhere above: the defaults, rooted at cwd
            if self._defaults is None:
                self._defaults = build_settings(FileConfig(None), self.cwd, self.overrides)
            found = self._defaults
        for candidate in visited:
            self._folders[candidate] = found
        return found

    def for_file(self, path: Path) -> Settings:
        path = Path(path)
        folder = path if path.is_dir() else path.parent
        return self.for_folder(folder if str(folder) else Path("."))
