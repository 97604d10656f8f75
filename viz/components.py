"""The app's pictures: the neighbourhood map and the plots over time.

The map is drawn as one image (a colour per dwelling, enlarged, with the places and people
marked on top) rather than as thousands of markers, so that it redraws in milliseconds. The
plots are one matplotlib figure rendered to PNG. Both components take the model as their
first argument, so that they also fit Mesa's ``SolaraViz`` (see :func:`for_solaraviz`).
"""

from __future__ import annotations

import io
import math
import textwrap
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
from sim.metrics import HLY_PER_HEALTH_UNIT
from sim.neighbourhood import VINDPLAATS_KINDS
from sim.outputs import WEEKS_PER_YEAR, shown_in
from sim.population import State
from viz import palette
from viz.palette import group_colour
from viz.text import number, t

LAYERS = ("subgroup", "state", "health", "trust", "not_reached")
CELL_PX = 9  # pixels per grid cell: 55 cells make a 495-pixel map
EMPTY = (255, 255, 255)
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
        return (matplotlib.colormaps["viridis"](values)[:, :3] * 255).astype(np.uint8)
    if layer == "not_reached":
        colours = groups[r.group].astype(float)
        reached = r.state != State.UNAWARE
        colours[reached] = 0.25 * colours[reached] + 0.75 * 255  # faded towards white
        return colours.astype(np.uint8)
    raise ValueError(f"unknown map layer {layer!r}; choose one of {', '.join(LAYERS)}")


def map_image(model, layer: str = "subgroup", cell_px: int = CELL_PX) -> Image.Image:
    """The neighbourhood as a picture: dwellings coloured by ``layer``, vindplaatsen as
    lettered squares, the office dark, professionals as blue diamonds where they worked this
    week, bekende gezichten as yellow dots."""
    lay, r = model.layout, model.residents
    grid = np.empty((lay.height, lay.width, 3), dtype=np.uint8)
    grid[:] = EMPTY
    grid[r.home[:, 1], r.home[:, 0]] = resident_colours(model, layer)
    big = np.repeat(np.repeat(grid, cell_px, axis=0), cell_px, axis=1)
    img = Image.fromarray(big)
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
    for pro in model.agents_by_type.get(Professional, ()):
        x0, y0, x1, y1 = box(pro.cell.coordinate, cell_px * 0.3)
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        draw.polygon(
            [(cx, y0), (x1, cy), (cx, y1), (x0, cy)], fill=PROFESSIONAL_COLOUR, outline="white"
        )
    for face in model.agents_by_type.get(BekendGezicht, ()):
        draw.ellipse(box(face.cell.coordinate, cell_px * 0.25), fill=FACE_COLOUR, outline="black")
    return img


def map_png(model, layer: str = "subgroup") -> bytes:
    buffer = io.BytesIO()
    map_image(model, layer).save(buffer, format="png", optimize=False, compress_level=1)
    return buffer.getvalue()


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
        stops = ", ".join(
            matplotlib.colors.to_hex(matplotlib.colormaps["viridis"](x))
            for x in np.linspace(0, 1, 6)
        )
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


def plots_description(model, lang: str) -> str:
    """What the plots show, in words, with the latest values: the text alternative of their
    image."""
    m, groups = model.metrics, subgroup_labels(model, lang)

    def by_group(family: str, scale: float, decimals: int, unit: str = "") -> str:
        return "; ".join(
            t("group_value", lang, label=g, value=number(scale * m[key], decimals, lang) + unit)
            for g, name in zip(groups, model.group_names)
            if (key := f"{family}[{name}]") in m
        )

    return t(
        "plots_alt",
        lang,
        years=number(model.steps / WEEKS_PER_YEAR, 1, lang),
        taking_part=by_group("participation_rate", 100, 1, "%"),
        representation=by_group("representation", 1, 2),
        gap=number(m["hly_gap_proxy"], 1, lang),
    )


def described(description: str, css_class: str):
    """A box whose contents (an image) screen readers take as one image named by
    ``description``; use it as a context manager around the image."""
    return solara.v.Html(
        tag="div", attributes={"role": "img", "aria-label": description}, class_=css_class
    )


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
    png = solara.use_memo(lambda: map_png(model, layer), dependencies=[model, week, layer])
    alt = solara.use_memo(
        lambda: map_description(model, layer, lang), dependencies=[model, week, layer, lang]
    )
    with solara.Column(gap="4px", classes=["neighbourhood-map"]):
        with described(alt, "map-image"):
            solara.Image(png, width="100%")
        if legend:
            MapLegend(model, layer, lang)


# --- plots -------------------------------------------------------------------------------


def history(model) -> pd.DataFrame:
    """The model's outputs so far, one row per week."""
    return model.datacollector.get_model_vars_dataframe()


def plot_limits(frames: list[pd.DataFrame]) -> dict[str, tuple[float, float]]:
    """Common y-ranges for the panels, so that two runs side by side read on one scale."""

    def span(columns: list[str], least: float, floor: float = 0.0) -> tuple[float, float]:
        values = np.concatenate([f[c].to_numpy() for f in frames for c in columns if c in f])
        top = float(values.max()) if len(values) else 0.0
        return floor, max(top * 1.08, least)

    def matching(prefix: str) -> list[str]:
        return sorted({c for f in frames for c in f.columns if c.startswith(prefix)})

    gap = np.concatenate([f["hly_gap_proxy"].to_numpy() for f in frames])
    pad = max(0.25, 0.1 * (gap.max() - gap.min()))
    return {
        "participation": span(matching("participation_rate["), 0.02),
        "representation": span(matching("representation["), 1.5),
        "gap": (float(gap.min() - pad), float(gap.max() + pad)),
    }


class TimePlots:
    """Four panels over time: participation and representation by subgroup, the SES gap in
    healthy life years (and in health), eigen regie and trust by subgroup.

    The figure is built once per model and language; each redraw only replaces the lines'
    data, because building axes and ticks is most of matplotlib's cost (Mesa #2701). Drawing
    them is most of the rest: they are drawn only when the ranges change (see :meth:`png`).
    """

    TITLES = ("plot_participation", "plot_representation", "plot_gap", "plot_regie_trust")
    #: Where each output family of the ``app`` view (:mod:`sim.outputs`) is drawn, and how.
    PANELS = {
        "participation_rate": ((0, 0), "-"),
        "representation": ((0, 1), "-"),
        "hly_gap_proxy": ((1, 0), "-"),
        "regie": ((1, 1), "-"),
        "trust": ((1, 1), "--"),
    }

    #: The figure's size in pixels (at 72 dpi a point is a pixel), as wide as the page shows
    #: it at 1366x768, so that its text is as large on screen as it is here: beside the map
    #: for one run, under a small map on each half of the page for two.
    SIZE_PX = {False: (500, 470), True: (450, 330)}
    #: Text sizes in pixels: 11 is about the smallest that reads comfortably on a projector.
    TITLE_PX, TEXT_PX = 12, 11
    #: Characters in a line of a panel's title, which may reach over the space between panels.
    TITLE_CHARS = {False: 38, True: 33}

    def __init__(self, model, lang: str, compact: bool = False) -> None:
        self.model = model
        self._frame: tuple | None = None  # the ranges drawn in the kept image
        self._background: Any = None
        self._legend: Any = None  # the legend as drawn, put over the lines
        width, height = self.SIZE_PX[compact]
        self.fig = Figure(figsize=(width / 72, height / 72), dpi=72)
        self.canvas = FigureCanvasAgg(self.fig)
        # A fixed layout: constrained layout would double the time of every redraw. The
        # margins are in pixels, so that both sizes leave room for the same text; the legend
        # goes above the panels, where it covers no line.
        titles = [
            textwrap.fill(" ".join(t(key, lang).split()), self.TITLE_CHARS[compact])
            for key in self.TITLES
        ]
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
        self.lines: dict[str, tuple[Line2D, str, float]] = {}  # key -> (line, column, scale)
        names = {name: i for i, name in enumerate(model.group_names)}
        for c in shown_in("app", outputs.subgroup_labels(model.p.subgroups)):
            family, _, part = c.name.partition("[")
            if family not in self.PANELS:  # health_gap: the gap panel's right-hand axis
                continue
            (row, col), style = self.PANELS[family]
            group = names.get(part.rstrip("]"))
            colour = "purple" if group is None else group_colour(group)
            label = (
                model.p.subgroups[group].display_label(lang)
                if family == "participation_rate" and group is not None
                else None
            )
            self._line(axes[row, col], c.name, c.scale, color=colour, ls=style, label=label)
        health_axis = axes[1, 0].secondary_yaxis(
            "right",
            functions=(lambda y: y / HLY_PER_HEALTH_UNIT, lambda h: h * HLY_PER_HEALTH_UNIT),
        )
        health_axis.tick_params(labelsize=self.TEXT_PX)
        axes[0, 1].axhline(1, color="black", lw=0.8, ls=":")
        axes[1, 1].set_ylim(0, 1)
        funding = model.p.funding_weeks / WEEKS_PER_YEAR
        self.funding = [ax.axvline(funding, color="grey", lw=1, ls=":") for ax in axes.flat]
        for ax, title in zip(axes.flat, titles):
            ax.set_title(title, fontsize=self.TITLE_PX, linespacing=1.05, pad=4)
            ax.grid(alpha=0.3)
            ax.tick_params(labelsize=self.TEXT_PX, pad=2)
        for ax in axes[1]:  # the panels above share these years
            ax.set_xlabel(t("years", lang), fontsize=self.TEXT_PX, labelpad=1)
        if lang == "nl":
            for axis in [health_axis.yaxis, *(a for ax in axes.flat for a in (ax.xaxis, ax.yaxis))]:
                axis.set_major_formatter(DecimalComma())
        # Animated as the lines are, and drawn after them: on top.
        self.legend = self.fig.legend(
            *axes[0, 0].get_legend_handles_labels(),
            fontsize=self.TEXT_PX,
            loc="upper center",
            ncols=2,
            frameon=False,
            borderaxespad=0.2,
            handlelength=1.3,
            handletextpad=0.5,
            columnspacing=1.0,
        )
        self.legend.set_animated(True)

    def _line(self, ax, column: str, scale: float, **style) -> None:
        # Animated: left out of the full draw, drawn over a copy of it (see :meth:`png`).
        (line,) = ax.plot([], [], animated=True, **style)
        self.lines[column] = (line, column, scale)

    def frame(self, df: pd.DataFrame, limits: dict | None = None) -> tuple:
        """The axes' ranges for ``df``: whole years across, and upper (and for the gap,
        lower) limits rounded outwards to a coarse grid, so that they change seldom."""
        limits = limits or plot_limits([df])
        span = max(1, math.ceil(df.index[-1] / WEEKS_PER_YEAR - 1e-9)) if len(df) else 1
        low, high = limits["gap"]
        grid = _grid(high - low)
        return (
            span,
            (0.0, _round_up(100 * limits["participation"][1])),
            (0.0, _round_up(limits["representation"][1])),
            (math.floor(low / grid) * grid, math.ceil(high / grid) * grid),
        )

    def png(self, df: pd.DataFrame, limits: dict | None = None) -> bytes:
        """The figure for the weeks in ``df``, on ``limits`` (see :func:`plot_limits`).

        Axes, ticks and titles are most of matplotlib's cost and change only when the ranges
        do (:meth:`frame`): they are drawn then and kept as an image, and each redraw puts
        only the lines on a copy of it."""
        frame = self.frame(df, limits)
        if frame != self._frame:
            self._set_ranges(frame)
            self.canvas.draw()
            self._background = self.canvas.copy_from_bbox(self.fig.bbox)
            self.fig.draw_artist(self.legend)  # drawing a legend is costly: keep it too
            self._legend = self.canvas.copy_from_bbox(self.legend.get_window_extent())
            self._frame = frame
        self.canvas.restore_region(self._background)
        self._set_data(df)
        for line, _, _ in self.lines.values():
            self.fig.draw_artist(line)
        self.canvas.restore_region(self._legend)  # over the lines
        image = Image.fromarray(np.asarray(self.canvas.buffer_rgba())[..., :3])
        buffer = io.BytesIO()
        image.save(buffer, format="png", optimize=False, compress_level=1)
        return buffer.getvalue()

    def save(
        self, df: pd.DataFrame, limits: dict | None = None, fmt: str = "png", dpi: int = 200
    ) -> bytes:
        """The same figure as :meth:`png` as a file to keep: ``fmt`` ``"png"`` (at ``dpi``,
        for slides) or ``"svg"`` (for papers), drawn in full rather than over a kept image."""
        self._set_ranges(self.frame(df, limits))
        self._set_data(df)
        animated = [line for line, _, _ in self.lines.values()] + [self.legend]
        for artist in animated:  # animated artists are left out of a full draw
            artist.set_animated(False)
        buffer = io.BytesIO()
        try:
            # tight: long titles (the Dutch ones) come out whole
            self.fig.savefig(
                buffer, format=fmt, dpi=dpi, metadata=_METADATA[fmt], bbox_inches="tight"
            )
        finally:
            for artist in animated:
                artist.set_animated(True)
            self._frame = None  # the kept image for :meth:`png` is drawn again
        return buffer.getvalue()

    def _set_ranges(self, frame: tuple) -> None:
        span, participation, representation, gap = frame
        for ax, marker in zip(self.axes.flat, self.funding):
            ax.set_xlim(0, span)
            marker.set_visible(self.model.p.funding_weeks / WEEKS_PER_YEAR <= span)
        self.axes[0, 0].set_ylim(*participation)
        self.axes[0, 1].set_ylim(*representation)
        self.axes[1, 0].set_ylim(*gap)

    def _set_data(self, df: pd.DataFrame) -> None:
        years = df.index.to_numpy() / WEEKS_PER_YEAR
        for line, column, scale in self.lines.values():
            line.set_data(years, scale * df[column].to_numpy())


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


@solara.component
def Plots(
    model, lang: str = "en", limits: dict | None = None, week: int = 0, compact: bool = False
):
    """The four plots over time; ``week`` as for :func:`NeighbourhoodMap`; ``compact``: the
    smaller figure, for two runs side by side."""
    plots = solara.use_memo(
        lambda: TimePlots(model, lang, compact), dependencies=[model, lang, compact]
    )
    png = solara.use_memo(
        lambda: plots.png(history(model), limits), dependencies=[plots, week, str(limits)]
    )
    alt = solara.use_memo(lambda: plots_description(model, lang), dependencies=[model, week, lang])
    with described(alt, "plots-image"):
        solara.Image(png, width="100%", classes=["plots"])


def for_solaraviz(layer: str = "subgroup", lang: str = "en"):
    """The map and the plots as components for Mesa's ``SolaraViz(model, components=...)``."""

    def MapComponent(model):
        return NeighbourhoodMap(model, layer, lang, model.steps)

    def PlotsComponent(model):
        return Plots(model, lang, None, model.steps)

    return [(MapComponent, 0), (PlotsComponent, 0)]
