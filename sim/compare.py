"""Compare scenarios side by side: a sweep over a list of scenarios with shared seeds.

``cocreatie compare A B ...`` is a sweep (:mod:`sim.sweep`, :mod:`sim.batch`) whose design
points are the scenarios, each run with the same replicate seeds (common random numbers), so
it has workers, resume and a manifest like any sweep. This module makes that sweep and turns
its results into the table of :mod:`sim.outputs`' ``compare`` view.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sim import batch, outputs
from sim.report import final_rows
from sim.scenarios import Scenario
from sim.stats import mean_and_interval
from sim.sweep import Outputs, Sweep, SweepFile, checked

#: Prefix of the columns of who ever took part, by subgroup label, in the final rows.
EVER_BY_GROUP = "ever took part % | "


def compare_sweep(given: list[str], reps: int, ticks: int, seed: int) -> Sweep:
    """The sweep that runs the scenarios ``given`` (names or paths) ``reps`` times each for
    ``ticks`` weeks, every scenario with the same replicate seeds, keeping every output."""
    spec = SweepFile(
        name="compare",
        scenario=list(given),
        replications=reps,
        ticks=ticks,
        seed=seed,
        seeds="shared",
        outputs=Outputs(keep="series"),
        description="Scenarios side by side with the same replicate seeds.",
    )
    return checked(spec, spec.model_dump_json(indent=1))


def results(folder: Path, loaded: list[Scenario]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The final rows (one per run, with who ever took part by subgroup) and the week-by-week
    rows of the ``compare_series`` view; design point ``i`` is scenario ``loaded[i]``."""
    rows, _, _ = batch.load_results(folder)
    rows = rows.sort_values(["point", "rep", "tick"]).reset_index(drop=True)
    rows["scenario"] = [loaded[p].name for p in rows["point"]]
    finals = []
    for _, row in final_rows(rows).sort_values("run_id").iterrows():
        groups = loaded[int(row["point"])].resolved().subgroups
        out = {"scenario": row["scenario"], "rep": int(row["rep"]), "seed": int(row["seed"])}
        out.update({c.name: row[c.name] for c in outputs.shown_in("compare")})
        for c, g in zip(
            outputs.shown_in("compare_subgroups", outputs.subgroup_labels(groups)), groups
        ):
            out[EVER_BY_GROUP + g.label] = c.scale * row[c.name]
        finals.append(out)
    series_cols = [c.name for c in outputs.shown_in("compare_series")]
    series = rows[["scenario", "rep", "tick", *series_cols]]
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
