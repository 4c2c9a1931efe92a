#!/usr/bin/env python3
"""Runs a benchmark command several times and prints one JSON line with every run's times.

Usage::

    bench_repeat.py RUNS [--] COMMAND [ARGS...]

A process-level effect (which core, what the machine's neighbours do) can make every step of
one run slower, so a fast engine whose run takes a fraction of a second is measured over
several processes. The command prints JSON lines (scripts/bench's format); the last one of each
run is kept, and their "times" are concatenated (the table takes the median of all of them).
Other fields come from the first run, with the note saying how many runs there were.
"""

import json
import subprocess
import sys


def main() -> int:
    runs = int(sys.argv[1])
    command = sys.argv[2:]
    if command[:1] == ["--"]:
        command = command[1:]
    merged = None
    for _ in range(runs):
        result = subprocess.run(command, stdout=subprocess.PIPE, text=True)
        if result.returncode != 0:
            return result.returncode
        lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
        record = json.loads(lines[-1])
        if merged is None:
            merged = record
        else:
            merged["times"] += record["times"]
    merged["note"] = (merged.get("note", "") + "; " if merged.get("note") else "") + f"{runs} processes, median of all their steps"
    print(json.dumps(merged))
    return 0


if __name__ == "__main__":
    sys.exit(main())
