#!/usr/bin/env python3
"""Times whole commands for the rendering rows of scripts/bench and prints JSON lines.

Usage::

    bench_render.py --workload NAME --engine gradviz|dot --nodes N [--runs R] -- COMMAND...

Runs COMMAND --warmup times (default 1) untimed and then R times (default 5), each start to finish as a
user would (process start, parse, layout, render, file written), and prints
``{"engine": ..., "workload": ..., "nodes": N, "times": [...]}``. A failing command is
reported with "error" and its stderr's last line.
"""

import argparse
import json
import subprocess
import sys
import time


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workload", required=True)
    parser.add_argument("--engine", required=True)
    parser.add_argument("--nodes", type=int, required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs first (default 1)")
    parser.add_argument("--note", default="")
    parser.add_argument("--expect-status", type=int, default=0, help="the exit status a successful run has (default 0)")
    parser.add_argument("--output", help="a file the command writes: its size is added to the note")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    record = {"engine": args.engine, "workload": args.workload, "nodes": args.nodes, "times": [], "note": args.note}
    for run in range(args.runs + args.warmup):
        start = time.perf_counter()
        result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        elapsed = time.perf_counter() - start
        if result.returncode != args.expect_status:
            lines = result.stderr.strip().splitlines()
            record["error"] = lines[-1] if lines else f"exit status {result.returncode}"
            record["times"] = []
            break
        if run >= args.warmup:
            record["times"].append(elapsed)
    if args.output and "error" not in record:
        import os
        size = os.path.getsize(args.output)
        record["note"] = (record["note"] + "; " if record["note"] else "") + f"output {size / 1e6:.2f} MB"
    print(json.dumps(record))
    return 0


if __name__ == "__main__":
    sys.exit(main())
