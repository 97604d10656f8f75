"""A calibration's posterior as a file that ships with the project, and draws from it.

A posterior file (JSON, in ``posteriors/``; ``main`` is the shipped one) holds the weighted
particles of a calibration's last generation and its provenance: the fingerprint of the fit
targets, the priors, the code version, the seed and the budget, and how many model runs it
cost. :func:`load` reads one by name or path and checks it; :func:`check_current` refuses one
fitted to other targets than the registry's; :func:`draws` picks ``n`` parameter sets from it
with a seed (systematic resampling by weight), the same ``n`` sets for the same seed.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.messages import did_you_mean
from sim.parameters import PARAMETER_NAMES, ParameterError, validate_parameters

ROOT = Path(__file__).resolve().parent.parent
#: Where shipped posteriors live, and the one used unless another is named.
POSTERIOR_DIR = ROOT / "posteriors"
DEFAULT_POSTERIOR = "main"
#: The largest ensemble a command may ask for.
MAX_DRAWS = 1000


class PosteriorError(ValueError):
    """A posterior file that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class Posterior:
    """Weighted parameter draws (one row each, weights summing to 1) and their provenance."""

    name: str
    path: Path
    values: pd.DataFrame
    weights: np.ndarray
    provenance: dict[str, Any]

    @property
    def parameters(self) -> list[str]:
        return list(self.values.columns)

    @property
    def digest(self) -> str:
        """A fingerprint of the file's contents (for results folders made from it)."""
        return hashlib.sha256(self.path.read_bytes()).hexdigest()[:16]


def write(path: Path, name: str, frame: pd.DataFrame, provenance: dict[str, Any]) -> str:
    """The text of a posterior file for ``frame`` (parameter columns and ``weight``); the
    caller writes it (atomically)."""
    names = [c for c in frame.columns if c != "weight"]
    data = {
        "name": name,
        "provenance": provenance,
        "parameters": names,
        "draws": [
            {"weight": float(row["weight"]), "values": {n: float(row[n]) for n in names}}
            for _, row in frame.iterrows()
        ],
    }
    return json.dumps(data, indent=1) + "\n"


def path_of(name: str) -> Path:
    """The file a posterior name (``main``) or path (``results/calibration/posterior.json``)
    stands for."""
    if name.endswith(".json") or "/" in name:
        return Path(name)
    return POSTERIOR_DIR / f"{name}.json"


def load(name: str = DEFAULT_POSTERIOR) -> Posterior:
    """Read and check a posterior file by name or path."""
    path = path_of(name)
    if not path.is_file():
        known = sorted(p.stem for p in POSTERIOR_DIR.glob("*.json"))
        raise PosteriorError(
            f"no posterior '{name}' ({path}){did_you_mean(name, known)}"
            + (f"; shipped: {', '.join(known)}" if known else "")
        )
    try:
        data = json.loads(path.read_text())
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise PosteriorError(f"{path}: not a readable posterior file ({exc})") from None
    where = str(path)
    if not isinstance(data, dict) or not isinstance(data.get("draws"), list):
        raise PosteriorError(f"{where}: not a posterior file (no list of 'draws')")
    names = data.get("parameters")
    if not isinstance(names, list) or not names:
        raise PosteriorError(f"{where}: 'parameters' must list the fitted parameters")
    for n in names:
        if n not in PARAMETER_NAMES:
            raise PosteriorError(
                f"{where}: unknown parameter '{n}'{did_you_mean(str(n), PARAMETER_NAMES)}"
            )
    rows, weights = [], []
    for number, draw in enumerate(data["draws"], start=1):
        try:
            values = {n: float(draw["values"][n]) for n in names}
            weight = float(draw["weight"])
        except (KeyError, TypeError, ValueError):
            raise PosteriorError(
                f"{where}: draw {number} needs a weight and a value for every parameter"
            ) from None
        if not (math.isfinite(weight) and weight >= 0):
            raise PosteriorError(f"{where}: draw {number}: weight must be 0 or more")
        try:
            validate_parameters(**values)
        except ParameterError as exc:
            raise PosteriorError(f"{where}: draw {number}: {exc}") from None
        rows.append(values)
        weights.append(weight)
    total = sum(weights)
    if not rows or total <= 0:
        raise PosteriorError(f"{where}: no draws with weight above 0")
    provenance = data.get("provenance")
    if not isinstance(provenance, dict):
        raise PosteriorError(f"{where}: 'provenance' must say how the posterior was made")
    return Posterior(
        str(data.get("name", path.stem)),
        path,
        pd.DataFrame(rows, columns=names),
        np.asarray(weights) / total,
        provenance,
    )


def check_current(posterior: Posterior, fingerprint: str) -> None:
    """Refuse a posterior fitted to other targets than those with ``fingerprint`` (the
    registry's fit targets today)."""
    theirs = posterior.provenance.get("targets_fingerprint")
    if theirs != fingerprint:
        raise PosteriorError(
            f"{posterior.path}: fitted to other targets (fingerprint {theirs}) than the "
            f"registry's fit targets now ({fingerprint}); calibrate again "
            "(cocreatie calibrate) or name a posterior fitted to these targets"
        )


def draws(posterior: Posterior, n: int, seed: int) -> list[dict[str, float]]:
    """``n`` parameter sets from the posterior by systematic resampling on its weights: a
    draw of weight w appears about n*w times; the same for the same ``seed``."""
    if not 1 <= n <= MAX_DRAWS:
        raise PosteriorError(f"--ensemble must be a whole number from 1 to {MAX_DRAWS}, got {n}")
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed)))
    positions = (rng.random() + np.arange(n)) / n
    picks = np.searchsorted(np.cumsum(posterior.weights), positions, side="right")
    picks = np.minimum(picks, len(posterior.weights) - 1)
    return [{k: float(v) for k, v in posterior.values.iloc[int(i)].items()} for i in picks]


def effective_size(posterior: Posterior) -> float:
    """Kish's effective sample size of the weighted draws, 1 / sum(w^2): how many equally
    weighted draws they are worth."""
    return float(1.0 / np.sum(posterior.weights**2))


def distinct(drawn: Sequence[dict[str, float]]) -> int:
    """How many different parameter sets a list of draws holds (resampling repeats heavy
    draws)."""
    return len({tuple(sorted(d.items())) for d in drawn})


def thin_note(posterior: Posterior, drawn: Sequence[dict[str, float]]) -> str:
    """A warning when the draws repeat few parameter sets (a posterior whose weight sits on a
    few particles), or an empty string."""
    size = effective_size(posterior)
    if size >= len(drawn) / 2:
        return ""
    return (
        f"note: the posterior '{posterior.name}' has an effective sample size of {size:.1f} "
        f"(of {len(posterior.weights)} particles), so the {len(drawn)} draws hold only "
        f"{distinct(drawn)} different parameter sets: the intervals over them understate how "
        "uncertain the sizes are (docs/calibration.md)"
    )


def summary(values: Sequence[float]) -> tuple[float, float, float]:
    """Median and 90% interval (5th and 95th percentile) over an ensemble's draws."""
    low, median, high = np.percentile(np.asarray(values, dtype=float), [5, 50, 95])
    return float(median), float(low), float(high)
