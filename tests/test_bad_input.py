"""Bad input gets a clear error and loses nothing (issue 16).

A wrong key, an out-of-range value, a missing or unreadable file, a malformed scenario or sweep
file, text in a number field: one line on stderr, exit status 2, no traceback, no output
folder and no ``.partial`` folder left behind. The hand-written cases below name each mistake
of the issue; the generated ones (hypothesis, marked slow) try several hundred more and count
how many were tried and how many complied (printed at the end of the module).
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import subprocess
import sys
import tempfile
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim import cli, scenarios, sweep
from sim.messages import did_you_mean
from sim.model import CoCreationModel
from sim.parameters import PARAMETER_NAMES, ParameterError, parameter_table, validate_parameters
from sim.seeds import MAX_SEED

ROOT = Path(__file__).resolve().parent.parent
TALLY: Counter[str] = Counter()
MESSAGES: list[str] = []  # the error lines seen, recorded with the tally for reading

# --- helpers --------------------------------------------------------------------------------


def call(argv: list[str], capsys) -> tuple[int, str]:
    """``cocreatie ARGV`` in this process: (exit status, stderr)."""
    capsys.readouterr()
    try:
        code = cli.main(argv)
    except SystemExit as exc:  # argparse
        code = int(exc.code or 0)
    return code, capsys.readouterr().err


def leftovers(folder: Path) -> list[str]:
    return [str(p) for p in folder.rglob("*.partial")]


def check_complies(
    argv: list[str], capsys, where: Path, out: Path | None, kind: str, ok_out: bool = True
) -> int:
    """Run ``argv``; assert exit 0, or exit 2 with one line on stderr and nothing written.
    Counts the input under ``kind``."""
    TALLY[f"{kind} tried"] += 1
    before = sorted(where.rglob("*"))
    code, err = call(argv, capsys)
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert code in (0, 2), (argv, code, err)
    assert "Traceback" not in err, err
    assert not leftovers(where), leftovers(where)
    if code == 2:
        assert len(lines) == 1, (argv, err)
        MESSAGES.append(f"{kind}: {lines[0]}")
        assert "error" in lines[0]
        if out is not None:
            assert not out.exists(), (argv, err)
        assert sorted(where.rglob("*")) == before, (argv, err)  # nothing written at all
    elif out is not None and ok_out:
        assert out.is_dir(), (argv, err)
    TALLY[f"{kind} complied"] += 1
    TALLY[f"{kind} exit {code}"] += 1
    return code


@pytest.fixture(scope="module", autouse=True)
def report_tally(request):
    yield
    if TALLY:
        reporter = request.config.pluginmanager.get_plugin("terminalreporter")
        line = "bad inputs: " + ", ".join(f"{k} {v}" for k, v in sorted(TALLY.items()))
        if reporter is not None:
            reporter.write_line("\n" + line)
        record = os.environ.get("COCREATIE_BAD_INPUT_TALLY")
        if record:
            Path(record).write_text(
                json.dumps({"tally": dict(TALLY), "messages": MESSAGES}, indent=1)
            )


def _group(name: str, share: float, low: bool, female: float = 0.5) -> dict[str, Any]:
    trait = {"mean": 0.5}
    return {
        "name": name,
        "label": name,
        "share": share,
        "low_ses": low,
        "female": female,
        **{t: dict(trait) for t in ("ses", "language", "literacy", "stress", "trust", "health")},
    }


def scenario_data(name: str, params: dict[str, Any] | None = None, groups=None) -> dict:
    params = {"n_residents": 50, **(params or {})}
    data: dict[str, Any] = {
        "name": name,
        "title": name,
        "description": "A scenario written for a test of bad input.",
        "source": "assumption",
        "parameters": params,
        "why": {k: "assumption: test" for k in params},
    }
    if groups is not None:
        data["subgroups"] = groups
        data["subgroups_why"] = "assumption: test"
    return data


def write_toml(path: Path, data: dict) -> Path:
    path.write_text(tomli_w.dumps(data))
    return path


def sweep_data(name: str) -> dict[str, Any]:
    return {
        "name": name,
        "description": "A tiny sweep written for a test of bad input.",
        "ticks": 2,
        "replications": 1,
        "set": {"n_residents": 50},
    }


RUN = ["--quiet", "--ticks", "2", "--set", "n_residents=50"]

# --- the command line -----------------------------------------------------------------------

BAD_ARGUMENTS = [
    ["run", "--seed", "-1"],
    ["run", "--seed", str(MAX_SEED + 1)],
    ["run", "--seed", "abc"],
    ["run", "--seed", "1.5"],
    ["run", "--ticks", "1000000000000000000000000000000"],
    ["run", "--ticks", "0"],
    ["run", "--ticks", "10001"],
    ["run", "--ticks", "ten"],
    ["compare", "default", "outreach", "--seed", "-1"],
    ["compare", "default", "outreach", "--reps", "0"],
    ["compare", "default", "outreach", "--ticks", "99999999999"],
    ["compare", "default", "outreach", "--workers", "0"],
    ["compare", "default"],
    ["sweep", "experiments/participation-bias.toml", "--workers", "0"],
    ["sweep", "experiments/participation-bias.toml", "--workers", "-3"],
    ["app", "--port", "99999"],
    ["app", "--port", "-1"],
    ["app", "--port", "0"],
    ["app", "--port", "http"],
    ["run", "--bogus"],
    ["run", "--set", "outreach=true"],
    ["run", "--set", "outreach"],
    ["run", "--set", "no_such_parameter=1"],
    ["run", "--set", "n_residents=1e400"],
    ["run", "a" * 300],
    ["run", "no-such-scenario"],
    ["run", "line\nbreak"],
    ["scenarios", "show", "a" * 300],
    ["report", "a" * 300],
    ["sweep", "a" * 300 + ".toml"],
]


@pytest.mark.parametrize("argv", BAD_ARGUMENTS, ids=lambda a: " ".join(a)[:50])
def test_bad_arguments_give_one_line_and_write_nothing(argv, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    extra = ["--out", str(out)] if argv[0] in ("run", "compare") else []
    code = check_complies(argv + extra, capsys, tmp_path, out, "hand-written arguments")
    assert code == 2
    assert not (tmp_path / "results").exists()


def test_ranges_are_named_in_the_messages(capsys):
    assert f"from 0 to {MAX_SEED}" in call(["run", "--seed", "-1"], capsys)[1]
    assert "from 1 to 10000" in call(["run", "--ticks", "10**30"], capsys)[1]
    assert "from 1 to 65535" in call(["app", "--port", "99999"], capsys)[1]
    assert "from 1 to" in call(["sweep", "x.toml", "--workers", "0"], capsys)[1]


def test_sweep_file_seed_range_is_the_command_lines():
    field = sweep.SweepFile.model_fields["seed"]
    assert [getattr(m, "le", None) for m in field.metadata if getattr(m, "le", None)] == [
        MAX_SEED
    ]


@pytest.mark.parametrize(
    "out",
    ["afile", "afile/below", "a" * 300, "deep/" + "b" * 300 + "/c", "o\udcff"],
    ids=["a file", "below a file", "name too long", "part too long", "not UTF-8"],
)
def test_output_folders_that_cannot_be_made(out, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "afile").write_text("x")
    code, err = call(["run", *RUN, "--out", out], capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile"]


def test_unwritable_output_folder_is_refused_before_the_run(capsys, tmp_path, monkeypatch):
    """Whoever runs the tests (root, say) may write anywhere, so the refusal of the system is
    simulated: the probe file cannot be made. The run must not start."""
    monkeypatch.chdir(tmp_path)

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(tmp_path))

    def must_not_run(*args, **kwargs):
        raise AssertionError("the simulation ran before the output folder was checked")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    monkeypatch.setattr("sim.runner.run", must_not_run)
    code, err = call(["run", *RUN, "--out", "ro/x"], capsys)
    assert code == 2 and "permission denied" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "ro").exists()
    code, err = call(["sweep", str(ROOT / "experiments/participation-bias.toml"), "--out", "s"], capsys)
    assert code == 2 and "permission denied" in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write and read anything")
def test_real_permissions(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    secret = write_toml(tmp_path / "secret.toml", scenario_data("secret"))
    secret.chmod(0o000)
    try:
        code, err = call(["run", *RUN, "--out", "ro/x"], capsys)
        assert code == 2 and "cannot be written" in err
        code, err = call(["run", *RUN, "secret.toml", "--out", "y"], capsys)
        assert code == 2 and "cannot be read" in err
    finally:
        ro.chmod(0o755)
        secret.chmod(0o644)


def test_folders_and_unreadable_files_given_as_files(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "adir.toml").mkdir()
    for argv in (["run", "adir.toml"], ["sweep", "adir.toml"], ["run", "./adir.toml"]):
        code, err = call(argv + ["--out", "o"], capsys)
        assert code == 2 and "is a folder" in err, err
    (tmp_path / "bin.toml").write_bytes(b"\xff\xfe\x00binary")
    for argv in (["run", "bin.toml"], ["sweep", "bin.toml"]):
        code, err = call(argv + ["--out", "o"], capsys)
        assert code == 2 and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "o").exists()


def test_unreadable_file_is_one_line(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_toml(tmp_path / "locked.toml", scenario_data("locked"))
    real = Path.read_text

    def locked(self, *args, **kwargs):
        if self.name == "locked.toml":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", locked)
    code, err = call(["run", "locked.toml", "--out", "o"], capsys)
    assert code == 2 and "cannot be read" in err and "permission denied" in err
    code, err = call(["sweep", "locked.toml", "--out", "o"], capsys)
    assert code == 2 and "cannot be read" in err


@pytest.mark.slow
def test_real_exit_status_in_a_subprocess(tmp_path):
    """A few through a real process: the exit status and stderr that a shell sees."""
    bad = write_toml(tmp_path / "bad.toml", scenario_data("bad", {"outreach": True}))
    for argv in (
        ["run", "--seed", "-1"],
        ["run", "--ticks", "1000000000000000000000000000000"],
        ["app", "--port", "99999"],
        ["run", str(bad)],
        ["run", "--out", "a" * 300],
    ):
        res = subprocess.run(
            [sys.executable, "-m", "sim", *argv],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            timeout=120,
        )
        TALLY["subprocess tried"] += 1
        assert res.returncode == 2, res.stderr
        assert "Traceback" not in res.stderr
        assert len(res.stderr.strip().splitlines()) == 1, res.stderr
        TALLY["subprocess complied"] += 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.toml"]


# --- files ----------------------------------------------------------------------------------


def test_zero_size_subgroup_covered_by_familiar_faces_runs():
    groups = (_group("most", 0.995, False), _group("few", 0.005, True))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model = CoCreationModel(rng=1, n_residents=50, n_bekende_gezichten=2, subgroups=groups)
        for _ in range(3):
            model.step()
    assert "few" in cli.undefined_note(model)


@pytest.mark.parametrize(
    "groups, empty",
    [
        ((_group("a", 0.6, False), _group("b", 0.4, False)), "low_ses"),
        ((_group("a", 0.6, True), _group("b", 0.4, True)), "high_ses"),
        ((_group("a", 0.6, True, 1.0), _group("b", 0.4, False, 1.0)), "low_ses,male"),
        ((_group("a", 0.6, True, 0.0), _group("b", 0.4, False, 0.0)), "high_ses,female"),
    ],
    ids=["no low-SES", "only low-SES", "only women", "only men"],
)
def test_odd_populations_run_without_warnings_and_say_what_is_undefined(
    groups, empty, capsys, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    write_toml(tmp_path / "odd.toml", scenario_data("odd", groups=list(groups)))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        capsys.readouterr()
        assert cli.main(["run", "odd.toml", "--quiet", "--ticks", "5", "--out", "o"]) == 0
    note = [ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("Note:")]
    assert len(note) == 1 and empty in note[0] and "undefined" in note[0]


def test_normal_runs_print_no_note(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["run", *RUN, "--out", "o"]) == 0
    assert "Note:" not in capsys.readouterr().out


@pytest.mark.parametrize("value", [True, False, "0.5", "x"])
def test_no_quiet_conversions_in_scenario_files(value, tmp_path):
    path = write_toml(tmp_path / "typed.toml", scenario_data("typed", {"outreach": value}))
    with pytest.raises(scenarios.ScenarioError, match="outreach.*expected a number"):
        scenarios.load(path)


def test_no_quiet_conversions_of_counts_and_switches():
    with pytest.raises(ParameterError, match="n_residents"):
        validate_parameters(n_residents=True)
    with pytest.raises(ParameterError, match="collect_agents.*true or false"):
        validate_parameters(collect_agents=1)
    with pytest.raises(ParameterError, match="share"):
        validate_parameters(subgroups=(_group("a", "1", True),))
    with pytest.raises(ParameterError, match="low_ses"):
        validate_parameters(subgroups=({**_group("a", 1.0, True), "low_ses": "yes"},))


def test_set_on_the_command_line_is_read_as_json_first():
    name, value = cli.parse_assignment("outreach=0.5")
    assert validate_parameters(**{name: value}).outreach == 0.5
    assert validate_parameters(**dict([cli.parse_assignment("n_residents=300")])).n_residents == 300
    assert validate_parameters(**dict([cli.parse_assignment("collect_agents=true")])).collect_agents
    with pytest.raises(ParameterError):
        validate_parameters(**dict([cli.parse_assignment("outreach=true")]))


def test_whole_numbers_still_fit_decimal_parameters(tmp_path):
    path = write_toml(tmp_path / "whole.toml", scenario_data("whole", {"outreach": 1}))
    assert scenarios.load(path).resolved().outreach == 1.0


def test_why_rule_holds_for_users_files(tmp_path):
    data = scenario_data("mine", {"outreach": 0.5})
    del data["why"]["outreach"]
    path = write_toml(tmp_path / "mine.toml", data)
    with pytest.raises(scenarios.ScenarioError, match=r"\[why\] has no note for outreach"):
        scenarios.load(path)
    data = scenario_data("mine", groups=[_group("a", 1.0, True)])
    del data["subgroups_why"]
    with pytest.raises(scenarios.ScenarioError, match="subgroups_why"):
        scenarios.load(write_toml(path, data))


def test_sweep_model_must_be_a_mesa_model(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for target in ("os:system", "os:path", "nope", "no.such.module:Model", "sim.model:np"):
        write_toml(tmp_path / "m.toml", {**sweep_data("m"), "model": target})
        code, err = call(["sweep", "m.toml", "--workers", "1", "--out", "o"], capsys)
        assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err
        assert "model" in err
    assert not (tmp_path / "o").exists()


def test_did_you_mean_never_names_the_key_itself(tmp_path):
    for key in PARAMETER_NAMES:
        assert f"'{key}'?" not in did_you_mean(key, PARAMETER_NAMES)
    messages = []
    for key in ("subgroups", "collect_agents"):
        path = write_toml(tmp_path / "s.toml", {**sweep_data("s"), "set": {key: 1}})
        with pytest.raises(sweep.SweepError) as exc:
            sweep.load_sweep(path)
        messages.append(str(exc.value))
        data = scenario_data("sc")
        data["parameters"][key] = 1
        data["why"][key] = "assumption: test"
        with pytest.raises(scenarios.ScenarioError) as exc2:
            scenarios.load(write_toml(tmp_path / "sc.toml", data))
        messages.append(str(exc2.value))
    for msg, key in zip(messages, ["subgroups"] * 2 + ["collect_agents"] * 2):
        assert f"did you mean '{key}'" not in msg, msg
        assert "cannot be set" in msg, msg


def test_extends_resolves_against_the_files_own_folder_first(tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    mine = tmp_path / "mine"
    mine.mkdir()
    # A base named like a shipped scenario: the one next to the file wins.
    write_toml(mine / "outreach.toml", scenario_data("outreach", {"n_residents": 77}))
    child = scenario_data("child", {"outreach": 0.25})
    child["extends"] = "outreach"
    del child["parameters"]["n_residents"], child["why"]["n_residents"]
    sc = scenarios.load(write_toml(mine / "child.toml", child))
    assert sc.params["n_residents"] == 77 and sc.chain == ["child", "outreach"]


# --- generated bad inputs -------------------------------------------------------------------

#: Values that are wrong for most fields, or right and cheap: never a mid-sized valid count
#: that would make a long run.
EDGE = st.one_of(
    st.sampled_from(
        [-1, 0, 1, 2, 3, 10_001, 2**63, -(2**63), 2**70, 0.5, 1.5, -0.1, 1e400, math.nan, True,
         False, "", "x", "0.5", "1", "default", "grid", "sobol", "final", "ticks", [], [1],
         [0.1, 0.9], ["a", "b"], {}, {"x": 1}, "a" * 300]
    ),
    st.text(max_size=12),
    st.integers(-(10**25), 10**25).filter(lambda n: not 4 <= n <= 10_000),
    st.floats(allow_nan=False, allow_infinity=False),
)


def _toml_safe(value: Any) -> bool:
    try:
        tomli_w.dumps({"v": value})
    except Exception:
        return False
    return True


def _clamp_cheap(params: dict[str, Any]) -> None:
    """Keep valid runs short: a valid resident count is 50."""
    n = params.get("n_residents")
    if isinstance(n, int) and not isinstance(n, bool) and 50 <= n <= 1_000_000:
        params["n_residents"] = 50


def _check_in_tmp(argv_of, capsys, kind: str, prepare=None) -> None:
    with tempfile.TemporaryDirectory() as d, contextlib.chdir(d):
        here = Path(d)
        if prepare is not None:
            prepare(here)
        out = here / "out"
        argv = argv_of(out)
        check_complies(argv, capsys, here, out, kind, ok_out=str(out) in argv)


SLOW = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

OPTION_VALUES = st.one_of(
    st.text(max_size=20),
    st.integers(-(2**70), 2**70).map(str),
    st.sampled_from(["-1", "0", "1", "2", "1e30", "nan", "1.5", "", "--quiet", "a" * 300]),
)
SET_VALUES = st.one_of(
    st.sampled_from(["true", "false", "null", "0.5", "1e400", "[]", "{}", '"x"', "a,b", ""]),
    EDGE.filter(lambda v: not isinstance(v, float) or math.isfinite(v)).map(json.dumps),
    st.text(max_size=10),
)


#: Output folders a user might give; relative, so that a valid one lands in the test's folder.
OUT_VALUES = st.one_of(
    st.sampled_from(
        ["", ".", "./", "..", "x/..", "a" * 300, "d/" + "b" * 300, "afile", "afile/x",
         "o\udcff", "a\x00b", "new", "new/deeper", "a\nb", " ", "results"]
    ),
    st.text(max_size=20).filter(
        lambda t: not t.startswith(("/", "~", "-")) and ".." not in t
    ),
)


@st.composite
def command_lines(draw) -> list[str]:
    command = draw(st.sampled_from(["run", "run", "run", "compare", "sweep", "scenarios", "app"]))
    extra: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        choice = draw(st.sampled_from(["option", "set", "positional", "unknown", "out"]))
        if choice == "option":
            opt = draw(st.sampled_from(["--seed", "--ticks", "--reps", "--workers", "--port",
                                         "--lang"]))
            extra += [opt, draw(OPTION_VALUES)]
        elif choice == "out":
            extra += ["--out", draw(OUT_VALUES)]
        elif choice == "set":
            name = draw(st.one_of(st.sampled_from(PARAMETER_NAMES), st.text(max_size=12)))
            extra += ["--set", f"{name}={draw(SET_VALUES)}"]
        elif choice == "positional":
            extra.append(draw(st.one_of(st.text(max_size=30), st.sampled_from(
                ["default", "outreach", "a" * 300, "x.toml", "/", ".", "..", "show"]))))
        else:
            extra.append(draw(st.sampled_from(["--bogus", "-x", "--", "--seed", "--out"])))
    if command == "app":
        # Only bad ports: a good one would start a server.
        port = draw(st.one_of(st.integers(-(2**40), 0), st.integers(65536, 2**40)).map(str)
                    | st.text(max_size=6).filter(lambda t: not t.strip().isdigit()))
        return ["app", *extra, "--port", port]
    return [command, *extra]


@pytest.mark.slow
@SLOW
@given(argv=command_lines())
def test_generated_command_lines(argv, capsys):
    # Cheap when valid (small, short, one worker); the last --out, --ticks... wins, but
    # argparse checks every one given.
    tail = {
        "run": ["--quiet", "--ticks", "2", "--set", "n_residents=50"],
        "compare": ["--quiet", "--workers", "1", "--reps", "1", "--ticks", "2"],
        "sweep": ["--quiet", "--workers", "1"],
    }

    def full(out: Path) -> list[str]:
        if argv[0] in tail:
            own = [] if "--out" in argv else ["--out", str(out)]  # a generated one, else ours
            return [*argv, *tail[argv[0]], *own]
        return argv

    _check_in_tmp(full, capsys, "command lines", lambda here: (here / "afile").write_text("x"))


#: Parameters with a range, for valid values at its ends.
RANGED = [r for r in parameter_table() if r["min"] is not None and r["name"] != "n_residents"]


@st.composite
def scenario_files(draw) -> str | bytes | dict:
    kind = draw(st.sampled_from(["mutated", "mutated", "mutated", "text", "bytes"]))
    if kind == "text":
        return draw(st.text(max_size=200))
    if kind == "bytes":
        return draw(st.binary(max_size=100))
    data = scenario_data("gen", {"outreach": 0.5})
    for _ in range(draw(st.integers(1, 3))):
        where = draw(
            st.sampled_from(["top", "parameters", "why", "subgroups", "delete", "edge", "edge"])
        )
        value = draw(EDGE)
        if where == "edge":  # a valid value at the end of its range: must run
            row = draw(st.sampled_from(RANGED))
            if isinstance(data.get("parameters"), dict) and isinstance(data.get("why"), dict):
                data["parameters"][row["name"]] = draw(st.sampled_from([row["min"], row["max"]]))
                data["why"][row["name"]] = "assumption: generated"
        elif where == "top":
            key = draw(st.sampled_from(list(scenarios.ScenarioFile.model_fields) + ["nme", "x"]))
            data[key] = value
        elif where == "parameters":
            key = draw(st.one_of(st.sampled_from(PARAMETER_NAMES), st.text(min_size=1, max_size=8)))
            if isinstance(data.setdefault("parameters", {}), dict):
                data["parameters"][key] = value
            if draw(st.booleans()) and isinstance(data.setdefault("why", {}), dict):
                data["why"][key] = "assumption: generated"
        elif where == "why":
            if isinstance(data.setdefault("why", {}), dict):
                data["why"][draw(st.text(min_size=1, max_size=8))] = value
        elif where == "subgroups":
            group = _group("g", 1.0, True)
            field = draw(st.sampled_from(list(group)))
            group[field] = value
            data["subgroups"] = [group]
            data["subgroups_why"] = "assumption: generated"
        else:
            data.pop(draw(st.sampled_from(["name", "title", "description", "source", "why"])), None)
    _clamp_cheap(data.get("parameters", {}) if isinstance(data.get("parameters"), dict) else {})
    return data


def _write_any(path: Path, content: str | bytes | dict) -> None:
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8", errors="surrogateescape")
    elif _toml_safe(content):
        path.write_text(tomli_w.dumps(content))
    else:  # a value TOML cannot hold: write what a user might, broken
        path.write_text(json.dumps(content, default=str))


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:Glyph")  # a generated label in odd characters
@SLOW
@given(content=scenario_files())
def test_generated_scenario_files(content, capsys):
    def prepare(here: Path) -> None:
        _write_any(here / "gen.toml", content)

    _check_in_tmp(
        lambda out: ["run", "gen.toml", "--quiet", "--ticks", "2", "--out", str(out)],
        capsys,
        "scenario files",
        prepare,
    )


@st.composite
def sweep_files(draw) -> str | bytes | dict:
    kind = draw(st.sampled_from(["mutated", "mutated", "mutated", "text"]))
    if kind == "text":
        return draw(st.text(max_size=200))
    data = sweep_data("gen")
    for _ in range(draw(st.integers(1, 3))):
        where = draw(st.sampled_from(["top", "design", "outputs", "parameters", "set"]))
        value = draw(EDGE)
        if where == "top":
            key = draw(st.sampled_from(list(sweep.SweepFile.model_fields) + ["replicates"]))
            if key in ("set", "parameters") and not isinstance(value, dict):
                data[key] = value
            elif key not in ("set",):
                data[key] = value
        elif where == "design":
            key = draw(st.sampled_from(["method", "samples", "levels", "n"]))
            if isinstance(data.setdefault("design", {}), dict):
                data["design"][key] = value
        elif where == "outputs":
            key = draw(st.sampled_from(["keep", "at_ticks", "columns", "every"]))
            if isinstance(data.setdefault("outputs", {}), dict):
                data["outputs"][key] = value
        else:
            key = draw(st.one_of(st.sampled_from(PARAMETER_NAMES), st.text(min_size=1, max_size=8)))
            if where == "parameters":
                data["parameters"] = {key: value}
            elif isinstance(data.get("set"), dict):
                data["set"] = {**data["set"], key: value}
    if isinstance(data.get("set"), dict):
        _clamp_cheap(data["set"])
        if "n_residents" not in data["set"] and not isinstance(data.get("parameters"), dict):
            data["set"]["n_residents"] = 50
    # Valid but costly sizes are not bad input: keep replications and samples small.
    design = data.get("design")
    if isinstance(design, dict):
        v = design.get("samples")
        if isinstance(v, int) and not isinstance(v, bool) and v > 2:
            design["samples"] = 2
    return data


@pytest.mark.slow
@SLOW
@given(content=sweep_files())
def test_generated_sweep_files(content, capsys):
    def prepare(here: Path) -> None:
        _write_any(here / "gen.toml", content)

    _check_in_tmp(
        lambda out: ["sweep", "gen.toml", "--quiet", "--workers", "1", "--out", str(out)],
        capsys,
        "sweep files",
        prepare,
    )


@pytest.mark.parametrize(
    "damage",
    ["points.json:{bad", "points.json:[1]", "manifest.json:{}", "runs.parquet:x", "-points.json"],
)
def test_damaged_results_folders_give_one_line(damage, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_toml(tmp_path / "tiny.toml", sweep_data("tiny"))
    assert cli.main(["sweep", "tiny.toml", "--workers", "1", "--quiet", "--out", "r"]) == 0
    if damage.startswith("-"):
        (tmp_path / "r" / damage[1:]).unlink()
    else:
        name, text = damage.split(":", 1)
        (tmp_path / "r" / name).write_text(text)
    code = check_complies(["report", "r"], capsys, tmp_path, None, "damaged results")
    assert code == 2 and not (tmp_path / "r" / "report").exists()


def test_scenario_listing_of_a_missing_or_empty_folder(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(scenarios, "SCENARIO_DIR", tmp_path / "nowhere")
    code = check_complies(["scenarios"], capsys, tmp_path, None, "hand-written arguments")
    assert code == 2
    monkeypatch.setattr(scenarios, "SCENARIO_DIR", tmp_path)
    capsys.readouterr()
    assert cli.main(["scenarios"]) == 0 and "no scenario files" in capsys.readouterr().out
