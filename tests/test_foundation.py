"""The seams: one seed policy, one catalogue of outputs, designs as a registry, and layers
that the imports obey."""

from __future__ import annotations

import ast
from pathlib import Path

import pandas as pd
import pytest

from sim import batch, outputs, seeds, sweep
from sim.designs import DESIGNS, design
from sim.model import CoCreationModel
from sim.scenarios import load

ROOT = Path(__file__).resolve().parent.parent

#: The model core, the run tooling and the views; only the command line composes them.
CORE = {"parameters", "arrays", "population", "neighbourhood", "mechanisms", "dynamics", "agents",
        "model", "metrics", "outputs", "bilingual", "messages", "stats"}
TOOLING = {"scenarios", "sweep", "batch", "compare", "report", "runner", "designs", "seeds",
           "validation", "calibration", "calibration_page", "posterior"}
COMMAND_LINE = {"cli", "__main__"}


def imported(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside functions."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            if node.module in ("sim", "viz"):
                names |= {f"{node.module}.{a.name}" for a in node.names}
    return names


def layer(module: str) -> str | None:
    top, _, name = module.partition(".")
    if top == "viz":
        return "viz"
    if top != "sim":
        return None
    name = name.split(".")[0]
    if not name:
        return "package"
    for label, members in (("core", CORE), ("tooling", TOOLING), ("cli", COMMAND_LINE)):
        if name in members:
            return label
    raise AssertionError(f"sim.{name} is in no layer: add it to CORE, TOOLING or COMMAND_LINE")


FORBIDDEN = {"core": {"tooling", "viz", "cli"}, "tooling": {"viz", "cli"}, "viz": {"cli"}}


def test_every_module_belongs_to_a_layer_and_the_imports_obey_the_layers():
    broken = []
    files = sorted((ROOT / "sim").glob("*.py")) + sorted((ROOT / "viz").glob("*.py"))
    for path in files:
        if path.name == "__init__.py":
            continue
        own = layer(f"{path.parent.name}.{path.stem}")
        for target in imported(path):
            if layer(target) in FORBIDDEN.get(own, set()):
                broken.append(f"{path.parent.name}/{path.name} ({own}) imports {target}")
    assert not broken, "layer rules broken:\n" + "\n".join(broken)


def test_the_layer_check_sees_a_forbidden_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from viz.plots import compare_figure\n")
    assert "viz.plots" in imported(bad)
    assert layer("viz.plots") in FORBIDDEN["core"]


# --- seeds ---------------------------------------------------------------------------------

def test_one_function_derives_every_seed():
    assert seeds.replicate_seeds(7, 4) == [seeds.derive(7, k) for k in range(4)]
    assert seeds.run_seed("shared", 7, run_id=9, rep=2) == seeds.derive(7, 2)
    assert seeds.run_seed("per_run", 7, run_id=9, rep=2) == seeds.derive(7, 9)


def write_sweep(tmp_path, body: str, name: str = "crn") -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_text(f'name = "{name}"\ndescription = "Two copies of one scenario."\n{body}')
    return path


def test_two_identical_scenarios_in_a_shared_seed_sweep_differ_by_exactly_zero(tmp_path):
    twin = tmp_path / "twin.toml"
    text = (ROOT / "scenarios" / "outreach.toml").read_text()
    twin.write_text(text.replace('name = "outreach"', 'name = "twin"'))
    path = write_sweep(tmp_path, f'scenario = ["outreach", "{twin}"]\nreplications = 3\n'
                       'ticks = 40\nseed = 5\n[set]\nn_residents = 300\n'
                       '[outputs]\nkeep = "series"\n')
    sw = sweep.load_sweep(path)
    assert sw.seed_policy == "shared"
    _, runs = sweep.plan(sw)
    assert [r.seed for r in runs[:3]] == [r.seed for r in runs[3:]]
    batch.run_sweep(sw, tmp_path / "out", workers=1, progress=False)
    rows, _, _ = batch.load_results(tmp_path / "out")
    a = rows[rows["point"] == 0].drop(columns=["run_id", "point", "scenario", "seed"])
    b = rows[rows["point"] == 1].drop(columns=["run_id", "point", "scenario", "seed"])
    values = [c for c in a.columns if c in outputs.column_names(
        outputs.subgroup_labels(load("outreach").resolved().subgroups))]
    diff = a[values].reset_index(drop=True) - b[values].reset_index(drop=True)
    assert (diff.to_numpy() == 0).all()
    assert a["participation_rate"].iloc[-1] > 0  # something happened to compare


def test_per_run_seeds_differ_between_points_and_are_the_default_for_parameter_sweeps(tmp_path):
    path = write_sweep(tmp_path, 'replications = 2\nticks = 5\n[parameters]\n'
                       'outreach = [0.1, 0.9]\n[set]\nn_residents = 100\n', name="own")
    sw = sweep.load_sweep(path)
    assert sw.seed_policy == "per_run"
    _, runs = sweep.plan(sw)
    assert len({r.seed for r in runs}) == 4
    shared = write_sweep(tmp_path, 'replications = 2\nticks = 5\nseeds = "shared"\n'
                         '[parameters]\noutreach = [0.1, 0.9]\n[set]\nn_residents = 100\n',
                         name="shared")
    _, runs = sweep.plan(sweep.load_sweep(shared))
    assert [r.seed for r in runs] == [seeds.derive(0, 0), seeds.derive(0, 1)] * 2


# --- designs -------------------------------------------------------------------------------

def test_the_design_registry_refuses_an_unknown_method(tmp_path):
    with pytest.raises(ValueError, match="'latin' is not known; allowed: grid, lhs, sobol"):
        design("latin")
    path = write_sweep(tmp_path, '[design]\nmethod = "latin"\nsamples = 4\n[parameters]\n'
                       'outreach = [0.1, 0.9]\n', name="bad")
    with pytest.raises(sweep.SweepError, match="design.method 'latin' is not known"):
        sweep.load_sweep(path)


def test_each_sampled_design_names_its_index_columns_and_the_manifest_keeps_the_problem(
        tmp_path):
    assert DESIGNS["sobol"].index_columns == ("S1", "S1_conf", "ST", "ST_conf")
    assert DESIGNS["morris"].index_columns[0] == "mu_star"
    assert DESIGNS["grid"].index_columns == DESIGNS["lhs"].index_columns == ()
    path = write_sweep(tmp_path, 'ticks = 3\n[design]\nmethod = "lhs"\nsamples = 3\n'
                       '[parameters]\noutreach = [0.1, 0.9]\n[set]\nn_residents = 100\n',
                       name="lhs")
    batch.run_sweep(sweep.load_sweep(path), tmp_path / "o", workers=1, progress=False)
    _, _, manifest = batch.load_results(tmp_path / "o")
    assert manifest["problem"] == {"names": ["outreach"], "bounds": [[0.1, 0.9]]}
    assert manifest["seeds"] == "per_run"


# --- the catalogue -------------------------------------------------------------------------

@pytest.mark.parametrize("scenario", ["default", "gonoord-leiden", "beringen"])
def test_the_catalogue_names_exactly_the_columns_the_model_reports(scenario):
    model = CoCreationModel(rng=1, **{**load(scenario).params, "n_residents": 100})
    catalogue = outputs.column_names(outputs.subgroup_labels(model.p.subgroups))
    assert catalogue == list(dict.fromkeys(catalogue))  # each once
    assert set(catalogue) == set(model.metrics)


def test_every_view_shows_catalogued_columns_with_labels_in_both_languages():
    groups = outputs.subgroup_labels(load("default").resolved().subgroups)
    names = set(outputs.column_names(groups))
    for view in outputs.VIEWS:
        shown = outputs.shown_in(view, groups)
        assert shown, view
        for c in shown:
            assert c.name in names, (view, c.name)
            assert c.title("en") and c.title("nl") and c.unit in outputs.UNITS
    with pytest.raises(ValueError, match="unknown view"):
        outputs.shown_in("nowhere")


def test_a_sweep_checks_its_output_columns_without_building_a_model(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a model was built to check the columns")

    monkeypatch.setattr(CoCreationModel, "__init__", refuse)
    path = write_sweep(tmp_path, '[outputs]\ncolumns = ["participation_rate[newcomers]", '
                       '"hly_gap_proxy"]\n', name="cols")
    assert sweep.load_sweep(path).spec.outputs.columns
    bad = write_sweep(tmp_path, '[outputs]\ncolumns = ["participation_rate[nobody]"]\n',
                      name="badcols")
    with pytest.raises(sweep.SweepError, match="unknown column"):
        sweep.load_sweep(bad)


def test_compare_is_a_shared_seed_sweep_with_a_manifest(tmp_path):
    from sim.compare import compare_sweep, results, summary

    sw = compare_sweep(["bureaublind", "outreach"], reps=2, ticks=20, seed=3)
    assert sw.seed_policy == "shared"
    sw.bases = {k: {**v, "n_residents": 200} for k, v in sw.bases.items()}
    batch.run_sweep(sw, tmp_path / "c", workers=1, progress=False)
    finals, series = results(tmp_path / "c", [load("bureaublind"), load("outreach")])
    assert list(finals["seed"]) == seeds.replicate_seeds(3, 2) * 2
    assert set(series["tick"]) == set(range(21))
    table = summary(finals, ["bureaublind", "outreach"])
    assert list(table.index) == ["bureaublind", "outreach"]
    assert isinstance(table, pd.DataFrame) and (tmp_path / "c" / "manifest.json").is_file()
