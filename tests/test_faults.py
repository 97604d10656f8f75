"""Faults during a sweep (issue 16): the sweep's main process killed or stopped, a full or
read-only disk, damaged result files, a damaged results folder, a wrong scheduler address.

Each must lose no finished run, leave no process running and no half-written results, and
end in a clear message (one line and exit status 2 for a user's or the machine's fault); the
same command then resumes to exactly the results of an uninterrupted sweep.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import psutil
import pytest

from conftest import ctrl_c_as_at_a_terminal

from sim import batch, sweep
from sim.cli import main

ROOT = Path(__file__).resolve().parent.parent
SWEEP = """
name = "faults-{ticks}-{n}"
description = "A small sweep for the fault tests."
replications = 4
ticks = {ticks}
seed = 11

[parameters]
outreach = [0.1, 0.8]
tunnelvisie = [0.0, 0.9]

[set]
n_residents = {n}

[outputs]
keep = "series"
columns = ["participation_rate", "representation[low_ses]", "hly_gap_proxy"]
"""
RUNS = 16


def sweep_file(folder: Path, ticks: int = 12, n: int = 200) -> Path:
    path = folder / f"faults-{ticks}-{n}.toml"
    path.write_text(SWEEP.format(ticks=ticks, n=n))
    return path


def contents(folder: Path) -> dict[str, bytes]:
    """Every run's file, by name, with its bytes."""
    files = sorted((folder / "results").glob("run-*.parquet"))
    files += sorted((folder / "failed").glob("run-*.json"))
    return {p.name: p.read_bytes() for p in files}


def assert_complete_and_identical(folder: Path, reference: dict[str, bytes]) -> None:
    got = contents(folder)
    assert len(reference) == RUNS
    assert sorted(got) == sorted(reference)
    different = [name for name in reference if got[name] != reference[name]]
    assert not different, f"runs differ from the uninterrupted sweep: {different}"
    assert not list(folder.rglob(".*.tmp")), "partial files left behind"
    batch.load_results(folder)  # and the folder reads


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> Callable[..., tuple[Path, dict[str, bytes]]]:
    """The uninterrupted sweeps on a normal disk (made once, when a test first asks)."""
    made: dict[tuple, tuple[Path, dict[str, bytes]]] = {}
    base = tmp_path_factory.mktemp("reference")

    def get(ticks: int = 12, n: int = 200) -> tuple[Path, dict[str, bytes]]:
        if (ticks, n) not in made:
            out = base / f"whole-{ticks}-{n}"
            batch.run_sweep(sweep.load_sweep(sweep_file(base, ticks, n)), out, progress=False)
            made[ticks, n] = out, contents(out)
        return made[ticks, n]

    return get


def command(path: Path, out: Path, workers: int = 2) -> list[str]:
    return [sys.executable, "-m", "sim", "sweep", str(path), "--workers", str(workers),
            "--quiet", "--out", str(out)]


def rerun(path: Path, out: Path, workers: int = 2) -> subprocess.CompletedProcess:
    res = subprocess.run(command(path, out, workers), capture_output=True, text=True, timeout=600,
                         cwd=ROOT, start_new_session=True)
    assert res.returncode == 0, res.stderr
    return res


def one_error_line(stderr: str) -> str:
    """The sweep's error: one line on stderr, no traceback (its header is on stdout)."""
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("cocreatie: error: "), stderr
    return lines[0]


def session_processes(sid: int) -> list[psutil.Process]:
    """Processes of session ``sid`` that are running (zombies are dead)."""
    alive = []
    for proc in psutil.process_iter():
        try:
            if os.getsid(proc.pid) == sid and proc.status() != psutil.STATUS_ZOMBIE:
                alive.append(proc)
        except (OSError, psutil.Error):
            pass
    return alive


@contextlib.contextmanager
def started(cmd: list[str], logs: Path):
    """``cmd`` in a session of its own, its output in files (a left-over process holding a
    pipe would block reading it); whatever of the session is left is killed at the end."""
    with open(logs / "stdout", "w") as out, open(logs / "stderr", "w") as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=ROOT, start_new_session=True,
                                preexec_fn=ctrl_c_as_at_a_terminal)
    try:
        yield proc
    finally:
        for left in session_processes(proc.pid):
            with contextlib.suppress(psutil.Error):
                left.kill()
        proc.kill()
        proc.wait(timeout=30)


def wait_for_results(out: Path, proc: subprocess.Popen, at_least: int) -> int:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        kept = len(list((out / "results").glob("run-*.parquet")))
        if kept >= at_least:
            return kept
        time.sleep(0.02)
    raise AssertionError(f"the sweep made fewer than {at_least} runs (exit {proc.poll()})")


# --- the main process killed or stopped -----------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT],
                         ids=["SIGKILL", "SIGTERM", "SIGINT"])
def test_a_killed_or_stopped_sweep_leaves_no_process_and_resumes(tmp_path, reference, signum):
    path = sweep_file(tmp_path, ticks=120, n=600)
    out = tmp_path / "out"
    with started(command(path, out), tmp_path) as proc:
        wait_for_results(out, proc, 2)
        during = session_processes(proc.pid)
        names = " ".join(" ".join(p.cmdline()) for p in during)
        assert "spawn_main" in names, "the sweep should run on worker processes"
        proc.send_signal(signum)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and session_processes(proc.pid):
            time.sleep(0.05)
        left = session_processes(proc.pid)
        assert not left, [" ".join(p.cmdline()) for p in left]
        code = proc.wait(timeout=5)
    err = (tmp_path / "stderr").read_text()
    assert "Traceback" not in err, err
    if signum == signal.SIGKILL:
        assert code == -signal.SIGKILL
    else:
        assert code == {signal.SIGTERM: 143, signal.SIGINT: 130}[signum], err
        assert "runs are kept" in err and "run the same command again" in err, err
    kept = len(contents(out))
    assert 2 <= kept < RUNS, "the sweep should be stopped part-way"
    res = rerun(path, out)
    assert "already there" in res.stdout
    assert_complete_and_identical(out, reference(ticks=120, n=600)[1])


# --- damaged result files and folders ----------------------------------------------------------


@pytest.mark.slow
def test_damaged_run_files_are_found_and_made_again(tmp_path, reference, capsys):
    path = sweep_file(tmp_path)
    out = tmp_path / "out"
    assert main(["sweep", str(path), "--workers", "1", "--quiet", "--out", str(out)]) == 0
    truncated, empty = batch.run_file(out, 2), batch.run_file(out, 7)
    failed = batch.failed_file(out, 11)
    truncated.write_bytes(truncated.read_bytes()[: truncated.stat().st_size // 2])
    empty.write_bytes(b"")
    batch.run_file(out, 11).unlink()  # as if run 11 failed, and its record was cut short
    failed.write_text('{"run_id": 11, "err')
    (out / "results" / ".run-000005.parquet.tmp").write_bytes(b"PAR1")  # a partial file
    assert batch.finished(out) == set(range(RUNS)) - {2, 7, 11}
    assert [p.name for p in batch.damaged(out)] == [
        "run-000011.json", "run-000002.parquet", "run-000007.parquet"]
    capsys.readouterr()
    assert main(["sweep", str(path), "--workers", "1", "--out", str(out)]) == 0
    printed = capsys.readouterr()
    assert "13 already there, 3 made" in printed.out
    assert "3 damaged files were made again" in printed.out
    for name in ("run-000002.parquet", "run-000007.parquet", "run-000011.json"):
        assert f"{name} is damaged" in printed.err
    assert_complete_and_identical(out, reference()[1])
    assert not failed.exists()


def test_report_on_a_damaged_folder_is_one_line_and_status_2(tmp_path, reference, capsys):
    whole, _ = reference()
    for damage, named in [
        (lambda f: (f / "manifest.json").write_text('{"sweep_name": "fau'), "manifest.json"),
        (lambda f: (f / "manifest.json").write_text("[]"), "manifest.json"),
        (lambda f: (f / "runs.parquet").write_bytes(b"PAR1 PAR1"), "runs.parquet"),
        (lambda f: batch.run_file(f, 4).write_bytes(b""), "run-000004.parquet"),
        (lambda f: batch.run_file(f, 9).write_bytes(
            batch.run_file(f, 9).read_bytes()[:-20]), "run-000009.parquet"),
    ]:
        folder = tmp_path / f"copy-{named}-{len(list(tmp_path.iterdir()))}"
        subprocess.run(["cp", "-r", str(whole), str(folder)], check=True)
        damage(folder)
        capsys.readouterr()
        assert main(["report", str(folder)]) == 2
        err = capsys.readouterr().err
        assert len(err.strip().splitlines()) == 1 and named in err, err
        assert not (folder / "report").exists()


@pytest.mark.slow
def test_a_folder_whose_set_up_was_cut_short_is_set_up_again(tmp_path, reference):
    path = sweep_file(tmp_path)
    out = tmp_path / "out"
    (out / "results").mkdir(parents=True)
    (out / "failed").mkdir()
    (out / "runs.parquet").write_bytes(b"PAR1")  # as a stopped set-up may leave them
    (out / ".points.json.tmp").write_text("[")
    rerun(path, out, workers=1)
    assert_complete_and_identical(out, reference()[1])
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    with pytest.raises(batch.ResultsError, match="is not empty"):
        batch.run_sweep(sweep.load_sweep(path), other, progress=False)


# --- the scheduler's address ------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("address, says", [
    ("not a url", "is not a scheduler address"),
    ("tcp://127.0.0.1:{port}", "cannot reach a Dask scheduler"),
])
def test_a_wrong_or_unreachable_scheduler_writes_nothing(tmp_path, capsys, address, says):
    pytest.importorskip("distributed")
    path = sweep_file(tmp_path)
    out = tmp_path / "out"
    started_at = time.monotonic()
    assert main(["sweep", str(path), "--scheduler", address.format(port=_free_port()),
                 "--quiet", "--out", str(out)]) == 2
    assert time.monotonic() - started_at < 15
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err, err
    assert not out.exists(), "nothing should be written before the scheduler is reached"


# --- a full or read-only disk ---------------------------------------------------------------


@pytest.fixture
def small_disk():
    """A 4 MB file system of its own (tmpfs), unmounted at the end."""
    if not sys.platform.startswith("linux"):
        pytest.skip("mounting a small file system needs Linux")
    where = Path(tempfile.mkdtemp(prefix="cocreatie-disk-"))
    res = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(where)],
                         capture_output=True, text=True)
    if res.returncode != 0:
        where.rmdir()
        pytest.skip(f"cannot mount a small tmpfs here (needs root): {res.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(where)], capture_output=True)
        if subprocess.run(["umount", str(where)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(where)], capture_output=True)
        where.rmdir()


def fill(disk: Path, leave: int = 0) -> Path:
    """Fill ``disk`` up to ``leave`` bytes free."""
    filler = disk / "filler"
    with open(filler, "wb") as f:
        try:
            while True:
                st = os.statvfs(disk)
                free = st.f_bavail * st.f_frsize - leave
                if free <= 0:
                    break
                f.write(b"\0" * min(free, 1 << 16))
                f.flush()
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    return filler


def _blocks(size: int, block: int = 4096) -> int:
    return -(-size // block) * block


@pytest.mark.slow
@pytest.mark.parametrize("when", ["set-up", "runs"])
def test_a_full_disk_is_one_line_and_the_sweep_resumes(tmp_path, small_disk, reference, when):
    path = sweep_file(tmp_path)
    whole, files = reference()
    out = small_disk / "out"
    if when == "set-up":
        filler = fill(small_disk)
    else:  # room for the set-up and three runs
        setup = sum(_blocks((whole / n).stat().st_size)
                    for n in ("runs.parquet", "points.json", "manifest.json"))
        filler = fill(small_disk, leave=setup + 3 * _blocks(max(map(len, files.values()))))
    res = subprocess.run(command(path, out, workers=1), capture_output=True, text=True,
                         timeout=600, cwd=ROOT)
    assert res.returncode == 2, res.stderr
    line = one_error_line(res.stderr)
    assert "No space left on device" in line and "run the same command again" in line
    if when == "runs":
        assert (out / "manifest.json").exists()
        assert 0 < len(contents(out)) < RUNS
    else:
        assert not (out / "manifest.json").exists()
    assert not list(out.rglob(".*.tmp")), "partial files left behind"
    filler.unlink()
    rerun(path, out, workers=1)
    assert_complete_and_identical(out, files)


@pytest.mark.slow
def test_a_disk_turned_read_only_is_one_line_and_the_sweep_resumes(tmp_path, small_disk,
                                                                     reference):
    path = sweep_file(tmp_path, ticks=120, n=600)
    out = small_disk / "out"
    with started(command(path, out, workers=1), tmp_path) as proc:
        wait_for_results(out, proc, 2)
        deadline = time.monotonic() + 30
        while True:  # refused (busy) while a file is open for writing: try again
            res = subprocess.run(["mount", "-o", "remount,ro", str(small_disk)],
                                 capture_output=True, text=True)
            if res.returncode == 0 or time.monotonic() > deadline:
                break
            time.sleep(0.01)
        assert res.returncode == 0, res.stderr
        assert proc.wait(timeout=300) == 2
    line = one_error_line((tmp_path / "stderr").read_text())
    assert "Read-only file system" in line and "run the same command again" in line
    assert 2 <= len(contents(out)) < RUNS
    subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)
    rerun(path, out)
    assert_complete_and_identical(out, reference(ticks=120, n=600)[1])
