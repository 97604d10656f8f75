"""The batch runner: determinism across executors, resuming, failures, sweep-file errors."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim import batch, seeds, sweep
from sim.cli import main
from sim.parameters import parameter_table

TESTS = Path(__file__).resolve().parent
SMALL = """
name = "{name}"
description = "A small sweep written by the tests."
replications = {reps}
ticks = {ticks}
seed = 11
{extra}
[parameters]
outreach = [0.1, 0.8]
tunnelvisie = [0.0, 0.9]

[set]
n_residents = {n}

[outputs]
keep = "series"
columns = ["participation_rate", "representation[low_ses]", "hly_gap_proxy"]
"""


def small_sweep(folder: Path, name: str = "small", reps: int = 2, ticks: int = 25,
                n: int = 300, extra: str = "") -> Path:
    path = folder / f"{name}.toml"
    path.write_text(SMALL.format(name=name, reps=reps, ticks=ticks, n=n, extra=extra))
    return path


def all_rows(folder: Path) -> pd.DataFrame:
    rows, _, _ = batch.load_results(folder)
    return rows.sort_values(["run_id", "tick"]).reset_index(drop=True)


# --- seeds -----------------------------------------------------------------------------------


def test_run_seeds_come_from_root_and_index_and_a_run_can_be_repeated_alone(tmp_path):
    path = small_sweep(tmp_path)
    sw = sweep.load_sweep(path)
    points, runs = sweep.plan(sw)
    assert len(points) == 4 and len(runs) == 8
    assert [r.seed for r in runs] == [seeds.derive(11, i) for i in range(8)]
    assert len({r.seed for r in runs}) == 8
    batch.run_sweep(sw, tmp_path / "out", workers=1, progress=False)
    stored = pd.read_parquet(batch.run_file(tmp_path / "out", 5))
    _, again, error = batch.execute_run(runs[5])
    assert error is None
    pd.testing.assert_frame_equal(stored, again, check_exact=True)


# --- executors ---------------------------------------------------------------------------------


def _heap_state() -> tuple[bool, bool]:
    """In a worker: whether its heap is frozen, and whether a freeze is to come."""
    return batch._heap_frozen, batch._freeze_after_run


@pytest.mark.slow
def test_same_results_on_one_worker_two_workers_and_dask(tmp_path, dask_cluster):
    distributed = pytest.importorskip("distributed")
    path = small_sweep(tmp_path)
    sw = sweep.load_sweep(path)
    batch.run_sweep(sw, tmp_path / "one", workers=1, progress=False)
    batch.run_sweep(sw, tmp_path / "two", workers=2, progress=False)
    batch.run_sweep(sw, tmp_path / "dask", scheduler=dask_cluster, progress=False)
    with distributed.Client(dask_cluster, timeout="30s") as client:
        states = client.run(_heap_state)
    # every worker told to freeze its heap after its first run, and one that made runs did
    assert all(told for _, told in states.values()), states
    assert any(frozen for frozen, _ in states.values()), states
    one = all_rows(tmp_path / "one")
    assert one["run_id"].nunique() == 8 and len(one) == 8 * 26
    pd.testing.assert_frame_equal(one, all_rows(tmp_path / "two"), check_exact=True)
    pd.testing.assert_frame_equal(one, all_rows(tmp_path / "dask"), check_exact=True)


# --- resume --------------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_killed_sweep_resumes_to_exactly_the_uninterrupted_results(tmp_path):
    path = small_sweep(tmp_path, name="long", reps=4, ticks=120, n=800)
    out = tmp_path / "killed"
    cmd = [sys.executable, "-m", "sim", "sweep", str(path), "--workers", "1", "--quiet",
           "--out", str(out)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline and len(list((out / "results").glob("run-*.parquet"))) < 3:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    kept = len(list((out / "results").glob("run-*.parquet")))
    assert 3 <= kept < 16, "the sweep should be killed part-way"

    res = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    assert f"{kept} already there" in res.stdout or f"{kept + 1} already there" in res.stdout
    batch.run_sweep(sweep.load_sweep(path), tmp_path / "whole", workers=1, progress=False)
    resumed = all_rows(out)
    assert sorted(resumed["run_id"].unique()) == list(range(16))
    assert not resumed.duplicated(["run_id", "tick"]).any()
    pd.testing.assert_frame_equal(resumed, all_rows(tmp_path / "whole"), check_exact=True)
    assert not list(out.rglob(".*.tmp"))


def _spawned_workers(parent: int) -> list[int]:
    """Process ids of the multiprocessing workers started by ``parent``."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[1]) == parent and b"spawn_main" in cmdline:
            pids.append(int(stat.parent.name))
    return pids


@pytest.mark.slow
def test_a_killed_worker_loses_only_its_run_and_the_sweep_resumes(tmp_path):
    path = small_sweep(tmp_path, name="workers", reps=4, ticks=120, n=800)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "sim", "sweep", str(path), "--workers", "2", "--quiet",
           "--out", str(out)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while time.time() < deadline and len(list((out / "results").glob("run-*.parquet"))) < 2:
        time.sleep(0.02)
    workers = _spawned_workers(proc.pid)
    assert workers, "the sweep should run on worker processes"
    os.kill(workers[0], signal.SIGKILL)
    _, err = proc.communicate(timeout=300)
    if proc.returncode != 0:  # the usual case: the pool noticed the dead worker
        assert proc.returncode == 1 and "a worker process died" in err
        assert "Traceback" not in err
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    batch.run_sweep(sweep.load_sweep(path), tmp_path / "whole", workers=1, progress=False)
    pd.testing.assert_frame_equal(all_rows(out), all_rows(tmp_path / "whole"), check_exact=True)


def test_results_folder_of_another_sweep_is_refused(tmp_path, capsys):
    path = small_sweep(tmp_path, ticks=5)
    assert main(["sweep", str(path), "--workers", "1", "--quiet", "--out",
                 str(tmp_path / "o")]) == 0
    path.write_text(path.read_text().replace("ticks = 5", "ticks = 6"))
    assert main(["sweep", str(path), "--workers", "1", "--quiet", "--out",
                 str(tmp_path / "o")]) == 2
    assert "another version of the sweep" in capsys.readouterr().err


def test_results_folder_made_by_other_model_code_is_refused(tmp_path, capsys):
    """A resumed sweep never mixes runs of two versions of the model: the manifest keeps the
    fingerprint of the model's package, and a folder made by other code is refused."""
    path = small_sweep(tmp_path, ticks=5)
    out = tmp_path / "o"
    assert main(["sweep", str(path), "--workers", "1", "--quiet", "--out", str(out)]) == 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["code_digest"] == batch.code_digest("sim.model:CoCreationModel")
    manifest["code_digest"] = "0" * 16  # as if made before the model changed
    (out / "manifest.json").write_text(json.dumps(manifest))
    before = sorted(p.name for p in (out / "results").iterdir())
    assert main(["sweep", str(path), "--workers", "1", "--quiet", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "other model code" in err and "Traceback" not in err
    assert sorted(p.name for p in (out / "results").iterdir()) == before


def test_code_fingerprint_follows_the_model_package_source(tmp_path, monkeypatch):
    package = tmp_path / "mymodel"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "core.py").write_text("X = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    first = batch.code_digest("mymodel.core:Model")
    assert batch.code_digest("mymodel.core:Model") == first
    (package / "core.py").write_text("X = 2\n")
    assert batch.code_digest("mymodel.core:Model") != first


def test_an_edited_scenario_makes_another_sweep(tmp_path):
    sw = sweep.load_sweep(small_sweep(tmp_path))
    name = next(iter(sw.bases))
    edited = dataclasses.replace(
        sw, bases={**sw.bases, name: {**sw.bases[name], "tunnelvisie": 0.123}}
    )
    assert edited.digest != sw.digest


# --- failures --------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_failing_run_is_recorded_and_the_sweep_completes(tmp_path, capsys):
    path = small_sweep(tmp_path, name="fails", ticks=10,
                       extra='model = "failing_model:FailingModel"')
    out = tmp_path / "out"
    assert main(["sweep", str(path), "--workers", "2", "--quiet", "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "8 runs: 0 already there, 4 made, 4 failed" in text
    assert "deliberate failure for outreach above 0.5" in text
    failed = batch.failures(out)
    assert len(failed) == 4
    for f in failed:
        assert f["params"]["outreach"] == 0.8 and "RuntimeError" in f["error"]
        assert f["seed"] == seeds.derive(11, f["run_id"]) and "Traceback" in f["traceback"]
    assert main(["report", str(out)]) == 0
    assert "4 run(s) failed" in (out / "report" / "summary.md").read_text()
    # Running again does not redo anything, failed runs included.
    assert main(["sweep", str(path), "--workers", "1", "--quiet", "--out", str(out)]) == 0
    assert "8 already there" in capsys.readouterr().out


# --- reports ---------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("method,extra", [("sobol", "samples = 8"),
                                          ("morris", "samples = 4\nlevels = 4")])
def test_sensitivity_designs_give_indices_with_intervals(tmp_path, method, extra):
    path = tmp_path / "sa.toml"
    path.write_text(f"""
name = "sa"
description = "A small sensitivity design."
ticks = 12
seed = 3
[design]
method = "{method}"
{extra}
[parameters]
w_trust = [0.0, 4.0]
passive_reach = [0.0, 0.2]
[set]
n_residents = 200
""")
    out = tmp_path / "out"
    batch.run_sweep(sweep.load_sweep(path), out, workers=2, progress=False)
    files = report_files(out)
    assert "sensitivity.png" in files
    indices = pd.read_csv(out / "report" / "sensitivity.csv")
    assert set(indices["parameter"]) == {"w_trust", "passive_reach"}
    cols = ["S1", "S1_conf", "ST", "ST_conf"] if method == "sobol" else ["mu_star",
                                                                         "mu_star_conf"]
    assert set(cols) <= set(indices.columns)
    assert indices[cols].notna().all().all()


def test_grid_report_has_table_heatmaps_and_bands(tmp_path):
    path = small_sweep(tmp_path, ticks=15)
    out = tmp_path / "out"
    batch.run_sweep(sweep.load_sweep(path), out, workers=1, progress=False)
    files = report_files(out)
    assert {"summary.csv", "summary.md", "heatmap_representation_low_ses.png",
            "over_time_hly_gap_proxy.png"} <= set(files)
    table = pd.read_csv(out / "report" / "summary.csv")
    assert len(table) == 4 and (table["runs"] == 2).all()
    ok = table["taking part (%) 95% low"] <= table["taking part (%) mean"]
    assert ok.all()


def report_files(out):
    """The report of a results folder, tables and figures, as ``cocreatie report`` makes it."""
    from sim.report import make_report
    from viz.plots import report_figures

    report = make_report(out)
    report_figures(report)
    return report.written


# --- broken sweep files --------------------------------------------------------------------

NUMERIC = {row["name"]: (row["min"], row["max"]) for row in parameter_table()
           if row["min"] is not None and row["name"] != "n_residents"}
names = st.text(string.ascii_lowercase, min_size=3, max_size=10)
FAST = settings(max_examples=12, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


def _refused(text: str, capsys, name: str = "bad") -> str:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / f"{name}.toml"
        path.write_text(text)
        out = Path(d) / "out"
        code = main(["sweep", str(path), "--workers", "1", "--quiet", "--out", str(out)])
        err = capsys.readouterr().err
        assert code == 2
        lines = [ln for ln in err.splitlines() if ln.strip()]
        assert len(lines) == 1 and "Traceback" not in err, err
        assert not out.exists()
        assert f"{name}.toml" in lines[0]
        return lines[0]


BASE = 'name = "bad"\ndescription = "A broken sweep file."\nticks = 5\n'


@FAST
@given(key=names.filter(lambda k: k not in sweep.SweepFile.model_fields))
def test_unknown_key(key, capsys):
    assert f"unknown key '{key}'" in _refused(BASE + f"{key} = 1\n", capsys)


@FAST
@given(name=st.sampled_from(sorted(NUMERIC)))
def test_unknown_parameter_with_suggestion(name, capsys):
    wrong = name + "x"
    line = _refused(BASE + f"[parameters]\n{wrong} = [0.1]\n", capsys)
    assert f"unknown parameter '{wrong}'" in line and f"did you mean '{name}'" in line


@FAST
@given(name=st.sampled_from(sorted(NUMERIC)), by=st.floats(0.01, 1e3))
def test_grid_value_out_of_range(name, by, capsys):
    lo, hi = NUMERIC[name]
    line = _refused(BASE + f"[parameters]\n{name} = [{hi + by}]\n", capsys)
    assert f"parameters.{name}" in line and f"[{lo}, {hi}]" in line


@FAST
@given(method=st.sampled_from(["lhs", "sobol", "morris"]), a=st.floats(0, 1), b=st.floats(0, 1))
def test_sampled_designs_need_samples_and_ordered_bounds(method, a, b, capsys):
    line = _refused(BASE + f'[design]\nmethod = "{method}"\n[parameters]\noutreach = [0.1, 0.2]\n',
                    capsys)
    assert "needs design.samples" in line
    high, low = max(a, b), min(a, b)  # given the wrong way round, or equal
    line = _refused(BASE + f'[design]\nmethod = "{method}"\nsamples = 4\n'
                    f"[parameters]\noutreach = [{high}, {low}]\n", capsys)
    assert "low < high" in line


def test_bad_method_scenario_columns_and_missing_file(capsys):
    assert "grid" in _refused(BASE + '[design]\nmethod = "factorial"\n', capsys)
    line = _refused(BASE + 'scenario = "outreech"\n', capsys)
    assert "did you mean 'outreach'" in line
    line = _refused(BASE + '[outputs]\ncolumns = ["participation_rat"]\n', capsys)
    assert "unknown column" in line and "participation_rate" in line
    line = _refused(BASE + 'model = "nowhere:Model"\n', capsys)
    assert "cannot be imported" in line
    line = _refused(BASE.replace('"bad"', '"other"'), capsys)
    assert "must match the file name" in line
    code = main(["sweep", "experiments/no-such-sweep.toml", "--quiet"])
    assert code == 2 and "no such sweep file" in capsys.readouterr().err


# --- the shipped experiments ---------------------------------------------------------------

EXPERIMENTS = sorted((TESTS.parent / "experiments").glob("*.toml"))


def test_the_four_experiments_are_shipped():
    assert {p.stem for p in EXPERIMENTS} >= {"participation-bias", "bekende-gezichten",
                                              "scenarios", "sensitivity"}


@pytest.mark.parametrize("path", EXPERIMENTS, ids=lambda p: p.stem)
def test_shipped_experiment_validates_and_its_runs_start(path):
    from dataclasses import replace

    sw = sweep.load_sweep(path)
    points, runs = sweep.plan(sw)
    assert len(runs) == len(points) * sw.spec.replications > 0
    for spec in (runs[0], runs[-1]):
        _, rows, error = batch.execute_run(replace(spec, ticks=3))
        assert error is None and len(rows) >= 1
