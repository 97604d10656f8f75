"""The calibration (pyabc ABC-SMC), its posterior and ensemble runs.

A tiny calibration (a small neighbourhood, two fit targets, two parameters, four particles,
two generations) runs end to end: the same seed gives the same posterior on one process, on
two and on a real Dask cluster on loopback; a calibration stopped after its first generation
resumes to the posterior of one never stopped. Ensemble compares give medians, intervals and
probabilities; identical scenarios tie in every draw. Bad input ends in one line and exit 2.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim import calibration, calibration_page, posterior, sweep, validation
from sim.cli import main
from sim.parameters import PRIORS, Parameters, bounds

TARGETS = """
[[target]]
id = "reach"
kind = "magnitude"
claim = "A few % ever take part in a year."
source = "test"
use = "fit"
statistic = "value"
a = { scenario = "default", set = { n_residents = 300 }, output = "ever_participated", week = 40 }
range = [0.01, 0.04]
tolerance = "a test range"

[[target]]
id = "outreach-reaches"
kind = "case"
claim = "Outreach reaches more low SES than the desk."
source = "test"
use = "fit"
statistic = "ratio"
a = { scenario = "default", set = { n_residents = 300, outreach = 0.8 }, output = "ever_reached[low_ses]", week = 40 }
b = { scenario = "default", set = { n_residents = 300 }, output = "ever_reached[low_ses]", week = 40 }
range = [1.2, inf]
tolerance = "a test range"

[[target]]
id = "held"
kind = "case"
claim = "Held out: never fitted."
source = "test"
use = "holdout"
statistic = "value"
a = { scenario = "default", set = { n_residents = 300 }, output = "participation_rate", week = 40 }
range = [0.0, 0.05]
tolerance = "a test range"
"""

PRIORS_FILE = """
[priors.join_intercept]
shape = "uniform"
low = -10.0
high = -6.0

[priors.word_of_mouth]
shape = "loguniform"
low = 0.01
high = 0.3
"""


@pytest.fixture
def tiny(tmp_path: Path) -> dict:
    (tmp_path / "targets.toml").write_text(TARGETS)
    (tmp_path / "priors.toml").write_text(PRIORS_FILE)
    return {
        "targets": calibration.fit_targets(validation.load_targets([tmp_path / "targets.toml"])),
        "priors": calibration.load_priors(tmp_path / "priors.toml"),
        "budget": calibration.Budget(particles=4, generations=2, replications=1, seed=3),
        "dir": tmp_path,
    }


def calibrate(tiny: dict, out: str, **kwargs) -> pd.DataFrame:
    folder = tiny["dir"] / out
    budget = kwargs.pop("budget", tiny["budget"])
    calibration.prepare(folder, budget, tiny["targets"], kwargs.pop("resume", False), tiny["priors"])
    calibration.run(folder, budget, tiny["targets"], priors=tiny["priors"], report=lambda _: None,
                    **kwargs)
    return calibration.posterior(folder)


# --- the registry's priors ------------------------------------------------------------------


def test_every_prior_lies_in_its_range_and_holds_the_default():
    assert len(PRIORS) >= 10
    for name, prior in PRIORS.items():
        lo, hi = bounds(name)
        assert lo <= prior.low < prior.high <= hi, name
        assert prior.low <= Parameters.model_fields[name].default <= prior.high, name
        assert Parameters.model_fields[name].annotation is float, name


def test_no_prior_on_a_parameter_a_scenario_sets():
    """A scenario's value would overrule the draw: such a parameter cannot be fitted."""
    import tomllib

    from sim import scenarios

    for path in sorted(scenarios.SHIPPED_DIR.glob("*.toml")):
        data = tomllib.loads(path.read_text())
        assert not set(data.get("parameters", {})) & set(PRIORS), path.name


# --- the distance -----------------------------------------------------------------------------


def test_a_miss_is_measured_in_tolerances():
    targets = {t.id: t for t in validation.load_targets()}
    closed = targets["e1-ever-took-part"]  # a closed range: its width is one tolerance
    low, high = closed.range
    assert validation.miss(closed, (low + high) / 2) == 0
    assert validation.miss(closed, high + (high - low)) == pytest.approx(1.0)
    assert validation.miss(closed, low - (high - low) / 2) == pytest.approx(-0.5)
    open_ = next(t for t in targets.values() if t.range[1] == math.inf and t.range[0] > 0)
    assert validation.miss(open_, open_.range[0] * 0.9) == pytest.approx(-0.1)
    assert validation.miss(open_, float("nan")) == validation.UNDEFINED_MISS


def test_the_fingerprint_follows_what_the_targets_ask(tiny):
    same = calibration.fit_targets(validation.load_targets([tiny["dir"] / "targets.toml"]))
    assert validation.fingerprint(same) == validation.fingerprint(tiny["targets"])
    moved = [same[0].model_copy(update={"range": [0.01, 0.05]}), same[1]]
    assert validation.fingerprint(moved) != validation.fingerprint(tiny["targets"])


# --- a tiny calibration end to end ------------------------------------------------------------


@pytest.mark.slow
def test_same_seed_same_posterior_on_one_and_two_processes(tiny):
    one = calibrate(tiny, "one", workers=1)
    two = calibrate(tiny, "two", workers=2)
    assert len(one) == 4 and set(one.columns) == {"join_intercept", "word_of_mouth", "weight"}
    pd.testing.assert_frame_equal(one, two, check_exact=True)
    assert one["weight"].sum() == pytest.approx(1.0)
    table = calibration.generations_done(tiny["dir"] / "one")
    assert list(table["t"]) == [0, 1]
    assert math.isinf(table["epsilon"][0]) and table["epsilon"][1] < math.inf
    other = calibrate(tiny, "other", budget=calibration.Budget(4, 2, 1, seed=4), workers=2)
    assert not one.equals(other)


@pytest.mark.slow
def test_a_stopped_calibration_resumes_to_the_same_posterior(tiny):
    whole = calibrate(tiny, "whole", workers=2)
    first = calibration.Budget(particles=4, generations=1, replications=1, seed=3)
    calibrate(tiny, "stopped", budget=first, workers=2)  # as if killed after generation 1
    assert len(calibration.generations_done(tiny["dir"] / "stopped")) == 1
    resumed = calibrate(tiny, "stopped", resume=True, workers=2)
    pd.testing.assert_frame_equal(whole, resumed, check_exact=True)


@pytest.mark.slow
def test_a_killed_calibration_resumes_from_the_command_line(tiny):
    """Killed (SIGKILL) during its second generation, the command goes on with --resume
    and ends at the posterior of a calibration never stopped."""
    import time

    args = ["--targets", str(tiny["dir"] / "targets.toml"), "--priors",
            str(tiny["dir"] / "priors.toml"), "--particles", "4", "--generations", "2",
            "--reps", "1", "--seed", "3", "--workers", "1"]
    folder = tiny["dir"] / "killed"
    command = [sys.executable, "-m", "sim", "calibrate", *args, "--out", str(folder)]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True)
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("generation 1 of 2"):
                break
        time.sleep(0.5)
        proc.kill()
    finally:
        proc.kill()
        proc.wait(timeout=30)
    assert len(calibration.generations_done(folder)) == 1
    assert main(["calibrate", *args, "--out", str(folder), "--resume"]) == 0
    whole = calibrate(tiny, "whole", workers=1)
    pd.testing.assert_frame_equal(whole, calibration.posterior(folder), check_exact=True)
    made = json.loads((folder / "posterior.json").read_text())
    assert made["provenance"]["model_runs"] == made["provenance"]["evaluations"] * 2  # 2 configurations
    assert made["provenance"]["targets_fingerprint"] == validation.fingerprint(tiny["targets"])


@pytest.mark.slow
def test_the_dask_path_gives_the_same_posterior(tiny, dask_cluster):
    local = calibrate(tiny, "local", workers=2)
    remote = calibrate(tiny, "dask", scheduler=dask_cluster)
    pd.testing.assert_frame_equal(local, remote, check_exact=True)


# --- bad input --------------------------------------------------------------------------------


def _refused(capsys, argv: list[str], words: str, nothing_in: Path | None = None) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "Traceback" not in err and words in err, err
    if nothing_in is not None:
        assert not nothing_in.exists() or not any(nothing_in.iterdir())


@pytest.mark.parametrize(
    "text, words",
    [
        ('[priors.w_trus]\nshape = "uniform"\nlow = 0.0\nhigh = 1.0\n', "did you mean 'w_trust'"),
        ('[priors.w_trust]\nshape = "uniform"\nlow = 0.0\nhigh = 9.0\n', "outside the parameter"),
        ('[priors.w_trust]\nshape = "normal"\nlow = 0.0\nhigh = 1.0\n', "'uniform' or"),
        ('[priors.w_trust]\nshape = "uniform"\nlow = 1.0\nhigh = 1.0\n', "must be below"),
        ('[priors.w_trust]\nshape = "uniform"\nlow = "0"\nhigh = 1.0\n', "must be numbers"),
        ('[priors.word_of_mouth]\nshape = "loguniform"\nlow = 0.0\nhigh = 0.1\n', "above 0"),
        ('[priors.n_residents]\nshape = "uniform"\nlow = 100\nhigh = 200\n', "decimal"),
        ("[priors]\n", "one per parameter"),
        ("[prior.w_trust]\n", "unknown key 'prior'"),
        ("not toml = = 1", "not valid TOML"),
    ],
)
def test_a_bad_priors_file_is_refused(tmp_path, capsys, text, words):
    (tmp_path / "p.toml").write_text(text)
    out = tmp_path / "out"
    _refused(capsys, ["calibrate", "--priors", str(tmp_path / "p.toml"), "--out", str(out)],
             words, out)


@pytest.mark.parametrize(
    "scale, words",
    [("scale = 0.0", "greater than 0"), ("scale = -1.0", "greater than 0"),
     ('scale = "1"', "a number above 0"), ("", "no scale for a miss")],
)
def test_a_target_without_a_positive_scale_is_refused(tmp_path, capsys, scale, words):
    text = TARGETS.replace("range = [0.01, 0.04]", f"range = [0.0, inf]\n{scale}")
    (tmp_path / "t.toml").write_text(text)
    out = tmp_path / "out"
    _refused(capsys, ["calibrate", "--targets", str(tmp_path / "t.toml"), "--out", str(out)],
             words, out)


def test_a_calibration_folder_is_neither_overwritten_nor_resumed_with_other_settings(
    tiny, capsys
):
    folder = tiny["dir"] / "cal"
    folder.mkdir()
    (folder / "other.txt").write_text("keep me")
    base = ["calibrate", "--targets", str(tiny["dir"] / "targets.toml"), "--priors",
            str(tiny["dir"] / "priors.toml"), "--out", str(folder)]
    _refused(capsys, base, "--resume")
    assert (folder / "other.txt").read_text() == "keep me"
    _refused(capsys, [*base, "--resume"], "holds no calibration")
    calibration.prepare(folder / "x", tiny["budget"], tiny["targets"], False, tiny["priors"])
    settings = calibration._settings(tiny["budget"], tiny["targets"], tiny["priors"])
    (folder / "x").mkdir()
    (folder / "x" / calibration.SETTINGS).write_text(json.dumps(settings))
    (folder / "x" / calibration.HISTORY).write_bytes(b"")
    x = [*base[:-1], str(folder / "x"), "--resume", "--reps", "1", "--seed", "3",
         "--particles", "4"]
    _refused(capsys, [*x[:-1], "5"], "--particles 4, not 5")
    _refused(capsys, [*x, "--priors", str(PRIORS_OTHER(tiny["dir"]))], "other priors")
    _refused(capsys, [*base, "--name", "Main!"], "--name")


def PRIORS_OTHER(folder: Path) -> Path:
    path = folder / "other-priors.toml"
    path.write_text(PRIORS_FILE.replace("high = -6.0", "high = -5.0"))
    return path


# --- the posterior and ensembles ----------------------------------------------------------------


def _posterior_file(folder: Path, fingerprint: str, name: str = "p") -> Path:
    """A posterior file in the shipped format: three weighted draws around the defaults."""
    frame = pd.DataFrame(
        {"join_intercept": [-8.2, -7.8, -8.0], "word_of_mouth": [0.05, 0.07, 0.06],
         "weight": [0.2, 0.3, 0.5]}
    )
    path = folder / f"{name}.json"
    path.write_text(posterior.write(path, name, frame, {"targets_fingerprint": fingerprint}))
    return path


def registry_fingerprint() -> str:
    return validation.fingerprint(calibration.fit_targets(validation.load_targets()))


def test_draws_follow_the_weights_and_the_seed(tmp_path):
    post = posterior.load(str(_posterior_file(tmp_path, "x")))
    picks = posterior.draws(post, 10, seed=1)
    assert picks == posterior.draws(post, 10, seed=1)
    counts = pd.Series([p["join_intercept"] for p in picks]).value_counts()
    assert counts[-8.0] == 5 and counts[-7.8] == 3 and counts[-8.2] == 2  # 10 x weight


@pytest.mark.parametrize(
    "change, words",
    [
        (lambda d: d.update(draws=[]), "no draws"),
        (lambda d: d["draws"][0]["values"].pop("word_of_mouth"), "draw 1 needs"),
        (lambda d: d["draws"][1]["values"].update(word_of_mouth=7.0), "draw 2"),
        (lambda d: d.update(parameters=["w_trus"]), "did you mean 'w_trust'"),
        (lambda d: d["provenance"].update(targets_fingerprint="0000"), "other targets"),
    ],
)
def test_a_bad_or_foreign_posterior_is_refused(tmp_path, capsys, change, words):
    path = _posterior_file(tmp_path, registry_fingerprint())
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))
    out = tmp_path / "out"
    _refused(capsys, ["compare", "default", "outreach", "--ensemble", "2", "--posterior",
                      str(path), "--out", str(out)], words, out)


def test_a_missing_posterior_names_the_shipped_ones(tmp_path, capsys):
    _refused(capsys, ["run", "--ensemble", "2", "--posterior", "mian", "--out",
                      str(tmp_path / "o")], "no posterior 'mian'")


def test_a_sweep_cannot_both_sweep_and_draw_a_parameter(tmp_path):
    path = _posterior_file(tmp_path, registry_fingerprint())
    (tmp_path / "s.toml").write_text(
        'name = "s"\ndescription = "a sweep over an ensemble"\n'
        f'[parameters]\nword_of_mouth = [0.01, 0.1]\n[ensemble]\nposterior = "{path}"\n'
        "draws = 2\n"
    )
    with pytest.raises(sweep.SweepError, match="drawn from the posterior"):
        sweep.load_sweep(tmp_path / "s.toml")
    (tmp_path / "s.toml").write_text(
        'name = "s"\ndescription = "a sweep over an ensemble"\n'
        f'[parameters]\noutreach = [0.1, 0.5]\n[ensemble]\nposterior = "{path}"\ndraws = 3\n'
    )
    points, runs = sweep.plan(sweep.load_sweep(tmp_path / "s.toml"))
    assert len(points) == 6 and {p["draw"] for p in points} == {0, 1, 2}
    assert all("draw" not in r.params for r in runs)
    by_draw = {p["draw"]: p["join_intercept"] for p in points}
    assert [p["join_intercept"] for p in points] == [by_draw[p["draw"]] for p in points]


def _small_scenario(folder: Path, name: str, outreach: float) -> Path:
    path = folder / f"{name}.toml"
    path.write_text(
        f'name = "{name}"\ntitle = "small"\nsource = "test"\n'
        'description = "A small neighbourhood for a quick test."\n'
        f"[parameters]\nn_residents = 300\noutreach = {outreach}\n"
        '[why]\nn_residents = "assumption: quick"\noutreach = "assumption: the lever"\n'
    )
    return path


@pytest.mark.slow
def test_ensemble_compare_reports_intervals_probabilities_and_ties(tmp_path, capsys):
    post = _posterior_file(tmp_path, registry_fingerprint())
    a = _small_scenario(tmp_path, "desk", 0.1)
    b = _small_scenario(tmp_path, "street", 0.9)
    twin = tmp_path / "twin"
    twin.mkdir()
    same = _small_scenario(twin, "desk-again", 0.1)
    out = tmp_path / "out"
    argv = ["compare", str(a), str(b), str(same), "--ensemble", "4", "--reps", "2",
            "--ticks", "40", "--posterior", str(post), "--out", str(out), "--workers", "2",
            "--quiet"]
    assert main(argv) == 0
    duels = pd.read_csv(out / "contests.csv")
    assert len(duels) == 3 * len(calibration_contests())
    probabilities = duels[["P(a better)", "P(b better)", "P(equal)"]].to_numpy()
    assert ((probabilities >= 0) & (probabilities <= 1)).all()
    assert np.allclose(probabilities.sum(axis=1), 1)
    tie = duels[(duels["a"] == "desk") & (duels["b"] == "desk-again")]
    assert (tie["verdict"] == "tie").all() and (tie["P(equal)"] == 1).all()
    draws = pd.read_csv(out / "draws.csv")
    left = draws[draws["scenario"] == "desk"].drop(columns="scenario").reset_index(drop=True)
    right = draws[draws["scenario"] == "desk-again"].drop(columns="scenario")
    pd.testing.assert_frame_equal(left, right.reset_index(drop=True), check_exact=True)
    summary = pd.read_csv(out / "ensemble.csv", index_col="scenario")
    assert summary.shape[0] == 3 and summary.iloc[0, 0].count("[") == 1
    printed = capsys.readouterr().out
    assert "4 draws from the posterior" in printed and "How often one scenario beats" in printed


def calibration_contests():
    from sim.compare import CONTESTS

    return CONTESTS


@pytest.mark.slow
def test_ensemble_run_of_one_scenario(tmp_path):
    post = _posterior_file(tmp_path, registry_fingerprint())
    out = tmp_path / "run"
    assert main(["run", "--ensemble", "2", "--reps", "2", "--ticks", "20", "--set",
                 "n_residents=200", "--posterior", str(post), "--out", str(out),
                 "--quiet"]) == 0
    runs = pd.read_csv(out / "runs.csv")
    assert sorted(runs["draw"].unique()) == [0, 1] and len(runs) == 4
    assert not (out / "contests.csv").exists()


# --- the shipped posterior and its page ---------------------------------------------------------


def test_the_shipped_posterior_belongs_to_the_registry_and_the_page_is_current():
    post = posterior.load()
    posterior.check_current(post, registry_fingerprint())
    assert set(post.parameters) == set(PRIORS)
    made = post.provenance
    assert made["model_runs"] == made["evaluations"] * made["runs_per_evaluation"]
    assert made["budget"] == {
        "particles": calibration.DEFAULT_PARTICLES,
        "generations": calibration.DEFAULT_GENERATIONS,
        "replications": calibration.DEFAULT_REPLICATIONS,
        "seed": calibration.DEFAULT_SEED,
    }
    assert not set(made["fit_targets"]) & {
        t.id for t in validation.load_targets() if t.use == "holdout"
    }
    page = calibration_page.current_page()
    assert page is not None
    assert calibration_page.PAGE.read_text() == page, (
        "docs/calibration.md is stale: run `uv run cocreatie docs`"
    )
    checks = pd.read_csv(calibration_page.CHECKS)
    assert checks["draw"].nunique() == calibration_page.CHECK_DRAWS
    assert set(checks["id"]) == {t.id for t in validation.load_targets()}
    for figure in (calibration_page.MARGINALS, calibration_page.PAIRS):
        assert (calibration_page.DOCS_DIR / figure).is_file()


def test_the_page_says_which_parameters_the_evidence_pins_down(tmp_path):
    post = posterior.load(str(_posterior_file(tmp_path, "x")))
    rows = calibration_page.parameter_rows(post).set_index("parameter")
    # join_intercept: draws within 0.4 of a prior 4 wide; word_of_mouth: 0.05-0.07 of 0.01-0.3
    assert rows.loc["join_intercept", "verdict"] == "pinned down"
    assert rows.loc["join_intercept", "low"] == -8.2 and rows.loc["join_intercept", "high"] == -7.8
    assert rows.loc["join_intercept", "default_quantile"] == pytest.approx(0.7)


def test_calibration_help_names_every_option(capsys):
    with pytest.raises(SystemExit):
        main(["calibrate", "--help"])
    text = capsys.readouterr().out
    for option in ("--resume", "--particles", "--generations", "--reps", "--priors",
                   "--scheduler", "--workers", "--ship"):
        assert option in text


def test_nothing_left_behind_by_a_tiny_calibration_folder(tiny):
    """``prepare`` writes nothing: a refused calibration leaves no folder."""
    folder = tiny["dir"] / "new"
    calibration.prepare(folder, tiny["budget"], tiny["targets"], False, tiny["priors"])
    assert not folder.exists()


def test_the_command_line_defaults_are_the_shipped_budget():
    from sim.cli import build_parser

    args = build_parser().parse_args(["calibrate"])
    assert (args.particles, args.generations, args.reps, args.seed) == (
        calibration.DEFAULT_PARTICLES,
        calibration.DEFAULT_GENERATIONS,
        calibration.DEFAULT_REPLICATIONS,
        calibration.DEFAULT_SEED,
    )
