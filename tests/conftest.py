"""Shared helpers: run the model for a number of weeks, over replications."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.model import CoCreationModel

#: Replications for the direction tests; each test states its tolerance.
REPLICATIONS = 10


def run(seed: int, ticks: int, **params) -> CoCreationModel:
    """A model after ``ticks`` weeks."""
    model = CoCreationModel(rng=seed, **params)
    if ticks:
        model.run_for(ticks)
    return model


def final(seed: int, ticks: int, **params) -> pd.Series:
    """The last row of the model's tick-by-tick table."""
    return run(seed, ticks, **params).datacollector.get_model_vars_dataframe().iloc[-1]


def replicate(metric: str, ticks: int, reps: int = REPLICATIONS, **params) -> np.ndarray:
    """``metric`` at the last tick for seeds 0..reps-1."""
    return np.array([final(s, ticks, **params)[metric] for s in range(reps)])


@pytest.fixture
def small() -> dict:
    """Parameters of a small neighbourhood for quick tests."""
    return {"n_residents": 600}
