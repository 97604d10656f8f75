"""Where every run's seed comes from: one function, one policy.

A seed is derived from a root seed and an index with ``numpy.random.SeedSequence``, never
from the clock, so that any run can be repeated alone, in any order, on any machine.

Two policies decide which index a run of a sweep uses:

- ``"shared"``: every design point (scenario, parameter value) uses the same replicate seeds,
  replication ``k`` getting seed ``derive(root, k)``. Differences between points are then
  differences of the points, not of the random numbers (common random numbers): the right
  choice for comparing scenarios. Two identical points give identical runs.
- ``"per_run"``: every run gets its own seed, ``derive(root, run_id)``: independent draws, as
  a sensitivity analysis over sampled parameters assumes.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

#: The seed policies a sweep may declare.
SeedPolicy = Literal["shared", "per_run"]
SEED_POLICIES: tuple[str, ...] = ("shared", "per_run")

#: Seeds a user may give (command line, sweep files, app): what ``SeedSequence`` and the
#: Parquet files take as a signed 64-bit integer.
MAX_SEED = 2**63 - 1


def derive(root: int, index: int) -> int:
    """The seed number ``index`` derived from ``root``: the same whatever else is run."""
    return int(np.random.SeedSequence(root, spawn_key=(index,)).generate_state(1)[0])


def replicate_seeds(root: int, reps: int) -> list[int]:
    """The seeds of replications ``0 .. reps-1`` under the shared policy."""
    return [derive(root, k) for k in range(reps)]


def run_seed(policy: SeedPolicy, root: int, run_id: int, rep: int) -> int:
    """The seed of one run of a sweep under ``policy`` (see the module docstring)."""
    return derive(root, rep if policy == "shared" else run_id)
