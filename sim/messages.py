"""The wording of mistakes: one formatter for every file and value the project checks.

Parameters, scenario files, sweep files (and what comes after them) are checked with pydantic;
:func:`validation_message` turns its errors into one readable line that names the key, what
was given and what is allowed, with a "did you mean" where a close name exists.

A mistake a visitor of the app can make (a scenario file, a parameter value) is a
:class:`Mistake`: a phrase of :data:`WORDING` and its fields, said in English by ``str()``
and in Dutch by ``text("nl")``, so the app can show it in its own language.
"""

from __future__ import annotations

import difflib
import errno
import os
import re
import tomllib
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

_RANGE_ERRORS = {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}

#: Every phrase of a mistake in a scenario file or a parameter value: key -> (English,
#: Dutch), with ``{fields}``. Values a user gave are quoted as given; numbers take a decimal
#: comma in Dutch.
WORDING: dict[str, tuple[str, str]] = {
    # how a mistake is put together
    "at": ("{where}: {problem}", "{where}: {problem}"),
    "all": ("{problems}", "{problems}"),
    "and": ("{first}; {then}", "{first}; {then}"),
    "did_you_mean": ("; did you mean '{name}'?", "; bedoel je '{name}'?"),
    # what pydantic finds, by its error type
    "unknown_key": (
        "unknown {noun} '{where}'{hint} {known}: {options}",
        "onbekende {noun} '{where}'{hint} {known}: {options}",
    ),
    "missing_key": ("missing {noun} '{where}'", "{noun} '{where}' ontbreekt"),
    "not_valid": (
        "{noun} '{name}' = {given} is not valid{why}; {rule}",
        "{noun} '{name}' = {given} is niet geldig{why}; {rule}",
    ),
    "at_given": ("{where}: {problem} (given {given})", "{where}: {problem} (gegeven: {given})"),
    "because": (" ({problem})", " ({problem})"),
    "noun:key": ("key", "sleutel"),
    "noun:parameter": ("parameter", "parameter"),
    "known:keys": ("Allowed keys", "Toegestane sleutels"),
    "known:parameters": ("Known parameters", "Bekende parameters"),
    "whole:file": ("file", "bestand"),
    "whole:parameters": ("parameters", "parameters"),
    # pydantic's own message in English (``msg``); ours in Dutch
    "pydantic:float_type": ("{msg}", "verwacht een getal"),
    "pydantic:float_parsing": ("{msg}", "verwacht een getal"),
    "pydantic:int_type": ("{msg}", "verwacht een geheel getal"),
    "pydantic:int_parsing": ("{msg}", "verwacht een geheel getal"),
    "pydantic:int_from_float": ("{msg}", "verwacht een geheel getal, niet een getal met decimalen"),
    "pydantic:bool_type": ("{msg}", "verwacht true of false"),
    "pydantic:bool_parsing": ("{msg}", "verwacht true of false"),
    "pydantic:string_type": ("{msg}", "verwacht tekst"),
    "pydantic:string_too_short": ("{msg}", "de tekst moet minstens {min_length} tekens hebben"),
    "pydantic:string_pattern_mismatch": ("{msg}", "de tekst past niet bij '{pattern}'"),
    "pydantic:greater_than": ("{msg}", "moet groter zijn dan {gt}"),
    "pydantic:greater_than_equal": ("{msg}", "moet minstens {ge} zijn"),
    "pydantic:less_than": ("{msg}", "moet kleiner zijn dan {lt}"),
    "pydantic:less_than_equal": ("{msg}", "mag hooguit {le} zijn"),
    "pydantic:literal_error": ("{msg}", "moet een van deze zijn: {expected_nl}"),
    "pydantic:list_type": ("{msg}", "verwacht een lijst"),
    "pydantic:tuple_type": ("{msg}", "verwacht een lijst"),
    "pydantic:dict_type": ("{msg}", "verwacht een tabel"),
    "pydantic:model_type": ("{msg}", "verwacht een tabel"),
    "pydantic:too_short": ("{msg}", "de lijst moet minstens {min_length} elementen hebben"),
    "pydantic:too_long": ("{msg}", "de lijst mag hooguit {max_length} elementen hebben"),
    "pydantic:other": ("{msg}", "ongeldige waarde"),
    # what a value must be
    "rule:range": ("allowed range [{lo}, {hi}]", "toegestaan: van {lo} tot en met {hi}"),
    "rule:at_least": ("allowed range [{lo}, None]", "toegestaan: minstens {lo}"),
    "rule:bool": ("allowed: true or false", "toegestaan: true of false"),
    "rule:subgroups": (
        "give [[subgroups]] tables in a scenario file",
        "geef [[subgroups]]-tabellen in een scenariobestand",
    ),
    "rule:events": (
        "give [[events]] tables in a scenario file (week, kind, value, group)",
        "geef [[events]]-tabellen in een scenariobestand (week, kind, value, group)",
    ),
    "rule:type": ("expected {kind}", "verwacht {kind}"),
    "expected_number": ("expected a number, got {what}", "verwacht een getal, niet {what}"),
    "expected_bool": (
        "expected true or false, got {what}",
        "verwacht true of false, niet {what}",
    ),
    "what:text": ("text", "tekst"),
    "what:bool": ("true/false", "true/false"),
    # reading a file
    "toml_invalid": ("{where}: not valid TOML: {detail}", "{where}: geen geldige TOML{at}"),
    "toml_at": ("", " (regel {line}, kolom {column})"),
    "toml_at_end": ("", " (aan het eind van het bestand)"),
    "not_utf8": ("{where}: not a UTF-8 text file", "{where}: geen UTF-8-tekstbestand"),
    "unreadable": ("{where}: cannot be read: {detail}", "{where}: niet te lezen: {detail}"),
    # the parameters together
    "sd_too_large": (
        "sd {sd} is too large for mean {mean}: a Beta distribution needs sd < {limit}",
        "sd {sd} is te groot bij gemiddelde {mean}: een bètaverdeling vraagt sd < {limit}",
    ),
    "event_funding_value": (
        "a funding event needs value, the new level in [0, 1]",
        "een funding-gebeurtenis heeft een value nodig, het nieuwe niveau tussen 0 en 1",
    ),
    "event_walk_value": (
        "a joint_walk's value is a share in [0, 1]",
        "de value van een joint_walk is een aandeel tussen 0 en 1",
    ),
    "event_face_group": (
        "a familiar_face_starts event needs group, a subgroup name",
        "een familiar_face_starts-gebeurtenis heeft een group nodig, de naam van een subgroep",
    ),
    "event_face_value": (
        "a familiar_face_starts event's value is a whole number >= 1",
        "de value van een familiar_face_starts-gebeurtenis is een geheel getal van minstens 1",
    ),
    "event_group_only": (
        "group is only for familiar_face_starts, not {kind}",
        "group hoort alleen bij familiar_face_starts, niet bij {kind}",
    ),
    "event_key_person_value": (
        "a key_person_leaves event takes no value",
        "een key_person_leaves-gebeurtenis heeft geen value",
    ),
    "agent_records_limit": (
        "collect_agents records every resident every week; it is limited to {limit} "
        "residents, and this run has {n}",
        "collect_agents legt elke week elke bewoner vast; dat kan tot {limit} bewoners, en "
        "deze run heeft er {n}",
    ),
    "subgroup_names_unique": (
        "subgroup names must be unique, got {names}",
        "de namen van de subgroepen moeten verschillen, nu: {names}",
    ),
    "shares_sum": (
        "subgroup shares must sum to 1, they sum to {total}",
        "de aandelen van de subgroepen moeten samen 1 zijn, ze zijn samen {total}",
    ),
    "faces_groups_unknown": (
        "bekende_gezichten_groups names unknown subgroup(s) {unknown}; allowed: {names}",
        "bekende_gezichten_groups noemt onbekende subgroep(en) {unknown}; toegestaan: {names}",
    ),
    "event_group_unknown": (
        "events: week {week} names unknown subgroup '{group}'; allowed: {names}",
        "events: week {week} noemt een onbekende subgroep '{group}'; toegestaan: {names}",
    ),
    # a scenario file
    "no_such_file_name": (
        "{where}: no such scenario file: {why}",
        "{where}: zo'n scenariobestand bestaat niet: {why}",
    ),
    "not_here": ("'{key}' cannot be set here: {why}", "'{key}' kan hier niet gezet worden: {why}"),
    "not_here:subgroups": ("use [[subgroups]] tables", "gebruik [[subgroups]]-tabellen"),
    "not_here:events": ("use [[events]] tables", "gebruik [[events]]-tabellen"),
    "not_here:output": ("an output option", "dat is een uitvoeroptie"),
    "unknown_parameter": ("unknown parameter '{key}'{hint}", "onbekende parameter '{key}'{hint}"),
    "is_folder": (
        "{where}: is a folder; give a scenario name or a .toml file",
        "{where}: is een map; geef de naam van een scenario of een .toml-bestand",
    ),
    "no_such_file": (
        "{where}: no such scenario file{hint}.{listing}",
        "{where}: zo'n scenariobestand bestaat niet{hint}.{listing}",
    ),
    "available": (" Available: {names}", " Beschikbaar: {names}"),
    "not_a_table": (
        "{where}: the file must be a table of keys",
        "{where}: het bestand moet een tabel met sleutels zijn",
    ),
    "name_mismatch": (
        "{where}: name '{name}' must match the file name '{stem}'",
        "{where}: de naam '{name}' moet gelijk zijn aan de bestandsnaam '{stem}'",
    ),
    "why_missing": (
        "{where}: [why] has no note for {keys}; say for each parameter set whether it follows "
        "from the text or is an assumption",
        "{where}: [why] heeft geen toelichting bij {keys}; zeg bij elke parameter die je zet of "
        "die uit de tekst volgt of een aanname is",
    ),
    "why_extra": (
        "{where}: [why] explains {keys}, which [parameters] does not set{hint}",
        "{where}: [why] licht {keys} toe, maar [parameters] zet die niet{hint}",
    ),
    "why_extra_hint": (
        "; move plain keys such as subgroups_why above [parameters]: in TOML a key after a "
        "[table] header belongs to that table",
        "; zet gewone sleutels zoals subgroups_why boven [parameters]: in TOML hoort een "
        "sleutel na een [tabel]-kop bij die tabel",
    ),
    "subgroups_why_missing": (
        "{where}: [[subgroups]] needs a subgroups_why note",
        "{where}: [[subgroups]] heeft een toelichting subgroups_why nodig",
    ),
    "events_why_missing": (
        "{where}: [[events]] needs an events_why note",
        "{where}: [[events]] heeft een toelichting events_why nodig",
    ),
    "extends_cycle": (
        "{where}: 'extends' goes round in a circle: {cycle}",
        "{where}: 'extends' gaat in een kring rond: {cycle}",
    ),
    "extends_missing": (
        "{where}: extends '{name}', which does not exist{hint}. Available: {names}",
        "{where}: extends '{name}', maar dat scenario bestaat niet{hint}. Beschikbaar: {names}",
    ),
    "extends_not_shipped": (
        "{where}: extends '{name}': name a shipped scenario such as 'outreach', not a file",
        "{where}: extends '{name}': noem een meegeleverd scenario, zoals 'outreach', geen bestand",
    ),
    "no_upload": (
        "{name}: no such uploaded scenario in this session",
        "{name}: zo'n geüpload scenario is er in deze sessie niet",
    ),
    "seed_not_whole": (
        "seed {given} is not a whole number",
        "seed {given} is geen geheel getal",
    ),
}


class Mistake(ValueError):
    """A mistake in a file or a value, as a phrase of :data:`WORDING` and its fields: in
    English as ``str()``, in Dutch as ``text("nl")``. Fields may be mistakes themselves (or
    lists of them), said in the same language. Made from a plain text instead (no such
    phrase, no fields), it says that text in both languages."""

    def __init__(self, key: str, /, **fields: Any) -> None:
        self.key, self.fields = key, fields
        super().__init__(self.text("en"))

    @property
    def worded(self) -> bool:
        """Whether this mistake, and every one it holds, has its words in :data:`WORDING`."""
        return self.key in WORDING and all(
            m.worded for v in self.fields.values() for m in _mistakes(v)
        )

    def replaced(self, old: str, new: str) -> Mistake:
        """This mistake with ``old`` replaced by ``new`` in every text field (a file's
        name as the user knows it for the path it was read from), of the same class."""

        def swap(value: Any) -> Any:
            if isinstance(value, Mistake):
                return value.replaced(old, new)
            if isinstance(value, list):
                return [swap(v) for v in value]
            return value.replace(old, new) if isinstance(value, str) else value

        if self.key not in WORDING and not self.fields:
            return type(self)(self.key.replace(old, new))
        return type(self)(self.key, **{k: swap(v) for k, v in self.fields.items()})

    def text(self, lang: str = "en") -> str:
        if self.key not in WORDING and not self.fields:
            return self.key
        template = WORDING[self.key][1 if lang == "nl" else 0]
        return template.format(**{k: said(v, lang) for k, v in self.fields.items()})


class Given:
    """A value a user gave, quoted as given (a decimal comma in Dutch)."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def text(self, lang: str) -> str:
        text = repr(self.value)
        if lang == "nl" and isinstance(self.value, float):
            text = text.replace(".", ",")
        return text


class Number:
    """A number the model computed, in a given format (``".4f"``): a decimal comma in Dutch."""

    def __init__(self, value: float, spec: str) -> None:
        self.value, self.spec = value, spec

    def text(self, lang: str) -> str:
        text = format(self.value, self.spec)
        return text.replace(".", ",") if lang == "nl" else text


def _mistakes(value: Any) -> list[Mistake]:
    if isinstance(value, Mistake):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, Mistake)]
    return []


def said(value: Any, lang: str) -> str:
    """A field of a mistake in ``lang``: mistakes in their words (a list of them joined by
    ``"; "``), a value a user gave as given, a number with a decimal comma in Dutch."""
    if isinstance(value, (Mistake, Given, Number)):
        return value.text(lang)
    if isinstance(value, list) and value and all(isinstance(v, Mistake) for v in value):
        return "; ".join(v.text(lang) for v in value)
    if isinstance(value, float) and lang == "nl":
        return f"{value:g}".replace(".", ",")
    return str(value)


def in_language(exc: BaseException, lang: str) -> str:
    """What an error says, in ``lang`` if it is a :class:`Mistake` (else as it is)."""
    return exc.text(lang) if isinstance(exc, Mistake) else str(exc)


def did_you_mean(key: str, allowed: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` for the closest allowed name other than ``key`` itself."""
    return said(suggestion(key, allowed), "en")


def suggestion(key: str, allowed: Iterable[str]) -> Mistake | str:
    """:func:`did_you_mean` as a phrase to say in either language (``""`` for none)."""
    options = [a for a in allowed if a != key]
    close = difflib.get_close_matches(key, options, n=1)
    return Mistake("did_you_mean", name=close[0]) if close else ""


def validation_message(
    exc: ValidationError,
    *,
    keys: Callable[[tuple[str, ...]], Sequence[str]],
    allowed: Callable[[str], str | Mistake | None] = lambda name: None,
    noun: str = "key",
    known: str = "Allowed keys",
    whole: str = "file",
) -> str:
    """One line for all of ``exc``'s errors, joined by ``"; "``.

    ``keys(table)`` lists the keys allowed in the table at location ``table`` (``()`` for the
    top level); ``allowed(name)`` says what values a top-level key takes (e.g. its range),
    or None to use pydantic's own words; ``whole`` names what an error of the whole is in.
    """
    return "; ".join(
        m.text("en")
        for m in validation_mistakes(
            exc, keys=keys, allowed=allowed, noun=noun, known=known, whole=whole
        )
    )


#: The words :func:`validation_mistakes` knows for its ``noun``, ``known`` and ``whole``.
_NOUNS = {"key": "noun:key", "parameter": "noun:parameter"}
_KNOWN = {"Allowed keys": "known:keys", "Known parameters": "known:parameters"}
_WHOLE = {"file": "whole:file", "parameters": "whole:parameters"}


def validation_mistakes(
    exc: ValidationError,
    *,
    keys: Callable[[tuple[str, ...]], Sequence[str]],
    allowed: Callable[[str], str | Mistake | None] = lambda name: None,
    noun: str = "key",
    known: str = "Allowed keys",
    whole: str = "file",
) -> list[Mistake]:
    """:func:`validation_message` as mistakes, one per error, to say in either language."""
    words = (
        _word(noun, _NOUNS),
        _word(known, _KNOWN),
        _word(whole, _WHOLE),
    )
    return [_one(err, keys, allowed, *words) for err in exc.errors()]


def _word(text: str, known: dict[str, str]) -> Mistake:
    return Mistake(known[text]) if text in known else Mistake(text)


def _pydantic_words(err: Any, lower: bool = False) -> Mistake:
    """What pydantic says of one error: a mistake a validator raised as it is, else its
    error type's phrase (in English pydantic's own message, its first letter lowered if
    ``lower``; in Dutch ours, with pydantic's context)."""
    cause = (err.get("ctx") or {}).get("error")
    if isinstance(cause, Mistake):
        return cause
    key = f"pydantic:{err['type']}"
    msg = err["msg"].removeprefix("Value error, ")
    if lower and msg:
        msg = msg[0].lower() + msg[1:]
    ctx = {k: v for k, v in (err.get("ctx") or {}).items() if k not in ("error", "msg")}
    if "expected" in ctx:  # pydantic's list of choices ends "... or 'c'"
        ctx["expected_nl"] = str(ctx["expected"]).replace(" or ", " of ")
    return Mistake(key if key in WORDING else "pydantic:other", msg=msg, **ctx)


def _one(err, keys, allowed, noun: Mistake, known: Mistake, whole: Mistake) -> Mistake:
    loc = tuple(str(x) for x in err["loc"])
    if err["type"] == "extra_forbidden":
        options = list(keys(loc[:-1]))
        return Mistake(
            "unknown_key",
            noun=noun,
            where=".".join(loc),
            hint=suggestion(loc[-1], options) or ".",
            known=known,
            options=", ".join(options),
        )
    if err["type"] == "missing":
        return Mistake("missing_key", noun=noun, where=".".join(loc))
    given = err.get("input")
    problem = _pydantic_words(err)
    if len(loc) == 1 and (rule := allowed(loc[0])) is not None:
        lowered = _pydantic_words(err, lower=True)
        why = "" if err["type"] in _RANGE_ERRORS else Mistake("because", problem=lowered)
        return Mistake("not_valid", noun=noun, name=loc[0], given=Given(given), why=why, rule=rule)
    where = ".".join(loc) or whole
    if isinstance(given, dict):
        return Mistake("at", where=where, problem=problem)
    return Mistake("at_given", where=where, problem=problem, given=Given(given))


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
        raise mistake(
            error, "toml_invalid", where=where, detail=str(exc), at=_toml_position(str(exc))
        ) from None
    except UnicodeDecodeError:
        raise mistake(error, "not_utf8", where=where) from None
    except OSError as exc:
        raise mistake(error, "unreadable", where=where, detail=os_error(exc)) from None


def _toml_position(detail: str) -> Mistake | str:
    """Where in the file the TOML parser stopped, in words (its own message is English)."""
    found = re.search(r"\(at line (\d+), column (\d+)\)$", detail)
    if found:
        return Mistake("toml_at", line=found.group(1), column=found.group(2))
    return Mistake("toml_at_end") if detail.endswith("(at end of document)") else ""


def mistake(error: type[Exception], key: str, **fields: Any) -> Exception:
    """An ``error`` saying phrase ``key``: worded (both languages) for a :class:`Mistake`
    class, in English for another."""
    if issubclass(error, Mistake):
        return error(key, **fields)
    return error(Mistake(key, **fields).text("en"))


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
