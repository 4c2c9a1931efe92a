#!/usr/bin/env python3
"""`gradviz test-engine`'s speed: programs per second through the protocol, and the harness's
own share of the time beyond the engine's own work.

Usage::

    bench_engines.py --gradviz BIN --python VENV_PYTHON --go-adapter ADAPTER [--programs N] [--runs R]

Two paths, each on the same generated programs (seed 1):

- **Go adapter** (Examples/Adapters/go, built by the caller): `gradviz test-engine --command
  ADAPTER`. The engine's own work is the adapter alone answering the same programs read from a
  file (`gradviz test-engine --write-programs FILE`, then `ADAPTER < FILE > /dev/null`): its
  engine, its parsing and printing, no gradviz.
- **Python** (PyPI micrograd's `Value`, through the module: `gradviz.test_engine`'s path,
  `gradviz test-engine --stdio` with this process answering). The engine's own work is
  micrograd alone running the same programs, already parsed (making the values, backward,
  reading data and grad); the module's protocol code counts as harness.

Harness share = 1 − engine's own time / test-engine's time (the fastest of `--runs` each, the
two run in turn). Prints a Markdown table on stdout.
"""

from __future__ import annotations

import argparse
import importlib
import operator
import os
import subprocess
import sys
import tempfile
import time


def paired_fastest(alone, through, runs: int) -> tuple[float, float]:
    """The fastest times of `alone` and `through`, run in turn (a warm-up each, then `runs`
    pairs). In turn: a machine whose speed drifts over a minute slows both alike, not one of
    them. The fastest: on a shared machine other work only ever adds time (the Go adapter
    alone took 0.95 s and 1.35 s in two runs a minute apart), as `timeit` advises."""
    alone()
    through()
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for action, into in ((alone, times[0]), (through, times[1])):
            start = time.perf_counter()
            action()
            into.append(time.perf_counter() - start)
    return min(times[0]), min(times[1])


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, **kwargs)
    if result.returncode != 0:
        sys.exit(f"bench_engines.py: {' '.join(command)} exited {result.returncode}: {result.stderr.decode()[-500:]}")
    return result


def parse_script(text: str) -> list[list[tuple]]:
    """The programs of a `--write-programs` file: per program, its statements as tuples."""
    programs, current = [], None
    for line in text.splitlines():
        fields = line.split()
        if not fields or fields[0] in ("gradviz-engine", "quit"):
            continue
        if fields[0] == "program":
            current = []
        elif fields[0] == "backward":
            current.append(("backward", int(fields[1])))
        elif fields[0] == "end":
            programs.append(current)
        elif current is not None:
            op = fields[1]
            if op == "leaf":
                current.append(("leaf", float(fields[2])))
            elif op == "pow":
                exponent = float(fields[3])
                current.append(("pow", int(fields[2]), int(exponent) if exponent.is_integer() else exponent))
            else:
                current.append((op, *map(int, fields[2:])))
    return programs


def micrograd_alone(Value, programs: list[list[tuple]]) -> None:
    # C-level operator functions (the same special methods `a + b` calls): no Python frame
    # of the driver's own between a statement and micrograd's operator.
    binary = {"add": operator.add, "sub": operator.sub, "mul": operator.mul, "div": operator.truediv}
    for program in programs:
        values = []
        for statement in program:
            op = statement[0]
            if op == "leaf":
                values.append(Value(statement[1]))
            elif op == "pow":
                values.append(values[statement[1]] ** statement[2])
            elif op == "neg":
                values.append(-values[statement[1]])
            elif op == "relu":
                values.append(values[statement[1]].relu())
            elif op == "backward":
                values[statement[1]].backward()
            else:
                values.append(binary[op](values[statement[1]], values[statement[2]]))
        for value in values:
            float(value.data), float(value.grad)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--gradviz", required=True)
    parser.add_argument("--python", help="unused; run this script with the venv's python")
    parser.add_argument("--go-adapter", required=True)
    parser.add_argument("--programs", type=int, default=20000)
    parser.add_argument("--python-programs", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=7)
    options = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as work:
        # Go: through the protocol, and the adapter alone on the same programs.
        n = options.programs
        script = os.path.join(work, "go-programs.txt")
        run([options.gradviz, "test-engine", "--command", options.go_adapter, "--programs", str(n),
             "--write-programs", script])
        def adapter_alone():
            with open(script, "rb") as source:
                run([options.go_adapter], stdin=source)
        alone, total = paired_fastest(
            adapter_alone,
            lambda: run([options.gradviz, "test-engine", "--command", options.go_adapter, "--programs", str(n)]),
            options.runs)
        rows.append(("Go adapter (Examples/Adapters/go), all 12 operations", n, alone, total))

        # Python: PyPI micrograd's Value through the module, and micrograd alone.
        sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))
        os.environ["GRADVIZ"] = options.gradviz
        gradviz = importlib.import_module("gradviz")
        Value = importlib.import_module("micrograd.engine").Value
        n = options.python_programs
        script = os.path.join(work, "python-programs.txt")
        status, stderr, _ = gradviz._test_engine_run(Value, ["--programs", str(n), "--write-programs", script], 600)
        if status != 0:
            sys.exit(f"bench_engines.py: --write-programs through the module exited {status}: {stderr}")
        with open(script, encoding="utf-8") as source:
            programs = parse_script(source.read())
        assert len(programs) == n, (len(programs), n)

        def through_module():
            status, stderr, _ = gradviz._test_engine_run(Value, ["--programs", str(n)], 600)
            if status != 0:
                sys.exit(f"bench_engines.py: test-engine through the module exited {status}: {stderr}")
        alone, total = paired_fastest(lambda: micrograd_alone(Value, programs), through_module, options.runs)
        rows.append(("Python module, PyPI micrograd's Value (add sub mul div neg pow relu)", n, alone, total))

    print("| path | programs | engine alone | test-engine | programs/s | harness share |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, n, alone, total in rows:
        print(f"| {name} | {n:,} | {alone:.2f} s | {total:.2f} s | {n / total:,.0f} | {max(0.0, 1 - alone / total):.0%} |")


if __name__ == "__main__":
    main()
