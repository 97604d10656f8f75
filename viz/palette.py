"""The project's colours, for the app and the command-line figures alike, and the check that
they stay apart for readers with a red-green colour-vision deficiency.

Subgroups take the Okabe-Ito colours in order; the participation states and the two SES
groups have fixed colours of their own. :func:`min_difference` measures the smallest CIEDE2000
difference between any two colours of a palette as a reader with protanopia or deuteranopia
sees them (simulated with the matrices of Machado, Oliveira and Fernandes 2009, at full
severity, applied in linear RGB); tests/test_palette.py holds every palette to a floor. The
app's map and plots and the command-line figures (viz/plots.py) draw with these colours.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

#: The Okabe-Ito colours, in the order that keeps the first six furthest apart with normal
#: vision, protanopia and deuteranopia alike (most scenarios have three to five subgroups):
#: blue, vermillion, sky blue, bluish green, yellow, black, reddish purple, orange.
GROUP_COLOURS: tuple[str, ...] = (
    "#0072B2",
    "#D55E00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#000000",
    "#CC79A7",
    "#E69F00",
)

#: Participation states, by name (sim.population.State): pale grey for not reached, sky blue
#: for knowing of it, greens for taking part and organising, orange for those who stopped.
#: (The greens and the orange of an earlier palette looked alike with deuteranopia.)
STATE_COLOURS: dict[str, str] = {
    "UNAWARE": "#E5E5E5",
    "AWARE": "#56B4E9",
    "PARTICIPANT": "#00A087",
    "ORGANISER": "#1B5E20",
    "DROPPED_OUT": "#E69F00",
}

#: The two SES groups in the command-line figures: higher SES blue, low SES vermillion (the
#: colours of the default neighbourhood's first two subgroups).
SES_COLOURS: dict[str, str] = {"low_ses": "#D55E00", "high_ses": "#0072B2"}

#: Machado, Oliveira and Fernandes (2009), severity 1.0, for linear RGB.
CVD_MATRICES: dict[str, np.ndarray] = {
    "protanopia": np.array(
        [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ]
    ),
    "deuteranopia": np.array(
        [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ]
    ),
}


def group_colour(i: int) -> str:
    """The colour of the ``i``-th subgroup (the palette repeats beyond eight)."""
    return GROUP_COLOURS[i % len(GROUP_COLOURS)]


def _linear(hex_colour: str) -> np.ndarray:
    srgb = np.array([int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def _lab(linear_rgb: np.ndarray) -> np.ndarray:
    """CIELAB (D65 white) of a linear sRGB colour."""
    to_xyz = np.array(
        [
            [0.4124564, 0.3575761, 0.1804375],
            [0.2126729, 0.7151522, 0.0721750],
            [0.0193339, 0.1191920, 0.9503041],
        ]
    )
    xyz = to_xyz @ np.clip(linear_rgb, 0, 1) / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def seen_as(hex_colour: str, vision: str = "normal") -> np.ndarray:
    """The CIELAB colour that a reader with ``vision`` ("normal", "protanopia" or
    "deuteranopia") sees for ``hex_colour``."""
    rgb = _linear(hex_colour)
    if vision != "normal":
        rgb = CVD_MATRICES[vision] @ rgb
    return _lab(rgb)


def ciede2000(lab1: np.ndarray, lab2: np.ndarray) -> float:
    """The CIEDE2000 colour difference (Sharma, Wu and Dalal 2005)."""
    l1, a1, b1 = lab1
    l2, a2, b2 = lab2
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean**7 / (c_mean**7 + 25**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0
    dl, dc = l2 - l1, c2p - c1p
    dh = 0.0
    if c1p * c2p:
        dh = h2p - h1p
        dh = dh - 360 if dh > 180 else dh + 360 if dh < -180 else dh
    dhh = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    l_mean, cp_mean = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_mean = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_mean = (h1p + h2p) / 2
    else:
        h_mean = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(h_mean - 30))
        + 0.24 * math.cos(math.radians(2 * h_mean))
        + 0.32 * math.cos(math.radians(3 * h_mean + 6))
        - 0.20 * math.cos(math.radians(4 * h_mean - 63))
    )
    sl = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    sc = 1 + 0.045 * cp_mean
    sh = 1 + 0.015 * cp_mean * t
    rt = (
        -2
        * math.sqrt(cp_mean**7 / (cp_mean**7 + 25**7))
        * math.sin(math.radians(60 * math.exp(-(((h_mean - 275) / 25) ** 2))))
    )
    return math.sqrt(
        (dl / sl) ** 2 + (dc / sc) ** 2 + (dhh / sh) ** 2 + rt * (dc / sc) * (dhh / sh)
    )


def min_difference(colours: list[str] | tuple[str, ...], vision: str = "normal") -> float:
    """The smallest CIEDE2000 difference between two of ``colours`` as seen with ``vision``."""
    seen = [seen_as(c, vision) for c in colours]
    return min(ciede2000(a, b) for a, b in itertools.combinations(seen, 2))
