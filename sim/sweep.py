"""Sweep files: which runs a batch makes, and with which seeds.

A sweep file (TOML, in ``experiments/``) names a base scenario (or several), the parameters
to vary and how (a full grid, a Latin hypercube, or a Sobol or Morris design from SALib), the
replications, the ticks, the root seed and which outputs to keep. :func:`load_sweep` checks
all of it and gives one :class:`SweepError` per mistake, naming the file, the key and what is
allowed; :func:`plan` turns it into the list of runs. Every run's seed comes from the root seed
and the run's index through ``numpy.random.SeedSequence`` (:func:`run_seed`), so any run can
be repeated alone.
"""

from __future__ import annotations

import hashlib
import importlib
import itertools
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from sim import scenarios
from sim.parameters import PARAMETER_NAMES, Parameters, ParameterError, validate_parameters
from sim.scenarios import did_you_mean, display_path

DEFAULT_MODEL = "sim.model:CoCreationModel"


class SweepError(ValueError):
    """A sweep file that cannot be run; the message names the file, the key and the fix."""


class Design(BaseModel):
    """How the swept parameters are combined."""

    model_config = ConfigDict(extra="forbid")

    method: Literal["grid", "lhs", "sobol", "morris"] = "grid"
    samples: int | None = Field(None, ge=1, le=100_000)
    levels: int = Field(4, ge=2, le=20)  # Morris grid levels


class Outputs(BaseModel):
    """Which outputs each run keeps."""

    model_config = ConfigDict(extra="forbid")

    keep: Literal["final", "ticks", "series"] = "final"
    at_ticks: list[int] = []
    columns: list[str] | None = None  # None: every column


class SweepFile(BaseModel):
    """The contents of a sweep file."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    description: str = Field(min_length=10)
    scenario: str | list[str] = "default"
    model: str = DEFAULT_MODEL
    replications: int = Field(1, ge=1, le=10_000)
    ticks: int = Field(260, ge=1, le=10_000)
    seed: int = Field(0, ge=0, le=2**63 - 1)
    design: Design = Design()
    parameters: dict[str, list[Any]] = {}
    set: dict[str, Any] = {}
    outputs: Outputs = Outputs()

    @model_validator(mode="after")
    def _consistent(self) -> SweepFile:
        m = self.design.method
        for key in list(self.parameters) + list(self.set):
            if key not in PARAMETER_NAMES or key in scenarios.NOT_IN_PARAMETERS:
                raise ValueError(f"unknown parameter '{key}'{did_you_mean(key, PARAMETER_NAMES)}")
        both = set(self.parameters) & set(self.set)
        if both:
            raise ValueError(f"{sorted(both)} both swept and set; choose one")
        if m == "grid":
            if self.design.samples is not None:
                raise ValueError("design.samples is for lhs, sobol and morris; a grid takes "
                                 "every combination of the listed values")
        else:
            if self.design.samples is None:
                raise ValueError(f"design.method '{m}' needs design.samples")
            if isinstance(self.scenario, list):
                raise ValueError(f"a list of scenarios can only be swept with method 'grid', "
                                 f"not '{m}'")
            for key, bounds in self.parameters.items():
                if len(bounds) != 2 or not bounds[0] < bounds[1]:
                    raise ValueError(f"parameters.{key}: method '{m}' needs [low, high] with "
                                     f"low < high, got {bounds}")
            if not self.parameters:
                raise ValueError(f"method '{m}' needs at least one parameter in [parameters]")
        if self.outputs.keep == "ticks":
            if not self.outputs.at_ticks:
                raise ValueError("outputs.keep = 'ticks' needs outputs.at_ticks")
            late = [t for t in self.outputs.at_ticks if not 0 <= t <= self.ticks]
            if late:
                raise ValueError(f"outputs.at_ticks {late} fall outside 0..{self.ticks}")
        return self


@dataclass
class Sweep:
    """A checked sweep file: its text, its contents and the scenarios it starts from."""

    path: Path
    text: str
    spec: SweepFile
    bases: dict[str, dict[str, Any]]  # scenario name -> its parameters

    @property
    def digest(self) -> str:
        """Fingerprint of the sweep file, to tell whether a results folder belongs to it."""
        return hashlib.sha256(self.text.encode()).hexdigest()[:16]

    @property
    def scenario_names(self) -> list[str]:
        return list(self.bases)


def _scenario_list(value: str | list[str]) -> list[str]:
    if value == "all":
        return scenarios.available()
    return [value] if isinstance(value, str) else list(value)


def load_sweep(path: str | Path) -> Sweep:
    """Read and check a sweep file, including every value it can produce."""
    path = Path(path)
    where = display_path(path)
    if not path.is_file():
        folder = path.parent if path.parent.is_dir() else Path(".")
        names = sorted(p.name for p in folder.glob("*.toml"))
        raise SweepError(f"{where}: no such sweep file{did_you_mean(path.name, names)}"
                         + (f". Sweep files there: {', '.join(names)}" if names else ""))
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SweepError(f"{where}: not valid TOML: {exc}") from None
    try:
        spec = SweepFile(**data)
    except ValidationError as exc:
        raise SweepError(f"{where}: " + "; ".join(_message(e) for e in exc.errors())) from None
    if spec.name != path.stem:
        raise SweepError(f"{where}: name '{spec.name}' must match the file name '{path.stem}'")
    _check_model(where, spec.model)
    bases = {}
    for name in _scenario_list(spec.scenario):
        try:
            bases[name] = {} if name == "default" else scenarios.load(name).params
        except scenarios.ScenarioError as exc:
            raise SweepError(f"{where}: scenario: {exc}") from None
    sweep = Sweep(path, text, spec, bases)
    _check_values(where, sweep)
    return sweep


def _check_model(where: str, target: str) -> None:
    module, _, cls = target.partition(":")
    try:
        getattr(importlib.import_module(module), cls)
    except (ImportError, AttributeError, ValueError):
        raise SweepError(f"{where}: model '{target}' cannot be imported; give "
                         f"'package.module:Class', e.g. '{DEFAULT_MODEL}'") from None


def _check_values(where: str, sweep: Sweep) -> None:
    """Every swept value (grid) or bound (other designs), and every fixed value, must be a
    valid parameter value on top of every base scenario."""
    spec = sweep.spec
    for base_name, base in sweep.bases.items():
        for key, values in spec.parameters.items():
            for value in values:
                try:
                    validate_parameters(**{**base, **spec.set, key: value})
                except ParameterError as exc:
                    raise SweepError(f"{where}: parameters.{key}: {exc}") from None
        try:
            validate_parameters(**{**base, **spec.set})
        except ParameterError as exc:
            raise SweepError(f"{where}: set: {exc}") from None
    if spec.outputs.columns is not None:
        from sim.model import CoCreationModel

        for base_name, base in sweep.bases.items():  # subgroup columns differ by scenario
            known = CoCreationModel(rng=0, **{**base, "n_residents": 50}).metrics
            unknown = [c for c in spec.outputs.columns if c not in known]
            if unknown:
                within = "" if base_name == "default" else f" in scenario '{base_name}'"
                raise SweepError(f"{where}: outputs.columns: unknown column(s) {unknown}"
                                 f"{within}{did_you_mean(unknown[0], known)}")


def _message(err: dict) -> str:
    loc = [str(x) for x in err["loc"]]
    msg = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        allowed = list({"design": Design, "outputs": Outputs}.get(loc[0], SweepFile)
                       .model_fields) if len(loc) > 1 else list(SweepFile.model_fields)
        return (f"unknown key '{'.'.join(loc)}'{did_you_mean(loc[-1], allowed)} Allowed: "
                f"{', '.join(allowed)}")
    where = ".".join(loc) or "sweep"
    given = err.get("input")
    shown = "" if isinstance(given, dict) else f" (given {given!r})"
    return f"{where}: {msg}{shown}"


# --- from sweep to runs ---------------------------------------------------------------------


def problem(spec: SweepFile) -> dict:
    """The SALib problem of a sampled design: names and bounds of the swept parameters."""
    names = list(spec.parameters)
    return {"num_vars": len(names), "names": names,
            "bounds": [[float(lo), float(hi)] for lo, hi in spec.parameters.values()]}


def design_points(sweep: Sweep) -> list[dict[str, Any]]:
    """The design points: one dict of swept values (and scenario) per point."""
    spec = sweep.spec
    if spec.design.method == "grid":
        keys = list(spec.parameters)
        combos = itertools.product(*spec.parameters.values()) if keys else [()]
        return [{"scenario": s, **dict(zip(keys, c))}
                for s in sweep.scenario_names for c in combos] if keys else [
            {"scenario": s} for s in sweep.scenario_names]
    from SALib.sample import latin, morris, sobol

    prob, n, seed = problem(spec), spec.design.samples, spec.seed
    if spec.design.method == "sobol":
        x = sobol.sample(prob, n, calc_second_order=False, seed=seed)
    elif spec.design.method == "morris":
        x = morris.sample(prob, n, num_levels=spec.design.levels, seed=seed)
    else:
        x = latin.sample(prob, n, seed=seed)
    ints = {k for k in prob["names"] if Parameters.model_fields[k].annotation is int}
    return [{"scenario": sweep.scenario_names[0],
             **{k: (int(round(v)) if k in ints else float(v))
                for k, v in zip(prob["names"], row)}} for row in x]


def run_seed(root: int, index: int) -> int:
    """The seed of run ``index`` of a sweep with root seed ``root``: the same whatever else is
    run, in whatever order, on whatever machine."""
    return int(np.random.SeedSequence(root, spawn_key=(index,)).generate_state(1)[0])


@dataclass(frozen=True)
class RunSpec:
    """Everything a worker needs to make one run."""

    run_id: int
    point: int
    rep: int
    seed: int
    model: str
    params: dict[str, Any]
    ticks: int
    keep: str
    at_ticks: tuple[int, ...]
    columns: tuple[str, ...] | None


def plan(sweep: Sweep) -> tuple[list[dict[str, Any]], list[RunSpec]]:
    """The design points and every run, run ids ordered by point then replication."""
    spec = sweep.spec
    points = design_points(sweep)
    runs = []
    for p, point in enumerate(points):
        swept = {k: v for k, v in point.items() if k != "scenario"}
        params = {**sweep.bases[point["scenario"]], **spec.set, **swept}
        for rep in range(spec.replications):
            run_id = p * spec.replications + rep
            runs.append(RunSpec(run_id, p, rep, run_seed(spec.seed, run_id), spec.model,
                                params, spec.ticks, spec.outputs.keep,
                                tuple(spec.outputs.at_ticks),
                                tuple(spec.outputs.columns) if spec.outputs.columns else None))
    return points, runs
