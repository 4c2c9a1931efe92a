#!/usr/bin/env python3
"""Write a micrograd Value's graph as gradviz-graph JSON, for `gradviz verify` and drawing.

The exporter lives in python/gradviz.py (one dependency-free file to copy into a project or
a notebook, which also draws and verifies through the gradviz binary); this script keeps the
old name working::

    from micrograd_export import export_graph
    loss.backward()
    export_graph(loss, "graph.json")      # then: gradviz verify graph.json --out graph.svg
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))
from gradviz import export, export_graph  # noqa: E402,F401  (re-exported)

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
