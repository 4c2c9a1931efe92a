#!/usr/bin/env python3
"""micrograd's side of the gradviz benchmark: runs one workload, prints one JSON line.

Needs Python 3.11 and the PyPI package ``micrograd`` (0.1.0), e.g.::

    python3 -m venv .build/bench-venv && .build/bench-venv/bin/pip install micrograd

Usage (every workload also takes ``--runs R``: timed runs after one warm-up, default 5,
ignored by moons, which times every step; ``--gc on|off``, default off; and ``--name NAME``,
which replaces the workload name in the JSON line, e.g. ``--name moons@gc-on``, which
bench_table.py pairs with gradviz's ``moons``)::

    bench_micrograd.py make-moons --n 100 --noise 0.1 --seed 1 --model-seed 1337 \\
                                  --data moons.csv --weights weights.json
    bench_micrograd.py moons --data moons.csv --weights weights.json --steps 100 --losses losses.txt
    bench_micrograd.py chain --depth 10000
    bench_micrograd.py wide --terms 100000
    bench_micrograd.py draw-dot --program-file prog.txt --out graph.dot

Output, one line on stdout (diagnostics go to stderr)::

    {"engine": "micrograd", "workload": NAME, "nodes": N, "times": [seconds, ...], "note": "..."}

or, when the workload could not run (chain too deep), ``"error": "..."`` and ``"times": []``.

Workloads
  make-moons  a two-moons data set in pure Python (n//2 outer points (cos t, sin t), the rest
              inner points (1 - cos t, 1 - sin t - 0.5), t = linspace(0, pi), gaussian noise of
              std --noise from random.Random(--seed), then shuffled with that RNG; y = -1 outer,
              +1 inner), written as CSV "x1,x2,y" with repr floats; and the initial parameters
              of MLP(2, [16, 16, 1]) made after random.seed(--model-seed), as a JSON list in
              model.parameters() order.
  moons       micrograd's demo.ipynb training loop (hinge loss, 1e-4 L2, lr 1.0 -> 0.1) from
              the given data and initial weights; times = seconds per step (graph build,
              backward, update) for every step; --losses gets each step's loss, one repr per
              line; nodes = Value nodes in step 0's loss graph. Accuracy goes to stderr.
  chain       x = Value(1.0); y = x * 1.000001 repeated --depth times; y.backward(); the graph
              is dropped and collected. Times cover build + backward + release; nodes = 2N+1.
              micrograd's backward is recursive, so this runs in a child process (a crash is
              reported as an error) on a thread with a 512 MiB stack and a raised recursion limit.
  wide        s = sum(a_i * b_i) over --terms pairs of leaves (Python sum from 0); s.backward().
              Times cover build + backward; the graph is collected between runs, untimed.
              The sum is a chain of --terms additions, so the recursion limit is raised too.
  draw-dot    parses a gradviz expression program, evaluates it with micrograd Values (inputs,
              i.e. names read before assignment, are 0.5), runs backward and writes DOT in the
              style of micrograd's draw_dot (record nodes "{ label | data %.4f | grad %.4f }",
              an op node per result, rankdir=LR). Times cover evaluate + backward + DOT text;
              nodes = DOT nodes (value nodes + op nodes).

--gc off disables Python's automatic cyclic collector while timing. micrograd's graphs are
all cycles (every result's _backward closure refers to the result), so nothing is freed
without a collection: with --gc off the previous graph is collected between timed runs and
the note reports how long that took.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import random
import statistics
import subprocess
import sys
import threading
import time

try:
    from micrograd.engine import Value
    from micrograd.nn import MLP
except ImportError:  # pragma: no cover - reported to the user
    sys.stderr.write("bench_micrograd.py: needs the PyPI package 'micrograd' "
                     "(python3 -m venv .build/bench-venv && .build/bench-venv/bin/pip install micrograd)\n")
    sys.exit(69)


def emit(line: dict) -> None:
    line = {"engine": "micrograd", **line}
    sys.stdout.write(json.dumps(line) + "\n")
    sys.stdout.flush()


def count_nodes(root: Value) -> int:
    """Distinct Value nodes reachable from root through _prev (iterative DFS)."""
    seen = {id(root)}
    stack = [root]
    while stack:
        node = stack.pop()
        for child in node._prev:
            if id(child) not in seen:
                seen.add(id(child))
                stack.append(child)
    return len(seen)


def ms(seconds: float) -> str:
    """A duration in human units: 812 µs, 12.3 ms, 1.71 s."""
    if seconds < 1e-3:
        return f"{seconds * 1e6:.3g} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.3g} ms"
    return f"{seconds:.3g} s"


# ---------------------------------------------------------------------------------------
# make-moons


def linspace(start: float, stop: float, count: int) -> list[float]:
    if count <= 0:
        return []
    if count == 1:
        return [start]
    step = (stop - start) / (count - 1)
    return [start + i * step for i in range(count - 1)] + [stop]


def make_moons(n: int, noise: float, seed: int) -> tuple[list[list[float]], list[float]]:
    rng = random.Random(seed)
    n_out = n // 2
    n_in = n - n_out
    points = [[math.cos(t), math.sin(t)] for t in linspace(0.0, math.pi, n_out)]
    points += [[1.0 - math.cos(t), 1.0 - math.sin(t) - 0.5] for t in linspace(0.0, math.pi, n_in)]
    labels = [-1.0] * n_out + [1.0] * n_in
    if noise:
        for point in points:
            point[0] += rng.gauss(0.0, noise)
            point[1] += rng.gauss(0.0, noise)
    order = list(range(n))
    rng.shuffle(order)
    return [points[i] for i in order], [labels[i] for i in order]


def run_make_moons(args) -> dict:
    X, y = make_moons(args.n, args.noise, args.seed)
    with open(args.data, "w") as out:
        for (x1, x2), label in zip(X, y):
            out.write(f"{x1!r},{x2!r},{int(label)}\n")
    random.seed(args.model_seed)
    model = MLP(2, [16, 16, 1])
    weights = [float(p.data) for p in model.parameters()]
    with open(args.weights, "w") as out:
        out.write(json.dumps(weights) + "\n")
    return {"nodes": 0, "times": [],
            "note": f"{len(y)} points -> {args.data}, {len(weights)} parameters -> {args.weights}"}


# ---------------------------------------------------------------------------------------
# moons (demo.ipynb)


def read_moons(path: str) -> tuple[list[list[float]], list[float]]:
    X, y = [], []
    with open(path) as data:
        for number, line in enumerate(data, 1):
            line = line.strip()
            if not line:
                continue
            fields = line.split(",")
            if len(fields) != 3:
                raise SystemExit(f"{path}:{number}: expected x1,x2,y")
            X.append([float(fields[0]), float(fields[1])])
            y.append(float(fields[2]))
    return X, y


def run_moons(args) -> dict:
    X, y = read_moons(args.data)
    model = MLP(2, [16, 16, 1])
    params = model.parameters()
    with open(args.weights) as source:
        weights = json.load(source)
    if len(weights) != len(params):
        raise SystemExit(f"{args.weights}: {len(weights)} numbers, the model has {len(params)} parameters")
    for p, w in zip(params, weights):
        p.data = float(w)

    def loss():
        # exactly demo.ipynb's loss(), full batch
        inputs = [list(map(Value, xrow)) for xrow in X]
        scores = list(map(model, inputs))
        losses = [(1 + -yi * scorei).relu() for yi, scorei in zip(y, scores)]
        data_loss = sum(losses) * (1.0 / len(losses))
        alpha = 1e-4
        reg_loss = alpha * sum((p * p for p in model.parameters()))
        total_loss = data_loss + reg_loss
        accuracy = [(yi > 0) == (scorei.data > 0) for yi, scorei in zip(y, scores)]
        return total_loss, sum(accuracy) / len(accuracy)

    times, losses, collects = [], [], []
    nodes = 0
    accuracy = 0.0
    automatic = args.gc == "on"
    gc.collect()
    if not automatic:
        gc.disable()
    try:
        for k in range(args.steps):
            start = time.perf_counter()
            total_loss, accuracy = loss()
            model.zero_grad()
            total_loss.backward()
            learning_rate = 1.0 - 0.9 * k / 100
            for p in model.parameters():
                p.data -= learning_rate * p.grad
            times.append(time.perf_counter() - start)
            losses.append(total_loss.data)
            if k == 0:
                nodes = count_nodes(total_loss)
            if args.verbose:
                sys.stderr.write(f"step {k} loss {total_loss.data}, accuracy {accuracy * 100}%\n")
            del total_loss
            if not automatic and args.collect == "between":
                start = time.perf_counter()
                gc.collect()
                collects.append(time.perf_counter() - start)
    finally:
        gc.enable()
    if args.losses:
        with open(args.losses, "w") as out:
            out.writelines(f"{value!r}\n" for value in losses)
    sys.stderr.write(f"moons: {len(params)} parameters, {nodes} nodes, loss {losses[0]!r} -> "
                     f"{losses[-1]!r}, accuracy {accuracy * 100:.0f}%\n")
    note = f"gc {args.gc}" + ("; never collected" if args.gc == "off" and args.collect == "never" else "") + f"; final loss {losses[-1]!r}, accuracy {accuracy * 100:.0f}%"
    if collects:
        note += f"; untimed gc.collect between steps, median {ms(statistics.median(collects))}"
    return {"nodes": nodes, "times": times, "note": note}


def run_export_moons(args) -> dict:
    """The demo's full-batch loss graph at step 0, built and backpropagated by micrograd
    (timed, --runs times), then written as a plain dump of `_prev` (JSON) and as draw_dot
    DOT (record labels, %.4f), each with one gradient planted wrong (--plant-node)."""
    X, y = read_moons(args.data)
    model = MLP(2, [16, 16, 1])
    with open(args.weights) as source:
        for p, w in zip(model.parameters(), json.load(source)):
            p.data = float(w)

    def build():
        inputs = [list(map(Value, xrow)) for xrow in X]
        scores = list(map(model, inputs))
        losses = [(1 + -yi * scorei).relu() for yi, scorei in zip(y, scores)]
        data_loss = sum(losses) * (1.0 / len(losses))
        reg_loss = 1e-4 * sum((p * p for p in model.parameters()))
        total = data_loss + reg_loss
        model.zero_grad()
        total.backward()
        return total

    times = []
    gc.disable()
    try:
        for _ in range(args.runs):
            gc.collect()
            start = time.perf_counter()
            total = build()
            times.append(time.perf_counter() - start)
    finally:
        gc.enable()
    # One walk, operands first, no recursion (python/gradviz.py's).
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))
    import gradviz
    order, _ = gradviz.walk(total)
    ids = {id(v): i for i, v in enumerate(order)}
    planted = order[args.plant_node] if args.plant_node is not None else None
    def grad(value):
        return value.grad * 2 + 1 if value is planted else value.grad
    with open(args.json, "w") as out:
        nodes = [{"id": ids[id(v)], "op": v._op or None, "_prev": [ids[id(c)] for c in v._prev],
                  "data": v.data, "grad": grad(v)} for v in order]
        json.dump({"root": ids[id(total)], "nodes": nodes}, out)
    with open(args.dot, "w") as out:
        out.write("digraph {\n\tgraph [rankdir=LR]\n")
        for v in order:
            out.write(f'\t{id(v)} [label="{{ data {v.data:.4f} | grad {grad(v):.4f} }}" shape=record]\n')
            if v._op:
                out.write(f'\t"{id(v)}{v._op}" [label="{v._op}"]\n\t"{id(v)}{v._op}" -> {id(v)}\n')
        for v in order:
            for child in v._prev:
                out.write(f'\t{id(child)} -> "{id(v)}{v._op}"\n')
        out.write("}\n")
    note = f"micrograd builds and backpropagates the loss graph; {len(order)} nodes"
    if planted is not None:
        note += f"; planted grad on node {ids[id(planted)]} ({planted._op or 'leaf'})"
    return {"nodes": len(order), "times": times, "note": note}


# ---------------------------------------------------------------------------------------
# chain and wide


def timed_runs(runs: int, gc_mode: str, body) -> tuple[list[float], list[float]]:
    """One warm-up then `runs` timed calls of body(); returns (times, untimed collect times)."""
    automatic = gc_mode == "on"
    times, collects = [], []
    gc.collect()
    if not automatic:
        gc.disable()
    try:
        for run in range(runs + 1):
            start = time.perf_counter()
            body()
            elapsed = time.perf_counter() - start
            start = time.perf_counter()
            gc.collect()
            collected = time.perf_counter() - start
            if run > 0:
                times.append(elapsed)
                collects.append(collected)
    finally:
        gc.enable()
    return times, collects


def chain_body(depth: int, result: dict):
    def body():
        x = Value(1.0)
        y = x
        for _ in range(depth):
            y = y * 1.000001
        y.backward()
        result["grad"] = x.grad
        del x, y
        gc.collect()  # the graph is cyclic: releasing it takes a collection
    return body


def run_chain_here(args) -> dict:
    """The chain workload in this process (the child)."""
    depth = args.depth
    sys.setrecursionlimit(max(10_000, 2 * depth + 10_000))
    threading.stack_size(args.stack_mib * 1024 * 1024)
    result: dict = {}
    outcome: dict = {}

    def work():
        try:
            times, _ = timed_runs(args.runs, args.gc, chain_body(depth, result))
            outcome["times"] = times
        except RecursionError as error:
            outcome["error"] = f"RecursionError at depth {depth}: {error}"
        except MemoryError:
            outcome["error"] = f"MemoryError at depth {depth}"

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    line = {"nodes": 2 * depth + 1}
    if "error" in outcome:
        line.update(times=[], error=outcome["error"])
    else:
        line.update(times=outcome["times"],
                    note=f"gc {args.gc}; build + backward + release (gc.collect); x.grad {result['grad']!r}; "
                         f"recursion limit {sys.getrecursionlimit()}, {args.stack_mib} MiB thread stack")
    return line


def run_chain(args) -> dict:
    """Runs the chain in a child process so that a crash (stack overflow) becomes an error line."""
    if args.child:
        return run_chain_here(args)
    command = [sys.executable, os.path.abspath(__file__), "chain", "--child",
               "--depth", str(args.depth), "--runs", str(args.runs), "--gc", args.gc,
               "--stack-mib", str(args.stack_mib)]
    process = subprocess.run(command, stdout=subprocess.PIPE, text=True)
    lines = [line for line in process.stdout.splitlines() if line.startswith("{")]
    if process.returncode == 0 and lines:
        line = json.loads(lines[-1])
        line.pop("engine", None)
        line.pop("workload", None)
        return line
    how = (f"signal {-process.returncode}" if process.returncode < 0
           else f"exit status {process.returncode}")
    return {"nodes": 2 * args.depth + 1, "times": [],
            "error": f"the chain of depth {args.depth} crashed the interpreter ({how})"}


def run_wide(args) -> dict:
    rng = random.Random(3)
    a_data = [rng.uniform(-1, 1) for _ in range(args.terms)]
    b_data = [rng.uniform(-1, 1) for _ in range(args.terms)]
    counted: dict = {}

    def body():
        a = [Value(v) for v in a_data]
        b = [Value(v) for v in b_data]
        s = sum(ai * bi for ai, bi in zip(a, b))
        s.backward()
        counted["root"] = s
        counted["grad"] = a[0].grad if a else 0

    # the sum is a left-deep chain of additions, as deep as there are terms, and micrograd's
    # backward recurses along it (Python 3.11 recursion uses no C stack, only the limit)
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 2 * args.terms + 10_000))
    try:
        times, collects = timed_runs(args.runs, args.gc, body)
    except RecursionError as error:
        return {"nodes": 4 * args.terms + 1, "times": [], "error": f"RecursionError: {error}"}
    # nodes of one graph (rebuilt once, untimed)
    body()
    nodes = count_nodes(counted.pop("root"))
    gc.collect()
    return {"nodes": nodes, "times": times,
            "note": f"gc {args.gc}; build + backward; the graph is collected between runs, untimed "
                    f"(median {ms(statistics.median(collects))}); a[0].grad {counted['grad']!r}"}


# ---------------------------------------------------------------------------------------
# draw-dot: a gradviz expression program evaluated with micrograd Values


class ProgramError(Exception):
    pass


def tokenize(text: str) -> list[tuple[str, str, int]]:
    """Tokens (kind, text, line): num, name, op, sep (';' or newline), end."""
    tokens = []
    i, line = 0, 1
    two = {"**", "+=", "-=", "*=", "/="}
    while i < len(text):
        c = text[i]
        if c == "#":
            while i < len(text) and text[i] != "\n":
                i += 1
        elif c == "\n" or c == ";":
            tokens.append(("sep", c, line))
            line += c == "\n"
            i += 1
        elif c.isspace():
            i += 1
        elif c.isdigit() or (c == "." and i + 1 < len(text) and text[i + 1].isdigit()):
            j = i
            while j < len(text) and (text[j].isdigit() or text[j] == "."):
                j += 1
            if j < len(text) and text[j] in "eE":
                k = j + 1
                if k < len(text) and text[k] in "+-":
                    k += 1
                if k < len(text) and text[k].isdigit():
                    j = k
                    while j < len(text) and text[j].isdigit():
                        j += 1
            tokens.append(("num", text[i:j], line))
            i = j
        elif c.isalpha() or c == "_":
            j = i
            while j < len(text) and (text[j].isalnum() or text[j] == "_"):
                j += 1
            tokens.append(("name", text[i:j], line))
            i = j
        elif text[i:i + 2] in two:
            tokens.append(("op", text[i:i + 2], line))
            i += 2
        elif c in "+-*/^()=":
            tokens.append(("op", c, line))
            i += 1
        else:
            raise ProgramError(f"line {line}: unexpected character {c!r}")
    tokens.append(("end", "", line))
    return tokens


# The node types of a parsed expression: ("num", x) ("var", name) ("neg", e) ("bin", op, l, r)
# ("pow", e, exponent-expression) ("call", function, e).

def parse_program(text: str) -> list[tuple[str | None, str, tuple]]:
    """Statements as (target or None, assignment operator, expression tree)."""
    tokens = tokenize(text)
    pos = 0

    def peek(offset=0):
        return tokens[min(pos + offset, len(tokens) - 1)]

    def take(kind=None, value=None):
        nonlocal pos
        token = tokens[pos]
        if (kind and token[0] != kind) or (value is not None and token[1] != value):
            want = value or kind
            raise ProgramError(f"line {token[2]}: expected {want!r}, found {token[1] or 'end'!r}")
        pos += 1
        return token

    def expression():
        left = term()
        while peek()[0] == "op" and peek()[1] in ("+", "-"):
            op = take()[1]
            left = ("bin", op, left, term())
        return left

    def term():
        left = unary()
        while peek()[0] == "op" and peek()[1] in ("*", "/"):
            op = take()[1]
            left = ("bin", op, left, unary())
        return left

    def unary():
        if peek() == ("op", "-", peek()[2]):
            take()
            inner = unary()
            if inner[0] == "num":
                return ("num", -inner[1])
            return ("neg", inner)
        if peek() == ("op", "+", peek()[2]):
            take()
            return unary()
        return power()

    def power():
        base = primary()
        if peek()[0] == "op" and peek()[1] in ("**", "^"):
            take()
            return ("pow", base, unary())  # right-associative, binds tighter than unary minus
        return base

    def primary():
        kind, text_, line = peek()
        if kind == "num":
            take()
            return ("num", float(text_))
        if kind == "name":
            take()
            if peek()[:2] == ("op", "("):
                if text_ not in FUNCTIONS:
                    raise ProgramError(f"line {line}: unknown function {text_!r} "
                                       f"(the functions are {', '.join(sorted(FUNCTIONS))})")
                take("op", "(")
                argument = expression()
                take("op", ")")
                return ("call", text_, argument)
            return ("var", text_)
        if (kind, text_) == ("op", "("):
            take()
            inner = expression()
            take("op", ")")
            return inner
        raise ProgramError(f"line {line}: expected an expression, found {text_ or 'end'!r}")

    statements = []
    while peek()[0] != "end":
        if peek()[0] == "sep":
            take()
            continue
        if peek()[0] == "name" and peek(1)[0] == "op" and peek(1)[1] in ("=", "+=", "-=", "*=", "/="):
            target = take()[1]
            assign = take()[1]
            statements.append((target, assign, expression()))
        else:
            statements.append((None, "", expression()))
        if peek()[0] not in ("sep", "end"):
            raise ProgramError(f"line {peek()[2]}: expected ';' or a line break, found {peek()[1]!r}")
    if not statements:
        raise ProgramError("the program is empty")
    return statements


def constant(tree) -> float:
    """The value of a constant exponent expression (numbers only)."""
    kind = tree[0]
    if kind == "num":
        return tree[1]
    if kind == "neg":
        return -constant(tree[1])
    if kind == "bin":
        left, right = constant(tree[2]), constant(tree[3])
        return {"+": left + right, "-": left - right, "*": left * right, "/": left / right}[tree[1]]
    if kind == "pow":
        return constant(tree[1]) ** constant(tree[2])
    raise ProgramError("an exponent must be a constant (numbers only)")


def unary_op(x: Value, op: str, forward, local_derivative) -> Value:
    """A one-input node in micrograd's style (micrograd 0.1.0 has no tanh, exp, log, sigmoid)."""
    out = Value(forward(x.data), (x,), op)

    def _backward():
        x.grad += local_derivative(x.data, out.data) * out.grad
    out._backward = _backward
    return out


FUNCTIONS = {
    "relu": lambda x: x.relu(),
    "tanh": lambda x: unary_op(x, "tanh", math.tanh, lambda _, t: 1 - t * t),
    "exp": lambda x: unary_op(x, "exp", math.exp, lambda _, e: e),
    "log": lambda x: unary_op(x, "log", math.log, lambda v, _: 1 / v),
    "sigmoid": lambda x: unary_op(x, "sigmoid", lambda v: 1 / (1 + math.exp(-v)), lambda _, s: s * (1 - s)),
}


def evaluate(statements, input_value: float) -> Value:
    env: dict[str, Value] = {}

    def ev(tree) -> Value:
        kind = tree[0]
        if kind == "num":
            value = Value(tree[1])
            value.label = ""
            return value
        if kind == "var":
            name = tree[1]
            if name not in env:
                value = Value(input_value)
                value.label = name
                env[name] = value
            return env[name]
        if kind == "neg":
            return -ev(tree[1])
        if kind == "bin":
            left, right = ev(tree[2]), ev(tree[3])
            op = tree[1]
            if op == "+":
                return left + right
            if op == "-":
                return left - right
            if op == "*":
                return left * right
            return left / right
        if kind == "pow":
            exponent = constant(tree[2])
            if exponent.is_integer() and abs(exponent) < 2**53:
                exponent = int(exponent)  # x**2 is drawn "**2", as in micrograd
            return ev(tree[1]) ** exponent
        if kind == "call":
            return FUNCTIONS[tree[1]](ev(tree[2]))
        raise AssertionError(kind)

    result = None
    for target, assign, tree in statements:
        value = ev(tree)
        if target is not None:
            if assign != "=":
                if target not in env:
                    env[target] = ev(("var", target))
                old = env[target]
                value = {"+=": old.__add__, "-=": old.__sub__, "*=": old.__mul__, "/=": old.__truediv__}[assign](value)
            value.label = target
            env[target] = value
        result = value
    return result


def dot_id(name: str) -> str:
    """A DOT ID, quoted the way the graphviz Python package quotes one."""
    import re
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*|-?(\.[0-9]+|[0-9]+(\.[0-9]*)?)", name):
        return name
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def draw_dot(root: Value, serial) -> tuple[str, int]:
    """DOT text in micrograd's draw_dot style; nodes ordered by creation (deterministic)."""
    nodes, edges = [], []
    seen = {id(root)}
    stack = [root]
    while stack:
        node = stack.pop()
        nodes.append(node)
        for child in sorted(node._prev, key=serial):
            edges.append((child, node))
            if id(child) not in seen:
                seen.add(id(child))
                stack.append(child)
    nodes.sort(key=serial)
    edges.sort(key=lambda edge: (serial(edge[1]), serial(edge[0])))
    lines = ["digraph {", "\tgraph [rankdir=LR]"]
    count = 0
    for node in nodes:
        uid = str(serial(node))
        label = getattr(node, "label", "")
        record = "{ %s | data %.4f | grad %.4f }" % (label, node.data, node.grad)
        lines.append(f'\t{dot_id(uid)} [label={dot_id(record)} shape=record]')
        count += 1
        if node._op:
            lines.append(f"\t{dot_id(uid + node._op)} [label={dot_id(node._op)}]")
            lines.append(f"\t{dot_id(uid + node._op)} -> {dot_id(uid)}")
            count += 1
    for child, parent in edges:
        lines.append(f"\t{dot_id(str(serial(child)))} -> {dot_id(str(serial(parent)) + parent._op)}")
    lines.append("}")
    return "\n".join(lines) + "\n", count


def run_draw_dot(args) -> dict:
    with open(args.program_file) as source:
        program = source.read()
    try:
        statements = parse_program(program)
    except ProgramError as error:
        raise SystemExit(f"{args.program_file}: {error}")
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 100_000))

    # Number every Value as it is made so that the drawing does not depend on set order.
    original_init = Value.__init__
    counter = [0]

    def numbered_init(self, *a, **k):
        original_init(self, *a, **k)
        counter[0] += 1
        self._serial = counter[0]

    Value.__init__ = numbered_init
    out: dict = {}

    def body():
        counter[0] = 0
        root = evaluate(statements, args.input_value)
        root.backward()
        out["dot"], out["nodes"] = draw_dot(root, lambda v: v._serial)

    try:
        times, _ = timed_runs(args.runs, args.gc, body)
    finally:
        Value.__init__ = original_init
    with open(args.out, "w") as sink:
        sink.write(out["dot"])
    return {"nodes": out["nodes"], "times": times,
            "note": f"gc {args.gc}; evaluate + backward + DOT text; inputs {args.input_value!r}; -> {args.out}"}


# ---------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--runs", type=int, default=5, help="timed runs after one warm-up (default 5)")
    common.add_argument("--gc", choices=("on", "off"), default="off",
                        help="Python's automatic cyclic GC while timing (default off)")
    common.add_argument("--name", help="workload name to print instead of the subcommand's")
    sub = parser.add_subparsers(dest="workload", required=True, metavar="WORKLOAD")

    p = sub.add_parser("make-moons", parents=[common], help="write a moons data set and initial weights")
    p.add_argument("--n", type=int, default=100)
    p.add_argument("--noise", type=float, default=0.1)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--model-seed", type=int, default=1337)
    p.add_argument("--data", required=True, help="CSV to write (x1,x2,y)")
    p.add_argument("--weights", required=True, help="JSON list of initial parameters to write")

    p = sub.add_parser("moons", parents=[common], help="micrograd's demo.ipynb training loop")
    p.add_argument("--data", required=True)
    p.add_argument("--weights", required=True)
    p.add_argument("--steps", type=int, default=100)
    p.add_argument("--losses", help="file for each step's loss (repr, one per line)")
    p.add_argument("--verbose", action="store_true", help="print each step's loss to stderr")
    p.add_argument("--collect", choices=("between", "never"), default="between",
                   help="with --gc off: collect each step's graph between steps, untimed (default), or never "
                        "(memory grows by the whole graph every step, as gc.disable() alone does)")

    p = sub.add_parser("chain", parents=[common], help="y = y * 1.000001, --depth times")
    p.add_argument("--depth", type=int, default=10_000)
    p.add_argument("--stack-mib", type=int, default=512, help="thread stack size (default 512)")
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)

    p = sub.add_parser("wide", parents=[common], help="sum(a_i * b_i), --terms pairs")
    p.add_argument("--terms", type=int, default=100_000)

    p = sub.add_parser("draw-dot", parents=[common], help="a gradviz program drawn like micrograd's draw_dot")
    p.add_argument("--program-file", required=True)
    p.add_argument("--out", required=True, help="DOT file to write")
    p.add_argument("--input-value", type=float, default=0.5, help="value of every input (default 0.5)")

    p = sub.add_parser("export-moons", parents=[common], help="the demo's loss graph as JSON and draw_dot DOT")
    p.add_argument("--data", required=True)
    p.add_argument("--weights", required=True)
    p.add_argument("--json", required=True, help="JSON file to write (a plain dump of _prev)")
    p.add_argument("--dot", required=True, help="DOT file to write (draw_dot's record labels)")
    p.add_argument("--plant-node", type=int, help="position (operands first) of a node whose grad is written wrong")

    args = parser.parse_args()
    runners = {"export-moons": run_export_moons, "make-moons": run_make_moons, "moons": run_moons, "chain": run_chain,
               "wide": run_wide, "draw-dot": run_draw_dot}
    line = runners[args.workload](args)
    emit({"workload": args.name or args.workload, **line})


if __name__ == "__main__":
    main()
