"""The findings pipeline: write each group's sweep files, run them with the project's batch
runner, evaluate the checks at the defaults and in each draw of the calibration's posterior
(an ensemble), and write the figure, the robustness table and the numbers the text quotes.

Every sweep file's text is its fingerprint (``sim.sweep``), so a file is rewritten only when
it changes and an unchanged sweep resumes its results folder, skipping finished runs.
"""

from __future__ import annotations

import sys
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import tomli_w

from experiments.findings.figures import FIGURES
from experiments.findings.groups import Check, Condition, Group
from experiments.findings.runs import Runs
from sim import batch, posterior, sweep
from sim.calibration_page import prior_of, weighted_quantiles
from sim.parameters import parameter_table
from viz.plots import plt

ROOT = Path(__file__).resolve().parents[2]
#: The comment atop every sweep file the pipeline writes.
HEADER = ("# Written by `python -m experiments.findings` (edit it in experiments/findings/);\n"
          "# docs/findings.md says what it shows.\n")


# --- sweep files ----------------------------------------------------------------------------


def sweep_text(name: str, description: str, head: dict[str, Any],
               tables: dict[str, dict[str, Any]]) -> str:
    """A sweep file: a comment, the name, the description, top-level keys, then tables."""
    doc = {"name": name, "description": textwrap.fill(description, 92) + "\n", **head,
           **{table: values for table, values in tables.items() if values}}
    return HEADER + tomli_w.dumps(doc, multiline_strings=True)


def outputs(group: Group) -> dict[str, Any]:
    """What every sweep of a group keeps: whole series, of the group's columns if it names
    them."""
    return {"keep": "series", **({"columns": list(group.columns)} if group.columns else {})}


def figure_sweep_text(group: Group) -> str:
    """The sweep file of a group's figure experiment."""
    scen = list(group.scenarios)
    # Shared seeds: every condition of the figure runs on the same replicate seeds, so the
    # differences the checks read are the conditions', not the random numbers'.
    head = {"scenario": scen[0] if len(scen) == 1 else scen,
            "replications": group.replications, "ticks": group.ticks, "seed": group.seed,
            "seeds": "shared"}
    return sweep_text(group.slug, group.description, head,
                      {"parameters": group.grid, "set": group.fixed, "outputs": outputs(group)})


def robustness_name(group: Group, cond: Condition) -> str:
    """The name (and file stem) of a condition's ensemble sweep, and of its figure
    sweep if it has one of its own (the two live in different folders)."""
    return f"{group.slug}-{cond.name.replace('_', '-')}"


def condition_values(group: Group, cond: Condition) -> dict[str, Any]:
    """What a condition sets on top of its scenario: the group's first grid values and fixed
    values, then its own; an own-sweep condition sets only its own."""
    if cond.own_sweep:
        return dict(cond.set)
    grid = {k: values[0] for k, values in group.grid.items()}  # as in the figure sweep
    return {**grid, **group.fixed, **cond.set}


def own_sweep_text(group: Group, cond: Condition) -> str:
    """The figure sweep of an own-sweep condition: its scenario, its values, and the group's
    replications, run length and root seed (so own-sweep conditions share their seeds)."""
    head = {"scenario": cond.scenario, "replications": group.replications,
            "ticks": group.ticks, "seed": group.seed, "seeds": "shared"}
    desc = (f"Group {group.key} ({group.title}), condition '{cond.label}': the scenario "
            f"{cond.scenario} as it stands with the values below; its runs have the same "
            f"seeds as those of the group's other conditions with a sweep of their own.")
    return sweep_text(robustness_name(group, cond), desc, head,
                      {"set": condition_values(group, cond), "outputs": outputs(group)})


def drawn(group: Group) -> dict[str, tuple[float, float]]:
    """The parameters the group's posterior draws, with their prior's [low, high]."""
    post = posterior.load(group.posterior)
    priors = post.provenance.get("priors", {})
    return {
        name: (float(priors[name]["low"]), float(priors[name]["high"]))
        if name in priors
        else (float(post.values[name].min()), float(post.values[name].max()))
        for name in post.parameters
    }


def robustness_sweep_text(group: Group, cond: Condition) -> str:
    """The ensemble sweep of one condition: its runs in ``group.samples`` draws from the
    calibration's posterior. Every condition of a group has the same draws and root seed,
    so the draws and the runs' seeds are the same."""
    calibrated = drawn(group)
    fixed = {k: v for k, v in condition_values(group, cond).items()
             if k not in calibrated}  # a drawn parameter is drawn, not fixed
    # Per-run seeds: the draws are independent, while a draw's runs have the same seeds in
    # every condition's file (the same run ids under the same root seed).
    head = {"scenario": cond.scenario, "replications": group.sample_reps,
            "ticks": cond.ticks or group.ticks, "seed": group.seed + 100, "seeds": "per_run"}
    desc = (f"Robustness of group {group.key} ({group.title}), condition '{cond.label}': "
            f"the condition in {group.samples} draws from the calibration's posterior "
            f"'{group.posterior}'.")
    return sweep_text(robustness_name(group, cond), desc, head,
                      {"set": fixed, "outputs": outputs(group),
                       "ensemble": {"posterior": group.posterior, "draws": group.samples}})


def write_if_changed(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` unless it already holds it (a sweep's fingerprint is its
    text, so an unchanged file keeps its results folder resumable)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path


def run(path: Path, folder: Path, workers: int) -> pd.DataFrame:
    """Run a sweep file into ``folder`` (skipping finished runs) and return its rows."""
    counts = batch.run_sweep(sweep.load_sweep(path), folder, workers=workers,
                             progress=sys.stderr.isatty())
    if counts["failed"]:
        raise RuntimeError(f"{counts['failed']} run(s) of {path.name} failed; see "
                           f"{folder / 'failed'}")
    print(f"    {path.name}: {counts['done']} run(s) made, {counts['skipped']} already done",
          flush=True)
    rows, _, _ = batch.load_results(folder)
    return rows


# --- conditions from runs -------------------------------------------------------------------


def figure_conditions(group: Group, rows: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The runs of each condition in the figure sweep: the design point whose scenario and
    swept values are the condition's (unswept keys at their first grid value). Own-sweep
    conditions are not in it."""
    out = {}
    for cond in group.conditions:
        if cond.own_sweep:
            continue
        want = {k: cond.set.get(k, values[0]) for k, values in group.grid.items()}
        mask = rows["scenario"] == cond.scenario
        for k, v in want.items():
            mask &= np.isclose(rows[k].astype(float), float(v))
        picked = rows[mask]
        if picked["point"].nunique() != 1:
            raise ValueError(f"condition '{cond.name}' matches {picked['point'].nunique()} "
                             "design points of the figure sweep")
        out[cond.name] = picked
    return out


def sample_conditions(tables: dict[str, pd.DataFrame]) -> dict[int, dict[str, pd.DataFrame]]:
    """Per posterior draw (a design point of the ensemble sweeps), the runs of each
    condition in that draw."""
    points = sorted(set.intersection(*(set(t["point"].unique()) for t in tables.values())))
    by_point = {name: dict(tuple(t.groupby("point"))) for name, t in tables.items()}
    return {p: {name: by_point[name][p] for name in tables} for p in points}


def evaluate(checks: tuple[Check, ...], conds: Runs) -> dict[str, bool]:
    """Whether each pattern holds in these runs."""
    return {c.pattern: bool(c.holds(conds)) for c in checks}


#: Fewest sample points on each side (held, failed) to say which parameter a failure
#: depends on; with one or two failures the answer would name whatever is extreme there.
MIN_SIDE = 3


def depends_most_on(samples: pd.DataFrame, pattern: str, ranges: dict
                    ) -> tuple[str, str, float]:
    """The drawn parameter whose values differ most between the draws where the pattern
    failed and where it held: its name, where the failures lie ('high' or 'low') and the
    difference of the means, as a share of its prior's range. Empty when fewer than
    :data:`MIN_SIDE` draws held or failed."""
    held = samples[pattern].astype(bool)
    if min(held.sum(), (~held).sum()) < MIN_SIDE:
        return "", "", float("nan")
    diffs = {}
    for name, (lo, hi) in ranges.items():
        scaled = (samples[name].astype(float) - lo) / (hi - lo)
        diffs[name] = scaled[~held].mean() - scaled[held].mean()
    name = max(diffs, key=lambda k: abs(diffs[k]))
    return name, "high" if diffs[name] > 0 else "low", float(diffs[name])


def robustness_table(group: Group, samples: pd.DataFrame, defaults: dict[str, bool],
                     ranges: dict[str, tuple[float, float]]) -> pd.DataFrame:
    """One row per pattern: does it hold at the defaults, in what share of the posterior's
    draws, and on which parameter it depends most when it fails."""
    rows = []
    for check in group.checks:
        name, where, diff = depends_most_on(samples, check.pattern, ranges)
        held = int(samples[check.pattern].sum())
        rows.append({"group": group.key, "pattern": check.pattern, "claim": check.claim,
                     "holds_at_defaults": defaults[check.pattern],
                     "share_holding": float(samples[check.pattern].mean()),
                     "samples": len(samples), "held": held,
                     "fails_most_at": _failure_note(name, where, held, len(samples)),
                     "difference_in_prior_share": round(diff, 3)})
    return pd.DataFrame(rows)


def _failure_note(name: str, where: str, held: int, n: int) -> str:
    """Where a pattern fails, in words: 'high w_stress', or why that cannot be said."""
    if name:
        return f"{where} {name}"
    if held == n:
        return ""
    if held == 0:
        return "fails everywhere"
    return "too few failures to say" if held > n - held else "too few successes to say"


# --- one group, end to end ----------------------------------------------------------------


@dataclass(frozen=True)
class Paths:
    """Where sweep files, results and figures go."""

    specs: Path
    results: Path
    figures: Path

    @classmethod
    def of(cls, out: str | None, is_quick: bool) -> Paths:
        if out is None and not is_quick:
            return cls(ROOT / "experiments" / "findings", ROOT / "results",
                       ROOT / "docs" / "img" / "findings")
        base = Path(out) if out else ROOT / "results" / "findings-quick"
        return cls(base / "specs", base / "results", base / "img")


def own_sweeps(group: Group, paths: Paths, workers: int) -> dict[str, pd.DataFrame]:
    """Run the figure sweep of every own-sweep condition (into
    ``results/<slug>-scenarios/``) and return each one's runs."""
    folder = paths.results / f"{group.slug}-scenarios"
    out = {}
    for cond in group.conditions:
        if cond.own_sweep:
            spec = write_if_changed(folder / f"{robustness_name(group, cond)}.toml",
                                    own_sweep_text(group, cond))
            out[cond.name] = run(spec, folder / cond.name, workers)
    return out


def robustness(group: Group, paths: Paths, workers: int) -> pd.DataFrame:
    """Run every robust condition in the posterior's draws; one row per draw with its
    parameter values and whether each pattern held."""
    folder = paths.results / f"{group.slug}-robustness"
    tables = {}
    for cond in group.conditions:
        if cond.robust:
            spec = write_if_changed(folder / f"{robustness_name(group, cond)}.toml",
                                    robustness_sweep_text(group, cond))
            tables[cond.name] = run(spec, folder / cond.name, workers)
    names = list(drawn(group))  # read once: the posterior file is the same for every draw
    rows = []
    for point, conds in sample_conditions(tables).items():
        first = next(iter(conds.values())).iloc[0]
        rows.append({"point": point, **{k: first[k] for k in names},
                     **evaluate(group.checks, conds)})
    samples = pd.DataFrame(rows)
    samples.to_csv(folder / "samples.csv", index=False)
    return samples


def run_group(group: Group, paths: Paths, workers: int) -> dict[str, Any]:
    """The group's experiment, figure, checks and robustness table; returns what it wrote."""
    start = time.perf_counter()
    print(f"[{group.key}] {group.title}: figure experiment ...", flush=True)
    spec = write_if_changed(paths.specs / f"{group.slug}.toml", figure_sweep_text(group))
    found = figure_conditions(group, run(spec, paths.results / group.slug, workers))
    found.update(own_sweeps(group, paths, workers))
    conds = {cond.name: found[cond.name] for cond in group.conditions}
    defaults = evaluate(group.checks, conds)
    print(f"[{group.key}] robustness over {group.samples} posterior draws x "
          f"{group.sample_reps} replications ...", flush=True)
    samples = robustness(group, paths, workers)
    table = robustness_table(group, samples, defaults, drawn(group))
    paths.figures.mkdir(parents=True, exist_ok=True)
    figure = paths.figures / f"{group.key}.png"
    FIGURES[group.key](conds, table).savefig(figure, dpi=110)
    plt.close("all")
    csv = paths.figures / f"{group.key}-robustness.csv"
    table.to_csv(csv, index=False)
    numbers = pd.Series(group.numbers(conds), name="value")
    numbers.to_csv(paths.results / group.slug / "numbers.csv", index_label="quantity")
    seconds = time.perf_counter() - start
    print(table.drop(columns=["group", "claim"]).to_string(index=False))
    print(numbers.round(4).to_string())
    print(f"[{group.key}] done in {seconds:.0f} s: figure {figure}, robustness table {csv}",
          flush=True)
    return {"group": group.key, "figure": figure, "csv": csv, "seconds": seconds,
            "table": table, "defaults": defaults}


def drawn_table(groups: list[Group]) -> pd.DataFrame:
    """The drawn parameters: prior, posterior median and 90% interval, default, source."""
    info = {row["name"]: row for row in parameter_table()}
    rows = []
    for name in sorted({post for g in groups for post in [g.posterior]}):
        post = posterior.load(name)
        for param in post.parameters:
            values = post.values[param].to_numpy(dtype=float)
            low, median, high = weighted_quantiles(values, post.weights, [0.05, 0.5, 0.95])
            rows.append({"posterior": name, "parameter": param,
                         "prior": prior_of(post, param).described(),
                         "posterior median [90%]": f"{median:.3g} [{low:.3g}, {high:.3g}]",
                         "default": info[param]["default"], "source": info[param]["source"]})
    return pd.DataFrame(rows)
