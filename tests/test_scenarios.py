"""Scenario files: every shipped one works; broken ones are refused clearly; extends works."""

from __future__ import annotations

import re
import string
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPLICATIONS
from sim import scenarios
from sim.cli import main
from sim.model import CoCreationModel
from sim.parameters import PARAMETER_NAMES, Parameters, parameter_table

SHIPPED = scenarios.available()
GOOD = """
name = "{name}"
title = "A test scenario"
description = "A scenario written by the tests, long enough to pass."
source = "000 L1-2"
{extra}
[parameters]
{params}
[why]
{why}
"""


def write(folder: Path, name: str, params: dict | None = None, extra: str = "",
          why: dict | None = None) -> Path:
    params = params or {}
    why = {k: "assumption: test" for k in params} if why is None else why
    text = GOOD.format(name=name, extra=extra,
                       params="\n".join(f"{k} = {v}" for k, v in params.items()),
                       why="\n".join(f'{k} = "{v}"' for k, v in why.items()))
    path = folder / f"{name}.toml"
    path.write_text(text)
    return path


def refused(path: Path, capsys) -> str:
    """Run the command line on a scenario file in-process; it must refuse with exit status 2,
    one line on stderr and no output folder."""
    out = path.parent / "out"
    code = main(["run", str(path), "--ticks", "2", "--quiet", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("cocreatie: error: ")
    assert "Traceback" not in err
    assert not out.exists() and not list(path.parent.glob(".out*"))
    return lines[0]


# --- the shipped library -------------------------------------------------------------------


def test_the_library_has_the_archetypes_and_cases():
    archetypes = {"bureaublind", "outreach", "bekende-gezichten", "laagdrempelig",
                  "tunnelvisie", "best-practice"}
    assert archetypes <= set(SHIPPED)
    assert len(SHIPPED) >= 23


@pytest.mark.parametrize("name", SHIPPED)
def test_every_shipped_scenario_validates_and_runs_ten_ticks(name):
    sc = scenarios.load(name)
    assert sc.source and sc.description
    assert all(note.startswith(("text", "assumption")) for note in sc.why.values()), sc.why
    model = CoCreationModel(rng=1, **sc.params)
    model.run_for(10)
    assert model.time == 10.0


def test_docs_page_lists_every_scenario_and_is_up_to_date():
    page = Path(__file__).resolve().parent.parent / "docs" / "scenarios.md"
    assert page.read_text() == scenarios.markdown_page(), (
        "docs/scenarios.md is out of date: run `uv run cocreatie docs`")
    for name in SHIPPED:
        assert f"(`{name}`)" in page.read_text()


# --- Dutch texts ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", SHIPPED)
def test_every_shipped_scenario_and_subgroup_has_a_dutch_text(name):
    sc = scenarios.load(name)
    assert sc.title_nl and sc.description_nl
    assert sc.text("nl") == (sc.title_nl, sc.description_nl)
    assert sc.text("en") == (sc.title, sc.description)
    for group in sc.resolved().subgroups:  # the file's own groups or the default ones
        assert group.label_nl, f"{name}: subgroup {group.name} has no label_nl"
        assert group.display_label("nl") == group.label_nl
        assert group.display_label("en") == group.label


def test_dutch_text_falls_back_to_english_and_is_not_inherited(tmp_path):
    write(tmp_path, "base", {"outreach": 0.2},
          extra='title_nl = "Een testscenario"\n'
                'description_nl = "Een scenario van de tests, lang genoeg."')
    write(tmp_path, "child", {"tunnelvisie": 0.1}, extra='extends = "base"')
    base, child = scenarios.load("base", tmp_path), scenarios.load("child", tmp_path)
    assert base.text("nl") == ("Een testscenario", "Een scenario van de tests, lang genoeg.")
    assert base.text("en") == ("A test scenario",
                               "A scenario written by the tests, long enough to pass.")
    assert child.title_nl is None and child.description_nl is None
    assert child.text("nl") == child.text("en") == base.text("en")
    group = Parameters().subgroups[0].model_copy(update={"label_nl": None})
    assert group.display_label("nl") == group.display_label("en") == group.label


def test_unknown_language_is_refused():
    sc = scenarios.load("outreach")
    group = sc.resolved().subgroups[0]
    for call in (sc.text, group.display_label):
        with pytest.raises(ValueError, match="'de'.*allowed: en, nl"):
            call("de")


# --- extends ---------------------------------------------------------------------------------


def test_extends_inherits_and_overrides(tmp_path):
    write(tmp_path, "base", {"outreach": 0.2, "tunnelvisie": 0.7})
    write(tmp_path, "middle", {"tunnelvisie": 0.1}, extra='extends = "base"')
    write(tmp_path, "top", {"laagdrempeligheid": 0.9}, extra='extends = "middle"',
          why={"laagdrempeligheid": "text: 000 L3291"})
    sc = scenarios.load("top", tmp_path)
    assert sc.chain == ["top", "middle", "base"]
    assert sc.params == {"outreach": 0.2, "tunnelvisie": 0.1, "laagdrempeligheid": 0.9}
    assert sc.origin == {"outreach": "base", "tunnelvisie": "middle",
                         "laagdrempeligheid": "top"}
    assert sc.why["laagdrempeligheid"] == "text: 000 L3291"
    resolved = sc.resolved()
    assert resolved.outreach == 0.2 and resolved.tunnelvisie == 0.1
    assert resolved.n_residents == Parameters().n_residents  # untouched: the model default


def test_subgroups_are_inherited_and_can_be_replaced():
    base = scenarios.load("gonoord-leiden")
    assert "subgroups" in base.params
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        (folder / "gonoord-leiden.toml").write_text(
            (scenarios.SCENARIO_DIR / "gonoord-leiden.toml").read_text())
        write(folder, "child", {"outreach": 0.9}, extra='extends = "gonoord-leiden"')
        child = scenarios.load("child", folder)
        assert child.params["subgroups"] == base.params["subgroups"]
        assert child.origin["subgroups"] == "gonoord-leiden"


def test_scenario_by_path_and_set_on_top(tmp_path, capsys):
    path = write(tmp_path, "mine", {"outreach": 0.6})
    out = tmp_path / "run"
    assert main(["run", str(path), "--ticks", "3", "--quiet", "--out", str(out),
                 "--set", "tunnelvisie=0.2"]) == 0
    text = (out / "run.json").read_text()
    assert '"outreach": 0.6' in text and '"tunnelvisie": 0.2' in text
    assert "mine: after 3 weeks" in capsys.readouterr().out


# --- broken files: property tests ----------------------------------------------------------

NUMERIC = {row["name"]: (row["min"], row["max"]) for row in parameter_table()
           if row["min"] is not None}
names = st.text(string.ascii_lowercase, min_size=3, max_size=10)
FILE_KEYS = set(scenarios.ScenarioFile.model_fields)
FAST = settings(max_examples=15, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


@FAST
@given(key=names.filter(lambda k: k not in FILE_KEYS))
def test_unknown_top_level_key(key, capsys):
    with tempfile.TemporaryDirectory() as d:
        path = write(Path(d), "s", {"outreach": 0.5}, extra=f'{key} = 1')
        line = refused(path, capsys)
        assert f"unknown key '{key}'" in line and "s.toml" in line and "Allowed keys" in line


@FAST
@given(name=st.sampled_from(sorted(NUMERIC)), typo=st.integers(0, 100))
def test_unknown_parameter_with_suggestion(name, typo, capsys):
    wrong = name[:-1] + ("x" if name[-1] != "x" else "y")
    assert wrong not in PARAMETER_NAMES
    with tempfile.TemporaryDirectory() as d:
        path = write(Path(d), "s", {wrong: 0.5})
        line = refused(path, capsys)
        assert f"unknown parameter '{wrong}'" in line and "did you mean" in line


@FAST
@given(name=st.sampled_from(sorted(NUMERIC)), text=names)
def test_wrong_type(name, text, capsys):
    with tempfile.TemporaryDirectory() as d:
        path = write(Path(d), "s", {name: f'"{text}"'})
        line = refused(path, capsys)
        assert f"parameter '{name}'" in line and "allowed range" in line


@FAST
@given(name=st.sampled_from(sorted(NUMERIC)), above=st.booleans(),
       by=st.floats(0.01, 1e4, allow_nan=False))
def test_value_out_of_range(name, above, by, capsys):
    lo, hi = NUMERIC[name]
    value = hi + by if above else lo - by
    if Parameters.model_fields[name].annotation is int:
        value = int(np.ceil(value)) if above else int(np.floor(value))
    with tempfile.TemporaryDirectory() as d:
        path = write(Path(d), "s", {name: value})
        line = refused(path, capsys)
        assert f"parameter '{name}'" in line and f"[{lo}, {hi}]" in line


@FAST
@given(scale=st.floats(0.5, 1.5).filter(lambda x: abs(x - 1) > 0.01))
def test_subgroup_shares_must_sum_to_one(scale, capsys):
    text = (scenarios.SCENARIO_DIR / "gonoord-leiden.toml").read_text()
    shares = [float(x) for x in re.findall(r"^share = ([0-9.]+)", text, re.M)]
    assert shares and abs(sum(shares) - 1) < 1e-9
    for s in shares:
        text = re.sub(rf"^share = {s}$", f"share = {s * scale!r}", text, count=1, flags=re.M)
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "gonoord-leiden.toml"
        path.write_text(text)
        line = refused(path, capsys)
        assert "sum to 1" in line and "gonoord-leiden.toml" in line


@FAST
@given(chain=st.lists(names, min_size=1, max_size=4, unique=True))
def test_cycle_in_extends(chain, capsys):
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        for i, name in enumerate(chain):
            nxt = chain[(i + 1) % len(chain)]
            write(folder, name, {"outreach": 0.5}, extra=f'extends = "{nxt}"')
        line = refused(folder / f"{chain[0]}.toml", capsys)
        assert "circle" in line and chain[0] in line


@FAST
@given(missing=names)
def test_missing_files(missing, capsys):
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        path = write(folder, "s", {"outreach": 0.5}, extra=f'extends = "{missing}x"')
        line = refused(path, capsys)
        assert f"extends '{missing}x', which does not exist" in line
        line = refused(folder / f"{missing}y.toml", capsys)
        assert "no such scenario file" in line


def test_parameters_need_a_why_and_notes_need_a_parameter(tmp_path, capsys):
    path = write(tmp_path, "s", {"outreach": 0.5}, why={})
    assert "[why] has no note for outreach" in refused(path, capsys)
    path = write(tmp_path, "s", {"outreach": 0.5},
                 why={"outreach": "assumption", "tunnelvisie": "assumption"})
    assert "[why] explains tunnelvisie" in refused(path, capsys)


def test_bad_toml_and_wrong_name(tmp_path, capsys):
    path = tmp_path / "bad.toml"
    path.write_text('name = "bad"\ntitle = \n')
    assert "not valid TOML" in refused(path, capsys)
    path = write(tmp_path, "right", {"outreach": 0.5})
    path.rename(tmp_path / "wrong.toml")
    assert "must match the file name" in refused(tmp_path / "wrong.toml", capsys)


def test_unknown_scenario_name_through_the_real_command(tmp_path):
    res = subprocess.run([sys.executable, "-m", "sim", "run", "outreech", "--out",
                          str(tmp_path / "x")], capture_output=True, text=True, timeout=120)
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert "did you mean 'outreach'" in res.stderr and not (tmp_path / "x").exists()


# --- the archetypes differ in the expected direction -----------------------------------------


def _reach(name: str) -> np.ndarray:
    params = scenarios.load(name).params
    out = []
    for seed in range(REPLICATIONS):
        model = CoCreationModel(rng=seed, **params)
        model.run_for(104)
        out.append(model.metrics["ever_reached[low_ses]"])
    return np.array(out)


@pytest.mark.slow
def test_archetypes_reach_low_ses_residents_in_the_expected_order():
    """Over 10 replications of two years (means): outreach and bekende-gezichten reach at
    least 10 points more low-SES residents than bureaublind; tunnelvisie, which is outreach
    with tunnel vision, at least 5 points fewer than outreach."""
    base, out, faces, tunnel = (_reach(n) for n in
                                ("bureaublind", "outreach", "bekende-gezichten", "tunnelvisie"))
    assert out.mean() - base.mean() >= 0.10
    assert faces.mean() - base.mean() >= 0.10
    assert out.mean() - tunnel.mean() >= 0.05
