"""Named scenarios: TOML files in ``scenarios/`` that set some parameters and say why.

A scenario file holds a name, a title, a one-paragraph description (optionally also in Dutch:
``title_nl``, ``description_nl``), the source it follows, optionally
``extends = "other-scenario"``, a ``[parameters]`` table with the values it sets
(everything else keeps the model default or the value of the scenario it extends), a
``[why]`` table with one note per parameter it sets ("text: 000 L3985-4060 ..." or
"assumption: ..."), optionally ``[[subgroups]]`` with ``subgroups_why``, and optionally
``[[events]]`` (turning points at given weeks) with ``events_why``. See
``scenarios/README.md`` for the format.

Every mistake (a missing file, bad TOML, an unknown key, a wrong type, a value out of range,
shares that do not sum to 1, a cycle in ``extends``) raises one :class:`ScenarioError` that
names the file, the key and what is allowed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from sim.bilingual import pick
from sim.messages import Mistake, read_toml, suggestion, unusable_name, validation_mistakes
from sim.parameters import (
    PARAMETER_NAMES,
    Event,
    ParameterError,
    Parameters,
    Subgroup,
    validate_parameters,
)

#: Where the shipped scenarios live.
SHIPPED_DIR = Path(__file__).resolve().parent.parent / "scenarios"
#: Where scenarios are looked up first: ``COCREATIE_SCENARIOS``, else the shipped ones.
SCENARIO_DIR = Path(os.environ.get("COCREATIE_SCENARIOS", SHIPPED_DIR))

#: Parameters a scenario may not set in ``[parameters]`` (they have their own place).
NOT_IN_PARAMETERS = {
    "subgroups": "not_here:subgroups",
    "events": "not_here:events",
    "collect_agents": "not_here:output",
}


class ScenarioError(Mistake):
    """A scenario that cannot be used; the message names the file, the key and the fix (in
    English, and in Dutch as ``text("nl")``)."""


class ScenarioFile(BaseModel):
    """The contents of one scenario file, before ``extends`` is resolved."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str = Field(min_length=1)
    description: str = Field(min_length=20)
    title_nl: str | None = Field(None, min_length=1)
    description_nl: str | None = Field(None, min_length=20)
    source: str = Field(min_length=1)
    extends: str | None = None
    parameters: dict[str, Any] = {}
    why: dict[str, str] = {}
    subgroups: list[Subgroup] | None = None
    subgroups_why: str | None = None
    events: list[Event] | None = None
    events_why: str | None = None

    @field_validator("parameters")
    @classmethod
    def _known_parameters(cls, value: dict[str, Any]) -> dict[str, Any]:
        for key in value:
            if key in NOT_IN_PARAMETERS:
                raise Mistake("not_here", key=key, why=Mistake(NOT_IN_PARAMETERS[key]))
            if key not in PARAMETER_NAMES:
                raise Mistake("unknown_parameter", key=key, hint=suggestion(key, PARAMETER_NAMES))
        return value


@dataclass
class Scenario:
    """A scenario with ``extends`` resolved: the parameters to pass to the model."""

    name: str
    title: str
    description: str
    source: str
    path: Path
    chain: list[str]  # this scenario, then what it extends, and so on
    params: dict[str, Any] = field(default_factory=dict)
    origin: dict[str, str] = field(default_factory=dict)  # parameter -> scenario that set it
    why: dict[str, str] = field(default_factory=dict)  # parameter -> note of that scenario
    title_nl: str | None = None  # Dutch title and description of this file (not inherited)
    description_nl: str | None = None

    def text(self, lang: str) -> tuple[str, str]:
        """(title, description) in ``"en"`` or ``"nl"``; English where the Dutch is missing."""
        return (
            pick((self.title, self.title_nl), lang),
            pick((self.description, self.description_nl), lang),
        )

    def resolved(self) -> Parameters:
        """All parameter values, defaults included (validated)."""
        return validate_parameters(**self.params)


def is_file(path: Path) -> bool:
    """``path.is_file()``, False also for a name the system refuses (e.g. too long)."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def is_folder(path: Path) -> bool:
    """``path.is_dir()``, False also for a name the system refuses (e.g. too long)."""
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


def scenario_path(name_or_path: str | Path, directory: Path | None = None) -> Path:
    """The file of a scenario given by name (``outreach``) or path (``my/file.toml``)."""
    text = str(name_or_path)
    if text.endswith(".toml") or os.sep in text or "/" in text:
        return Path(text)
    # The given folder (an extending file's own) first, then a user's folder; the shipped
    # scenarios (``default`` among them) stay reachable from anywhere.
    folders = [f for f in (directory, SCENARIO_DIR, SHIPPED_DIR) if f is not None]
    for folder in folders:
        if is_file(folder / f"{text}.toml"):
            return folder / f"{text}.toml"
    return folders[0] / f"{text}.toml"


def available(directory: Path | None = None) -> list[str]:
    """Names of the scenarios in a folder, sorted."""
    folder = directory or SCENARIO_DIR
    return sorted(p.stem for p in folder.glob("*.toml"))


def read_file(path: Path) -> ScenarioFile:
    """Read and check one scenario file (without resolving ``extends``)."""
    where = display_path(path)
    if unusable_name(path):
        raise ScenarioError("no_such_file_name", where=where, why=unusable_name(path))
    if is_folder(path):
        raise ScenarioError("is_folder", where=where)
    if not is_file(path):
        names = available(path.parent) if is_folder(path.parent) else []
        listing = Mistake("available", names=", ".join(names)) if names else ""
        raise ScenarioError(
            "no_such_file", where=where, hint=suggestion(path.stem, names), listing=listing
        )
    _, data = read_toml(path, where, ScenarioError)
    try:
        scenario = ScenarioFile(**data)
    except ValidationError as exc:
        problems = validation_mistakes(
            exc, keys=lambda table: list(ScenarioFile.model_fields) if not table else ()
        )
        raise ScenarioError("at", where=where, problem=problems) from None
    except TypeError:
        raise ScenarioError("not_a_table", where=where) from None
    if scenario.name != path.stem:
        raise ScenarioError("name_mismatch", where=where, name=scenario.name, stem=path.stem)
    missing = [k for k in scenario.parameters if k not in scenario.why]
    if missing:
        raise ScenarioError("why_missing", where=where, keys=", ".join(missing))
    extra = [k for k in scenario.why if k not in scenario.parameters]
    if extra:
        hint = Mistake("why_extra_hint") if set(extra) & set(ScenarioFile.model_fields) else ""
        raise ScenarioError("why_extra", where=where, keys=", ".join(extra), hint=hint)
    if scenario.subgroups is not None and not scenario.subgroups_why:
        raise ScenarioError("subgroups_why_missing", where=where)
    if scenario.events is not None and not scenario.events_why:
        raise ScenarioError("events_why_missing", where=where)
    return scenario


def display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except (ValueError, OSError):
        return str(path)


def load(name_or_path: str | Path, directory: Path | None = None) -> Scenario:
    """Load a scenario by name or path, resolve ``extends`` and validate all its values."""
    path = scenario_path(name_or_path, directory)
    chain: list[ScenarioFile] = []
    paths: list[Path] = []
    while True:
        if unusable_name(path):
            read_file(path)  # raises the error that names the file
        if path.resolve() in [p.resolve() for p in paths]:
            cycle = " -> ".join([f.name for f in chain] + [path.stem])
            raise ScenarioError("extends_cycle", where=display_path(paths[0]), cycle=cycle)
        scenario = read_file(path)
        chain.append(scenario)
        paths.append(path)
        if scenario.extends is None:
            break
        path = scenario_path(scenario.extends, paths[-1].parent)
        if not is_file(path):
            names = available(path.parent)
            raise ScenarioError(
                "extends_missing",
                where=display_path(paths[-1]),
                name=scenario.extends,
                hint=suggestion(scenario.extends, names),
                names=", ".join(names),
            )

    top = chain[0]
    result = Scenario(
        top.name,
        top.title,
        top.description.strip(),
        top.source,
        paths[0],
        [f.name for f in chain],
        title_nl=top.title_nl,
        description_nl=top.description_nl and top.description_nl.strip(),
    )
    # The base first, then each override on top; check after each, so that an error names
    # the file that caused it.
    for file, path in zip(reversed(chain), reversed(paths)):
        for key, value in file.parameters.items():
            result.params[key] = value
            result.origin[key] = file.name
            result.why[key] = file.why[key]
        if file.subgroups is not None:
            result.params["subgroups"] = tuple(file.subgroups)
            result.origin["subgroups"] = file.name
            result.why["subgroups"] = file.subgroups_why or ""
        if file.events is not None:
            result.params["events"] = tuple(file.events)
            result.origin["events"] = file.name
            result.why["events"] = file.events_why or ""
        try:
            validate_parameters(**result.params)
        except ParameterError as exc:
            raise ScenarioError("at", where=display_path(path), problem=exc) from None
    return result


def markdown_page(directory: Path | None = None) -> str:
    """The documentation page listing every scenario: source, what it shows, what it sets."""
    lines = [
        "# Scenarios",
        "",
        "Generated from the files in `scenarios/` by `uv run cocreatie docs`; "
        "do not edit by hand. Run one with `uv run cocreatie run NAME`, see every "
        "resolved parameter with `uv run cocreatie scenarios show NAME`, and compare "
        "several with `uv run cocreatie compare A B ...`. A note starting with *text* "
        "says the value's direction follows from the sources (seed and line numbers); "
        "*assumption* marks what the sources do not fix.",
        "",
    ]
    for name in available(directory):
        sc = load(name, directory)
        lines += [f"## {sc.title} (`{sc.name}`)", "", f"Source: {sc.source}.", ""]
        if len(sc.chain) > 1:
            lines += [f"Extends: {' → '.join(f'`{c}`' for c in sc.chain[1:])}.", ""]
        lines += [
            " ".join(sc.description.split()),
            "",
            "| parameter | value | set in | why |",
            "|---|---|---|---|",
        ]
        for key, value in sc.params.items():
            if key == "subgroups":
                value = ", ".join(f"{g.label} {g.share:.0%}" for g in value)
            note = sc.why[key].replace("|", "/")
            lines.append(f"| `{key}` | {value} | {sc.origin[key]} | {note} |")
        lines.append("")
    return "\n".join(lines)
