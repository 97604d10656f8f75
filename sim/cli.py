"""Command line (``cocreatie``, also ``python -m sim``).

- ``run [SCENARIO]``: one run, its summary, tables and figures;
- ``scenarios`` and ``scenarios show NAME``: the scenario library;
- ``compare A B ...``: scenarios side by side with the same replicate seeds;
- ``sweep FILE`` and ``report RESULTS``: the batch runner and its analysis;
- ``app``: the interactive app in the browser (Solara);
- ``params``: every parameter with default, range and source; ``docs`` regenerates the
  parameter and scenario pages in ``docs/``;
- ``validate``: the model against the target registry in ``validation/``, a scorecard;
- ``calibrate``: fit the assumed sizes to the fit targets (ABC-SMC), ``--resume`` after a
  stop, ``--ship`` the posterior and its page; ``run`` and ``compare`` take ``--ensemble N``
  to run over N draws of that posterior.

User mistakes (an unknown parameter, a value out of range, a broken or unreadable scenario
or sweep file, an output folder that exists already or cannot be written, an option outside
its range: seeds 0 to 2**63-1, weeks and replications 1 to 10,000, ports 1 to 65535) end in
one line on stderr and exit status 2, and nothing is written: every check comes before the
run. A traceback means a bug.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
import time
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, NoReturn

import numpy as np
import pandas as pd
from tqdm import tqdm

from sim import scenarios
from sim.batch import ResultsError
from sim.bilingual import LANGUAGES
from sim.messages import one_line, os_error, unusable_name
from sim.metrics import horizon_summary, subgroup_summary, undefined_note
from sim.outputs import WEEKS_PER_YEAR
from sim.parameters import ParameterError, Parameters, parameter_table
from sim.posterior import MAX_DRAWS
from sim.seeds import MAX_SEED
from sim.sweep import MAX_REPLICATIONS, MAX_TICKS, SweepError
from sim.validation import TargetError

DEFAULT_SEED = 42
DEFAULT_TICKS = 260  # five years of weeks
MAX_WORKERS = 1024


class UsageError(Exception):
    """A mistake in what the user typed; the message says what and how to fix it."""


def parse_assignment(text: str) -> tuple[str, Any]:
    """``name=value`` to ``(name, value)``; the value is read as JSON when it can be.

    Parameters that hold a list of names also take ``a,b,c``.
    """
    name, sep, raw = text.partition("=")
    name = name.strip()
    if not sep or not name:
        raise UsageError(f"--set expects name=value, got {text!r}")
    try:
        value: Any = json.loads(raw)
    except json.JSONDecodeError:
        value = raw
    field = Parameters.model_fields.get(name)
    if field is not None and "tuple" in str(field.annotation) and isinstance(value, str):
        value = [v.strip() for v in value.split(",") if v.strip()]
    return name, value


def _write_outputs(
    folder: Path,
    model,
    df: pd.DataFrame,
    seed: int,
    ticks: int,
    settings: dict[str, Any],
    formats: tuple[str, ...] = ("png",),
) -> None:
    from viz.plots import outcomes_figure, participation_figure

    df.to_csv(folder / "timeseries.csv", index_label="tick")
    df.to_parquet(folder / "timeseries.parquet")
    _subgroups(df, model).to_csv(folder / "summary.csv")
    horizon_summary(df, model.p.funding_weeks).to_csv(folder / "horizon.csv", index_label="outcome")
    if model.p.collect_agents:
        from sim.agents import Resident

        agents = model.datacollector.get_agenttype_vars_dataframe(Resident)
        agents.to_parquet(folder / "agents.parquet")
    groups = {g.name: g.label for g in model.p.subgroups}
    fig = participation_figure(df, groups, model.p.funding_weeks)
    outcomes = outcomes_figure(df, model.p.funding_weeks)
    for fmt in formats:
        fig.savefig(folder / f"participation.{fmt}", dpi=FIGURE_DPI, format=fmt)
        outcomes.savefig(folder / f"outcomes.{fmt}", dpi=FIGURE_DPI, format=fmt)
    _close(fig, outcomes)
    run = {
        "seed": seed,
        "ticks": ticks,
        "settings": settings,
        "parameters": model.p.model_dump(mode="json"),
    }
    (folder / "run.json").write_text(json.dumps(run, indent=2))


def _close(*figures) -> None:
    """Let go of figures once saved (``main`` may be called many times in one process)."""
    import matplotlib.pyplot as plt

    for fig in figures:
        plt.close(fig)


#: Resolution of the command line's PNG figures (print quality), and the formats it writes.
FIGURE_DPI = 200
FIGURE_FORMATS = ("png", "svg", "pdf")


def _save_and_close(fig, path: Path, fmt: str = "png") -> None:
    fig.savefig(path, dpi=FIGURE_DPI, format=fmt)
    _close(fig)


def _subgroups(df: pd.DataFrame, model) -> pd.DataFrame:
    groups = model.p.subgroups
    population = np.bincount(model.residents.group, minlength=len(groups)) / len(model.residents)
    return subgroup_summary(df, groups, population)


def _whole_number(option: str, lo: int, hi: int):
    """An argparse type: a whole number from ``lo`` to ``hi``, or one line saying so."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or not lo <= value <= hi:
            raise argparse.ArgumentTypeError(
                f"must be a whole number from {lo} to {hi}, got {text!r}"
            )
        return value

    parse.__name__ = option.lstrip("-")  # argparse names the type in some messages
    return parse


def _check_writable(out: Path, *, inside: bool = False) -> None:
    """Refuse, before anything runs, an output folder that cannot be made or written: a
    name too long, a file in the way, or a folder without write permission. ``inside``: the
    writing happens in ``out`` itself when it exists (a sweep's folder, resumed), else next
    to it (a rename into place)."""
    if unusable_name(out):
        raise UsageError(f"output folder {out} cannot be made: {unusable_name(out)}")
    if out.name in ("", ".."):
        raise UsageError(
            f"output folder '{out}' must end in a folder's name (not '.' or '..'); "
            "choose another with --out"
        )
    try:
        str(out).encode("utf-8")
    except UnicodeEncodeError:
        raise UsageError(
            f"output folder {out!s:.80} has a name that is not UTF-8 text; choose another"
        ) from None
    try:
        if out.exists() and not out.is_dir():
            raise UsageError(f"output folder {out} is a file; choose another with --out")
        probe_in = out if inside and out.exists() else out.parent
        absolute = Path(os.path.abspath(probe_in))
        existing = absolute
        while not existing.exists():
            existing = existing.parent
        if not existing.is_dir():
            raise UsageError(
                f"output folder {out} cannot be made: {existing} is a file, not a folder"
            )
        fd, name = tempfile.mkstemp(prefix=".cocreatie-probe-", dir=existing)
        os.close(fd)
        os.unlink(name)
    except OSError as exc:
        raise UsageError(f"output folder {out} cannot be written: {os_error(exc)}") from None


def _output_folder(arg: str | None, label: str) -> Path:
    """The folder to write to: the one given, or a new one under ``results/``; never an
    existing non-empty folder, and one that can be written (checked before the run)."""
    out = (
        Path(arg)
        if arg is not None
        else Path("results") / f"{label}-{time.strftime('%Y%m%d-%H%M%S')}"
    )
    _check_writable(out)
    if out.exists() and any(out.iterdir()):
        raise UsageError(
            f"output folder {out} already exists and is not empty; choose another with --out"
        )
    return out


def _write_atomically(out: Path, write) -> None:
    """Let ``write(folder)`` fill a hidden folder next to ``out``, then rename it, so that a
    crash or Ctrl-C leaves no half-written results."""
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir()
    try:
        write(partial)
        if out.exists():
            out.rmdir()
        partial.rename(out)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise


def _scenario_params(name: str | None, settings: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The scenario's parameters (the default scenario if none is named) with ``--set``
    values on top."""
    scenario = scenarios.load(name or "default")
    return scenario.name, {**scenario.params, **settings}


def cmd_run(args: argparse.Namespace) -> int:
    from sim import runner
    from sim.parameters import validate_parameters

    settings = dict(parse_assignment(a) for a in args.set)
    label, params = _scenario_params(args.scenario, settings)
    validate_parameters(**params)  # a ParameterError before any writing
    formats = _figure_formats(args)
    if args.ensemble is not None:
        return _ensemble([args.scenario or "default"], args, settings)
    if args.reps is not None:
        raise UsageError("--reps is for an ensemble run: give --ensemble N as well")
    out = _output_folder(args.out, f"run-{label}-seed{args.seed}")

    with tqdm(
        total=args.ticks, desc="weeks", unit="wk", disable=args.quiet, file=sys.stderr
    ) as bar:
        done = runner.run(params, args.seed, args.ticks, each_week=bar.update)
    model, df = done.model, done.table
    settings = {**settings, "scenario": label}
    _write_atomically(
        out,
        lambda folder: _write_outputs(folder, model, df, args.seed, args.ticks, settings, formats),
    )

    last = df.iloc[-1]
    with pd.option_context(
        "display.width", 160, "display.max_columns", 20, "display.float_format", "{:.1f}".format
    ):
        print(
            f"\n{label}: after {args.ticks} weeks ({args.ticks / WEEKS_PER_YEAR:.1f} years), "
            f"seed {args.seed}:\n"
        )
        print(_subgroups(df, model).to_string(formatters={"representation": "{:.2f}".format}))
    print(
        f"\nTaking part now: {100 * last['participation_rate']:.1f}% of residents; "
        f"ever reached: {100 * last['ever_reached']:.1f}%."
    )
    print(
        f"Participation-bias index (0 = participants mirror the neighbourhood): "
        f"{last['participation_bias']:.2f}"
    )
    print(
        f"Concentration of professionals' contacts (Gini over residents): "
        f"{last['contact_gini']:.2f}"
    )
    print("\nWhat the initiative leaves behind (exits and referrals are totals so far):\n")
    print(horizon_summary(df, model.p.funding_weeks).to_string(float_format="{:.2f}".format))
    if note := undefined_note(model):
        print(f"\n{note}")
    figures = ", ".join(f"{n}.{f}" for n in ("participation", "outcomes") for f in formats)
    print(
        f"\nWrote {out}/: timeseries.csv, timeseries.parquet, summary.csv, horizon.csv, "
        f"{figures}, run.json"
    )
    return 0


def cmd_scenarios(args: argparse.Namespace) -> int:
    if args.action == "show":
        if not args.name:
            raise UsageError(
                "scenarios show needs a scenario name, e.g. 'cocreatie scenarios show outreach'"
            )
        return _show_scenario(args.name)
    if args.action is not None:
        raise UsageError(
            f"unknown action '{args.action}'; use 'cocreatie scenarios' or "
            "'cocreatie scenarios show NAME'"
        )
    rows, broken = [], []
    for name in scenarios.available():
        try:
            sc = scenarios.load(name)
        except scenarios.ScenarioError as exc:
            broken.append(str(exc))
            continue
        rows.append({"scenario": name, "title": sc.title, "source": sc.source})
    if not scenarios.SCENARIO_DIR.is_dir():
        raise UsageError(
            f"the scenario folder {scenarios.SCENARIO_DIR} (COCREATIE_SCENARIOS) does not exist"
        )
    if rows:
        with pd.option_context("display.width", 200, "display.max_colwidth", 70):
            print(pd.DataFrame(rows).set_index("scenario").to_string())
    elif not broken:
        print(f"no scenario files (*.toml) in {scenarios.SCENARIO_DIR}")
    if broken:
        raise UsageError(f"{len(broken)} scenario file(s) cannot be used: " + " | ".join(broken))
    return 0


def _show_scenario(name: str) -> int:
    sc = scenarios.load(name)
    print(f"{sc.name}: {sc.title}")
    print(f"source: {sc.source}")
    if len(sc.chain) > 1:
        print(f"extends: {' -> '.join(sc.chain[1:])}")
    print(f"\n{sc.description}\n")
    sources = {row["name"]: row["source"] for row in parameter_table()}
    resolved = sc.resolved()
    rows = []
    for name in Parameters.model_fields:
        value = getattr(resolved, name)
        if name == "subgroups":
            value = ", ".join(f"{g.name} {g.share:.0%}" for g in value)
        rows.append(
            {
                "parameter": name,
                "value": value,
                "from": sc.origin.get(name, "model default"),
                "why": sc.why.get(name) or f"default; {sources[name]}",
            }
        )
    with pd.option_context(
        "display.width", 220, "display.max_colwidth", 110, "display.max_rows", 500
    ):
        print(pd.DataFrame(rows).set_index("parameter").to_string())
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from sim import batch
    from sim.compare import compare_sweep, results, summary
    from viz.plots import compare_figure

    if len(args.scenarios) < 2:
        raise UsageError(
            "compare needs at least two scenarios, e.g. 'cocreatie compare bureaublind outreach'"
        )
    _workers(args)
    loaded, order = _scenarios_once(args.scenarios)
    formats = _figure_formats(args)
    if args.ensemble is not None:
        return _ensemble(args.scenarios, args, {})
    spec = compare_sweep(args.scenarios, args.reps, args.ticks, args.seed)
    folder = (
        Path(args.out)
        if args.out is not None
        else Path("results")
        / (f"compare-{'-'.join(order)[:80]}-seed{args.seed}-{args.reps}x{args.ticks}w")
    )
    _check_writable(folder, inside=True)
    code = _run_sweep(spec, folder, args)
    if code:
        return code
    finals, series = results(folder, loaded)
    table = summary(finals, order)

    def keep(name: str, write) -> None:
        batch.atomic_write(folder / name, write)

    keep("runs.csv", lambda p: finals.to_csv(p, index=False))
    keep("timeseries.parquet", lambda p: series.to_parquet(p, index=False))
    keep("compare.csv", lambda p: table.to_csv(p, index_label="scenario"))
    for fmt in formats:
        keep(
            f"compare.{fmt}",
            lambda p, f=fmt: _save_and_close(compare_figure(finals, series, order), p, f),
        )
    keep(
        "run.json",
        lambda p: p.write_text(
            json.dumps(
                {
                    "scenarios": order,
                    "root_seed": args.seed,
                    "seeds": sorted(set(finals["seed"])),
                    "reps": args.reps,
                    "ticks": args.ticks,
                },
                indent=2,
            )
        ),
    )
    print(
        f"\n{args.reps} replications of {args.ticks} weeks each, the same seeds for every "
        f"scenario (root seed {args.seed}); mean ± 95% interval:\n"
    )
    with pd.option_context("display.width", 220, "display.max_columns", 20):
        print(table.T.to_string())
    print(
        f"\nWrote {folder}/: compare.csv, runs.csv, timeseries.parquet, "
        f"{', '.join(f'compare.{f}' for f in formats)}, "
        "run.json, and the sweep's manifest.json, runs.parquet and results/"
    )
    return 0


def _ensemble(given: list[str], args: argparse.Namespace, settings: dict[str, Any]) -> int:
    """``run`` or ``compare`` over an ensemble: every scenario over ``--ensemble`` posterior
    draws times ``--reps`` replications (the same seeds in every draw and scenario); the
    median and 90% interval over the draws, and for each pair of scenarios how often one
    beats the other."""
    from sim import batch, posterior
    from sim.compare import compare_sweep, contests, ensemble_summary, per_draw, results

    _workers(args)
    loaded, order = _scenarios_once(given)
    reps = args.reps if args.reps is not None else ENSEMBLE_REPS
    spec = compare_sweep(
        given, reps, args.ticks, args.seed, (args.posterior, args.ensemble), settings
    )
    folder = (
        Path(args.out)
        if args.out is not None
        else Path("results")
        / (
            f"ensemble-{'-'.join(order)[:80]}-{spec.posterior.name if spec.posterior else ''}"
            f"{args.ensemble}x{reps}-seed{args.seed}-{args.ticks}w"
        )
    )
    _check_writable(folder, inside=True)
    code = _run_sweep(spec, folder, args)
    if code:
        return code
    if spec.posterior is not None and (note := posterior.thin_note(spec.posterior, spec.draws())):
        print(note)
    finals, _ = results(folder, loaded, draws=args.ensemble)
    draws = per_draw(finals)
    table = ensemble_summary(draws, order)
    written = ["ensemble.csv", "draws.csv", "runs.csv"]
    batch.atomic_write(folder / "runs.csv", lambda p: finals.to_csv(p, index=False))
    batch.atomic_write(folder / "draws.csv", lambda p: draws.to_csv(p, index=False))
    batch.atomic_write(folder / "ensemble.csv", lambda p: table.to_csv(p, index_label="scenario"))
    print(
        f"\n{args.ensemble} draws from the posterior '{args.posterior}' x {reps} replications "
        f"of {args.ticks} weeks, the same seeds in every draw and scenario (root seed "
        f"{args.seed}); median over the draws [90% interval]:\n"
    )
    with pd.option_context("display.width", 220, "display.max_columns", 20):
        print(table.T.to_string())
    if len(order) > 1:
        duels = contests(draws, order)
        batch.atomic_write(folder / "contests.csv", lambda p: duels.to_csv(p, index=False))
        written.append("contests.csv")
        print(
            "\nHow often one scenario beats the other over the draws (a verdict needs "
            "90% of them):\n"
        )
        with pd.option_context("display.width", 220, "display.float_format", "{:.2f}".format):
            print(duels.to_string(index=False))
    print(f"\nWrote {folder}/: {', '.join(written)}, and the sweep's manifest and results/")
    return 0


def _scenarios_once(given: list[str]) -> tuple[list[scenarios.Scenario], list[str]]:
    """The named scenarios, all loaded (checked) before anything runs, and their names; a
    scenario named twice is a mistake."""
    loaded = [scenarios.load(name) for name in given]
    order = [sc.name for sc in loaded]
    if len(set(order)) != len(order):
        raise UsageError(f"each scenario once, please: {' '.join(order)}")
    return loaded, order


def _figure_formats(args: argparse.Namespace) -> tuple[str, ...]:
    """The figure formats ``--figures`` asks for (PNG unless told otherwise), checked."""
    chosen = tuple(dict.fromkeys(f.strip().lower() for f in args.figures.split(",") if f.strip()))
    wrong = [f for f in chosen if f not in FIGURE_FORMATS]
    if wrong or not chosen:
        raise UsageError(
            f"--figures {args.figures!r}: give one or more of {', '.join(FIGURE_FORMATS)}, "
            "separated by commas (e.g. png,svg,pdf)"
        )
    return chosen


def _workers(args: argparse.Namespace) -> int:
    default = min(os.cpu_count() or 1, MAX_WORKERS)
    workers = args.workers if args.workers is not None else default
    if not 1 <= workers <= MAX_WORKERS:
        raise UsageError(f"--workers must be a whole number from 1 to {MAX_WORKERS}, got {workers}")
    return workers


def _run_sweep(spec, folder: Path, args: argparse.Namespace) -> int:
    """Make a sweep's runs (or the rest of them) into ``folder``; 0, or the exit status of an
    interruption after saying what is kept."""
    from sim import batch

    workers = _workers(args)
    scheduler = getattr(args, "scheduler", None)
    where = (
        f"the Dask scheduler at {scheduler}"
        if scheduler
        else (f"{workers} local worker{'s' * (workers > 1)}")
    )
    print(f"{spec.spec.name}: results in {folder}/, runs on {where}", flush=True)

    def kept() -> str:
        try:
            return f"{len(batch.finished(folder))} runs are kept in {folder}/"
        except OSError:
            return f"the finished runs are kept in {folder}/"

    try:
        counts = batch.run_sweep(
            spec, folder, workers=workers, scheduler=scheduler, progress=not args.quiet
        )
    except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM/SIGHUP (batch.Stopped)
        status = exc.status if isinstance(exc, batch.Stopped) else 130
        why = f"stopped ({exc.args[0]})" if isinstance(exc, batch.Stopped) else "interrupted"
        print(
            f"\n{why}: {kept()}; run the same command again to make the rest",
            file=sys.stderr,
        )
        return status
    except BrokenProcessPool:
        print(
            f"\na worker process died (killed, or out of memory); {kept()}; run the same "
            "command again to make the rest",
            file=sys.stderr,
        )
        return 1
    except OSError as exc:  # a full or read-only disk, a folder that cannot be written
        where = f" ({exc.filename})" if exc.filename else ""
        print(
            f"cocreatie: error: cannot write the results{where}: "
            f"{exc.strerror or str(exc).splitlines()[0]}; {kept()}; free space (or make the "
            "folder writable) and run the same command again to make the rest",
            file=sys.stderr,
        )
        return 2
    print(
        f"{counts['runs']} runs: {counts['skipped']} already there, {counts['done']} made, "
        f"{counts['failed']} failed"
        + (f" ({counts['damaged']} damaged files were made again)" if counts["damaged"] else "")
    )
    failed = batch.failures(folder)
    for fail in failed[:10]:
        print(f"  run {fail['run_id']} (seed {fail['seed']}) failed: {fail['error']}")
    if failed:
        print(f"  details, with parameters and traceback: {folder}/failed/")
    return 0


def cmd_sweep(args: argparse.Namespace) -> int:
    from sim import sweep

    _workers(args)
    spec = sweep.load_sweep(args.file)
    folder = Path(args.out) if args.out is not None else Path("results") / spec.spec.name
    _check_writable(folder, inside=True)
    code = _run_sweep(spec, folder, args)
    if code == 0:
        print(f"Next: cocreatie report {folder}")
    return code


def cmd_report(args: argparse.Namespace) -> int:
    from sim.report import make_report
    from viz.plots import report_figures

    report = make_report(Path(args.results))
    report_figures(report)
    print((report.out / "summary.md").read_text())
    print(f"Wrote {report.out}/: {', '.join(report.written)}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    """Measure every target (or those of ``--only``) and print and write the scorecard;
    every check comes before the first run, and nothing is written before the last."""
    from sim import batch, validation

    if args.quick and args.reps is not None:
        raise UsageError(
            f"--quick means {validation.QUICK_REPLICATIONS} replications; "
            "give --quick or --reps, not both"
        )
    if args.docs and (args.quick or args.only or args.targets is not None):
        raise UsageError(
            "--docs writes the scorecard of a full run of the whole registry: "
            "leave out --quick, --only and --targets"
        )
    workers = _workers(args)
    if args.quick:
        reps = validation.QUICK_REPLICATIONS
    else:
        reps = args.reps if args.reps is not None else validation.DEFAULT_REPLICATIONS
    targets = validation.select(
        validation.load_targets(None if args.targets is None else [args.targets]), args.only
    )
    out = Path(args.out) if args.out is not None else Path("results") / "validation"
    _check_writable(out)
    if args.docs:
        _check_writable(validation.DOCS_DIR, inside=True)
    if args.scheduler:
        batch.check_scheduler(args.scheduler)
    the_plan = validation.plan(targets, reps, args.seed)
    where = (
        f"the Dask scheduler at {args.scheduler}"
        if args.scheduler
        else (f"{workers} local worker{'s' * (workers > 1)}")
    )
    configs = len(the_plan.configurations)
    print(
        f"validate: {len(targets)} target{'s' * (len(targets) > 1)}, {configs} "
        f"configuration{'s' * (configs > 1)} x {reps} replications = {len(the_plan.runs)} runs "
        f"on {where} (root seed {args.seed})",
        flush=True,
    )
    started = time.monotonic()
    try:
        with batch.stop_on_signals():
            source = batch.execute(the_plan.runs, workers, args.scheduler)
            bar = tqdm(
                source,
                total=len(the_plan.runs),
                desc="validate",
                unit="run",
                disable=args.quiet,
                file=sys.stderr,
            )
            try:
                tables = validation.collect(bar, the_plan)
            finally:
                bar.close()
                source.close()
    except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM/SIGHUP (batch.Stopped)
        why = f"stopped ({exc.args[0]})" if isinstance(exc, batch.Stopped) else "interrupted"
        print(f"\n{why}: nothing written", file=sys.stderr)
        return exc.status if isinstance(exc, batch.Stopped) else 130
    except BrokenProcessPool:
        print(
            "\na worker process died (killed, or out of memory); nothing written", file=sys.stderr
        )
        return 1
    except validation.RunFailed as exc:
        print(one_line(f"cocreatie: error: {exc}; nothing written"), file=sys.stderr)
        return 1
    card = validation.scorecard(targets, the_plan, tables)
    elapsed = time.monotonic() - started

    def write_csv(path: Path) -> None:
        batch.atomic_write(path, lambda p: validation.write_results(card, p))

    out.mkdir(parents=True, exist_ok=True)
    write_csv(out / "scorecard.csv")
    written = [str(out / "scorecard.csv")]
    if args.docs:
        page = validation.validation_page(targets, card)
        write_csv(validation.DOCS_DIR / "validation.csv")
        batch.atomic_write(validation.DOCS_DIR / "validation.md", lambda p: p.write_text(page))
        written += [str(validation.DOCS_DIR / n) for n in ("validation.csv", "validation.md")]
    shown = pd.DataFrame(
        {
            "target": card["id"],
            "source": [s if len(s) <= 40 else s[:39] + "…" for s in card["source"]],
            "measured [95% interval]": [validation.measured(r) for _, r in card.iterrows()],
            "range": [validation.target_range(r) for _, r in card.iterrows()],
            "result": ["PASS" if ok else "FAIL" for ok in card["pass"]],
        }
    )
    print(f"\n{reps} replications each, shared seeds from root seed {args.seed}:\n")
    with pd.option_context("display.width", 220, "display.max_colwidth", 60):
        print(shown.to_string(index=False))
    print(f"\n{validation.summary_line(card)} ({elapsed:.0f} s)")
    print(f"Wrote {', '.join(written)}")
    return 1 if args.fail_on_miss and not card["pass"].all() else 0


def cmd_calibrate(args: argparse.Namespace) -> int:
    """Fit the priors' parameters to the fit targets (ABC-SMC), or go on with a stopped
    calibration; write its posterior, and with ``--ship`` the shipped posterior and the
    calibration page. Every check comes before the first run."""
    from sim import batch, calibration, posterior, validation

    try:
        priors = (
            calibration.PRIORS
            if args.priors is None
            else calibration.load_priors(Path(args.priors))
        )
        every = validation.load_targets(None if args.targets is None else [args.targets])
        targets = calibration.fit_targets(every)
        if not targets:
            raise UsageError("no fit targets to calibrate against (every target is a holdout)")
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", args.name):
            raise UsageError(
                f"--name {args.name!r}: use lower-case letters, digits and '-' (e.g. main)"
            )
        budget = calibration.Budget(args.particles, args.generations, args.reps, args.seed)
        folder = Path(args.out) if args.out is not None else Path("results") / "calibration"
        _check_writable(folder)
        if args.ship:
            _check_writable(posterior.POSTERIOR_DIR, inside=True)
            _check_writable(validation.DOCS_DIR, inside=True)
        calibration.prepare(folder, budget, targets, args.resume, priors)
    except calibration.CalibrationError as exc:
        raise UsageError(str(exc)) from None
    if args.scheduler:
        batch.check_scheduler(args.scheduler)
    workers = _workers(args)
    where = (
        f"the Dask scheduler at {args.scheduler}"
        if args.scheduler
        else (f"{workers} local worker{'s' * (workers > 1)}")
    )
    print(
        f"calibrate: {len(priors)} parameters against {len(targets)} fit targets; "
        f"{budget.particles} particles x {budget.generations} generations, "
        f"{budget.replications} replications per evaluation, seed {budget.seed}, on {where}; "
        f"history in {folder / calibration.HISTORY}",
        flush=True,
    )
    try:
        with batch.stop_on_signals():
            table = calibration.run(
                folder,
                budget,
                targets,
                workers=workers,
                scheduler=args.scheduler,
                priors=priors,
                progress=not args.quiet,
            )
    except KeyboardInterrupt as exc:
        why = f"stopped ({exc.args[0]})" if isinstance(exc, batch.Stopped) else "interrupted"
        print(
            f"\n{why}: the finished generations are kept in {folder}; "
            "give the same command with --resume to go on",
            file=sys.stderr,
        )
        return exc.status if isinstance(exc, batch.Stopped) else 130
    frame = calibration.posterior(folder)
    made = calibration.provenance(folder, targets)
    text = posterior.write(folder / "posterior.json", args.name, frame, made)
    batch.atomic_write(folder / "posterior.json", lambda p: p.write_text(text))
    written = [str(folder / "posterior.json")]
    print(
        f"\n{len(table)} generations, {made['evaluations']} evaluations, "
        f"{made['model_runs']} model runs; final epsilon {table['epsilon'].iloc[-1]:.3g}"
    )
    if args.ship:
        from sim import calibration_page as cp

        shipped = posterior.path_of(args.name)
        shipped.parent.mkdir(parents=True, exist_ok=True)
        batch.atomic_write(shipped, lambda p: p.write_text(text))
        post = posterior.load(args.name)
        print(
            f"checking the posterior: every target in {cp.CHECK_DRAWS} draws x "
            f"{cp.CHECK_REPS} replications",
            flush=True,
        )
        checks, page = cp.write(post, every, workers=workers, scheduler=args.scheduler)
        batch.atomic_write(cp.CHECKS, lambda p: checks.to_csv(p, index=False, na_rep="nan"))
        _calibration_figures(post)
        batch.atomic_write(cp.PAGE, lambda p: p.write_text(page))
        written += [str(shipped), str(cp.CHECKS), str(cp.PAGE), cp.MARGINALS, cp.PAIRS]
    print(f"Wrote {', '.join(written)}")
    return 0


def _calibration_figures(post) -> None:
    """The calibration page's figures: prior against posterior, and the pairs of the four
    parameters the evidence narrowed most."""
    from sim import batch
    from sim import calibration_page as cp
    from viz.plots import calibration_marginals, calibration_pairs

    rows = cp.parameter_rows(post)
    priors = {n: cp.prior_of(post, n) for n in post.parameters}
    main = list(rows.sort_values("width_ratio")["parameter"][:4])
    marginals = calibration_marginals(post, rows, priors)
    batch.atomic_write(cp.DOCS_DIR / cp.MARGINALS, lambda p: _save_and_close(marginals, p))
    pairs = calibration_pairs(post, main, priors)
    batch.atomic_write(cp.DOCS_DIR / cp.PAIRS, lambda p: _save_and_close(pairs, p))


def cmd_docs(args: argparse.Namespace) -> int:
    from sim.parameters import fill_parameter_table, markdown_table

    docs = Path(__file__).resolve().parent.parent / "docs"
    odd = docs / "ODD.md"
    pages = {  # all made before any is written: a broken scenario file changes nothing
        docs / "parameters.md": markdown_table(),
        docs / "scenarios.md": scenarios.markdown_page(),
    }
    if odd.exists():
        pages[odd] = fill_parameter_table(odd.read_text())
    from sim import calibration_page, posterior

    try:
        calibration = calibration_page.current_page()
    except posterior.PosteriorError as exc:
        raise UsageError(f"{exc}; docs/calibration.md is left as it is") from None
    if calibration is not None:
        pages[calibration_page.PAGE] = calibration
    docs.mkdir(exist_ok=True)
    for path, text in pages.items():
        path.write_text(text)
    if calibration is not None:
        _calibration_figures(posterior.load(posterior.DEFAULT_POSTERIOR))
    print(f"wrote {', '.join(str(p) for p in pages)}" + (" and its figures" * bool(calibration)))
    return 0


def cmd_app(args: argparse.Namespace) -> int:
    """Serve the Solara app on this machine and print its address; runs until Ctrl+C."""
    import signal
    import socket

    import viz

    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server will
        try:
            probe.bind((args.host, args.port))
        except OSError:
            raise UsageError(
                f"cannot serve on {args.host}:{args.port} (in use or not an "
                "address of this machine); choose another with --port or "
                "--host"
            ) from None
    if not (Path(sys.prefix) / "share" / "solara" / "cdn").is_dir():
        print(
            "cocreatie: warning: the front-end files (package solara-assets, extra 'app') "
            "are not installed, so the page loads them from the internet",
            file=sys.stderr,
        )
    # Solara keeps a closed page's state (its runs) for 24 hours in case it reconnects: a
    # class of visitors would fill the memory. A few minutes covers a dropped connection.
    # Solara also warns, at every visitor on a plain-http address other than "localhost", that
    # its session cookie falls back from SameSite=None (for pages embedded in an iframe on
    # another site, which needs https) to SameSite=Lax: what this app wants, so that exact
    # warning is ignored.
    cookie_warning = "ignore:Cookies with samesite=none require https:UserWarning"
    python_warnings = ",".join(filter(None, [os.environ.get("PYTHONWARNINGS"), cookie_warning]))
    env = {
        **os.environ,
        "COCREATIE_LANG": args.lang,
        "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "false",  # no calls home: works offline
        # Solara's "This website runs on Solara" corner banner: English only, and it covers
        # the titles of the plots.
        "SOLARA_THEME_SHOW_BANNER": "false",
        "SOLARA_KERNEL_CULL_TIMEOUT": os.environ.get("SOLARA_KERNEL_CULL_TIMEOUT", "3m"),
        "PYTHONWARNINGS": python_warnings,
        # Python's own small-object allocator hands memory back only when whole arenas empty,
        # which a closed session's scattered objects seldom do; with the C allocator, the app
        # hands a closed session's memory back (viz/app.py trims it), at no measurable cost.
        "PYTHONMALLOC": os.environ.get("PYTHONMALLOC", "malloc"),
    }
    app = Path(viz.__file__).resolve().parent / "app.py"
    command = [
        sys.executable,
        "-m",
        "solara",
        "run",
        str(app),
        "--host",
        args.host,
        "--port",
        str(args.port),
        "--no-open",
        "--log-level",
        "warning",
    ]
    if not args.dev:
        command.append("--production")  # no tracebacks in the page, no reload checks
    print(f"The app is at http://{args.host}:{args.port}/ (Ctrl+C stops it)", flush=True)
    sys.stderr.flush()
    # Become the server (one process, not a parent with a child): Ctrl+C, SIGTERM or a
    # hang-up reach Solara itself, so stopping `cocreatie app` always stops the server.
    # On Linux it also stops when whatever started it dies (PR_SET_PDEATHSIG, kept by execve).
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None).prctl(pr_set_pdeathsig, int(signal.SIGTERM), 0, 0, 0)
        if os.getppid() == 1:  # the parent died already, before the line above
            return 0
    os.execve(command[0], command, env)


def cmd_params(args: argparse.Namespace) -> int:
    table = pd.DataFrame(parameter_table()).set_index("name")
    with pd.option_context(
        "display.width", 200, "display.max_colwidth", 70, "display.max_rows", 500
    ):
        print(table[["default", "min", "max", "meaning", "source"]].to_string())
    return 0


SEED = _whole_number("--seed", 0, MAX_SEED)
TICKS = _whole_number("--ticks", 1, MAX_TICKS)
REPS = _whole_number("--reps", 1, MAX_REPLICATIONS)
WORKERS = _whole_number("--workers", 1, MAX_WORKERS)


def _executor_options(command: argparse.ArgumentParser, scheduler: bool = True) -> None:
    """Where a command's runs go: ``--workers`` local processes, and a Dask ``--scheduler``."""
    command.add_argument(
        "--workers", type=WORKERS, default=None, help="local worker processes (default: all cores)"
    )
    if scheduler:
        command.add_argument(
            "--scheduler",
            help="address of a running Dask scheduler, e.g. "
            "tcp://127.0.0.1:8786 (needs the dask extra)",
        )


def _figure_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--figures",
        default="png",
        metavar="FORMATS",
        help="figure formats, comma-separated: png (200 dpi), svg, pdf (default png)",
    )


def _ensemble_options(command: argparse.ArgumentParser) -> None:
    """Run over posterior draws instead of the defaults' single point."""
    command.add_argument(
        "--ensemble",
        type=DRAWS,
        default=None,
        metavar="N",
        help="run over N draws from the calibration's posterior: median and 90%% interval",
    )
    command.add_argument(
        "--posterior",
        default="main",
        help="posterior name (in posteriors/) or file for --ensemble (default: main)",
    )


VALIDATE_REPS = _whole_number("--reps", 10, MAX_REPLICATIONS)  # validation.MIN_REPLICATIONS
PORT = _whole_number("--port", 1, 65535)
DRAWS = _whole_number("--ensemble", 1, MAX_DRAWS)
PARTICLES = _whole_number("--particles", 2, 10_000)
GENERATIONS = _whole_number("--generations", 1, 100)
CAL_REPS = _whole_number("--reps", 1, 100)
#: Replications per posterior draw of an ensemble run or compare, unless told otherwise.
ENSEMBLE_REPS = 3


class _Parser(argparse.ArgumentParser):
    """argparse with mistakes in one line (and a pointer to --help) instead of the usage."""

    def error(self, message: str) -> NoReturn:
        print(
            one_line(f"{self.prog}: error: {message} (see '{self.prog} --help')"),
            file=sys.stderr,
        )
        sys.exit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="cocreatie",
        description="Co-creation in a low-SES neighbourhood: who takes part, and why.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser(
        "run", help="run the model (a scenario, or the default) and write its tables and figures"
    )
    run.add_argument(
        "scenario",
        nargs="?",
        help="scenario name or path to a .toml file (default: the model's defaults)",
    )
    run.add_argument(
        "--seed", type=SEED, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})"
    )
    run.add_argument(
        "--ticks",
        type=TICKS,
        default=DEFAULT_TICKS,
        help=f"weeks to simulate (default {DEFAULT_TICKS})",
    )
    run.add_argument(
        "--out", help="output folder (default: results/run-<scenario>-seed<seed>-<time>)"
    )
    run.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set a parameter; repeatable (see `cocreatie params`)",
    )
    _figure_option(run)
    _ensemble_options(run)
    run.add_argument(
        "--reps",
        type=REPS,
        default=None,
        help=f"replications per draw of an ensemble (default {ENSEMBLE_REPS})",
    )
    _executor_options(run, scheduler=False)
    run.add_argument("--quiet", action="store_true", help="no progress bar")
    run.set_defaults(func=cmd_run)
    scen = sub.add_parser(
        "scenarios",
        help="list the scenarios; 'scenarios show NAME' "
        "prints one with every parameter and where it comes from",
    )
    scen.add_argument("action", nargs="?", help="show")
    scen.add_argument("name", nargs="?", help="scenario name or path")
    scen.set_defaults(func=cmd_scenarios)
    comp = sub.add_parser("compare", help="run scenarios with the same seeds side by side")
    comp.add_argument("scenarios", nargs="+", help="two or more scenario names or paths")
    comp.add_argument("--reps", type=REPS, default=5, help="replications each (default 5)")
    comp.add_argument(
        "--ticks",
        type=TICKS,
        default=DEFAULT_TICKS,
        help=f"weeks to simulate (default {DEFAULT_TICKS})",
    )
    comp.add_argument(
        "--seed",
        type=SEED,
        default=DEFAULT_SEED,
        help=f"root seed of the replications (default {DEFAULT_SEED})",
    )
    comp.add_argument(
        "--out",
        help="results folder (default: results/compare-<scenarios>-"
        "seed<seed>-<reps>x<ticks>w); run the same command again to resume",
    )
    _figure_option(comp)
    _ensemble_options(comp)
    _executor_options(comp, scheduler=False)
    comp.add_argument("--quiet", action="store_true", help="no progress bar")
    comp.set_defaults(func=cmd_compare)
    sw = sub.add_parser(
        "sweep",
        help="run a sweep file (grid, Latin hypercube, Sobol or "
        "Morris) with replications; run it again to resume",
    )
    sw.add_argument("file", help="sweep file, e.g. experiments/participation-bias.toml")
    _executor_options(sw)
    sw.add_argument("--out", help="results folder (default: results/<sweep name>)")
    sw.add_argument("--quiet", action="store_true", help="no progress bar")
    sw.set_defaults(func=cmd_sweep)
    rep = sub.add_parser("report", help="tables and figures of a sweep's results folder")
    rep.add_argument("results", help="results folder of a sweep")
    rep.set_defaults(func=cmd_report)
    docs = sub.add_parser(
        "docs",
        help="regenerate docs/parameters.md, docs/scenarios.md and "
        "the parameter table of docs/ODD.md from the code and scenario files",
    )
    docs.set_defaults(func=cmd_docs)
    app = sub.add_parser(
        "app",
        help="the interactive app in the browser: map, plots, "
        "compare mode and lessons, in English or Dutch",
    )
    app.add_argument("--port", type=PORT, default=8765, help="port (default 8765)")
    app.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1, this machine only)",
    )
    app.add_argument(
        "--lang", default="en", choices=LANGUAGES, help="starting language (default en)"
    )
    app.add_argument(
        "--dev",
        action="store_true",
        help="Solara's development mode: reload on code changes, tracebacks",
    )
    app.set_defaults(func=cmd_app)
    val = sub.add_parser(
        "validate",
        help="run the model against the target registry (validation/) and print a scorecard",
    )
    val.add_argument(
        "--targets", help="a target file or folder (default: validation/ of the repository)"
    )
    val.add_argument("--only", nargs="+", metavar="ID", help="measure only these targets")
    val.add_argument(
        "--reps",
        type=VALIDATE_REPS,
        default=None,
        help="replications of every configuration (default 20, at least 10)",
    )
    val.add_argument(
        "--quick", action="store_true", help="10 replications (a first look, not for the docs)"
    )
    val.add_argument(
        "--seed", type=SEED, default=0, help="root seed of the replications (default 0)"
    )
    _executor_options(val)
    val.add_argument("--out", help="folder for scorecard.csv (default: results/validation/)")
    val.add_argument(
        "--docs",
        action="store_true",
        help="also write docs/validation.md and docs/validation.csv (a full run only)",
    )
    val.add_argument(
        "--fail-on-miss", action="store_true", help="exit status 1 if any target fails (for CI)"
    )
    val.add_argument("--quiet", action="store_true", help="no progress bar")
    val.set_defaults(func=cmd_validate)
    cal = sub.add_parser(
        "calibrate",
        help="fit the assumed sizes to the fit targets (ABC-SMC with pyabc); "
        "--resume goes on with a stopped calibration",
    )
    cal.add_argument("--particles", type=PARTICLES, default=40, help="particles per generation")
    cal.add_argument("--generations", type=GENERATIONS, default=3, help="generations (default 3)")
    cal.add_argument(
        "--reps", type=CAL_REPS, default=2, help="replications per evaluation (default 2)"
    )
    cal.add_argument(
        "--seed", type=SEED, default=0, help="root seed of particles and runs (default 0)"
    )
    cal.add_argument(
        "--priors",
        help="priors file (TOML, [priors.NAME] shape/low/high): fit only these "
        "(default: every parameter with a prior in `cocreatie params`)",
    )
    cal.add_argument("--targets", help="target file or folder (default: validation/)")
    cal.add_argument("--out", help="calibration folder (default: results/calibration/)")
    cal.add_argument("--resume", action="store_true", help="go on with the calibration in --out")
    cal.add_argument("--name", default="main", help="name of the posterior (default: main)")
    cal.add_argument(
        "--ship",
        action="store_true",
        help="also write posteriors/NAME.json and docs/calibration.md with its checks",
    )
    _executor_options(cal)
    cal.add_argument("--quiet", action="store_true", help="no progress bar")
    cal.set_defaults(func=cmd_calibrate)

    params = sub.add_parser("params", help="list every parameter: default, range, source")
    params.set_defaults(func=cmd_params)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return 0
    except (
        ParameterError,
        UsageError,
        scenarios.ScenarioError,
        SweepError,
        ResultsError,
        TargetError,
    ) as exc:
        print(one_line(f"cocreatie: error: {exc}"), file=sys.stderr)
        return 2
    except OSError as exc:  # a file or folder the user named that cannot be read or written
        print(one_line(f"cocreatie: error: {os_error(exc)}"), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
