"""Sweep files: which runs a batch makes, and with which seeds.

A sweep file (TOML, in ``experiments/``) names a base scenario (or several), the parameters
to vary and how (a design of :mod:`sim.designs`: a full grid, a Latin hypercube, or a Sobol or
Morris design from SALib), the replications, the ticks, the root seed, the seed policy and
which outputs to keep. :func:`load_sweep` checks all of it and gives one :class:`SweepError`
per mistake, naming the file, the key and what is allowed; :func:`plan` turns it into the list
of runs. Seeds follow :mod:`sim.seeds`: with ``seeds = "shared"`` (the default for a list of
scenarios) every design point uses the same replicate seeds, so that points are compared on
common random numbers; with ``"per_run"`` (the default otherwise) every run has its own. Either
way any run can be repeated alone.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from sim import outputs, posterior, scenarios, seeds
from sim.designs import DESIGNS, Problem, design
from sim.messages import (
    Mistake,
    did_you_mean,
    read_toml,
    unusable_name,
    validation_message,
    whole_number_rule,
)
from sim.parameters import (
    PARAMETER_NAMES,
    ParameterError,
    Parameters,
    strict_value,
    validate_parameters,
)
from sim.posterior import MAX_DRAWS, Posterior
from sim.runner import DEFAULT_MODEL, Keep, ModelTargetError, model_class
from sim.scenarios import display_path, is_file, is_folder

#: Most replications and weeks a sweep (or ``run`` and ``compare``) may ask for.
MAX_REPLICATIONS = 10_000
MAX_TICKS = 10_000


class SweepError(ValueError):
    """A sweep file that cannot be run; the message names the file, the key and the fix."""


class Design(BaseModel):
    """How the swept parameters are combined."""

    model_config = ConfigDict(extra="forbid")

    method: str = "grid"  # a name in sim.designs.DESIGNS
    samples: int | None = Field(None, ge=1, le=100_000)
    levels: int = Field(4, ge=2, le=20)  # Morris grid levels

    @field_validator("*", mode="before")
    @classmethod
    def _no_conversions(cls, value: Any, info: ValidationInfo) -> Any:
        return strict_value(cls, value, info)


class Outputs(BaseModel):
    """Which outputs each run keeps."""

    model_config = ConfigDict(extra="forbid")

    keep: Literal["final", "ticks", "series"] = "final"
    at_ticks: list[int] = []
    columns: list[str] | None = None  # None: every column


class Ensemble(BaseModel):
    """Draw the calibrated parameters from a posterior: every design point runs once per
    draw (the same draws for every point)."""

    model_config = ConfigDict(extra="forbid")

    posterior: str = "main"  # a name in posteriors/ or a path
    draws: int = Field(ge=1, le=MAX_DRAWS)

    @field_validator("*", mode="before")
    @classmethod
    def _no_conversions(cls, value: Any, info: ValidationInfo) -> Any:
        return strict_value(cls, value, info)


class SweepFile(BaseModel):
    """The contents of a sweep file."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    description: str = Field(min_length=10)
    scenario: str | list[str] = "default"
    model: str = DEFAULT_MODEL
    replications: int = Field(1, ge=1, le=MAX_REPLICATIONS)
    ticks: int = Field(260, ge=1, le=MAX_TICKS)
    seed: int = Field(0, ge=0, le=seeds.MAX_SEED)
    seeds: Literal["shared", "per_run"] | None = None  # None: shared for a list of scenarios
    design: Design = Design()
    parameters: dict[str, list[Any]] = {}
    set: dict[str, Any] = {}
    outputs: Outputs = Outputs()
    ensemble: Ensemble | None = None

    @field_validator("*", mode="before")
    @classmethod
    def _no_conversions(cls, value: Any, info: ValidationInfo) -> Any:
        return strict_value(cls, value, info)

    @model_validator(mode="after")
    def _consistent(self) -> SweepFile:
        m = self.design.method
        chosen = design(m)  # an unknown method is an error, never a silent default
        for key in list(self.parameters) + list(self.set):
            if key in scenarios.NOT_IN_PARAMETERS:
                where = " in the base scenario" if key == "subgroups" else ""
                why = Mistake(scenarios.NOT_IN_PARAMETERS[key])
                raise ValueError(f"'{key}' cannot be set in a sweep: {why}{where}")
            if key not in PARAMETER_NAMES:
                raise ValueError(f"unknown parameter '{key}'{did_you_mean(key, PARAMETER_NAMES)}")
        both = set(self.parameters) & set(self.set)
        if both:
            raise ValueError(f"{sorted(both)} both swept and set; choose one")
        if isinstance(self.scenario, list):
            twice = sorted({s for s in self.scenario if self.scenario.count(s) > 1})
            if twice:
                raise ValueError(f"scenario lists {twice} more than once; list each once")
            if not self.scenario:
                raise ValueError("scenario: the list is empty; name at least one scenario")
        if not chosen.sampled:
            empty = [k for k, v in self.parameters.items() if not v]
            if empty:
                raise ValueError(
                    f"parameters.{empty[0]}: the list of values is empty, which "
                    "would make no runs; give at least one value"
                )
            if self.design.samples is not None:
                sampled = ", ".join(n for n, d in DESIGNS.items() if d.sampled)
                raise ValueError(
                    f"design.samples is for {sampled}; a grid takes every "
                    "combination of the listed values"
                )
        else:
            if self.design.samples is None:
                raise ValueError(f"design.method '{m}' needs design.samples")
            if isinstance(self.scenario, list):
                raise ValueError(
                    f"a list of scenarios can only be swept with method 'grid', not '{m}'"
                )
            for key, bounds in self.parameters.items():
                if len(bounds) != 2 or not bounds[0] < bounds[1]:
                    raise ValueError(
                        f"parameters.{key}: method '{m}' needs [low, high] with "
                        f"low < high, got {bounds}"
                    )
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
    posterior: Posterior | None = None  # where an ensemble's draws come from

    @property
    def digest(self) -> str:
        """Fingerprint of the sweep file, of the parameters of the scenarios it starts from
        (so an edited scenario file counts as another sweep) and of the posterior its draws
        come from: whether a results folder belongs to it."""
        text = (
            self.text
            + json.dumps(self.bases, sort_keys=True, default=str)
            + (self.posterior.digest if self.posterior is not None else "")
        )
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def draws(self) -> list[dict[str, float]]:
        """The ensemble's parameter draws (none without an ensemble), chosen with the root
        seed: the same for every design point."""
        if self.posterior is None or self.spec.ensemble is None:
            return []
        return posterior.draws(self.posterior, self.spec.ensemble.draws, self.spec.seed)

    @property
    def scenario_names(self) -> list[str]:
        return list(self.bases)

    @property
    def seed_policy(self) -> seeds.SeedPolicy:
        """The declared policy, or shared for a list of scenarios and per-run otherwise."""
        if self.spec.seeds is not None:
            return self.spec.seeds
        return (
            "shared"
            if isinstance(self.spec.scenario, list) or self.spec.scenario == "all"
            else "per_run"
        )

    @property
    def problem(self) -> Problem:
        """The swept parameters' names and bounds (stored in the results' manifest)."""
        return design(self.spec.design.method).problem(self.spec.parameters)


def _scenario_list(value: str | list[str]) -> list[str]:
    if value == "all":
        return scenarios.available()
    return [value] if isinstance(value, str) else list(value)


def load_sweep(path: str | Path) -> Sweep:
    """Read and check a sweep file, including every value it can produce."""
    path = Path(path)
    where = display_path(path)
    if unusable_name(path):
        raise SweepError(f"{where}: no such sweep file: {unusable_name(path)}")
    if is_folder(path):
        raise SweepError(f"{where}: is a folder; give a sweep file (.toml)")
    if not is_file(path):
        folder = path.parent if is_folder(path.parent) else Path(".")
        names = sorted(p.name for p in folder.glob("*.toml"))
        raise SweepError(
            f"{where}: no such sweep file{did_you_mean(path.name, names)}"
            + (f". Sweep files there: {', '.join(names)}" if names else "")
        )
    text, data = read_toml(path, where, SweepError)
    try:
        spec = SweepFile(**data)
    except ValidationError as exc:
        raise SweepError(f"{where}: " + _message(exc)) from None
    if spec.name != path.stem:
        raise SweepError(f"{where}: name '{spec.name}' must match the file name '{path.stem}'")
    return checked(spec, text, path)


def checked(spec: SweepFile, text: str, path: Path | None = None) -> Sweep:
    """A sweep from its contents (a file's, or one made in memory, as ``compare`` does), with
    its model, scenarios and every value it can produce checked."""
    where = display_path(path) if path is not None else spec.name
    try:
        model_class(spec.model)
    except ModelTargetError as exc:
        raise SweepError(f"{where}: {exc}") from None
    bases = {}
    for name in _scenario_list(spec.scenario):
        try:
            bases[name] = scenarios.load(name).params
        except scenarios.ScenarioError as exc:
            raise SweepError(f"{where}: scenario: {exc}") from None
    sweep = Sweep(path or Path(f"{spec.name}.toml"), text, spec, bases, _posterior(where, spec))
    _check_values(where, sweep)
    return sweep


def _posterior(where: str, spec: SweepFile) -> Posterior | None:
    """The posterior of the sweep's ensemble, checked to belong to today's fit targets and
    to leave the swept and set parameters alone."""
    if spec.ensemble is None:
        return None
    from sim import validation  # validation builds on sweeps: import it only here

    try:
        chosen = posterior.load(spec.ensemble.posterior)
        fit = [t for t in validation.load_targets() if t.use == "fit"]
        posterior.check_current(chosen, validation.fingerprint(fit))
    except (posterior.PosteriorError, validation.TargetError) as exc:
        raise SweepError(f"{where}: ensemble: {exc}") from None
    both = sorted(set(chosen.parameters) & (set(spec.parameters) | set(spec.set)))
    if both:
        raise SweepError(
            f"{where}: {both} are drawn from the posterior '{chosen.name}' and also swept or "
            "set; leave them to the posterior, or drop the ensemble"
        )
    return chosen


def _check_values(where: str, sweep: Sweep) -> None:
    """Every swept value (grid) or bound (other designs), and every fixed value, must be a
    valid parameter value on top of every base scenario."""
    spec = sweep.spec
    for base in sweep.bases.values():
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
        for base_name, base in sweep.bases.items():  # subgroup columns differ by scenario
            groups = validate_parameters(**{**base, **spec.set}).subgroups
            known = outputs.column_names(outputs.subgroup_labels(groups))
            unknown = [c for c in spec.outputs.columns if c not in known]
            if unknown:
                within = "" if base_name == "default" else f" in scenario '{base_name}'"
                raise SweepError(
                    f"{where}: outputs.columns: unknown column(s) {unknown}"
                    f"{within}{did_you_mean(unknown[0], known)}"
                )


def _allowed(name: str) -> str | None:
    """What a top-level count of a sweep file takes (its range), or None."""
    field = SweepFile.model_fields.get(name)
    if field is None or field.annotation is not int:
        return None
    lo = hi = None
    for meta in field.metadata:
        lo = getattr(meta, "ge", lo)
        hi = getattr(meta, "le", hi)
    return whole_number_rule(lo, hi)


def _message(exc: ValidationError) -> str:
    tables: dict[str, type[BaseModel]] = {
        "design": Design,
        "outputs": Outputs,
        "ensemble": Ensemble,
    }
    return validation_message(
        exc,
        whole="sweep",
        allowed=_allowed,
        keys=lambda t: list((tables.get(t[0], SweepFile) if t else SweepFile).model_fields),
    )


# --- from sweep to runs ---------------------------------------------------------------------


def design_points(sweep: Sweep) -> list[dict[str, Any]]:
    """The design points: one dict of swept values (and scenario) per point."""
    spec = sweep.spec
    chosen = design(spec.design.method)
    values = chosen.sample(spec.parameters, spec.design.samples, spec.design.levels, spec.seed)
    if not chosen.sampled:
        points = [{"scenario": s, **v} for s in sweep.scenario_names for v in values]
    else:
        ints = {k for k in spec.parameters if Parameters.model_fields[k].annotation is int}
        points = [
            {
                "scenario": sweep.scenario_names[0],
                **{k: (int(round(v)) if k in ints else float(v)) for k, v in point.items()},
            }
            for point in values
        ]
    drawn = sweep.draws()
    if not drawn:
        return points
    return [{**p, "draw": i, **values} for p in points for i, values in enumerate(drawn)]


#: What a design point holds besides parameter values.
POINT_LABELS = ("scenario", "draw")


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
    keep: Keep


def plan(sweep: Sweep) -> tuple[list[dict[str, Any]], list[RunSpec]]:
    """The design points and every run, run ids ordered by point then replication."""
    spec = sweep.spec
    points = design_points(sweep)
    keep = Keep(
        spec.outputs.keep,
        tuple(spec.outputs.at_ticks),
        tuple(spec.outputs.columns) if spec.outputs.columns else None,
    )
    runs = []
    for p, point in enumerate(points):
        swept = {k: v for k, v in point.items() if k not in POINT_LABELS}
        params = {**sweep.bases[point["scenario"]], **spec.set, **swept}
        for rep in range(spec.replications):
            run_id = p * spec.replications + rep
            seed = seeds.run_seed(sweep.seed_policy, spec.seed, run_id, rep)
            runs.append(RunSpec(run_id, p, rep, seed, spec.model, params, spec.ticks, keep))
    return points, runs
