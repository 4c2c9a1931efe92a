"""Tests of python/gradviz.py (standard library only): `python3 python/test_gradviz.py`.

The CLI is replaced by a fake binary (a small Python script) for the error paths and the flag
mapping; with GRADVIZ_REAL=/path/to/gradviz set, the same calls also run against the real one.
"""

import importlib.util
import json
import math
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import textwrap
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPOSITORY = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(REPOSITORY, "scripts", "make"))
import gradviz  # noqa: E402
from micrograd_export import export_graph as script_export_graph  # noqa: E402


# MARK: - small engines written the way ports write them

class SetValue:
    """micrograd's shape: operands in a set `_prev`, op in `_op`, no label unless assigned."""

    def __init__(self, data, children=(), op=""):
        self.data, self.grad, self._prev, self._op = data, 0.0, set(children), op
        self._backward = lambda: None

    def __add__(self, other):
        out = SetValue(self.data + other.data, (self, other), "+")

        def backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = backward
        return out

    def __mul__(self, other):
        out = SetValue(self.data * other.data, (self, other), "*")

        def backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = backward
        return out

    def backward(self):
        order, seen = [], set()
        stack = [(self, False)]
        while stack:
            v, done = stack.pop()
            if done:
                order.append(v)
            elif v not in seen:
                seen.add(v)
                stack.append((v, True))
                stack.extend((c, False) for c in v._prev)
        self.grad = 1.0
        for v in reversed(order):
            v._backward()


class TupleValue:
    """Another port's shape: `_children` tuple (operands in order, repeats kept), `op`, `name`."""

    def __init__(self, data, children=(), op=None, name=None):
        self.data, self.grad, self._children, self.op, self.name = data, 0.0, tuple(children), op, name


class MethodValue:
    """Operands from a `children()` method, op from `op`."""

    def __init__(self, data, grad, children=(), op=""):
        self.data, self.grad, self._kids, self.op = data, grad, list(children), op

    def children(self):
        return iter(self._kids)


def seed(value_type=SetValue):
    a = value_type(2.0)
    a.label = "a"
    b = a + a
    b.label = "b"
    c = a * b
    c.label = "c"
    d = c + b
    d.label = "d"
    d.backward()
    return a, b, c, d


FAKE = r'''#!/usr/bin/env python3
# A stand-in for the gradviz CLI: records its arguments, answers like the contract says.
import json, os, sys, time
args = sys.argv[1:]
with open(os.environ["FAKE_LOG"], "a") as log:
    log.write(json.dumps(args) + "\n")
text = sys.stdin.read()
graph = json.loads(text) if text.strip() else None
if os.environ.get("FAKE_SLEEP"):
    time.sleep(float(os.environ["FAKE_SLEEP"]))
if any(n["label"] == "unreadable" for n in graph["nodes"]):
    sys.stderr.write("warning: something first\nerror: -: node 0 (unreadable): unknown op\n")
    sys.exit(64)
if args[0] == "draw":
    fmt = args[args.index("--format") + 1]
    destination = args[args.index("--out") + 1]
    if destination != "-":
        import io
        sys.stdout = io.TextIOWrapper(open(destination, "wb"))
    if fmt == "png":
        sys.stdout.buffer.write(b"\x89PNG\r\n\x1a\nfake")
    elif fmt == "html":
        sys.stdout.write('<!doctype html><html><body><script>var q = "x & y";</script></body></html>')
    else:
        labels = " ".join("%s=%.4f/%.4f" % (n["label"], n["data"], n["grad"]) for n in graph["nodes"])
        sys.stdout.write('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><text>%s</text></svg>\n' % labels)
    sys.stderr.write("note: drawn\n")
    sys.exit(0)
if args[0] == "verify":
    bad = [n for n in graph["nodes"] if n["label"] == "bad"]
    rows = [{"node": str(n["id"]), "label": n["label"], "op": n["op"], "quantity": "grad",
             "expected": 10.0, "found": n["grad"] if n["grad"] == n["grad"] else "nan"} for n in bad]
    print(json.dumps({"nodes": len(graph["nodes"]), "mismatches": rows}))
    sys.exit(1 if rows else 0)
sys.exit(2)
'''


def unreadable():
    leaf = SetValue(1.0)
    leaf.label = "unreadable"
    return leaf


class FakeBinaryTestCase(unittest.TestCase):
    def setUp(self):
        self.directory = tempfile.mkdtemp()
        self.fake = os.path.join(self.directory, "fake-gradviz")
        with open(self.fake, "w") as f:
            f.write(FAKE.replace("#!/usr/bin/env python3", "#!" + sys.executable, 1))
        os.chmod(self.fake, 0o755)
        self.log = os.path.join(self.directory, "log")
        self.saved = (gradviz.binary, gradviz.timeout, dict(os.environ))
        os.environ["FAKE_LOG"] = self.log
        gradviz.binary = self.fake

    def tearDown(self):
        gradviz.binary, gradviz.timeout, environment = self.saved
        os.environ.clear()
        os.environ.update(environment)
        shutil.rmtree(self.directory)

    def calls(self):
        with open(self.log) as f:
            return [json.loads(line) for line in f]


# MARK: - export

class ExportTests(unittest.TestCase):
    def test_matches_the_script_exporter_byte_for_byte(self):
        d = seed()[-1]
        self.assertEqual(gradviz.export(d), script_export_graph(d))
        self.assertEqual(gradviz.export_graph(d), script_export_graph(d))

    def test_set_based_a_plus_a_has_its_operand_in_both_slots(self):
        a, b, c, d = seed()
        graph = json.loads(gradviz.export(d))
        by_label = {n["label"]: n for n in graph["nodes"]}
        self.assertEqual(by_label["b"]["operands"], [by_label["a"]["id"]] * 2)
        self.assertEqual(by_label["a"]["grad"], 10.0)
        self.assertEqual(graph["root"], by_label["d"]["id"])
        self.assertEqual((graph["format"], graph["version"]), ("gradviz-graph", 1))

    def test_operands_come_before_the_values_made_from_them(self):
        graph = json.loads(gradviz.export(seed()[-1]))
        position = {n["id"]: i for i, n in enumerate(graph["nodes"])}
        for node in graph["nodes"]:
            for operand in node["operands"]:
                self.assertLess(position[operand], position[node["id"]])

    def test_tuple_children_op_and_name_are_read(self):
        x = TupleValue(3.0, name="x")
        y = TupleValue(9.0, (x, x), "*", name="y")
        graph = json.loads(gradviz.export(y))
        self.assertEqual([n["label"] for n in graph["nodes"]], ["x", "y"])
        self.assertEqual(graph["nodes"][1]["operands"], [0, 0])
        self.assertEqual(graph["nodes"][1]["op"], "*")
        self.assertIsNone(graph["nodes"][0]["op"])

    def test_children_method_and_list_operands(self):
        p = MethodValue(1.0, 2.0)
        q = MethodValue(2.0, 1.0)
        r = MethodValue(3.0, 1.0, [p, q], "+")
        graph = json.loads(gradviz.export(r))
        data = {n["id"]: n["data"] for n in graph["nodes"]}
        self.assertEqual([data[i] for i in graph["nodes"][-1]["operands"]], [1.0, 2.0])  # in order
        self.assertEqual(graph["nodes"][-1]["op"], "+")

    def test_explicit_attribute_names(self):
        class Odd:
            def __init__(self, v, g, ins=(), kind="", tag=None):
                self.v, self.g, self.ins, self.kind, self.tag = v, g, ins, kind, tag
        leaf = Odd(1.5, 4.0, tag="w")
        out = Odd(3.0, 1.0, [leaf, leaf], "+", tag="out")
        graph = json.loads(gradviz.export(out, data="v", grad="g", prev="ins", op="kind", label="tag"))
        self.assertEqual(graph["nodes"][0], {"id": 0, "label": "w", "op": None, "operands": [], "data": 1.5, "grad": 4.0})
        self.assertEqual(graph["nodes"][1]["operands"], [0, 0])
        with self.assertRaises(TypeError):
            gradviz.export(out, colour="red")

    def test_non_finite_numbers_are_strings(self):
        a = SetValue(float("nan"))
        a.grad = float("inf")
        b = SetValue(float("-inf"))
        graph = json.loads(gradviz.export(a + b))
        self.assertEqual(graph["nodes"][-1]["data"], "nan")
        values = {(n["data"], n["grad"]) for n in graph["nodes"][:2]}
        self.assertEqual(values, {("nan", "inf"), ("-inf", 0.0)})

    def test_deep_chain_needs_no_recursion(self):
        x = SetValue(0.0)
        for _ in range(100_000):
            x = x + SetValue(1.0)
        graph = json.loads(gradviz.export(x))
        self.assertEqual(len(graph["nodes"]), 200_001)
        self.assertEqual(graph["nodes"][graph["root"]]["data"], 100_000.0)

    def test_writes_the_file(self):
        with tempfile.TemporaryDirectory() as directory:
            path = os.path.join(directory, "g.json")
            text = gradviz.export(seed()[-1], path)
            with open(path) as f:
                self.assertEqual(f.read(), text + "\n")

    def test_an_int_past_a_float_is_the_documented_type_error(self):
        for huge in (10**400, 10**5000):
            value = SetValue(huge)
            with self.assertRaises(TypeError) as caught:
                gradviz.export_graph(value)
            self.assertIn("past a float's range", str(caught.exception))
            self.assertLess(len(str(caught.exception)), 200)

    def test_a_value_without_data_is_named(self):
        class NoData:
            _prev = ()
        with self.assertRaisesRegex(TypeError, "node 0: NoData has no attribute 'data'"):
            gradviz.export(NoData())


# MARK: - finding the binary

class DiscoveryTests(unittest.TestCase):
    def setUp(self):
        self.saved = (gradviz.binary, dict(os.environ))
        self.directory = tempfile.mkdtemp()

    def tearDown(self):
        gradviz.binary, environment = self.saved
        os.environ.clear()
        os.environ.update(environment)
        shutil.rmtree(self.directory)

    def executable(self, *parts):
        path = os.path.join(self.directory, *parts)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write("#!/bin/sh\nexit 0\n")
        os.chmod(path, 0o755)
        return path

    def copy_module(self):
        """gradviz.py in a fresh checkout-like folder, loaded as its own module."""
        os.makedirs(os.path.join(self.directory, "python"), exist_ok=True)
        target = os.path.join(self.directory, "python", "gradviz.py")
        shutil.copy(gradviz.__file__, target)
        spec = importlib.util.spec_from_file_location("gradviz_copy", target)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    def test_order_binary_then_environment_then_path_then_checkout(self):
        module = self.copy_module()
        os.environ["PATH"] = os.path.join(self.directory, "bin")
        os.environ.pop("GRADVIZ", None)
        debug = self.executable(".build", "debug", "gradviz")
        self.assertEqual(module.find_binary(), debug)
        release = self.executable(".build", "release", "gradviz")
        self.assertEqual(module.find_binary(), release)
        on_path = self.executable("bin", "gradviz")
        self.assertEqual(module.find_binary(), on_path)
        os.environ["GRADVIZ"] = self.executable("env", "gradviz")
        self.assertEqual(module.find_binary(), os.environ["GRADVIZ"])
        module.binary = self.executable("set", "gradviz")
        self.assertEqual(module.find_binary(), module.binary)

    def test_the_packages_own_binary_comes_after_explicit_names_and_before_path(self):
        module = self.copy_module()
        os.environ["PATH"] = os.path.join(self.directory, "bin")
        os.environ.pop("GRADVIZ", None)
        on_path = self.executable("bin", "gradviz")
        self.executable(".build", "release", "gradviz")
        self.assertEqual(module.find_binary(), on_path)
        self.assertIsNone(module._environment(on_path))
        bundled = self.executable("python", "bin", "gradviz")
        self.assertEqual(module.find_binary(), bundled)
        environment = module._environment(bundled)
        self.assertEqual(environment["FONTCONFIG_FILE"], os.path.join(self.directory, "python", "fonts", "fonts.conf"))
        os.environ["GRADVIZ"] = self.executable("env", "gradviz")
        self.assertEqual(module.find_binary(), os.environ["GRADVIZ"])
        module.binary = self.executable("set", "gradviz")
        self.assertEqual(module.find_binary(), module.binary)

    def test_version_is_the_binarys(self):
        source = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Sources", "gradviz", "Gradviz.swift")
        if not os.path.exists(source):
            self.skipTest("not in a gradviz checkout")
        with open(source, encoding="utf-8") as file:
            swift_version = re.search(r'version: "([^"]+)"', file.read()).group(1)
        self.assertEqual(gradviz.__version__, swift_version)

    def test_not_found_says_how_to_build_and_point(self):
        module = self.copy_module()
        os.environ["PATH"] = os.path.join(self.directory, "bin")
        os.environ.pop("GRADVIZ", None)
        with self.assertRaises(module.GradvizNotFound) as caught:
            module.draw(seed()[-1])
        message = str(caught.exception)
        for words in ("scripts/gradviz", "gradviz.binary =", "GRADVIZ=", "PATH", ".build/release/gradviz"):
            self.assertIn(words, message)
        self.assertIsInstance(caught.exception, module.GradvizError)

    def test_a_wrong_explicit_path_is_reported_not_skipped(self):
        gradviz.binary = os.path.join(self.directory, "missing")
        with self.assertRaisesRegex(gradviz.GradvizNotFound, "gradviz.binary is .*missing.*not an executable"):
            gradviz.find_binary()
        gradviz.binary = None
        os.environ["GRADVIZ"] = os.path.join(self.directory, "nope")
        with self.assertRaisesRegex(gradviz.GradvizNotFound, "GRADVIZ is .*nope"):
            gradviz.find_binary()


# MARK: - draw and verify through a fake binary

class DrawTests(FakeBinaryTestCase):
    def test_svg_inline(self):
        drawing = gradviz.draw(seed()[-1])
        self.assertEqual(self.calls(), [["draw", "-", "--format", "svg", "--out", "-"]])
        self.assertIn("a=2.0000/10.0000", drawing._repr_svg_())
        self.assertIsNone(drawing._repr_html_())
        self.assertEqual(drawing.format, "svg")
        self.assertEqual(drawing.stderr, "note: drawn\n")
        path = drawing.save(os.path.join(self.directory, "g.svg"))
        with open(path) as f:
            self.assertEqual(f.read(), drawing.data)

    def test_options_become_flags_as_given(self):
        gradviz.draw(seed()[-1], rankdir="TB", edge_grads=True, order=False, max_nodes=50, timeout=None)
        self.assertEqual(self.calls()[-1], ["draw", "-", "--format", "svg", "--out", "-",
                                            "--rankdir", "TB", "--edge-grads", "--max-nodes", "50"])

    def test_interactive_is_an_iframe_of_the_viewer(self):
        drawing = gradviz.draw(seed()[-1], interactive=True)
        self.assertEqual(self.calls()[-1][:4], ["draw", "-", "--format", "html"])
        shown = drawing._repr_html_()
        self.assertTrue(shown.startswith("<iframe"))
        self.assertIn("srcdoc=\"&lt;!doctype html&gt;", shown)
        self.assertIn("&quot;x &amp; y&quot;", shown)
        self.assertIsNone(drawing._repr_svg_())

    def test_inline_svg_fits_the_notebook_width(self):
        drawing = gradviz.Drawing('<svg width="7000pt" height="300pt" viewBox="0 0 7000 300"></svg>', "svg")
        self.assertTrue(drawing._repr_svg_().startswith('<svg style="max-width: 100%; height: auto" width="7000pt"'))
        self.assertEqual(drawing.data.count("max-width"), 0)

    def test_viewer_iframe_is_as_tall_as_the_graph_needs(self):
        def height(width, tall):
            page = f'<!doctype html><svg width="{width}pt" height="{tall}pt" viewBox="0 0 1 1"></svg>'
            shown = gradviz.Drawing(page, "html")._repr_html_()
            return int(re.search(r"height: ([0-9]+)px", shown).group(1))
        self.assertEqual(height(400, 100), 300)    # a 4-node graph: no thin strip in a tall frame
        self.assertEqual(height(580, 580), 720)    # square and large: capped, it zooms inside
        self.assertEqual(height(1160, 580), 430)   # 140 of header and stepper + 580 × 1/2
        self.assertEqual(height(0, 0), 640)
        self.assertEqual(gradviz._viewer_height("<p>no svg</p>"), 640)

    def test_png_is_bytes(self):
        drawing = gradviz.draw(seed()[-1], format="png")
        self.assertTrue(drawing.data.startswith(b"\x89PNG"))
        self.assertEqual(drawing._repr_png_(), drawing.data)

    def test_bad_graph_raises_with_gradviz_line(self):
        with self.assertRaises(gradviz.GradvizError) as caught:
            gradviz.draw(unreadable())
        self.assertEqual(str(caught.exception), "error: -: node 0 (unreadable): unknown op")
        self.assertEqual(caught.exception.returncode, 64)
        self.assertIn("warning: something first", caught.exception.stderr)

    def test_out_writes_the_file_and_returns_its_drawing(self):
        path = os.path.join(self.directory, "g.png")
        drawing = gradviz.draw(seed()[-1], out=path)
        self.assertEqual(self.calls()[-1], ["draw", "-", "--format", "png", "--out", path])
        self.assertEqual(drawing.format, "png")
        self.assertTrue(drawing.data.startswith(b"\x89PNG"))
        with open(path, "rb") as f:
            self.assertEqual(f.read(), drawing.data)
        svg = gradviz.draw(seed()[-1], out=os.path.join(self.directory, "g.svg"))
        self.assertIn("a=2.0000/10.0000", svg.data)

    def test_timeout_none_means_no_limit_of_the_module(self):
        gradviz.timeout = None
        drawing = gradviz.draw(seed()[-1], timeout=5)
        self.assertIn("<svg", drawing.data)
        self.assertIsNone(gradviz._seconds({"timeout": 5}))

    def test_time_out(self):
        os.environ["FAKE_SLEEP"] = "5"
        gradviz.timeout = 0.5
        with self.assertRaisesRegex(gradviz.GradvizError, "did not finish within 0.5 s"):
            gradviz.draw(seed()[-1])


class VerifyTests(FakeBinaryTestCase):
    def test_correct_graph_gives_an_empty_list(self):
        self.assertEqual(gradviz.verify(seed()[-1]), [])
        self.assertEqual(self.calls(), [["verify", "-", "--report", "json"]])

    def test_mismatches_name_the_node_and_carry_the_value(self):
        a, b, c, d = seed()
        a.label = "bad"
        a.grad = float("nan")
        found = gradviz.verify(d, atol=1e-6)
        self.assertEqual(self.calls()[-1], ["verify", "-", "--report", "json", "--atol", "1e-06"])
        self.assertEqual(len(found), 1)
        mismatch = found[0]
        self.assertEqual((mismatch.label, mismatch.op, mismatch.quantity, mismatch.expected), ("bad", None, "grad", 10.0))
        self.assertTrue(math.isnan(mismatch.found))
        self.assertIs(mismatch.value, a)
        self.assertIn("node 0 (bad), leaf: backward: grad is nan, expected 10.0", str(mismatch))

    def test_strict_raises_an_assertion_error_listing_them(self):
        a, b, c, d = seed()
        b.label = "bad"
        with self.assertRaises(gradviz.GradientMismatch) as caught:
            gradviz.verify(d, strict=True)
        self.assertIsInstance(caught.exception, AssertionError)
        self.assertIn("1 mismatch in a graph of 4 nodes:", str(caught.exception))
        self.assertIn("(bad), '+': backward: grad is 3.0, expected 10.0", str(caught.exception))
        self.assertEqual(gradviz.verify(seed()[-1], strict=True), [])

    def test_status_64_raises_gradviz_error(self):
        with self.assertRaisesRegex(gradviz.GradvizError, "^error: -: node 0 \\(unreadable\\): unknown op$"):
            gradviz.verify(unreadable())

    def test_an_old_binary_is_named(self):
        old = os.path.join(self.directory, "old-gradviz")
        with open(old, "w") as f:
            f.write("#!/bin/sh\necho \"Error: Unknown option '--report'\" >&2\nexit 64\n")
        os.chmod(old, 0o755)
        gradviz.binary = old
        with self.assertRaisesRegex(gradviz.GradvizError, "older than `draw`.*scripts/gradviz"):
            gradviz.verify(seed()[-1])


# MARK: - against the real binary, when given

REAL = os.environ.get("GRADVIZ_REAL")


@unittest.skipUnless(REAL, "GRADVIZ_REAL not set")
class RealBinaryTests(unittest.TestCase):
    def setUp(self):
        self.saved = gradviz.binary
        gradviz.binary = REAL

    def tearDown(self):
        gradviz.binary = self.saved

    def test_draw_shows_the_numbers(self):
        drawing = gradviz.draw(seed()[-1])
        self.assertIn("<svg", drawing.data)
        self.assertIn("10.0000", drawing.data)

    def test_verify_correct_and_recursive(self):
        a, b, c, d = seed()
        self.assertEqual(gradviz.verify(d), [])
        a.grad = 16.0
        found = gradviz.verify(d)
        self.assertEqual([(m.label, m.quantity, m.expected, m.found) for m in found], [("a", "grad", 10.0, 16.0)])
        self.assertIs(found[0].value, a)

    def test_verify_names_a_models_parameters_by_place(self):
        random.seed(3)
        model = ToyMLP(2, [3, 1])
        error = model([MValue(0.5), MValue(-1.5)]) - MValue(1.0)
        loss = error * error
        loss.backward()
        self.assertEqual(gradviz.verify(loss, model=model), [])
        wrong = model.layers[1].neurons[0].w[2]
        wrong.grad += 0.5
        found = gradviz.verify(loss, model=model)
        self.assertEqual([(m.label, m.quantity) for m in found], [("model.layers[1].neurons[0].w[2]", "grad")])
        self.assertIs(found[0].value, wrong)
        self.assertIn("(model.layers[1].neurons[0].w[2]), leaf: backward: grad is", str(found[0]))
        named = gradviz.verify(loss, names={wrong: "the last weight"})
        self.assertEqual([m.label for m in named], ["the last weight"])

    def test_bad_graph(self):
        a = SetValue(1.0)
        b = SetValue(2.0, (a,), "frobnicate")  # an op gradviz does not know
        with self.assertRaises(gradviz.GradvizError) as caught:
            gradviz.verify(b)
        self.assertEqual(caught.exception.returncode, 64)
        self.assertTrue(str(caught.exception).startswith("error:"), str(caught.exception))

    def test_interactive_viewer(self):
        drawing = gradviz.draw(seed()[-1], interactive=True, rankdir="TB")
        self.assertIn("<iframe", drawing._repr_html_())


# MARK: - a set-based engine with native - and /, run under many hash seeds

SET_ENGINE = textwrap.dedent("""
    import json, os, random, sys
    sys.path.insert(0, sys.argv[1])
    import gradviz
    gradviz.binary = sys.argv[2]
    SIGN_BUG = sys.argv[3] == "sign"
    # Shift the heap so that set iteration order (by id) differs from run to run.
    ballast = [object() for _ in range(random.Random(os.environ["PYTHONHASHSEED"]).randrange(1, 5000))]

    class V:
        def __init__(self, data, children=(), op="", label=""):
            self.data, self.grad, self._prev, self._op, self.label = data, 0.0, set(children), op, label
            self._backward = lambda: None
        def __sub__(self, other):
            out = V(self.data - other.data, (self, other), "-")
            def backward():
                self.grad += out.grad
                other.grad += out.grad if SIGN_BUG else -out.grad
            out._backward = backward
            return out
        def __truediv__(self, other):
            out = V(self.data / other.data, (self, other), "/")
            def backward():
                self.grad += out.grad / other.data
                other.grad += -self.data * out.grad / other.data ** 2
            out._backward = backward
            return out
        def __mul__(self, other):
            out = V(self.data * other.data, (self, other), "*")
            def backward():
                self.grad += other.data * out.grad
                other.grad += self.data * out.grad
            out._backward = backward
            return out
        def backward(self):
            order, seen, stack = [], set(), [(self, False)]
            while stack:
                node, done = stack.pop()
                if done:
                    order.append(node)
                elif node not in seen:
                    seen.add(node)
                    stack.append((node, True))
                    stack.extend((child, False) for child in node._prev)
            self.grad = 1.0
            for node in reversed(order):
                node._backward()

    a, b = V(3.0, label="a"), V(2.0, label="b")
    c = a - b; c.label = "c"
    d = a / b; d.label = "d"
    e = c * d; e.label = "e"
    e.backward()
    print(json.dumps([[m.label, m.quantity] for m in gradviz.verify(e)]))
""")


@unittest.skipUnless(REAL, "GRADVIZ_REAL not set")
class UnorderedOperandTests(unittest.TestCase):
    """An engine that keeps operands in a set and has native `-` and `/`: its operand order
    changes between runs. The verdict must not: correct in 20 of 20 runs, and a sign bug in
    `-`'s backward blamed on the right operand (b) in 20 of 20."""

    def run_engine(self, seed, variant):
        environment = dict(os.environ, PYTHONHASHSEED=str(seed))
        result = subprocess.run([sys.executable, "-c", SET_ENGINE, HERE, REAL, variant],
                                capture_output=True, text=True, env=environment, timeout=60)
        self.assertEqual(result.returncode, 0, result.stderr)
        return json.loads(result.stdout)

    def test_correct_engine_passes_under_every_seed(self):
        for seed in range(20):
            self.assertEqual(self.run_engine(seed, "correct"), [], f"PYTHONHASHSEED={seed}")

    def test_sign_bug_is_blamed_on_the_right_operand_under_every_seed(self):
        for seed in range(20):
            self.assertEqual(self.run_engine(seed, "sign"), [["b", "grad"]], f"PYTHONHASHSEED={seed}")
# MARK: - test_engine

class NativeValue:
    """A correct engine written the way ports write it: native `-` and `/`, `_prev` a set,
    tanh through exp, relu, exp, log; no sigmoid and no value exponent (so not asked for them)."""

    def __init__(self, data, children=()):
        self.data, self.grad, self._prev = data, 0.0, set(children)
        self._backward = lambda: None

    def _make(self, data, children, backward):
        out = type(self)(data, children)
        out._backward = lambda: backward(out)
        return out

    def __add__(self, other):
        def backward(out):
            self.grad += out.grad
            other.grad += out.grad
        return self._make(self.data + other.data, (self, other), backward)

    def __sub__(self, other):
        def backward(out):
            self.grad += out.grad
            other.grad -= out.grad
        return self._make(self.data - other.data, (self, other), backward)

    def __mul__(self, other):
        def backward(out):
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        return self._make(self.data * other.data, (self, other), backward)

    def __truediv__(self, other):
        def backward(out):
            self.grad += out.grad / other.data
            other.grad -= self.data / (other.data * other.data) * out.grad
        return self._make(self.data / other.data, (self, other), backward)

    def __neg__(self):
        def backward(out):
            self.grad -= out.grad
        return self._make(-self.data, (self,), backward)

    def __pow__(self, exponent):
        if not isinstance(exponent, (int, float)):
            raise TypeError("only constant exponents")

        def backward(out):
            self.grad += exponent * self.data ** (exponent - 1) * out.grad
        return self._make(self.data ** exponent, (self,), backward)

    def tanh(self):
        e = math.exp(2 * self.data)
        t = (e - 1) / (e + 1)

        def backward(out):
            self.grad += (1 - t * t) * out.grad
        return self._make(t, (self,), backward)

    def relu(self):
        def backward(out):
            self.grad += (out.data > 0) * out.grad
        return self._make(max(self.data, 0.0), (self,), backward)

    def exp(self):
        def backward(out):
            self.grad += out.data * out.grad
        return self._make(math.exp(self.data), (self,), backward)

    def log(self):
        def backward(out):
            self.grad += out.grad / self.data
        return self._make(math.log(self.data), (self,), backward)

    def backward(self):
        order, seen = [], set()

        def build(value):
            if value not in seen:
                seen.add(value)
                for child in value._prev:
                    build(child)
                order.append(value)
        build(self)
        self.grad = 1.0
        for value in reversed(order):
            value._backward()


class OverwritingValue(NativeValue):
    """The write-ups' first bug: `=` instead of `+=` in `+`'s backward (there only, as in the
    write-up: named `overwrite-in-add`, not the catalogue's every-operation `overwrite`)."""

    def __add__(self, other):
        def backward(out):
            self.grad = out.grad
            other.grad = out.grad
        return self._make(self.data + other.data, (self, other), backward)


class SetRecursiveValue:
    """The lecture's engine (operands in a set, `-` and `/` built from `+`, `*` and `**`) with
    the write-ups' recursive backward: each value runs its step, then recurses into its
    operands in the set's order, with no topological order."""

    def __init__(self, data, _children=()):
        self.data, self.grad = data, 0.0
        self._backward = lambda: None
        self._prev = set(_children)

    def __add__(self, other):
        other = other if isinstance(other, SetRecursiveValue) else SetRecursiveValue(other)
        out = SetRecursiveValue(self.data + other.data, (self, other))

        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, SetRecursiveValue) else SetRecursiveValue(other)
        out = SetRecursiveValue(self.data * other.data, (self, other))

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def __pow__(self, other):
        out = SetRecursiveValue(self.data ** other, (self,))

        def _backward():
            self.grad += other * self.data ** (other - 1) * out.grad
        out._backward = _backward
        return out

    def __neg__(self):
        return self * -1

    def __sub__(self, other):
        return self + (-other)

    def __truediv__(self, other):
        return self * other ** -1

    def backward(self):
        self.grad = 1.0

        def recurse(value):
            value._backward()
            for child in value._prev:
                recurse(child)
        recurse(self)


class TestEngineProtocol(unittest.TestCase):
    def test_discovers_the_operations_an_engine_has(self):
        self.assertEqual(gradviz._discover_operations(NativeValue),
                         ["add", "sub", "mul", "div", "neg", "pow", "exp", "log", "tanh", "relu"])

    # Binary requests as docs/test-engine-protocol.md gives them, written out here rather than
    # taken from the module: a code, two operands and a number, little-endian.
    CODES = {"add": 0, "sub": 1, "mul": 2, "div": 3, "powv": 4, "leaf": 5, "neg": 6, "exp": 7, "log": 8,
             "tanh": 9, "relu": 10, "sigmoid": 11, "pow": 12, "backward": 13, "end": 14, "quit": 15}

    @classmethod
    def record(cls, name, a=0, b=0, number=0.0):
        return struct.pack("<IIId", cls.CODES[name] if isinstance(name, str) else name, a, b, number)

    @classmethod
    def program(cls, *statements):
        """The records of a program: statements as tuples ("leaf", 2.0), ("add", 0, 0), ...,
        then backward from the last one and end."""
        out = b""
        for statement in statements:
            name = statement[0]
            if name == "leaf":
                out += cls.record("leaf", number=statement[1])
            elif name == "pow":
                out += cls.record("pow", statement[1], number=statement[2])
            else:
                out += cls.record(name, *statement[1:])
        return out + cls.record("backward", len(statements) - 1) + cls.record("end")

    @staticmethod
    def serve(leaf, requests):
        """What the module writes to gradviz for the binary `requests`, as one byte string."""
        answers = gradviz._Answers()
        gradviz._serve_requests(leaf, struct.iter_unpack("<IIId", requests), answers)
        answers.settle()
        return b"".join(answers.out)

    def test_answers_a_program_in_process(self):
        written = self.serve(NativeValue, self.program(("leaf", 2.0), ("add", 0, 0)) + self.record("quit"))
        # A record of little-endian doubles: the count, then each value's data and grad.
        self.assertEqual(written, struct.pack("<5d", 2, 2.0, 2.0, 4.0, 1.0))

    def test_every_operation_and_a_constant_exponent(self):
        requests = self.program(("leaf", 2.0), ("leaf", 0.5), ("sub", 0, 1), ("div", 2, 1), ("neg", 3),
                                ("pow", 4, 2.0), ("pow", 5, 0.5), ("mul", 6, 0), ("exp", 1), ("add", 7, 8))
        written = self.serve(NativeValue, requests)
        values = struct.unpack("<21d", written)
        a, b = NativeValue(2.0), NativeValue(0.5)
        out = (((a - b) / b).__neg__() ** 2) ** 0.5 * a + b.exp()
        out.backward()
        self.assertEqual(values[0], 10)
        self.assertEqual(values[1:3], (2.0, a.grad))
        self.assertEqual(values[3:5], (0.5, b.grad))
        self.assertEqual(values[19:21], (out.data, 1.0))

    def test_an_integral_exponent_is_given_as_an_int(self):
        seen = []

        class Spy(NativeValue):
            def __pow__(self, other):
                seen.append(other)
                return NativeValue.__pow__(self, other)

        self.serve(Spy, self.program(("leaf", 3.0), ("pow", 0, 2.0), ("pow", 1, -1.5)))
        self.assertEqual([(type(e), e) for e in seen], [(int, 2), (float, -1.5)])

    def test_programs_answered_together_are_answered_in_turn(self):
        requests = self.program(("leaf", 3.0), ("mul", 0, 0)) + self.program(("leaf", -1.5),)
        written = self.serve(NativeValue, requests)
        self.assertEqual(written, struct.pack("<5d", 2, 3.0, 6.0, 9.0, 1.0) + struct.pack("<3d", 1, -1.5, 1.0))

    def test_an_error_stops_one_program_only(self):
        requests = (self.record("leaf", number=2.0) + self.record(99, 0) + self.record("backward", 1)
                    + self.record("end") + self.program(("leaf", 3.0), ("mul", 0, 0)) + self.record("quit"))
        error, rest = self.serve(NativeValue, requests).split(b"\n", 1)
        self.assertEqual(error, bytes(8) + b"error statement '1 (request code 99)': ValueError: "
                                           b"request code 99 is not in the protocol")
        self.assertEqual(rest, struct.pack("<5d", 2, 3.0, 6.0, 9.0, 1.0))

    def test_an_exception_names_the_statement_as_the_protocol_writes_it(self):
        written = self.serve(NativeValue, self.program(("leaf", 2.0), ("leaf", 0.0), ("div", 0, 1)))
        self.assertTrue(written.startswith(bytes(8) + b"error statement '2 div 0 1': ZeroDivisionError"), written)

    def test_numbers_that_are_not_numbers_fail_their_program_only(self):
        class Odd(NativeValue):
            @property
            def grad(self):
                return None if self.data == 5.0 else 1.0

            @grad.setter
            def grad(self, value):
                pass

        requests = self.program(("leaf", 1.0),) + self.program(("leaf", 5.0),) + self.program(("leaf", 2.0),)
        written = self.serve(Odd, requests)
        first = struct.pack("<3d", 1, 1.0, 1.0)
        last = struct.pack("<3d", 1, 2.0, 1.0)
        self.assertTrue(written.startswith(first + bytes(8) + b"error reading data and grad: TypeError"), written)
        self.assertTrue(written.endswith(b"\n" + last), written)

    def test_an_exception_in_the_engine_is_one_error_line(self):
        written = self.serve(lambda x: 1 / 0, self.program(("leaf", 2.0), ("log", 0)))
        self.assertTrue(written.startswith(bytes(8) + b"error statement '0 leaf 2.0': ZeroDivisionError"), written)
        self.assertEqual(written.count(b"\n"), 1)

    def test_a_failure_before_quit_ends_the_serving(self):
        requests = self.record("leaf", number=2.0) + self.record("log", 0) + self.record("quit")
        self.assertEqual(self.serve(lambda x: 1 / 0, requests), b"")

    def test_the_pipe_reads_records_split_anywhere(self):
        """The handshake line and the records arrive in pieces of any size (here 1, 7 and 13
        bytes); the pipe still gives whole records, in order."""
        whole = b"gradviz-engine 1\n" + self.program(("leaf", 2.0), ("add", 0, 0)) + self.record("quit")
        for size in (1, 7, 13, len(whole)):
            pieces = [whole[i:i + size] for i in range(0, len(whole), size)]
            pipe = gradviz._ProtocolPipe(-1, -1, read=lambda fd, n, pieces=pieces: pieces.pop(0) if pieces else b"")
            pipe.flush = lambda: None
            self.assertEqual(pipe.handshake(), "gradviz-engine 1")
            got = list(pipe.requests())
            self.assertEqual(got, [(5, 0, 0, 2.0), (0, 0, 0, 0.0), (13, 1, 0, 0.0), (14, 0, 0, 0.0),
                                   (15, 0, 0, 0.0)], size)


@unittest.skipUnless(REAL, "GRADVIZ_REAL not set")
class TestEngineAgainstGradviz(unittest.TestCase):
    def setUp(self):
        self.saved = gradviz.binary
        gradviz.binary = REAL

    def tearDown(self):
        gradviz.binary = self.saved

    def test_correct_engine_passes(self):
        result = gradviz.test_engine(NativeValue, programs=1000, seed=1)
        self.assertTrue(result.passed, repr(result))
        self.assertIn("1,000 programs", result.summary)
        self.assertIn("no difference", result.summary)

    def test_overwrite_is_found_shrunk_named_and_drawn(self):
        result = gradviz.test_engine(OverwritingValue, programs=300, seed=1)
        self.assertFalse(result.passed)
        self.assertEqual(result.rule, "overwrite-in-add")
        self.assertIn("in which 'add' assigns its operands' gradients", result.failures[0]["diagnosis"])
        self.assertLessEqual(result.failures[0]["statements"], 3)
        self.assertIn("b = a + a", result.program)
        self.assertIn("<svg", result._repr_html_())

    def test_set_based_recursion_is_named_under_every_seed(self):
        # Its numbers depend on the sets' order, which follows the objects' addresses: under
        # every hash seed it is named, and said to give other numbers when run again.
        environment = dict(os.environ, GRADVIZ=REAL, PYTHONPATH=HERE)
        for seed in range(1, 6):
            environment["PYTHONHASHSEED"] = str(seed)
            command = [sys.executable, "-m", "gradviz", "test-engine", "test_gradviz:SetRecursiveValue"]
            run = subprocess.run(command, cwd=HERE, env=environment, capture_output=True, text=True, timeout=120)
            self.assertEqual(run.returncode, 1, run.stderr)
            self.assertIn("rule: recursive-set", run.stdout, f"PYTHONHASHSEED={seed}")

    def test_module_command_exits_1_on_a_difference(self):
        environment = dict(os.environ, GRADVIZ=REAL, PYTHONPATH=HERE)
        command = [sys.executable, "-m", "gradviz", "test-engine", "test_gradviz:OverwritingValue", "--programs", "100"]
        run = subprocess.run(command, cwd=HERE, env=environment, capture_output=True, text=True, timeout=120)
        self.assertEqual(run.returncode, 1, run.stderr)
        self.assertIn("rule: overwrite-in-add", run.stdout)
        command[4] = "test_gradviz:NativeValue"
        run = subprocess.run(command, cwd=HERE, env=environment, capture_output=True, text=True, timeout=120)
        self.assertEqual(run.returncode, 0, run.stdout + run.stderr)
        run = subprocess.run(command[:4] + ["test_gradviz:OverwritingValue", "--report", "json"], cwd=HERE,
                             env=environment, capture_output=True, text=True, timeout=120)
        self.assertEqual(run.returncode, 1, run.stderr)
        self.assertEqual(json.loads(run.stdout)["failures"][0]["rule"], "overwrite-in-add")


# MARK: - test_model

class MValue:
    """micrograd's engine, cut down to what its MLP uses (floats wrapped, `_prev` a set)."""

    def __init__(self, data, children=(), op=""):
        self.data, self.grad, self._prev, self._op = data, 0.0, set(children), op
        self._backward = lambda: None

    def __add__(self, other):
        other = other if isinstance(other, MValue) else MValue(other)
        out = MValue(self.data + other.data, (self, other), "+")

        def backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, MValue) else MValue(other)
        out = MValue(self.data * other.data, (self, other), "*")

        def backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = backward
        return out

    def relu(self):
        out = MValue(0 if self.data < 0 else self.data, (self,), "ReLU")

        def backward():
            self.grad += (out.data > 0) * out.grad
        out._backward = backward
        return out

    def __neg__(self):
        return self * -1

    def __sub__(self, other):
        return self + (-other)

    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def backward(self):
        order, seen = [], set()

        def build(value):
            if value not in seen:
                seen.add(value)
                for child in value._prev:
                    build(child)
                order.append(value)
        build(self)
        self.grad = 1.0
        for value in reversed(order):
            value._backward()


class ToyNeuron:
    def __init__(self, nin, nonlin=True):
        self.w = [MValue(random.uniform(-1, 1)) for _ in range(nin)]
        self.b = MValue(random.uniform(-0.5, 0.5))
        self.nonlin = nonlin

    def __call__(self, x):
        act = sum((wi * xi for wi, xi in zip(self.w, x)), self.b)
        return act.relu() if self.nonlin else act

    def parameters(self):
        return self.w + [self.b]


class ToyLayer:
    neuron = ToyNeuron

    def __init__(self, nin, nout, **kwargs):
        self.neurons = [self.neuron(nin, **kwargs) for _ in range(nout)]

    def __call__(self, x):
        out = [n(x) for n in self.neurons]
        return out[0] if len(out) == 1 else out

    def parameters(self):
        return [p for n in self.neurons for p in n.parameters()]


class ToyMLP:
    """micrograd's MLP, correct."""
    layer = ToyLayer

    def __init__(self, nin, nouts):
        sizes = [nin] + nouts
        self.layers = [self.layer(sizes[i], sizes[i + 1], nonlin=i != len(nouts) - 1) for i in range(len(nouts))]

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x

    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]


class DroppedSumNeuron(ToyNeuron):
    def __call__(self, x):
        act = self.b
        for wi, xi in zip(self.w, x):
            act + wi * xi  # the Go write-up's act.Add(...): computed, never assigned
        return act.relu() if self.nonlin else act


class DroppedSumLayer(ToyLayer):
    neuron = DroppedSumNeuron


class DroppedSumMLP(ToyMLP):
    """Structural bug 1: a neuron's `act + wi*xi` dropped."""
    layer = DroppedSumLayer


class UnfedMLP(ToyMLP):
    """Structural bug 2: each layer fed the inputs again, not the previous layer's outputs."""

    def __call__(self, x):
        out = x
        for layer in self.layers:
            out = layer(x)
        return out


class CopyingMLP(ToyMLP):
    """Structural bug 3: parameters() returns copies (fresh values) of the model's parameters."""

    def parameters(self):
        return [MValue(p.data) for p in super().parameters()]


class TestModelDocument(unittest.TestCase):
    def setUp(self):
        random.seed(1)

    def test_a_correct_model_reports_micrograds_graph(self):
        document = gradviz.model_document(ToyMLP, nin=3, nouts=[4, 4, 1])
        self.assertEqual((document["inputs"], document["layers"]), (3, [4, 4, 1]))
        self.assertEqual(len(document["parameters"]["data"]), 41)
        self.assertTrue(all(document["parameters"]["in_loss_graph"]))
        self.assertEqual(document["parameters"], document["neurons"])
        self.assertEqual(document["loss_nodes"], 392)  # 4 samples: see ModelCheckTests
        self.assertEqual(len(document["samples"][0]["layer_outputs"]), 3)

    def test_a_built_model_gives_its_shape(self):
        document = gradviz.model_document(ToyMLP(2, [3, 1]))
        self.assertEqual((document["inputs"], document["layers"]), (2, [3, 1]))

    def test_copies_are_not_in_the_graph_but_the_neurons_are(self):
        document = gradviz.model_document(CopyingMLP, nin=3, nouts=[4, 4, 1])
        self.assertFalse(any(document["parameters"]["in_loss_graph"]))
        self.assertTrue(all(document["neurons"]["in_loss_graph"]))
        self.assertEqual(set(document["parameters"]["grad"]), {0.0})


@unittest.skipUnless(REAL, "GRADVIZ_REAL not set")
class TestModelAgainstGradviz(unittest.TestCase):
    def setUp(self):
        self.saved = gradviz.binary
        gradviz.binary = REAL
        random.seed(1)

    def tearDown(self):
        gradviz.binary = self.saved

    def test_a_correct_mlp_agrees(self):
        result = gradviz.test_model(ToyMLP, nin=3, nouts=[4, 4, 1])
        self.assertTrue(result.passed, repr(result))
        self.assertEqual(result.kind, "same")
        self.assertIn("loss graph 392 values (micrograd: 392)", result.summary)

    def test_dropped_sum_every_sample_the_same(self):
        result = gradviz.test_model(DroppedSumMLP, nin=3, nouts=[4, 4, 1])
        self.assertFalse(result.passed)
        self.assertEqual(result.kind, "same-output")
        self.assertTrue(result.sentence.startswith("every sample gives the same output"), result.sentence)
        self.assertIn("drops the result", repr(result))

    def test_unfed_layer_a_fraction_of_the_graph(self):
        result = gradviz.test_model(UnfedMLP, nin=3, nouts=[4, 4, 1])
        self.assertEqual(result.kind, "layer-not-fed")
        self.assertRegex(result.sentence,
                         r"^the loss graph has 1/\d+ of the nodes it should \(layer 3 is not fed layer 2's outputs\)$")

    def test_copied_parameters_keep_grad_zero(self):
        result = gradviz.test_model(CopyingMLP, nin=3, nouts=[4, 4, 1])
        self.assertEqual(result.kind, "copies")
        self.assertEqual(result.sentence, "backward ran but the model's parameters kept grad 0 (the graph holds copies)")
        self.assertIn("backward ran but", result._repr_html_())

    def test_pypi_micrograd_agrees(self):
        try:
            from micrograd.nn import MLP
        except ImportError:
            self.skipTest("PyPI micrograd is not installed (pip install micrograd)")
        for shape in ((3, [4, 4, 1]), (2, [16, 16, 1]), (2, [3, 2])):
            result = gradviz.test_model(MLP, nin=shape[0], nouts=shape[1], samples=6)
            self.assertTrue(result.passed, f"{shape}: {result!r}")
            self.assertIsNone(result.note, result.note)  # micrograd's graph, node for node

    def test_module_command_exit_codes(self):
        environment = dict(os.environ, GRADVIZ=REAL, PYTHONPATH=HERE)
        command = [sys.executable, "-m", "gradviz", "test-model", "test_gradviz:UnfedMLP", "--nin", "3",
                   "--nouts", "4,4,1"]
        run = subprocess.run(command, cwd=HERE, env=environment, capture_output=True, text=True, timeout=120)
        self.assertEqual(run.returncode, 1, run.stderr)
        self.assertIn("layer 3 is not fed layer 2's outputs", run.stdout)
        command[4] = "test_gradviz:ToyMLP"
        run = subprocess.run(command, cwd=HERE, env=environment, capture_output=True, text=True, timeout=120)
        self.assertEqual(run.returncode, 0, run.stdout + run.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=1)
