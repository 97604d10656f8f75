"""Run several scenarios with the same seeds and replications, and summarise them side by side."""

from __future__ import annotations

import numpy as np
import pandas as pd
from tqdm import tqdm

from sim.model import CoCreationModel
from sim.scenarios import Scenario

#: Outcomes compared at the end of the runs: (column, label, scale).
COMPARED = (
    ("ever_reached[low_ses]", "low SES ever reached %", 100),
    ("ever_participated[low_ses]", "low SES ever took part %", 100),
    ("ever_participated[high_ses]", "higher SES ever took part %", 100),
    ("participation_rate", "taking part now %", 100),
    ("representation[low_ses]", "representation low SES", 1),
    ("participation_bias", "participation bias", 1),
    ("contact_gini", "contact concentration", 1),
    ("hly_gap_proxy", "HLY gap (proxy, years)", 1),
)
#: Columns kept tick by tick for the figures.
OVER_TIME = ("representation[low_ses]", "hly_gap_proxy", "participation_rate[low_ses]",
             "participation_rate")


def replicate_seeds(root: int, reps: int) -> list[int]:
    """One seed per replication, derived from the root with ``numpy.random.SeedSequence``."""
    return [int(s.generate_state(1)[0]) for s in np.random.SeedSequence(root).spawn(reps)]


def run_scenarios(scenarios: list[Scenario], seeds: list[int], ticks: int,
                  progress: bool = True) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run every scenario with every seed. Returns the final rows (one per run, with
    ever-participation by subgroup) and the tick-by-tick table of :data:`OVER_TIME`."""
    finals, series = [], []
    total = len(scenarios) * len(seeds)
    with tqdm(total=total, desc="runs", unit="run", disable=not progress) as bar:
        for sc in scenarios:
            for rep, seed in enumerate(seeds):
                model = CoCreationModel(rng=seed, **sc.params)
                model.run_for(ticks)
                df = model.datacollector.get_model_vars_dataframe()
                row = {"scenario": sc.name, "rep": rep, "seed": seed}
                row.update({col: df[col].iloc[-1] for col, _, _ in COMPARED})
                for g in model.p.subgroups:
                    row[f"ever took part % | {g.label}"] = 100 * df[
                        f"ever_participated[{g.name}]"].iloc[-1]
                finals.append(row)
                part = df[list(OVER_TIME)].copy()
                part.insert(0, "tick", df.index)
                part.insert(0, "rep", rep)
                part.insert(0, "scenario", sc.name)
                series.append(part)
                bar.update()
    return pd.DataFrame(finals), pd.concat(series, ignore_index=True)


def mean_and_interval(values: pd.Series) -> tuple[float, float]:
    """Mean and the half-width of its 95% interval (t distribution) over replications."""
    from scipy import stats

    n = values.count()
    mean = float(values.mean())
    if n < 2:
        return mean, float("nan")
    return mean, float(stats.t.ppf(0.975, n - 1) * values.std(ddof=1) / np.sqrt(n))


def summary(finals: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """One row per scenario: mean ± 95% interval of each compared outcome."""
    rows = {}
    for name in order:
        runs = finals[finals["scenario"] == name]
        cells = {}
        for col, label, scale in COMPARED:
            mean, half = mean_and_interval(runs[col] * scale)
            cells[label] = f"{mean:.2f} ± {half:.2f}" if half == half else f"{mean:.2f}"
        rows[name] = cells
    return pd.DataFrame.from_dict(rows, orient="index")
