"""Chromium for the browser tests: found, or installed, as part of ``uv run pytest``.

In order: ``$CHROMIUM``; ``chromium``, ``chromium-browser``, ``google-chrome`` on ``PATH``;
Playwright's own browser cache. If none is there: on Debian or Ubuntu ``apt-get install
chromium`` (as root, or with ``sudo -n`` when that works without a password); else (or if that
fails) ``python -m playwright install chromium``. If all of that fails, the tests fail with one
message saying what was tried and how to set ``CHROMIUM``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

NAMES = ("chromium", "chromium-browser", "google-chrome")
#: Executables inside Playwright's cache (Linux, macOS, Windows), newest build first.
CACHE_PATTERNS = ("chromium-*/chrome-*/chrome",
                  "chromium-*/chrome-*/Chromium.app/Contents/MacOS/Chromium",
                  "chromium-*/chrome-*/chrome.exe")
INSTALL_TIMEOUT = 1200  # seconds


class ChromiumMissing(Exception):
    """No Chromium could be found or installed; the message says what was tried."""


def _executable(path: str | os.PathLike) -> bool:
    return Path(path).is_file() and os.access(path, os.X_OK)


def playwright_cache(environ=os.environ) -> Path:
    """Where ``playwright install`` puts its browsers."""
    if environ.get("PLAYWRIGHT_BROWSERS_PATH"):
        return Path(environ["PLAYWRIGHT_BROWSERS_PATH"])
    home = Path(environ.get("HOME", Path.home()))
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "ms-playwright"
    if sys.platform == "win32":
        return Path(environ.get("LOCALAPPDATA", home)) / "ms-playwright"
    return Path(environ.get("XDG_CACHE_HOME", home / ".cache")) / "ms-playwright"


def locate(environ=os.environ) -> str | None:
    """A Chromium already on this machine, or None."""
    for name in NAMES:
        found = shutil.which(name, path=environ.get("PATH", ""))
        if found:
            return found
    cache = playwright_cache(environ)
    for pattern in CACHE_PATTERNS:
        for path in sorted(cache.glob(pattern), reverse=True):
            if _executable(path):
                return str(path)
    return None


def _run(command: list[str], tried: list[str], environ) -> bool:
    try:
        res = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True, timeout=INSTALL_TIMEOUT, env=dict(environ))
    except (OSError, subprocess.TimeoutExpired) as exc:
        tried.append(f"`{' '.join(command)}`: {exc}")
        return False
    if res.returncode != 0:
        lines = [line.strip() for line in res.stdout.splitlines() if line.strip()]
        errors = [line for line in lines if re.match(r"(E:|Error|error)", line)]
        reason = (errors or lines or ["(no output)"])[0 if errors else -1]
        tried.append(f"`{' '.join(command)}` failed (exit {res.returncode}): {reason}")
        return False
    return True


def install_with_apt(tried: list[str], environ=os.environ) -> bool:
    """Debian's or Ubuntu's package, as root or with ``sudo -n``."""
    apt = shutil.which("apt-get", path=environ.get("PATH", ""))
    if apt is None or not Path("/etc/debian_version").exists():
        tried.append("apt-get: not a Debian or Ubuntu machine")
        return False
    prefix: list[str] = []
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        sudo = shutil.which("sudo", path=environ.get("PATH", ""))
        if sudo is None or subprocess.run([sudo, "-n", "true"], capture_output=True,
                                          timeout=30).returncode != 0:
            tried.append("apt-get install chromium: not root, and sudo needs a password "
                         "or is missing")
            return False
        prefix = [sudo, "-n"]
    env = {**environ, "DEBIAN_FRONTEND": "noninteractive"}
    return (_run([*prefix, apt, "update", "-qq"], tried, env)
            and _run([*prefix, apt, "install", "-y", "-qq", "chromium"], tried, env))


def install_with_playwright(tried: list[str], environ=os.environ) -> bool:
    """Playwright's own build of Chromium, downloaded into its cache."""
    return _run([sys.executable, "-m", "playwright", "install", "chromium"], tried, environ)


def chromium(environ=os.environ,
             installers=(install_with_apt, install_with_playwright)) -> str:
    """The path of a Chromium executable; installs one if there is none."""
    if environ.get("CHROMIUM"):
        if _executable(environ["CHROMIUM"]):
            return environ["CHROMIUM"]
        raise ChromiumMissing(f"CHROMIUM={environ['CHROMIUM']} is not an executable file; "
                              "set CHROMIUM to the path of a Chromium or Chrome executable, "
                              "or unset it to let the tests find or install one")
    found = locate(environ)
    if found:
        return found
    tried = [f"$CHROMIUM: not set; {', '.join(NAMES)}: not on PATH; Playwright's cache "
             f"{playwright_cache(environ)}: no Chromium"]
    for install in installers:
        if install(tried, environ):
            found = locate(environ)
            if found:
                return found
            tried.append(f"{install.__name__}: finished, but still no Chromium found")
    raise ChromiumMissing(
        "the browser tests need Chromium and none could be found or installed. Tried:\n  - "
        + "\n  - ".join(tried)
        + "\nInstall Chromium or Chrome (e.g. `sudo apt-get install chromium`, or "
          "`uv run playwright install chromium`), or set CHROMIUM=/path/to/chromium.")
