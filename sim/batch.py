"""The batch runner: make a sweep's runs on local processes or a Dask cluster, and keep them.

Each sweep writes to its own folder::

    manifest.json     the sweep file, its fingerprint, the root seed, package versions, git commit
    runs.parquet      every run: id, design point, replication, seed, and all its parameters
    results/run-000017.parquet   one file per finished run, written as it finishes
    failed/run-000023.json       one file per run that raised: parameters, seed, error

A run's file appears whole or not at all (written next to it, then renamed), so stopping the
sweep in any way loses at most the runs in flight; running the same command again skips every
run that has a file and makes the rest.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import time
import traceback
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict
from importlib import metadata
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import pandas as pd
from tqdm import tqdm

from sim import runner
from sim.sweep import RunSpec, Sweep, plan

PACKAGES = (
    "cocreatie",
    "mesa",
    "numpy",
    "pandas",
    "pyarrow",
    "scipy",
    "salib",
    "pydantic",
    "dask",
    "distributed",
)


class ResultsError(ValueError):
    """A results folder that does not fit the sweep, or cannot be read."""


# --- one run, in a worker ------------------------------------------------------------------


def execute_run(spec: RunSpec) -> tuple[int, pd.DataFrame | None, dict | None]:
    """Make one run; return its kept rows, or the error it raised. Runs in a worker."""
    try:
        table = runner.run(spec.params, spec.seed, spec.ticks, spec.keep, model=spec.model).table
        table.insert(0, "tick", table.index)
        table.insert(0, "run_id", spec.run_id)
        return spec.run_id, table.reset_index(drop=True), None
    except Exception as exc:  # a failing run is data, not the end of the sweep
        return (
            spec.run_id,
            None,
            {"error": f"{type(exc).__name__}: {exc}", "traceback": traceback.format_exc()},
        )
    finally:
        gc.collect()  # models hold cyclic references; free them before the next run


# --- the results folder --------------------------------------------------------------------


def atomic_write(path: Path, write) -> None:
    """Let ``write(tmp)`` fill a file next to ``path``, then rename it: whole or not at all."""
    tmp = path.with_name(f".{path.name}.tmp")
    write(tmp)
    os.replace(tmp, path)


def run_file(folder: Path, run_id: int) -> Path:
    return folder / "results" / f"run-{run_id:06d}.parquet"


def failed_file(folder: Path, run_id: int) -> Path:
    return folder / "failed" / f"run-{run_id:06d}.json"


def _git_commit() -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            cwd=Path(__file__).resolve().parent,
        )
        return out.stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        return None


def _versions() -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def prepare_folder(folder: Path, sweep: Sweep, points: list[dict], runs: list[RunSpec]) -> None:
    """Create the folder with its manifest and run table, or check that an existing one
    belongs to this very sweep file (so that resuming never mixes two sweeps)."""
    manifest_path = folder / "manifest.json"
    if manifest_path.exists():
        try:
            manifest = json.loads(manifest_path.read_text())
        except json.JSONDecodeError:
            raise ResultsError(f"{manifest_path} is not readable JSON") from None
        if manifest.get("sweep_digest") != sweep.digest:
            raise ResultsError(
                f"{folder} holds results of another version of the sweep "
                f"'{manifest.get('sweep_name')}'; give a new --out folder, or restore the "
                "sweep file it was made with (kept in its manifest.json)"
            )
        return
    if folder.exists() and any(folder.iterdir()):
        raise ResultsError(
            f"{folder} exists, is not empty and is not a sweep's results "
            "folder; give another --out folder"
        )
    (folder / "results").mkdir(parents=True, exist_ok=True)
    (folder / "failed").mkdir(exist_ok=True)
    table = pd.DataFrame(
        [
            {
                "run_id": r.run_id,
                "point": r.point,
                "rep": r.rep,
                "seed": r.seed,
                "scenario": points[r.point]["scenario"],
                **{
                    k: (json.dumps(v, default=_jsonable) if not _scalar(v) else v)
                    for k, v in r.params.items()
                },
            }
            for r in runs
        ]
    )
    atomic_write(folder / "runs.parquet", lambda p: table.to_parquet(p, index=False))
    (folder / "points.json").write_text(json.dumps(points, indent=1, default=_jsonable))
    manifest = {
        "sweep_name": sweep.spec.name,
        "sweep_file": str(sweep.path),
        "sweep_digest": sweep.digest,
        "sweep_text": sweep.text,
        "root_seed": sweep.spec.seed,
        "seeds": sweep.seed_policy,
        "runs": len(runs),
        "points": len(points),
        "design": sweep.spec.design.model_dump(),
        "problem": sweep.problem.to_json(),
        "packages": _versions(),
        "git_commit": _git_commit(),
        "created": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    atomic_write(manifest_path, lambda p: p.write_text(json.dumps(manifest, indent=2)))


def _scalar(v: Any) -> bool:
    return isinstance(v, (int, float, str, bool)) or v is None


def _jsonable(v: Any):
    if hasattr(v, "model_dump"):
        return v.model_dump()
    if isinstance(v, tuple):
        return list(v)
    raise TypeError(type(v))


def finished(folder: Path) -> set[int]:
    """Run ids that have a results or a failure file."""
    done = {int(p.stem.split("-")[1]) for p in (folder / "results").glob("run-*.parquet")}
    done |= {int(p.stem.split("-")[1]) for p in (folder / "failed").glob("run-*.json")}
    return done


def record(folder: Path, spec: RunSpec, rows: pd.DataFrame | None, error: dict | None) -> None:
    """Keep a finished run: its rows, or its error with parameters and seed."""
    if error is None:
        assert rows is not None
        atomic_write(run_file(folder, spec.run_id), lambda p: rows.to_parquet(p, index=False))
    else:
        info = {
            "run_id": spec.run_id,
            "point": spec.point,
            "rep": spec.rep,
            "seed": spec.seed,
            "params": spec.params,
            **error,
        }
        atomic_write(
            failed_file(folder, spec.run_id),
            lambda p: p.write_text(json.dumps(info, indent=2, default=_jsonable)),
        )


# --- executors -----------------------------------------------------------------------------


def _local(todo: list[RunSpec], workers: int) -> Iterator[tuple]:
    if workers == 1:
        for spec in todo:
            yield execute_run(spec)
        return
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        futures = [pool.submit(execute_run, spec) for spec in todo]
        try:
            for fut in as_completed(futures):
                yield fut.result()
        except BaseException:
            for fut in futures:
                fut.cancel()
            raise


def _dask(todo: list[RunSpec], address: str) -> Iterator[tuple]:
    try:
        from distributed import Client
        from distributed import as_completed as dask_completed
    except ImportError:
        raise ResultsError(
            "--scheduler needs Dask: install it with "
            "`uv sync --extra dask` (or pip install 'cocreatie[dask]')"
        ) from None
    try:
        client = Client(address, timeout="10s")
    except OSError as exc:
        raise ResultsError(f"cannot reach a Dask scheduler at {address}: {exc}") from None
    with client:
        futures = client.map(execute_run, todo, pure=False)
        try:
            for _, result in dask_completed(futures, with_results=True):
                yield result
        except BaseException:
            client.cancel(futures)
            raise


def run_sweep(
    sweep: Sweep,
    folder: Path,
    workers: int = 1,
    scheduler: str | None = None,
    progress: bool = True,
) -> dict[str, int]:
    """Make every run of the sweep that is not yet in ``folder``; return the counts."""
    points, runs = plan(sweep)
    prepare_folder(folder, sweep, points, runs)
    done = finished(folder)
    todo = [r for r in runs if r.run_id not in done]
    by_id = {r.run_id: r for r in todo}
    counts = {"runs": len(runs), "skipped": len(runs) - len(todo), "done": 0, "failed": 0}
    source = _dask(todo, scheduler) if scheduler else _local(todo, workers)
    with tqdm(total=len(todo), desc=sweep.spec.name, unit="run", disable=not progress) as bar:
        for run_id, rows, error in source:
            record(folder, by_id[run_id], rows, error)
            counts["failed" if error else "done"] += 1
            bar.set_postfix(done=counts["done"] + counts["skipped"], failed=counts["failed"])
            bar.update()
    return counts


def failures(folder: Path) -> list[dict]:
    """The recorded failures of a results folder."""
    return [json.loads(p.read_text()) for p in sorted((folder / "failed").glob("run-*.json"))]


def load_results(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """The kept rows of every finished run (joined with the run table) and the manifest."""
    folder = Path(folder)
    if not (folder / "manifest.json").is_file():
        raise ResultsError(f"{folder} is not a sweep's results folder (no manifest.json)")
    manifest = json.loads((folder / "manifest.json").read_text())
    table = pd.read_parquet(folder / "runs.parquet")
    files = sorted((folder / "results").glob("run-*.parquet"))
    if not files:
        raise ResultsError(f"{folder} has no finished runs yet")
    rows = pd.concat([pd.read_parquet(p) for p in files], ignore_index=True)
    return rows.merge(table, on="run_id", how="left"), table, manifest


def spec_dict(spec: RunSpec) -> dict:
    """A run spec as plain data (for manifests and tests)."""
    return asdict(spec)
