"""The command line, run as a user would: real processes, real files."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pandas as pd


def cli(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sim", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=300)


def test_run_writes_tables_figure_and_summary(tmp_path):
    out = tmp_path / "run"
    res = cli("run", "--ticks", "30", "--seed", "3", "--out", str(out), "--quiet",
              "--set", "outreach=0.6", "--set", "n_residents=500")
    assert res.returncode == 0, res.stderr
    assert "Higher SES" in res.stdout and "representation" in res.stdout
    assert "funding horizon" not in res.stdout  # 30 weeks end before the horizon
    assert "SES gap in healthy life years (proxy)" in res.stdout
    for name in ("timeseries.csv", "timeseries.parquet", "summary.csv", "horizon.csv",
                 "participation.png", "outcomes.png", "run.json"):
        assert (out / name).stat().st_size > 0
    csv = pd.read_csv(out / "timeseries.csv", index_col="tick")
    parquet = pd.read_parquet(out / "timeseries.parquet")
    assert len(csv) == 31
    pd.testing.assert_frame_equal(csv, parquet, check_dtype=False, check_exact=False)
    run = json.loads((out / "run.json").read_text())
    assert run["seed"] == 3 and run["parameters"]["outreach"] == 0.6
    assert (out / "participation.png").read_bytes()[:4] == b"\x89PNG"


def test_same_seed_same_files(tmp_path):
    for name in ("a", "b"):
        assert cli("run", "--ticks", "20", "--set", "n_residents=300", "--quiet",
                   "--out", str(tmp_path / name)).returncode == 0
    assert ((tmp_path / "a" / "timeseries.csv").read_bytes()
            == (tmp_path / "b" / "timeseries.csv").read_bytes())


def _assert_clean_refusal(res, *words, out=None):
    assert res.returncode == 2
    assert "Traceback" not in res.stderr
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, res.stderr
    for w in words:
        assert w in lines[0]
    if out is not None:
        assert not out.exists()
        assert not list(out.parent.glob(f".{out.name}*"))


def test_bad_values_give_one_line_and_write_nothing(tmp_path):
    out = tmp_path / "never"
    _assert_clean_refusal(cli("run", "--set", "outreach=1.5", "--out", str(out)),
                          "outreach", "[0.0, 1.0]", out=out)
    _assert_clean_refusal(cli("run", "--set", "outrech=0.2", "--out", str(out)),
                          "unknown parameter", "outreach", out=out)
    _assert_clean_refusal(cli("run", "--set", "outreach", "--out", str(out)),
                          "name=value", out=out)
    _assert_clean_refusal(cli("run", "--ticks", "0", "--out", str(out)), "--ticks", out=out)


def test_bad_argument_types_are_refused_by_the_parser(tmp_path):
    res = cli("run", "--seed", "abc", "--out", str(tmp_path / "x"))
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert "--seed" in res.stderr and not (tmp_path / "x").exists()


def test_existing_output_folder_is_not_overwritten(tmp_path):
    out = tmp_path / "old"
    out.mkdir()
    (out / "keep.txt").write_text("precious")
    _assert_clean_refusal(cli("run", "--ticks", "2", "--out", str(out)), "already exists")
    assert (out / "keep.txt").read_text() == "precious"
    assert [p.name for p in out.iterdir()] == ["keep.txt"]


def test_params_lists_defaults_ranges_and_sources():
    res = cli("params")
    assert res.returncode == 0
    assert "tunnelvisie" in res.stdout and "000 L3490-3491" in res.stdout


def test_summary_shows_the_funding_horizon_and_the_end(tmp_path):
    res = cli("run", "--ticks", "60", "--quiet", "--out", str(tmp_path / "h"),
              "--set", "n_residents=400", "--set", "funding_weeks=40")
    assert res.returncode == 0, res.stderr
    assert "funding horizon (week 40)" in res.stdout and "end (week 60)" in res.stdout
    assert "stopped: nothing left to go to" in res.stdout


def test_compare_runs_scenarios_with_the_same_seeds(tmp_path):
    out = tmp_path / "cmp"
    res = cli("compare", "bureaublind", "outreach", "--reps", "2", "--ticks", "20", "--quiet",
              "--out", str(out))
    assert res.returncode == 0, res.stderr
    assert "bureaublind" in res.stdout and "outreach" in res.stdout and "±" in res.stdout
    for name in ("compare.csv", "runs.csv", "timeseries.parquet", "compare.png", "run.json"):
        assert (out / name).stat().st_size > 0
    runs = pd.read_csv(out / "runs.csv")
    assert len(runs) == 4
    seeds = runs.groupby("scenario")["seed"].apply(list)
    assert seeds["bureaublind"] == seeds["outreach"]  # the same replicate seeds
    assert json.loads((out / "run.json").read_text())["seeds"] == seeds["outreach"]


def test_compare_needs_two_known_scenarios(tmp_path):
    out = tmp_path / "cmp"
    _assert_clean_refusal(cli("compare", "outreach", "--out", str(out)), "at least two", out=out)
    _assert_clean_refusal(cli("compare", "outreach", "bureablind", "--out", str(out)),
                          "bureaublind", out=out)


def test_scenarios_list_and_show():
    res = cli("scenarios")
    assert res.returncode == 0 and "bureaublind" in res.stdout and "best-practice" in res.stdout
    res = cli("scenarios", "show", "tunnelvisie")
    assert res.returncode == 0
    assert "extends: outreach -> bureaublind" in res.stdout
    assert re.search(r"tunnelvisie\s+0\.85\s+tunnelvisie", res.stdout)
    assert re.search(r"outreach\s+0\.7\s+outreach", res.stdout)
    assert "model default" in res.stdout


def test_figures_fit_for_a_paper(tmp_path):
    """PNG at 200 dpi, SVG and PDF on request; every panel has labelled axes, no legend
    lies over a plotting area, and the funding line is labelled."""
    import xml.etree.ElementTree as ET

    from PIL import Image

    out = tmp_path / "run"
    res = cli("run", "--ticks", "60", "--out", str(out), "--quiet", "--set", "n_residents=300",
              "--set", "funding_weeks=40", "--figures", "png,svg,pdf")
    assert res.returncode == 0, res.stderr
    for name in ("participation", "outcomes"):
        dpi = Image.open(out / f"{name}.png").info["dpi"]
        assert min(dpi) >= 199.5, dpi  # PNG stores dots per metre: 200 dpi reads as 199.9
        assert ET.parse(out / f"{name}.svg").getroot().tag.endswith("svg")
        assert (out / f"{name}.pdf").read_bytes()[:5] == b"%PDF-"
    bad = cli("run", "--ticks", "5", "--out", str(tmp_path / "bad"), "--figures", "png,tiff")
    assert bad.returncode == 2 and "--figures" in bad.stderr and "svg" in bad.stderr
    assert not (tmp_path / "bad").exists()


def test_figure_layout_legends_labels_and_funding_line():
    from sim import runner
    from viz.plots import FUNDING_ENDS, outcomes_figure, participation_figure, plt

    done = runner.run({"n_residents": 300, "funding_weeks": 30}, seed=1, ticks=50)
    groups = {g.name: g.label for g in done.model.p.subgroups}
    for fig in (participation_figure(done.table, groups, 30),
                outcomes_figure(done.table, done.model.p.funding_weeks)):
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        main_axes = [ax for ax in fig.axes if ax.get_label() != "twin"]
        areas = [ax.get_window_extent(renderer) for ax in fig.axes]
        legends = [ax.get_legend() for ax in fig.axes if ax.get_legend()] + fig.legends
        assert legends
        for legend in legends:
            box = legend.get_window_extent(renderer)
            assert not any(box.overlaps(area) for area in areas), "a legend covers a panel"
        for ax in main_axes:
            assert ax.get_xlabel() or ax.get_ylabel(), ax.get_title()
            assert ax.get_ylabel(), f"no y label: {ax.get_title()}"
        plt.close(fig)
    for fig in (outcomes_figure(done.table, 30), participation_figure(done.table, groups, 30)):
        for ax in fig.axes[:6]:
            assert any(t.get_text() == FUNDING_ENDS for t in ax.texts), ax.get_title()
        plt.close(fig)
