"""Turn a sweep's results folder into tables (``cocreatie report RESULTS``); the command line
adds the figures (:func:`viz.plots.report_figures`), since the run tooling draws nothing.

- ``summary.csv`` and ``summary.md``: per design point, the mean and 95% interval over
  replications of the main outcomes at the last kept tick;
- ``over_time_*.png`` (when whole series were kept): each outcome over time per design point,
  mean with a 95% band;
- ``heatmap_*.png`` (grid designs with two or more swept parameters): the mean outcome over
  the first two swept parameters, one panel per value of a third; otherwise, for up to 40
  design points (a list of scenarios, say), ``points.png``: each point's mean and interval;
- ``sensitivity.csv`` and ``sensitivity.png`` (Sobol or Morris designs): the indices of each
  outcome with their confidence intervals (SALib), on the means over replications.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from sim.batch import ResultsError, failures, load_results
from sim.designs import Problem, design
from sim.outputs import shown_in
from sim.stats import mean_and_interval


def outcomes(rows: pd.DataFrame) -> list[tuple[str, str]]:
    """The report's outcomes (:mod:`sim.outputs`, view ``report``) the rows hold:
    (column, title)."""
    return [(c.name, c.title()) for c in shown_in("report") if c.name in rows.columns]


def _scaled(rows: pd.DataFrame) -> pd.DataFrame:
    """The outcome columns in their display unit (a share as %, say)."""
    rows = rows.copy()
    for c in shown_in("report"):
        if c.name in rows.columns:
            rows[c.name] = rows[c.name] * c.scale
    return rows


def _point_labels(points: list[dict]) -> list[str]:
    varying = [k for k in points[0] if len({json.dumps(p[k]) for p in points}) > 1]
    return [
        ", ".join(f"{k}={p[k]:.3g}" if isinstance(p[k], float) else f"{k}={p[k]}" for k in varying)
        or "all"
        for p in points
    ]


def final_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """Each run's last kept tick."""
    return rows.loc[rows.groupby("run_id")["tick"].idxmax()]


def summary_table(final: pd.DataFrame, points: list[dict]) -> pd.DataFrame:
    """Mean and 95% interval over replications of each outcome, per design point."""
    labels = _point_labels(points)
    out = []
    for p, runs in final.groupby("point"):
        row = {"point": p, "design point": labels[p], "runs": len(runs)}
        for col, label in outcomes(final):
            mean, half = mean_and_interval(runs[col])
            row[f"{label} mean"] = mean
            row[f"{label} 95% low"] = mean - half if half == half else np.nan
            row[f"{label} 95% high"] = mean + half if half == half else np.nan
        out.append(row)
    return pd.DataFrame(out).set_index("point")


def _markdown(table: pd.DataFrame) -> str:
    cols = [c for c in table.columns if c.endswith(" mean")]
    lines = [
        "| design point | runs | " + " | ".join(c.removesuffix(" mean") for c in cols) + " |",
        "|---|---|" + "---|" * len(cols),
    ]
    for _, row in table.iterrows():
        cells = []
        for c in cols:
            base = c.removesuffix(" mean")
            lo, hi = row[f"{base} 95% low"], row[f"{base} 95% high"]
            ci = f" [{lo:.3g}, {hi:.3g}]" if lo == lo else ""
            cells.append(f"{row[c]:.3g}{ci}")
        lines.append(f"| {row['design point']} | {row['runs']} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def problem_of(manifest: dict, points: list[dict]) -> Problem:
    """The swept parameters' names and bounds, as stored in the manifest (folders written
    before the manifest stored them give their names only; their bounds are the sample's)."""
    if "problem" in manifest:
        return Problem.from_json(manifest["problem"])
    names = manifest["problem_names"]
    return Problem(
        tuple(names), tuple((min(p[k] for p in points), max(p[k] for p in points)) for k in names)
    )


def sensitivity(final: pd.DataFrame, points: list[dict], manifest: dict) -> pd.DataFrame:
    """The sensitivity indices of each outcome with their confidence intervals, as the sweep's
    design computes them (:mod:`sim.designs`), on the mean over replications of each point."""
    spec = manifest["design"]
    chosen = design(spec["method"])
    problem = problem_of(manifest, points)
    means = final.groupby("point").mean(numeric_only=True).reindex(range(len(points)))
    x = np.array([[p[k] for k in problem.names] for p in points], dtype=float)
    rows = []
    for col, label in outcomes(final):
        y = means[col].to_numpy()
        if np.isnan(y).any():  # failed or unfinished points: drop the index rather than lie
            continue
        indices = chosen.analyze(problem, x, y, spec["levels"], manifest["root_seed"]) or []
        rows += [
            {"outcome": label, "parameter": name, **row}
            for name, row in zip(problem.names, indices)
        ]
    return pd.DataFrame(rows)


@dataclass
class Report:
    """What ``make_report`` computed and wrote, for the figures to be drawn from."""

    out: Path
    manifest: dict
    points: list[dict]
    point_labels: list[str]
    rows: pd.DataFrame  # every kept row, outcomes in their display unit
    final: pd.DataFrame  # each run's last kept row
    table: pd.DataFrame  # the summary table
    indices: pd.DataFrame | None  # sensitivity indices, for designs that have them
    written: list[str] = field(default_factory=list)


#: What to do about a damaged results folder.
_REMAKE = "make the sweep again into a new --out folder"


def _points(folder: Path) -> list[dict]:
    """The design points of a results folder, or a :class:`ResultsError` if damaged."""
    path = folder / "points.json"
    try:
        points = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ResultsError(f"{path} is missing; {_REMAKE}") from None
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise ResultsError(f"{path} is not readable JSON; {_REMAKE}") from None
    if not isinstance(points, list) or not all(isinstance(p, dict) for p in points):
        raise ResultsError(f"{path} is not a list of design points; {_REMAKE}")
    return points


def _check_manifest(folder: Path, manifest: dict) -> None:
    try:
        fine = isinstance(manifest["sweep_name"], str) and design(manifest["design"]["method"])
    except (KeyError, TypeError, ValueError):
        fine = False
    if not fine:
        raise ResultsError(f"{folder}/manifest.json lacks the sweep's name or design; {_REMAKE}")


def make_report(folder: Path) -> Report:
    """Write the report's tables into ``folder/report``; return what the figures need."""
    import pyarrow as pa

    folder = Path(folder)
    try:
        rows, _, manifest = load_results(folder)
    except pa.ArrowInvalid as exc:
        raise ResultsError(f"{folder}: a table in it cannot be read ({exc}); {_REMAKE}") from None
    _check_manifest(folder, manifest)
    points = _points(folder)
    rows = _scaled(rows)
    out = folder / "report"
    out.mkdir(exist_ok=True)
    final = final_rows(rows)
    table = summary_table(final, points)
    table.to_csv(out / "summary.csv")
    failed = failures(folder)
    note = f"\n{len(failed)} run(s) failed; see failed/ in the results folder.\n" if failed else ""
    (out / "summary.md").write_text(
        f"# {manifest['sweep_name']}\n\nMean over replications at the last kept tick, with "
        f"its 95% interval.\n\n" + _markdown(table) + note
    )
    report = Report(
        out,
        manifest,
        points,
        _point_labels(points),
        rows,
        final,
        table,
        None,
        ["summary.csv", "summary.md"],
    )
    if design(manifest["design"]["method"]).index_columns:
        report.indices = sensitivity(final, points, manifest)
        report.indices.to_csv(out / "sensitivity.csv", index=False)
        report.written.append("sensitivity.csv")
    return report
