"""The test suite's own machinery: the check that nothing is left running, the search for
Chromium, and that ``cocreatie app`` leaves no server behind when it is stopped."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import stat
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

import browser_setup

CONFTEST = Path(__file__).with_name("conftest.py")


def _end(pid: int) -> None:
    """Kill ``pid`` and reap it if it has become our child (pytest is a subreaper)."""
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:  # not our child: wait until it has gone
        with contextlib.suppress(psutil.NoSuchProcess):
            psutil.Process(pid).wait(10)


# --- nothing left running ----------------------------------------------------------------------


def test_the_session_fails_when_a_test_leaves_a_process_running(pytester, tmp_path,
                                                                 monkeypatch):
    pid_file = tmp_path / "sleep.pid"
    pytester.makeconftest(CONFTEST.read_text())
    pytester.makepyfile(test_leaves_a_sleep=f"""
        import subprocess
        from pathlib import Path

        def test_starts_a_sleep_and_forgets_it():
            proc = subprocess.Popen(["sleep", "60"])
            Path({str(pid_file)!r}).write_text(str(proc.pid))
    """)
    monkeypatch.setenv("COCREATIE_TEST_GRACE", "1")
    try:
        result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    finally:
        if pid_file.exists():
            _end(int(pid_file.read_text()))
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["*processes left running*",
                                 "1 process(es) the tests started are still running*",
                                 "*sleep 60*", "*1 passed*"])


def test_the_session_passes_when_every_process_is_ended(pytester, monkeypatch):
    pytester.makeconftest(CONFTEST.read_text())
    pytester.makepyfile(test_ends_its_sleep="""
        import subprocess

        def test_starts_a_sleep_and_ends_it():
            proc = subprocess.Popen(["sleep", "60"])
            proc.terminate()
            proc.wait()
    """)
    monkeypatch.setenv("COCREATIE_TEST_GRACE", "1")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()


# --- Chromium ----------------------------------------------------------------------------------


def _fake_executable(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def _bare(tmp_path: Path, **extra) -> dict:
    """An environment with nothing on PATH and an empty Playwright cache."""
    (tmp_path / "bin").mkdir(exist_ok=True)
    return {"PATH": str(tmp_path / "bin"), "HOME": str(tmp_path),
            "PLAYWRIGHT_BROWSERS_PATH": str(tmp_path / "pw"), **extra}


def _no_install(tried, environ):
    tried.append("pretend installer: failed")
    return False


def test_chromium_is_found_in_order_env_path_cache(tmp_path):
    env = _bare(tmp_path)
    cached = _fake_executable(tmp_path / "pw" / "chromium-1200" / "chrome-linux" / "chrome")
    assert browser_setup.chromium(env, installers=()) == str(cached)
    on_path = _fake_executable(tmp_path / "bin" / "chromium-browser")
    assert browser_setup.chromium(env, installers=()) == str(on_path)
    given = _fake_executable(tmp_path / "my" / "chrome")
    assert browser_setup.chromium({**env, "CHROMIUM": str(given)}, installers=()) == str(given)


def test_chromium_is_installed_when_missing(tmp_path):
    env = _bare(tmp_path)

    def install(tried, environ):
        _fake_executable(Path(environ["PATH"]) / "chromium")
        return True

    assert browser_setup.chromium(env, installers=(_no_install, install)) == \
        str(tmp_path / "bin" / "chromium")


def test_no_chromium_anywhere_is_one_clear_failure(tmp_path):
    with pytest.raises(browser_setup.ChromiumMissing) as err:
        browser_setup.chromium(_bare(tmp_path), installers=(_no_install, _no_install))
    message = str(err.value)
    assert "$CHROMIUM: not set" in message and "pretend installer: failed" in message
    assert "set CHROMIUM=/path/to/chromium" in message
    with pytest.raises(browser_setup.ChromiumMissing, match="not an executable"):
        browser_setup.chromium(_bare(tmp_path, CHROMIUM=str(tmp_path / "nothing")))


# --- cocreatie app stops its server ------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _group_gone(pgid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.2)
    return False


@pytest.mark.slow
@pytest.mark.parametrize("how", ["SIGTERM", "SIGINT", "its parent is killed"])
def test_stopping_cocreatie_app_stops_its_server(how):
    """``cocreatie app`` is the server itself, so a signal to it leaves nothing behind; and
    it stops when the process that started it dies."""
    port = _free_port()
    app = [sys.executable, "-m", "sim", "app", "--port", str(port)]
    if how == "its parent is killed":  # a shell starts the app and is then killed
        app = ["sh", "-c", " ".join(app) + " & wait"]
    proc = subprocess.Popen(app, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline, "no server"
                time.sleep(0.5)
        server = psutil.Process(proc.pid)
        if how == "its parent is killed":
            (server,) = server.children()
        assert server.children() == []  # one process, not a parent with a child
        if how == "its parent is killed":
            proc.kill()
            proc.wait()
            server.wait(20)  # psutil: reaps it, now our child (pytest is a subreaper)
        else:
            proc.send_signal(getattr(signal, how))
            proc.wait(20)
        assert _group_gone(proc.pid, 10), "something of the server is still running"
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
