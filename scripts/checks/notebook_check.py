#!/usr/bin/env python3
"""Executes the demo notebook in a real Jupyter kernel and checks what it shows.

Usage::

    notebook_check.py NOTEBOOK OUT-DIR KERNEL [--binary-under DIR]

Runs NOTEBOOK (docs/notebook/gradviz-demo.ipynb, or a copy) with nbclient in the kernel named
KERNEL, writes the executed notebook to OUT-DIR, then checks it: an inline SVG with the loss as
gradviz prints it, verify's empty list for the trained MLP, the planted bug reported by node
with its numbers, test_engine's findings. With --binary-under, the binary the notebook's
first cell reports must lie in DIR (the wheel's package in scripts/checks/wheel-test).
Exit status 1 when a check fails. Used by scripts/checks/notebook-test and scripts/wheel-test.
"""
import argparse, os, re, sys, time
import nbformat
from nbclient import NotebookClient

parser = argparse.ArgumentParser()
parser.add_argument("notebook")
parser.add_argument("out")
parser.add_argument("kernel")
parser.add_argument("--binary-under", default=None)
arguments = parser.parse_args()
source, out, kernel = os.path.abspath(arguments.notebook), arguments.out, arguments.kernel
notebook = nbformat.read(source, as_version=4)
started = time.monotonic()
client = NotebookClient(notebook, kernel_name=kernel, timeout=120, allow_errors=False,
                        resources={"metadata": {"path": os.path.dirname(source)}})
try:
    client.execute()
finally:
    nbformat.write(notebook, os.path.join(out, "gradviz-demo.ipynb"))
seconds = time.monotonic() - started

failures = []


def check(condition, what):
    print(f"  {'ok  ' if condition else 'FAIL'} {what}", file=sys.stderr)
    if not condition:
        failures.append(what)


def cell_with(text):
    for cell in notebook.cells:
        if cell.cell_type == "code" and text in cell.source:
            return cell
    raise SystemExit(f"notebook-test: no code cell contains {text!r}")


def cell_exactly(text):
    for cell in notebook.cells:
        if cell.cell_type == "code" and cell.source.strip() == text:
            return cell
    raise SystemExit(f"notebook-test: no code cell is {text!r}")


def stream(cell):
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream" and o.name == "stdout")


def result(cell, mime):
    for o in cell.outputs:
        if o.output_type in ("execute_result", "display_data") and mime in o.get("data", {}):
            return o.data[mime]
    return None


for cell in notebook.cells:
    for o in cell.get("outputs", []):
        if o.output_type == "error" or (o.output_type == "stream" and o.name == "stderr"):
            check(False, f"no error or stderr output (cell {cell.source.splitlines()[0]!r}: {o.get('ename') or o.get('text', '')[:200]})")

if arguments.binary_under:
    found = stream(cell_with("gradviz.find_binary()")).strip().removeprefix("gradviz binary: ")
    under = os.path.realpath(arguments.binary_under)
    check(os.path.realpath(found).startswith(under + os.sep), f"the notebook runs the binary in {under} ({found})")

# the trained MLP's loss, as micrograd computed it
printed = stream(cell_with('loss.label = "loss"'))
match = re.search(r"loss = (\S+) \((\d+) parameters\)", printed)
check(match is not None and match.group(2) == "41", f"the MLP's loss and 41 parameters are printed ({printed.strip()!r})")
loss = float(match.group(1)) if match else float("nan")

svg = result(cell_with("gradviz.draw(loss)"), "image/svg+xml")
check(svg is not None and "<svg" in svg, "gradviz.draw(loss) shows an inline image/svg+xml")
svg = svg or ""
check("%.4f" % loss in svg, f"the SVG shows the loss as gradviz prints it ({'%.4f' % loss})")
tooltip = re.search(r"loss #\d+: data = (\S+), grad = (\S+)\"", svg)
check(tooltip is not None and abs(float(tooltip.group(1)) - loss) <= 1e-12 * abs(loss) and float(tooltip.group(2)) == 1.0,
      f"the SVG's tooltip holds the loss and its grad 1 ({tooltip.group(0) if tooltip else None})")
if tooltip and float(tooltip.group(1)) != loss:
    print(f"  note the tooltip's {tooltip.group(1)} is not exactly micrograd's {loss!r}: "
          "gradviz's JSON reader is off by an ulp", file=sys.stderr)
check(re.search(r">\s*loss\s*<", svg) is not None, "the SVG shows the label 'loss'")
values = len(re.findall(r'<g id="node\d+" class="node">', svg))
check(values > 300, f"the SVG draws the whole graph ({values} nodes drawn)")

check(result(cell_with("gradviz.verify(loss)"), "text/plain") == "[]", "gradviz.verify(loss) is [] for the correct graph")

planted = stream(cell_with("add_that_overwrites"))
check(planted.strip() == "a.grad = 3.0", f"the planted bug gives a.grad = 3.0 ({planted.strip()!r})")
report = result(cell_exactly("gradviz.verify(d)"), "text/plain") or ""
check(re.fullmatch(r"\[Mismatch\(node='\d+', label='a', op=None, quantity='grad', expected=10\.0, found=3\.0\)\]", report) is not None,
      f"gradviz.verify(d) reports node a: grad 3.0, expected 10.0 ({report})")

edges = result(cell_with("edge_grads=True"), "image/svg+xml") or ""
check("<svg" in edges and "3.0000" in edges and "4.0000" in edges, "the buggy graph is drawn with edge gradients (3 + 3 + 4 into a)")

strict = stream(cell_with("strict=True"))
check(strict.startswith("GradientMismatch: 1 mismatch in a graph of 4 nodes:") and "grad is 3.0, expected 10.0" in strict,
      f"strict=True raises an AssertionError naming the node ({strict.strip()!r})")

viewer = result(cell_with("interactive=True"), "text/html") or ""
check(viewer.startswith("<iframe") and "srcdoc=" in viewer and len(viewer) > 2000, f"the interactive viewer is an iframe ({len(viewer)} characters)")

engine = result(cell_with("gradviz.test_engine(Value, programs=300"), "text/html") or ""
check("rule: overwrite-in-add" in engine and "<svg" in engine,
      "test_engine finds the planted overwrite bug (in + only), names it and draws the minimal program inline")
shrunk = re.search(r"shrunk from \d+ to (\d+) statement", engine)
check(shrunk is not None and int(shrunk.group(1)) <= 3, f"the minimal program has at most 3 statements ({shrunk.group(0) if shrunk else None})")
summary = result(cell_with("gradviz.test_engine(Value, programs=1000"), "text/plain") or ""
check("no difference" in summary, f"micrograd as it is shows no difference ({summary})")

print(f"notebook-test: {len(notebook.cells)} cells executed in {seconds:.1f} s; "
      f"{len(failures)} check{'s' if len(failures) != 1 else ''} failed", file=sys.stderr)
sys.exit(1 if failures else 0)
