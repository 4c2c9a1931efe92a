#!/usr/bin/env python3
"""Layout quality of gradviz's two layouts on ~1,000-value graphs (issue 12, part 4).

Usage::

    bench_layout.py make-programs OUTDIR
    bench_layout.py measure --program FILE --layout dot|layered --gradviz BIN [--runs 3]
                            [--graph NAME] [--out OUT.svg]
    bench_layout.py table RESULTS.jsonl [--out TABLE.md]
    bench_layout.py selftest

``make-programs`` writes three gradviz expression programs of about 1,000 values each:
``weighted-sum.gv`` (x0*w0 + ... + x249*w249 + b), ``mlp.gv`` (3 inputs, two hidden layers of
16 tanh neurons, one linear output, one statement per neuron) and ``random-dag.gv`` (each
statement combines two random earlier values with + or *, sometimes under tanh or relu;
Python's ``random`` seeded with 12). Inputs are left to gradviz, which draws them from its
--seed (default 1), so the graphs are deterministic.

``measure`` runs ``BIN expr -f FILE --max-nodes 100000 --layout L --timeout 300 --out OUT.svg``
--runs times (wall clock, median reported), then reads the SVG Graphviz wrote and prints one
JSON line::

    {"layout", "graph", "values", "seconds", "times", "width_pt", "height_pt", "svg_bytes",
     "nodes", "edges", "edge_crossings", "edges_through_nodes"}

How the SVG is read: a node is a ``<g class="node">`` group, its box the union of every
polygon, ellipse, path and text position in the group (a value node is an HTML table drawn as
several polygons). An edge is a ``<g class="edge">`` group whose ``<title>`` is ``tail->head``
(ports after ':' dropped); its line is each ``<path d="M.. C..">`` with every cubic Bézier
sampled into 8 segments (a straight one, as the layered layout writes them, into 1), plus a
segment from the path's end to the arrowhead's tip (the arrowhead polygon's point farthest
from the path's end).

Counters:

* edge crossings: pairs of edges whose lines properly cross (the crossing point strictly
  inside a segment of each; touching at a sample point, collinear overlap and pairs that share
  a tail or head node are not counted), each pair once however often the two cross. Segments
  are bucketed in a uniform grid (a long segment only into the cells along it), so only
  segments sharing a cell are compared.
* edges through nodes: (edge, node) pairs where the edge's line enters the interior of the
  node's box shrunk by 2 pt on every side, the edge's own tail and head excluded.

``table`` prints a Markdown table with the two layouts side by side per graph.
``selftest`` checks the counters on small hand-made geometry and SVG.

Standard library only.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

SVG_NS = "{http://www.w3.org/2000/svg}"
SHRINK = 2.0  # pt a node's box is shrunk by before asking whether an edge enters it
BEZIER_STEPS = 8
EPS = 1e-9


# ---------------------------------------------------------------- programs


def weighted_sum_program(terms: int = 250) -> str:
    """x0*w0 + ... + x{n-1}*w{n-1} + b: 4n + 1 values (1,001 for 250 terms)."""
    body = " + ".join(f"x{i}*w{i}" for i in range(terms))
    return f"# weighted sum of {terms} products\ny = {body} + b\n"


def mlp_program(inputs: int = 3, hidden: tuple[int, ...] = (16, 16)) -> str:
    """An MLP written neuron by neuron: h{layer}_{j} = tanh(sum_i prev_i*w{layer}_{j}_{i} + b{layer}_{j})."""
    lines = [f"# MLP {inputs}-{'-'.join(map(str, hidden))}-1, one statement per neuron"]
    previous = [f"x{i}" for i in range(inputs)]
    for layer, width in enumerate(hidden, start=1):
        current = []
        for j in range(width):
            terms = " + ".join(f"{p}*w{layer}_{j}_{i}" for i, p in enumerate(previous))
            name = f"h{layer}_{j}"
            lines.append(f"{name} = tanh({terms} + b{layer}_{j})")
            current.append(name)
        previous = current
    terms = " + ".join(f"{p}*wo_{i}" for i, p in enumerate(previous))
    lines.append(f"out = {terms} + bo")
    return "\n".join(lines) + "\n"


def random_dag_program(target: int = 1000, seed: int = 12, inputs: int = 40) -> str:
    """Each statement combines two random earlier values with + or *, sometimes under tanh/relu.

    gradviz draws only what the root (the last statement) depends on, so the last statement
    sums every value no statement used. Values are counted as they go (an input, an operation,
    a function application and each + of the final sum are one value each) up to ``target``.
    """
    rng = random.Random(seed)
    names = [f"x{i}" for i in range(inputs)]
    unused = set(names)
    values = inputs
    lines = [f"# random DAG, Python random seeded with {seed}"]
    index = 0
    while values + len(unused) - 1 < target - 1:
        a, b = rng.choice(names), rng.choice(names)
        unused.discard(a)
        unused.discard(b)
        body = f"{a} {rng.choice(['+', '*'])} {b}"
        values += 1
        roll = rng.random()
        if roll < 0.15:
            body = f"tanh({body})"
            values += 1
        elif roll < 0.25:
            body = f"relu({body})"
            values += 1
        name = f"v{index}"
        lines.append(f"{name} = {body}")
        names.append(name)
        unused.add(name)
        index += 1
    lines.append("out = " + " + ".join(name for name in names if name in unused))
    return "\n".join(lines) + "\n"


PROGRAMS = {
    "weighted-sum": weighted_sum_program,
    "mlp": mlp_program,
    "random-dag": random_dag_program,
}


def make_programs(outdir: str) -> None:
    os.makedirs(outdir, exist_ok=True)
    for name, make in PROGRAMS.items():
        path = os.path.join(outdir, f"{name}.gv")
        with open(path, "w") as f:
            f.write(make())
        print(path)


# ---------------------------------------------------------------- SVG reading


NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
PATH_TOKEN = re.compile(r"[MmCcLl]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def parse_points(text: str) -> list[tuple[float, float]]:
    numbers = [float(n) for n in NUMBER.findall(text)]
    return list(zip(numbers[0::2], numbers[1::2]))


def straight(p0, p1, p2, p3) -> bool:
    """Whether a cubic's control points lie on its chord (Graphviz's way of writing a line)."""
    dx, dy = p3[0] - p0[0], p3[1] - p0[1]
    length = math.hypot(dx, dy)
    if length < EPS:
        return all(math.hypot(p[0] - p0[0], p[1] - p0[1]) < 1e-3 for p in (p1, p2))
    for p in (p1, p2):
        if abs((p[0] - p0[0]) * dy - (p[1] - p0[1]) * dx) / length > 1e-3:
            return False
        t = ((p[0] - p0[0]) * dx + (p[1] - p0[1]) * dy) / (length * length)
        if t < -1e-6 or t > 1 + 1e-6:
            return False
    return True


def path_polyline(d: str, steps: int = BEZIER_STEPS) -> list[tuple[float, float]]:
    """The points of an SVG path of M, C (and L) commands, cubics sampled into ``steps`` segments."""
    tokens = PATH_TOKEN.findall(d)
    points: list[tuple[float, float]] = []
    command = None
    numbers: list[float] = []

    def flush() -> None:
        nonlocal numbers
        if command in ("M", "L"):
            for x, y in zip(numbers[0::2], numbers[1::2]):
                points.append((x, y))
        elif command == "C":
            coords = list(zip(numbers[0::2], numbers[1::2]))
            for k in range(0, len(coords) - 2, 3):
                p0 = points[-1] if points else coords[k]
                p1, p2, p3 = coords[k], coords[k + 1], coords[k + 2]
                if straight(p0, p1, p2, p3):
                    points.append(p3)
                    continue
                for s in range(1, steps + 1):
                    t = s / steps
                    u = 1 - t
                    a, b, c, e = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
                    points.append((a * p0[0] + b * p1[0] + c * p2[0] + e * p3[0],
                                   a * p0[1] + b * p1[1] + c * p2[1] + e * p3[1]))
        elif command is not None:
            raise ValueError(f"path command {command!r} not handled: {d[:80]}")
        numbers = []

    for token in tokens:
        if token.isalpha():
            flush()
            command = token
            if command.islower():
                raise ValueError(f"relative path command {command!r} not handled")
        else:
            numbers.append(float(token))
    flush()
    # drop repeated points (zero-length segments)
    out: list[tuple[float, float]] = []
    for p in points:
        if not out or abs(p[0] - out[-1][0]) > EPS or abs(p[1] - out[-1][1]) > EPS:
            out.append(p)
    return out


def element_points(el) -> list[tuple[float, float]]:
    tag = el.tag.replace(SVG_NS, "")
    if tag in ("polygon", "polyline"):
        return parse_points(el.get("points", ""))
    if tag == "ellipse":
        cx, cy = float(el.get("cx")), float(el.get("cy"))
        rx, ry = float(el.get("rx")), float(el.get("ry"))
        return [(cx - rx, cy - ry), (cx + rx, cy + ry)]
    if tag == "path":
        return parse_points(re.sub(r"[A-Za-z]", " ", el.get("d", "")))
    if tag == "text":
        return [(float(el.get("x")), float(el.get("y")))]
    if tag == "rect":
        x, y = float(el.get("x", 0)), float(el.get("y", 0))
        return [(x, y), (x + float(el.get("width")), y + float(el.get("height")))]
    return []


def arrow_tip(arrow, end):
    """The tip of a Graphviz arrowhead polygon: the apex of its triangle (the corner farthest
    from the middle of the other two), else the point farthest from the path's end.

    (The path may end inside the arrowhead, as the layered layout's paths do, so "farthest
    from the end" alone can pick a base corner.)
    """
    corners = []
    for p in arrow:
        if all(math.hypot(p[0] - c[0], p[1] - c[1]) > 1e-6 for c in corners):
            corners.append(p)
    if len(corners) == 3:
        def height(k):
            a, b = corners[(k + 1) % 3], corners[(k + 2) % 3]
            return math.hypot(corners[k][0] - (a[0] + b[0]) / 2, corners[k][1] - (a[1] + b[1]) / 2)
        return corners[max(range(3), key=height)]
    return max(arrow, key=lambda p: math.hypot(p[0] - end[0], p[1] - end[1]))


def split_edge_title(title: str) -> tuple[str, str]:
    for arrow in ("->", "--"):
        if arrow in title:
            tail, head = title.split(arrow, 1)
            return tail.split(":", 1)[0].strip(), head.split(":", 1)[0].strip()
    raise ValueError(f"edge title without an arrow: {title!r}")


def read_svg(source) -> dict:
    """Nodes (name -> box) and edges ([(tail, head, [polyline, ...])]) of a Graphviz SVG.

    ``source`` is a path or a string holding the SVG.
    """
    if isinstance(source, str) and source.lstrip().startswith("<"):
        root = ET.fromstring(source)
    else:
        root = ET.parse(source).getroot()
    nodes: dict[str, tuple[float, float, float, float]] = {}
    edges: list[tuple[str, str, list[list[tuple[float, float]]]]] = []
    for g in root.iter(f"{SVG_NS}g"):
        kind = g.get("class")
        if kind not in ("node", "edge"):
            continue
        title_el = g.find(f"{SVG_NS}title")
        title = title_el.text if title_el is not None and title_el.text else ""
        if kind == "node":
            points = [p for el in g.iter() for p in element_points(el)]
            if not points:
                continue
            xs = [p[0] for p in points]
            ys = [p[1] for p in points]
            nodes[title] = (min(xs), min(ys), max(xs), max(ys))
        else:
            tail, head = split_edge_title(title)
            lines = []
            paths = g.findall(f".//{SVG_NS}path")
            arrows = [parse_points(p.get("points", "")) for p in g.findall(f".//{SVG_NS}polygon")]
            for path in paths:
                line = path_polyline(path.get("d", ""))
                if len(line) >= 1 and arrows:
                    # extend to the tip of the arrowhead that sits at this end (its base is
                    # centred on the path's end, so its nearest corner is a few points away)
                    end = line[-1]
                    def distance(arrow):
                        return min(math.hypot(x - end[0], y - end[1]) for x, y in arrow)
                    arrow = min((a for a in arrows if a), key=distance, default=None)
                    if arrow is not None and distance(arrow) < 8.0:
                        tip = arrow_tip(arrow, end)
                        if math.hypot(tip[0] - end[0], tip[1] - end[1]) > EPS:
                            line.append(tip)
                if len(line) >= 2:
                    lines.append(line)
            edges.append((tail, head, lines))
    width = height = None
    for attr in ("width", "height"):
        value = root.get(attr, "")
        m = NUMBER.match(value)
        number = float(m.group()) if m else None
        if value.endswith("px") and number is not None:
            number *= 0.75  # px to pt
        if attr == "width":
            width = number
        else:
            height = number
    return {"nodes": nodes, "edges": edges, "width_pt": width, "height_pt": height}


# ---------------------------------------------------------------- geometry


def orient(ax, ay, bx, by, cx, cy) -> float:
    return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax)


def segments_cross(p1, p2, p3, p4) -> bool:
    """Whether segments p1p2 and p3p4 properly cross: each strictly splits the other.

    Touching at an end point or a collinear overlap is not a crossing.
    """
    d1 = orient(*p3, *p4, *p1)
    d2 = orient(*p3, *p4, *p2)
    d3 = orient(*p1, *p2, *p3)
    d4 = orient(*p1, *p2, *p4)
    # scale-aware tolerance: |orient| is length * distance
    l1 = math.hypot(p2[0] - p1[0], p2[1] - p1[1])
    l2 = math.hypot(p4[0] - p3[0], p4[1] - p3[1])
    t1 = 1e-7 * l2 + EPS
    t2 = 1e-7 * l1 + EPS
    return ((d1 > t1 and d2 < -t1) or (d1 < -t1 and d2 > t1)) and \
           ((d3 > t2 and d4 < -t2) or (d3 < -t2 and d4 > t2))


def segment_enters_box(p, q, box) -> bool:
    """Whether segment pq has a part of positive length inside the open box (x0, y0, x1, y1)."""
    x0, y0, x1, y1 = box
    if x1 - x0 <= EPS or y1 - y0 <= EPS:
        return False
    # Liang-Barsky clipping against the open box (a tiny margin makes the boundary outside)
    x0 += 1e-7
    y0 += 1e-7
    x1 -= 1e-7
    y1 -= 1e-7
    dx, dy = q[0] - p[0], q[1] - p[1]
    t_enter, t_leave = 0.0, 1.0
    for delta, lo, hi, start in ((dx, x0, x1, p[0]), (dy, y0, y1, p[1])):
        if abs(delta) < EPS:
            if start <= lo or start >= hi:
                return False
            continue
        ta, tb = (lo - start) / delta, (hi - start) / delta
        if ta > tb:
            ta, tb = tb, ta
        t_enter = max(t_enter, ta)
        t_leave = min(t_leave, tb)
        if t_enter >= t_leave:
            return False
    return (t_leave - t_enter) * math.hypot(dx, dy) > 1e-6


def shrink(box, by=SHRINK):
    x0, y0, x1, y1 = box
    return (x0 + by, y0 + by, x1 - by, y1 - by)


class Grid:
    """Uniform grid of square cells; a segment goes into the cells along it, a box into those it covers."""

    def __init__(self, cell: float):
        self.cell = cell
        self.cells: dict[tuple[int, int], list] = {}

    def index(self, v: float) -> int:
        return math.floor(v / self.cell)

    def add_box(self, box, item) -> None:
        x0, y0, x1, y1 = box
        for i in range(self.index(x0), self.index(x1) + 1):
            for j in range(self.index(y0), self.index(y1) + 1):
                self.cells.setdefault((i, j), []).append(item)

    def segment_cells(self, p, q) -> set:
        """The cells a segment passes through (conservatively: each piece no longer than a cell)."""
        length = math.hypot(q[0] - p[0], q[1] - p[1])
        pieces = max(1, math.ceil(length / self.cell))
        keys = set()
        for k in range(pieces):
            a = (p[0] + (q[0] - p[0]) * k / pieces, p[1] + (q[1] - p[1]) * k / pieces)
            b = (p[0] + (q[0] - p[0]) * (k + 1) / pieces, p[1] + (q[1] - p[1]) * (k + 1) / pieces)
            for i in range(self.index(min(a[0], b[0])), self.index(max(a[0], b[0])) + 1):
                for j in range(self.index(min(a[1], b[1])), self.index(max(a[1], b[1])) + 1):
                    keys.add((i, j))
        return keys

    def add_segment(self, p, q, item) -> None:
        for key in self.segment_cells(p, q):
            self.cells.setdefault(key, []).append(item)


def edge_segments(edges):
    """[(edge index, p, q)] for every segment of every edge's lines."""
    out = []
    for e, (_, _, lines) in enumerate(edges):
        for line in lines:
            for p, q in zip(line, line[1:]):
                out.append((e, p, q))
    return out


def cell_size(segments, extent_boxes=()) -> float:
    xs = [c for _, p, q in segments for c in (p[0], q[0])] + [b[0] for b in extent_boxes] + [b[2] for b in extent_boxes]
    ys = [c for _, p, q in segments for c in (p[1], q[1])] + [b[1] for b in extent_boxes] + [b[3] for b in extent_boxes]
    if not xs:
        return 1.0
    area = max(1.0, (max(xs) - min(xs)) * (max(ys) - min(ys)))
    count = max(1, len(segments) + len(extent_boxes))
    # about two items per cell on average, never smaller than a few points
    return max(8.0, math.sqrt(2 * area / count))


def count_crossings(edges) -> int:
    """Pairs of edges (not sharing a tail or head node) whose lines properly cross."""
    segments = edge_segments(edges)
    if not segments:
        return 0
    grid = Grid(cell_size(segments))
    for s, (_, p, q) in enumerate(segments):
        grid.add_segment(p, q, s)
    ends = [(tail, head) for tail, head, _ in edges]
    found: set[tuple[int, int]] = set()
    tested: set[tuple[int, int]] = set()
    for items in grid.cells.values():
        n = len(items)
        if n < 2:
            continue
        for a in range(n):
            sa = items[a]
            ea, p1, p2 = segments[sa]
            ta, ha = ends[ea]
            ax0, ax1 = (p1[0], p2[0]) if p1[0] <= p2[0] else (p2[0], p1[0])
            ay0, ay1 = (p1[1], p2[1]) if p1[1] <= p2[1] else (p2[1], p1[1])
            for b in range(a + 1, n):
                sb = items[b]
                eb, p3, p4 = segments[sb]
                if ea == eb:
                    continue
                pair = (ea, eb) if ea < eb else (eb, ea)
                if pair in found:
                    continue
                tb, hb = ends[eb]
                if ta == tb or ta == hb or ha == tb or ha == hb:
                    continue
                if max(p3[0], p4[0]) < ax0 or min(p3[0], p4[0]) > ax1 or \
                   max(p3[1], p4[1]) < ay0 or min(p3[1], p4[1]) > ay1:
                    continue
                key = (sa, sb) if sa < sb else (sb, sa)
                if key in tested:
                    continue
                tested.add(key)
                if segments_cross(p1, p2, p3, p4):
                    found.add(pair)
    return len(found)


def count_edges_through_nodes(nodes, edges) -> int:
    """(edge, node) pairs where the edge's line enters the node's box shrunk by 2 pt, own ends excluded."""
    segments = edge_segments(edges)
    if not segments or not nodes:
        return 0
    names = list(nodes)
    boxes = [shrink(nodes[name]) for name in names]
    grid = Grid(cell_size(segments, boxes))
    for k, box in enumerate(boxes):
        if box[2] > box[0] and box[3] > box[1]:
            grid.add_box(box, k)
    found: set[tuple[int, int]] = set()
    for e, p, q in segments:
        tail, head = edges[e][0], edges[e][1]
        candidates = set()
        for key in grid.segment_cells(p, q):
            candidates.update(grid.cells.get(key, ()))
        for k in candidates:
            if (e, k) in found:
                continue
            name = names[k]
            if name == tail or name == head:
                continue
            if segment_enters_box(p, q, boxes[k]):
                found.add((e, k))
    return len(found)


# ---------------------------------------------------------------- measure


def count_values(gradviz: str, program: str) -> int:
    out = subprocess.run([gradviz, "expr", "-f", program, "--format", "json", "--out", "-"],
                         check=True, capture_output=True, text=True).stdout
    return len(json.loads(out)["nodes"])


def measure(args) -> int:
    graph = args.graph or os.path.splitext(os.path.basename(args.program))[0]
    out = args.out or os.path.join(os.path.dirname(os.path.abspath(args.program)), f"{graph}-{args.layout}.svg")
    record = {"layout": args.layout, "graph": graph}
    record["values"] = count_values(args.gradviz, args.program)
    command = [args.gradviz, "expr", "-f", args.program, "--max-nodes", "100000", "--layout", args.layout,
               "--timeout", str(args.timeout), "--out", out]
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            record["error"] = f"exit {done.returncode}: {done.stderr.strip()[-300:]}"
            print(json.dumps(record))
            return 1
    record["seconds"] = round(statistics.median(times), 4)
    record["times"] = [round(t, 4) for t in times]
    svg = read_svg(out)
    record["width_pt"] = svg["width_pt"]
    record["height_pt"] = svg["height_pt"]
    record["svg_bytes"] = os.path.getsize(out)
    record["nodes"] = len(svg["nodes"])
    record["edges"] = len(svg["edges"])
    start = time.perf_counter()
    record["edge_crossings"] = count_crossings(svg["edges"])
    record["edges_through_nodes"] = count_edges_through_nodes(svg["nodes"], svg["edges"])
    record["count_seconds"] = round(time.perf_counter() - start, 2)
    print(json.dumps(record), flush=True)
    return 0


# ---------------------------------------------------------------- table


def human_bytes(n: int) -> str:
    for unit, size in (("MB", 1e6), ("kB", 1e3)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n} B"


def human_seconds(s: float) -> str:
    return f"{s * 1000:.0f} ms" if s < 1 else f"{s:.2f} s"


def table(path: str) -> str:
    records: dict[str, dict[str, dict]] = {}
    order: list[str] = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line.startswith("{"):
                continue
            r = json.loads(line)
            if r["graph"] not in records:
                records[r["graph"]] = {}
                order.append(r["graph"])
            records[r["graph"]][r["layout"]] = r
    layouts = ("dot", "layered")
    metrics = [
        ("time", lambda r: human_seconds(r["seconds"])),
        ("size (pt)", lambda r: f"{r['width_pt']:,.0f} × {r['height_pt']:,.0f}"),
        ("SVG", lambda r: human_bytes(r["svg_bytes"])),
        ("edge crossings", lambda r: f"{r['edge_crossings']:,}"),
        ("edges through nodes", lambda r: f"{r['edges_through_nodes']:,}"),
    ]
    header = ["graph", "values", "edges"]
    for name, _ in metrics:
        header += [f"{name}: dot", f"{name}: layered"]
    rows = ["| " + " | ".join(header) + " |", "|---|" + "---:|" * (len(header) - 1)]
    for graph in order:
        by = records[graph]
        any_record = next(iter(by.values()))
        cells = [graph, f"{any_record['values']:,}", f"{any_record.get('edges', 0):,}"]
        for _, show in metrics:
            for layout in layouts:
                r = by.get(layout)
                if r is None:
                    cells.append("—")
                elif "error" in r:
                    cells.append("failed")
                else:
                    cells.append(show(r))
        rows.append("| " + " | ".join(cells) + " |")
    errors = [f"- {g} ({l}): {r['error']}" for g in order for l, r in records[g].items() if "error" in r]
    return "\n".join(rows + ([""] + errors if errors else [])) + "\n"


# ---------------------------------------------------------------- self-test


SELFTEST_SVG = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<svg width="200pt" height="100pt" viewBox="0.00 0.00 200.00 100.00" xmlns="http://www.w3.org/2000/svg">
<g id="graph0" class="graph" transform="scale(1 1) rotate(0) translate(4 96)">
<g id="node1" class="node"><title>a</title>
<g id="a_node1"><a>
<polygon fill="#fff" stroke="none" points="0,-10 0,-30 40,-30 40,-10 0,-10"/>
<polygon fill="none" stroke="#000" points="0,-10 0,-30 20,-30 20,-10 0,-10"/>
<text x="5" y="-16">a</text>
</a></g></g>
<g id="node2" class="node"><title>b</title>
<ellipse cx="100" cy="-20" rx="20" ry="10"/><text x="100" y="-17">+</text></g>
<g id="node3" class="node"><title>c</title>
<polygon points="160,-10 160,-30 190,-30 190,-10 160,-10"/></g>
<g id="node4" class="node"><title>d</title>
<polygon points="0,-70 0,-90 40,-90 40,-70 0,-70"/></g>
<g id="edge1" class="edge"><title>a&#45;&gt;c</title>
<path d="M40,-20C80,-20 120,-20 154,-20"/>
<polygon points="154,-22 160,-20 154,-18 154,-22"/></g>
<g id="edge2" class="edge"><title>d&#45;&gt;b</title>
<path d="M40,-80C60,-80 80,-40 95,-35"/>
<polygon points="94,-37 100,-30 96,-33 94,-37"/></g>
</g></svg>
"""


def selftest() -> int:
    failures = []

    def check(what, got, want):
        if got != want:
            failures.append(f"{what}: got {got}, want {want}")

    X = ("x", "y", [])
    # segments
    check("crossing segments", segments_cross((0, 0), (10, 10), (0, 10), (10, 0)), True)
    check("parallel segments", segments_cross((0, 0), (10, 0), (0, 1), (10, 1)), False)
    check("collinear overlap", segments_cross((0, 0), (10, 0), (5, 0), (15, 0)), False)
    check("touching at an end", segments_cross((0, 0), (10, 0), (5, 0), (5, 5)), False)
    check("T short of the line", segments_cross((0, 0), (10, 0), (5, 0.5), (5, 5)), False)
    # edges
    def edge(t, h, *points):
        return (t, h, [list(points)])
    check("two crossing edges", count_crossings([edge("a", "b", (0, 0), (10, 10)), edge("c", "d", (0, 10), (10, 0))]), 1)
    check("two parallel edges", count_crossings([edge("a", "b", (0, 0), (10, 0)), edge("c", "d", (0, 1), (10, 1))]), 0)
    check("crossing edges sharing a head", count_crossings([edge("a", "b", (0, 0), (10, 10)), edge("c", "b", (0, 10), (10, 0))]), 0)
    check("edges touching at end points", count_crossings([edge("a", "b", (0, 0), (5, 5)), edge("c", "d", (5, 5), (10, 0))]), 0)
    check("a pair crossing twice counts once", count_crossings([
        edge("a", "b", (0, 0), (10, 10), (20, 0)), edge("c", "d", (0, 5), (20, 5))]), 1)
    check("three edges, one crossing both", count_crossings([
        edge("a", "b", (0, 0), (0, 100)), edge("c", "d", (10, 0), (10, 100)), edge("e", "f", (-5, 50), (15, 50))]), 2)
    check("a long edge crossing many short ones in far cells", count_crossings(
        [edge("L", "R", (0, 0), (10000, 0))] + [edge(f"t{i}", f"h{i}", (i * 100 + 50, -3), (i * 100 + 50, 3)) for i in range(100)]), 100)
    nodes = {"a": (0, 0, 40, 20), "box": (100, -10, 140, 10), "c": (200, 0, 240, 20)}
    check("edge through a box", count_edges_through_nodes(nodes, [edge("a", "c", (40, 5), (200, 5))]), 1)
    check("edge ending at its head's box", count_edges_through_nodes(nodes, [edge("a", "box", (40, 10), (100, 5))]), 0)
    check("edge ending inside its head's box", count_edges_through_nodes(nodes, [edge("a", "box", (40, 10), (120, 0))]), 0)
    check("edge ending at another box's border", count_edges_through_nodes(nodes, [edge("a", "c", (40, 10), (100, 5))]), 0)
    check("edge along a box's border", count_edges_through_nodes(nodes, [edge("a", "c", (40, 10), (200, 10))]), 0)
    check("edge 3 pt inside a box's border", count_edges_through_nodes(nodes, [edge("a", "c", (40, 7), (200, 7))]), 1)
    check("edge 1 pt inside a box's border (within the 2 pt margin)", count_edges_through_nodes(nodes, [edge("a", "c", (40, 9), (200, 9))]), 0)
    check("edge passing 1 pt inside a box's border", count_edges_through_nodes(nodes, [edge("a", "c", (40, -9), (240, -9))]), 0)
    check("edge going around", count_edges_through_nodes(nodes, [edge("a", "c", (40, 10), (90, 30), (150, 30), (200, 10))]), 0)
    check("edge through two boxes counts each once", count_edges_through_nodes(
        {**nodes, "box2": (150, 0, 180, 20)}, [edge("a", "c", (40, 5), (120, 5), (130, 6), (200, 5))]), 2)
    # Bézier sampling
    line = path_polyline("M0,0C0,10 10,10 10,0")
    check("curve sampled into 8 segments", len(line) - 1, 8)
    check("straight cubic kept as one segment", path_polyline("M0,0C1,1 2,2 3,3"), [(0.0, 0.0), (3.0, 3.0)])
    check("polyline cubic (repeated points)", path_polyline("M187,-113C187,-113 190.1,-113 190.1,-113 190.1,-113 214.35,-82.69 214.35,-82.69"),
          [(187.0, -113.0), (190.1, -113.0), (214.35, -82.69)])
    # SVG
    svg = read_svg(SELFTEST_SVG)
    check("node boxes", svg["nodes"], {"a": (0.0, -30.0, 40.0, -10.0), "b": (80.0, -30.0, 120.0, -10.0),
                                       "c": (160.0, -30.0, 190.0, -10.0), "d": (0.0, -90.0, 40.0, -70.0)})
    check("edge ends from the title", [(t, h) for t, h, _ in svg["edges"]], [("a", "c"), ("d", "b")])
    check("edge line extended to the arrowhead's tip", svg["edges"][0][2][0][-1], (160.0, -20.0))
    check("tip of an arrowhead the path ends inside", arrow_tip(
        parse_points("289.4,-12695.1 295.4,-12693 289.4,-12690.9 289.4,-12695.1"), (293.85, -12693.0)), (295.4, -12693.0))
    check("picture size", (svg["width_pt"], svg["height_pt"]), (200.0, 100.0))
    check("SVG: a->c passes through b", count_edges_through_nodes(svg["nodes"], svg["edges"]), 1)
    check("SVG: d->b crosses a->c? no (it ends on b above the line)", count_crossings(svg["edges"]), 0)
    # the grid against all pairs, on random edges of long and short segments sharing some nodes
    rng = random.Random(7)
    random_edges = []
    for i in range(150):
        points = [(rng.uniform(0, 1000), rng.uniform(0, 600)) for _ in range(rng.choice([1, 2, 4]) + 1)]
        random_edges.append((f"n{rng.randrange(60)}", f"n{rng.randrange(60)}", [points]))
    random_nodes = {f"n{i}": (x, y, x + rng.uniform(5, 120), y + rng.uniform(5, 30))
                    for i, (x, y) in enumerate((rng.uniform(0, 1000), rng.uniform(0, 600)) for _ in range(60))}
    brute_crossings = sum(
        1 for i, (ta, ha, la) in enumerate(random_edges) for tb, hb, lb in random_edges[i + 1:]
        if not {ta, ha} & {tb, hb} and any(
            segments_cross(p1, p2, p3, p4) for p1, p2 in zip(la[0], la[0][1:]) for p3, p4 in zip(lb[0], lb[0][1:])))
    brute_through = sum(
        1 for t, h, lines in random_edges for name, box in random_nodes.items()
        if name not in (t, h) and any(segment_enters_box(p, q, shrink(box)) for p, q in zip(lines[0], lines[0][1:])))
    check("grid = all pairs (crossings)", count_crossings(random_edges), brute_crossings)
    check("grid = all pairs (edges through nodes)", count_edges_through_nodes(random_nodes, random_edges), brute_through)
    if brute_crossings == 0 or brute_through == 0:
        failures.append("the random case has nothing to count")
    # speed: 3,000 random edges of 24 segments each, counted in seconds
    rng = random.Random(1)
    many = []
    for i in range(3000):
        x, y = rng.uniform(0, 5000), rng.uniform(0, 3000)
        pts = [(x, y)]
        for _ in range(24):
            x += rng.uniform(0, 20)
            y += rng.uniform(-10, 10)
            pts.append((x, y))
        many.append((f"t{i}", f"h{i}", [pts]))
    start = time.perf_counter()
    crossings = count_crossings(many)
    boxes = {f"n{i}": (rng.uniform(0, 5000), rng.uniform(0, 3000)) for i in range(1000)}
    through = count_edges_through_nodes({k: (x, y, x + 150, y + 22) for k, (x, y) in boxes.items()}, many)
    elapsed = time.perf_counter() - start
    print(f"selftest: 3,000 random edges: {crossings} crossings, {through} edge-node pairs, counted in {elapsed:.1f} s")
    if elapsed > 60:
        failures.append(f"counting 3,000 edges took {elapsed:.0f} s")
    for f in failures:
        print("FAIL", f)
    print(f"selftest: {'ok' if not failures else f'{len(failures)} failed'}")
    return 1 if failures else 0


# ---------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("make-programs")
    p.add_argument("outdir")
    p = sub.add_parser("measure")
    p.add_argument("--program", required=True)
    p.add_argument("--layout", required=True, choices=["dot", "layered"])
    p.add_argument("--gradviz", required=True)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--graph")
    p.add_argument("--out", help="where the SVG goes (default: next to the program, GRAPH-LAYOUT.svg)")
    p.add_argument("--timeout", type=float, default=300)
    p = sub.add_parser("table")
    p.add_argument("results")
    p.add_argument("--out")
    sub.add_parser("selftest")
    args = parser.parse_args()
    if args.command == "make-programs":
        make_programs(args.outdir)
        return 0
    if args.command == "measure":
        return measure(args)
    if args.command == "table":
        text = table(args.results)
        sys.stdout.write(text)
        if args.out:
            with open(args.out, "w") as f:
                f.write(text)
        return 0
    return selftest()


if __name__ == "__main__":
    sys.exit(main())
