"""Reproduced findings: one experiment per pattern group of the model brief (P1-P10).

Run ``uv run python -m experiments.findings [A|B|C|D|all ...] [--quick] [--out DIR]`` from
the project folder; the package docstring (``experiments/findings/__init__.py``) says what
each group's run writes.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace

from experiments.findings.groups import GROUPS, quick
from experiments.findings.pipeline import Paths, drawn_table, run_group


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m experiments.findings",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("groups", nargs="*", default=["all"], metavar="GROUP",
                        help="A, B, C, D or all (default: all)")
    parser.add_argument("--quick", action="store_true",
                        help="small and fast: 300 residents, 1 replication, 3 sample points")
    parser.add_argument("--out", help="folder for sweep files, results and figures (default: "
                        "experiments/findings, results, docs/img/findings)")
    parser.add_argument("--workers", type=int, default=1, help="local worker processes")
    parser.add_argument("--posterior", default="main",
                        help="the calibration's posterior the robustness draws come from "
                             "(a name in posteriors/ or a file; default main)")
    args = parser.parse_args(argv)
    keys = [k.upper() for k in args.groups]
    if "ALL" in keys:
        keys = list(GROUPS)
    unknown = [k for k in keys if k not in GROUPS]
    if unknown:
        parser.error(f"unknown group(s) {unknown}; choose from A, B, C, D or all")
    paths = Paths.of(args.out, args.quick)
    groups = [replace(quick(GROUPS[k]) if args.quick else GROUPS[k], posterior=args.posterior)
              for k in keys]
    start = time.perf_counter()
    done = [run_group(g, paths, args.workers) for g in groups]
    print("\nDrawn parameters (prior; posterior median and 90% interval; default; source):")
    print(drawn_table(groups).to_string(index=False))
    print(f"\n{len(done)} group(s) in {time.perf_counter() - start:.0f} s; figures: "
          + ", ".join(str(d["figure"]) for d in done))
    return 0


if __name__ == "__main__":
    sys.exit(main())
