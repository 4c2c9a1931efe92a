#!/usr/bin/env python3
"""Pairs benchmark JSON lines by workload and prints a Markdown table.

Usage::

    bench_table.py [--out TABLE.md] RESULTS.jsonl [MORE.jsonl ...]

Input: files of JSON lines (other lines are ignored), one line per engine and workload::

    {"engine": "gradviz" | "micrograd" | "dot", "workload": NAME, "nodes": N,
     "times": [seconds, ...], "note": "...", "peak_bytes": B, "error": "..."}

``note``, ``peak_bytes`` and ``error`` are optional. Lines with no times and no error (such
as make-moons) are skipped. When one engine has several lines for a workload, the last wins.

Pairing: each workload's ``gradviz`` line is paired with every other engine's line for it
(``micrograd`` for compute workloads, ``dot`` for render workloads), one row per pair. A
reference line named ``NAME@VARIANT`` (e.g. ``moons@gc-on``) pairs with gradviz's ``NAME``.

Columns: workload, nodes, gradviz and reference median times (µs/ms/s), ratio
(reference / gradviz), ns per node for each engine (median time / that engine's nodes),
gradviz peak memory (with bytes per node; peak RSS includes the process's fixed baseline),
notes (the engines' notes, the reference's peak memory, node-count mismatches, errors).
The table goes to stdout and, with ``--out``, to that file too.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys

BASE = "gradviz"


def read_lines(paths: list[str]) -> tuple[dict, list[str]]:
    """{workload: {engine: record}} and the workloads in first-seen order."""
    table: dict[str, dict[str, dict]] = {}
    order: list[str] = []
    for path in paths:
        with open(path) as source:
            for number, text in enumerate(source, 1):
                text = text.strip()
                if not text.startswith("{"):
                    continue
                try:
                    record = json.loads(text)
                except ValueError as error:
                    sys.stderr.write(f"bench_table.py: {path}:{number}: not JSON ({error}), skipped\n")
                    continue
                engine, workload = record.get("engine"), record.get("workload")
                if not engine or not workload:
                    sys.stderr.write(f"bench_table.py: {path}:{number}: no engine or workload, skipped\n")
                    continue
                if not record.get("times") and "error" not in record:
                    continue
                if workload not in table:
                    table[workload] = {}
                    order.append(workload)
                if engine in table[workload]:
                    sys.stderr.write(f"bench_table.py: {path}:{number}: a second {engine} line for "
                                     f"{workload}; the last one wins\n")
                table[workload][engine] = record
    return table, order


def duration(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.3g} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.3g} ms"
    return f"{seconds:.3g} s"


def number(value: float) -> str:
    """Three significant digits, thousands separated: 0.123, 12.3, 412, 1,234."""
    if value >= 1000:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def size(count: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if count < 1024 or unit == "GiB":
            return f"{count:.3g} {unit}" if unit != "B" else f"{count:.0f} B"
        count /= 1024
    return f"{count:.3g} GiB"


def median(record: dict | None) -> float | None:
    if record is None or record.get("error") or not record.get("times"):
        return None
    return statistics.median(record["times"])


def per_node(record: dict | None) -> str:
    seconds = median(record)
    nodes = record.get("nodes") if record else None
    if seconds is None or not nodes:
        return "—"
    return number(seconds / nodes * 1e9)


def memory(record: dict | None) -> str:
    if record is None or not record.get("peak_bytes"):
        return "—"
    peak = record["peak_bytes"]
    text = size(peak)
    if record.get("nodes"):
        text += f" ({number(peak / record['nodes'])} B/node)"
    return text


def time_cell(record: dict | None, engine: str, mixed: bool) -> str:
    if record is None:
        return "—"
    text = "error" if record.get("error") else duration(median(record))
    return f"{text} ({engine})" if mixed and engine != "micrograd" and text != "—" else text


def cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def rows(table: dict, order: list[str]) -> list[tuple[str, dict | None, str | None, dict | None]]:
    """(workload, gradviz record, reference engine, reference record) per row."""
    groups: dict[str, list[str]] = {}
    for workload in order:
        groups.setdefault(workload.split("@", 1)[0], []).append(workload)
    result = []
    for base_name, names in groups.items():
        base = table.get(base_name, {}).get(BASE)
        references = [(name, engine, record) for name in names
                      for engine, record in table[name].items() if engine != BASE]
        if not references:
            result.append((base_name, base, None, None))
        for name, engine, record in references:
            result.append((name, base, engine, record))
    return result


def markdown(table: dict, order: list[str]) -> str:
    pairs = rows(table, order)
    references = sorted({engine for _, _, engine, _ in pairs if engine},
                        key=lambda e: (e != "micrograd", e))
    mixed = len(references) > 1
    reference_title = " / ".join(references) or "micrograd"
    header = ["workload", "nodes", BASE, reference_title, "ratio", f"{BASE} ns/node",
              f"{reference_title} ns/node", f"{BASE} peak memory", "notes"]
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join(["---", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---"]) + "|"]
    for workload, base, engine, reference in pairs:
        notes = []
        base_nodes = base.get("nodes") if base else None
        ref_nodes = reference.get("nodes") if reference else None
        nodes = base_nodes if base_nodes else ref_nodes
        if base_nodes and ref_nodes and base_nodes != ref_nodes:
            notes.append(f"nodes differ: {engine} {ref_nodes:,}")
        for name, record in ((BASE, base), (engine, reference)):
            if record is None:
                continue
            if record.get("error"):
                notes.append(f"{name} error: {record['error']}")
            if record.get("note"):
                notes.append(f"{name}: {record['note']}")
        if reference is not None and reference.get("peak_bytes"):
            notes.append(f"{engine} peak {memory(reference)}")
        base_time, ref_time = median(base), median(reference)
        ratio = "—"
        if base_time and ref_time:
            ratio = number(ref_time / base_time) + "x"
        row = [workload, f"{nodes:,}" if nodes else "—", time_cell(base, BASE, False),
               time_cell(reference, engine or "", mixed), ratio, per_node(base),
               per_node(reference), memory(base), "; ".join(notes)]
        lines.append("| " + " | ".join(cell(text) for text in row) + " |")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="+", metavar="RESULTS.jsonl")
    parser.add_argument("--out", help="also write the table to this file")
    args = parser.parse_args()
    table, order = read_lines(args.files)
    if not order:
        sys.stderr.write("bench_table.py: no benchmark lines found\n")
        return 1
    text = markdown(table, order)
    sys.stdout.write(text)
    if args.out:
        with open(args.out, "w") as out:
            out.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
