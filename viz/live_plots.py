"""The plots over time as the browser draws them: ECharts, fed one frame's new weeks at a time.

The matplotlib figure (:class:`viz.components.TimePlots`) was an image redrawn on the server
and sent whole at every frame. Here the server sends the chart's layout (panels, axes,
titles, colours: an ECharts *option* without data) once, and again only when it changes (a
range grows, another output is chosen), and at each frame only the values of the weeks the
browser does not have yet; the browser appends them and ECharts redraws. The panels, colours,
ranges and titles are those of the downloadable figure, which matplotlib still draws.

ECharts comes from the ``solara-assets`` package through Solara's own file server (the path
Solara's ``FigureEcharts`` uses), so the app stays offline. Several replications of a run
show as their median line and a band from the lowest to the highest value.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass
from typing import Any

import ipyvue
import numpy as np
import traitlets

from sim import outputs
from sim.bilingual import pick
from sim.metrics import HLY_PER_HEALTH_UNIT
from sim.outputs import BY_NAME, WEEKS_PER_YEAR
from viz.palette import group_colour
from viz.text import t

#: Text sizes in pixels, as in the figure: 11 is about the smallest that reads on a projector.
TITLE_PX, TEXT_PX = 12, 11
#: The chart's size as laid out, in pixels: the page scales it to the space it has, but the
#: text keeps its size.
SIZE_PX = {False: (500, 470), True: (450, 330)}
#: Characters in a line of a panel's title.
TITLE_CHARS = {False: 38, True: 33}
#: Decimals sent: the plots cannot show more, and fewer digits make smaller frames.
DECIMALS = 4
#: How transparent the replications' bands are.
BAND_OPACITY = 0.22


@dataclass(frozen=True)
class Source:
    """Where a series' values come from: an output column of a panel's family, and what
    of the replications it shows: ``"line"`` (the one run, or the median of several),
    ``"low"`` (the lowest) or ``"width"`` (highest minus lowest, stacked on the lowest: the
    band)."""

    family: str
    column: str
    stat: str = "line"


def column_values(model, family: str, column: str) -> np.ndarray:
    """A column as plotted (see :func:`viz.components.panel_values`), read from the model's
    collected rows without building its whole table."""
    values = BY_NAME[family].scale * np.asarray(model.datacollector.model_vars[column], dtype=float)
    return np.cumsum(values) if family == "exits" else values


def series_values(models: list, source: Source, start: int, end: int) -> list[float | None]:
    """The values of one series for weeks ``start`` to ``end - 1``: over the replications
    ``models``, their median, lowest, or highest minus lowest."""
    runs = np.stack([column_values(m, source.family, source.column)[:end] for m in models])
    if source.stat == "line":
        values = runs[0] if len(models) == 1 else np.median(runs, axis=0)
    elif source.stat == "low":
        values = runs.min(axis=0)
    else:
        values = runs.max(axis=0) - runs.min(axis=0)
    shown = np.round(values[start:end], DECIMALS)
    return [None if np.isnan(v) else float(v) for v in shown]


def weeks_collected(models: list) -> int:
    """Rows collected in every replication (week 0 included)."""
    return min(len(m.datacollector.model_vars["ever_reached"]) for m in models)


def _layout_px(titles: list[str], height: int) -> dict[str, float]:
    """Where the rows of panels go, in pixels, as :class:`TimePlots` lays them out."""
    rows = (titles[:2], titles[2:])
    top_px, middle_px = (14 * max(title.count("\n") + 1 for title in row) + 6 for row in rows)
    legend_px, ticks_px, bottom_px = 40, 18, 30
    panel_px = (height - legend_px - top_px - middle_px - ticks_px - bottom_px) / 2
    first = legend_px + top_px
    second = first + panel_px + ticks_px + middle_px
    return {
        "first": first,
        "second": second,
        "panel": panel_px,
        "top": top_px,
        "middle": middle_px,
        "legend": legend_px,
    }


def nice_step(size: float, most: int = 5) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) that cuts ``size`` into at most
    ``most`` parts, as matplotlib's tick locator picks them."""
    if size <= 0:
        return 1.0
    unit = 10.0 ** math.floor(math.log10(size / most))
    return next(f * unit for f in (1, 2, 2.5, 5, 10) if size / (f * unit) <= most)


def _on_step(value: float, step: float) -> bool:
    return abs(value / step - round(value / step)) < 1e-6


def value_axis(lo: float, hi: float, **style: Any) -> dict[str, Any]:
    """A y-axis from ``lo`` to ``hi`` with round ticks; its ends are labelled only when they
    fall on a tick (else their labels would crowd the nearest tick's). ECharts counts the
    ticks of a set step from ``lo``, so the step is set only when ``lo`` is on it; else
    ECharts picks round ticks itself."""
    step = nice_step(hi - lo)
    axis = {
        "type": "value",
        "min": lo,
        "max": hi,
        **({"interval": step} if _on_step(lo, step) else {"splitNumber": 4}),
        "axisLabel": {
            "fontSize": TEXT_PX,
            "margin": 7,
            "showMinLabel": _on_step(lo, step),
            "showMaxLabel": _on_step(hi, step),
        },
        "axisTick": {"length": 4},
        "axisLine": {"show": True},
    }
    return {**axis, **style}


def _pct(px: float, size: int) -> str:
    return f"{100 * px / size:.2f}%"


@dataclass(frozen=True)
class Layout:
    """Where the panels go: their titles, and the rows in pixels (:func:`_layout_px`) of a
    chart ``height`` pixels high (across, the panels take shares of the width)."""

    titles: list[str]
    px: dict[str, float]
    height: int

    def row_top(self, i: int) -> float:
        """The top of panel ``i``'s plotting area."""
        return self.px["first"] if i < 2 else self.px["second"]


def chart_option(
    model,
    lang: str,
    compact: bool,
    choice: tuple[str, ...],
    frame: tuple,
    replications: int = 1,
) -> tuple[dict[str, Any], tuple[Source, ...]]:
    """The ECharts option (without data) for the chosen panels on the ranges ``frame``
    (:meth:`TimePlots.frame`), and the source of each of its series, in order. With
    ``replications`` > 1 each line has a band under it."""
    from viz.components import MAX_PANELS, panel_title, panels

    shown = panels(choice)
    _, height = SIZE_PX[compact]
    titles = [
        textwrap.fill(" ".join(panel_title(p, lang).split()), TITLE_CHARS[compact]) for p in shown
    ]
    titles += [""] * (MAX_PANELS - len(titles))
    layout = Layout(titles, _layout_px(titles, height), height)
    span, *ranges = frame
    option: dict[str, Any] = {
        "animation": False,
        "grid": [],
        "xAxis": [],
        "yAxis": [],
        "title": [],
        "legend": [],
        "series": [],
        "textStyle": {"fontSize": TEXT_PX, "fontFamily": "sans-serif"},
    }
    y_index = []  # each panel's first y-axis: the gap panel has a second one
    for i in range(MAX_PANELS):
        families = shown[i] if i < len(shown) else None
        y_index.append(len(option["yAxis"]))
        _panel_frame(option, layout, i, families, span, ranges[i] if families else (0, 1), lang)
    legend_panel = next(
        (i for i, p in enumerate(shown) if p[0] not in ("hly_gap_proxy", "exits")), None
    )
    sources: list[Source] = []
    for i, families in enumerate(shown):
        series, used = _panel_series(model, families, i, y_index[i], lang, replications)
        series[0]["markLine"] = _marks(families, model.p.funding_weeks / WEEKS_PER_YEAR, span, lang)
        option["series"] += series
        sources += used
        if families == ("exits",):  # the causes: named in the panel
            option["legend"].append(_causes_legend(layout, i, lang))
    names = [s["name"] for s in option["series"] if s.get("xAxisIndex") == legend_panel]
    option["legend"].insert(0, _groups_legend(list(dict.fromkeys(names))))
    return option, tuple(sources)


def _panel_frame(
    option: dict[str, Any],
    layout: Layout,
    i: int,
    families: tuple[str, ...] | None,
    span: float,
    y_range: tuple[float, float],
    lang: str,
) -> None:
    """Panel ``i``'s plotting area, title and axes, added to ``option`` (hidden when the
    panel is not used: the grid of four keeps its place on the page)."""
    row, col = divmod(i, 2)
    used = families is not None
    top, height = layout.row_top(i), layout.height
    option["grid"].append(
        {
            "left": "1%" if col == 0 else "53%",
            "right": "52%" if col == 0 else "1%",
            "top": _pct(top, height),
            "height": _pct(layout.px["panel"], height),
            "containLabel": True,
            "show": False,
        }
    )
    above = layout.px["top"] if row == 0 else layout.px["middle"]
    option["title"].append(
        {
            "text": layout.titles[i],
            "left": "25%" if col == 0 else "75%",
            "textAlign": "center",
            "top": _pct(top - above + 2, height),
            "textStyle": {"fontSize": TITLE_PX, "fontWeight": "normal", "lineHeight": 14},
        }
    )
    shown = sum(bool(title) for title in layout.titles)
    bottom_row = row == 1 or shown <= 2
    option["xAxis"].append(
        {
            "type": "value",
            "gridIndex": i,
            "min": 0,
            "max": span,
            "show": used,
            "name": t("years", lang) if bottom_row else "",
            "nameLocation": "middle",
            "nameGap": 18,
            "nameTextStyle": {"fontSize": TEXT_PX},
            "axisLabel": {"fontSize": TEXT_PX, "margin": 7},
            "axisTick": {"length": 4},  # shorter than the margin: clear of the labels
            "splitLine": {"show": True, "lineStyle": {"opacity": 0.3}},
        }
    )
    grid_lines = {"show": True, "lineStyle": {"opacity": 0.3}}
    option["yAxis"].append(value_axis(*y_range, gridIndex=i, show=used, splitLine=grid_lines))
    if families == ("hly_gap_proxy",):  # the gap in health, on the right
        health = [y / HLY_PER_HEALTH_UNIT for y in y_range]
        option["yAxis"].append(
            value_axis(*health, gridIndex=i, position="right", splitLine={"show": False})
        )


def _panel_series(
    model, families: tuple[str, ...], i: int, y_axis: int, lang: str, replications: int
) -> tuple[list[dict[str, Any]], list[Source]]:
    """Panel ``i``'s lines (and with replications, a band under each), and their sources."""
    from viz.components import EXIT_COLOURS, panel_columns

    names = {name: k for k, name in enumerate(model.group_names)}
    series: list[dict[str, Any]] = []
    sources: list[Source] = []
    for family in families:
        for column in panel_columns(family, model.datacollector.model_vars):
            part = column[len(family) + 1 : -1]
            if family == "exits":
                colour, name = EXIT_COLOURS[part], pick(outputs.EXITS[part], lang)
            elif part in names:
                colour = group_colour(names[part])
                name = model.p.subgroups[names[part]].display_label(lang)
            else:
                colour, name = "purple", BY_NAME[family].label[0]
            common = {
                "type": "line",
                "name": name,
                "xAxisIndex": i,
                "yAxisIndex": y_axis,
                "showSymbol": False,
                "animation": False,
                "silent": True,
                "color": colour,
            }
            dashed = family == "trust" and len(families) > 1
            style = {"width": 1.5, "type": "dashed" if dashed else "solid"}
            series.append({**common, "lineStyle": style})
            sources.append(Source(family, column))
            if replications > 1:  # the lowest, and stacked on it the band up to the highest
                band = {**common, "stack": f"band-{i}-{column}", "stackStrategy": "all"}
                band["lineStyle"] = {"opacity": 0}
                series.append(band)
                series.append({**band, "areaStyle": {"color": colour, "opacity": BAND_OPACITY}})
                sources += [Source(family, column, "low"), Source(family, column, "width")]
    return series, sources


def _causes_legend(layout: Layout, i: int, lang: str) -> dict[str, Any]:
    """The exits panel's own legend, the causes, inside the panel."""
    return {
        "data": [pick(outputs.EXITS[p], lang) for p in outputs.EXITS],
        "left": "8%" if i % 2 == 0 else "60%",
        "top": _pct(layout.row_top(i) + 2, layout.height),
        "orient": "vertical",
        "itemHeight": 2,
        "itemWidth": 14,
        "textStyle": {"fontSize": TEXT_PX},
        "selectedMode": False,
    }


def _groups_legend(names: list[str]) -> dict[str, Any]:
    """The chart's legend above the panels: the subgroups, once."""
    return {
        "data": names,
        "top": 2,
        "left": "center",
        "itemHeight": 2,
        "itemWidth": 18,
        "textStyle": {"fontSize": TEXT_PX},
        "selectedMode": False,
        "width": "96%",
    }


def _marks(families: tuple[str, ...], funding: float, span: float, lang: str) -> dict:
    """A panel's marker lines: where the funding stops (labelled), and for representation
    the line of fair representation."""
    data: list[dict[str, Any]] = []
    if funding <= span:
        data.append(
            {
                "xAxis": funding,
                "lineStyle": {"color": "grey", "type": "dotted", "width": 1},
                "label": {
                    "formatter": t("funding_horizon", lang),
                    "position": "insideEndTop",
                    "fontSize": 10,
                    "color": "#555",
                },
            }
        )
    if families == ("representation",):
        data.append(
            {
                "yAxis": 1,
                "lineStyle": {"color": "black", "type": "dotted", "width": 0.8},
                "label": {"show": False},
            }
        )
    return {"symbol": "none", "silent": True, "animation": False, "data": data}


class LiveChart(ipyvue.VueTemplate):
    """An ECharts chart in the page: ``option`` is its layout (synced when it changes), the
    data goes in custom messages, the new weeks only (see :meth:`show`). The browser asks
    for the whole data again (``resend``) when it starts or when it missed a message."""

    option = traitlets.Dict({}).tag(sync=True)
    decimal = traitlets.Unicode(".").tag(sync=True)
    chart_class = traitlets.Unicode("").tag(sync=True)
    template = traitlets.Unicode(
        """<template>
  <div ref="chart" :class="chart_class" data-week="-1" data-points="0"></div>
</template>
<script>
module.exports = {
  created() { this.series = []; this.chart = null; this.pending = false; },
  mounted() {
    const cdn = window.solara ? window.solara.cdn : "./_solara/cdn";
    const load = () => new Promise((resolve) => {
      if (window.requirejs) { resolve(); return; }
      const script = document.createElement("script");
      script.src = `${cdn}/requirejs@2.3.6/require.js`;
      script.onload = resolve;
      document.head.appendChild(script);
    });
    load().then(() => {
      requirejs([`${cdn}/echarts@5.4.0/dist/echarts.min.js`], (echarts) => {
        if (this._isDestroyed) return;
        this.chart = echarts.init(this.$refs.chart, null, {renderer: "canvas"});
        this.rebuild();
        this.resend();
      });
    });
    this.observer = new ResizeObserver(() => { if (this.chart) this.chart.resize(); });
    this.observer.observe(this.$refs.chart);
  },
  beforeDestroy() {
    if (this.observer) this.observer.disconnect();
    if (this.chart) this.chart.dispose();
  },
  watch: { option() { this.rebuild(); } },
  methods: {
    label(value) {
      const text = String(Math.round(value * 1e6) / 1e6);
      return this.decimal === "," ? text.replace(".", ",") : text;
    },
    withData() {
      const option = JSON.parse(JSON.stringify(this.option));
      for (const axis of [...(option.xAxis || []), ...(option.yAxis || [])]) {
        axis.axisLabel = {...(axis.axisLabel || {}), formatter: this.label};
      }
      (option.series || []).forEach((s, i) => { s.data = this.series[i] || []; });
      return option;
    },
    rebuild() {
      if (!this.chart) return;
      this.chart.setOption(this.withData(), {notMerge: true});
      this.mark();
    },
    jupyter_reset(rows) {
      this.series = rows.map((values) => values.map((y, week) => [week / 52, y]));
      this.schedule();
    },
    jupyter_append(start, rows) {
      if (!rows.length) return;
      if ((this.series[0] || []).length !== start || this.series.length !== rows.length) {
        this.resend();  // a message was missed: ask for all of it
        return;
      }
      rows.forEach((values, i) => {
        const series = this.series[i];
        values.forEach((y, j) => series.push([(start + j) / 52, y]));
      });
      this.schedule();
    },
    schedule() {
      // several messages between two paints make one redraw
      if (this.pending || !this.chart) return;
      this.pending = true;
      requestAnimationFrame(() => { this.pending = false; this.draw(); });
    },
    draw() {
      if (!this.chart) return;
      if ((this.option.series || []).length !== this.series.length) { this.rebuild(); return; }
      const start = performance.now();
      this.chart.setOption({series: this.series.map((data) => ({data}))});
      // the time ECharts took, for the frame-rate benchmark
      this.drawn = (this.drawn || 0) + performance.now() - start;
      this.$refs.chart.dataset.drawMs = this.drawn.toFixed(0);
      this.mark();
    },
    mark() {
      const points = (this.series[0] || []).length;
      this.$refs.chart.dataset.week = String(points - 1);
      this.$refs.chart.dataset.points = String(points);
      const bands = (this.option.series || []).filter((s) => s.areaStyle).length;
      this.$refs.chart.dataset.bands = String(bands);
    },
  },
};
</script>"""
    ).tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._models: list = []
        self._sources: tuple[Source, ...] = ()
        self._layout: tuple | None = None  # what the option was made for
        self._key: tuple | None = None  # what the browser holds: runs and series
        self._sent = 0  # weeks the browser holds

    def draw(
        self, models: list, frame: tuple, lang: str, compact: bool, choice: tuple[str, ...]
    ) -> None:
        """Show ``models`` (a run and its replications) on the ranges ``frame``: a new
        option when the layout changed, and the weeks the browser does not have."""
        layout = (tuple(id(m) for m in models), frame, lang, compact, choice)
        if layout != self._layout:
            option, sources = chart_option(models[0], lang, compact, choice, frame, len(models))
            self.decimal = "," if lang == "nl" else "."
            self.option = option
            self._sources, self._layout = sources, layout
        self.show(models, self._sources)

    def show(self, models: list, sources: tuple[Source, ...]) -> None:
        """Send the browser what it does not have: every week for other runs or series,
        else the weeks collected since the last call."""
        self._models, self._sources = list(models), sources
        key = (tuple(id(m) for m in models), sources)
        end = weeks_collected(models)
        if key != self._key or end < self._sent:
            rows = [series_values(models, s, 0, end) for s in sources]
            self.send({"method": "reset", "args": [rows]})
        elif end > self._sent:
            rows = [series_values(models, s, self._sent, end) for s in sources]
            self.send({"method": "append", "args": [self._sent, rows]})
        self._key, self._sent = key, end

    def vue_resend(self, _data: Any = None) -> None:
        """The browser has no data, or missed some: all of it again."""
        self._key = None
        if self._models:
            self.show(self._models, self._sources)
