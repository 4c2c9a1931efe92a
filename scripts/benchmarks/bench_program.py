#!/usr/bin/env python3
"""Writes a gradviz expression program whose graph has about --values value nodes.

Usage: bench_program.py --values 10000 > program.txt

Each statement is a small neuron-like step, h_i = f(h_{i-1} * w_i + h_{i-3} * 0.5) with f
one of tanh, relu or nothing, so the graph has shared nodes, constants, long and short edges.
"""

import argparse
import random


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--values", type=int, required=True)
    args = parser.parse_args()
    rng = random.Random(5)
    statements = ["h0 = x0"]
    values = 1
    index = 1
    while values < args.values:
        function = rng.choice(["tanh", "relu", ""])
        body = f"h{index - 1} * w{index} + h{max(0, index - 3)} * 0.5"
        statements.append(f"h{index} = " + (f"{function}({body})" if function else body))
        values += 6 if function else 5  # w, two products, the constant, the sum (+ f)
        index += 1
    print("; ".join(statements))


if __name__ == "__main__":
    main()
