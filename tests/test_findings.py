"""The findings package (experiments/findings/): its quick form writes a figure and a
robustness table from real runs, its sweep files are valid and match what it writes, and
each pattern check tells a table where its pattern holds from one where it does not."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from experiments.findings import groups, patterns, pipeline
from experiments.findings.__main__ import main
from experiments.findings.groups import GROUPS, QUICK, Check, quick
from sim import batch, sweep

ROOT = Path(__file__).resolve().parents[1]


# --- the quick form on real runs ----------------------------------------------------------


@pytest.fixture(scope="module")
def quick_a(tmp_path_factory) -> Path:
    """Group A in its quick form, into a temporary folder."""
    out = tmp_path_factory.mktemp("findings")
    assert main(["A", "--quick", "--out", str(out)]) == 0
    return out


def test_quick_run_writes_the_figure_and_the_robustness_table(quick_a):
    figure = quick_a / "img" / "A.png"
    assert figure.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert figure.stat().st_size > 20_000  # six panels, not an empty canvas
    table = pd.read_csv(quick_a / "img" / "A-robustness.csv")
    group = GROUPS["A"]
    assert list(table["pattern"]) == [c.pattern for c in group.checks]
    assert (table["samples"] == QUICK["samples"]).all()
    assert table["share_holding"].between(0, 1).all()
    assert table["holds_at_defaults"].isin([True, False]).all()


def test_quick_run_goes_through_the_sweep_machinery(quick_a):
    """The figure sweep file is valid, its results folder has one run per scenario and
    replication, and every robust condition has its ensemble sweep over the posterior's
    draws."""
    group = quick(GROUPS["A"])
    spec = sweep.load_sweep(quick_a / "specs" / "findings-a.toml")
    assert spec.spec.set["n_residents"] == QUICK["n_residents"]
    rows, table, _ = batch.load_results(quick_a / "results" / "findings-a")
    assert len(table) == len(group.scenarios) * group.replications
    assert rows["run_id"].nunique() == len(table)
    for cond in group.conditions:
        folder = quick_a / "results" / "findings-a-robustness" / cond.name
        _, runs, manifest = batch.load_results(folder)
        assert "[ensemble]" in manifest["sweep_text"]
        assert sorted(runs["draw"].unique()) == list(range(group.samples))
        assert len(runs) == group.samples * group.sample_reps


def test_checks_return_booleans_on_real_runs(quick_a):
    group = quick(GROUPS["A"])
    rows, _, _ = batch.load_results(quick_a / "results" / "findings-a")
    conds = pipeline.figure_conditions(group, rows)
    results = pipeline.evaluate(group.checks, conds)
    assert set(results) == {c.pattern for c in group.checks}
    assert all(isinstance(v, bool) for v in results.values())
    samples = pd.read_csv(quick_a / "results" / "findings-a-robustness" / "samples.csv")
    assert len(samples) == QUICK["samples"]
    assert all(samples[c.pattern].dtype == bool for c in group.checks)


def test_shipped_sweep_files_are_valid_and_what_the_script_writes(tmp_path):
    for group in GROUPS.values():
        path = ROOT / "experiments" / "findings" / f"{group.slug}.toml"
        assert path.read_text(encoding="utf-8") == pipeline.figure_sweep_text(group)
        loaded = sweep.load_sweep(path)
        points, runs = sweep.plan(loaded)
        # every condition the checks use is one design point of the sweep
        assert len(points) * group.replications == len(runs)
        own_seeds = []
        for cond in group.conditions:
            if cond.own_sweep:  # a valid sweep of its own, with the group's root seed
                own = tmp_path / f"{pipeline.robustness_name(group, cond)}.toml"
                own.write_text(pipeline.own_sweep_text(group, cond))
                own_sweep = sweep.load_sweep(own)
                assert own_sweep.scenario_names == [cond.scenario]
                own_seeds.append([r.seed for r in sweep.plan(own_sweep)[1]])
                continue
            assert cond.scenario in loaded.scenario_names
        assert all(seeds == own_seeds[0] for seeds in own_seeds)  # paired run for run


def test_every_condition_of_a_group_is_sampled_in_the_same_draws(tmp_path):
    """The robustness sweeps of one group share the posterior's draws and the root seed, so
    their parameter values (and run seeds) are the same, whatever the condition."""
    group = GROUPS["C"]
    drawn = pipeline.drawn(group)
    designs = []
    for cond in (c for c in group.conditions if c.robust):
        path = tmp_path / f"{pipeline.robustness_name(group, cond)}.toml"
        path.write_text(pipeline.robustness_sweep_text(group, cond))
        points, runs = sweep.plan(sweep.load_sweep(path))
        assert len(points) == group.samples
        designs.append(([{k: p[k] for k in drawn} for p in points], [r.seed for r in runs]))
        # a drawn parameter is not also fixed, and the condition's own values are set
        assert all(runs[0].params[k] == v for k, v in cond.set.items() if k not in drawn)
    assert all(d == designs[0] for d in designs)


# --- the checks on constructed tables -------------------------------------------------------


def table(ticks: int = 156, reps: int = 2, **cols) -> pd.DataFrame:
    """Runs with the given columns, each a constant or a function of the week."""
    t = np.arange(ticks + 1)
    frames = []
    for run_id in range(reps):
        data = {k: (v(t) if callable(v) else np.full(len(t), float(v))) for k, v in cols.items()}
        frames.append(pd.DataFrame({"run_id": run_id, "tick": t, **data}))
    return pd.concat(frames, ignore_index=True)


def ever(**by_group) -> dict[str, float]:
    return {f"ever_participated[{g}]": v for g, v in by_group.items()}


LOW = "ever_participated[low_ses]"


def step(before: float, after: float, at: int):
    """A series that is ``before`` up to week ``at`` and ``after`` from then on."""
    return lambda t: np.where(t <= at, before, after)


#: For each check: runs in which its pattern holds, and a counter-example in which it does not.
CASES = {
    "p1_desk_bound_draws_the_usual_suspects": (
        {"desk": table(**{"representation[high_ses]": 3.0, "representation[low_ses]": 0.1})},
        {"desk": table(**{"representation[high_ses]": 1.1, "representation[low_ses]": 0.95})}),
    "p2_outreach_raises_low_ses_participation": (
        {"desk": table(**{LOW: 0.01}), "outreach": table(**{LOW: 0.02})},
        {"desk": table(**{LOW: 0.01}), "outreach": table(**{LOW: 0.01})}),
    "p2_faces_raise_low_ses_participation": (
        {"desk": table(**{LOW: 0.01}), "faces": table(**{LOW: 0.10})},
        {"desk": table(**{LOW: 0.01}), "faces": table(**{LOW: 0.012})}),
    "p2_faces_help_most_behind_language_and_distrust": (
        {"desk": table(**ever(low_ses_dutch=0.01, low_ses_migration=0.01, newcomers=0.01)),
         "faces": table(**ever(low_ses_dutch=0.02, low_ses_migration=0.1, newcomers=0.1))},
        {"desk": table(**ever(low_ses_dutch=0.01, low_ses_migration=0.01, newcomers=0.01)),
         "faces": table(**ever(low_ses_dutch=0.2, low_ses_migration=0.1, newcomers=0.1))}),
    "p3_low_threshold_helps_the_stressed_most": (
        {"desk": table(**ever(low_ses_dutch=0.01, higher_ses=0.2),
                       **{"ever_reached[low_ses_dutch]": 0.5, "ever_reached[higher_ses]": 0.5}),
         "low_threshold": table(**ever(low_ses_dutch=0.05, higher_ses=0.3),
                                **{"ever_reached[low_ses_dutch]": 0.5,
                                   "ever_reached[higher_ses]": 0.5})},
        {"desk": table(**ever(low_ses_dutch=0.01, higher_ses=0.2),
                       **{"ever_reached[low_ses_dutch]": 0.5, "ever_reached[higher_ses]": 0.5}),
         "low_threshold": table(**ever(low_ses_dutch=0.015, higher_ses=0.4),
                                **{"ever_reached[low_ses_dutch]": 0.5,
                                   "ever_reached[higher_ses]": 0.5})}),
    "p4_tunnel_vision_narrows_reach": (
        {"outreach": table(contact_gini=0.4, **{"ever_reached[low_ses]": 0.9}),
         "tunnel": table(contact_gini=0.7, **{"ever_reached[low_ses]": 0.8})},
        {"outreach": table(contact_gini=0.4, **{"ever_reached[low_ses]": 0.9}),
         "tunnel": table(contact_gini=0.7, **{"ever_reached[low_ses]": 0.95})}),
    "p5_average_health_rises_while_the_gap_stays_or_widens": (
        {"default": table(312, health=lambda t: 0.6 + 1e-5 * t, hly_gap_change=0.3)},
        {"default": table(312, health=lambda t: 0.6 + 1e-5 * t,
                          hly_gap_change=lambda t: -0.5 * t / 312)}),
    "p6_process_moves_in_months_health_in_years": (
        {"default": table(312, ever_reached=lambda t: np.minimum(t / 50, 1),
                          health=lambda t: 0.6 + 0.01 * (t / 312) ** 3,
                          **{"health[high_ses]": lambda t: 0.7 + 0.01 * (t / 312) ** 3})},
        {"default": table(312, ever_reached=lambda t: np.minimum(t / 50, 1),
                          health=lambda t: 0.6 + 0.01 * np.minimum(t / 20, 1),
                          **{"health[high_ses]": lambda t: 0.7 + 0.01 * np.minimum(t / 20, 1)})}),
    "p7_no_feedback_means_early_dropout_and_lasting_distrust": (
        {"unclear": table(**{"exits[frustration]": step(1, 0, 39)},
                          trust=lambda t: 0.5 - 1e-4 * t),
         "clear": table(**{"exits[frustration]": 0}, trust=lambda t: 0.5 + 1e-4 * t)},
        {"unclear": table(**{"exits[frustration]": 0}, trust=lambda t: 0.5 - 1e-4 * t),
         "clear": table(**{"exits[frustration]": 0}, trust=lambda t: 0.5 + 1e-4 * t)}),
    "p8_funding_cliff_collapses_participation": (
        {"clear": table(participation_rate=step(0.1, 0.0, 104))},
        {"clear": table(participation_rate=step(0.1, 0.05, 104))}),
    "p8_residents_keep_part_of_it_going": (
        {"organisation": table(participation_rate=step(0.1, 0.03, 104)),
         "organisers": table(participation_rate=step(0.1, 0.08, 104))},
        {"organisation": table(participation_rate=step(0.1, 0.0, 104)),
         "organisers": table(participation_rate=step(0.1, 0.08, 104))}),
    "p8_key_person_loss_collapses_participation": (
        {"beringen": table(participation_rate=0.1),
         "beringen_loss": table(participation_rate=step(0.1, 0.05, 104))},
        {"beringen": table(participation_rate=0.1),
         "beringen_loss": table(participation_rate=step(0.1, 0.08, 104))}),
    "p8_structure_absorbs_the_key_person_loss": (
        {"beringen": table(participation_rate=0.1),
         "beringen_loss": table(participation_rate=step(0.1, 0.05, 104)),
         "hybrid": table(participation_rate=0.1),
         "hybrid_loss": table(participation_rate=step(0.1, 0.09, 104))},
        {"beringen": table(participation_rate=0.1),
         "beringen_loss": table(participation_rate=step(0.1, 0.05, 104)),
         "hybrid": table(participation_rate=0.1),
         "hybrid_loss": table(participation_rate=step(0.1, 0.04, 104))}),
    "p9_activities_grow_inside_one_group": (
        {"gonoord": table(**{"representation[migration_background]": 1.6,
                             "representation[low_ses_dutch]": 0.3})},
        {"gonoord": table(**{"representation[migration_background]": 1.6,
                             "representation[low_ses_dutch]": 0.8})}),
    "p9_a_gender_gap_opens_in_low_ses": (
        {"gonoord": table(**ever(**{"low_ses,female": 0.3, "low_ses,male": 0.01}),
                          **{"participation_rate[low_ses,female]": 0.1,
                             "participation_rate[low_ses,male]": 0.01})},
        {"gonoord": table(**ever(**{"low_ses,female": 0.3, "low_ses,male": 0.2}),
                          **{"participation_rate[low_ses,female]": 0.1,
                             "participation_rate[low_ses,male]": 0.08})}),
    "p10_hybrid_reaches_more_low_ses": (
        {"hybrid": table(**{LOW: 0.35}), "genk": table(**{LOW: 0.1}),
         "beringen": table(**{LOW: 0.2})},
        {"hybrid": table(**{LOW: 0.15}), "genk": table(**{LOW: 0.1}),
         "beringen": table(**{LOW: 0.2})}),
    "p10_hybrid_keeps_more_after_the_horizon": (
        {"hybrid": table(312, **{"participation_rate[low_ses]": 0.1}),
         "genk": table(312, **{"participation_rate[low_ses]": step(0.02, 0.015, 156)}),
         "beringen": table(312, **{"participation_rate[low_ses]": step(0.06, 0.01, 156)})},
        {"hybrid": table(312, **{"participation_rate[low_ses]": step(0.1, 0.0, 156)}),
         "genk": table(312, **{"participation_rate[low_ses]": step(0.02, 0.015, 156)}),
         "beringen": table(312, **{"participation_rate[low_ses]": step(0.06, 0.01, 156)})}),
}


def test_every_check_has_a_constructed_case():
    used = {c.holds.__name__ for g in GROUPS.values() for c in g.checks}
    assert used == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_check_holds_where_the_pattern_does_and_fails_on_a_counter_example(name):
    check = getattr(groups, name)
    holding, counter = CASES[name]
    assert check(holding) is True
    assert check(counter) is False


def test_failures_are_traced_to_the_parameter_they_depend_on():
    """Failures all at high values of one parameter name it, with 'high'; fewer than three
    failures name nothing."""
    rng = np.random.default_rng(0)
    samples = pd.DataFrame({"a": rng.uniform(0, 1, 20), "b": np.linspace(0, 10, 20)})
    samples["P"] = samples["b"] < 7
    name, where, diff = pipeline.depends_most_on(samples, "P", {"a": (0, 1), "b": (0, 10)})
    assert (name, where) == ("b", "high") and diff > 0.5
    samples["P"] = samples["b"] < 9.5
    assert pipeline.depends_most_on(samples, "P", {"a": (0, 1), "b": (0, 10)})[0] == ""
    table_ = pipeline.robustness_table(
        replace(GROUPS["A"], checks=(Check("P", "x", bool),)), samples, {"P": True},
        {"a": (0, 1), "b": (0, 10)})
    assert table_.loc[0, "fails_most_at"] == "too few failures to say"
    assert math.isclose(table_.loc[0, "share_holding"], samples["P"].mean())


def test_criteria_take_per_replication_values_in_any_form():
    """The findings feed Series over runs, the replicated tests arrays or lists: a criterion
    compares means, so the form does not matter, and one number stands for itself."""
    for outreach, desk in (([0.03, 0.01], [0.01, 0.01]), (np.array([0.03, 0.01]), 0.01),
                           (pd.Series([0.02], index=[7]), pd.Series([0.01, 0.01]))):
        assert patterns.raises_low_ses_participation(outreach, desk, patterns.OUTREACH_GAIN)
    assert not patterns.raises_low_ses_participation([0.012], [0.01], patterns.OUTREACH_GAIN)
    assert patterns.kept([0.0, 0.0], [0.1, 0.1]) == 0.0  # nothing at the horizon to keep
    assert math.isnan(patterns.kept_through_key_loss([0.1], [0.0]))
    assert not patterns.key_person_loss_collapses_participation([0.1], [0.0])
