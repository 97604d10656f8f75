"""Turn a sweep's results folder into tables and figures (``cocreatie report RESULTS``).

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
from pathlib import Path

import numpy as np
import pandas as pd

from sim.batch import failures, load_results
from sim.compare import mean_and_interval

#: Outcomes reported when present: (column, label).
OUTCOMES = (
    ("participation_rate", "taking part"),
    ("participation_rate[low_ses]", "low SES taking part"),
    ("ever_reached[low_ses]", "low SES ever reached"),
    ("ever_participated[low_ses]", "low SES ever took part"),
    ("representation[low_ses]", "representation of low SES"),
    ("participation_bias", "participation bias"),
    ("contact_gini", "contact concentration"),
    ("hly_gap_proxy", "HLY gap (proxy, years)"),
    ("hly_gap_change", "change in HLY gap (years)"),
)


def _outcomes(rows: pd.DataFrame) -> list[tuple[str, str]]:
    return [(c, label) for c, label in OUTCOMES if c in rows.columns]


def _point_labels(points: list[dict]) -> list[str]:
    varying = [k for k in points[0] if len({json.dumps(p[k]) for p in points}) > 1]
    return [", ".join(f"{k}={p[k]:.3g}" if isinstance(p[k], float) else f"{k}={p[k]}"
                      for k in varying) or "all" for p in points]


def final_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """Each run's last kept tick."""
    return rows.loc[rows.groupby("run_id")["tick"].idxmax()]


def summary_table(final: pd.DataFrame, points: list[dict]) -> pd.DataFrame:
    """Mean and 95% interval over replications of each outcome, per design point."""
    labels = _point_labels(points)
    out = []
    for p, runs in final.groupby("point"):
        row = {"point": p, "design point": labels[p], "runs": len(runs)}
        for col, label in _outcomes(final):
            mean, half = mean_and_interval(runs[col])
            row[f"{label} mean"] = mean
            row[f"{label} 95% low"] = mean - half if half == half else np.nan
            row[f"{label} 95% high"] = mean + half if half == half else np.nan
        out.append(row)
    return pd.DataFrame(out).set_index("point")


def _markdown(table: pd.DataFrame) -> str:
    cols = [c for c in table.columns if c.endswith(" mean")]
    lines = ["| design point | runs | " + " | ".join(c.removesuffix(" mean") for c in cols)
             + " |", "|---|---|" + "---|" * len(cols)]
    for _, row in table.iterrows():
        cells = []
        for c in cols:
            base = c.removesuffix(" mean")
            lo, hi = row[f"{base} 95% low"], row[f"{base} 95% high"]
            ci = f" [{lo:.3g}, {hi:.3g}]" if lo == lo else ""
            cells.append(f"{row[c]:.3g}{ci}")
        lines.append(f"| {row['design point']} | {row['runs']} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def sensitivity(final: pd.DataFrame, points: list[dict], manifest: dict) -> pd.DataFrame:
    """Sobol (S1, ST) or Morris (mu*, sigma) indices of each outcome, with confidence
    intervals, computed on the mean over replications of each design point."""
    from SALib.analyze import morris, sobol

    names = manifest["problem_names"]
    spec = json.loads(json.dumps(manifest["design"]))
    bounds = [[min(p[k] for p in points), max(p[k] for p in points)] for k in names]
    prob = {"num_vars": len(names), "names": names, "bounds": bounds}
    means = final.groupby("point").mean(numeric_only=True).reindex(range(len(points)))
    x = np.array([[p[k] for k in names] for p in points], dtype=float)
    rows = []
    for col, label in _outcomes(final):
        y = means[col].to_numpy()
        if np.isnan(y).any():  # failed or unfinished points: drop the index rather than lie
            continue
        if spec["method"] == "sobol":
            res = sobol.analyze(prob, y, calc_second_order=False, seed=manifest["root_seed"])
            for i, name in enumerate(names):
                rows.append({"outcome": label, "parameter": name, "S1": res["S1"][i],
                             "S1_conf": res["S1_conf"][i], "ST": res["ST"][i],
                             "ST_conf": res["ST_conf"][i]})
        else:
            res = morris.analyze(prob, x, y, num_levels=spec["levels"],
                                 seed=manifest["root_seed"])
            for i, name in enumerate(names):
                rows.append({"outcome": label, "parameter": name, "mu_star": res["mu_star"][i],
                             "mu_star_conf": res["mu_star_conf"][i], "sigma": res["sigma"][i]})
    return pd.DataFrame(rows)


def make_report(folder: Path) -> tuple[Path, list[str]]:
    """Write the report of a results folder into ``folder/report``; return it and the files."""
    from viz import plots

    folder = Path(folder)
    rows, _, manifest = load_results(folder)
    points = json.loads((folder / "points.json").read_text())
    out = folder / "report"
    out.mkdir(exist_ok=True)
    written = []
    final = final_rows(rows)
    table = summary_table(final, points)
    table.to_csv(out / "summary.csv")
    failed = failures(folder)
    note = (f"\n{len(failed)} run(s) failed; see failed/ in the results folder.\n"
            if failed else "")
    (out / "summary.md").write_text(
        f"# {manifest['sweep_name']}\n\nMean over replications at the last kept tick, with "
        f"its 95% interval.\n\n" + _markdown(table) + note)
    written += ["summary.csv", "summary.md"]

    labels = _point_labels(points)
    if rows["tick"].nunique() > 2:
        for col, label in _outcomes(rows):
            name = f"over_time_{col.replace('[', '_').replace(']', '')}.png"
            plots.over_time_figure(rows, col, label, labels).savefig(out / name, dpi=100)
            written.append(name)
    swept = [k for k in manifest["problem_names"]]
    if manifest["design"]["method"] == "grid" and len(swept) >= 2:
        for col, label in _outcomes(final):
            name = f"heatmap_{col.replace('[', '_').replace(']', '')}.png"
            plots.heatmap_figure(final, points, swept, col, label).savefig(out / name, dpi=100)
            written.append(name)
    elif manifest["design"]["method"] == "grid" and len(points) <= 40:
        labels_used = [label for _, label in _outcomes(final)]
        plots.points_figure(table, labels_used).savefig(out / "points.png", dpi=100)
        written.append("points.png")
    if manifest["design"]["method"] in ("sobol", "morris"):
        indices = sensitivity(final, points, manifest)
        indices.to_csv(out / "sensitivity.csv", index=False)
        plots.sensitivity_figure(indices, manifest["design"]["method"]).savefig(
            out / "sensitivity.png", dpi=100)
        written += ["sensitivity.csv", "sensitivity.png"]
    plots.plt.close("all")
    return out, written
