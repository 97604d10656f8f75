"""Shared helpers: run the model for a number of weeks, over replications; and the check that
the tests leave no process running.

Every process a test starts must be ended by the test (or its fixture), also when it fails.
To see processes whose parent has died too (a server started by a killed command), pytest
makes itself their new parent (Linux: a *child subreaper*); at the end of the session any
process below pytest that is still alive after a short grace period is listed, and the
session fails.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import psutil
import pytest

from sim.model import CoCreationModel

pytest_plugins = ["pytester"]

#: Replications for the direction tests; each test states its tolerance.
REPLICATIONS = 10

#: Seconds a process the tests started may take to exit after the last test.
GRACE_SECONDS = float(os.environ.get("COCREATIE_TEST_GRACE", "10"))

PR_SET_CHILD_SUBREAPER = 36
LEFT_RUNNING = pytest.StashKey[str]()


def run(seed: int, ticks: int, **params) -> CoCreationModel:
    """A model after ``ticks`` weeks."""
    model = CoCreationModel(rng=seed, **params)
    if ticks:
        model.run_for(ticks)
    return model


def final(seed: int, ticks: int, **params) -> pd.Series:
    """The last row of the model's tick-by-tick table."""
    return run(seed, ticks, **params).datacollector.get_model_vars_dataframe().iloc[-1]


def replicate(metric: str, ticks: int, reps: int = REPLICATIONS, **params) -> np.ndarray:
    """``metric`` at the last tick for seeds 0..reps-1."""
    return np.array([final(s, ticks, **params)[metric] for s in range(reps)])


@pytest.fixture
def small() -> dict:
    """Parameters of a small neighbourhood for quick tests."""
    return {"n_residents": 600}


# --- the fast tier ------------------------------------------------------------------------------

#: Modules whose every test is ``slow``: the replicated pattern tests (P1-P10).
SLOW_MODULES = {"test_patterns.py", "test_mechanisms.py"}
#: Tests that use these fixtures are ``slow``: the fixture itself is a long run.
SLOW_FIXTURES = {"quick_a"}  # test_findings.py: a quick run of findings group A


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.name in SLOW_MODULES or SLOW_FIXTURES & set(item.fixturenames):
            item.add_marker(pytest.mark.slow)


# --- nothing left running ----------------------------------------------------------------------


#: Deprecations are errors in the processes the tests start too (commands, sweep workers, the
#: Dask cluster), as ``filterwarnings`` in pyproject.toml makes them in this one.
SUBPROCESS_WARNINGS = ",".join([
    "error::DeprecationWarning", "error::PendingDeprecationWarning", "error::FutureWarning",
    # Solara (solara/server/starlette.py) and uvicorn (protocols/websockets/websockets_impl.py)
    # import websockets.legacy, deprecated since websockets 14: not ours, not fixable here.
    "ignore:websockets.legacy is deprecated:DeprecationWarning",
])


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("PYTHONWARNINGS", SUBPROCESS_WARNINGS)
    if sys.platform.startswith("linux"):  # orphans of our children become our children
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def _interpreter_helpers() -> set[int]:
    """Helper processes Python's own libraries keep for the life of the interpreter, not
    started by a test: multiprocessing's resource tracker (it ends when pytest exits)."""
    from multiprocessing import resource_tracker

    pid = getattr(resource_tracker._resource_tracker, "_pid", None)
    return {pid} if pid else set()


def _alive_descendants() -> list[psutil.Process]:
    """Processes below this one that are running (not zombies, not interpreter helpers);
    zombies that are our own children are reaped."""
    alive = []
    helpers = _interpreter_helpers()
    for proc in psutil.Process().children(recursive=True):
        try:
            if proc.status() != psutil.STATUS_ZOMBIE:
                if proc.pid not in helpers:
                    alive.append(proc)
            elif proc.ppid() == os.getpid():
                os.waitpid(proc.pid, os.WNOHANG)
        except (psutil.NoSuchProcess, ChildProcessError):
            pass
    return alive


def describe(proc: psutil.Process) -> str:
    try:
        return f"pid {proc.pid}: {' '.join(proc.cmdline()) or proc.name()}"
    except psutil.Error:
        return f"pid {proc.pid}"


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    deadline = time.monotonic() + GRACE_SECONDS
    alive = _alive_descendants()
    while alive and time.monotonic() < deadline:
        time.sleep(0.2)
        alive = _alive_descendants()
    if not alive:
        return
    session.config.stash[LEFT_RUNNING] = "\n".join(
        [f"{len(alive)} process(es) the tests started are still running {GRACE_SECONDS:g} s "
         "after the last test; every test must end what it starts:"]
        + [f"  {describe(p)}" for p in alive] + ["(they have now been killed)"])
    for proc in alive:  # reported: now end them, so the failure does not linger either
        with contextlib.suppress(psutil.Error):
            proc.kill()
    _alive_descendants()  # reaps those that were our children
    if session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus, config: pytest.Config) -> None:
    if LEFT_RUNNING in config.stash:
        terminalreporter.section("processes left running", red=True, bold=True)
        terminalreporter.write_line(config.stash[LEFT_RUNNING], red=True)


# --- Chromium for the browser tests ------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium() -> str:
    """Chromium's path: found on this machine or installed, once per session (see
    ``browser_setup``); the browser tests fail, not skip, when there is none."""
    import browser_setup

    try:
        return browser_setup.chromium()
    except browser_setup.ChromiumMissing as exc:
        problem = str(exc)
    pytest.fail(problem, pytrace=False)


# --- a real Dask cluster on loopback --------------------------------------------------------


#: The tests' folder (the Dask workers import the failing test model from it).
TESTS = Path(__file__).resolve().parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def dask_cluster():
    """A real Dask scheduler and two single-threaded workers on 127.0.0.1."""
    distributed = pytest.importorskip("distributed")
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    dask = str(Path(sys.executable).with_name("dask"))
    env = {**os.environ, "PYTHONPATH": str(TESTS)}
    procs = [subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", str(port),
                               "--no-dashboard"], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)]
    time.sleep(1.0)
    procs.append(subprocess.Popen([dask, "worker", address, "--nworkers", "2", "--nthreads",
                                   "1", "--no-dashboard", "--host", "127.0.0.1"], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    try:
        with distributed.Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=90)
        yield address
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            p.wait(timeout=30)


def ctrl_c_as_at_a_terminal() -> None:
    """``preexec_fn`` for a command a test stops with SIGINT: Ctrl-C acts as it does at a
    terminal even when the tests themselves run in the background (a shell starts
    background jobs with SIGINT ignored, and an ignored signal stays ignored across exec)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)
