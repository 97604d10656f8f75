"""The colours stay apart for readers with protanopia or deuteranopia, in the app and in the
command-line figures (viz/palette.py): each palette is simulated with the Machado et al.
(2009) matrices and held to a floor on the smallest CIEDE2000 difference between two of its
colours."""

from __future__ import annotations

import numpy as np
import pytest

from sim.model import CoCreationModel
from sim.population import State
from viz import components, palette
from viz.plots import outcomes_figure, participation_figure

VISIONS = ("normal", "protanopia", "deuteranopia")
#: Floors on the smallest CIEDE2000 difference. Around 10 two colours read as "about the same
#: colour" at a glance; the palette before this check had 11.9 between "taking part" and
#: "stopped" with deuteranopia.
STATE_FLOOR, GROUP_FLOOR, SES_FLOOR = 20.0, 18.0, 40.0


def test_the_colour_difference_is_ciede2000():
    """Sharma, Wu and Dalal (2005), test pairs 1, 3 and 17."""
    for lab1, lab2, expected in (
        ((50, 2.6772, -79.7751), (50, 0, -82.7485), 2.0425),
        ((50, 2.8361, -74.02), (50, 0, -82.7485), 3.4412),
        ((50, 2.5, 0), (73, 25, -18), 27.1492),
    ):
        assert palette.ciede2000(np.array(lab1), np.array(lab2)) == pytest.approx(
            expected, abs=1e-4
        )


def test_the_simulation_keeps_greys_and_merges_red_with_green():
    for vision in VISIONS:
        grey = palette.seen_as("#808080", vision)
        assert abs(grey[1]) < 0.5 and abs(grey[2]) < 0.5  # a grey stays grey
    # matplotlib's red and green (tab:red, tab:green): far apart to most, close with
    # deuteranopia; pure red and a dark green: close with protanopia
    assert palette.min_difference(["#d62728", "#2ca02c"], "normal") > 50
    assert palette.min_difference(["#d62728", "#2ca02c"], "deuteranopia") < 10
    assert palette.min_difference(["#FF0000", "#008000"], "protanopia") < 10
    # the review's measurement of the old map colours of "taking part" and "stopped"
    assert palette.min_difference(["#31a354", "#e6550d"], "deuteranopia") == pytest.approx(
        11.9, abs=0.05
    )


@pytest.mark.parametrize("vision", VISIONS)
def test_the_palettes_stay_apart_with_protanopia_and_deuteranopia(vision):
    assert palette.min_difference(list(palette.STATE_COLOURS.values()), vision) >= STATE_FLOOR
    assert palette.min_difference(palette.GROUP_COLOURS[:6], vision) >= GROUP_FLOOR
    assert palette.min_difference(list(palette.SES_COLOURS.values()), vision) >= SES_FLOOR


def test_the_old_state_palette_would_fail_the_check():
    old = ["#d4d4d4", "#9ecae1", "#31a354", "#00441b", "#e6550d"]
    assert palette.min_difference(old, "deuteranopia") < STATE_FLOOR


def test_the_app_and_the_command_line_figures_draw_with_the_palette():
    assert set(palette.STATE_COLOURS) == {s.name for s in State}
    assert [components.STATE_COLOURS[s] for s in State] == [
        palette.STATE_COLOURS[s.name] for s in State
    ]
    model = CoCreationModel(rng=1, n_residents=400)
    model.run_for(3)
    colours = components.resident_colours(model, "state")
    table = {tuple(components._rgb(palette.STATE_COLOURS[s.name])): s for s in State}
    assert {tuple(c) for c in colours} <= set(table)
    df = model.datacollector.get_model_vars_dataframe()
    groups = {name: name for name in model.group_names}
    fig = participation_figure(df, groups)
    drawn = [
        line.get_color().upper()
        for line in fig.axes[0].get_lines()
        if not line.get_label().startswith("_")
    ]
    assert drawn == [palette.group_colour(i) for i in range(len(groups))]
    fig = outcomes_figure(df, model.p.funding_weeks)
    lines = {line.get_label(): line.get_color().upper() for line in fig.axes[0].get_lines()}
    assert lines["Low SES"] == palette.SES_COLOURS["low_ses"]
    assert lines["Higher SES"] == palette.SES_COLOURS["high_ses"]
