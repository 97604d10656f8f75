"""``docs/calibration.md``: what the calibration learnt, and how its posterior fares.

Made by ``cocreatie calibrate --ship`` from the shipped posterior (``posteriors/main.json``)
and the checks in ``docs/calibration.csv``: every target of the registry, fit and holdout,
measured in :data:`CHECK_DRAWS` posterior draws with :data:`CHECK_REPS` replications each
(shared seeds). A test regenerates the page from those two files and the registry, so the
page cannot drift from them; figures are drawn by the command line (``viz.plots``).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from sim import batch, posterior, validation
from sim.parameters import PARAMETER_NAMES, PRIORS, Parameters, Prior
from sim.posterior import Posterior
from sim.validation import DOCS_DIR, Target

#: The posterior predictive check: draws, replications per draw, and the root seed.
CHECK_DRAWS = 20
CHECK_REPS = 3
CHECK_SEED = 0
PAGE = DOCS_DIR / "calibration.md"
CHECKS = DOCS_DIR / "calibration.csv"
#: The figures, relative to docs/.
MARGINALS = "img/calibration-marginals.png"
PAIRS = "img/calibration-pairs.png"
#: A posterior 90% interval at most this share of the prior's is "pinned down"; above
#: :data:`AT_PRIOR` the evidence left the parameter where it started.
PINNED = 0.5
AT_PRIOR = 0.8


def prior_of(post: Posterior, name: str) -> Prior:
    """The prior a posterior's parameter was fitted with (its provenance holds them)."""
    stored = post.provenance.get("priors", {}).get(name)
    return Prior(**stored) if stored else PRIORS[name]


def weighted_quantiles(values: np.ndarray, weights: np.ndarray, qs: Sequence[float]) -> list[float]:
    """Quantiles of weighted draws (the inverse of their weighted distribution function)."""
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    cumulative = np.cumsum(weights[order]) / np.sum(weights)
    picks = np.minimum(np.searchsorted(cumulative, qs), len(values) - 1)
    return [float(ordered[int(i)]) for i in picks]


def _scale(prior: Prior, x: np.ndarray | float) -> Any:
    """Where widths are compared: on a log scale for a loguniform prior."""
    return np.log(x) if prior.shape == "loguniform" else x


def parameter_rows(post: Posterior) -> pd.DataFrame:
    """Per fitted parameter: prior, posterior median and 90% interval, the default and
    where it lies in the posterior, and how much the evidence narrowed the prior."""
    rows = []
    for name in post.parameters:
        prior = prior_of(post, name)
        values = post.values[name].to_numpy(dtype=float)
        low, median, high = weighted_quantiles(values, post.weights, [0.05, 0.5, 0.95])
        # The accepted particles' own spread (unweighted): the values that came within the
        # last epsilon of the targets. With a small effective sample size the weighted
        # interval is a few particles' and would read as "pinned down" by accident.
        a_low, a_high = np.percentile(values, [5, 95])
        default = float(Parameters.model_fields[name].default)
        at = float(np.sum(post.weights[values <= default]))
        width = _scale(prior, a_high) - _scale(prior, a_low)
        prior_width = 0.9 * (_scale(prior, prior.high) - _scale(prior, prior.low))
        ratio = float(width / prior_width)
        verdict = (
            "pinned down"
            if ratio <= PINNED
            else ("narrowed" if ratio <= AT_PRIOR else "left at its prior")
        )
        rows.append(
            {
                "parameter": name,
                "prior": prior.described(),
                "median": median,
                "low": low,
                "high": high,
                "accepted_low": float(a_low),
                "accepted_high": float(a_high),
                "default": default,
                "default_quantile": at,
                "width_ratio": ratio,
                "verdict": verdict,
            }
        )
    return pd.DataFrame(rows)


def check_runs(
    post: Posterior,
    targets: Sequence[Target],
    workers: int = 1,
    scheduler: str | None = None,
) -> pd.DataFrame:
    """Every target in :data:`CHECK_DRAWS` posterior draws (chosen with :data:`CHECK_SEED`),
    :data:`CHECK_REPS` replications each with shared seeds: one row per target and draw,
    with the estimate and its miss."""
    chosen = posterior.draws(post, CHECK_DRAWS, CHECK_SEED)
    plans = [
        validation.plan(targets, CHECK_REPS, CHECK_SEED, base=values, fewest=1) for values in chosen
    ]
    size = len(plans[0].runs)
    runs = [
        dataclasses.replace(run, run_id=d * size + run.run_id)
        for d, the_plan in enumerate(plans)
        for run in the_plan.runs
    ]
    by_draw: list[list[tuple]] = [[] for _ in plans]
    source = batch.execute(runs, workers, scheduler)
    try:
        for run_id, rows, error in source:
            by_draw[run_id // size].append((run_id % size, rows, error))
    finally:
        source.close()
    out = []
    for d, (the_plan, results) in enumerate(zip(plans, by_draw)):
        tables = validation.collect(results, the_plan)
        for target in targets:
            value = validation.estimate(
                target, validation.replication_values(target, the_plan, tables)
            )
            out.append(
                {
                    "id": target.id,
                    "use": target.use,
                    "draw": d,
                    "value": value,
                    "miss": validation.miss(target, value),
                }
            )
    return pd.DataFrame(out)


def check_summary(checks: pd.DataFrame, targets: Sequence[Target]) -> pd.DataFrame:
    """Per target: the median and 90% interval of its estimate over the draws, and the share
    of draws that meet it."""
    rows = []
    for target in targets:
        mine = checks[checks["id"] == target.id]
        values = mine["value"].to_numpy(dtype=float)
        finite = values[~np.isnan(values)]
        median, low, high = (
            posterior.summary(finite) if len(finite) else (math.nan, math.nan, math.nan)
        )
        rows.append(
            {
                "id": target.id,
                "kind": target.kind,
                "use": target.use,
                "median": median,
                "low": low,
                "high": high,
                "range": validation.target_range(
                    {"range_low": target.range[0], "range_high": target.range[1]}
                ),
                "met": float((mine["miss"] == 0).mean()),
            }
        )
    return pd.DataFrame(rows)


def _n(x: float) -> str:
    return validation.number(x)


def page(post: Posterior, checks: pd.DataFrame, targets: Sequence[Target]) -> str:
    """The calibration page, from the posterior, its checks and the registry."""
    made = post.provenance
    budget = made["budget"]
    params = parameter_rows(post)
    summary = check_summary(checks, targets)
    fixed = [n for n in PARAMETER_NAMES if n not in post.parameters]
    lines = [
        "# Calibration: what the evidence says about the assumed sizes",
        "",
        "<!-- Generated by `uv run cocreatie calibrate --ship` from posteriors/"
        f"{post.path.name} and docs/calibration.csv; do not edit by hand. -->",
        "",
        f"The {len(post.parameters)} parameters whose size is an assumption and that have a "
        "prior in the parameter registry ([parameters.md](parameters.md)) were fitted to the "
        f"{len(made['fit_targets'])} `fit` targets of the registry (`validation/`, "
        "[validation.md](validation.md)) with approximate Bayesian computation (ABC-SMC, "
        "pyabc). One evaluation runs every configuration the fit targets need "
        f"({made['runs_per_evaluation'] // budget['replications']} of them), "
        f"{budget['replications']} replications each with shared seeds, and measures each "
        "target's miss: how far its estimate lies outside its range, in tolerances (the "
        "range's width, or the size of an open range's bound). The distance is the Euclidean "
        "norm of the misses; each generation keeps the particles within the median distance "
        "of the one before. The held-out targets were not used: they are checked below. "
        f"Budget: {budget['particles']} particles, {len(made['generations'])} generations, "
        f"seed {budget['seed']}; {made['evaluations']} evaluations, "
        f"**{made['model_runs']} model runs**. Code version {made.get('code_version')}, "
        f"targets fingerprint `{made['targets_fingerprint']}`.",
        "",
        "| generation | epsilon (distance kept) | evaluations | acceptance |",
        "|---|---|---|---|",
    ]
    for t, gen in enumerate(made["generations"], start=1):
        lines.append(
            f"| {t} | {'∞ (every prior draw)' if gen['epsilon'] is None else _n(gen['epsilon'])} "
            f"| {gen['evaluations']} | {gen['acceptance']:.0%} |"
        )
    size = posterior.effective_size(post)
    drawn = posterior.draws(post, CHECK_DRAWS, CHECK_SEED)
    top = float(np.max(post.weights))
    lines += [
        "",
        "This is a small budget: a few tens of particles over a space of "
        f"{len(post.parameters)} dimensions. The last generation's importance weights are "
        f"very uneven: **its effective sample size is {size:.1f} of "
        f"{len(post.weights)} particles**, the heaviest particle carries {top:.0%} of the "
        f"weight, and {CHECK_DRAWS} draws from it hold {posterior.distinct(drawn)} different "
        "parameter sets. So the weighted intervals below lean on a few particles and "
        "understate the uncertainty; the verdicts are coarse, and an ensemble over this "
        "posterior mostly repeats those few parameter sets (the command line says so when it "
        "runs one). More particles per generation are the remedy (`--particles`); the "
        "budget here is what a session on these 2-core machines allows.",
        "",
        "## The parameters: prior against posterior",
        "",
        f"![Prior and posterior of each fitted parameter]({MARGINALS})",
        "",
        "Posterior median and 90% interval (weighted particles); the *accepted* range is "
        "the 5th to 95th percentile of the last generation's particles unweighted, the "
        "values that came within the last epsilon of the targets. *Width* is the accepted "
        "range's width over the prior's 90% (on a log scale for a loguniform prior): at most "
        f"{PINNED} the evidence **pins it down**, above {AT_PRIOR} it is **left at its "
        "prior**. *Default at* is the share of the posterior below the model's default: "
        "between 0.05 and 0.95 the default is a representative point of the posterior.",
        "",
        "| parameter | prior | posterior median [90%] | accepted | width | verdict | default "
        "| default at |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for _, r in params.iterrows():
        lines.append(
            f"| `{r['parameter']}` | {r['prior']} | {_n(r['median'])} [{_n(r['low'])}, "
            f"{_n(r['high'])}] | {_n(r['accepted_low'])}-{_n(r['accepted_high'])} | "
            f"{r['width_ratio']:.2f} | {r['verdict']} | "
            f"{_n(r['default'])} | {r['default_quantile']:.2f} |"
        )
    pinned = params[params["verdict"] == "pinned down"]["parameter"].tolist()
    left = params[params["verdict"] == "left at its prior"]["parameter"].tolist()
    inside = params[params["default_quantile"].between(0.05, 0.95)]["parameter"].tolist()
    lines += [
        "",
        f"Pinned down: {', '.join(f'`{n}`' for n in pinned) or 'none'}. Left at the prior: "
        f"{', '.join(f'`{n}`' for n in left) or 'none'}. The defaults of {len(inside)} of "
        f"{len(params)} parameters lie inside the posterior's 90% interval; "
        + (
            "the others: "
            + ", ".join(f"`{n}`" for n in params["parameter"] if n not in inside)
            + ". The defaults stay the hand-set values of [evidence.md](evidence.md); an "
            "ensemble run (`--ensemble N`) uses the posterior instead."
            if len(inside) < len(params)
            else "the defaults are a representative point of the posterior."
        ),
        "",
        f"The other {len(fixed)} parameters stay at their defaults: the policy levers and "
        "case keys that scenarios set, sizes fixed by a source, and assumptions without a "
        "prior yet.",
        "",
        "## Pairs",
        "",
        f"![Pairwise posteriors of the parameters the evidence narrowed most]({PAIRS})",
        "",
        "Each dot is a particle (its size its weight), for the four parameters whose "
        "intervals narrowed most. A ridge means the targets fix a combination, not each.",
    ]
    for use, title, text in (
        (
            "fit",
            "The fit targets in the posterior",
            "How often the posterior's draws meet the targets they were fitted to.",
        ),
        (
            "holdout",
            "Posterior predictive check: the held-out targets",
            "Targets the calibration never saw. A held-out target met in most draws is "
            "evidence the fit carries over; one met in few is a limit of the model or of "
            "the fit.",
        ),
    ):
        chosen = summary[summary["use"] == use]
        lines += [
            "",
            f"## {title}",
            "",
            f"{text} Each of {CHECK_DRAWS} posterior draws (seed {CHECK_SEED}) runs "
            f"{CHECK_REPS} replications with shared seeds; the estimate's median and 90% "
            f"interval over the draws, and the share of draws whose estimate lies in the "
            f"range. Met in at least half the draws: {int((chosen['met'] >= 0.5).sum())} of "
            f"{len(chosen)}.",
            "",
            "| target | kind | over the draws: median [90%] | range | met in |",
            "|---|---|---|---|---|",
        ]
        for _, r in chosen.iterrows():
            lines.append(
                f"| {r['id']} | {r['kind']} | {_n(r['median'])} [{_n(r['low'])}, "
                f"{_n(r['high'])}] | {r['range']} | {r['met']:.0%} |"
            )
    lines += [
        "",
        "## Using the posterior",
        "",
        "`cocreatie run SCENARIO --ensemble N` and `cocreatie compare A B --ensemble N` run "
        "over N draws from this posterior (`--reps` replications each, the same seeds in "
        "every draw) and report the median and 90% interval of every headline outcome; "
        "`compare` also says, for each pair, in what share of the draws one beats the other "
        "on low-SES representation, low-SES reach and the change in the healthy-life-years "
        "gap (a verdict needs 90%). A sweep file takes `[ensemble]` with `posterior` and "
        "`draws`. `cocreatie calibrate --resume` goes on with a stopped calibration.",
    ]
    return "\n".join(lines) + "\n"


def write(
    post: Posterior,
    targets: Sequence[Target],
    *,
    workers: int = 1,
    scheduler: str | None = None,
) -> tuple[pd.DataFrame, str]:
    """The checks and the page (the caller writes them, with the figures)."""
    checks = check_runs(post, targets, workers, scheduler)
    return checks, page(post, checks, targets)


def current_page() -> str | None:
    """The page from the shipped posterior and checks (no runs), or None before there are
    any; the shipped posterior must belong to the registry's fit targets."""
    if not (posterior.path_of(posterior.DEFAULT_POSTERIOR).is_file() and CHECKS.is_file()):
        return None
    post = posterior.load(posterior.DEFAULT_POSTERIOR)
    targets = validation.load_targets()
    posterior.check_current(post, validation.fingerprint([t for t in targets if t.use == "fit"]))
    checks = pd.read_csv(CHECKS)
    return page(post, checks, targets)
