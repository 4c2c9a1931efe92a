#!/usr/bin/env python3
"""Write a micrograd Value's graph as gradviz-graph JSON, for `gradviz verify` and drawing.

Dependency-free; copy the function into your project or import this file::

    from micrograd_export import export_graph
    loss.backward()
    export_graph(loss, "graph.json")      # then: gradviz verify graph.json --out graph.svg

Works with micrograd and with most ports that keep `data`, `grad`, `_op` and `_prev`
(attribute names can be passed in). Nodes are written operands first; the root is the
value you pass. micrograd keeps operands in a set, so `a + a` has one entry in `_prev`:
a binary op with one operand is written with that operand in both slots.
"""

import json
import math

BINARY = {"+", "*", "-", "/"}


def _number(x):
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return float(x)


def export_graph(root, path=None, *, data="data", grad="grad", op="_op", prev="_prev", label="label"):
    """Returns the JSON text and, with `path`, writes it there."""
    order, seen, stack = [], set(), [(root, False)]
    while stack:  # iterative post-order: no recursion limit on deep graphs
        value, expanded = stack.pop()
        if expanded:
            order.append(value)
            continue
        if id(value) in seen:
            continue
        seen.add(id(value))
        stack.append((value, True))
        for child in getattr(value, prev, ()):
            stack.append((child, False))
    ids = {id(value): index for index, value in enumerate(order)}
    nodes = []
    for value in order:
        operation = getattr(value, op, "") or None
        operands = [ids[id(child)] for child in getattr(value, prev, ())]
        if operation in BINARY and len(operands) == 1:
            operands = operands * 2
        nodes.append({
            "id": ids[id(value)],
            "label": getattr(value, label, None) or None,
            "op": operation,
            "operands": operands,
            "data": _number(getattr(value, data)),
            "grad": _number(getattr(value, grad)),
        })
    text = json.dumps({"format": "gradviz-graph", "version": 1, "root": ids[id(root)], "nodes": nodes}, indent=1)
    if path is not None:
        with open(path, "w") as out:
            out.write(text + "\n")
    return text


if __name__ == "__main__":
    # A demonstration with micrograd: the seed write-up's graph, exported.
    from micrograd.engine import Value

    a = Value(2.0)
    a.label = "a"
    b = a + a
    c = a * b
    d = c + b
    d.backward()
    print(export_graph(d))
