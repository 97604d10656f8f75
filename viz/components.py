"""The app's pictures: the neighbourhood map and the plots over time.

The map is drawn as one image (a colour per dwelling, enlarged, with the places and people
marked on top) rather than as thousands of markers, so that it redraws in milliseconds. The
browser draws the plots (ECharts, :mod:`viz.live_plots`), sent only the new weeks' values at
each frame; :class:`TimePlots` draws the same panels with matplotlib for the downloaded
figure. Both components take the model as their first argument, so that they also fit Mesa's
``SolaraViz`` (see :func:`for_solaraviz`).

While a run plays, its parts redraw themselves (:func:`use_live`) rather than through a
render of the page.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Callable
from typing import Any

import matplotlib
import numpy as np
import pandas as pd
import solara
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import ScalarFormatter
from PIL import Image, ImageDraw

from sim import outputs
from sim.agents import BekendGezicht, Professional
from sim.bilingual import pick
from sim.metrics import HLY_PER_HEALTH_UNIT
from sim.neighbourhood import VINDPLAATS_KINDS
from sim.outputs import BY_NAME, WEEKS_PER_YEAR
from sim.population import State
from viz import palette
from viz.live_map import Frame, LiveMap, cell_frame
from viz.palette import group_colour
from viz.text import number, t

LAYERS = ("subgroup", "state", "health", "trust", "not_reached")
CELL_PX = 9  # pixels per grid cell: 55 cells make a 495-pixel map
EMPTY = (255, 255, 255)
#: The colour scale of the health and trust layers: viridis in 255 shades, so that with the
#: empty cells' white a map has at most 256 colours, a byte a cell for the browser's map.
SHADES = matplotlib.colormaps["viridis"].resampled(255)
#: The participation states' colours (viz/palette.py, checked for colour-vision deficiencies).
STATE_COLOURS = {state: palette.STATE_COLOURS[state.name] for state in State}
SITE_LETTERS = {
    "school": "S",
    "community_centre": "B",
    "gp_practice": "H",
    "market": "M",
    "library": "L",
}
OFFICE_COLOUR, PROFESSIONAL_COLOUR, FACE_COLOUR = "#222222", "#1f3fbf", "#ffd21f"

#: The outputs (catalogue families, :mod:`sim.outputs`) the plots can show over time, in the
#: order the selector offers them and the panels show them: each is one value a week, by
#: subgroup (or by cause, or overall for the gap).
PLOTTABLE = (
    "participation_rate",
    "ever_reached",
    "representation",
    "health",
    "hly_gap_proxy",
    "regie",
    "trust",
    "exits",
)
#: What the plots show unless one chooses otherwise: the catalogue's ``app`` view (the SES
#: gap in health, also in it, is the gap panel's right-hand axis); eigen regie and trust
#: share a panel.
DEFAULT_PLOTS = tuple(o.name for o in outputs.CATALOGUE if "app" in o.views and o.name in PLOTTABLE)
#: A 2x2 grid: more panels would not fit the one-screen layout at a readable text size.
MAX_PANELS = 4
#: Panels whose titles the app's text holds: they say more than the catalogue's label (what
#: the ratio divides, which axis is which, which line is which).
TITLE_KEYS = {
    "participation_rate": "plot_participation",
    "representation": "plot_representation",
    "hly_gap_proxy": "plot_gap",
    "regie+trust": "plot_regie_trust",
}
#: Parts that are not subgroups (SES classes, gender within SES): plotted by subgroup only.
_NOT_SUBGROUPS = {*outputs.SES, *outputs.SES_GENDER}
#: The cause lines' colours: the Okabe-Ito colours from the end, apart from the first
#: subgroups'.
EXIT_COLOURS = dict(zip(outputs.EXITS, reversed(palette.GROUP_COLOURS)))


def _rgb(hex_colour: str) -> np.ndarray:
    return np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)], dtype=np.uint8)


def subgroup_labels(model, lang: str) -> list[str]:
    return [g.display_label(lang) for g in model.p.subgroups]


def resident_colours(model, layer: str) -> np.ndarray:
    """An (n, 3) array of RGB colours, one per resident, for the chosen map layer."""
    r = model.residents
    groups = np.array([_rgb(group_colour(i)) for i in range(len(model.group_names))])
    if layer == "subgroup":
        return groups[r.group]
    if layer == "state":
        table = np.array([_rgb(STATE_COLOURS[s]) for s in State])
        return table[r.state]
    if layer in ("health", "trust"):
        values = np.clip(getattr(r, layer), 0, 1)
        return (SHADES(values)[:, :3] * 255).astype(np.uint8)
    if layer == "not_reached":
        colours = groups[r.group].astype(float)
        reached = r.state != State.UNAWARE
        colours[reached] = 0.25 * colours[reached] + 0.75 * 255  # faded towards white
        return colours.astype(np.uint8)
    raise ValueError(f"unknown map layer {layer!r}; choose one of {', '.join(LAYERS)}")


def dwelling_colours(model, layer: str = "subgroup") -> np.ndarray:
    """The grid's cells as a (height, width, 3) array of RGB colours: each dwelling coloured
    by ``layer``, the rest of the grid empty."""
    lay, r = model.layout, model.residents
    grid = np.empty((lay.height, lay.width, 3), dtype=np.uint8)
    grid[:] = EMPTY
    grid[r.home[:, 1], r.home[:, 0]] = resident_colours(model, layer)
    return grid


def mark_cells(model) -> tuple[list[list[int]], list[list[int]]]:
    """Where the professionals worked this week, and where the familiar faces live."""
    return (
        [list(a.cell.coordinate) for a in model.agents_by_type.get(Professional, ())],
        [list(a.cell.coordinate) for a in model.agents_by_type.get(BekendGezicht, ())],
    )


def map_layout(model, cell_px: int = CELL_PX) -> dict[str, Any]:
    """What the map of a run shows in every frame (see :class:`viz.live_map.LiveMap`)."""
    lay = model.layout
    return {
        "width": lay.width,
        "height": lay.height,
        "cell_px": cell_px,
        "sites": [
            [int(x), int(y), SITE_LETTERS[kind]]
            for kind in VINDPLAATS_KINDS
            for x, y in lay.sites[kind]
        ],
        "office": [int(v) for v in lay.office],
        "office_colour": OFFICE_COLOUR,
        "professional_colour": PROFESSIONAL_COLOUR,
        "face_colour": FACE_COLOUR,
    }


def map_image(model, layer: str = "subgroup", cell_px: int = CELL_PX) -> Image.Image:
    """The neighbourhood as a picture: dwellings coloured by ``layer``, vindplaatsen as
    lettered squares, the office dark, professionals as blue diamonds where they worked this
    week, bekende gezichten as yellow dots. The app draws the same in the browser
    (:class:`viz.live_map.LiveMap`)."""
    lay = model.layout
    grid = dwelling_colours(model, layer)
    img = Image.fromarray(np.repeat(np.repeat(grid, cell_px, axis=0), cell_px, axis=1))
    draw = ImageDraw.Draw(img)

    def box(xy, pad: float = 0.0):
        x, y = int(xy[0]), int(xy[1])
        return (
            x * cell_px - pad,
            y * cell_px - pad,
            (x + 1) * cell_px - 1 + pad,
            (y + 1) * cell_px - 1 + pad,
        )

    for kind in VINDPLAATS_KINDS:
        for xy in lay.sites[kind]:
            draw.rectangle(box(xy, cell_px * 0.6), fill="white", outline="black")
            x0, y0, x1, y1 = box(xy)
            draw.text(((x0 + x1) / 2, (y0 + y1) / 2), SITE_LETTERS[kind], fill="black", anchor="mm")
    draw.rectangle(box(lay.office, cell_px * 0.6), fill=OFFICE_COLOUR, outline="white")
    pros, faces = mark_cells(model)
    for xy in pros:
        x0, y0, x1, y1 = box(xy, cell_px * 0.3)
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        draw.polygon(
            [(cx, y0), (x1, cy), (cx, y1), (x0, cy)], fill=PROFESSIONAL_COLOUR, outline="white"
        )
    for xy in faces:
        draw.ellipse(box(xy, cell_px * 0.25), fill=FACE_COLOUR, outline="black")
    return img


#: Pixels per cell of the map as a file: 1,100 pixels for the default neighbourhood's 55
#: cells, sharp on a slide.
FILE_CELL_PX = 20


def map_png(model, layer: str = "subgroup") -> bytes:
    """The map as a PNG file, larger than on screen (:data:`FILE_CELL_PX`)."""
    buffer = io.BytesIO()
    map_image(model, layer, FILE_CELL_PX).save(buffer, format="png")
    return buffer.getvalue()


def map_frame(model, layer: str = "subgroup") -> Frame:
    """What a frame sends the browser's map (:class:`viz.live_map.LiveMap`)."""
    return cell_frame(dwelling_colours(model, layer), *mark_cells(model))


def _swatch(colour: str, label: str, shape: str = "square") -> str:
    radius = "50%" if shape == "dot" else ("0" if shape == "square" else "2px")
    rotate = "transform:rotate(45deg);" if shape == "diamond" else ""
    return (
        f'<span style="display:inline-flex;align-items:center;margin:0 12px 4px 0">'
        f'<span style="display:inline-block;width:12px;height:12px;background:{colour};'
        f'border:1px solid #555;border-radius:{radius};{rotate}margin-right:5px"></span>'
        f"{label}</span>"
    )


def legend_html(model, layer: str, lang: str) -> str:
    """The map's legend as HTML, in ``lang``."""
    groups = subgroup_labels(model, lang)
    if layer in ("subgroup", "not_reached"):
        items = [_swatch(group_colour(i), label) for i, label in enumerate(groups)]
        if layer == "not_reached":
            items.append(_swatch("#eeeeee", t("reached", lang)))
            items.append(
                f'<div style="font-size:90%;color:#444">{t("not_reached_note", lang)}</div>'
            )
    elif layer == "state":
        items = [_swatch(STATE_COLOURS[s], t(f"state_{s.name.lower()}", lang)) for s in State]
    else:
        stops = ", ".join(matplotlib.colors.to_hex(SHADES(x)) for x in np.linspace(0, 1, 6))
        items = [
            f'<span style="margin-right:6px">{t(f"layer_{layer}", lang)}: '
            f'{t("scale_low", lang)}</span><span style="display:inline-block;width:120px;'
            f'height:12px;background:linear-gradient(to right,{stops})"></span>'
            f'<span style="margin-left:6px">{t("scale_high", lang)}</span>'
        ]
    sites = ", ".join(f"{SITE_LETTERS[k]} {t(f'site_{k}', lang)}" for k in VINDPLAATS_KINDS)
    markers = [
        _swatch(OFFICE_COLOUR, t("office", lang)),
        _swatch(PROFESSIONAL_COLOUR, t("professional", lang), "diamond"),
        _swatch(FACE_COLOUR, t("bekend_gezicht", lang), "dot"),
        f"<span>{t('vindplaatsen', lang)}: {sites}</span>",
    ]
    return (
        f'<div style="font-size:13px;line-height:1.5">{"".join(items)}</div>'
        f'<div style="font-size:12px;color:#333">{"".join(markers)}</div>'
    )


def map_description(model, layer: str, lang: str) -> str:
    """What the map shows, in words: the text alternative of its image."""
    r, groups = model.residents, subgroup_labels(model, lang)
    if layer == "subgroup":
        counts = np.bincount(r.group, minlength=len(groups))
        parts = [t("map_alt_count", lang, label=g, n=n) for g, n in zip(groups, counts)]
    elif layer == "state":
        counts = np.bincount(r.state, minlength=len(State))
        parts = [
            t("map_alt_count", lang, label=t(f"state_{s.name.lower()}", lang), n=counts[s])
            for s in State
        ]
    elif layer in ("health", "trust"):
        values = getattr(r, layer)
        parts = [
            t("map_alt_mean", lang, label=g, value=number(values[r.group == i].mean(), 2, lang))
            for i, g in enumerate(groups)
        ]
    elif layer == "not_reached":
        missed = np.bincount(r.group[r.state == State.UNAWARE], minlength=len(groups))
        # "; " between groups: their labels have commas of their own
        counts_text = "; ".join(f"{g} {n}" for g, n in zip(groups, missed))
        parts = [t("map_alt_not_reached", lang, counts=counts_text)]
    else:
        raise ValueError(f"unknown map layer {layer!r}; choose one of {', '.join(LAYERS)}")
    return t(
        "map_alt",
        lang,
        week=model.steps,
        layer=t(f"layer_{layer}", lang).lower(),
        counts="; ".join(parts),
    )


def plots_description(model, lang: str, choice: tuple[str, ...] = DEFAULT_PLOTS) -> str:
    """What the plots show, in words, with the latest values: the text alternative of their
    image. Another ``choice`` than the default is told by its panels' titles."""
    m, groups = model.metrics, subgroup_labels(model, lang)
    years = number(model.steps / WEEKS_PER_YEAR, 1, lang)
    shown = panels(choice)
    if shown != panels(DEFAULT_PLOTS):
        titles = "; ".join(" ".join(panel_title(p, lang).split()) for p in shown)
        return t("plots_alt_chosen", lang, years=years, titles=titles)

    def by_group(family: str, scale: float, decimals: int, unit: str = "") -> str:
        return "; ".join(
            t("group_value", lang, label=g, value=number(scale * m[key], decimals, lang) + unit)
            for g, name in zip(groups, model.group_names)
            if (key := f"{family}[{name}]") in m
        )

    return t(
        "plots_alt",
        lang,
        years=years,
        taking_part=by_group("participation_rate", 100, 1, "%"),
        representation=by_group("representation", 1, 2),
        gap=number(m["hly_gap_proxy"], 1, lang),
    )


def described(css_class: str):
    """A box whose contents (an image) screen readers take as one image, named by
    :func:`set_label` (after the render: see :func:`use_live`); use it as a context manager
    around the image."""
    return solara.v.Html(tag="div", class_=css_class)


#: How a part of the page redraws a run's state: given the plots' common ranges (compare
#: mode) or None, and whether this is a play frame.
Draw = Callable[[dict | None, bool], None]
#: While playing, the text alternatives of the map and the plots follow every this many
#: weeks (a quarter), as the live region speaks: each change is a message to the browser, and
#: a screen reader would not read them out at every frame.
LABEL_EVERY = 13


def label_due(labelled: int, week: int, frame: bool) -> bool:
    """Whether a text alternative last set at week ``labelled`` is to be set anew at
    ``week``: after a step, or while playing when a quarter has passed."""
    return labelled != week and (not frame or week // LABEL_EVERY != labelled // LABEL_EVERY)


def live_parts(model) -> dict[str, Draw]:
    """The parts of the page that show ``model`` and how each redraws itself (see
    :func:`use_live`)."""
    return model.__dict__.setdefault("app_live", {})


def draw_live(model, limits: dict | None = None) -> None:
    """A play frame for ``model``: every part of the page showing it redraws itself."""
    for draw in list(live_parts(model).values()):
        draw(limits, True)


def use_live(model, part: str, bind: Callable[[], Draw], limits: dict | None = None) -> None:
    """Keep the function that ``bind`` returns as the way ``part`` redraws ``model`` at a
    play frame, without a render of the page (which walks the whole page: tens of
    milliseconds), and draw once after the component's render. ``bind`` runs after the
    render, where ``solara.get_widget`` finds the widgets the draw changes (a widget
    element's, not a component's).

    The elements of those widgets must not be given what the draw sets (the week, the
    values, the image): a render of any part of the page sets every widget's traits to its
    element's arguments again, which would put back what an earlier render showed."""

    def keep() -> Callable[[], None]:
        parts = live_parts(model)
        draw = bind()
        parts[part] = draw
        draw(limits, False)

        def forget() -> None:
            if parts.get(part) is draw:
                del parts[part]

        return forget

    solara.use_effect(keep, None)


def set_label(box: Any, description: str) -> None:
    """A :func:`described` box's text alternative."""
    if box.attributes.get("aria-label") != description:
        box.attributes = {"role": "img", "aria-label": description}


@solara.component
def MapLegend(model, layer: str = "subgroup", lang: str = "en"):
    solara.HTML(tag="div", unsafe_innerHTML=legend_html(model, layer, lang), classes=["map-legend"])


@solara.component
def NeighbourhoodMap(
    model, layer: str = "subgroup", lang: str = "en", week: int = 0, legend: bool = True
):
    """The map with its legend (``legend=False``: without, for two maps that share one).
    Pass the model's ``week`` (``model.steps``): Solara redraws a component only when its
    arguments change, and the model itself changes in place."""
    layout = solara.use_memo(lambda: map_layout(model), dependencies=[model])
    alt = solara.use_memo(
        lambda: map_description(model, layer, lang), dependencies=[model, week, layer, lang]
    )
    # What the text alternative says, and of which week: as rendered, then as play frames
    # set it.
    said = {"alt": alt, "labelled": model.steps}

    # Widget elements, not Solara's Column component: solara.get_widget finds the map's
    # widget reliably only among this component's own elements.
    with solara.v.Html(
        tag="div",
        class_="d-flex neighbourhood-map",
        style_="flex-direction: column; align-items: stretch; row-gap: 4px",
    ):
        with described("map-image") as box:
            picture = LiveMap.element(grid=layout)
        if legend:
            MapLegend(model, layer, lang)

    def bind() -> Draw:
        canvas, label = solara.get_widget(picture), solara.get_widget(box)

        def draw(_limits: dict | None, frame: bool) -> None:
            week = model.steps
            canvas.show(week, map_frame(model, layer))
            if label_due(said["labelled"], week, frame):
                said.update(labelled=week, alt=map_description(model, layer, lang))
            set_label(label, said["alt"])

        return draw

    use_live(model, "map", bind)


# --- plots -------------------------------------------------------------------------------


def history(model) -> pd.DataFrame:
    """The model's outputs so far, one row per week."""
    return model.datacollector.get_model_vars_dataframe()


def output_at(model, column: str, week: int) -> float:
    """One output at ``week``, or at the last week collected if the run is not there yet
    (the play thread may be half-way through a step): without building the whole table as
    :func:`history` does, which takes milliseconds a frame."""
    values = model.datacollector.model_vars[column]
    return values[min(week, len(values) - 1)]


def panels(choice: tuple[str, ...] | list[str] = DEFAULT_PLOTS) -> list[tuple[str, ...]]:
    """The panels for the chosen outputs, each a tuple of families, in :data:`PLOTTABLE`'s
    order, at most :data:`MAX_PANELS`. Eigen regie and trust, both 0-1 and by subgroup,
    share a panel (solid and dashed) when both are chosen, as they always have."""
    chosen = [family for family in PLOTTABLE if family in choice]
    both = "regie" in chosen and "trust" in chosen
    shown: list[tuple[str, ...]] = [
        ("regie", "trust") if both and family == "regie" else (family,)
        for family in chosen
        if not (both and family == "trust")
    ]
    return shown[:MAX_PANELS] or [("participation_rate",)]


def panel_key(families: tuple[str, ...]) -> str:
    return "+".join(families)


def output_label(family: str, lang: str) -> str:
    """An output's name as the selector offers it: the catalogue's label, capitalised."""
    label = pick(BY_NAME[family].label, lang)
    return label[0].upper() + label[1:]


def panel_title(families: tuple[str, ...], lang: str) -> str:
    key = panel_key(families)
    if key in TITLE_KEYS:
        return t(TITLE_KEYS[key], lang)
    (family,) = families
    if family == "exits":
        return t("plot_by_cause", lang, label=output_label(family, lang))
    unit = {"%": " (%)", "0-1": " (0-1)"}.get(BY_NAME[family].unit, "")
    return t("plot_by_subgroup", lang, label=output_label(family, lang), unit=unit)


def panel_columns(family: str, frame_columns) -> list[str]:
    """The columns a panel draws for ``family``: one per subgroup, per cause for exits (the
    cause columns only, not their sum), or the one overall column."""
    if family == "hly_gap_proxy":
        return [family]
    prefix = family + "["
    return [
        c
        for c in frame_columns
        if c.startswith(prefix) and c[len(prefix) : -1] not in _NOT_SUBGROUPS
    ]


def panel_values(frame: pd.DataFrame, family: str, column: str) -> np.ndarray:
    """A column as plotted: on the catalogue's display scale; exits summed over the weeks so
    far, since a week's few exits would be a comb of zeros and ones."""
    values = BY_NAME[family].scale * np.asarray(frame[column], dtype=float)
    return np.cumsum(values) if family == "exits" else values


def plot_limits(
    frames: list[pd.DataFrame] | list[Collected],
    choice: tuple[str, ...] | list[str] = DEFAULT_PLOTS,
) -> dict[str, Any]:
    """Common ranges for the panels, so that runs side by side read on one scale: the
    y-range of each panel (by :func:`panel_key`) from every frame's values, rounded outwards
    to round numbers so that it changes seldom, and ``"span"``, the whole years across.

    Every range only grows as weeks are added to the frames (maxima and minima so far,
    rounded on nested grids); :func:`widen` also keeps it so whatever the data."""
    weeks = max((int(f.index[-1]) for f in frames if len(f.index)), default=0)
    limits: dict[str, Any] = {"span": max(1, math.ceil(weeks / WEEKS_PER_YEAR - 1e-9))}
    for families in panels(choice):
        unit = BY_NAME[families[0]].unit
        if unit == "0-1":  # means of 0-1 quantities: the whole scale, as the map's colours
            limits[panel_key(families)] = (0.0, 1.0)
            continue
        values = np.concatenate(
            [
                panel_values(f, family, c)
                for f in frames
                for family in families
                for c in panel_columns(family, f.columns)
            ]
            or [np.zeros(0)]
        )
        if unit == "years":  # the gap: lower and upper limits, on a grid fit to its range
            low, high = (float(values.min()), float(values.max())) if len(values) else (0, 0)
            pad = max(0.25, 0.1 * (high - low))
            low, high = low - pad, high + pad
            grid = _grid(high - low)
            # rounded again: a multiple of 0.1 in floating point is not quite one
            limits[panel_key(families)] = (
                round(math.floor(low / grid) * grid, 9),
                round(math.ceil(high / grid) * grid, 9),
            )
            continue
        least = {"%": 2.0, "ratio": 1.5}.get(unit, 5.0)  # an empty start still has a scale
        top = float(values.max()) if len(values) else 0.0
        if families == ("exits",):  # room above the lines for the causes' names
            top *= 2.5
        limits[panel_key(families)] = (0.0, _round_up(max(top * 1.08, least)))
    return limits


def widen(kept: dict[str, Any] | None, limits: dict[str, Any]) -> dict[str, Any]:
    """``limits`` grown to cover ``kept`` (the ranges drawn so far): while a run plays the
    axes never shrink, so that the lines do not jump."""
    if not kept:
        return limits
    grown = dict(limits)
    for key, value in limits.items():
        if key not in kept:
            continue
        if key == "span":
            grown[key] = max(value, kept[key])
        else:
            grown[key] = (min(value[0], kept[key][0]), max(value[1], kept[key][1]))
    return grown


class TimePlots:
    """Up to four panels over time, one per chosen output (:func:`panels`); by default
    participation and representation by subgroup, the SES gap in healthy life years (and in
    health), eigen regie and trust by subgroup.

    The app shows the plots with ECharts (:mod:`viz.live_plots`); this figure is the one
    downloaded (:meth:`save`), with the same panels, colours and ranges.
    """

    #: The figure's size in pixels (at 72 dpi a point is a pixel), as wide as the page shows
    #: it at 1366x768, so that its text is as large on screen as it is here: beside the map
    #: for one run, under a small map on each half of the page for two.
    SIZE_PX = {False: (500, 470), True: (450, 330)}
    #: Text sizes in pixels: 11 is about the smallest that reads comfortably on a projector.
    TITLE_PX, TEXT_PX = 12, 11
    #: Characters in a line of a panel's title, which may reach over the space between panels.
    TITLE_CHARS = {False: 38, True: 33}

    def __init__(
        self,
        model,
        lang: str,
        compact: bool = False,
        choice: tuple[str, ...] | list[str] = DEFAULT_PLOTS,
    ) -> None:
        self.model = model
        self.choice = tuple(choice)
        self.panels = panels(choice)
        width, height = self.SIZE_PX[compact]
        self.fig = Figure(figsize=(width / 72, height / 72), dpi=72)
        self.canvas = FigureCanvasAgg(self.fig)
        # A fixed layout: constrained layout would double the time of every redraw. The
        # margins are in pixels, so that both sizes leave room for the same text; the legend
        # goes above the panels, where it covers no line. Always a 2x2 grid, so that the
        # picture keeps its place on the page whatever is chosen; unused panels are hidden.
        self.titles = [panel_title(families, lang) for families in self.panels]
        titles = [
            textwrap.fill(" ".join(title.split()), self.TITLE_CHARS[compact])
            for title in self.titles
        ]
        titles += [""] * (MAX_PANELS - len(titles))
        # room above each row of panels for its longest title
        top_px, middle_px = (
            14 * max(title.count("\n") + 1 for title in row) + 6 for row in (titles[:2], titles[2:])
        )
        legend_px, ticks_px, bottom_px = 40, 18, 30
        panel_px = (height - legend_px - top_px - middle_px - ticks_px - bottom_px) / 2
        axes = self.fig.subplots(
            2,
            2,
            gridspec_kw=dict(
                left=38 / width,
                right=1 - 44 / width,
                bottom=bottom_px / height,
                top=1 - (legend_px + top_px) / height,
                wspace=0.35,
                hspace=(middle_px + ticks_px) / panel_px,
            ),
        )
        self.axes = axes
        #: key -> (line, family, column)
        self.lines: dict[str, tuple[Line2D, str, str]] = {}
        self.panel_axes = list(axes.flat[: len(self.panels)])
        names = {name: i for i, name in enumerate(model.group_names)}
        columns = history(model).columns
        legend_panel = next(
            (i for i, p in enumerate(self.panels) if p[0] not in ("hly_gap_proxy", "exits")),
            None,
        )
        secondary = []
        for i, (ax, families) in enumerate(zip(self.panel_axes, self.panels)):
            for family in families:
                for column in panel_columns(family, columns):
                    part = column[len(family) + 1 : -1]
                    label: str | None = None
                    if family == "exits":
                        colour = EXIT_COLOURS[part]
                        # wrapped: the causes' Dutch names are longer than a panel is wide
                        label = textwrap.fill(pick(outputs.EXITS[part], lang), 22)
                    elif part in names:
                        colour = group_colour(names[part])
                        # the figure's legend names the subgroups once, from one panel
                        first = i == legend_panel and family == families[0]
                        label = (
                            model.p.subgroups[names[part]].display_label(lang) if first else None
                        )
                    else:
                        colour = "purple"
                    style = "--" if family == "trust" and len(families) > 1 else "-"
                    self._line(ax, family, column, color=colour, ls=style, label=label)
            if families == ("hly_gap_proxy",):
                health_axis = ax.secondary_yaxis(
                    "right",
                    functions=(
                        lambda y: y / HLY_PER_HEALTH_UNIT,
                        lambda h: h * HLY_PER_HEALTH_UNIT,
                    ),
                )
                health_axis.tick_params(labelsize=self.TEXT_PX)
                secondary.append(health_axis.yaxis)
            if families == ("representation",):
                ax.axhline(1, color="black", lw=0.8, ls=":")  # fair representation
            if families == ("exits",):  # the causes: named in the panel, not the figure
                ax.legend(
                    fontsize=self.TEXT_PX,
                    loc="upper left",
                    frameon=False,
                    handlelength=1.0,
                    handletextpad=0.4,
                    borderaxespad=0.1,
                    labelspacing=0.15,
                )
        for ax in axes.flat[len(self.panels) :]:
            ax.set_visible(False)
        funding = model.p.funding_weeks / WEEKS_PER_YEAR
        self.funding = [ax.axvline(funding, color="grey", lw=1, ls=":") for ax in axes.flat]
        for ax, title in zip(axes.flat, titles):
            ax.set_title(title, fontsize=self.TITLE_PX, linespacing=1.05, pad=4)
            ax.grid(alpha=0.3)
            ax.tick_params(labelsize=self.TEXT_PX, pad=2)
        for ax in axes[1]:  # the panels above share these years
            ax.set_xlabel(t("years", lang), fontsize=self.TEXT_PX, labelpad=1)
        if len(self.panels) <= 2:  # one row shown: its panels need the years themselves
            for ax in axes[0]:
                ax.set_xlabel(t("years", lang), fontsize=self.TEXT_PX, labelpad=1)
        if lang == "nl":
            for axis in [*secondary, *(a for ax in axes.flat for a in (ax.xaxis, ax.yaxis))]:
                axis.set_major_formatter(DecimalComma())
        # Animated as the lines are, and drawn after them: on top.
        handles, labels = (
            self.panel_axes[legend_panel].get_legend_handles_labels()
            if legend_panel is not None
            else ([], [])
        )
        self.legend = self.fig.legend(
            handles,
            labels,
            fontsize=self.TEXT_PX,
            loc="upper center",
            ncols=2,
            frameon=False,
            borderaxespad=0.2,
            handlelength=1.3,
            handletextpad=0.5,
            columnspacing=1.0,
        )

    def _line(self, ax, family: str, column: str, **style) -> None:
        (line,) = ax.plot([], [], **style)
        self.lines[f"{family}:{column}"] = (line, family, column)

    def frame(self, df: pd.DataFrame, limits: dict | None = None) -> tuple:
        """The axes' ranges for ``df``: whole years across, and each panel's y-range (see
        :func:`plot_limits`; ``limits`` from there, for several runs on common ranges)."""
        if limits is None or any(panel_key(p) not in limits for p in self.panels):
            limits = plot_limits([df], self.choice)
        return (limits["span"], *(tuple(limits[panel_key(p)]) for p in self.panels))

    def save(
        self,
        df: pd.DataFrame,
        limits: dict | None = None,
        fmt: str = "png",
        dpi: int = 200,
        replicas: list[pd.DataFrame] | tuple = (),
    ) -> bytes:
        """The figure as a file to keep: ``fmt`` ``"png"`` (at ``dpi``, for slides) or
        ``"svg"`` (for papers).
        With ``replicas`` (the other runs of the scenario, tables as ``df``) each line is the
        median of the runs over a band from the lowest to the highest, as the app shows them."""
        frames = [df, *replicas]
        if limits is None and replicas:
            limits = plot_limits(frames, self.choice)
        self._set_ranges(self.frame(df, limits))
        self._set_data(df)
        bands = self._bands(frames) if replicas else []
        buffer = io.BytesIO()
        try:
            # tight: long titles (the Dutch ones) come out whole
            self.fig.savefig(
                buffer, format=fmt, dpi=dpi, metadata=_METADATA[fmt], bbox_inches="tight"
            )
        finally:
            for band in bands:
                band.remove()
        return buffer.getvalue()

    def _bands(self, frames: list[pd.DataFrame]) -> list[Any]:
        """Each line as the median of the runs ``frames``, over a band from their lowest to
        their highest value; the bands, to be removed after drawing."""
        from viz.live_plots import BAND_OPACITY

        years = frames[0].index.to_numpy() / WEEKS_PER_YEAR
        bands = []
        for line, family, column in self.lines.values():
            runs = np.stack([panel_values(f, family, column) for f in frames])
            line.set_data(years, np.median(runs, axis=0))
            ax: Any = line.axes  # the panel the line is in
            bands.append(
                ax.fill_between(
                    years,
                    runs.min(axis=0),
                    runs.max(axis=0),
                    color=line.get_color(),
                    alpha=BAND_OPACITY,
                    linewidth=0,
                )
            )
        return bands

    def _set_ranges(self, frame: tuple) -> None:
        span, *ranges = frame
        for ax, marker in zip(self.axes.flat, self.funding):
            ax.set_xlim(0, span)
            marker.set_visible(self.model.p.funding_weeks / WEEKS_PER_YEAR <= span)
        for ax, y_range in zip(self.panel_axes, ranges):
            ax.set_ylim(*y_range)

    def _set_data(self, df: pd.DataFrame) -> None:
        years = df.index.to_numpy() / WEEKS_PER_YEAR
        for line, family, column in self.lines.values():
            line.set_data(years, panel_values(df, family, column))


class DecimalComma(ScalarFormatter):
    """Tick labels with a decimal comma, as Dutch writes numbers."""

    def __call__(self, x: float, pos: int | None = None) -> str:
        return super().__call__(x, pos).replace(".", ",")


#: File metadata: no creation date, so that the same run gives the same file.
_METADATA: dict[str, dict[str, Any]] = {"png": {}, "svg": {"Date": None}}


def _grid(size: float) -> float:
    """A round step (a power of ten, or half of one) of a tenth to a half of ``size``."""
    unit = 10.0 ** math.floor(math.log10(size)) if size > 0 else 1.0
    return unit / 2 if size / unit < 2.5 else unit


def _round_up(value: float) -> float:
    """``value`` rounded up to a round number with at most 20% headroom."""
    if value <= 0:
        return 1.0
    step = 10.0 ** math.floor(math.log10(value)) / 5
    return math.ceil(value / step - 1e-9) * step


class Collected(dict):
    """The columns a model collected so far, each a list of values by week: what
    :func:`plot_limits` reads of a table (``index``, ``columns``, a column by name), without
    building one (a pandas table of every output costs milliseconds at every frame)."""

    @property
    def index(self) -> range:
        return range(len(next(iter(self.values()), ())))

    @property
    def columns(self) -> list[str]:
        return list(self)


def plotted_frame(model, choice: tuple[str, ...] | list[str] = DEFAULT_PLOTS) -> Collected:
    """The columns the chosen panels draw, one list of values per column, by week."""
    kept = model.datacollector.model_vars
    needed = [c for families in panels(choice) for f in families for c in panel_columns(f, kept)]
    return Collected({c: kept[c] for c in needed})


def chart_frame(
    runs: list, choice: tuple[str, ...] | list[str] = DEFAULT_PLOTS, limits: dict | None = None
) -> tuple:
    """The plots' ranges for ``runs`` (a run and its replications), as :meth:`TimePlots.frame`
    gives them: ``limits`` when given (common ranges for runs side by side), else from the
    runs' own values."""
    shown = panels(choice)
    if limits is None or any(panel_key(p) not in limits for p in shown):
        limits = plot_limits([plotted_frame(m, choice) for m in runs], choice)
    return (limits["span"], *(tuple(limits[panel_key(p)]) for p in shown))


@solara.component
def Plots(
    model,
    lang: str = "en",
    limits: dict | None = None,
    week: int = 0,
    compact: bool = False,
    choice: tuple[str, ...] = DEFAULT_PLOTS,
    replications: tuple = (),
):
    """The plots over time of the ``choice`` of outputs (see :func:`panels`), drawn in the
    browser (:mod:`viz.live_plots`); ``week`` as for :func:`NeighbourhoodMap`; ``compact``:
    the smaller layout, for two runs side by side; ``limits``: common ranges for them
    (:func:`plot_limits`); ``replications``: more runs of the same scenario, shown with the
    model as a median line and a band."""
    from viz.live_plots import LiveChart

    choice = tuple(choice)
    runs = [model, *replications]
    alt = solara.use_memo(
        lambda: plots_description(model, lang, choice), dependencies=[model, week, lang, choice]
    )
    with described("plots-image") as box:
        # the widget, not the element, holds the layout and the data: frames change them
        chart = LiveChart.element(chart_class="plots-chart")

    def bind() -> Draw:
        widget, label = solara.get_widget(chart), solara.get_widget(box)

        said = {"week": model.steps, "alt": alt}

        def draw(now: dict | None, frame: bool) -> None:
            widget.draw(runs, chart_frame(runs, choice, now), lang, compact, choice)
            if label_due(said["week"], model.steps, frame):
                said.update(week=model.steps, alt=plots_description(model, lang, choice))
            set_label(label, said["alt"])

        return draw

    use_live(model, "plots", bind, limits)


def for_solaraviz(layer: str = "subgroup", lang: str = "en"):
    """The map and the plots as components for Mesa's ``SolaraViz(model, components=...)``."""

    def MapComponent(model):
        return NeighbourhoodMap(model, layer, lang, model.steps)

    def PlotsComponent(model):
        return Plots(model, lang, None, model.steps)

    return [(MapComponent, 0), (PlotsComponent, 0)]
