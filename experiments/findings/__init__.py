"""Reproduced findings: one experiment per pattern group of the model brief (P1-P10).

Run ``uv run python -m experiments.findings [A|B|C|D|all ...] [--quick] [--out DIR]`` from the
project folder. For each group it

1. writes the group's sweep file (``experiments/findings/findings-<group>.toml``), runs it
   with the project's batch runner into ``results/findings-<group>/`` (resumable, every seed
   from ``numpy.random.SeedSequence``) and draws the figure that shows the patterns into
   ``docs/img/findings/<GROUP>.png``;
2. checks each pattern on those runs (the default assumptions) and in draws from the
   calibration's posterior (``posteriors/main.json``, ``docs/calibration.md``): every
   condition of the group is run in the same draws with the same seeds (one ensemble sweep
   per condition, in ``results/findings-<group>-robustness/``), each pattern's check says
   for each draw whether the pattern holds, and ``docs/img/findings/<GROUP>-robustness.csv``
   gets the share of draws in which it held and the parameter it depends on most when it
   fails.

A condition that needs a scenario as it stands rather than the group's grid (group C's
Beringen and hybrid runs, with and without the loss of the key professional) is run in a
sweep of its own, into ``results/findings-<group>-scenarios/``, with the group's root seed:
two such conditions that differ in one value are the same runs (same seeds) but for it.

The groups: A who is reached and who joins (P1-P4), B health over time (P5-P6), C dropout,
trust and continuity (P7-P8), D networks and structure (P9-P10). ``--quick`` makes the same
experiments with 300 residents, one replication and three sample points, for the tests; with
``--quick`` and no ``--out`` everything goes to ``results/findings-quick/``. What the figures
show is written up in ``docs/findings.md``.

The modules: ``patterns`` holds each pattern's criterion and margin (the replicated tests
call the same functions), ``runs`` reads a condition's runs, ``groups`` says what each group
runs, checks and quotes, ``figures`` draws it, ``pipeline`` writes and runs the sweeps and
the robustness tables, and ``__main__`` is the command.
"""
