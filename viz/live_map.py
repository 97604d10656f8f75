"""The map as the browser draws it: a canvas, fed each frame's colours of the dwellings.

The map was a PNG the server drew and encoded at every frame, and the browser decoded and
scaled (about 3 ms of a frame on each side). Here the server sends, when the week shown
changes, the colours used and each cell's colour among them (a few kilobytes) and where the
professionals and the familiar faces are; the browser paints the cells, then the
vindplaatsen, the office and the people on top, at the sizes and in the colours of
:func:`viz.components.map_image`, which draws the same picture on the server (the tests
hold the two to each other).
"""

from __future__ import annotations

import base64
from typing import Any

import ipyvue
import numpy as np
import traitlets

#: The picture of one frame: the colours used (RGB triples, at most 256), each cell's colour
#: as an index into them (row by row, a byte each, in base64), the cells of the professionals
#: and of the familiar faces.
Frame = tuple[list[list[int]], str, list[list[int]], list[list[int]]]


def cell_frame(colours: np.ndarray, pros: list, faces: list) -> Frame:
    """A frame from the (height, width, 3) colours of the cells and the marks' cells."""
    packed = (colours.reshape(-1, 3).astype(np.int64) << np.array([16, 8, 0])).sum(axis=1)
    used, index = np.unique(packed, return_inverse=True)
    if len(used) > 256:  # the layers' colours are made to fit (see viz.components.SHADES)
        raise ValueError(f"a map of {len(used)} colours: at most 256 fit a byte a cell")
    palette = ((used[:, None] >> np.array([16, 8, 0])) & 255).tolist()
    return palette, base64.b64encode(index.astype(np.uint8).tobytes()).decode(), pros, faces


class LiveMap(ipyvue.VueTemplate):
    """A canvas showing the neighbourhood: ``grid`` holds what does not change in a run
    (the grid's size, pixels per cell, the vindplaatsen with their letters, the office and
    the marks' colours), each frame comes as a custom message (:meth:`show`); the browser
    asks for the frame again (``resend``) when it starts."""

    grid = traitlets.Dict({}).tag(sync=True)
    template = traitlets.Unicode(
        """<template>
  <canvas ref="canvas" class="map-canvas" data-week="-1"
          style="width: 100%; height: auto; display: block"></canvas>
</template>
<script>
module.exports = {
  created() { this.frame = null; },
  mounted() { this.resend(); },
  watch: { grid() { this.draw(); } },
  methods: {
    jupyter_frame(week, palette, cells, pros, faces) {
      const index = Uint8Array.from(atob(cells), (c) => c.charCodeAt(0));
      this.frame = {week, palette, index, pros, faces};
      if (!this.pending) {
        this.pending = true;  // several frames between two paints make one drawing
        requestAnimationFrame(() => { this.pending = false; this.draw(); });
      }
    },
    draw() {
      const lay = this.grid, f = this.frame, canvas = this.$refs.canvas;
      if (!f || !lay.width || !canvas) return;
      const px = lay.cell_px, w = lay.width, h = lay.height;
      if (canvas.width !== w * px) { canvas.width = w * px; canvas.height = h * px; }
      const ctx = canvas.getContext("2d");
      // the cells, one pixel each, then scaled up without smoothing: blocks of px x px
      const small = this.small || (this.small = document.createElement("canvas"));
      small.width = w; small.height = h;
      const image = small.getContext("2d").createImageData(w, h);
      for (let i = 0; i < w * h; i++) {
        const [r, g, b] = f.palette[f.index[i]];
        image.data[4 * i] = r;
        image.data[4 * i + 1] = g;
        image.data[4 * i + 2] = b;
        image.data[4 * i + 3] = 255;
      }
      small.getContext("2d").putImageData(image, 0, 0);
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(small, 0, 0, w * px, h * px);
      // a cell's box as the server's picture has it: pad pixels around the cell
      const box = ([x, y], pad) => [x * px - pad, y * px - pad, (x + 1) * px - 1 + pad,
                                    (y + 1) * px - 1 + pad].map(Math.round);
      const rect = (b, fill, line) => {
        ctx.fillStyle = line; ctx.fillRect(b[0], b[1], b[2] - b[0] + 1, b[3] - b[1] + 1);
        ctx.fillStyle = fill; ctx.fillRect(b[0] + 1, b[1] + 1, b[2] - b[0] - 1, b[3] - b[1] - 1);
      };
      ctx.font = `${px}px sans-serif`; ctx.textAlign = "center"; ctx.textBaseline = "middle";
      for (const [x, y, letter] of lay.sites) {
        rect(box([x, y], px * 0.6), "white", "black");
        const b = box([x, y], 0);
        ctx.fillStyle = "black"; ctx.fillText(letter, (b[0] + b[2]) / 2, (b[1] + b[3]) / 2 + 1);
      }
      rect(box(lay.office, px * 0.6), lay.office_colour, "white");
      ctx.lineWidth = 1;
      for (const cell of f.pros) {
        const [x0, y0, x1, y1] = box(cell, px * 0.3), cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
        ctx.beginPath();
        ctx.moveTo(cx, y0); ctx.lineTo(x1, cy); ctx.lineTo(cx, y1); ctx.lineTo(x0, cy);
        ctx.closePath();
        ctx.fillStyle = lay.professional_colour; ctx.fill();
        ctx.strokeStyle = "white"; ctx.stroke();
      }
      for (const cell of f.faces) {
        const [x0, y0, x1, y1] = box(cell, px * 0.25);
        ctx.beginPath();
        ctx.ellipse((x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2, (y1 - y0) / 2, 0, 0,
                    2 * Math.PI);
        ctx.fillStyle = lay.face_colour; ctx.fill();
        ctx.strokeStyle = "black"; ctx.stroke();
      }
      canvas.dataset.week = String(f.week);
    },
  },
};
</script>"""
    ).tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._frame: tuple[int, Frame] | None = None  # the last frame sent

    def show(self, week: int, frame: Frame) -> None:
        """Send the browser the picture of ``week``, unless it has it."""
        if self._frame == (week, frame):
            return
        self._frame = (week, frame)
        self.send({"method": "frame", "args": [week, *frame]})

    def vue_resend(self, _data: Any = None) -> None:
        """The browser has no picture yet: the last one again."""
        if self._frame is not None:
            week, frame = self._frame
            self.send({"method": "frame", "args": [week, *frame]})
