"""Compare scenarios side by side: a sweep over a list of scenarios with shared seeds.

``cocreatie compare A B ...`` is a sweep (:mod:`sim.sweep`, :mod:`sim.batch`) whose design
points are the scenarios, each run with the same replicate seeds (common random numbers), so
it has workers, resume and a manifest like any sweep. This module makes that sweep and turns
its results into the table of :mod:`sim.outputs`' ``compare`` view.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from sim import batch, outputs, posterior
from sim.report import final_rows
from sim.scenarios import Scenario
from sim.stats import mean_and_interval
from sim.sweep import Ensemble, Outputs, Sweep, SweepFile, checked

#: Prefix of the columns of who ever took part, by subgroup label, in the final rows.
EVER_BY_GROUP = "ever took part % | "


def compare_sweep(
    given: list[str],
    reps: int,
    ticks: int,
    seed: int,
    ensemble: tuple[str, int] | None = None,
    settings: dict[str, Any] | None = None,
) -> Sweep:
    """The sweep that runs the scenarios ``given`` (names or paths) ``reps`` times each for
    ``ticks`` weeks, every scenario with the same replicate seeds, keeping every output;
    with ``ensemble`` (a posterior and a number of draws) once per draw."""
    spec = SweepFile(
        name="compare",
        scenario=list(given),
        replications=reps,
        ticks=ticks,
        seed=seed,
        seeds="shared",
        outputs=Outputs(keep="series"),
        description="Scenarios side by side with the same replicate seeds.",
        ensemble=Ensemble(posterior=ensemble[0], draws=ensemble[1]) if ensemble else None,
        set=settings or {},
    )
    return checked(spec, spec.model_dump_json(indent=1))


def results(
    folder: Path, loaded: list[Scenario], draws: int = 1
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The final rows (one per run, with who ever took part by subgroup, and the draw of an
    ensemble) and the week-by-week rows of the ``compare_series`` view; design points come
    scenario by scenario, ``draws`` each (1 without an ensemble)."""
    rows, _, _ = batch.load_results(folder)
    rows = rows.sort_values(["point", "rep", "tick"]).reset_index(drop=True)
    rows["scenario"] = [loaded[p // draws].name for p in rows["point"]]
    if "draw" not in rows:
        rows["draw"] = 0
    finals = []
    for _, row in final_rows(rows).sort_values("run_id").iterrows():
        groups = loaded[int(row["point"]) // draws].resolved().subgroups
        out = {
            "scenario": row["scenario"],
            "draw": int(row["draw"]),
            "rep": int(row["rep"]),
            "seed": int(row["seed"]),
        }
        out.update({c.name: row[c.name] for c in outputs.shown_in("compare")})
        out[GAP_CHANGE] = row[GAP_CHANGE]
        for c, g in zip(
            outputs.shown_in("compare_subgroups", outputs.subgroup_labels(groups)), groups
        ):
            out[EVER_BY_GROUP + g.label] = c.scale * row[c.name]
        finals.append(out)
    series_cols = [c.name for c in outputs.shown_in("compare_series")]
    series = rows[["scenario", "draw", "rep", "tick", *series_cols]]
    return pd.DataFrame(finals), series


def summary(finals: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """One row per scenario: mean ± 95% interval of each outcome of the ``compare`` view."""
    table = {}
    for name in order:
        runs = finals[finals["scenario"] == name]
        cells = {}
        for c in outputs.shown_in("compare"):
            mean, half = mean_and_interval(runs[c.name] * c.scale)
            cells[c.title()] = f"{mean:.2f} ± {half:.2f}" if half == half else f"{mean:.2f}"
        table[name] = cells
    return pd.DataFrame.from_dict(table, orient="index")


# --- ensembles ------------------------------------------------------------------------------

#: The change in the healthy-life-years gap over the run (negative: it narrowed).
GAP_CHANGE = "hly_gap_change"
#: The outcomes on which an ensemble compare says how often one scenario beats another:
#: column, what it is, and +1 where more is better, -1 where less is.
CONTESTS = (
    ("representation[low_ses]", "low-SES representation", 1),
    ("ever_reached[low_ses]", "low-SES reach", 1),
    (GAP_CHANGE, "change in the healthy-life-years gap", -1),
)
#: Share of the draws in which one scenario must beat the other to be said to beat it.
CLEAR = 0.9


def ensemble_outcomes() -> list[tuple[str, str, float]]:
    """The columns an ensemble compare summarises: name, title and scale."""
    cols = [(c.name, c.title(), c.scale) for c in outputs.shown_in("compare")]
    return cols + [(GAP_CHANGE, "change in the SES gap in healthy life years (proxy)", 1.0)]


def per_draw(finals: pd.DataFrame) -> pd.DataFrame:
    """Each scenario's mean over its replications, one row per (scenario, draw)."""
    names = [name for name, _, _ in ensemble_outcomes()]
    return finals.groupby(["scenario", "draw"], sort=False)[names].mean().reset_index()


def ensemble_summary(draws: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """One row per scenario: the median over the draws of each outcome and its 90% interval
    (5th to 95th percentile)."""
    table = {}
    for name in order:
        rows = draws[draws["scenario"] == name]
        cells = {}
        for col, title, scale in ensemble_outcomes():
            median, low, high = posterior.summary(rows[col] * scale)
            cells[title] = f"{median:.2f} [{low:.2f}, {high:.2f}]"
        table[name] = cells
    return pd.DataFrame.from_dict(table, orient="index")


def contests(draws: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """For each pair of scenarios and each outcome of :data:`CONTESTS`: the share of the
    draws in which the first is better, in which the second is, and in which they are equal
    (the same seeds give identical runs, so equal scenarios tie in every draw), and the
    verdict: one beats the other in at least :data:`CLEAR` of the draws, a tie, or neither."""
    rows = []
    for i, a in enumerate(order):
        for b in order[i + 1 :]:
            left = draws[draws["scenario"] == a].set_index("draw")
            right = draws[draws["scenario"] == b].set_index("draw")
            for col, what, better in CONTESTS:
                diff = better * (left[col] - right[col]).to_numpy()
                p_a, p_b = float((diff > 0).mean()), float((diff < 0).mean())
                if p_a == p_b == 0:
                    verdict = "tie"
                elif p_a >= CLEAR:
                    verdict = f"{a} better"
                elif p_b >= CLEAR:
                    verdict = f"{b} better"
                else:
                    verdict = "not clear"
                rows.append(
                    {
                        "a": a,
                        "b": b,
                        "outcome": what,
                        "P(a better)": p_a,
                        "P(b better)": p_b,
                        "P(equal)": 1.0 - p_a - p_b,
                        "draws": len(diff),
                        "verdict": verdict,
                    }
                )
    return pd.DataFrame(rows)
