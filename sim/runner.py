"""The one way to build, seed and run a model and take its outputs.

``cocreatie run``, ``compare``, sweeps (on local processes or Dask), the findings and the
calibration all call :func:`run`. What a run keeps is a :class:`Keep`: the last week, chosen
weeks or every week, and all columns or some (names from :mod:`sim.outputs`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import mesa
import pandas as pd

#: The model a run builds unless told otherwise, as ``package.module:Class``.
DEFAULT_MODEL = "sim.model:CoCreationModel"


class ModelTargetError(ValueError):
    """A ``package.module:Class`` that does not name a Mesa model class."""


@dataclass(frozen=True)
class Keep:
    """Which outputs a run keeps: the last week (``final``), the weeks in ``at_ticks``
    (``ticks``) or every week (``series``); every column, or those in ``columns``."""

    rows: Literal["final", "ticks", "series"] = "series"
    at_ticks: tuple[int, ...] = ()
    columns: tuple[str, ...] | None = None


@dataclass
class Run:
    """A finished run: the model as it ended, and the outputs it keeps (indexed by tick)."""

    model: mesa.Model
    table: pd.DataFrame


def model_class(target: str = DEFAULT_MODEL) -> type[mesa.Model]:
    """The Mesa model class ``target`` (``package.module:Class``) names."""
    module, sep, name = target.partition(":")
    hint = f"give 'package.module:Class', e.g. '{DEFAULT_MODEL}'"
    if not sep or not module or not name:
        raise ModelTargetError(
            f"model '{target}' is not of the form 'package.module:Class'; {hint}"
        )
    try:
        cls = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError, ValueError, TypeError):
        raise ModelTargetError(f"model '{target}' cannot be imported; {hint}") from None
    if not (isinstance(cls, type) and issubclass(cls, mesa.Model)):
        raise ModelTargetError(f"model '{target}' is not a Mesa model class; {hint}")
    return cls


def select(table: pd.DataFrame, keep: Keep) -> pd.DataFrame:
    """The rows and columns of a model's tick-by-tick table that ``keep`` asks for."""
    if keep.rows == "final":
        table = table.iloc[[-1]]
    elif keep.rows == "ticks":
        table = table.loc[list(keep.at_ticks)]
    if keep.columns:
        table = table[list(keep.columns)]
    table = table.astype(float)
    table.index = table.index.astype(int)
    table.index.name = "tick"
    return table


def run(
    params: Mapping[str, Any],
    seed: int,
    ticks: int,
    keep: Keep = Keep(),
    *,
    model: str = DEFAULT_MODEL,
    each_week: Callable[[], None] | None = None,
) -> Run:
    """Build the model with ``params`` and ``seed``, run ``ticks`` weeks, and keep outputs.

    ``each_week`` is called after every week (a progress bar, say). Parameter mistakes raise
    :class:`~sim.parameters.ParameterError` before anything runs.
    """
    instance = model_class(model)(rng=seed, **params)
    for _ in range(ticks):
        instance.step()
        if each_week is not None:
            each_week()
    return Run(instance, select(outputs(instance.datacollector, keep), keep))


def outputs(collector: Any, keep: Keep) -> pd.DataFrame:
    """The DataCollector's table of model outputs, or, when only the last week is kept, that
    week's row of it (same columns, types and tick): building the whole table of 261 weeks
    to keep one row cost a sweep's run 2 ms."""
    values = collector.model_vars
    if keep.rows != "final" or not values or not collector.model_reporters:
        return collector.get_model_vars_dataframe()
    last = len(next(iter(values.values()))) - 1
    return pd.DataFrame({k: v[last:] for k, v in values.items()}, index=[last])
