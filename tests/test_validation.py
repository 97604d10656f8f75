"""The target registry and ``cocreatie validate``: strict loading, shared seeds, statistics,
reproducible scorecards and the generated docs page. Runs are tiny (200 residents, a few
weeks); the registry's own targets are only loaded, not run, except for the docs page."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from conftest import ctrl_c_as_at_a_terminal
from scipy import stats as scipy_stats

from sim import batch, scenarios, validation
from sim.validation import Target, TargetError, load_targets

ROOT = Path(__file__).resolve().parent.parent

#: A small target file: three tiny targets on 200 residents, 12 weeks at most.
TINY = """
[[target]]
id = "tiny-value"
kind = "magnitude"
claim = "Some residents have ever taken part after ten weeks."
source = "test"
use = "holdout"
statistic = "value"
a = { scenario = "default", set = { n_residents = 200 }, output = "ever_participated", week = 10 }
range = [0.0, 1.0]
tolerance = "Anything between none and all: a test of the machinery."

[[target]]
id = "tiny-ratio"
kind = "case"
claim = "The default neighbourhood and the outreach scenario both have participants."
source = "test"
use = "fit"
statistic = "ratio"
range = [-inf, inf]
tolerance = "Open on both sides: a test of the machinery."

[target.a]
scenario = "default"
set = { n_residents = 200 }
output = "participants"
weeks = [5, 12]
aggregate = "sum"

[target.b]
scenario = "outreach"
set = { n_residents = 200 }
output = "participants"
weeks = [5, 12]
aggregate = "sum"

[[target]]
id = "tiny-difference"
kind = "case"
claim = "Outreach changes who is taking part."
source = "test"
use = "fit"
statistic = "difference"
range = [1.0, 2.0]
tolerance = "Impossible on purpose: a rate difference above 1 fails."

[target.a]
scenario = "outreach"
set = { n_residents = 200 }
output = "participation_rate"
weeks = [8, 12]

[target.b]
scenario = "default"
set = { n_residents = 200 }
output = "participation_rate"
weeks = [8, 12]
"""


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """``cocreatie`` in its own process; ``run`` waits for it, so none is left behind."""
    return subprocess.run(
        [sys.executable, "-m", "sim", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


def write(folder: Path, text: str, name: str = "targets.toml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text)
    return path


def one_target(**change: str) -> str:
    """The TOML of one valid target, with some lines replaced (``key="line"``) or dropped
    (``key=""``)."""
    lines = {
        "id": 'id = "one"',
        "kind": 'kind = "magnitude"',
        "claim": 'claim = "A claim."',
        "source": 'source = "test"',
        "use": 'use = "fit"',
        "statistic": 'statistic = "value"',
        "a": 'a = { scenario = "default", output = "ever_participated", weeks = [1, 3] }',
        "range": "range = [0.0, 1.0]",
        "tolerance": 'tolerance = "Why."',
    }
    lines.update(change)
    return "[[target]]\n" + "\n".join(v for v in lines.values() if v) + "\n"


# --- loading -----------------------------------------------------------------------------


def test_the_registry_loads_and_every_id_is_unique():
    targets = load_targets()
    ids = [t.id for t in targets]
    assert ids and len(ids) == len(set(ids))
    assert {"e1-ever-took-part", "e2-e4-ses-ratio", "e17-weekly-leaving"} <= set(ids)


def test_every_toml_of_the_folder_is_read(tmp_path):
    write(tmp_path, one_target(), "magnitudes.toml")
    write(tmp_path, one_target(id='id = "two"', kind='kind = "case"'), "cases.toml")
    assert [t.id for t in load_targets([tmp_path])] == ["two", "one"]  # sorted by file


BAD = {
    "unknown key": (
        {"claim": 'claimm = "A claim."'},
        ["claimm", "did you mean 'claim'"],
    ),
    "unknown measure key": (
        {"a": 'a = { scenario = "default", outptu = "ever_participated", week = 3 }'},
        ["a.outptu", "did you mean 'output'"],
    ),
    "unknown scenario": (
        {"a": 'a = { scenario = "outreech", output = "ever_participated", week = 3 }'},
        ["a.scenario", "outreech", "did you mean 'outreach'"],
    ),
    "unknown output": (
        {"a": 'a = { scenario = "default", output = "ever_participatd", week = 3 }'},
        ["a.output", "ever_participatd", "did you mean 'ever_participated'"],
    ),
    "unknown subgroup column": (
        {"a": 'a = { scenario = "default", output = "ever_participated[nobody]", week = 3 }'},
        ["a.output", "ever_participated[nobody]"],
    ),
    "unknown parameter in set": (
        {"a": 'a = { scenario = "default", set = { outrech = 0.1 }, output = "trust", week = 3 }'},
        ["a.set", "outrech", "did you mean 'outreach'"],
    ),
    "bad value in set": (
        {"a": 'a = { scenario = "default", set = { outreach = 7.0 }, output = "trust", week = 3 }'},
        ["a.set", "outreach"],
    ),
    "weeks backwards": (
        {"a": 'a = { scenario = "default", output = "trust", weeks = [9, 3] }'},
        ["a", "first <= last"],
    ),
    "negative week": (
        {"a": 'a = { scenario = "default", output = "trust", week = -1 }'},
        ["a", "0 <= first"],
    ),
    "week too late": (
        {"a": 'a = { scenario = "default", output = "trust", week = 20000 }'},
        ["a", "10000"],
    ),
    "weeks and week": (
        {"a": 'a = { scenario = "default", output = "trust", week = 2, weeks = [1, 2] }'},
        ["a", "either weeks"],
    ),
    "text for a week": (
        {"a": 'a = { scenario = "default", output = "trust", week = "3" }'},
        ["a.week", "text"],
    ),
    "difference without b": (
        {"statistic": 'statistic = "difference"'},
        ["statistic 'difference' needs b"],
    ),
    "ratio without b": ({"statistic": 'statistic = "ratio"'}, ["statistic 'ratio' needs b"]),
    "range backwards": ({"range": "range = [0.5, 0.1]"}, ["range", "low <= high"]),
    "text in range": ({"range": 'range = ["0.1", 1.0]'}, ["range", "text"]),
    "use": ({"use": 'use = "train"'}, ["use", "'fit' or 'holdout'"]),
    "kind": ({"kind": 'kind = "anecdote"'}, ["kind", "'case' or 'magnitude'"]),
    "statistic": ({"statistic": 'statistic = "median"'}, ["statistic", "'value'"]),
    "missing key": ({"tolerance": ""}, ["missing key 'tolerance'"]),
    "bad id": ({"id": 'id = "no spaces"'}, ["id"]),
}


@pytest.mark.parametrize("case", list(BAD))
def test_each_mistake_is_one_error_naming_file_target_and_key(tmp_path, case):
    change, words = BAD[case]
    path = write(tmp_path, one_target(**change))
    with pytest.raises(TargetError) as caught:
        load_targets([path])
    message = str(caught.value)
    assert "\n" not in message
    assert "targets.toml" in message
    if case != "bad id":
        assert "target 'one'" in message
    for word in words:
        assert word in message, message


def test_duplicate_ids_name_both_files(tmp_path):
    write(tmp_path, one_target(), "a.toml")
    write(tmp_path, one_target(), "b.toml")
    with pytest.raises(TargetError, match=r"b.toml: target 'one': id is used already .*a.toml"):
        load_targets([tmp_path])


def test_no_targets_is_an_error(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(TargetError, match="no target files"):
        load_targets([tmp_path / "empty"])
    path = write(tmp_path / "none", "# nothing yet\n")
    with pytest.raises(TargetError, match="no targets"):
        load_targets([path])
    with pytest.raises(TargetError, match="unknown key 'targets'; did you mean 'target'"):
        load_targets([write(tmp_path / "typo", "[[targets]]\nid = 'x'\n")])
    with pytest.raises(TargetError, match="no such target file"):
        load_targets([tmp_path / "missing.toml"])


def test_only_picks_targets_and_refuses_unknown_ids(tmp_path):
    targets = load_targets([write(tmp_path, TINY)])
    assert [t.id for t in validation.select(targets, ["tiny-ratio"])] == ["tiny-ratio"]
    with pytest.raises(TargetError, match="no target 'tiny-rato'; did you mean 'tiny-ratio'"):
        validation.select(targets, ["tiny-rato"])


# --- statistics ---------------------------------------------------------------------------


def target(statistic: str, low: float, high: float) -> Target:
    measure = {"scenario": "default", "output": "trust", "week": 1}
    return Target(
        id="t",
        kind="case",
        claim="c",
        source="s",
        use="fit",
        statistic=statistic,
        a=measure,
        b=None if statistic == "value" else measure,
        range=[low, high],
        tolerance="why",
    )


def test_value_is_the_mean_with_its_t_interval():
    a = np.arange(1.0, 11.0)
    got = validation.statistic(target("value", 5.0, 6.0), pd.DataFrame({"a": a}))
    half = scipy_stats.t.ppf(0.975, 9) * a.std(ddof=1) / np.sqrt(10)
    assert got["mean"] == pytest.approx(5.5)
    assert (got["low"], got["high"]) == pytest.approx((5.5 - half, 5.5 + half))
    assert got["pass"] and got["replications"] == 10 and got["note"] == ""
    missed = validation.statistic(target("value", 6.0, 7.0), pd.DataFrame({"a": a}))
    assert not missed["pass"] and missed["note"] == "below the range"


def test_difference_is_paired():
    a = np.arange(1.0, 11.0)
    frame = pd.DataFrame({"a": a + 2.0, "b": a})  # every pair differs by exactly 2
    got = validation.statistic(target("difference", 1.9, 2.1), frame)
    assert (got["mean"], got["low"], got["high"]) == (2.0, 2.0, 2.0)
    assert got["pass"]


def test_ratio_is_the_ratio_of_means_with_a_fixed_bootstrap():
    rng = np.random.default_rng(1)
    frame = pd.DataFrame({"a": rng.normal(6.0, 1.0, 20), "b": rng.normal(3.0, 0.5, 20)})
    got = validation.statistic(target("ratio", 1.5, 2.5), frame)
    assert got["mean"] == pytest.approx(frame["a"].mean() / frame["b"].mean())
    assert got["low"] < got["mean"] < got["high"]
    assert got["pass"]
    assert validation.statistic(target("ratio", 1.5, 2.5), frame) == got  # same seed
    zero = pd.DataFrame({"a": [1.0] * 10, "b": [0.0] * 10})
    undefined = validation.statistic(target("ratio", -np.inf, np.inf), zero)
    assert np.isnan(undefined["mean"]) and not undefined["pass"]
    assert "mean of b is 0" in undefined["note"]


def test_the_plan_shares_seeds_and_keeps_only_what_is_read(tmp_path):
    targets = load_targets([write(tmp_path, TINY)])
    the_plan = validation.plan(targets, 10, 7)
    assert len(the_plan.configurations) == 2  # default and outreach, each with 200 residents
    by_point = {p: [r for r in the_plan.runs if r.point == p] for p in (0, 1)}
    assert [r.seed for r in by_point[0]] == [r.seed for r in by_point[1]]
    assert by_point[0][0].ticks == 12
    assert by_point[0][0].keep.at_ticks == (5, 6, 7, 8, 9, 10, 11, 12)
    assert by_point[0][0].keep.columns == (
        "ever_participated",
        "participants",
        "participation_rate",
    )
    with pytest.raises(TargetError, match="at least 10 replications"):
        validation.plan(targets, 9, 0)


def test_identical_configurations_differ_by_exactly_zero(tmp_path):
    outreach = scenarios.load("default").resolved().outreach
    measure = 'output = "participation_rate", weeks = [2, 6]'
    text = one_target(
        statistic='statistic = "difference"',
        a=f'a = {{ scenario = "default", set = {{ n_residents = 200, outreach = {outreach!r} }}, '
        f"{measure} }}",
        range="range = [0.0, 0.0]\nscale = 0.01",
    )
    text += f'b = {{ scenario = "default", set = {{ n_residents = 200 }}, {measure} }}\n'
    targets = load_targets([write(tmp_path, text)])
    the_plan = validation.plan(targets, 10, 3)
    assert len(the_plan.configurations) == 2  # two configurations, the same model
    tables = validation.collect(batch.execute(the_plan.runs, workers=1), the_plan)
    card = validation.scorecard(targets, the_plan, tables)
    row = card.iloc[0]
    assert (row["mean"], row["low"], row["high"]) == (0.0, 0.0, 0.0)
    assert row["a_mean"] > 0 and bool(row["pass"])


# --- the command ----------------------------------------------------------------------------


def in_process(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """``cocreatie`` in this process (quicker than a new one; with ``--workers 1`` no
    process is started): exit status, stdout, stderr."""
    from sim import cli as command_line

    try:
        code = command_line.main(list(args))
    except SystemExit as stop:  # argparse's mistakes
        code = int(stop.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def _refused(code: int, err: str, *words: str) -> None:
    assert code == 2, err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    for word in words:
        assert word in lines[0], lines[0]


def test_bad_input_is_one_line_exit_2_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "out"
    bad = write(tmp_path / "bad", one_target(use='use = "train"'))
    res = cli("validate", "--targets", str(bad), "--out", str(out))  # a real process
    _refused(res.returncode, res.stderr, "targets.toml", "target 'one'", "use")
    good = write(tmp_path / "good", TINY)
    cases = {
        ("--targets", str(good), "--only", "tiny-rato"): "did you mean 'tiny-ratio'",
        ("--targets", str(good), "--reps", "5"): "--reps",
        ("--quick", "--docs"): "--docs",
        ("--only", "e1-ever-took-part", "--docs"): "--docs",
        ("--quick", "--reps", "12"): "--quick",
        ("--targets", str(tmp_path / "nowhere")): "nowhere",
        ("--targets", str(good), "--scheduler", "nonsense"): "--scheduler",
        ("--targets", str(bad)): "use",
    }
    for args, word in cases.items():
        code, _, err = in_process(capsys, "validate", *args, "--out", str(out))
        _refused(code, err, word)
    assert not out.exists()


def test_scorecard_only_and_fail_on_miss(tmp_path, capsys):
    good = write(tmp_path / "t", TINY)
    out = tmp_path / "out"
    common = ["validate", "--targets", str(good), "--quick", "--workers", "1", "--quiet"]
    code, stdout, err = in_process(capsys, *common, "--out", str(out))
    assert code == 0, err  # a failing target is a finding, not an error
    assert "2 of 3 targets pass (fit: 1/2, holdout: 1/1)" in stdout
    assert "FAIL" in stdout and "PASS" in stdout
    card = validation.read_results(out / "scorecard.csv")
    assert list(card.columns) == validation.SCORECARD_COLUMNS
    assert list(card["id"]) == ["tiny-value", "tiny-ratio", "tiny-difference"]
    assert list(card["pass"]) == [True, True, False]
    assert set(card["replications"]) == {10}
    assert not list(out.glob(".*"))  # no partial files left
    code, stdout, err = in_process(
        capsys, *common, "--only", "tiny-value", "--out", str(tmp_path / "only")
    )
    assert code == 0, err
    only = validation.read_results(tmp_path / "only" / "scorecard.csv")
    assert list(only["id"]) == ["tiny-value"]
    assert "1 of 1 targets pass" in stdout
    code, _, err = in_process(
        capsys, *common, "--only", "tiny-difference", "--fail-on-miss", "--out", str(out)
    )
    assert code == 1, err


@pytest.mark.slow
def test_the_same_seed_gives_the_same_bytes_with_one_or_two_workers(tmp_path):
    good = write(tmp_path / "t", TINY)
    common = ["validate", "--targets", str(good), "--quick", "--seed", "5", "--quiet"]
    for name, workers in (("a", "1"), ("b", "1"), ("c", "2")):
        res = cli(*common, "--workers", workers, "--out", str(tmp_path / name))
        assert res.returncode == 0, res.stderr
    first = (tmp_path / "a" / "scorecard.csv").read_bytes()
    assert (tmp_path / "b" / "scorecard.csv").read_bytes() == first
    assert (tmp_path / "c" / "scorecard.csv").read_bytes() == first
    res = cli(*common, "--seed", "6", "--workers", "1", "--out", str(tmp_path / "d"))
    assert (tmp_path / "d" / "scorecard.csv").read_bytes() != first


@pytest.mark.slow
def test_ctrl_c_ends_the_workers_and_writes_nothing(tmp_path):
    import signal

    import psutil

    longer = TINY.replace("n_residents = 200", "n_residents = 3000").replace(
        "week = 10", "week = 400"
    )
    good = write(tmp_path / "t", longer)
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "sim", "validate", "--targets", str(good), "--workers", "2"]
        + ["--quiet", "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=ctrl_c_as_at_a_terminal,
    )
    try:
        assert proc.stdout is not None and "validate:" in proc.stdout.readline()
        deadline = time.monotonic() + 60
        while len(psutil.Process(proc.pid).children()) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        workers = psutil.Process(proc.pid).children(recursive=True)
        assert workers, "no worker processes started"
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130, err
    assert "interrupted: nothing written" in err and "Traceback" not in err
    assert not out.exists()
    gone, alive = psutil.wait_procs(workers, timeout=10)
    assert not alive


def test_docs_writes_a_page_that_matches_its_csv(tmp_path, monkeypatch, capsys):
    from sim import cli as command_line

    monkeypatch.setattr(validation, "TARGET_DIR", tmp_path / "registry")
    monkeypatch.setattr(validation, "DOCS_DIR", tmp_path / "docs")
    write(tmp_path / "registry", TINY)
    (tmp_path / "docs").mkdir()
    code = command_line.main(
        ["validate", "--docs", "--reps", "10", "--workers", "1", "--quiet"]
        + ["--out", str(tmp_path / "out")]
    )
    assert code == 0, capsys.readouterr().err
    results = validation.read_results(tmp_path / "docs" / "validation.csv")
    page = (tmp_path / "docs" / "validation.md").read_text()
    assert page == validation.validation_page(load_targets(), results)
    assert "| case | 1 of 2 | 0 of 0 | 1 of 2 |" in page
    assert "| magnitude | 0 of 0 | 1 of 1 | 1 of 1 |" in page
    assert (tmp_path / "out" / "scorecard.csv").read_bytes() == (
        tmp_path / "docs" / "validation.csv"
    ).read_bytes()


# --- the docs page --------------------------------------------------------------------------


def test_validation_page_matches_the_registry_and_its_results():
    results = validation.read_results(ROOT / "docs" / "validation.csv")
    targets = load_targets()
    assert list(results["id"]) == [t.id for t in targets], (
        "docs/validation.csv is not the scorecard of the registry: run "
        "`uv run cocreatie validate --docs`"
    )
    page = (ROOT / "docs" / "validation.md").read_text()
    assert page == validation.validation_page(targets, results), (
        "docs/validation.md is out of date: run `uv run cocreatie validate --docs`"
    )
    assert (results["replications"] >= validation.MIN_REPLICATIONS).all()


@pytest.mark.slow
def test_the_docs_scorecard_is_what_the_model_gives_now(tmp_path, capsys):
    """docs/validation.csv must be the scorecard of the model as it is: a few of its targets
    (three configurations), rerun with the page's seed and replications, give exactly the
    same numbers. A model change that moves them needs `uv run cocreatie validate --docs`."""
    from sim import cli as command_line

    docs = validation.read_results(ROOT / "docs" / "validation.csv").set_index("id")
    ids = ["e2-e4-ses-ratio", "e17-weekly-leaving", "sint-nyk-lasts-after-funding"]
    reps, seed = int(docs.at[ids[0], "replications"]), int(docs.at[ids[0], "seed"])
    code = command_line.main(
        ["validate", "--only", *ids, "--reps", str(reps), "--seed", str(seed), "--quiet"]
        + ["--workers", "2", "--out", str(tmp_path / "out")]
    )
    assert code == 0, capsys.readouterr().err
    now = validation.read_results(tmp_path / "out" / "scorecard.csv").set_index("id")
    for column in ("mean", "low", "high", "a_mean", "b_mean", "pass"):
        assert now.loc[ids, column].equals(docs.loc[ids, column]), (
            f"{column}: docs/validation.csv is out of date; run `uv run cocreatie validate "
            "--docs`"
        )
