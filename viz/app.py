"""The interactive app: watch participation bias happen, alone or side by side, in two languages.

Start it with ``cocreatie app`` (which runs ``solara run viz/app.py``). One scenario runs with
the levers set by sliders; compare mode runs two scenarios with the same seed in lockstep,
each with its own sliders; with several runs per scenario the plots show a median and a band;
the lessons set up a scenario and a map layer with one click. A share link (``?scenario=...``)
opens the same run at the same week elsewhere; a scenario file of one's own can be uploaded.

The page keeps its state in Solara reactive variables, which Solara scopes to each browser
connection, so two visitors never share a run. Mesa's ``SolaraViz`` drives one model with a
fixed sidebar; the app needs two models in lockstep, a language switch and lessons, so it has
its own small controller and uses the project's components (which also plug into
``SolaraViz``: :func:`viz.components.for_solaraviz`).
"""

from __future__ import annotations

import ctypes
import functools
import gc
import html
import json
import os
import re
import tempfile
import threading
import time
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast
from urllib.parse import parse_qsl, urlencode

import ipyvue
import solara
import traitlets
from ipyvuetify.extra import FileInput

from sim.bilingual import pick
from sim.messages import Mistake
from sim.model import CoCreationModel
from sim.outputs import (
    BY_NAME,
    CHANNELS,
    EXITS,
    SES,
    SES_GENDER,
    WEEKS_PER_YEAR,
    Column,
    columns,
    shown_in,
    subgroup_labels,
)
from sim.parameters import ParameterError, Parameters, validate_parameters
from sim.scenarios import Scenario, ScenarioError, available, display_path, load
from sim.seeds import MAX_SEED, derive
from viz.components import (
    DEFAULT_PLOTS,
    LABEL_EVERY,
    LAYERS,
    MAX_PANELS,
    PLOTTABLE,
    Draw,
    MapLegend,
    NeighbourhoodMap,
    Plots,
    TimePlots,
    draw_live,
    history,
    map_png,
    output_at,
    output_label,
    panels,
    plot_limits,
    plotted_frame,
    use_live,
    widen,
)
from viz.guide import GUIDE_FILES, html_page, info, odd_html, printable_html, teacher_guide
from viz.lessons import LESSONS, LESSONS_BY_KEY
from viz.text import TEXT, number, scenario_label, t

DEFAULT = "default"  # the scenario of the model's defaults, listed first
DEFAULT_SEED = 42
#: The runs per scenario one can choose: the plots show more than one as a median and a band.
REPLICATIONS = (1, 3, 5)
#: Weeks a second that play steps at most, summed over every run it steps: replications
#: multiply the work of a week, so they slow play down rather than the frames.
RUN_WEEKS_PER_SECOND = 156
MAX_WEEKS = 520  # play stops after ten years
MAX_WEEKS_PER_FRAME = 4  # at high speed or under load: several weeks per frame, but smooth
#: The app's tabs: the runs, then the lessons and the pages of text (which show no run).
MODES = ("single", "compare", "lessons", "info", "guide")
RUN_MODES = ("single", "compare")


@dataclass(frozen=True)
class Lever:
    """A slider: a model parameter, its range in the app (inside the registered range)."""

    name: str
    lo: float
    hi: float
    step: float

    @property
    def whole(self) -> bool:
        return isinstance(Parameters.model_fields[self.name].default, int)


LEVERS: tuple[Lever, ...] = (
    Lever("outreach", 0.0, 1.0, 0.05),
    Lever("laagdrempeligheid", 0.0, 1.0, 0.05),
    Lever("tunnelvisie", 0.0, 1.0, 0.05),
    Lever("n_bekende_gezichten", 0, 20, 1),
    Lever("feedback_rate", 0.0, 1.0, 0.05),
    Lever("expectation_clarity", 0.0, 1.0, 0.05),
    Lever("mixing_effort", 0.0, 1.0, 0.05),
    Lever("integration", 0.0, 1.0, 0.05),
    Lever("structure", 0.0, 1.0, 0.05),
    Lever("residents_organisation", 0.0, 1.0, 0.05),
    Lever("funding_weeks", 26, 520, 26),
)

# --- state, one set per browser connection ---------------------------------------------------
lang = solara.reactive(os.environ.get("COCREATIE_LANG", "en"))
mode = solara.reactive("single")  # "single", "compare" or "lessons"
scenario_a = solara.reactive(DEFAULT)
scenario_b = solara.reactive("outreach")
seed_text = solara.reactive(str(DEFAULT_SEED))
layer = solara.reactive("subgroup")
#: The outputs the plots show (catalogue families, see viz.components.PLOTTABLE), for one
#: run and two alike.
plots_shown: solara.Reactive[tuple[str, ...]] = solara.reactive(DEFAULT_PLOTS)
speed = solara.reactive(8)  # weeks per second
#: Slider values, applied at the next reset: of the one run, or of the left run in compare
#: mode; ``levers_b`` of the right run.
levers: solara.Reactive[dict[str, float]] = solara.reactive({})
levers_b: solara.Reactive[dict[str, float]] = solara.reactive({})
#: Whose sliders the side drawer shows in compare mode: "a" (left) or "b" (right).
lever_side = solara.reactive("a")
#: Runs per scenario: more show as a median line and a band in the plots.
replications = solara.reactive(1)
models: solara.Reactive[list] = solara.reactive([])
#: Bumped to render the page anew after a step, a reset, or when play stops. Play frames do
#: not render the page: the parts that show the runs redraw themselves (see :func:`draw_frame`).
tick = solara.reactive(0)
#: Compare mode's common plot ranges: (runs and outputs shown, ranges), kept and widened as
#: the runs play (see :func:`shown_limits`); read with ``peek``, as no part renders from it.
common_limits: solara.Reactive[tuple | None] = solara.reactive(None)
playing = solara.reactive(False)
message = solara.reactive("")
play_token = solara.reactive(0)  # which play loop may run: a new Play retires older loops
lesson = solara.reactive("")  # key of the active lesson, "" for none
week_text = solara.reactive("52")  # the "run to week" field
#: The week at which play stops (a lesson's or "run to week"), None to play on.
stop_at: solara.Reactive[int | None] = solara.reactive(None)
#: Scenario files uploaded in this session, by their name in the app (``name.toml``).
uploads: solara.Reactive[dict[str, Scenario]] = solara.reactive({})
#: Why the last upload was refused: (file name, text key, fields), None when it was not.
upload_problem: solara.Reactive[tuple[str, str, dict] | None] = solara.reactive(None)
#: What the share link the page was opened with had wrong (see :func:`read_link`).
link_problems: solara.Reactive[LinkProblems | None] = solara.reactive(None)


# --- plain functions, testable without a browser ---------------------------------------------


def scenario_names() -> list[str]:
    names = available()
    return [DEFAULT, *(n for n in names if n != DEFAULT)] if DEFAULT in names else names


def find_scenario(name: str) -> Scenario:
    """A scenario by its name in the app: a file uploaded in this session (``name.toml``),
    else one in ``scenarios/``; raises ScenarioError."""
    if name in uploads.value:
        return uploads.value[name]
    if name.endswith(".toml"):  # not a path on the server: the loader would read one
        raise ScenarioError("no_upload", name=name)
    return load(name)


def scenario_params(name: str) -> dict[str, Any]:
    """The parameters a scenario sets; raises ScenarioError."""
    return find_scenario(name).params


_BRACKETED = re.compile(r"`?(?:\b([a-z][a-z0-9_]*))?\[([a-z0-9_,]+)\]`?")
_IDENTIFIER = re.compile(r"`?\b([a-z][a-z0-9]*(?:_[a-z0-9]+)+|[a-z]+)\b`?")
_FILE = re.compile(r"\b([a-z0-9-]+)\.toml\b")
_DECIMAL = re.compile(r"(?<![\d.])(\d+)\.(\d+)(?![\d.])")


def readable(text: str, params: Parameters, language: str) -> str:
    """A scenario's description as the app shows it: the names of outputs, subgroups and
    levers it mentions (written for the command line, as ``ever_reached[low_ses]``) replaced
    by their labels in ``language``, file names without ``.toml``, and in Dutch decimal
    commas. The scenario files keep their own wording."""
    cols = {c.name: c for c in columns(subgroup_labels(params.subgroups))}
    parts = {
        **{g.name: (g.label, g.label_nl) for g in params.subgroups},
        **SES,
        **SES_GENDER,
        **CHANNELS,
        **EXITS,
    }
    levers = {lever.name for lever in LEVERS}

    def label(name: str) -> str | None:
        if name in cols:
            return cols[name].title(language)
        if name in BY_NAME:
            return pick(BY_NAME[name].label, language)
        if name in parts:
            return pick(parts[name], language)
        if name in levers or f"param_{name}" in TEXT:
            return t(name if name in levers else f"param_{name}", language)
        return None

    def bracketed(match: re.Match) -> str:
        family, part = match.group(1), match.group(2)
        whole = label(f"{family}[{part}]") if family else None
        if whole is None:
            named = [label(family)] if family else []
            whole = ", ".join(x for x in [*named, label(part)] if x) or None
        return f"'{whole}'" if whole else match.group(0)

    def identifier(match: re.Match) -> str:
        name = match.group(1)
        # a plain English word is an output's name only in a Dutch text
        if "_" not in name and (language == "en" or name not in BY_NAME):
            return match.group(0)
        found = label(name)
        return f"'{found}'" if found else match.group(0)

    text = _FILE.sub(r"\1", text)
    text = _BRACKETED.sub(bracketed, text)
    text = _IDENTIFIER.sub(identifier, text)
    if language == "nl":
        text = _DECIMAL.sub(
            lambda m: m.group(0) if len(m.group(2)) == 3 else f"{m[1]},{m[2]}", text
        )
    return text


def scenario_text(name: str, language: str) -> tuple[str, str]:
    """A scenario's title and its description as the app shows them (see :func:`readable`)."""
    scenario = find_scenario(name)
    title, description = scenario.text(language)
    return title, readable(description, scenario.resolved(), language)


def lever_values(params: dict[str, Any]) -> dict[str, float]:
    """The sliders' values for these parameters (defaults filled in)."""
    resolved = validate_parameters(**params)
    return {lever.name: getattr(resolved, lever.name) for lever in LEVERS}


def parse_seed(text: str | None, language: str) -> int:
    """The seed typed into the app, or a ValueError with a message in ``language``."""
    text = (text or "").strip()
    if not text:
        raise ValueError(t("seed_empty", language))
    try:
        seed = int(text)
    except ValueError:
        raise ValueError(t("seed_bad", language, value=text)) from None
    if not 0 <= seed <= MAX_SEED:
        raise ValueError(t("seed_range", language, max=MAX_SEED, value=seed))
    return seed


def parse_week(text: str | None, language: str) -> int:
    """The week typed into "run to week": a whole number from 1 to :data:`MAX_WEEKS`, or a
    ValueError with a message in ``language``."""
    text = (text or "").strip()
    if not text:
        raise ValueError(t("week_empty", language, max=MAX_WEEKS))
    try:
        week = int(text)
    except ValueError:
        raise ValueError(t("week_bad", language, value=text, max=MAX_WEEKS)) from None
    if not 1 <= week <= MAX_WEEKS:
        raise ValueError(t("week_range", language, value=week, max=MAX_WEEKS))
    return week


# --- share links -----------------------------------------------------------------------------
# A link carries what makes a run: its scenario, the levers set away from the scenario's values,
# the seed, the week and the runs per scenario (``?scenario=outreach&seed=7&week=52&runs=3&
# outreach=0.8&lang=nl``); in compare mode also the other scenario and its levers, prefixed
# ``b.`` (``&compare=default&b.outreach=0.4``). A run is determined by these, so the page the
# link opens runs to the same map and numbers.

LEVERS_BY_NAME = {lever.name: lever for lever in LEVERS}
#: The link's keys besides the levers' names.
LINK_KEYS = ("scenario", "compare", "seed", "week", "runs", "lang")
#: A lever of compare mode's right-hand run is named in a link with this before its name.
SIDE_B = "b."
#: A problem with a link: a text key and its fields. A lever is named by ``lever`` and shown
#: by its label, so the message follows the language switch.
Problem = tuple[str, dict[str, Any]]


@dataclass(frozen=True)
class SharedRun:
    """A run as a link gives it; ``levers`` holds only the values that differ from the
    scenario's. ``runs`` per scenario; in compare mode, ``compare`` is the right-hand run's
    scenario and ``levers_b`` its levers set away from that scenario's values."""

    scenario: str
    seed: int
    week: int
    levers: dict[str, float]
    runs: int = 1
    compare: str | None = None
    levers_b: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class LinkProblems:
    """What was wrong with a link: ``problems`` made it unusable; ``unknown`` keys were
    only left out."""

    problems: tuple[Problem, ...] = ()
    unknown: tuple[str, ...] = ()


class BadLink(ValueError):
    """A value a link cannot use; ``problem`` says which and why."""

    def __init__(self, key: str, **fields: Any) -> None:
        super().__init__(key)
        self.problem: Problem = (key, fields)


def link_number(value: float) -> str:
    """A lever's value in a link: the shortest text that reads back as the same number, as
    the run depends on every digit."""
    return repr(int(value)) if float(value).is_integer() else repr(float(value))


def share_query(run: SharedRun, language: str) -> str:
    """The query string of a link to ``run``, opening in ``language``."""
    pairs = [("scenario", run.scenario)]
    if run.compare is not None:
        pairs.append(("compare", run.compare))
    pairs += [("seed", str(run.seed)), ("week", str(run.week))]
    if run.runs != 1:
        pairs.append(("runs", str(run.runs)))
    pairs += [(name, link_number(value)) for name, value in run.levers.items()]
    pairs += [(SIDE_B + name, link_number(value)) for name, value in run.levers_b.items()]
    pairs.append(("lang", language))
    return urlencode(pairs)


def shared_run(model: CoCreationModel, other: CoCreationModel | None = None) -> SharedRun | None:
    """The run shown (with compare mode's ``other``), as a link gives it; None when a
    scenario was uploaded in this session, which another browser does not have."""
    left = _shared_side(model.app_origin)
    right: tuple[str | None, dict[str, float]] | None = (
        _shared_side(other.app_origin) if other is not None else (None, {})
    )
    if left is None or right is None:
        return None
    (scenario, levers), (compare, levers_b) = left, right
    seed, runs = model.app_origin.seed, len(runs_of(model))
    return SharedRun(scenario, seed, model.steps, levers, runs, compare, levers_b)


def _shared_side(origin: Origin) -> tuple[str, dict[str, float]] | None:
    """A run's scenario and its levers set away from the scenario's values; None for an
    uploaded scenario."""
    if origin.scenario.endswith(".toml"):
        return None
    written = lever_values(scenario_params(origin.scenario))
    changed = {k: v for k, v in origin.overrides.items() if k in written and v != written[k]}
    return origin.scenario, changed


def link_scenario(name: str) -> str:
    if name not in scenario_names():
        raise BadLink("link_scenario", value=name)
    return name


def link_seed(text: str) -> int:
    try:
        seed = int(text)
    except ValueError:
        raise BadLink("seed_bad", value=text) from None
    if not 0 <= seed <= MAX_SEED:
        raise BadLink("seed_range", value=seed, max=MAX_SEED)
    return seed


def link_week(text: str) -> int:
    """Week 0 too: a link to a run not yet started."""
    try:
        week = int(text)
    except ValueError:
        raise BadLink("link_week", value=text, max=MAX_WEEKS) from None
    if not 0 <= week <= MAX_WEEKS:
        raise BadLink("link_week", value=text, max=MAX_WEEKS)
    return week


def link_lever(lever: Lever, text: str) -> float:
    """A lever's value, inside the slider's range (which also keeps out nan and inf)."""
    key = "link_whole" if lever.whole else "link_number"
    try:
        value = int(text) if lever.whole else float(text)
    except ValueError:
        raise BadLink(key, lever=lever.name, value=text) from None
    if not lever.lo <= value <= lever.hi:
        raise BadLink(key, lever=lever.name, value=text)
    return value


def link_runs(text: str) -> int:
    if text not in [str(n) for n in REPLICATIONS]:
        raise BadLink("link_runs", value=text, choices=", ".join(map(str, REPLICATIONS)))
    return int(text)


def link_language(search: str | None) -> str | None:
    """The language a link asks for, None for none or one the app does not have."""
    asked = dict(parse_qsl(search or "")).get("lang")
    return asked if asked in ("en", "nl") else None


def read_link(search: str | None) -> tuple[SharedRun | None, LinkProblems]:
    """The run a link's query string (without ``?``) gives, or None: for no link, or when
    any value is wrong, as then the run shown would not be the one shared."""
    pairs = parse_qsl(search or "", keep_blank_values=True)
    keys = [k for k, _ in pairs]
    values = dict(pairs)
    compared = "compare" in values
    known = LINK_KEYS + tuple(LEVERS_BY_NAME)
    known += tuple(SIDE_B + name for name in LEVERS_BY_NAME) if compared else ()
    unknown = tuple(dict.fromkeys(k for k in keys if k not in known))
    problems: list[Problem] = [("link_twice", {"name": k}) for k in known if keys.count(k) > 1]

    def checked(read: Callable[[str], Any], key: str, default: Any) -> Any:
        try:
            return read(values[key]) if key in values else default
        except BadLink as exc:
            problems.append(exc.problem)
            return default

    scenario = checked(link_scenario, "scenario", DEFAULT)
    seed = checked(link_seed, "seed", DEFAULT_SEED)
    week = checked(link_week, "week", 0)
    runs = checked(link_runs, "runs", 1)
    compare = checked(link_scenario, "compare", None)
    if "lang" in values and link_language(search) is None:
        problems.append(("link_language", {"value": values["lang"]}))
    set_levers = {
        name: checked(functools.partial(link_lever, lever), name, None)
        for name, lever in LEVERS_BY_NAME.items()
        if name in values
    }
    set_levers_b = {
        name: checked(functools.partial(link_lever, lever), SIDE_B + name, None)
        for name, lever in LEVERS_BY_NAME.items()
        if compared and SIDE_B + name in values
    }
    found = LinkProblems(tuple(problems), unknown)
    if problems or not pairs:
        return None, found
    return SharedRun(scenario, seed, week, set_levers, runs, compare, set_levers_b), found


def problem_text(problem: Problem, language: str) -> str:
    key, fields = problem
    lever = LEVERS_BY_NAME.get(fields.get("lever", ""))
    if lever is not None:
        fields = {
            **fields,
            "label": t(lever.name, language),
            "lo": lever_value(lever, lever.lo, language),
            "hi": lever_value(lever, lever.hi, language),
        }
    return t(key, language, **fields)


def link_message(found: LinkProblems, language: str) -> str:
    """What the page says about a link it could not use, or only partly; "" for nothing."""
    parts = []
    if found.problems:
        parts.append(t("link_ignored", language))
        parts += [problem_text(p, language) for p in found.problems]
    if found.unknown:
        keys = ", ".join(f"'{k}'" for k in found.unknown)
        parts.append(t("link_unknown", language, keys=keys))
    return " ".join(parts)


# --- scenario files uploaded ------------------------------------------------------------------

UPLOAD_LIMIT_KB = 100  # a scenario file is a few kB; this keeps a wrong file from the server
_SCENARIO_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def load_upload(filename: str, data: bytes) -> Scenario:
    """An uploaded scenario file, checked by the project's loader as a file on disk would be;
    its messages name the file as the user knows it. The file's own ``name`` names it, not
    the name the browser sends ("outreach (1).toml" for a second download): that rule is for
    the files in ``scenarios/``. ``extends`` may name a shipped scenario, not a path on the
    server."""
    declared = declared_fields(data)
    extends = declared.get("extends")
    if isinstance(extends, str) and not _SCENARIO_NAME.match(extends):
        raise ScenarioError("extends_not_shipped", where=filename, name=extends)
    name = declared.get("name")
    stem = name if isinstance(name, str) and _SCENARIO_NAME.match(name) else "uploaded"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{stem}.toml"
        path.write_bytes(data)
        try:
            return load(path)
        except ScenarioError as exc:
            named: Mistake = exc
            for shown in sorted({str(path), display_path(path)}, key=len, reverse=True):
                named = named.replaced(shown, filename)
            raise named from None


def declared_fields(data: bytes) -> dict[str, Any]:
    """The file's top-level keys, or none when it is not TOML (the loader then says so)."""
    try:
        return tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}


@dataclass(frozen=True)
class Origin:
    """Where a run shown in the app comes from: its scenario, seed and the values set on top."""

    scenario: str
    seed: int
    overrides: dict[str, Any]


def build_models(
    names: list[str], seed: int, overrides: dict[str, Any], language: str
) -> list[CoCreationModel]:
    """One model per scenario, all with the same seed; a ValueError names the bad scenario.
    Each model keeps its :class:`Origin` as ``app_origin``, for the exports."""
    built = []
    for name in names:
        try:
            model = CoCreationModel(rng=seed, **{**scenario_params(name), **overrides})
        except (ScenarioError, ParameterError) as exc:
            raise ValueError(t("scenario_bad", language, name=name, problem=exc)) from None
        model.app_origin = Origin(name, seed, dict(overrides))
        built.append(model)
    return built


def runs_of(model: CoCreationModel) -> list[CoCreationModel]:
    """A run shown and its replications (the first is the one shown on the map)."""
    return [model, *getattr(model, "app_replicas", ())]


def build_runs(
    sides: list[tuple[str, dict[str, Any]]], seed: int, language: str, reps: int = 1
) -> list[CoCreationModel]:
    """One model per side (a scenario and the values set on top), all with ``seed``; each
    with ``reps - 1`` replications as ``app_replicas``, with the seeds that replications
    ``1 .. reps-1`` of a sweep's shared policy get (:func:`sim.seeds.derive`), the same on
    every side: common random numbers, so that a difference between the sides is theirs."""
    built = []
    for name, overrides in sides:
        (model,) = build_models([name], seed, overrides, language)
        model.app_replicas = [
            build_models([name], derive(seed, k), overrides, language)[0] for k in range(1, reps)
        ]
        built.append(model)
    return built


def play_speed(runs: int) -> float:
    """The most weeks a second play steps ``runs`` runs together (see
    :data:`RUN_WEEKS_PER_SECOND`)."""
    return RUN_WEEKS_PER_SECOND / max(1, runs)


# --- monitors and exports ----------------------------------------------------------------------


#: Decimals a monitor shows, by the output's unit.
_DECIMALS = {"%": 1, "ratio": 2, "0-1": 2, "years": 1}
#: The monitors' stable keys (CSS classes ``monitor-<key>``), by output column.
MONITOR_KEYS = {
    "participation_rate[low_ses]": "taking_part_low",
    "participation_rate[high_ses]": "taking_part_high",
    "ever_reached": "reached",
    "representation[low_ses]": "representation_low",
    "health": "health",
    "hly_gap_proxy": "hly_gap",
}


def monitor_columns() -> list[Column]:
    """The outputs the monitors show, from the output catalogue."""
    return shown_in("monitors")


def monitors(model: CoCreationModel, language: str) -> list[tuple[str, str, str]]:
    """The live numbers under a run's title: (key, label, value shown), the week and year
    first, then the catalogue's ``monitors`` outputs at their scale, in ``language``."""
    m = model.metrics
    rows = [
        ("week", t("monitor_week", language), str(model.steps)),
        ("year", t("monitor_year", language), number(model.steps / WEEKS_PER_YEAR, 1, language)),
    ]
    for col in monitor_columns():
        shown = number(m[col.name] * col.scale, _DECIMALS[col.unit], language)
        if col.unit == "years":
            shown = f"{shown} {t('years', language)}"
        rows.append((MONITOR_KEYS[col.name], col.title(language), shown))
    return rows


def history_csv(model: CoCreationModel, week: int | None = None) -> str:
    """The run's time series as CSV: one row per week (with its ``week``) up to ``week``
    (None: all so far), every output."""
    table = history(model).iloc[: None if week is None else week + 1].copy()
    table.insert(0, "week", range(len(table)))
    return table.to_csv(index=False)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return repr(int(value))
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise TypeError(f"cannot write {value!r} to a scenario file")
        return repr(float(value))  # the shortest text that reads back as the same float
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        pairs = (f"{k} = {_toml_value(v)}" for k, v in value.items() if v is not None)
        return "{ " + ", ".join(pairs) + " }"
    if hasattr(value, "model_dump"):
        return _toml_value(value.model_dump())
    raise TypeError(f"cannot write {value!r} to TOML")


#: The figure's file formats: (MIME type, text key of the button).
FIGURE_FORMATS = {"png": ("image/png", "download_png"), "svg": ("image/svg+xml", "download_svg")}


def figure_file(
    model: CoCreationModel,
    language: str,
    week: int,
    limits: dict | None,
    fmt: str,
    choice: tuple[str, ...] = DEFAULT_PLOTS,
) -> bytes:
    """The run's plots up to ``week`` as on screen (the same panels, language, outputs and
    ranges, and with replications the median and the band), as a PNG at 200 dpi or as an
    SVG. A figure of its own, so that the one on screen is left alone."""
    plots = TimePlots(model, language, choice=choice)
    replicas = [history(run).iloc[: week + 1] for run in runs_of(model)[1:]]
    return plots.save(history(model).iloc[: week + 1], limits, fmt, replicas=replicas)


def choose_plots(chosen: list[str] | tuple[str, ...]) -> None:
    """Show ``chosen`` outputs in the plots, in the catalogue's order. A choice of nothing,
    or of more than the four panels that fit the screen, is not taken: the selector then
    shows the choice as it was."""
    choice = tuple(family for family in PLOTTABLE if family in chosen)
    merged = "regie" in choice and "trust" in choice  # they share a panel
    if not choice or len(choice) - merged > MAX_PANELS:
        plots_shown.set(tuple(plots_shown.value))  # a new tuple: the selector is redrawn
        return
    plots_shown.set(choice)


def export_name(model: CoCreationModel) -> str:
    """The exported scenario's name (and file name without ``.toml``)."""
    origin: Origin = model.app_origin
    return f"{origin.scenario.removesuffix('.toml')}-app-seed-{origin.seed}"


def scenario_toml(model: CoCreationModel) -> str:
    """The run as a scenario file: its scenario's parameters with the app's values on top,
    each with a [why] note, and the seed in the description. Loaded with
    :func:`sim.scenarios.load` and run with that seed, it gives the same run."""
    origin: Origin = model.app_origin
    base = find_scenario(origin.scenario)
    params = {k: v for k, v in base.params.items() if k != "subgroups"}
    names = [*params, *(k for k in origin.overrides if k not in params)]
    values = {k: getattr(model.p, k) for k in names}
    name = export_name(model)
    seed = origin.seed
    description = (
        f"The run made in the app from scenario '{origin.scenario}' ({base.title}), seed "
        f"{seed}: run it with seed {seed} (cocreatie run {name}.toml --seed {seed}) to see "
        f"the same run. {base.description}"
    )
    title_nl, description_nl = base.text("nl")
    description_nl = (
        f"De run uit de app van scenario '{origin.scenario}' ({title_nl}), seed {seed}: "
        f"draai hem met seed {seed} (cocreatie run {name}.toml --seed {seed}) voor dezelfde "
        f"run. {description_nl}"
    )
    lines = [
        f"name = {_toml_value(name)}",
        f"title = {_toml_value(f'{base.title} (from the app, seed {seed})')}",
        f"title_nl = {_toml_value(f'{title_nl} (uit de app, seed {seed})')}",
        f"description = {_toml_value(' '.join(description.split()))}",
        f"description_nl = {_toml_value(' '.join(description_nl.split()))}",
        f"source = {_toml_value(base.source)}",
    ]
    if "subgroups" in base.params:
        why = f"set in the app: the subgroups of scenario '{origin.scenario}', unchanged"
        lines.append(f"subgroups_why = {_toml_value(why)}")
    lines += ["", "[parameters]"]
    lines += [f"{k} = {_toml_value(v)}" for k, v in values.items()]
    lines += ["", "[why]"]
    written = base.resolved()
    for k, value in values.items():
        if k in origin.overrides and value != getattr(written, k):
            note = (
                f"set in the app with a slider (scenario '{origin.scenario}' has "
                f"{getattr(written, k)!r}); seed {seed}"
            )
        elif k in origin.overrides:
            note = f"set in the app with a slider, at the value of scenario '{origin.scenario}'"
        else:
            note = f"set in the app: the value of scenario '{origin.scenario}'"
        if k in base.why and value == getattr(written, k):
            note += f"; the scenario's note: {base.why[k]}"
        lines.append(f"{k} = {_toml_value(note)}")
    for group in base.params.get("subgroups", ()):
        lines += ["", "[[subgroups]]"]
        lines += [f"{k} = {_toml_value(v)}" for k, v in group.model_dump().items() if v is not None]
    return "\n".join(lines) + "\n"


def lever_value(lever: Lever, value: float, language: str) -> str:
    """A lever's value as the app shows it: whole, or with two decimals (a comma in Dutch)."""
    return number(value, 0 if lever.whole else 2, language)


def run_levers(model: CoCreationModel, language: str = "en") -> str:
    """The levers a run was built with, by their labels in ``language``."""
    return " · ".join(
        f"{t(lever.name, language)} {lever_value(lever, getattr(model.p, lever.name), language)}"
        for lever in LEVERS
    )


# --- actions ---------------------------------------------------------------------------------
# The play loop and the Step button never step at once. One lock for the whole server: a week
# takes milliseconds, so visitors hardly wait on each other.
_step_lock = threading.Lock()

MAX_FRAMES_PER_SECOND = 25  # per playing session: more only costs the other visitors
#: Frames a second for all playing sessions together: with many playing, each gets a share
#: (but never fewer than :data:`MIN_FRAMES_PER_SECOND`), so that a class's Play does not
#: swamp the server, nor a click waiting behind the frames.
FRAME_BUDGET = 50
MIN_FRAMES_PER_SECOND = 5
#: Under load, play frames use at most this share of the server's time (one Python thread at a
#: time runs, the GIL): the rest is for clicks, the browsers and the network.
PLAY_SHARE = 0.9


class Turns:
    """Who may draw next, server-wide. A click (Step, Reset, a scenario, a lesson) goes first:
    it runs at once, in the thread that received it. Play frames take turns, one at a time in
    the order asked for, and none starts while a click is being handled. A frame is a step and
    a redraw, some hundredths of a second of Python, so with a class playing a click waits for
    at most one frame rather than for all of them sharing the interpreter."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._next = 0  # the ticket the next frame gets
        self._serving = 0  # the ticket whose turn it is
        self._clicks = 0  # clicks being handled now

    @contextmanager
    def click(self) -> Iterator[None]:
        with self._cond:
            self._clicks += 1
        try:
            yield
        finally:
            with self._cond:
                self._clicks -= 1
                self._cond.notify_all()

    @contextmanager
    def frame(self) -> Iterator[None]:
        with self._cond:
            ticket = self._next
            self._next += 1
            self._cond.wait_for(lambda: self._serving == ticket and not self._clicks)
        start = time.monotonic()
        try:
            yield
        finally:
            with self._cond:
                others = self._next - self._serving > 1
            if others:  # leave the rest of the time to clicks, browsers and the network
                time.sleep((time.monotonic() - start) * (1 / PLAY_SHARE - 1))
            with self._cond:
                self._serving += 1
                self._cond.notify_all()


turns = Turns()


class Players:
    """How many sessions play now, server-wide: their frames share :data:`FRAME_BUDGET`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.count = 0

    @contextmanager
    def playing(self) -> Iterator[None]:
        with self._lock:
            self.count += 1
        try:
            yield
        finally:
            with self._lock:
                self.count -= 1

    def frame_rate(self) -> float:
        """The frames a second each playing session may have now."""
        share = FRAME_BUDGET / max(1, self.count)
        return max(MIN_FRAMES_PER_SECOND, min(MAX_FRAMES_PER_SECOND, share))


players = Players()


def click(action: Callable[..., None]) -> Callable[..., None]:
    """An action started by a click: it goes ahead of the play frames (see :class:`Turns`)."""

    @functools.wraps(action)
    def run(*args: Any, **kwargs: Any) -> None:
        with turns.click():
            action(*args, **kwargs)

    return run


@click
def reset() -> None:
    """New runs from the current scenario(s), levers and seed; on bad input, a message and the
    old runs stay."""
    playing.set(False)
    try:
        seed = parse_seed(seed_text.value, lang.value)
        sides = [(scenario_a.value, dict(levers.value))]
        if mode.value == "compare":
            sides.append((scenario_b.value, dict(levers_b.value)))
        built = build_runs(sides, seed, lang.value, replications.value)
    except ValueError as exc:
        message.set(str(exc))
        return
    message.set("")
    models.set(built)
    chosen = LESSONS_BY_KEY.get(lesson.value)
    stop_at.set(chosen.weeks if chosen is not None else None)
    tick.set(tick.value + 1)


def advance(weeks: int = 1, while_playing: bool = False) -> None:
    """Step every model shown (and its replications) by ``weeks`` weeks together, then
    redraw: at a play frame only the parts that show the runs (:func:`draw_frame`), else the
    page. From the play loop, stop as soon as Pause is pressed."""
    with _step_lock:
        for _ in range(weeks):
            if not models.value or models.value[0].steps >= MAX_WEEKS:
                break
            if while_playing and not playing.value:
                break
            if (
                while_playing
                and stop_at.value is not None
                and models.value[0].steps >= stop_at.value
            ):
                break
            for model in models.value:
                for run in runs_of(model):
                    run.step()
    if while_playing and playing.value:
        draw_frame()
    else:
        tick.set(tick.value + 1)


def draw_frame() -> None:
    """A play frame: the map, numbers, plots and week counter of each run shown redraw
    themselves (:func:`viz.components.draw_live`), in some milliseconds; a render of the
    page would walk all of it, sidebar and all, for tens of milliseconds."""
    runs = models.value
    limits = None
    if mode.value == "compare" and len(runs) == 2:
        limits = shown_limits(runs, plots_shown.value)
    for model in runs:
        draw_live(model, limits)


@click
def step() -> None:
    """The Step button: one week."""
    advance(1)


@click
def pick_scenario(name: str, side: str = "a") -> None:
    """Load a scenario into the picker; its values go onto the sliders and the run restarts."""
    try:
        values = lever_values(scenario_params(name))
    except ScenarioError as exc:
        message.set(t("scenario_bad", lang.value, name=name, problem=exc))
        return
    if side == "a":
        scenario_a.set(name)
        levers.set(values)
    else:
        scenario_b.set(name)
        levers_b.set(values)
    # a scenario chosen: what the page was opened with, or a file refused, is past
    link_problems.set(None)
    upload_problem.set(None)
    reset()


@click
def start_lesson(key: str) -> None:
    """Set up a lesson: its scenario(s), map layer and seed, from the start."""
    chosen = LESSONS_BY_KEY[key]
    try:
        values = lever_values(scenario_params(chosen.scenarios[0]))
    except ScenarioError as exc:
        message.set(t("scenario_bad", lang.value, name=chosen.scenarios[0], problem=exc))
        return
    lesson.set(key)
    link_problems.set(None)
    layer.set(chosen.layer)
    seed_text.set("42")
    scenario_a.set(chosen.scenarios[0])
    levers.set(values)
    if len(chosen.scenarios) > 1:
        scenario_b.set(chosen.scenarios[1])
        levers_b.set(lever_values(scenario_params(chosen.scenarios[1])))
    mode.set("compare" if len(chosen.scenarios) > 1 else "single")
    reset()


@click
def switch_mode(new: str) -> None:
    mode.set(new)
    if new in RUN_MODES:
        reset()


@click
def toggle_play() -> None:
    """Play or pause. Play starts a loop in its own thread (Solara gives the thread this
    page's state); a token makes sure an older loop that has not yet noticed a Pause stops."""
    if playing.value:
        playing.set(False)
        return
    week = models.value[0].steps if models.value else 0
    if stop_at.value is not None and week >= stop_at.value:
        stop_at.set(None)  # stepped past the lesson's week by hand: play on
    start_playing()


def start_playing(weeks_per_second: float | None = None) -> None:
    """Start a play loop; a new token retires any older one."""
    play_token.set(play_token.value + 1)
    playing.set(True)
    threading.Thread(
        target=play_loop, args=(play_token.value, weeks_per_second), daemon=True
    ).start()


#: Weeks per second when a link's run catches up: as fast as play goes, so that a link to
#: week 520 opens in seconds rather than after a minute at the slider's speed.
CATCH_UP_SPEED = MAX_WEEKS_PER_FRAME * MAX_FRAMES_PER_SECOND


@click
def open_link(search: str | None) -> None:
    """Open the page as its link says: scenario, levers, seed, then play on to the week (in
    turns with the other visitors, as Play does). A link that cannot be used leaves the
    defaults, and the page says why."""
    language = link_language(search)
    if language is not None:
        lang.set(language)
    shared, found = read_link(search)
    if shared is None:
        pick_scenario(scenario_a.value)
    else:
        run_shared(shared)
    # after picking the scenario, which retires a link's message
    link_problems.set(found if found.problems or found.unknown else None)


def run_shared(shared: SharedRun) -> None:
    scenario_a.set(shared.scenario)
    seed_text.set(str(shared.seed))
    levers.set({**lever_values(scenario_params(shared.scenario)), **shared.levers})
    replications.set(shared.runs)
    if shared.compare is not None:
        mode.set("compare")
        scenario_b.set(shared.compare)
        levers_b.set({**lever_values(scenario_params(shared.compare)), **shared.levers_b})
    reset()
    if shared.week:
        week_text.set(str(shared.week))
        stop_at.set(shared.week)
        start_playing(CATCH_UP_SPEED)


@click
def take_upload(filename: str, data: bytes) -> None:
    """An uploaded scenario file: on success the current scenario, from the start; else a
    message, and the scenario shown stays."""
    try:
        scenario = load_upload(filename, data)
    except ScenarioError as exc:
        upload_problem.set((filename, "upload_bad", {"problem": exc}))  # said in either
        return
    name = f"{scenario.name}.toml"
    uploads.set({**uploads.value, name: scenario})
    upload_problem.set(None)
    pick_scenario(name)


class UnreadableUpload(Exception):
    """The browser did not send the whole file."""


def received(filename: str, file: Any) -> bytes:
    """The bytes of a chosen file, sent on request by the browser."""
    try:
        return file.read()
    except Exception as exc:  # ipyvuetify's reader raises plain Exceptions
        # A timeout, or another file chosen meanwhile: said on the page, as nothing else in
        # the reading thread would show it.
        upload_problem.set((filename, "upload_unreadable", {"problem": str(exc)}))
        raise UnreadableUpload(filename) from exc


def refuse_upload(filename: str, size: int) -> None:
    kb = -(-size // 1000)
    upload_problem.set((filename, "upload_too_big", {"size": kb, "max": UPLOAD_LIMIT_KB}))


@click
def run_to_week() -> None:
    """The "run to week" button: play on and stop at exactly the week typed in; a bad week
    or one already passed gives a message, and the run stays as it is."""
    try:
        week = parse_week(week_text.value, lang.value)
    except ValueError as exc:
        message.set(str(exc))
        return
    now = models.value[0].steps if models.value else 0
    if week <= now:
        message.set(t("week_passed", lang.value, week=week, now=now))
        return
    message.set("")
    stop_at.set(week)
    if not playing.value:
        toggle_play()


def play_loop(token: int, weeks_per_second: float | None = None) -> None:
    """While playing: step at the chosen speed (or ``weeks_per_second``), several weeks per
    frame if frames are slower, at most :data:`MAX_FRAMES_PER_SECOND` frames a second (fewer
    when many sessions play: :class:`Players`), each in its turn (:class:`Turns`)."""
    reached = False
    try:
        with players.playing():
            reached = play(token, weeks_per_second)
    finally:
        # What frames do not redraw (the details, the buttons) follows now; then, if play
        # stopped by itself, the page says so.
        tick.set(tick.value + 1)
        if reached:
            playing.set(False)


def play(token: int, weeks_per_second: float | None) -> bool:
    """The play loop; True when it stopped by itself (the last week, or the week asked
    for), False when paused or replaced by another loop."""
    last, due = time.monotonic(), 1.0
    while playing.value and play_token.value == token:
        started = time.monotonic()
        weeks = min(int(due), MAX_WEEKS_PER_FRAME)
        if weeks:
            with turns.frame():
                if playing.value and play_token.value == token:
                    advance(weeks, while_playing=True)
            due -= weeks
        if not models.value or models.value[0].steps >= MAX_WEEKS:
            return True
        if stop_at.value is not None and models.value[0].steps >= stop_at.value:
            stop_at.set(None)  # stopped there: Play again plays on
            return True
        time.sleep(max(0.02, 1 / players.frame_rate() - (time.monotonic() - started)))
        now = time.monotonic()
        runs = sum(len(runs_of(m)) for m in models.value)
        rate = min(weeks_per_second or speed.value, play_speed(runs))
        due = min(due + rate * (now - last), MAX_WEEKS_PER_FRAME)
        last = now
    return False


# --- memory ------------------------------------------------------------------------------------
# Solara ends a page's session when its tab closes (or, for a dropped connection, after the
# cull timeout that ``cocreatie app`` sets) and collects its garbage; glibc's allocator keeps
# the freed memory in its arenas though, so the server's size would not go down. Trimming hands
# it back to the system, shortly after a session ends (after Solara's own collection).
_TRIM_DELAY = 5.0  # seconds
_trim_pending = threading.Event()


def _trim_memory() -> None:
    _trim_pending.clear()
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to hand back this way
        pass


def _session_started() -> Callable[[], None]:
    def ended() -> None:
        if not _trim_pending.is_set():  # one trim for a batch of closing tabs
            _trim_pending.set()
            timer = threading.Timer(_TRIM_DELAY, _trim_memory)
            timer.daemon = True
            timer.start()

    return ended


solara.lab.on_kernel_start(_session_started)


# --- components ------------------------------------------------------------------------------

APP_CSS = """
.v-input--selection-controls { margin-top: 0 }
/* A focus ring that shows where the keyboard is, on every control, over Vuetify's faint one */
*:focus-visible, .v-btn:focus-visible, [role="slider"]:focus-visible {
    outline: 3px solid #1a1a1a !important; outline-offset: 2px !important;
    box-shadow: 0 0 0 5px #ffd21f !important;
}
.visually-hidden {
    position: absolute !important; width: 1px; height: 1px; overflow: hidden;
    clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap;
}
.text-page { max-width: 46em; line-height: 1.5; font-size: 15px }
.text-page h2, .text-page h3 { margin: 18px 0 6px }
.text-page h4, .text-page h5 { margin: 12px 0 4px }
.text-page ul { margin-bottom: 8px }
.text-page .note { color: #444; font-size: 90% }
.odd-page table { border-collapse: collapse; font-size: 85% }
.odd-page td, .odd-page th { border: 1px solid #bbb; padding: 2px 6px }

/* One screen: a run's map, plots and numbers fit on 1366x768 without scrolling. The app bar
   is as slim as Vuetify's dense one, which leaves a row more for them. */
.v-app-bar.v-toolbar, .v-app-bar .v-toolbar__content { height: 48px !important }
.v-content, .v-main { padding-top: 48px !important }
/* The page's invisible parts (title, style, language) would each add a gap above it */
.d-flex:has(> .page-main) { gap: 0 !important }
@media (min-width: 960px) {
    .v-navigation-drawer--clipped { top: 48px !important; max-height: calc(100% - 48px) !important }
}
.page-main > * { flex: 0 0 auto }
.v-content__wrap > div:has(.page-main) { padding-top: 4px !important }
.mode-tabs { flex-wrap: wrap }
.run-header { column-gap: 12px !important; align-items: baseline }
.run-header > div { margin-bottom: 0 !important }
.week-counter { font-size: 15px }
.monitors .monitor > :first-child { font-size: 12px !important; line-height: 1.2 }
.monitors .monitor-value { font-size: 15px; line-height: 1.3 }
.stage { align-items: flex-start }
.plots-chart { display: block; width: 100% }
.map-image canvas { display: block }
/* One run: the map beside the plots, the plots never narrower than drawn (their text would
   shrink below 11 px); on a narrow screen the plots go under the map. */
.wide .stage { flex-wrap: wrap }
.wide .neighbourhood-map { flex: 0 0 auto;
    width: max(280px, min(calc(100% - 516px), calc(100vh - 330px))) }
.wide .plots-image { flex: 1 1 500px; min-width: 500px; max-width: 900px }
.wide .plots-chart { aspect-ratio: 500 / 470; max-height: calc(100vh - 190px) }
/* Two runs: on each half a small map with the numbers beside it, the plots under them. */
.runs > .col { padding-top: 0; padding-bottom: 0 }
.compact .stage { flex-wrap: nowrap }
.compact .neighbourhood-map { flex: 0 0 auto; width: clamp(150px, calc(30vh - 50px), 320px) }
.compact .monitors { flex: 1 1 0; min-width: 0; display: grid !important;
    grid-template-columns: 1fr 1fr; gap: 3px 10px !important }
.compact .monitors .monitor > :first-child { font-size: 11px !important }
.compact .plots-chart { aspect-ratio: 450 / 330; max-height: calc(100vh - 420px) }
.compact .run-header > div:first-child { font-size: 15px }
.map-legend > div { font-size: 12px !important; line-height: 1.25 !important }
@media (max-width: 959px) {
    .wide .neighbourhood-map { width: min(100%, 500px) }
    .wide .plots-image { min-width: 0; flex-basis: 100% }
    /* two runs one under the other: side by side, their plots would be too small to read */
    .runs > div { flex: 0 0 100% !important; max-width: 100% !important }
}
"""


class PageLanguage(ipyvue.VueTemplate):
    """Declares the page's language on ``<html lang>``, which Solara's page template leaves
    out, and keeps it with the language switch: screen readers pick their voice by it."""

    lang = traitlets.Unicode("en").tag(sync=True)
    template = traitlets.Unicode(
        """<template><span style="display: none"></span></template>
<script>
module.exports = {
  mounted() { document.documentElement.lang = this.lang; },
  watch: { lang(value) { document.documentElement.lang = value; } },
};
</script>"""
    ).tag(sync=True)


#: Below this window width the side drawer lies over the page (Vuetify's mobile break point,
#: as Solara's layout sets it), so it starts closed there.
NARROW_PX = 960
#: Whether this browser's window was narrow when the page opened (see :class:`ScreenWidth`).
narrow_screen = solara.reactive(False)


class ScreenWidth(ipyvue.VueTemplate):
    """Tells the server whether the window is narrow, once, when the page opens: the server
    cannot know, and the drawer's starting state depends on it. Also names the menu button
    that opens the drawer, which Solara's layout leaves as an icon without a name, so that
    screen readers can say what it is."""

    narrow = traitlets.Bool(False).tag(sync=True)
    limit = traitlets.Int(NARROW_PX).tag(sync=True)
    menu_label = traitlets.Unicode("").tag(sync=True)
    template = traitlets.Unicode(
        """<template><span style="display: none"></span></template>
<script>
module.exports = {
  mounted() {
    this.narrow = window.innerWidth < this.limit;
    this.nameMenu(50);
  },
  watch: { menu_label() { this.nameMenu(1); } },
  methods: {
    nameMenu(tries) {
      const button = document.querySelector(".v-app-bar__nav-icon");
      if (button) {
        button.setAttribute("aria-label", this.menu_label);
      } else if (tries > 1) {  // the app bar may be drawn after this page
        setTimeout(() => this.nameMenu(tries - 1), 100);
      }
    },
  },
};
</script>"""
    ).tag(sync=True)


@solara.component
def Layout(children=[]):  # noqa: B006  (Solara's signature for a layout)
    """Solara's layout, with the side drawer closed on a narrow window, where it would cover
    the page; the menu button opens it."""
    return solara.AppLayout(children=children, sidebar_open=not narrow_screen.value)


class ShareBox(ipyvue.VueTemplate):
    """The link to the run shown, made in the browser from the page's own address (the
    server does not know by which name its visitors reach it), and a button that copies it.
    The clipboard is open to secure pages only (https, or this machine); elsewhere the button
    selects the link for Ctrl+C and says so."""

    query = traitlets.Unicode("").tag(sync=True)
    label = traitlets.Unicode("").tag(sync=True)
    copy_label = traitlets.Unicode("").tag(sync=True)
    copied_label = traitlets.Unicode("").tag(sync=True)
    manual_label = traitlets.Unicode("").tag(sync=True)
    status = traitlets.Unicode("").tag(sync=True)
    template = traitlets.Unicode(
        """<template>
  <div class="share-link" style="display: flex; align-items: center; gap: 8px; flex-wrap: wrap">
    <v-text-field :label="label" :value="url()" readonly dense hide-details
      class="share-link-url" style="min-width: 24em" @focus="select"></v-text-field>
    <v-btn small color="primary" class="share-link-copy" @click="copy">{{ copy_label }}</v-btn>
    <span class="share-link-status" aria-live="polite">{{ status }}</span>
  </div>
</template>
<script>
module.exports = {
  watch: { query() { this.status = ""; } },
  methods: {
    url() { return window.location.origin + window.location.pathname + "?" + this.query; },
    select() { this.$el.querySelector("input").select(); },
    copy() {
      this.select();
      const manual = () => {
        let copied = false;
        try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
        this.status = copied ? this.copied_label : this.manual_label;
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(this.url()).then(
          () => { this.status = this.copied_label; }, manual);
      } else {
        manual();
      }
    },
  },
};
</script>"""
    ).tag(sync=True)


def _labelled_file_input() -> str:
    template = FileInput.class_traits()["template"].default_value
    labelled = template.replace("<v-file-input", '<v-file-input :label="label"', 1)
    if labelled == template:  # ipyvuetify changed its template: say so rather than hide it
        raise RuntimeError("ipyvuetify's FileInput template has no <v-file-input> to label")
    return labelled


class ScenarioFileInput(FileInput):
    """ipyvuetify's file field with a label: a click or the keyboard opens the system's file
    chooser (Solara's FileDrop only takes a file dragged onto it)."""

    template = traitlets.Unicode(_labelled_file_input()).tag(sync=True)
    label = traitlets.Unicode("").tag(sync=True)
    #: Called with the files chosen, readable (not synced: a Python function).
    receiver = traitlets.Any(None)

    @traitlets.observe("file_info")
    def _file_info_changed(self, change: dict[str, Any]) -> None:
        # The widget itself hands the files on: the component cannot find its widget
        # (solara.get_widget) once the language switch has drawn the sidebar again.
        super()._file_info_changed(change)  # a new version: the new file is the one read
        if change["new"] and self.receiver is not None:
            self.receiver(self.get_files())


#: While playing, the live region speaks every this many weeks (a quarter): a screen reader
#: that read out every frame would never finish a sentence (the text alternatives of the map
#: and the plots follow as often).
LIVE_EVERY = LABEL_EVERY


def announcement(runs: list[tuple[CoCreationModel, str]], language: str, week: int) -> str:
    """What the live region reads out at ``week``: the week, and for each run shown how many
    take part, of all residents and of the low-SES ones."""
    years = number(week / WEEKS_PER_YEAR, 1, language)
    parts = []
    for model, name in runs:
        taking_part = t(
            "taking_part_now",
            language,
            pct=number(100 * output_at(model, "participation_rate", week), 1, language),
            low=number(100 * output_at(model, "participation_rate[low_ses]", week), 1, language),
        )
        label = scenario_label(name, language)
        parts.append(t("live_run", language, name=label, taking_part=taking_part))
    return t(
        "live", language, week=t("week", language, week=week, years=years), runs=" ".join(parts)
    )


def spoken_week(week: int, playing: bool) -> int:
    """The week the live region speaks of: the week shown, or while playing the last whole
    quarter (see :data:`LIVE_EVERY`)."""
    return week - week % LIVE_EVERY if playing else week


@solara.component
def LiveRegion(runs: list[tuple[CoCreationModel, str]], language: str, week: int, busy: bool):
    """A polite live region: screen readers read out the week and participation after a step
    or a pause, and every :data:`LIVE_EVERY` weeks while playing."""
    spoken = spoken_week(week, busy)
    names = [name for _, name in runs]
    text = solara.use_memo(
        lambda: announcement(runs, language, spoken),
        dependencies=[spoken, language, *names, *(id(m) for m, _ in runs)],
    )
    region = solara.widgets.HTML.element(  # the words: set by the draw, see use_live
        tag="div",
        attributes={
            "role": "status",
            "aria-live": "polite",
            "aria-atomic": "true",
            "class": "live-region visually-hidden",
        },
    )
    said = {"week": spoken, "text": html.escape(text)}  # what the region says, of which week

    def bind() -> Draw:
        widget = solara.get_widget(region)

        def draw(_limits: dict | None, busy: bool) -> None:
            now = spoken_week(runs[0][0].steps, busy or playing.peek())
            if now != said["week"]:
                said.update(week=now, text=html.escape(announcement(runs, language, now)))
            if widget.unsafe_innerHTML != said["text"]:
                widget.unsafe_innerHTML = said["text"]

        return draw

    use_live(runs[0][0], "live-region", bind)


def group(name: str):
    """A box that screen readers announce as a named group of controls; use it as a context
    manager around a row of toggle buttons."""
    return solara.v.Html(tag="div", attributes={"role": "group", "aria-label": name})


def pressed(on: bool) -> dict[str, str]:
    """The ARIA state of a toggle button: a screen reader says which one is on."""
    return {"aria-pressed": "true" if on else "false"}


@solara.component
def Paragraph(text: str, label: str = ""):
    """Text with an optional bold lead-in. Plain HTML, not Markdown: Solara's Markdown would
    fetch its maths fonts from a CDN, and the app must work offline."""
    lead = f"<b>{html.escape(label)}</b> " if label else ""
    solara.HTML(
        tag="div", unsafe_innerHTML=f"{lead}{html.escape(text)}", style={"margin-bottom": "6px"}
    )


@solara.component
def Controls():
    language = lang.value
    tick.value  # noqa: B018  (subscribe: the buttons follow the week, not every frame)
    week = models.value[0].steps if models.value else 0
    with solara.Card(t("controls", language)):
        with solara.Row():
            solara.Button(t("reset", language), on_click=reset, color="primary")
            solara.Button(
                t("step", language),
                on_click=step,
                color="primary",
                disabled=playing.value or week >= MAX_WEEKS,
            )
            solara.Button(
                t("pause", language) if playing.value else t("play", language),
                on_click=toggle_play,
                color="primary",
                disabled=week >= MAX_WEEKS and not playing.value,
            )
        # The value in the label, not in a bubble: the bubble covered the Play button, and
        # it would show a decimal point in Dutch.
        solara.SliderInt(
            f"{t('speed', language)}: {speed.value}",
            value=speed,
            min=1,
            max=WEEKS_PER_YEAR,
            thumb_label=False,
        )
        with solara.Row(style={"align-items": "center"}):
            solara.InputText(
                t("week_field", language, max=MAX_WEEKS),
                value=week_text,
                classes=["run-to-week-field"],
            )
            solara.Button(
                t("run_to_week", language),
                on_click=run_to_week,
                color="primary",
                classes=["run-to-week"],
                disabled=week >= MAX_WEEKS,
            )
        seed_problem = _seed_problem(seed_text.value, language)
        solara.InputText(
            t("seed", language),
            value=seed_text,
            error=seed_problem or False,
            message=None if seed_problem else t("seed_help", language),
        )
        with solara.Column(gap="0px"):
            solara.Text(t("layer", language), style={"font-size": "90%"})
            with (
                group(t("layer_tabs", language)),
                solara.ToggleButtonsSingle(value=layer, dense=True, style={"flex-wrap": "wrap"}),
            ):
                for key in LAYERS:
                    solara.Button(
                        t(f"layer_{key}", language),
                        value=key,
                        small=True,
                        attributes=pressed(layer.value == key),
                    )
        PlotChoice()
        Replications()
        if message.value:
            solara.Error(message.value)


@solara.component
def Replications():
    """How many runs per scenario: more show in the plots as a median line and a band."""
    language = lang.value
    sides = 2 if mode.value == "compare" else 1
    with solara.Column(gap="0px"):
        solara.Text(t("replications", language), style={"font-size": "90%"})
        with (
            group(t("replications", language)),
            solara.ToggleButtonsSingle(
                value=replications.value,
                on_value=choose_replications,
                dense=True,
                classes=["replications"],
            ),
        ):
            for n in REPLICATIONS:
                solara.Button(
                    str(n), value=n, small=True, attributes=pressed(n == replications.value)
                )
        if replications.value > 1:
            fastest = int(play_speed(sides * replications.value))
            solara.Text(
                t("replications_help", language, speed=fastest),
                style={"font-size": "80%", "color": "#555"},
            )


@click
def choose_replications(n: int) -> None:
    """Runs per scenario: the runs start again with as many replications."""
    replications.set(n)
    reset()


@solara.component
def PlotChoice():
    """Which outputs the plots show, named by the output catalogue's labels in the app's
    language (the values stay the catalogue's names)."""
    language = lang.value
    chosen = plots_shown.value

    def takes_a_panel(family: str) -> bool:
        # eigen regie joins trust's panel, and trust eigen regie's
        partner = {"regie": "trust", "trust": "regie"}.get(family)
        return family not in chosen and partner not in chosen

    # Greyed out rather than refused on a click: what would be a fifth panel, and the last
    # output chosen (the plots show at least one).
    full = len(panels(chosen)) >= MAX_PANELS
    items = [
        {
            "text": output_label(f, language),
            "value": f,
            "disabled": (full and takes_a_panel(f)) or chosen == (f,),
        }
        for f in PLOTTABLE
    ]
    solara.v.Select(
        label=t("plots_shown", language),
        items=items,
        v_model=list(plots_shown.value),
        on_v_model=choose_plots,
        multiple=True,
        chips=True,
        small_chips=True,
        deletable_chips=True,
        dense=True,
        class_="plot-choice",
    )


def _seed_problem(text: str, language: str) -> str:
    try:
        parse_seed(text, language)
    except ValueError as exc:
        return str(exc)
    return ""


def scenario_values(name: str) -> dict[str, float]:
    """The sliders' values a scenario sets, none for one that cannot be read (the page says
    why when it is run)."""
    try:
        return lever_values(scenario_params(name))
    except (ScenarioError, ParameterError):
        return {}


@solara.component
def Levers():
    language = lang.value
    side = lever_side.value if mode.value == "compare" else "a"
    chosen = levers if side == "a" else levers_b
    scenario = scenario_a.value if side == "a" else scenario_b.value
    written = solara.use_memo(lambda: scenario_values(scenario), [scenario])
    with solara.Card(t("levers", language)):
        if mode.value == "compare":
            solara.HTML(
                tag="div",
                unsafe_innerHTML=html.escape(t("levers_compare", language)),
                style="font-size: 90%; margin-bottom: 6px",
            )
            solara.Text(t("levers_side", language), style={"font-size": "90%"})
            with (
                group(t("levers_side", language)),
                solara.ToggleButtonsSingle(
                    value=side, on_value=lever_side.set, dense=True, classes=["lever-side"]
                ),
            ):
                for key in ("a", "b"):
                    solara.Button(
                        t(f"side_{key}", language),
                        value=key,
                        small=True,
                        attributes={
                            **pressed(side == key),
                            "aria-label": f"{t('levers_side', language)} "
                            f"{t(f'side_{key}', language)}",
                        },
                    )
        solara.Text(t("levers_help", language), style={"font-size": "90%"})
        # a slider not moved yet shows its scenario's value
        values = {**written, **chosen.value}
        for lever in LEVERS:

            def set_value(value, name=lever.name):
                chosen.set({**chosen.value, name: value})

            slider = solara.SliderInt if lever.whole else solara.SliderFloat
            value = values.get(lever.name, lever.lo)
            slider(
                f"{t(lever.name, language)}: {lever_value(lever, value, language)}",
                value=value,
                min=lever.lo,
                max=lever.hi,
                step=lever.step,
                on_value=set_value,
                thumb_label=False,
            )
            solara.Text(
                t(f"{lever.name}_help", language),
                style={"font-size": "80%", "color": "#555", "margin-top": "-12px"},
            )
        index = 0 if side == "a" else 1
        shown = models.value[index].p if len(models.value) > index else None
        if shown and any(v != getattr(shown, k) for k, v in chosen.value.items()):
            solara.Warning(t("levers_pending", language), dense=True)


def monitor_items(model: CoCreationModel, language: str) -> list[dict[str, str]]:
    """The monitors as :class:`MonitorRow` shows them."""
    return [{"key": k, "label": label, "value": v} for k, label, v in monitors(model, language)]


class MonitorRow(ipyvue.VueTemplate):
    """The monitors: one widget, so that a play frame sends their values in one message."""

    items = traitlets.List(traitlets.Dict()).tag(sync=True)
    template = traitlets.Unicode(
        """<template>
  <div class="d-flex monitors" style="flex-direction: row; column-gap: 14px; flex-wrap: wrap">
    <div v-for="item in items" :key="item.key" class="d-flex monitor"
      style="flex-direction: column">
      <span style="font-size: 75%; color: #555">{{ item.label }}</span>
      <span :class="'monitor-value monitor-' + item.key" style="font-weight: bold"
        >{{ item.value }}</span>
    </div>
  </div>
</template>"""
    ).tag(sync=True)


@solara.component
def Monitors(model, language: str, week: int):
    """A row of small labelled live numbers; each value has the class ``monitor-<key>``.
    (``week`` makes it redraw after every step.)"""
    element = MonitorRow.element()  # the values: set by the draw, see use_live

    def bind() -> Draw:
        widget = solara.get_widget(element)

        def draw(_limits: dict | None, _playing: bool) -> None:
            items = monitor_items(model, language)
            if widget.items != items:
                widget.items = items

        return draw

    use_live(model, "monitors", bind)


@solara.component
def Downloads(model, language: str, week: int):
    """The run up to ``week`` as a table (CSV), as a scenario file (TOML), its plots as a
    figure (PNG and SVG, on compare mode's common ranges as shown) and its map in the layer
    shown (PNG), made when clicked."""
    name = export_name(model)
    choice = plots_shown.value
    shown_layer = layer.value

    def figure(fmt: str) -> bytes:
        return figure_file(model, language, week, limits_shown(), fmt, choice)

    figures = {fmt: functools.partial(figure, fmt) for fmt in FIGURE_FORMATS}
    with solara.Row(style={"align-items": "center", "font-size": "85%", "flex-wrap": "wrap"}):
        solara.Text(t("downloads", language))
        solara.FileDownload(
            lambda: history_csv(model, week).encode("utf-8"),
            filename=f"{name}-week-{week}.csv",
            label=t("download_csv", language),
            mime_type="text/csv",
        )
        solara.FileDownload(
            lambda: scenario_toml(model).encode("utf-8"),
            filename=f"{name}.toml",
            label=t("download_toml", language),
            mime_type="application/toml",
        )
        for fmt, (mime_type, key) in FIGURE_FORMATS.items():
            solara.FileDownload(
                figures[fmt],
                filename=f"{name}-week-{week}.{fmt}",
                label=t(key, language),
                mime_type=mime_type,
            )
        solara.FileDownload(
            lambda: map_png(model, shown_layer),
            filename=f"{name}-week-{week}-map-{shown_layer}.png",
            label=t("download_map", language),
            mime_type="image/png",
        )


@solara.component
def ShareLink(model, language: str, other=None):
    """The link to this run (and compare mode's ``other``) at the week shown (see
    :func:`share_query`)."""
    tick.value  # noqa: B018  (subscribe: the link follows the week after every step)
    week = model.steps
    shared = solara.use_memo(lambda: shared_run(model, other), dependencies=[model, other, week])
    if shared is None:
        solara.Text(t("share_from_file", language), style={"font-size": "85%", "color": "#555"})
        return
    ShareBox.element(
        query=share_query(shared, language),
        label=t("share_label", language),
        copy_label=t("share_copy", language),
        copied_label=t("share_copied", language),
        manual_label=t("share_manual", language),
    )
    solara.Text(t("share_help", language), style={"font-size": "80%", "color": "#555"})


@solara.component
def ScenarioUpload():
    """A scenario file of one's own: checked by the scenario loader, then the current
    scenario (:func:`take_upload`). Too large a file is refused before it is sent."""
    language = lang.value
    sent, set_sent = solara.use_state(cast(list[dict[str, Any]], []))
    ScenarioFileInput.element(
        label=t("upload_label", language), accept=".toml", multiple=False, receiver=set_sent
    )

    def read(cancel: threading.Event) -> None:
        if not sent:
            return
        name, size, file = sent[0]["name"], sent[0]["size"], sent[0]["file_obj"]
        try:
            if size > UPLOAD_LIMIT_KB * 1000:
                refuse_upload(name, size)
            else:
                take_upload(name, received(name, file))
        except UnreadableUpload:
            pass  # said on the page by received()
        finally:
            # An empty field: the browser sends the same file again once it is fixed (it
            # reports no change for a file chosen twice).
            file.widget.clear()

    solara.use_thread(read, [sent])
    problem = upload_problem.value
    if problem is not None:
        filename, key, fields = problem
        text = t(key, language, name=filename, **fields)  # the model's words in its language
        solara.Error(f"{text} {t('upload_kept', language)}", classes=["upload-problem"])


def week_and_phase(model: CoCreationModel, language: str) -> str:
    """The week counter: the week, in years, and the phase of the project."""
    phase = t(f"phase_{model.phase.name.lower()}", language)
    years = number(model.steps / WEEKS_PER_YEAR, 1, language)
    return f"{t('week', language, week=model.steps, years=years)} · {phase}"


def set_text(widget: Any, text: str) -> None:
    """A text's words, set at a play frame (see :func:`viz.components.use_live`)."""
    if widget.children != [text]:
        widget.children = [text]


@solara.component
def WeekCounter(model: CoCreationModel, language: str, week: int):
    """The week counter, which play frames redraw (``week`` redraws it after a step)."""
    counter = solara.v.Html(tag="span", class_="week-counter")  # words: set by the draw

    def bind() -> Draw:
        widget = solara.get_widget(counter)
        return lambda _limits, _playing: set_text(widget, week_and_phase(model, language))

    use_live(model, "counter", bind)


@solara.component
def RunView(model, name: str, limits: dict | None, compact: bool):
    """One run as it must fit on one screen with the others: its scenario, week and phase,
    live numbers, map and plots. ``compact``: one of two runs side by side, with a smaller
    map (its legend is shared, see :func:`Page`) and the numbers beside it."""
    language = lang.value
    tick.value  # noqa: B018  (subscribe: redraw after every step)
    title, _ = solara.use_memo(lambda: scenario_text(name, language), [name, language])
    with solara.Column(gap="4px", classes=["run-view", "compact" if compact else "wide"]):
        with solara.Row(gap="0 12px", classes=["run-header"], style={"flex-wrap": "wrap"}):
            Paragraph(title and f"· {title}", label=scenario_label(name, language))
            WeekCounter(model, language, model.steps)
        if compact:
            with solara.Row(gap="12px", classes=["stage"]):
                NeighbourhoodMap(model, layer.value, language, model.steps, legend=False)
                Monitors(model, language, model.steps)
            Plots(
                model,
                language,
                limits,
                model.steps,
                compact=True,
                choice=plots_shown.value,
                replications=tuple(runs_of(model)[1:]),
            )
        else:
            Monitors(model, language, model.steps)
            with solara.Row(gap="16px", classes=["stage"]):
                NeighbourhoodMap(model, layer.value, language, model.steps)
                Plots(
                    model,
                    language,
                    limits,
                    model.steps,
                    choice=plots_shown.value,
                    replications=tuple(runs_of(model)[1:]),
                )


@solara.component
def RunDetails(model, name: str, compact: bool):
    """What goes with a run below the screenful: its scenario's description, who takes part
    now, its levers, downloads and (for one run) its share link."""
    language = lang.value
    tick.value  # noqa: B018  (subscribe: redraw after a step, and when play stops)
    _, description = solara.use_memo(lambda: scenario_text(name, language), [name, language])
    m = model.metrics
    with solara.Column(gap="6px", classes=["run-details"]):
        if description and not compact:
            solara.Text(description, style={"font-size": "85%", "color": "#444"})
        solara.Text(
            t(
                "taking_part_now",
                language,
                pct=number(100 * m["participation_rate"], 1, language),
                low=number(100 * m["participation_rate[low_ses]"], 1, language),
            ),
            style={"font-size": "90%"},
        )
        solara.Text(
            f"{t('run_with', language)} {run_levers(model, language)}",
            classes=["run-levers"],
            style={"font-size": "80%", "color": "#555"},
        )
        Downloads(model, language, model.steps)
        if not compact:
            ShareLink(model, language)


@solara.component
def LessonPanel():
    language = lang.value
    chosen = LESSONS_BY_KEY.get(lesson.value)
    if chosen is None or mode.value == "lessons":
        return
    with solara.Card(t("lesson_active", language, title=chosen.text("title", language))):
        for field, key in (("predict", "predict"), ("run", "run")):
            Paragraph(chosen.text(field, language), label=t(key, language))
        solara.Text(
            t("lesson_stops", language, week=chosen.weeks),
            classes=["lesson-stops"],
            style={"font-size": "85%", "color": "#555"},
        )
        with solara.Details(summary=t("reveal", language)):
            for field, key in (("notice", "notice"), ("explain", "explain"), ("try_", "try")):
                Paragraph(chosen.text(field, language), label=t(key, language))
        solara.Button(t("lesson_close", language), on_click=close_lesson, text=True)


def close_lesson() -> None:
    lesson.set("")
    stop_at.set(None)


@solara.component
def LessonList():
    language = lang.value
    Paragraph(t("lessons_intro", language))
    for item in LESSONS:
        with solara.Card(item.text("title", language)):
            Paragraph(item.text("predict", language), label=t("predict", language))
            solara.Text(
                " · ".join(scenario_label(name, language) for name in item.scenarios),
                style={"color": "#555"},
            )
            solara.Button(
                t("lesson_setup", language),
                color="primary",
                on_click=lambda key=item.key: start_lesson(key),
            )


@solara.component
def TextPage(page: str, key: str):
    """A page of text (the Info tab or the teacher guide), already rendered as HTML."""
    solara.HTML(tag="div", unsafe_innerHTML=page, classes=["text-page", f"{key}-page"])


@solara.component
def InfoPage():
    """The Info tab, and the model description (ODD) on request: converted and sent to the
    browser only when asked for, as it is long."""
    language = lang.value
    page = solara.use_memo(lambda: html_page(info(language)), [language])
    TextPage(page, "info")
    show_odd, set_show_odd = solara.use_state(False)
    odd = odd_html()
    if not odd:
        return
    solara.Button(
        t("odd_hide" if show_odd else "odd_show", language),
        on_click=lambda: set_show_odd(not show_odd),
        color="primary",
        outlined=True,
        classes=["odd-toggle"],
        attributes={"aria-expanded": "true" if show_odd else "false"},
    )
    if show_odd:
        solara.HTML(tag="div", unsafe_innerHTML=odd, classes=["text-page", "odd-page"])


@solara.component
def GuidePage():
    language = lang.value
    page = solara.use_memo(lambda: html_page(teacher_guide(language)), [language])
    solara.FileDownload(
        lambda: printable_html(language).encode("utf-8"),
        filename=GUIDE_FILES[language].with_suffix(".html").name,
        label=t("guide_download", language),
        mime_type="text/html",
    )
    TextPage(page, "guide")


@solara.component
def ScenarioSelect(label: str, value: str, side: str):
    """A scenario picker that lists the scenarios by their names in the app's language while
    keeping the file names as values."""
    language = lang.value
    names = [*scenario_names(), *uploads.value]
    items = [{"text": scenario_label(n, language), "value": n} for n in names]
    solara.v.Select(
        label=label,
        items=items,
        v_model=value,
        on_v_model=lambda name: pick_scenario(name, side),
        class_="scenario-select",
    )


@solara.component
def ScenarioPickers():
    language = lang.value
    label = t("scenario_a" if mode.value == "compare" else "scenario", language)
    ScenarioSelect(label, scenario_a.value, "a")
    if mode.value == "compare":
        ScenarioSelect(t("scenario_b", language), scenario_b.value, "b")
    ScenarioUpload()


def shown_limits(runs: list, choice: tuple[str, ...]) -> dict:
    """Compare mode's common ranges: one y-range per panel and one span of years for both
    runs, so that heights compare at a glance; kept (:data:`common_limits`), and only
    widened, while the same runs show the same outputs, so that a playing run's axes never
    shrink and its lines never jump."""
    shown = (tuple(runs), choice)
    limits = plot_limits([plotted_frame(r, choice) for m in runs for r in runs_of(m)], choice)
    kept = common_limits.peek()
    if kept is not None and kept[0] == shown:
        limits = widen(kept[1], limits)
    common_limits.set((shown, limits))
    return limits


def limits_shown() -> dict | None:
    """The common ranges the plots show now (compare mode), None for one run."""
    kept = common_limits.peek()
    return kept[1] if kept is not None and kept[0][0] == tuple(models.peek()) else None


@solara.component
def Runs(names: list[str], compact: bool):
    """The runs on screen, redrawn at every frame: the week told to screen readers, the map,
    numbers and plots of each run (see :func:`RunView`)."""
    language = lang.value
    tick.value  # noqa: B018  (subscribe: redraw after every step)
    runs = list(zip(models.value, names))
    # peek: Play and Pause do not render the runs anew (frames and the end of play do)
    LiveRegion(runs, language, models.value[0].steps, playing.peek())
    if models.value[0].steps >= MAX_WEEKS:
        solara.Info(t("end_reached", language))
    if not compact:
        RunView(*runs[0], None, compact=False)
        return
    limits = shown_limits(models.value, plots_shown.value)
    MapLegend(models.value[0], layer.value, language)
    with solara.Columns([1, 1], classes=["runs"]):
        for model, name in runs:
            RunView(model, name, limits, compact=True)


@solara.component
def Page():
    language = lang.value

    router = solara.use_router()

    def first_run():
        if not models.value:
            open_link(router.search)

    solara.use_effect(first_run, [])
    solara.Title(t("app_title", language))
    PageLanguage.element(lang=language)
    ScreenWidth.element(on_narrow=narrow_screen.set, menu_label=t("menu", language))
    solara.Style(APP_CSS)
    with solara.AppBar():
        solara.AppBarTitle(t("app_title", language))
        solara.Button(
            t("other_language", language),
            text=True,
            dark=True,
            on_click=lambda: lang.set("nl" if language == "en" else "en"),
        )
    with solara.Sidebar():
        if mode.value in RUN_MODES:
            ScenarioPickers()
        Controls()
        if mode.value in RUN_MODES:
            Levers()
    with solara.Column(gap="6px", classes=["page-main"]):
        with (
            group(t("mode_tabs", language)),
            solara.ToggleButtonsSingle(
                value=mode.value, on_value=switch_mode, dense=True, classes=["mode-tabs"]
            ),
        ):
            for key in MODES:
                solara.Button(
                    t(f"mode_{key}", language), value=key, attributes=pressed(mode.value == key)
                )
        if mode.value == "lessons":
            LessonList()
            return
        if mode.value == "info":
            InfoPage()
            return
        if mode.value == "guide":
            GuidePage()
            return
        if link_problems.value is not None:
            solara.Warning(link_message(link_problems.value, language), classes=["link-problem"])
        if message.value:
            solara.Error(f"{message.value} {t('kept_running', language)}")
        if not models.value:
            solara.Text(t("intro", language), style={"color": "#333"})
            return
        names = [scenario_a.value, scenario_b.value][: len(models.value)]
        runs = list(zip(models.value, names))
        compact = mode.value == "compare" and len(runs) == 2
        # The maps, the numbers and the plots first, so that they fit on one screen; what
        # explains them follows.
        Runs(names, compact)
        LessonPanel()
        if compact:
            solara.Text(t("lockstep", language), style={"font-size": "90%"})
            with solara.Columns([1, 1]):
                for model, name in runs:
                    RunDetails(model, name, compact=True)
            ShareLink(runs[0][0], language, other=runs[1][0])
        else:
            RunDetails(*runs[0], compact=False)
        solara.Text(t("intro", language), style={"color": "#333"})
