"""The app under a class (issue 16): play frames take turns behind clicks, the plots' ranges
hold the data and change seldom, and playing sessions share a frame budget. The whole server
is measured by ``experiments/benchmarks/classroom.py``."""

from __future__ import annotations

import contextlib
import threading
import time


from sim.model import CoCreationModel
from viz import app
from viz.components import TimePlots, history, panel_columns, plot_limits


def test_the_plot_ranges_hold_the_data_and_change_seldom():
    model = CoCreationModel(rng=42)
    plots = TimePlots(model, "en")
    frames = []
    for _ in range(156):
        model.step()
        df = history(model)
        frame = plots.frame(df)
        span, participation, representation, gap, regie_trust = frame
        assert frame == (plot_limits([df])["span"], *tuple(plot_limits([df]).values())[1:])

        def top(family: str) -> float:
            return df[panel_columns(family, df.columns)].to_numpy().max()  # the lines drawn

        assert span * 52 >= df.index[-1] and span - 1 < max(1, df.index[-1] / 52)
        assert participation[0] == 0 and participation[1] >= 100 * top("participation_rate")
        assert representation[0] == 0 and representation[1] >= top("representation")
        gaps = df["hly_gap_proxy"]
        assert gap[0] <= gaps.min() and gap[1] >= gaps.max()
        assert regie_trust == (0.0, 1.0)
        frames.append(frame)
    changes = sum(a != b for a, b in zip(frames, frames[1:]))
    assert changes < len(frames) / 4


def test_play_frames_wait_for_a_click_and_go_one_at_a_time():
    turns = app.Turns()
    inside, most, log = [0], [0], []
    lock = threading.Lock()

    def frame(i: int) -> None:
        with turns.frame():
            with lock:
                inside[0] += 1
                most[0] = max(most[0], inside[0])
            log.append(("frame", i))
            time.sleep(0.01)
            with lock:
                inside[0] -= 1

    with turns.click():
        threads = [threading.Thread(target=frame, args=(i,)) for i in range(4)]
        for thread in threads:
            thread.start()
        time.sleep(0.2)
        assert log == []  # no frame while a click is handled
        log.append(("click", 0))
    for thread in threads:
        thread.join(10)
    assert not any(thread.is_alive() for thread in threads)
    assert log[0] == ("click", 0) and len(log) == 5 and most[0] == 1


def test_playing_sessions_share_the_frame_budget():
    players = app.Players()
    rates = []
    with players.playing():
        rates.append(players.frame_rate())
        with players.playing(), players.playing(), players.playing():
            rates.append(players.frame_rate())
            with contextlib.ExitStack() as more:
                for _ in range(16):
                    more.enter_context(players.playing())
                rates.append(players.frame_rate())
    assert players.count == 0
    assert rates == [app.MAX_FRAMES_PER_SECOND, app.FRAME_BUDGET / 4, app.MIN_FRAMES_PER_SECOND]
    assert app.MIN_FRAMES_PER_SECOND < app.FRAME_BUDGET / 4 < app.MAX_FRAMES_PER_SECOND
