"""Statistics over replications: every number the project reports comes with its interval."""

from __future__ import annotations

import numpy as np
import pandas as pd


def mean_and_interval(values: pd.Series) -> tuple[float, float]:
    """Mean and the half-width of its 95% interval (t distribution) over replications; the
    half-width is NaN for fewer than two values."""
    from scipy import stats

    n = values.count()
    mean = float(values.mean())
    if n < 2:
        return mean, float("nan")
    return mean, float(stats.t.ppf(0.975, n - 1) * values.std(ddof=1) / np.sqrt(n))
