"""``cocreatie calibrate``: approximate Bayesian computation of the assumed sizes.

The parameters with a :class:`~sim.parameters.Prior` are fitted to the ``fit`` targets of the
registry (``validation/``) with pyabc's ABC-SMC. One evaluation of a particle runs every
configuration the fit targets need, ``replications`` times with the calibration's shared
seeds, through the project's one runner (:func:`sim.batch.execute_run`), and returns each
target's miss in tolerances (:func:`sim.validation.miss`); the distance is the Euclidean norm
of the misses, 0 when every target is met.

Reproducible: pyabc draws particles with NumPy's global generator; :class:`SeededSampler`
seeds it for every task from the calibration's seed, the generation and the task's index, so
local processes and a Dask cluster give the same particles, and every generation is run by a
fresh ABC-SMC object loaded from the history, so a calibration stopped at any point resumes
to the same posterior as one that was never stopped. The history is pyabc's SQLite database.
"""

from __future__ import annotations

import functools
import json
import logging
import math
import os
import random
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyabc
from pyabc.sampler import MappingSampler
from tqdm import tqdm

from sim import batch, scenarios, validation
from sim.messages import did_you_mean, read_toml
from sim.parameters import PARAMETER_NAMES, PRIORS, Parameters, Prior, bounds
from sim.validation import Target

#: The shipped budget: what ``cocreatie calibrate`` does unless told otherwise.
DEFAULT_PARTICLES = 40
DEFAULT_GENERATIONS = 3
DEFAULT_REPLICATIONS = 2
DEFAULT_SEED = 0
#: Share of a generation's distances its successor must beat (pyabc's median epsilon).
EPSILON_QUANTILE = 0.5
#: The files of a calibration's folder.
HISTORY = "history.db"
SETTINGS = "calibration.json"


class CalibrationError(ValueError):
    """A calibration that cannot start or resume; the message says why and what to do."""


@dataclass(frozen=True)
class Budget:
    """How much a calibration spends: particles per generation, generations, replications
    per evaluation, and the root seed of its particles and its model runs."""

    particles: int = DEFAULT_PARTICLES
    generations: int = DEFAULT_GENERATIONS
    replications: int = DEFAULT_REPLICATIONS
    seed: int = DEFAULT_SEED


def load_priors(path: Path) -> dict[str, Prior]:
    """A priors file (TOML): ``[priors.NAME]`` tables with ``shape`` (uniform or
    loguniform), ``low`` and ``high``; only these parameters are fitted, the others stay at
    their defaults. Each prior must lie inside its parameter's allowed range."""
    where = scenarios.display_path(path)
    _, data = read_toml(path, where, CalibrationError)
    extra = [k for k in data if k != "priors"]
    if extra or not isinstance(data.get("priors"), dict) or not data["priors"]:
        raise CalibrationError(
            f"{where}: a priors file holds [priors.NAME] tables (shape, low, high), "
            f"one per parameter to fit" + (f"; unknown key '{extra[0]}'" if extra else "")
        )
    found = {}
    for name, table in data["priors"].items():
        label = f"{where}: priors.{name}"
        if name not in PARAMETER_NAMES:
            raise CalibrationError(
                f"{label}: unknown parameter{did_you_mean(name, PARAMETER_NAMES)}"
            )
        if Parameters.model_fields[name].annotation is not float:
            raise CalibrationError(f"{label}: only decimal parameters can be calibrated")
        if not isinstance(table, dict) or set(table) != {"shape", "low", "high"}:
            raise CalibrationError(f"{label}: give exactly shape, low and high")
        shape, low, high = table["shape"], table["low"], table["high"]
        if shape not in ("uniform", "loguniform"):
            raise CalibrationError(
                f"{label}: shape must be 'uniform' or 'loguniform', got {shape!r}"
            )
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (low, high)):
            raise CalibrationError(f"{label}: low and high must be numbers")
        lo, hi = bounds(name)
        if not low < high:
            raise CalibrationError(f"{label}: low {low} must be below high {high}")
        if low < lo or high > hi:
            raise CalibrationError(
                f"{label}: [{low}, {high}] lies outside the parameter's allowed range [{lo}, {hi}]"
            )
        if shape == "loguniform" and low <= 0:
            raise CalibrationError(f"{label}: a loguniform prior needs low above 0")
        found[name] = Prior(shape, float(low), float(high))
    return found


def fit_targets(targets: Sequence[Target]) -> list[Target]:
    """The targets a calibration may use: the registry's ``fit`` targets, never a holdout."""
    return [t for t in targets if t.use == "fit"]


def prior_distribution(priors: dict[str, Prior]):
    """The priors as a pyabc ``Distribution`` (scipy's ``uniform`` is [loc, loc + scale])."""
    rvs = {}
    for name, prior in priors.items():
        if prior.shape == "uniform":
            rvs[name] = pyabc.RV("uniform", prior.low, prior.high - prior.low)
        else:
            rvs[name] = pyabc.RV("loguniform", prior.low, prior.high)
    return pyabc.Distribution(**rvs)


@dataclass(frozen=True)
class Evaluation:
    """One particle's evaluation: the targets' misses for the parameter values ``theta``."""

    targets: tuple[Target, ...]
    replications: int
    seed: int

    def __call__(self, theta: dict[str, Any]) -> dict[str, float]:
        values = {name: float(theta[name]) for name in theta}
        the_plan = validation.plan(
            self.targets, self.replications, self.seed, base=values, fewest=1
        )
        tables = validation.collect((batch.execute_run(r) for r in the_plan.runs), the_plan)
        return validation.misses(self.targets, the_plan, tables)


def distance(x: dict[str, float], x0: dict[str, float]) -> float:
    """The Euclidean norm of the misses (``x0`` holds 0 for every target: nothing missed)."""
    return math.sqrt(sum((x[k] - x0[k]) ** 2 for k in x0))


def particle_seeds(seed: int, generation: int, n: int) -> list[int]:
    """The seeds of a generation's ``n`` sampling tasks (NumPy's legacy seeding takes 32 bits)."""
    return [
        int(np.random.SeedSequence(seed, spawn_key=(generation, i)).generate_state(1)[0])
        for i in range(n)
    ]


class SeededSampler(MappingSampler):
    """pyabc's mapping sampler with every task seeded from the calibration's seed (pyabc's own
    reseeds each task from the operating system, so no two runs would agree)."""

    def __init__(self, map_: Callable, seed: int, progress: bool = False):
        super().__init__(map_=map_)
        self.seed = seed
        self.progress = progress

    def seeded_task(self, simulate_one: bytes, task_seed: int) -> tuple[Any, int]:
        """Sample particles until one is accepted, from ``task_seed``; runs in a worker."""
        simulate = self.unpickle(simulate_one)
        np.random.seed(task_seed)
        random.seed(task_seed)
        sample = self._create_empty_sample()
        tried = 0
        while True:
            particle = simulate()
            tried += 1
            sample.append(particle)
            if particle.accepted:
                return sample, tried

    def sample_until_n_accepted(self, n, simulate_one, t, **_):
        task = functools.partial(self.seeded_task, self.pickle(simulate_one))
        results = list(
            tqdm(
                self.map_(task, particle_seeds(self.seed, t, n)),
                total=n,
                desc=f"generation {t + 1}",
                unit="particle",
                disable=not self.progress,
                file=sys.stderr,
                leave=False,
            )
        )
        self.nr_evaluations_ = sum(tried for _, tried in results)
        sample = self._create_empty_sample()
        for part, _ in results:
            sample += part
        return sample


class _Local:
    """Local worker processes for the sampling tasks (started once, ended on exit)."""

    def __init__(self, workers: int):
        self.pool = (
            ProcessPoolExecutor(
                max_workers=workers,
                mp_context=get_context("spawn"),
                initializer=batch._worker_init,
                initargs=(os.getpid(),),
            )
            if workers > 1
            else None
        )

    def map(self, task: Callable, items: Sequence) -> Iterable:
        if self.pool is None:
            return _in_process(task, items)
        return self.pool.map(task, items)

    def close(self) -> None:
        if self.pool is not None:
            batch._end_workers(self.pool)


def _in_process(task: Callable, items: Sequence) -> Iterator:
    with batch.old_objects_frozen():  # collections after each run pass over its objects only
        yield from map(task, items)


class _Dask:
    """A Dask cluster's workers for the sampling tasks; results come back in task order."""

    def __init__(self, address: str):
        self.client = batch._connect(address)

    def map(self, task: Callable, items: Sequence) -> Iterable:
        return self.client.gather(self.client.map(task, list(items), pure=False))

    def close(self) -> None:
        self.client.close()


def _settings(
    budget: Budget, targets: Sequence[Target], priors: dict[str, Prior]
) -> dict[str, Any]:
    """What a calibration's folder was made with; a resume must match it."""
    return {
        "budget": asdict(budget),
        "targets_fingerprint": validation.fingerprint(targets),
        "fit_targets": [t.id for t in targets],
        "priors": {name: asdict(p) for name, p in priors.items()},
    }


def prepare(
    folder: Path,
    budget: Budget,
    targets: Sequence[Target],
    resume: bool,
    priors: dict[str, Prior] = PRIORS,
) -> None:
    """Check that ``folder`` can hold this calibration (new) or holds it already (resume),
    before anything is run or written."""
    settings = folder / SETTINGS
    if not resume:
        if folder.exists() and any(folder.iterdir()):
            raise CalibrationError(
                f"{folder} holds files already; give --resume to go on with the calibration "
                "there, or another --out"
            )
        return
    if not settings.is_file() or not (folder / HISTORY).is_file():
        raise CalibrationError(
            f"--resume: {folder} holds no calibration ({SETTINGS} and {HISTORY}); "
            "leave out --resume to start one"
        )
    try:
        stored = json.loads(settings.read_text())
    except (OSError, ValueError) as exc:
        raise CalibrationError(f"--resume: {settings} cannot be read: {exc}") from None
    wanted = _settings(budget, targets, priors)
    for key in ("targets_fingerprint", "priors"):
        if stored.get(key) != wanted[key]:
            what = "the fit targets" if key == "targets_fingerprint" else "the priors"
            raise CalibrationError(
                f"--resume: {folder} was calibrated against other {what.split()[-1]} "
                f"({what} changed since); start a new calibration with another --out"
            )
    stored_budget = stored.get("budget", {})
    for key in ("particles", "replications", "seed"):
        if stored_budget.get(key) != wanted["budget"][key]:
            raise CalibrationError(
                f"--resume: {folder} was started with --{key} {stored_budget.get(key)}, "
                f"not {wanted['budget'][key]}; give the same (only --generations may change)"
            )
    done = len(generations_done(folder))
    if budget.generations < done:
        raise CalibrationError(
            f"--resume: {folder} has {done} generations already; give --generations {done} or more"
        )


def _abc(
    targets: Sequence[Target],
    budget: Budget,
    priors: dict[str, Prior],
    sampler: SeededSampler,
    first: bool,
) -> pyabc.ABCSMC:
    """A fresh ABC-SMC object for one generation. The first accepts every draw from the
    prior; each later one sets its epsilon from the previous generation's distances, as an
    uninterrupted run would."""
    return pyabc.ABCSMC(
        Evaluation(tuple(targets), budget.replications, budget.seed),
        prior_distribution(priors),
        distance,
        population_size=budget.particles,
        sampler=sampler,
        eps=pyabc.QuantileEpsilon(
            initial_epsilon=np.inf if first else "from_sample", alpha=EPSILON_QUANTILE
        ),
    )


def generations_done(folder: Path) -> pd.DataFrame:
    """One row per finished generation: ``t``, ``epsilon``, ``samples`` (evaluations) and
    ``particles``; empty before the first has finished."""
    if not (folder / HISTORY).is_file():
        return pd.DataFrame(columns=["t", "epsilon", "samples", "particles"])
    history = pyabc.History(f"sqlite:///{folder / HISTORY}", create=False, _id=1)
    table = history.get_all_populations()
    table = table[table["t"] >= 0].reset_index(drop=True)
    counts = history.get_nr_particles_per_population()
    table["particles"] = [int(counts.get(t, 0)) for t in table["t"]]
    return table[["t", "epsilon", "samples", "particles"]]


def run(
    folder: Path,
    budget: Budget,
    targets: Sequence[Target],
    *,
    workers: int = 1,
    scheduler: str | None = None,
    priors: dict[str, Prior] = PRIORS,
    report: Callable[[str], None] = print,
    progress: bool = False,
) -> pd.DataFrame:
    """Run (or go on with) the calibration in ``folder`` until it has ``budget.generations``
    generations; :func:`prepare` first. Each generation is saved when it ends; ``report``
    gets a line per generation, and ``progress`` shows a bar of its particles."""
    logging.getLogger("ABC").setLevel(logging.WARNING)  # our own progress lines instead
    folder.mkdir(parents=True, exist_ok=True)
    settings = folder / SETTINGS
    # Written anew on a resume too: prepare() checked that only the generations may differ,
    # and the posterior's provenance should name the budget spent.
    batch.atomic_write(
        settings,
        lambda p: p.write_text(json.dumps(_settings(budget, targets, priors), indent=2)),
    )
    db = f"sqlite:///{folder / HISTORY}"
    executor: _Local | _Dask = _Dask(scheduler) if scheduler else _Local(workers)
    try:
        sampler = SeededSampler(executor.map, budget.seed, progress)
        while (done := len(generations_done(folder))) < budget.generations:
            started = time.monotonic()
            abc = _abc(targets, budget, priors, sampler, first=done == 0)
            if done == 0 and not _has_run(folder):
                abc.new(db, {t.id: 0.0 for t in targets})
            else:
                abc.load(db, 1)
            abc.run(max_nr_populations=1)
            table = generations_done(folder)
            row = table.iloc[-1]
            took = time.monotonic() - started
            left = budget.generations - len(table)
            report(
                f"generation {int(row['t']) + 1} of {budget.generations}: epsilon "
                f"{row['epsilon']:.3g}, acceptance {row['particles'] / row['samples']:.0%} "
                f"({int(row['particles'])} of {int(row['samples'])} evaluations), "
                f"{_duration(took)}"
                + (f"; at least {_duration(left * took)} left at this pace" if left else "")
            )
    finally:
        executor.close()
    return generations_done(folder)


def _duration(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 120 else f"{seconds / 60:.0f} min"


def _has_run(folder: Path) -> bool:
    """Whether pyabc's history holds the calibration's run already (made, none finished)."""
    import sqlalchemy

    path = folder / HISTORY
    if not path.is_file():
        return False
    engine = sqlalchemy.create_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as connection:
            names = sqlalchemy.inspect(connection).get_table_names()
            if "abc_smc" not in names:
                return False
            return bool(
                connection.execute(sqlalchemy.text("select count(*) from abc_smc")).scalar()
            )
    finally:
        engine.dispose()


def posterior(folder: Path) -> pd.DataFrame:
    """The last generation's particles: one row per draw, the fitted parameters and ``weight``
    (summing to 1), in a fixed order."""
    history = pyabc.History(f"sqlite:///{folder / HISTORY}", create=False, _id=1)
    frame, weights = history.get_distribution(m=0, t=history.max_t)
    frame = frame[sorted(frame.columns)].reset_index(drop=True)
    frame["weight"] = np.asarray(weights, dtype=float) / float(np.sum(weights))
    return frame


def provenance(folder: Path, targets: Sequence[Target]) -> dict[str, Any]:
    """How the posterior of ``folder`` was made: its settings (budget, fit targets and their
    fingerprint, priors), the code version, the generations with their epsilon and
    acceptance, and how many evaluations and model runs it cost."""
    settings = json.loads((folder / SETTINGS).read_text())
    table = generations_done(folder)
    reps = settings["budget"]["replications"]
    configurations = len(validation.plan(targets, reps, 0, fewest=1).configurations)
    evaluations = int(table["samples"].sum())
    return {
        **settings,
        "code_version": batch._git_commit(),
        "packages": batch._versions(),
        "generations": [
            {
                # the first generation accepts every draw from the prior (JSON has no inf)
                "epsilon": float(row["epsilon"]) if np.isfinite(row["epsilon"]) else None,
                "evaluations": int(row["samples"]),
                "acceptance": float(row["particles"] / row["samples"]),
            }
            for _, row in table.iterrows()
        ],
        "evaluations": evaluations,
        "runs_per_evaluation": configurations * reps,
        "model_runs": evaluations * configurations * reps,
    }
