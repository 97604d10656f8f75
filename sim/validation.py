"""The target registry and ``cocreatie validate``: what the model must agree with, checked.

Every ``*.toml`` file in ``validation/`` (the format is ``validation/README.md``) holds
``[[target]]`` tables: a claim from a seed document's case (``kind = "case"``) or a published
figure (``kind = "magnitude"``), the model output that measures it and the range the mean
must fall in. :func:`load_targets` checks all of it and gives one :class:`TargetError` per
mistake, naming the file, the target and the key. :func:`plan` turns the targets into runs:
one configuration per distinct (scenario, ``set``), every configuration with the same
replicate seeds (shared seeds, so differences and ratios are paired), as many weeks as its
latest measure needs and only the weeks and columns the measures read. :func:`scorecard`
turns the runs into one row per target; :func:`validation_page` into ``docs/validation.md``.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from sim import outputs, scenarios, seeds
from sim.messages import Mistake, did_you_mean, read_toml, validation_message
from sim.parameters import PARAMETER_NAMES, ParameterError, validate_parameters
from sim.runner import DEFAULT_MODEL, Keep
from sim.stats import mean_and_interval
from sim.sweep import MAX_TICKS, RunSpec

ROOT = Path(__file__).resolve().parent.parent
#: The registry read unless told otherwise.
TARGET_DIR = ROOT / "validation"
#: Where ``--docs`` writes the scorecard page and its numbers.
DOCS_DIR = ROOT / "docs"
#: Fewest replications a scorecard may rest on (an interval over fewer says too little).
MIN_REPLICATIONS = 10
#: Replications of a full run, and of ``--quick``.
DEFAULT_REPLICATIONS = 20
QUICK_REPLICATIONS = 10
#: Resamples of the bootstrap interval of a ratio, and its fixed seed (same input, same
#: interval).
BOOTSTRAP_RESAMPLES = 2000
BOOTSTRAP_SEED = 0

#: The columns of a scorecard, in order.
SCORECARD_COLUMNS = [
    "id",
    "kind",
    "use",
    "claim",
    "source",
    "statistic",
    "mean",
    "low",
    "high",
    "range_low",
    "range_high",
    "tolerance",
    "pass",
    "replications",
    "seed",
    "a_mean",
    "b_mean",
    "note",
]


class TargetError(ValueError):
    """A target file that cannot be used; the message names the file, the target and the
    key, and what is allowed."""


def _no_text_or_bool(value: Any, what: str) -> Any:
    """Refuse text or true/false where numbers belong (pydantic would turn "0.5" into 0.5)."""
    items = value if isinstance(value, list) else [value]
    for item in items:
        if isinstance(item, (str, bool)):
            kind = "text" if isinstance(item, str) else "true/false"
            raise ValueError(f"expected {what}, got {kind} {item!r}")
    return value


class Measure(BaseModel):
    """One output of one scenario (with optional overrides), reduced over weeks."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    scenario: str = Field(min_length=1)
    set: dict[str, Any] = {}
    output: str = Field(min_length=1)
    weeks: list[int] | None = None
    week: int | None = None
    aggregate: Literal["mean", "sum"] = "mean"

    @field_validator("weeks", "week", mode="before")
    @classmethod
    def _whole_weeks(cls, value: Any) -> Any:
        return _no_text_or_bool(value, "whole numbers of weeks")

    @model_validator(mode="after")
    def _one_span(self) -> Measure:
        if (self.weeks is None) == (self.week is None):
            raise ValueError("give either weeks = [first, last] or week = t (one of them)")
        if self.weeks is not None and len(self.weeks) != 2:
            raise ValueError(f"weeks must be [first, last], got {self.weeks}")
        first, last = self.span
        if not 0 <= first <= last <= MAX_TICKS:
            raise ValueError(
                f"weeks [{first}, {last}] must satisfy 0 <= first <= last <= {MAX_TICKS}"
            )
        return self

    @property
    def span(self) -> tuple[int, int]:
        """The first and last week (inclusive)."""
        if self.weeks is not None:
            return self.weeks[0], self.weeks[-1]
        assert self.week is not None
        return self.week, self.week

    @property
    def configuration(self) -> tuple[str, str]:
        """What is run for it: the scenario and its overrides (as canonical JSON)."""
        return self.scenario, json.dumps(self.set, sort_keys=True)

    def described(self) -> str:
        """``output`` in ``scenario`` (with overrides), weeks, for the docs page."""
        first, last = self.span
        when = f"week {first}" if first == last else f"weeks {first}-{last} ({self.aggregate})"
        extra = "".join(f", {k} = {v}" for k, v in sorted(self.set.items()))
        return f"`{self.output}` in {self.scenario}{extra}, {when}"


class Target(BaseModel):
    """One claim the model must agree with."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9-]*$")
    kind: Literal["case", "magnitude"]
    claim: str = Field(min_length=1)
    source: str = Field(min_length=1)
    use: Literal["fit", "holdout"]
    statistic: Literal["value", "difference", "ratio"]
    a: Measure
    b: Measure | None = None
    range: list[float]
    tolerance: str = Field(min_length=1)
    #: How far outside the range counts as one unit of distance in the calibration; by
    #: default the range's width, or the size of its finite bound when it is open.
    scale: float | None = Field(None, gt=0, allow_inf_nan=False)

    @field_validator("range", mode="before")
    @classmethod
    def _numbers(cls, value: Any) -> Any:
        return _no_text_or_bool(value, "numbers (inf and -inf for an open side)")

    @field_validator("scale", mode="before")
    @classmethod
    def _a_number(cls, value: Any) -> Any:
        return _no_text_or_bool(value, "a number above 0")

    @model_validator(mode="after")
    def _consistent(self) -> Target:
        if self.statistic != "value" and self.b is None:
            raise ValueError(f"statistic '{self.statistic}' needs b, the measure to compare with")
        if self.statistic == "value" and self.b is not None:
            raise ValueError("statistic 'value' uses a only; drop b or choose difference/ratio")
        if len(self.range) != 2:
            raise ValueError(f"range must be [low, high], got {self.range}")
        low, high = self.range
        if math.isnan(low) or math.isnan(high) or low > high:
            raise ValueError(f"range [{low}, {high}] needs low <= high")
        if self.scale is None and not self.unit > 0:
            raise ValueError(
                f"range [{low}, {high}] gives no scale for a miss (no width, and no finite "
                "bound other than 0): add scale = how far outside the range counts as one "
                "tolerance (a number above 0)"
            )
        return self

    @property
    def unit(self) -> float:
        """One tolerance: the calibration's unit of distance for this target."""
        if self.scale is not None:
            return self.scale
        low, high = self.range
        if math.isfinite(low) and math.isfinite(high):
            return high - low
        if math.isfinite(low) or math.isfinite(high):
            return abs(low) if math.isfinite(low) else abs(high)
        return 1.0  # an unbounded range: nothing lies outside it, so no miss is scaled

    @property
    def measures(self) -> list[Measure]:
        return [self.a] if self.b is None else [self.a, self.b]


# --- the registry ------------------------------------------------------------------------


def _target_files(path: Path) -> list[Path]:
    """The target files ``path`` names: itself, or every ``*.toml`` in a folder."""
    where = scenarios.display_path(path)
    if scenarios.is_folder(path):
        files = sorted(path.glob("*.toml"))
        if not files:
            raise TargetError(f"{where}: no target files (*.toml) in this folder")
        return files
    if not scenarios.is_file(path):
        folder = path.parent if scenarios.is_folder(path.parent) else Path(".")
        names = sorted(p.name for p in folder.glob("*.toml"))
        raise TargetError(f"{where}: no such target file or folder{did_you_mean(path.name, names)}")
    return [path]


def _keys(loc: tuple[str, ...]) -> list[str]:
    """The keys allowed at ``loc`` inside a target (for unknown-key messages)."""
    if loc and loc[0] in ("a", "b"):
        return list(Measure.model_fields)
    return list(Target.model_fields)


def _read(path: Path) -> list[Target]:
    """Every target of one file, each checked on its own."""
    where = scenarios.display_path(path)
    _, data = read_toml(path, where, TargetError)
    extra = [k for k in data if k != "target"]
    if extra:
        raise TargetError(
            f"{where}: unknown key '{extra[0]}'{did_you_mean(extra[0], ['target']) or '.'} "
            "A target file holds only [[target]] tables"
        )
    tables = data.get("target", [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise TargetError(f"{where}: 'target' must be [[target]] tables")
    targets = []
    for number, table in enumerate(tables, start=1):
        name = table.get("id")
        label = f"target '{name}'" if isinstance(name, str) else f"target number {number}"
        try:
            targets.append(Target(**table))
        except ValidationError as exc:
            message = validation_message(exc, keys=_keys, whole="target")
            raise TargetError(f"{where}: {label}: {message}") from None
    return targets


def _check_measure(where: str, target: Target, key: str, measure: Measure, cache: dict) -> None:
    """The measure's scenario exists, its overrides are valid on top of it and its output
    is a column that scenario reports (subgroup columns differ by scenario), without
    building a model."""
    label = f"{where}: target '{target.id}': {key}"
    if measure.scenario not in cache:
        try:
            cache[measure.scenario] = scenarios.load(measure.scenario).params
        except scenarios.ScenarioError as exc:
            raise TargetError(f"{label}.scenario: {exc}") from None
    for name in measure.set:
        if name in scenarios.NOT_IN_PARAMETERS:
            why = Mistake(scenarios.NOT_IN_PARAMETERS[name])
            raise TargetError(f"{label}.set: '{name}' cannot be set here: {why}")
        if name not in PARAMETER_NAMES:
            raise TargetError(
                f"{label}.set: unknown parameter '{name}'{did_you_mean(name, PARAMETER_NAMES)}"
            )
    try:
        groups = validate_parameters(**{**cache[measure.scenario], **measure.set}).subgroups
    except ParameterError as exc:
        raise TargetError(f"{label}.set: {exc}") from None
    known = outputs.column_names(outputs.subgroup_labels(groups))
    if measure.output not in known:
        within = f" in scenario '{measure.scenario}'"
        raise TargetError(
            f"{label}.output: unknown output column '{measure.output}'{within}"
            f"{did_you_mean(measure.output, known)} (columns: see sim/outputs.py)"
        )


def load_targets(paths: Iterable[str | Path] | None = None) -> list[Target]:
    """Read and check every target of the given files and folders (``validation/`` by
    default), in file order; a :class:`TargetError` for the first mistake."""
    files: list[Path] = []
    for path in [TARGET_DIR] if paths is None else [Path(p) for p in paths]:
        files += _target_files(path)
    seen: dict[str, str] = {}
    cache: dict[str, dict[str, Any]] = {}
    targets = []
    for path in files:
        where = scenarios.display_path(path)
        for target in _read(path):
            if target.id in seen:
                raise TargetError(
                    f"{where}: target '{target.id}': id is used already (in {seen[target.id]}); "
                    "give every target its own id"
                )
            seen[target.id] = where
            for key, measure in zip(("a", "b"), target.measures):
                _check_measure(where, target, key, measure, cache)
            targets.append(target)
    if not targets:
        shown = ", ".join(scenarios.display_path(f) for f in files)
        raise TargetError(f"{shown}: no targets; a target file holds [[target]] tables")
    return targets


def select(targets: Sequence[Target], ids: Sequence[str] | None) -> list[Target]:
    """The targets named in ``ids`` (all when None), in registry order; an unknown id is a
    :class:`TargetError` with the closest id."""
    if ids is None:
        return list(targets)
    known = [t.id for t in targets]
    for name in ids:
        if name not in known:
            raise TargetError(f"--only: no target '{name}'{did_you_mean(name, known)}")
    return [t for t in targets if t.id in ids]


# --- from targets to runs --------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """The configurations to run (index = the runs' ``point``), and every run."""

    configurations: list[tuple[str, str]]
    runs: list[RunSpec]
    reps: int
    seed: int

    def point(self, measure: Measure) -> int:
        """The index of the configuration that ``measure`` reads."""
        return self.configurations.index(measure.configuration)


def plan(
    targets: Sequence[Target],
    reps: int,
    seed: int,
    *,
    base: Mapping[str, Any] | None = None,
    fewest: int = MIN_REPLICATIONS,
) -> Plan:
    """One configuration per distinct (scenario, set); replication ``k`` of every one gets
    ``seeds.derive(seed, k)`` (shared seeds), so that differences and ratios are paired.

    ``base`` replaces the model's defaults (a calibration's particle, a posterior draw): a
    scenario's own values and a target's ``set`` still come on top of it. ``fewest`` is the
    least number of replications allowed (the calibration's evaluations take fewer, as each
    is one of many)."""
    if reps < fewest:
        raise TargetError(f"at least {fewest} replications, got {reps}")
    needs: dict[tuple[str, str], list[Measure]] = {}
    for target in targets:
        for measure in target.measures:
            needs.setdefault(measure.configuration, []).append(measure)
    runs = []
    for point, (config, measures) in enumerate(needs.items()):
        scenario, overrides = config
        params = {**(base or {}), **scenarios.load(scenario).params, **json.loads(overrides)}
        ticks = max(m.span[1] for m in measures)
        weeks = sorted({w for m in measures for w in range(m.span[0], m.span[1] + 1)})
        columns = tuple(sorted({m.output for m in measures}))
        keep = Keep("ticks", tuple(weeks), columns)  # only what the measures read
        for rep in range(reps):
            run_id = point * reps + rep
            runs.append(
                RunSpec(
                    run_id,
                    point,
                    rep,
                    seeds.run_seed("shared", seed, run_id, rep),
                    DEFAULT_MODEL,
                    params,
                    ticks,
                    keep,
                )
            )
    return Plan(list(needs), runs, reps, seed)


class RunFailed(RuntimeError):
    """A run of the model raised: a bug of the model, not of the target file."""


def collect(
    results: Iterable[tuple[int, pd.DataFrame | None, dict | None]], the_plan: Plan
) -> dict[tuple[int, int], pd.DataFrame]:
    """The kept weeks of every run by (configuration, replication), from the executor's
    ``(run_id, rows, error)``; a failed run is a :class:`RunFailed`."""
    by_id = {r.run_id: r for r in the_plan.runs}
    tables = {}
    for run_id, rows, error in results:
        spec = by_id[run_id]
        if error is not None or rows is None:
            scenario, overrides = the_plan.configurations[spec.point]
            why = error["error"] if error else "no rows"
            raise RunFailed(
                f"the run of {scenario} {overrides} with seed {spec.seed} failed: {why}"
            )
        tables[(spec.point, spec.rep)] = rows.set_index("tick")
    return tables


# --- statistics --------------------------------------------------------------------------------


def reduce(table: pd.DataFrame, measure: Measure) -> float:
    """One replication's value of a measure: its output over its weeks, mean or sum."""
    first, last = measure.span
    series = table.loc[first:last, measure.output]
    return float(series.sum() if measure.aggregate == "sum" else series.mean())


def replication_values(
    target: Target, the_plan: Plan, tables: Mapping[tuple[int, int], pd.DataFrame]
) -> pd.DataFrame:
    """One row per replication: the value of ``a`` (and ``b``) for that replication."""
    rows = []
    for rep in range(the_plan.reps):
        row = {"rep": rep, "a": reduce(tables[(the_plan.point(target.a), rep)], target.a)}
        if target.b is not None:
            row["b"] = reduce(tables[(the_plan.point(target.b), rep)], target.b)
        rows.append(row)
    return pd.DataFrame(rows)


def _bootstrap_ratio(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """95% percentile-bootstrap interval of mean(a) / mean(b), resampling replications
    (pairs, since a and b share seeds) with a fixed seed."""
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(BOOTSTRAP_SEED)))
    picks = rng.integers(0, len(a), size=(BOOTSTRAP_RESAMPLES, len(a)))
    with np.errstate(divide="ignore", invalid="ignore"):
        ratios = a[picks].mean(axis=1) / b[picks].mean(axis=1)
    low, high = np.nanpercentile(ratios, [2.5, 97.5])
    return float(low), float(high)


def estimate(target: Target, values: pd.DataFrame) -> float:
    """The target's statistic over the replications: the mean of ``a``, the mean of the
    paired differences ``a - b``, or the ratio of the means (nan when the mean of ``b`` is 0)."""
    a = values["a"].astype(float)
    if target.statistic == "value":
        return float(a.mean())
    b = values["b"].astype(float)
    if target.statistic == "difference":
        return float((a - b).mean())
    return float(a.mean() / b.mean()) if b.mean() != 0 else float("nan")


#: The calibration's distance for a target whose statistic is undefined (a ratio over 0).
UNDEFINED_MISS = 10.0


def miss(target: Target, value: float) -> float:
    """How far ``value`` lies outside the target's range, in tolerances (:attr:`Target.unit`):
    0 inside, negative below, positive above."""
    if math.isnan(value):
        return UNDEFINED_MISS
    low, high = target.range
    if value < low:
        return (value - low) / target.unit
    if value > high:
        return (value - high) / target.unit
    return 0.0


def misses(
    targets: Sequence[Target], the_plan: Plan, tables: Mapping[tuple[int, int], pd.DataFrame]
) -> dict[str, float]:
    """Each target's :func:`miss` at its estimate over the plan's replications."""
    return {t.id: miss(t, estimate(t, replication_values(t, the_plan, tables))) for t in targets}


def fingerprint(targets: Sequence[Target]) -> str:
    """A digest of what the targets ask (ids, measures, statistics, ranges, scales, use), to
    tell whether a calibration was fitted to these targets."""
    text = json.dumps([t.model_dump(mode="json") for t in targets], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def statistic(target: Target, values: pd.DataFrame) -> dict[str, Any]:
    """Mean, 95% interval and pass of a target from its per-replication values (columns
    ``a`` and, for a difference or ratio, ``b``)."""
    a = values["a"].astype(float)
    b = values["b"].astype(float) if target.statistic != "value" else None
    note = ""
    mean = estimate(target, values)
    if b is None:
        _, half = mean_and_interval(a)
        low, high = mean - half, mean + half
    elif target.statistic == "difference":
        _, half = mean_and_interval(a - b)
        low, high = mean - half, mean + half
    elif b.mean() == 0:
        low = high = float("nan")
        note = "the mean of b is 0, so the ratio is undefined"
    else:
        low, high = _bootstrap_ratio(a.to_numpy(), b.to_numpy())
    range_low, range_high = target.range
    passed = bool(range_low <= mean <= range_high)  # False for nan
    if not passed and not note:
        note = "below the range" if mean < range_low else "above the range"
    return {
        "mean": mean,
        "low": low,
        "high": high,
        "pass": passed,
        "replications": len(values),
        "a_mean": float(a.mean()),
        "b_mean": float(b.mean()) if b is not None else float("nan"),
        "note": note,
    }


def scorecard(
    targets: Sequence[Target], the_plan: Plan, tables: Mapping[tuple[int, int], pd.DataFrame]
) -> pd.DataFrame:
    """One row per target (columns :data:`SCORECARD_COLUMNS`), in registry order."""
    rows = []
    for target in targets:
        stats = statistic(target, replication_values(target, the_plan, tables))
        rows.append(
            {
                "id": target.id,
                "kind": target.kind,
                "use": target.use,
                "claim": target.claim,
                "source": target.source,
                "statistic": target.statistic,
                "range_low": target.range[0],
                "range_high": target.range[1],
                "tolerance": target.tolerance,
                "seed": the_plan.seed,
                **stats,
            }
        )
    return pd.DataFrame(rows, columns=SCORECARD_COLUMNS)


def summary_line(card: pd.DataFrame) -> str:
    """ "N of M targets pass (fit: x/y, holdout: u/v)"."""
    parts = []
    for use in ("fit", "holdout"):
        rows = card[card["use"] == use]
        parts.append(f"{use}: {int(rows['pass'].sum())}/{len(rows)}")
    return f"{int(card['pass'].sum())} of {len(card)} targets pass ({', '.join(parts)})"


# --- the docs page -----------------------------------------------------------------------------


def number(x: float) -> str:
    """A measured or target number, short: three significant digits, inf as ∞."""
    if math.isnan(x):
        return "n/a"
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    return f"{x:.3g}"


def measured(row: Mapping[str, Any]) -> str:
    """``mean [low, high]`` of a scorecard row."""
    return f"{number(row['mean'])} [{number(row['low'])}, {number(row['high'])}]"


def target_range(row: Mapping[str, Any]) -> str:
    return f"[{number(row['range_low'])}, {number(row['range_high'])}]"


def _cell(text: str) -> str:
    """Text fit for one cell of a markdown table."""
    return " ".join(str(text).split()).replace("|", "\\|")


def write_results(card: pd.DataFrame, path: Path) -> None:
    """Write a scorecard as CSV; a missing number is ``nan``, so that an empty text (no
    note) stays text when read back."""
    card.to_csv(path, index=False, na_rep="nan")


def read_results(path: Path) -> pd.DataFrame:
    """A scorecard written by :func:`write_results` (``scorecard.csv``,
    ``docs/validation.csv``)."""
    card = pd.read_csv(path, keep_default_na=False, na_values=["nan"])
    card["pass"] = card["pass"].astype(str).str.lower() == "true"
    return card


def validation_page(targets: Sequence[Target], results: pd.DataFrame) -> str:
    """``docs/validation.md``: how the scorecard is made, the pass counts, and one table per
    kind of target, from the registry and the results of a full run."""
    by_id = {row["id"]: row for row in results.to_dict("records")}
    reps = sorted({int(r["replications"]) for r in by_id.values()})
    seed_values = sorted({int(r["seed"]) for r in by_id.values()})
    lines = [
        "# Validation: the model against its targets",
        "",
        "<!-- Generated by `uv run cocreatie validate --docs` from the registry in validation/ "
        "and the results in docs/validation.csv; do not edit by hand. -->",
        "",
        f"Made with `uv run cocreatie validate --docs`: every target of the registry "
        f"(`validation/*.toml`, format in `validation/README.md`) measured over "
        f"{', '.join(map(str, reps))} replications from root seed "
        f"{', '.join(map(str, seed_values))}. Every scenario and override combination runs the "
        "same replication seeds (shared seeds), so differences and ratios are paired. A value "
        "or a difference is the mean over the replications with its 95% t interval; a ratio "
        "is the ratio of the two means with a 95% percentile-bootstrap interval over the "
        f"replications ({BOOTSTRAP_RESAMPLES} resamples, fixed seed). A target passes when the "
        "mean lies inside its range; the range's width is the tolerance, and the tolerance "
        "text says why it is that wide. `fit` targets may be used for calibration; `holdout` "
        "targets are only checked.",
        "",
        "## Summary",
        "",
        "| kind | fit | holdout | all |",
        "|---|---|---|---|",
    ]
    for kind in ("case", "magnitude"):
        cells = []
        for use in ("fit", "holdout", None):
            chosen = [t for t in targets if t.kind == kind and (use is None or t.use == use)]
            passed = sum(bool(by_id[t.id]["pass"]) for t in chosen if t.id in by_id)
            cells.append(f"{passed} of {len(chosen)}")
        lines.append(f"| {kind} | {' | '.join(cells)} |")
    titles = {"case": "Cases (what the seed documents report)", "magnitude": "Magnitudes"}
    for kind in ("case", "magnitude"):
        chosen = [t for t in targets if t.kind == kind]
        if not chosen:
            continue
        lines += [
            "",
            f"## {titles[kind]}",
            "",
            "| id | claim | source | measure | statistic | measured [95% interval] | range "
            "| tolerance | use | pass |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for t in chosen:
            row = by_id.get(t.id)
            what = t.a.described() + ("" if t.b is None else f" vs {t.b.described()}")
            shown = measured(row) if row else "not measured"
            verdict = ("PASS" if row["pass"] else "FAIL") if row else ""
            lines.append(
                "| "
                + " | ".join(
                    _cell(c)
                    for c in (
                        t.id,
                        t.claim,
                        t.source,
                        what,
                        t.statistic,
                        shown,
                        target_range({"range_low": t.range[0], "range_high": t.range[1]}),
                        t.tolerance,
                        t.use,
                        verdict,
                    )
                )
                + " |"
            )
    return "\n".join(lines) + "\n"
