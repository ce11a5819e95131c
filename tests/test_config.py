"""Configuration: [tool.siamlint] / siamlint.toml discovery, CLI overrides, validation, options."""
from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from fakerules import SEEN_OPTIONS, fake_rules, run  # noqa: F401  (fixture)
from siamlint.config import ConfigError, Option, Overrides, Resolver

BAD = "bad()\n"
MEH = "meh()\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def codes(stdout: str) -> list[tuple[str, str]]:
    return sorted((Path(d["filename"]).name, d["code"]) for d in json.loads(stdout))


@pytest.fixture
def project(tmp_path, monkeypatch, fake_rules):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_pyproject_table_applies(project):
    write(project / "pyproject.toml", """
        [tool.siamlint]
        ignore = ["SL901"]
    """)
    write(project / "a.py", BAD + MEH)
    rc, out, _ = run(["--format", "json", "."])
    assert rc == 1
    assert codes(out) == [("a.py", "SL902")]


def test_nearest_configuration_wins_and_tables_without_ours_are_skipped(project):
    write(project / "pyproject.toml", '[tool.siamlint]\nignore = ["SL901"]\n')
    # a pyproject.toml without [tool.siamlint] is not a configuration: keep walking up
    write(project / "plain" / "pyproject.toml", '[project]\nname = "x"\n')
    write(project / "plain" / "p.py", BAD)
    # nearer siamlint.toml: its own keys, top level
    write(project / "sub" / "siamlint.toml", 'select = ["SL901"]\n')
    write(project / "sub" / "deeper" / "s.py", BAD + MEH)
    write(project / "top.py", BAD + MEH)
    rc, out, _ = run(["--format", "json", "."])
    assert rc == 1
    assert codes(out) == [("s.py", "SL901"), ("top.py", "SL902")]


def test_siamlint_toml_beats_pyproject_in_the_same_folder(project):
    write(project / "pyproject.toml", '[tool.siamlint]\nselect = ["SL902"]\n')
    write(project / "siamlint.toml", 'select = ["SL901"]\n')
    write(project / "a.py", BAD + MEH)
    _, out, _ = run(["--format", "json", "a.py"])
    assert codes(out) == [("a.py", "SL901")]


def test_config_flag_replaces_discovery(project):
    write(project / "pyproject.toml", '[tool.siamlint]\nselect = ["SL902"]\n')
    other = write(project / "elsewhere" / "strict.toml", 'select = ["SL901"]\n')
    write(project / "a.py", BAD + MEH)
    _, out, _ = run(["--format", "json", "--config", str(other), "a.py"])
    assert codes(out) == [("a.py", "SL901")]


def test_cli_flags_override_the_file(project):
    write(project / "pyproject.toml", '[tool.siamlint]\nselect = ["SL902"]\n')
    write(project / "a.py", BAD + MEH)
    _, out, _ = run(["--format", "json", "--select", "SL901", "a.py"])
    assert codes(out) == [("a.py", "SL901")]
    _, out, _ = run(["--format", "json", "--extend-select", "bad-call", "a.py"])
    assert codes(out) == [("a.py", "SL901"), ("a.py", "SL902")]
    rc, out, _ = run(["--format", "json", "--ignore", "SL902", "a.py"])
    assert (rc, codes(out)) == (0, [])


def test_per_file_ignores(project):
    write(project / "pyproject.toml", """
        [tool.siamlint.per-file-ignores]
        "tests/*.py" = ["SL901"]
        "*_nb.py" = ["meh-call"]
    """)
    write(project / "tests" / "t.py", BAD + MEH)
    write(project / "src" / "x_nb.py", BAD + MEH)
    write(project / "src" / "y.py", BAD)
    _, out, _ = run(["--format", "json", "."])
    assert codes(out) == [("t.py", "SL902"), ("x_nb.py", "SL901"), ("y.py", "SL901")]


def test_exclude_extend_exclude_and_force_exclude(project):
    write(project / "pyproject.toml", """
        [tool.siamlint]
        exclude = ["generated/"]
        extend-exclude = ["*_skip.py"]
    """)
    write(project / "generated" / "g.py", BAD)
    write(project / "a_skip.py", BAD)
    write(project / "kept.py", BAD)
    _, out, _ = run(["--format", "json", "."])
    assert codes(out) == [("kept.py", "SL901")]
    # named explicitly: linted, unless --force-exclude (what pre-commit uses)
    _, out, _ = run(["--format", "json", "a_skip.py", "generated/g.py"])
    assert codes(out) == [("a_skip.py", "SL901"), ("g.py", "SL901")]
    rc, out, _ = run(["--format", "json", "--force-exclude", "a_skip.py", "generated/g.py"])
    assert (rc, codes(out)) == (0, [])
    # CLI --extend-exclude adds to the file's patterns
    rc, out, _ = run(["--format", "json", "--extend-exclude", "kept.py", "."])
    assert (rc, codes(out)) == (0, [])


def test_force_exclude_in_the_file(project):
    write(project / "pyproject.toml", '[tool.siamlint]\nexclude = ["a.py"]\nforce-exclude = true\n')
    write(project / "a.py", BAD)
    rc, out, _ = run(["--format", "json", "a.py"])
    assert (rc, codes(out)) == (0, [])


def test_respect_gitignore_key(project):
    write(project / ".gitignore", "ignored.py\n")
    write(project / "ignored.py", BAD)
    rc, out, _ = run(["--format", "json", "."])
    assert (rc, codes(out)) == (0, [])
    write(project / "pyproject.toml", "[tool.siamlint]\nrespect-gitignore = false\n")
    _, out, _ = run(["--format", "json", "."])
    assert codes(out) == [("ignored.py", "SL901")]
    rc, out, _ = run(["--format", "json", "--respect-gitignore", "."])
    assert (rc, codes(out)) == (0, [])


def test_output_format_key(project):
    write(project / "pyproject.toml", '[tool.siamlint]\noutput-format = "concise"\n')
    write(project / "a.py", BAD)
    rc, out, _ = run(["a.py"])
    assert rc == 1
    assert out.splitlines()[0] == "a.py:1:1: SL901 `bad()` is called"
    _, out, _ = run(["--format", "json", "a.py"])
    assert json.loads(out)[0]["code"] == "SL901"


@pytest.mark.parametrize("table, needle", [
    ('[tool.siamlint]\nselct = ["SL901"]\n', "`tool.siamlint.selct`: unknown key"),
    ('[tool.siamlint]\nextend_select = ["SL901"]\n', "did you mean `extend-select`"),
    ('[tool.siamlint]\nselect = ["SL999"]\n', "`tool.siamlint.select`: unknown rule selector `SL999`"),
    ('[tool.siamlint]\nignore = "SL901"\n', "`tool.siamlint.ignore`: expected a list of strings"),
    ('[tool.siamlint]\nrespect-gitignore = "no"\n', "`tool.siamlint.respect-gitignore`: expected true or false"),
    ('[tool.siamlint]\noutput-format = "xml"\n', "`tool.siamlint.output-format`: expected one of"),
    ('[tool.siamlint.per-file-ignores]\n"t/*" = ["nope"]\n', "per-file-ignores.\"t/*\"`: unknown rule selector"),
    ('[tool.siamlint\n', "invalid TOML"),
    ('[tool.siamlint.rules.SL999]\nx = 1\n', "`tool.siamlint.rules.SL999`: unknown rule"),
    ('[tool.siamlint.rules.SL901]\nx = 1\n', "unknown option of SL901 bad-call (its options: none)"),
    ('[tool.siamlint.rules.SL903]\nmax-args = "3"\n', "`tool.siamlint.rules.SL903.max-args`: expected an integer, got '3'"),
    ('[tool.siamlint.rules.SL903]\nmax-args = true\n', "expected an integer, got True"),
    ('[tool.siamlint.rules.too-many-args]\nmodes = ["c"]\n', "'c' is not one of 'a', 'b'"),
    ('[tool.siamlint.rules.SL903]\nmax-arg = 3\n', "unknown option of SL903 too-many-args (its options: `max-args`"),
])
def test_bad_configuration_is_a_clear_error(project, table, needle):
    write(project / "pyproject.toml", table)
    write(project / "a.py", BAD)
    rc, out, err = run(["a.py"])
    assert rc == 2
    assert "pyproject.toml" in err and needle in err
    assert "Traceback" not in err and out == ""


def test_siamlint_toml_errors_name_the_key(project):
    write(project / "siamlint.toml", 'extend-exclude = [1]\n')
    write(project / "a.py", BAD)
    rc, _, err = run(["a.py"])
    assert rc == 2 and "siamlint.toml: `extend-exclude`: expected a list of strings" in err


def test_missing_config_file_and_bad_cli_selector(project):
    write(project / "a.py", BAD)
    rc, _, err = run(["--config", "nope.toml", "a.py"])
    assert rc == 2 and "nope.toml: no such configuration file" in err
    rc, _, err = run(["--select", "SL9999", "a.py"])
    assert rc == 2 and "unknown rule selector" in err


def test_settings_resolved_once_per_folder(project, monkeypatch, fake_rules):
    import siamlint.config as config

    write(project / "pyproject.toml", '[tool.siamlint]\nignore = ["SL902"]\n')
    for i in range(5):
        write(project / "pkg" / f"m{i}.py", BAD)
        write(project / "pkg" / "sub" / f"n{i}.py", BAD)
    loads = []
    real = config.load_file
    monkeypatch.setattr(config, "load_file", lambda path: loads.append(path) or real(path))
    resolver = Resolver(None, Overrides(), cwd=project)
    settings = {id(resolver.for_file(p)) for p in sorted(project.rglob("*.py"))}
    assert len(settings) == 1  # the same Settings object for every file
    assert loads == [project / "pyproject.toml"]
    rc, out, _ = run(["--format", "json", "."])
    assert rc == 1 and len(json.loads(out)) == 10
    assert loads.count(project / "pyproject.toml") == 2  # once for the resolver above, once for the run


def test_show_settings(project):
    write(project / "pyproject.toml", """
        [tool.siamlint]
        ignore = ["SL902"]
        [tool.siamlint.per-file-ignores]
        "tests/*" = ["SL901"]
        [tool.siamlint.rules.SL903]
        max-args = 5
    """)
    target = write(project / "tests" / "t.py", BAD)
    rc, out, _ = run(["--show-settings", str(target)])
    assert rc == 0
    assert f"configuration: {project / 'pyproject.toml'}" in out
    assert 'ignored here by per-file-ignores: ["SL901"]' in out
    assert 'rules in force: ["SL001", "SL002", "SL903"]' in out
    assert "SL903.max-args = 5" in out
    assert "SL903.function = 'limit'" in out


def test_rule_options_reach_the_rule(project):
    write(project / "a.py", "limit(1, 2, 3)\ncheck(1, 2)\n")
    rc, out, _ = run(["--format", "json", "a.py"])
    assert rc == 1 and codes(out) == [("a.py", "SL903")]
    assert SEEN_OPTIONS[-1] == {"max-args": 2, "function": "limit", "modes": ("a",),
                                "ratio": 0.5, "strict": False}
    write(project / "pyproject.toml", """
        [tool.siamlint.rules.too-many-args]
        max-args = 1
        function = "check"
        modes = ["a", "b"]
        ratio = 2
        strict = true
    """)
    rc, out, _ = run(["--format", "json", "a.py"])
    assert rc == 1 and json.loads(out)[0]["location"]["row"] == 2
    assert SEEN_OPTIONS[-1] == {"max-args": 1, "function": "check", "modes": ("a", "b"),
                                "ratio": 2.0, "strict": True}


def test_option_validation_unit():
    opt = Option("n", int, 1)
    assert opt.validate(3) == 3
    with pytest.raises(ValueError):
        opt.validate(1.5)
    assert Option("xs", list[int], ()).validate([1, 2]) == (1, 2)
    with pytest.raises(ValueError):
        Option("xs", list[int], ()).validate([1, "2"])
    assert Option("f", float, 0.0).validate(1) == 1.0


def test_config_error_is_an_exception_with_the_path(tmp_path):
    bad = write(tmp_path / "siamlint.toml", "select = 3\n")
    with pytest.raises(ConfigError, match="siamlint.toml"):
        Resolver(bad)
