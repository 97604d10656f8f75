"""Sweep designs: how swept parameters are combined, and what can be learnt from the result.

Each design is one object that samples its design points, analyses the outcomes (for the
sensitivity designs) and names the index columns its analysis writes. :data:`DESIGNS` is the
registry; :func:`design` refuses a name it does not hold. The *problem* of a sampled design
(the swept parameters' names and bounds, as SALib calls it) is stored in a sweep's manifest,
so that the analysis uses exactly what the sampling used.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Problem:
    """The swept parameters: their names and, for sampled designs, [low, high] bounds."""

    names: tuple[str, ...]
    bounds: tuple[tuple[float, float], ...]

    def salib(self) -> dict[str, Any]:
        return {
            "num_vars": len(self.names),
            "names": list(self.names),
            "bounds": [list(b) for b in self.bounds],
        }

    def to_json(self) -> dict[str, Any]:
        return {"names": list(self.names), "bounds": [list(b) for b in self.bounds]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Problem:
        return cls(tuple(data["names"]), tuple(tuple(b) for b in data["bounds"]))


class Design:
    """A way of choosing design points. ``sampled`` designs take [low, high] bounds and a
    number of samples; the others take lists of values."""

    name = ""
    sampled = True
    index_columns: tuple[str, ...] = ()  # what :meth:`analyze` reports per parameter
    figure_indices: dict[str, str] = {}  # index -> label, drawn with its "<index>_conf"

    def sample(
        self, values: dict[str, list[Any]], samples: int | None, levels: int, seed: int
    ) -> list[dict[str, Any]]:
        """The design points, one ``{parameter: value}`` each."""
        raise NotImplementedError

    def analyze(
        self, problem: Problem, x: np.ndarray, y: np.ndarray, levels: int, seed: int
    ) -> list[dict[str, float]] | None:
        """Sensitivity indices of one outcome, one row per parameter, or None (no analysis)."""
        return None

    @staticmethod
    def problem(values: dict[str, list[Any]]) -> Problem:
        return Problem(tuple(values), tuple((float(v[0]), float(v[-1])) for v in values.values()))


class Grid(Design):
    """Every combination of the listed values."""

    name, sampled = "grid", False

    def sample(self, values, samples, levels, seed):
        return [dict(zip(values, combo)) for combo in itertools.product(*values.values())]

    @staticmethod
    def problem(values: dict[str, list[Any]]) -> Problem:
        def span(v: list[Any]) -> tuple[float, float]:
            try:
                return float(min(v)), float(max(v))
            except (TypeError, ValueError):  # a list of names, say
                return float("nan"), float("nan")

        return Problem(tuple(values), tuple(span(v) for v in values.values()))


class _Sampled(Design):
    def _matrix(self, problem: Problem, samples: int, levels: int, seed: int) -> np.ndarray:
        raise NotImplementedError

    def sample(self, values, samples, levels, seed):
        problem = self.problem(values)
        assert samples is not None
        x = self._matrix(problem, samples, levels, seed)
        return [dict(zip(problem.names, row)) for row in x]


class LatinHypercube(_Sampled):
    """A Latin hypercube over the bounds (no sensitivity analysis of its own)."""

    name = "lhs"

    def _matrix(self, problem, samples, levels, seed):
        from SALib.sample import latin

        return latin.sample(problem.salib(), samples, seed=seed)


class Sobol(_Sampled):
    """Saltelli's sampling for Sobol indices: first-order (S1) and total (ST)."""

    name = "sobol"
    index_columns = ("S1", "S1_conf", "ST", "ST_conf")
    figure_indices = {"S1": "first order (S1)", "ST": "total (ST)"}

    def _matrix(self, problem, samples, levels, seed):
        from SALib.sample import sobol

        return sobol.sample(problem.salib(), samples, calc_second_order=False, seed=seed)

    def analyze(self, problem, x, y, levels, seed):
        from SALib.analyze import sobol

        res = sobol.analyze(problem.salib(), y, calc_second_order=False, seed=seed)
        return [
            {c: float(res[c][i]) for c in self.index_columns} for i in range(len(problem.names))
        ]


class Morris(_Sampled):
    """Morris elementary effects: mu* (mean absolute effect) and sigma (their spread)."""

    name = "morris"
    index_columns = ("mu_star", "mu_star_conf", "sigma")
    figure_indices = {"mu_star": "mu*"}

    def _matrix(self, problem, samples, levels, seed):
        from SALib.sample import morris

        return morris.sample(problem.salib(), samples, num_levels=levels, seed=seed)

    def analyze(self, problem, x, y, levels, seed):
        from SALib.analyze import morris

        res = morris.analyze(problem.salib(), x, y, num_levels=levels, seed=seed)
        return [
            {c: float(res[c][i]) for c in self.index_columns} for i in range(len(problem.names))
        ]


#: Every design a sweep file may name in ``design.method``.
DESIGNS: dict[str, Design] = {d.name: d for d in (Grid(), LatinHypercube(), Sobol(), Morris())}


def design(method: str) -> Design:
    """The design called ``method``; a ValueError names the known ones."""
    if method not in DESIGNS:
        raise ValueError(f"design.method '{method}' is not known; allowed: {', '.join(DESIGNS)}")
    return DESIGNS[method]
