"""The wording of mistakes: one formatter for every file and value the project checks.

Parameters, scenario files, sweep files (and what comes after them) are checked with pydantic;
:func:`validation_message` turns its errors into one readable line that names the key, what
was given and what is allowed, with a "did you mean" where a close name exists.
"""

from __future__ import annotations

import difflib
import errno
import os
import tomllib
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

_RANGE_ERRORS = {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}


def did_you_mean(key: str, allowed: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` for the closest allowed name other than ``key`` itself."""
    options = [a for a in allowed if a != key]
    close = difflib.get_close_matches(key, options, n=1)
    return f"; did you mean '{close[0]}'?" if close else ""


def validation_message(
    exc: ValidationError,
    *,
    keys: Callable[[tuple[str, ...]], Sequence[str]],
    allowed: Callable[[str], str | None] = lambda name: None,
    noun: str = "key",
    known: str = "Allowed keys",
    whole: str = "file",
) -> str:
    """One line for all of ``exc``'s errors, joined by ``"; "``.

    ``keys(table)`` lists the keys allowed in the table at location ``table`` (``()`` for the
    top level); ``allowed(name)`` says what values a top-level key takes (e.g. its range),
    or None to use pydantic's own words; ``whole`` names what an error of the whole is in.
    """
    return "; ".join(_one(err, keys, allowed, noun, known, whole) for err in exc.errors())


def _one(err, keys, allowed, noun: str, known: str, whole: str) -> str:
    loc = tuple(str(x) for x in err["loc"])
    msg = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        options = list(keys(loc[:-1]))
        where = ".".join(loc)
        hint = did_you_mean(loc[-1], options) or "."
        return f"unknown {noun} '{where}'{hint} {known}: {', '.join(options)}"
    if err["type"] == "missing":
        return f"missing {noun} '{'.'.join(loc)}'"
    given = err.get("input")
    if len(loc) == 1 and (rule := allowed(loc[0])) is not None:
        why = "" if err["type"] in _RANGE_ERRORS else f" ({msg[0].lower()}{msg[1:]})"
        return f"{noun} '{loc[0]}' = {given!r} is not valid{why}; {rule}"
    where = ".".join(loc) or whole
    shown = "" if isinstance(given, dict) else f" (given {given!r})"
    return f"{where}: {msg}{shown}"


def whole_number_rule(lo: int | None, hi: int | None) -> str:
    """What a count takes, e.g. ``"allowed: a whole number from 1 to 10000"``."""
    if hi is None:
        return f"allowed: a whole number of at least {lo}"
    return f"allowed: a whole number from {lo} to {hi}"


def one_line(text: str) -> str:
    """``text`` on one line: a message may quote what a user typed, newlines and all (and
    bytes that are not UTF-8, shown as escapes)."""
    return " ".join(text.encode("utf-8", "backslashreplace").decode("utf-8").split())


def read_toml(path: Path, where: str, error: type[Exception]) -> tuple[str, dict[str, Any]]:
    """The text of a TOML file (scenario, sweep, targets) and its tables; a file that cannot
    be read, is not UTF-8 or is not valid TOML raises ``error`` with one line naming
    ``where``."""
    try:
        text = path.read_text(encoding="utf-8")
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{where}: not valid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise error(f"{where}: not a UTF-8 text file") from None
    except OSError as exc:
        raise error(f"{where}: cannot be read: {os_error(exc)}") from None


def os_error(exc: OSError) -> str:
    """What went wrong reading or writing a file, in words and with the file's name."""
    words = {
        errno.ENAMETOOLONG: "the name is too long",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.EROFS: "the file system is read-only",
        errno.ENOSPC: "the disk is full",
        errno.EISDIR: "it is a folder, not a file",
        errno.ENOTDIR: "a part of the path is a file, not a folder",
        errno.ENOENT: "no such file or folder",
        errno.EEXIST: "it exists already",
    }
    what = words.get(exc.errno or 0, exc.strerror or str(exc))
    return f"{exc.filename}: {what}" if exc.filename else what


#: Longest name of one file or folder most file systems take, in bytes.
MAX_NAME_BYTES = 255


def unusable_name(path: os.PathLike[str] | str) -> str:
    """Why ``path`` has a name the file system refuses (too long, or with a NUL character),
    or ``""`` when it is fine."""
    if "\x00" in str(path):
        return "a name in it holds a NUL character"
    for part in Path(path).parts:
        if len(os.fsencode(part)) > MAX_NAME_BYTES:
            return (
                f"a name in it is {len(os.fsencode(part))} bytes long; "
                f"at most {MAX_NAME_BYTES} are allowed"
            )
    return ""
