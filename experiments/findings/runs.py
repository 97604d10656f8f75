"""Reading the runs of a condition: each run's value of an output at a week or over weeks.

A condition's runs are the kept rows of its sweep (``run_id``, ``tick`` and the output
columns). The per-run readers give a Series over ``run_id``, what the criteria of
``patterns.py`` take; the ``mean_*`` readers give the mean over runs that figures and
numbers quote.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

#: Runs of each condition, by condition name.
Runs = Mapping[str, pd.DataFrame]


def at(runs: pd.DataFrame, col: str, tick: int | None = None) -> pd.Series:
    """Each run's value of ``col`` at ``tick`` (its last kept tick if None)."""
    tick = int(runs["tick"].max()) if tick is None else tick
    return runs.loc[runs["tick"] == tick].set_index("run_id")[col]


def since_start(runs: pd.DataFrame, col: str, tick: int | None = None) -> pd.Series:
    """Each run's change in ``col`` from week 0 to ``tick`` (the last if None)."""
    return at(runs, col, tick) - at(runs, col, 0)


def over(runs: pd.DataFrame, col: str, first: int, last: int) -> pd.Series:
    """Each run's mean of ``col`` over weeks ``first``..``last``."""
    part = runs[(runs["tick"] >= first) & (runs["tick"] <= last)]
    return part.groupby("run_id")[col].mean()


def summed(runs: pd.DataFrame, col: str, first: int, last: int) -> pd.Series:
    """Each run's sum of ``col`` over weeks ``first``..``last``."""
    part = runs[(runs["tick"] >= first) & (runs["tick"] <= last)]
    return part.groupby("run_id")[col].sum()


def mean_at(runs: pd.DataFrame, col: str, tick: int | None = None) -> float:
    """Mean over runs of ``col`` at ``tick`` (the last kept tick if None)."""
    return float(at(runs, col, tick).mean())


def change(runs: pd.DataFrame, col: str, tick: int | None = None) -> float:
    """Mean over runs of the change in ``col`` from week 0 to ``tick`` (the last if None)."""
    return float(since_start(runs, col, tick).mean())


def window(runs: pd.DataFrame, col: str, first: int, last: int) -> float:
    """Mean over runs of each run's mean of ``col`` over weeks ``first``..``last``."""
    return float(over(runs, col, first, last).mean())


def total(runs: pd.DataFrame, col: str, first: int, last: int) -> float:
    """Mean over runs of each run's sum of ``col`` over weeks ``first``..``last``."""
    return float(summed(runs, col, first, last).mean())
