"""gradviz from Python: draw and verify the expression graph of a micrograd-style engine.

One dependency-free file (Python 3.8+, standard library only). Import it, or copy it next to
your notebook::

    import gradviz
    loss.backward()
    gradviz.draw(loss)                  # displayed inline in Jupyter (SVG)
    gradviz.draw(loss, interactive=True, rankdir="TB")   # the pan/zoom/search viewer
    gradviz.verify(loss)                # [] when every value and gradient is right
    gradviz.verify(loss, strict=True)   # raises GradientMismatch listing what is wrong
    gradviz.export(loss, "graph.json")  # gradviz-graph JSON, for `gradviz verify graph.json`
    gradviz.test_engine(Value)          # your engine against gradviz's on 1,000 generated programs
    gradviz.test_model(MLP, nin=2, nouts=[4, 4, 1])   # your MLP against gradviz's, same weights

In a terminal or CI: `python -m gradviz test-engine mymodule:Value` (exit 0: no difference),
`python -m gradviz test-model mymodule:MLP --nin 2 --nouts 4,4,1` (exit 0: the model agrees).

It works with micrograd and with ports that name things differently: operands are read from
`_prev`, `_children`, `children` or `prev` (a set, tuple, list or any iterable), the op from
`_op` or `op`, the name from `label` or `name`, the numbers from `data` and `grad`; pass
`prev="inputs"`, `op="kind"`, ... to `export`/`draw`/`verify` for other names.

`draw` and `verify` run the gradviz command-line tool. It is found, in this order, at
`gradviz.binary = "/path/to/gradviz"`, in the environment variable GRADVIZ (both name one
explicitly), inside this package when it was installed from the wheel (`pip install gradviz`:
the binary with its own Graphviz and fonts), as `gradviz` on PATH, or in `.build/release/` or
`.build/debug/` of the gradviz checkout this file sits in.
"""

import html
import itertools
import json
import math
import operator
import os
import re
import shutil
import struct
import subprocess
import sys
from collections import namedtuple

__version__ = "0.1.0"  # the same as `gradviz --version` (Sources/gradviz/Gradviz.swift)

__all__ = [
    "export", "export_graph", "draw", "verify", "Drawing", "Mismatch",
    "GradvizError", "GradvizNotFound", "GradientMismatch", "binary", "timeout",
    "test_engine", "EngineTestResult", "test_model", "ModelTestResult", "model_document",
]

#: Path of the gradviz binary to run; None means: look for it (see `find_binary`).
binary = None
#: Seconds a gradviz run may take before it is stopped (draw adds its own --timeout to this).
#: None: no limit of this module's; gradviz's own --timeout (60 s unless given) still bounds
#: reading and drawing.
timeout = 120.0

BINARY_OPS = {"+", "*", "-", "/"}
OPERAND_NAMES = ("_prev", "_children", "children", "prev")
OP_NAMES = ("_op", "op")
LABEL_NAMES = ("label", "name")
_ATTRIBUTE_KEYS = {"data", "grad", "op", "prev", "label"}
_ATTRIBUTE_ALIASES = {"operands": "prev", "children": "prev", "_prev": "prev", "_op": "op", "name": "label"}


# MARK: - Errors

class GradvizError(RuntimeError):
    """gradviz could not do what was asked: a bad graph (exit status 64), a failure, a time-out.

    `returncode`, `stderr` and `command` say what ran and what it said.
    """

    def __init__(self, message, returncode=None, stderr="", command=None):
        super().__init__(message)
        self.returncode = returncode
        self.stderr = stderr
        self.command = command


class GradvizNotFound(GradvizError, FileNotFoundError):
    """No gradviz binary was found; the message says how to build one and point at it."""


class GradientMismatch(AssertionError):
    """`verify(..., strict=True)` found values or gradients that are wrong; `.mismatches` lists them."""

    def __init__(self, mismatches, nodes=None):
        self.mismatches = list(mismatches)
        self.nodes = nodes
        count = len(self.mismatches)
        head = f"{count} mismatch{'es' if count != 1 else ''}" + (f" in a graph of {nodes} nodes" if nodes else "")
        super().__init__("\n  ".join([head + ":"] + [str(m) for m in self.mismatches]))


class Mismatch(namedtuple("Mismatch", "node label op quantity expected found value")):
    """One value or gradient that differs from what a correct pass gives.

    `node` is the node's id in the exported graph, `label` its name (or None), `op` the op that
    made it (None for a leaf), `quantity` "data" or "grad", `expected` and `found` the numbers,
    and `value` the Python object itself (so `m.value.grad` is at hand).
    """

    __slots__ = ()

    def __str__(self):
        name = f"node {self.node}" + (f" ({self.label})" if self.label else "")
        made = f"'{self.op}'" if self.op else "leaf"
        what = "forward" if self.quantity == "data" else "backward"
        return f"{name}, {made}: {what}: {self.quantity} is {self.found!r}, expected {self.expected!r}"

    def __repr__(self):
        return (f"Mismatch(node={self.node!r}, label={self.label!r}, op={self.op!r}, "
                f"quantity={self.quantity!r}, expected={self.expected!r}, found={self.found!r})")


# MARK: - Export

def _number(x, where):
    try:
        x = float(x)
    except OverflowError:
        # An int past a float's range (10**400); its repr could be thousands of digits long.
        raise TypeError(f"{where} is not a number gradviz can hold: an int of {x.bit_length()} bits, "
                        "past a float's range (about 1.8e308)") from None
    except (TypeError, ValueError):
        raise TypeError(f"{where} is not a number: {_short_repr(x)}") from None
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def _short_repr(x):
    try:
        text = repr(x)
    except Exception:  # such as ValueError for an int of more than 4,300 digits
        return f"a {type(x).__name__}"
    return text if len(text) <= 80 else text[:77] + "..."


def _parse_number(x):
    if isinstance(x, str):
        return float(x)  # "nan", "inf", "-inf"
    return x


def _first_attribute(value, names):
    for name in names:
        if hasattr(value, name):
            return getattr(value, name)
    return None


def _names(attribute_names):
    names = {}
    for key, name in attribute_names.items():
        key = _ATTRIBUTE_ALIASES.get(key, key)
        if key not in _ATTRIBUTE_KEYS:
            raise TypeError(f"unknown attribute name '{key}': the names that can be given are "
                            "data, grad, op, prev (operands) and label")
        if name is not None:
            names[key] = name
    return names


def _is_unordered(value, names):
    """Whether the engine keeps this value's operands in a set (micrograd's `_prev`): their
    order then changes from run to run, and gradviz decides it from the numbers."""
    operands = getattr(value, names["prev"], None) if "prev" in names else _first_attribute(value, OPERAND_NAMES)
    return isinstance(operands, (set, frozenset))


def _operands_of(value, names):
    if "prev" in names:
        operands = getattr(value, names["prev"], ())
    else:
        operands = _first_attribute(value, OPERAND_NAMES)
    if operands is None:
        return []
    if callable(operands) and not hasattr(operands, "__iter__"):
        operands = operands()
    return list(operands)


def _op_of(value, names):
    op = getattr(value, names["op"], None) if "op" in names else _first_attribute(value, OP_NAMES)
    if callable(op):
        op = op()
    if hasattr(op, "value") and isinstance(op.value, str):  # an Enum of op names
        op = op.value
    if op is None or op == "":
        return None
    return op if isinstance(op, str) else str(op)


def _label_of(value, names):
    if "label" in names:
        candidates = [getattr(value, names["label"], None)]
    else:
        candidates = [getattr(value, name, None) for name in LABEL_NAMES]
    for label in candidates:
        if label is not None and not callable(label) and str(label) != "":
            return str(label)
    return None


def walk(root, **attribute_names):
    """Every value `root` was computed from, itself last, operands before the values made
    from them (an iterative post-order: no recursion limit), and each value's operands by
    id(): ``(order, operands_of)``."""
    names = _names(attribute_names)
    operands_of = {}
    order, seen, stack = [], set(), [(root, False)]
    while stack:
        value, expanded = stack.pop()
        if expanded:
            order.append(value)
            continue
        if id(value) in seen:
            continue
        seen.add(id(value))
        operands = operands_of[id(value)] = _operands_of(value, names)
        stack.append((value, True))
        for child in operands:
            stack.append((child, False))
    return order, operands_of


def _places(model, prefix="model", depth=6):
    """{id(object): its place in `model`}, e.g. `model.layers[1].neurons[4].b`: every object
    reachable through attributes, lists, tuples and string-keyed dicts, by its shortest path
    (first found, breadth first)."""
    places, queue = {}, [(model, prefix)]
    for _ in range(depth + 1):
        following = []
        for thing, place in queue:
            if id(thing) in places or isinstance(thing, (str, bytes, int, float, bool, type(None))):
                continue
            places[id(thing)] = place
            if isinstance(thing, (list, tuple)):
                following += [(item, f"{place}[{index}]") for index, item in enumerate(thing)]
            elif isinstance(thing, dict):
                following += [(item, f"{place}[{key!r}]") for key, item in thing.items() if isinstance(key, str)]
            else:
                fields = getattr(thing, "__dict__", None)
                if fields is None:
                    fields = {slot: getattr(thing, slot) for slot in getattr(type(thing), "__slots__", ())
                              if hasattr(thing, slot)}
                following += [(item, f"{place}.{key}") for key, item in fields.items()
                              if not key.startswith("_")]
        queue = following
    return places


def _naming(model, names):
    """{id(value): name} from `model` (places) and `names` (a mapping or pairs of value, name)."""
    naming = {}
    if model is not None:
        naming.update(_places(model))
        naming.pop(id(model), None)
    if names is not None:
        pairs = names.items() if hasattr(names, "items") else names
        naming.update({id(value): str(name) for value, name in pairs})
    return naming


def _graph(root, attribute_names, naming=None):
    """The gradviz-graph document of `root`'s graph, and the Python objects in node-id order.
    `naming` ({id(value): name}) names values by their place, over the engine's own labels."""
    names = _names(attribute_names)
    order, operands_of = walk(root, **attribute_names)
    ids = {id(value): index for index, value in enumerate(order)}
    data, grad = names.get("data", "data"), names.get("grad", "grad")
    nodes = []
    for value in order:
        index = ids[id(value)]
        op = _op_of(value, names)
        label = naming.get(id(value)) if naming else None
        if label is None:
            label = _label_of(value, names)
        operands = [ids[id(child)] for child in operands_of[id(value)]]
        if op in BINARY_OPS and len(operands) == 1:
            operands = operands * 2  # a set-based engine keeps `a + a` as one operand: both slots
        where = f"node {index}" + (f" ({label})" if label else "")
        if not hasattr(value, data):
            raise TypeError(f"{where}: {type(value).__name__} has no attribute '{data}' "
                            f"(pass data=\"...\" with the name your engine uses)")
        nodes.append({
            "id": index,
            "label": label,
            "op": op,
            "operands": operands,
            "data": _number(getattr(value, data), f"{where}: {data}"),
            "grad": _number(getattr(value, grad, 0.0), f"{where}: {grad}"),
        })
    document = {"format": "gradviz-graph", "version": 1, "root": ids[id(root)], "nodes": nodes}
    if any(_is_unordered(value, names) for value in order):
        document["operand_order"] = "unordered"
    return document, order


def export(root, path=None, **attribute_names):
    """Returns `root`'s graph as gradviz-graph JSON text and, with `path`, writes it there.

    Attribute names default to micrograd's, with common alternatives tried in turn; give
    `data=`, `grad=`, `op=`, `prev=` (operands) or `label=` for an engine that names them
    otherwise. Nodes are written operands first; the root is the value passed.
    """
    document, _ = _graph(root, attribute_names)
    text = json.dumps(document, indent=1)
    if path is not None:
        with open(path, "w") as out:
            out.write(text + "\n")
    return text


def export_graph(root, path=None, *, data="data", grad="grad", op="_op", prev="_prev", label="label"):
    """scripts/make/micrograd_export.py's function, kept: the same as `export` with explicit names."""
    return export(root, path, data=data, grad=grad, op=op, prev=prev, label=label)


# MARK: - Finding and running gradviz

def _repository_binaries():
    here = os.path.dirname(os.path.abspath(__file__))
    checkout = os.path.dirname(here)
    return [os.path.join(checkout, ".build", kind, "gradviz") for kind in ("release", "debug")]


HOW_TO_BUILD = (
    "Build it in a gradviz checkout with `scripts/gradviz --version` (it installs what it needs and "
    "builds .build/release/gradviz), then point at it: `gradviz.binary = \"/path/to/gradviz\"` in "
    "Python, or `export GRADVIZ=/path/to/gradviz` before starting Jupyter, or put it on PATH.")


def _executable(path):
    return os.path.isfile(path) and os.access(path, os.X_OK)


def _bundled_binary():
    """The binary inside this package (installed from the wheel), or None."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bin", "gradviz")
    return path if _executable(path) else None


def _environment(path):
    """The environment to run the binary at `path` in: for the wheel's own binary, fontconfig
    reads the package's fonts.conf (its DejaVu fonts, nothing of the system's); None (this
    process's environment) for any other binary. Graphviz finds its plugins in lib/graphviz/
    beside the bundled libgvc without being told."""
    bundled = _bundled_binary()
    if bundled is None or os.path.realpath(path) != os.path.realpath(bundled):
        return None
    fonts = os.path.join(os.path.dirname(os.path.dirname(bundled)), "fonts")
    environment = dict(os.environ)
    environment["FONTCONFIG_FILE"] = os.path.join(fonts, "fonts.conf")
    environment["FONTCONFIG_PATH"] = fonts
    return environment


def _command_line():
    """The `gradviz` command the wheel installs: runs the bundled binary with these arguments."""
    import sys
    path = _bundled_binary()
    if path is None:
        sys.stderr.write("gradviz: this installation has no bundled binary (" + __file__ + ")\n")
        return 127
    os.execve(path, [path] + sys.argv[1:], _environment(path))


def find_binary():
    """The path of the gradviz binary to run, or GradvizNotFound saying how to get one."""
    for source, path in (("gradviz.binary", binary), ("GRADVIZ", os.environ.get("GRADVIZ"))):
        if path:
            path = os.path.expanduser(str(path))
            if _executable(path):
                return path
            found = shutil.which(path) if os.sep not in path else None
            if found:
                return found
            raise GradvizNotFound(f"{source} is {path!r}, which is not an executable file.\n" + HOW_TO_BUILD)
    bundled = _bundled_binary()
    if bundled:
        return bundled
    on_path = shutil.which("gradviz")
    if on_path:
        return on_path
    candidates = _repository_binaries()
    for path in candidates:
        if _executable(path):
            return path
    raise GradvizNotFound("gradviz binary not found (looked at: gradviz.binary, $GRADVIZ, PATH, "
                          + ", ".join(candidates) + ").\n" + HOW_TO_BUILD)


def _flags(options):
    """`rankdir="TB"` -> `--rankdir TB`, `edge_grads=True` -> `--edge-grads`; None/False are left out."""
    arguments = []
    for key, value in options.items():
        flag = "--" + key.replace("_", "-")
        if value is None or value is False:
            continue
        if value is True:
            arguments.append(flag)
        elif isinstance(value, (list, tuple)):
            for item in value:
                arguments += [flag, str(item)]
        else:
            arguments += [flag, str(value)]
    return arguments


def _message(stderr, returncode):
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    for line in lines:
        if line.lower().startswith("error:"):
            message = line
            break
    else:
        message = lines[0] if lines else f"gradviz exited with status {returncode} and said nothing"
    if "unknown option '--report'" in stderr.lower() or "unexpected argument 'draw'" in stderr.lower():
        message += (" (this gradviz binary is older than `draw` and `verify --report json`: "
                    "rebuild it with scripts/gradviz)")
    return message


def _run(arguments, stdin_text, seconds):
    command = [find_binary()] + arguments
    try:
        completed = subprocess.run(command, input=stdin_text.encode("utf-8"), stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, timeout=seconds, env=_environment(command[0]))
    except subprocess.TimeoutExpired as expired:
        stderr = (expired.stderr or b"").decode("utf-8", "replace")
        raise GradvizError(f"gradviz {arguments[0]} did not finish within {seconds:g} s and was stopped "
                           "(a smaller picture: --max-nodes, or draw(..., format='table'))",
                           None, stderr, command) from None
    except OSError as error:
        raise GradvizError(f"could not run {command[0]}: {error}", None, "", command) from None
    return command, completed.returncode, completed.stdout, completed.stderr.decode("utf-8", "replace")


# MARK: - Drawing

TEXT_FORMATS = {"svg", "dot", "json", "html", "table"}


def _viewer_height(page, width=900, panel=320, chrome=140, least=300, most=720):
    """Pixels of height for the viewer page `page` in an iframe `width` pixels wide: the
    graph, scaled to the width beside the details panel as the page scales it, plus the
    header, stepper and footer, between `least` (a 4-node graph is no thin strip in a tall
    empty frame) and `most` (a tall graph scrolls and zooms inside)."""
    found = re.search(r'<svg\b[^>]*?\bwidth="([0-9.]+)pt"[^>]*?\bheight="([0-9.]+)pt"', page)
    if not found:
        return 640
    graph_width, graph_height = float(found.group(1)), float(found.group(2))
    if graph_width <= 0:
        return 640
    return int(max(least, min(most, chrome + (width - panel) * graph_height / graph_width)))


class Drawing:
    """A picture made by gradviz. Jupyter shows it inline; `.data` holds it, `.save(path)` writes it.

    `.data` is text for svg, html, dot, json and table, bytes for png and pdf.
    """

    def __init__(self, data, format, stderr=""):
        self.data = data
        self.format = format
        self.stderr = stderr

    def _repr_svg_(self):
        if self.format != "svg":
            return None
        # Graphviz sizes the picture in points (an MLP's graph is thousands wide): shown inline
        # it keeps its shape but never runs past the notebook's width.
        return re.sub(r"<svg\b", '<svg style="max-width: 100%; height: auto"', self.data, count=1)

    def _repr_png_(self):
        return self.data if self.format == "png" else None

    def _repr_html_(self):
        if self.format != "html":
            return None
        # The viewer is a whole page with its own script and style: an iframe keeps it apart,
        # as tall as the graph needs at the notebook's width (see _viewer_height).
        return (f'<iframe style="width: 100%; height: {_viewer_height(self.data)}px; border: 1px solid #ddd" '
                f'srcdoc="{html.escape(self.data, quote=True)}"></iframe>')

    def _repr_pretty_(self, printer, cycle):
        printer.text(self.data if self.format in ("table", "dot", "json") else repr(self))

    def save(self, path):
        """Writes the picture to `path` and returns the path."""
        if isinstance(self.data, bytes):
            with open(path, "wb") as out:
                out.write(self.data)
        else:
            with open(path, "w", encoding="utf-8") as out:
                out.write(self.data)
        return path

    def __repr__(self):
        return f"<gradviz.Drawing {self.format}, {len(self.data)} {'bytes' if isinstance(self.data, bytes) else 'characters'}>"

    def __str__(self):
        return self.data if isinstance(self.data, str) else repr(self)


def _split(options):
    attribute_names = {key: options.pop(key) for key in list(options)
                       if key in _ATTRIBUTE_KEYS or key in _ATTRIBUTE_ALIASES}
    return attribute_names, options


def _seconds(options):
    """Seconds to wait for gradviz: `timeout` plus gradviz's own --timeout; None: no limit."""
    if timeout is None:
        return None
    own = options.get("timeout")
    return float(timeout) + (float(own) if own else 0.0)


#: Formats by file extension, as gradviz tells them.
_EXTENSIONS = {".svg": "svg", ".png": "png", ".pdf": "pdf", ".html": "html", ".htm": "html",
               ".dot": "dot", ".gv": "dot", ".json": "json", ".txt": "table"}


def draw(root, format=None, interactive=False, out=None, **options):
    """Draws `root`'s graph with gradviz and returns a `Drawing` that Jupyter displays inline.

    `interactive=True` gives the HTML viewer (pan, zoom, search, click for details). `format`
    is svg unless `out` names a file whose extension says otherwise. `out="graph.svg"` also
    writes the picture to that file (gradviz writes it whole or not at all) and returns the
    Drawing of what was written. Other keyword arguments become gradviz flags as given
    (`rankdir="TB"` -> `--rankdir TB`, `edge_grads=True` -> `--edge-grads`); `prev=`, `op=`,
    `label=`, `data=`, `grad=` name the engine's attributes as in `export`.
    """
    attribute_names, options = _split(dict(options))
    out = None if out is None or out == "-" else os.fspath(out)
    if interactive:
        format = "html"
    if format is None:
        format = _EXTENSIONS.get(os.path.splitext(out)[1].lower(), "svg") if out else "svg"
    format = str(format).lower()
    text = export(root, **attribute_names)
    # A regular file (or a new one) is written by gradviz and read back; anything else (a
    # device, a FIFO) gets the bytes gradviz wrote to stdout.
    to_file = out is not None and (not os.path.exists(out) or os.path.isfile(out))
    arguments = ["draw", "-", "--format", format, "--out", out if to_file else "-"] + _flags(options)
    command, status, stdout, stderr = _run(arguments, text, _seconds(options))
    if status != 0:
        raise GradvizError(_message(stderr, status), status, stderr, command)
    if to_file:
        with open(out, "rb") as written:
            stdout = written.read()
    data = stdout.decode("utf-8", "replace") if format in TEXT_FORMATS else stdout
    drawing = Drawing(data, format, stderr)
    if out is not None and not to_file:
        with open(out, "wb" if isinstance(data, bytes) else "w") as destination:
            destination.write(data)
    return drawing


# MARK: - Verifying

def verify(root, strict=False, model=None, names=None, **options):
    """Checks every value and gradient of `root`'s graph with gradviz; returns the mismatches.

    An empty list means every value and gradient is what a correct forward and backward pass
    gives. With `strict=True` a mismatch raises `GradientMismatch` (an AssertionError) instead.
    `model=` names each value found in the model by its place (`model.layers[1].neurons[4].b`,
    through attributes, lists and dicts) instead of a memory address; `names=` (a dict or pairs
    of value and name) names any others.
    A graph gradviz cannot read raises `GradvizError` with gradviz's message. Other keyword
    arguments become gradviz flags (`atol=1e-9` -> `--atol 1e-9`, `out="wrong.svg"` draws the
    graph with the mismatches in red).
    """
    attribute_names, options = _split(dict(options))
    document, order = _graph(root, attribute_names, _naming(model, names))
    text = json.dumps(document, indent=1)
    arguments = ["verify", "-", "--report", "json"] + _flags(options)
    command, status, stdout, stderr = _run(arguments, text, _seconds(options))
    if status not in (0, 1):
        raise GradvizError(_message(stderr, status), status, stderr, command)
    try:
        report = json.loads(stdout.decode("utf-8"))
        rows = report["mismatches"]
    except (ValueError, KeyError, TypeError):
        raise GradvizError(f"gradviz verify exited with status {status} without a JSON report"
                           + (f": {_message(stderr, status)}" if stderr.strip() else ""),
                           status, stderr, command) from None
    by_id = {str(index): value for index, value in enumerate(order)}
    mismatches = [Mismatch(
        node=row.get("node"),
        label=row.get("label"),
        op=row.get("op"),
        quantity=row.get("quantity"),
        expected=_parse_number(row.get("expected")),
        found=_parse_number(row.get("found")),
        value=by_id.get(str(row.get("node"))),
    ) for row in rows]
    if status == 1 and not mismatches:
        raise GradvizError("gradviz verify exited with status 1 but reported no mismatch"
                           + (f": {_message(stderr, status)}" if stderr.strip() else ""),
                           status, stderr, command)
    if strict and mismatches:
        raise GradientMismatch(mismatches, report.get("nodes"))
    return mismatches


# MARK: - test_engine: your engine against gradviz's, on generated programs

#: The protocol's operations and how each is tried on two leaves (`a`, `b`) and applied.
_ENGINE_OPERATIONS = [
    ("add", lambda a, b: a + b),
    ("sub", lambda a, b: a - b),
    ("mul", lambda a, b: a * b),
    ("div", lambda a, b: a / b),
    ("neg", lambda a: -a),
    ("pow", lambda a, e: a ** e),
    ("powv", lambda a, b: a ** b),
    ("exp", lambda a: a.exp()),
    ("log", lambda a: a.log()),
    ("tanh", lambda a: a.tanh()),
    ("relu", lambda a: a.relu()),
    ("sigmoid", lambda a: a.sigmoid()),
]


def _discover_operations(leaf):
    """The operations `leaf`'s values support: each tried on two fresh leaves; one that raises
    or returns something without `.data` is left out (an engine without tanh is not asked for it)."""
    supported = []
    for name, apply in _ENGINE_OPERATIONS:
        try:
            a, b = leaf(1.5), leaf(0.5)
            if name == "pow":
                result = apply(a, 2)
            elif apply.__code__.co_argcount == 2:
                result = apply(a, b)
            else:
                result = apply(a)
            float(result.data)
        except Exception:  # noqa: BLE001 - any failure means: not supported
            continue
        supported.append(name)
    return supported


#: The same operations as the serving loop applies them: C-level operator functions where the
#: protocol's operation is a Python operator (the same special methods `a + b` calls).
_SERVING = {
    "add": operator.add, "sub": operator.sub, "mul": operator.mul, "div": operator.truediv,
    "neg": operator.neg, "pow": operator.pow, "powv": operator.pow,
    "exp": operator.methodcaller("exp"), "log": operator.methodcaller("log"),
    "tanh": operator.methodcaller("tanh"), "relu": operator.methodcaller("relu"),
    "sigmoid": operator.methodcaller("sigmoid"),
}

#: A binary request (`--requests binary`): per statement a record of a code, two operands and a
#: number (a leaf's data or `pow`'s exponent), little-endian. The codes are the indices of
#: `_REQUEST_CODES` (the binary operations first, so the commonest case is one comparison),
#: then 13 `backward`, 14 `end` and 15 `quit`.
_REQUEST = struct.Struct("<IIId")
_REQUEST_CODES = ["add", "sub", "mul", "div", "powv", "leaf", "neg", "exp", "log", "tanh", "relu", "sigmoid", "pow"]
_BACKWARD_CODE, _END_CODE, _QUIT_CODE = 13, 14, 15

#: The format of a run of little-endian doubles for `struct.pack`.
_DOUBLES = "@%dd" if sys.byteorder == "little" else "<%dd"

#: A binary answer's count that says an `error` line follows.
_ERROR_RECORD = bytes(8)


class _Answers:
    """Answers in the binary encoding (`--answers binary`), gathered until the pipe writes
    them: per program a record of little-endian doubles, its statement count N, then each
    value's data and grad; or the count 0 and a line `error MESSAGE`. While a program is
    answered its numbers are only appended to `numbers` (about what reading them costs
    anyway); all are converted to doubles by one `struct.pack` when the pipe writes
    (`settle`)."""

    def __init__(self):
        self.out = []  # bytes-like pieces ready to write
        self.numbers = []  # N, data, grad, data, grad, ... of the programs not yet settled

    def error(self, message):
        """`error MESSAGE` as the answer to the next program."""
        self.settle()
        self.out.append(_ERROR_RECORD + ("error " + " ".join(message.split()) + "\n").encode())

    def line(self, text):
        self.settle()
        self.out.append(text.encode())

    def settle(self):
        """Encodes the programs answered so far into `out`; a program whose numbers are not
        numbers (`float()` refuses them) is answered with an error instead."""
        numbers = self.numbers
        if not numbers:
            return
        try:
            self._encode(numbers)
        except (TypeError, ValueError, OverflowError, struct.error):
            start = 0
            while start < len(numbers):
                end = start + 1 + 2 * numbers[start]
                try:
                    self._encode([float(number) for number in numbers[start:end]])
                except (TypeError, ValueError, OverflowError, struct.error) as error:
                    self.out.append(_ERROR_RECORD + ("error reading data and grad: " + " ".join(
                        f"{type(error).__name__}: {error}".split()) + "\n").encode())
                start = end
        numbers.clear()  # in place: the serving loop holds its `append`

    def _encode(self, numbers):
        # struct converts each number with float()'s rules, about twice as fast as array('d');
        # native doubles ("@") are the little-endian ones on a little-endian machine, and
        # pack almost twice as fast as "<" (no byte-order conversion).
        self.out.append(struct.pack(_DOUBLES % len(numbers), *numbers))


def _request_text(index, code, a, b, number):
    """A binary request as the protocol's text line (`2 mul 0 1`, `0 leaf 2.0`), for messages."""
    if code >= len(_REQUEST_CODES):
        return f"{index} (request code {code})"
    name = _REQUEST_CODES[code]
    if name == "leaf":
        return f"{index} leaf {number!r}"
    if name == "pow":
        return f"{index} pow {a} {number!r}"
    if code < 5:
        return f"{index} {name} {a} {b}"
    return f"{index} {name} {a}"


def _serve_requests(leaf, requests, answers):
    """Answers gradviz's programs in process (`--requests binary --answers binary`): builds
    each program with `leaf` and the operators, runs backward, gives every statement's value to
    `answers` (an `_Answers`); an exception becomes `error ...`. `requests` is an iterable of
    `_REQUEST` tuples (code, a, b, number), after the handshake; a `quit` or its end ends it.

    Each record is a tuple of four numbers that one `struct.iter_unpack` made, and the
    dispatch is a comparison or two on its code: about what running the same programs already
    parsed costs, which is what the bench compares it with."""
    requests = iter(requests)
    functions = [_SERVING.get(name) for name in _REQUEST_CODES]
    power = operator.pow
    values = []
    append = values.append
    number = answers.numbers.append
    # The codes as literals (`_REQUEST_CODES`' order): 0-4 two operands, 5 a leaf, 6-11 one
    # operand, 12 pow, 13 backward, 14 end, 15 quit.
    for code, a, b, x in requests:
        try:
            if code < 5:
                append(functions[code](values[a], values[b]))
            elif code == 5:
                append(leaf(x))
            elif code < 12:
                append(functions[code](values[a]))
            elif code == 12:
                append(power(values[a], int(x) if x.is_integer() else x))
            elif code == 13:
                values[a].backward()
            elif code == 14:  # end: the answer's numbers, gathered for the next write (see _Answers)
                number(len(values))
                for value in values:
                    number(value.data)
                    number(value.grad)
                values = []
                append = values.append
            elif code == 15:
                return
            else:
                raise ValueError(f"request code {code} is not in the protocol")
        except Exception as error:  # noqa: BLE001 - reported to gradviz, which stops
            where = ("backward()" if code == _BACKWARD_CODE else "reading data and grad" if code == _END_CODE
                     else f"statement '{_request_text(len(values), code, a, b, x)}'")
            message = f"{where}: {type(error).__name__}: {error}"
            if code == _END_CODE:
                answers.error(message)
            elif not _fail(answers, requests, message):
                return
            values = []
            append = values.append


def _fail(answers, requests, message):
    """Skips the rest of a failed program (to its `end`) and answers it with `error`; False
    when `quit` or the end of the requests came first."""
    for request in requests:
        if request[0] == _END_CODE:
            answers.error(message)
            return True
        if request[0] == _QUIT_CODE:
            return False
    return False


class EngineTestResult:
    """What `test_engine` found. `passed` is True when no difference was found; `summary` is
    gradviz's line; `failures` lists the minimal failing programs (dicts with `expression`,
    `python`, `rule`, `diagnosis`, `varies`, `inner_values`, `values`, `reproduce`); `svg` is the first one drawn; `text`
    is the whole report. Shown in a notebook as the report and the picture."""

    def __init__(self, returncode, report, text, svg, stderr):
        self.returncode = returncode
        self.report = report or {}
        self.text = text
        self.svg = svg
        self.stderr = stderr
        self.summary = self.report.get("summary", "")
        self.failures = self.report.get("failures", [])
        self.passed = returncode == 0 and not self.failures

    @property
    def rule(self):
        """The catalogue id of the first failure's wrong rule, or None."""
        return self.failures[0].get("rule") if self.failures else None

    @property
    def program(self):
        """The first minimal failing program as Python code, or None."""
        return self.failures[0].get("python") if self.failures else None

    def __bool__(self):
        return self.passed

    def __repr__(self):
        return self.text.rstrip() if self.text else self.summary

    def _repr_html_(self):
        body = f"<pre>{html.escape(self.text or self.summary)}</pre>"
        return body + (self.svg if self.svg else "")


class _ProtocolPipe:
    """The adapter's ends of the conversation with gradviz. gradviz sends programs ahead of
    their answers; answers are gathered and written together just before a read would wait
    for more programs, so there is one write per batch, not one per program."""

    def __init__(self, read_fd, write_fd, read=os.read):
        self._read_fd, self._write_fd = read_fd, write_fd
        self._read = read
        self._rest = b""
        self.answers = _Answers()
        self._closed = False

    def handshake(self):
        """gradviz's first line (`gradviz-engine 1`), or None when it closed its end first."""
        data = b""
        while b"\n" not in data:
            chunk = self._read(self._read_fd, 1 << 16)
            if not chunk:
                return None
            data += chunk
        line, _, self._rest = data.partition(b"\n")
        return line.decode("utf-8", "replace").strip()

    def requests(self):
        """gradviz's binary requests after the handshake, as `_REQUEST` tuples, until it closes
        its end."""
        return itertools.chain.from_iterable(self._batches())

    def _batches(self):
        """The requests, an iterator over the whole records of each read."""
        unpack, size = _REQUEST.iter_unpack, _REQUEST.size
        rest = self._rest
        while True:
            whole = len(rest) - len(rest) % size
            if whole:
                yield unpack(rest[:whole])
                rest = rest[whole:]
            self.flush()
            chunk = self._read(self._read_fd, 1 << 16)
            if not chunk:
                return
            rest = rest + chunk if rest else chunk

    def flush(self):
        self.answers.settle()
        pieces, self.answers.out = self.answers.out, []
        if not pieces or self._closed:
            return
        data = b"".join(pieces)
        view = memoryview(data)
        try:
            while view:
                view = view[os.write(self._write_fd, view):]
        except BrokenPipeError:
            self._closed = True


def _test_engine_run(leaf, arguments, seconds):
    """Runs `gradviz test-engine --stdio ARGUMENTS` with this process as the adapter."""
    import tempfile
    operations = _discover_operations(leaf)
    command = [find_binary(), "test-engine", "--stdio", "--requests", "binary", "--answers", "binary"] + arguments
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors,
                                   env=_environment(command[0]))

        pipe = _ProtocolPipe(process.stdout.fileno(), process.stdin.fileno())
        try:
            greeting = pipe.handshake()
            if greeting is not None:
                if greeting.split()[:1] == ["gradviz-engine"]:
                    pipe.answers.line("ready " + " ".join(operations) + "\n")
                    _serve_requests(leaf, pipe.requests(), pipe.answers)
                else:
                    pipe.answers.line(f"error expected 'gradviz-engine 1', not '{greeting}'\n")
        finally:
            pipe.flush()
            try:
                process.stdin.close()
            except BrokenPipeError:
                pass
            try:
                status = process.wait(timeout=seconds)
            except subprocess.TimeoutExpired:
                process.kill()
                status = process.wait()
            process.stdout.close()
        errors.seek(0)
        stderr = errors.read().decode("utf-8", "replace")
    return status, stderr, command


def test_engine(Value, programs=1000, seed=1, max_size=None, timeout=10.0, all=False):  # noqa: A002
    """Tests a micrograd-style engine against gradviz's own on `programs` generated programs.

    `Value` is the class (or any callable making a leaf from a float). The operations it
    supports are discovered (`+ - * / -x ** exp() log() tanh() relu() sigmoid()` and a value
    exponent); programs use only those. Returns an `EngineTestResult`: in a notebook it shows
    the summary, or the minimal failing program (in gradviz's language and as Python, both
    engines' numbers, the wrong rule named) and its picture. Raises GradvizError when gradviz
    itself fails (an exception in the engine is reported as the adapter's error).
    """
    import tempfile
    with tempfile.TemporaryDirectory() as directory:
        report_path = os.path.join(directory, "report.json")
        svg_path = os.path.join(directory, "minimal.svg")
        arguments = ["--programs", str(programs), "--seed", str(seed), "--timeout", str(timeout),
                     "--report", "json", "--report-file", report_path, "--out", svg_path]
        if max_size is not None:
            arguments += ["--max-size", str(max_size)]
        if all:
            arguments.append("--all")
        status, stderr, command = _test_engine_run(Value, arguments, globals()["timeout"])
        if status not in (0, 1) or not os.path.exists(report_path):
            raise GradvizError(_message(stderr, status) if stderr.strip() else f"gradviz test-engine exited with status {status}",
                               status, stderr, command)
        with open(report_path, encoding="utf-8") as file:
            report = json.load(file)
        svg = None
        if os.path.exists(svg_path):
            with open(svg_path, encoding="utf-8") as file:
                svg = file.read()
    return EngineTestResult(status, report, _report_text(report), svg, stderr)


def _report_text(report):
    lines = []
    for failure in report.get("failures", []):
        lines.append(f"difference in program {failure['program']}, shrunk from {failure['original_statements']} "
                     f"to {failure['statements']} statements:")
        lines.append("  gradviz:  " + failure["expression"])
        lines.append("  Python:   " + "; ".join(failure["python"].splitlines()))
        for value in failure["values"]:
            marks = ("data " if value["data_differs"] else "") + ("grad" if value["grad_differs"] else "")
            lines.append(f"    {value['name']:<4} {value['statement']:<14} data {value['data']!r:<22} "
                         f"(gradviz {value['expected_data']!r})  grad {value['grad']!r:<22} "
                         f"(gradviz {value['expected_grad']!r})" + (f"  <- {marks.strip()} differs" if marks else ""))
        if failure.get("rule"):
            lines.append("rule: " + failure["rule"])
        lines.append(failure["diagnosis"])
        lines.append("reproduce: test_engine(..., seed=%d, programs=%d)" % (report.get("seed", 1), failure["program"]))
        lines.append("")
    lines.append(report.get("summary", ""))
    return "\n".join(lines)


# MARK: - test_model: your MLP against gradviz's, with the same weights

class ModelTestResult:
    """What `test_model` found. `passed` is True when the model agrees with gradviz's MLP;
    `sentence` says what is wrong (or that nothing is), `kind` names the case
    ("same", "same-output", "layer-not-fed", "copies", "unreached-parameters", "outputs",
    "loss", "gradients", ...), `details` the lines under it, `report` gradviz's whole JSON
    answer (both models' outputs, loss, loss-graph sizes and gradients) and `document` what
    was sent. Shown in a notebook as the sentence and its details."""

    def __init__(self, returncode, report, document):
        self.returncode = returncode
        self.report = report
        self.document = document
        self.kind = report.get("kind")
        self.sentence = report.get("sentence", "")
        self.details = list(report.get("details", []))
        self.note = report.get("note")
        self.summary = report.get("summary", "")
        self.passed = returncode == 0 and bool(report.get("same"))

    @property
    def text(self):
        lines = [self.sentence] + ["  " + line for line in self.details]
        if self.note:
            lines.append("note: " + self.note)
        return "\n".join(lines + [self.summary])

    def __bool__(self):
        return self.passed

    def __repr__(self):
        return self.text

    def _repr_html_(self):
        color = "#1a7f37" if self.passed else "#cf222e"
        items = "".join(f"<li>{html.escape(line)}</li>" for line in self.details)
        note = f"<p><i>note: {html.escape(self.note)}</i></p>" if self.note else ""
        return (f'<div><p style="color: {color}; font-weight: bold">{html.escape(self.sentence)}</p>'
                + (f"<ul>{items}</ul>" if items else "") + note
                + f"<p><small>{html.escape(self.summary)}</small></p></div>")


def _as_list(output):
    """micrograd's layers and MLP return a bare value for a single output: always a list."""
    if isinstance(output, (list, tuple)):
        return list(output)
    return [output]


def _model_structure(model):
    """`(nin, nouts, neuron values in micrograd's order, activations)` read from
    `model.layers[i].neurons[j].w` / `.b`, or None when the model does not expose them."""
    try:
        layers = list(model.layers)
        neurons = [list(layer.neurons) for layer in layers]
        if not layers or not all(neurons):
            return None
        nin = len(neurons[0][0].w)
        values = [value for layer in neurons for neuron in layer for value in list(neuron.w) + [neuron.b]]
        nonlin = [getattr(layer[0], "nonlin", None) for layer in neurons]
    except (AttributeError, TypeError, IndexError):
        return None
    return nin, [len(layer) for layer in neurons], values, nonlin


def _parameter_lists(values, reached, data="data", grad="grad"):
    return {
        "data": [_number(getattr(v, data), "a parameter's data") for v in values],
        "grad": [_number(getattr(v, grad, 0.0), "a parameter's grad") for v in values],
        "in_loss_graph": [id(v) in reached for v in values],
    }


def _samples(count, nin, nout, seed):
    import random
    generator = random.Random(seed)
    inputs = [[round(generator.uniform(-2.0, 2.0), 6) for _ in range(nin)] for _ in range(count)]
    targets = [[1.0 if (s + j) % 2 == 0 else -1.0 for j in range(nout)] for s in range(count)]
    return inputs, targets


def model_document(MLP, nin=None, nouts=None, samples=4, targets=None, seed=1,
                   activation="relu", output_activation="linear"):
    """Runs the model the way `test_model` does and returns the gradviz-model document (a dict).

    `MLP` is a class (or function) called as `MLP(nin, nouts)`, or an already-built model.
    `samples` is a count of generated samples or a list of input lists (with `targets`, a list
    of target lists, or generated ±1 targets). The loss is the sum of squared errors
    `(o - t) * (o - t)` over samples and outputs, then `loss.backward()`.
    """
    built = isinstance(MLP, type) or not hasattr(MLP, "parameters")
    if built:
        if nin is None or nouts is None:
            nin, nouts = (3, [4, 4, 1]) if nin is None and nouts is None else (nin, nouts)
            if nin is None or nouts is None:
                raise TypeError("give both nin= and nouts= (or neither, for micrograd's MLP(3, [4, 4, 1]))")
        model = MLP(nin, list(nouts))
    else:
        model = MLP
    structure = _model_structure(model)
    if nin is None or nouts is None:
        if structure is None:
            raise TypeError("the model has no layers[i].neurons[j].w to read its shape from: pass nin= and nouts=")
        nin, nouts = structure[0], structure[1]
    nouts = list(nouts)
    if structure is not None and activation == "relu" and output_activation == "linear":
        nonlin = structure[3]
        if all(isinstance(flag, bool) for flag in nonlin) and nonlin[-1]:
            output_activation = "relu"  # a model built with a nonlinear last layer says so
    parameters = list(model.parameters())
    for value in parameters + (structure[2] if structure else []):
        value.grad = 0.0
    if isinstance(samples, int):
        inputs, generated = _samples(samples, nin, nouts[-1], seed)
    else:
        inputs = [[float(x) for x in sample] for sample in samples]
        generated = _samples(len(inputs), nin, nouts[-1], seed)[1]
    targets = [[float(t) for t in row] for row in targets] if targets is not None else generated

    outputs, loss = [], None
    for x, target in zip(inputs, targets):
        output = _as_list(model(list(x)))
        outputs.append(output)
        for o, t in zip(output, target):
            difference = o - t
            term = difference * difference
            loss = term if loss is None else loss + term
    if loss is None:
        raise TypeError("the model returned no outputs")
    loss.backward()
    order, _ = walk(loss)
    reached = {id(value) for value in order}
    rows = []
    for x, target, output in zip(inputs, targets, outputs):
        rows.append({"inputs": x, "targets": target,
                     "outputs": [_number(getattr(o, "data", o), "an output") for o in output]})
    document = {
        "format": "gradviz-model", "version": 1, "inputs": nin, "layers": nouts,
        "hidden_activation": activation, "output_activation": output_activation,
        "samples": rows,
        "parameters": _parameter_lists(parameters, reached),
        "loss": _number(loss.data, "the loss"),
        "loss_nodes": len(order),
    }
    if structure is not None:
        document["neurons"] = _parameter_lists(structure[2], reached)
        # Each layer on the previous layer's outputs: which layer first goes wrong.
        try:
            for row, x in zip(rows, inputs):
                h, per_layer = list(x), []
                for layer in model.layers:
                    h = _as_list(layer(h))
                    per_layer.append([_number(getattr(v, "data", v), "a layer output") for v in h])
                row["layer_outputs"] = per_layer
        except Exception:  # noqa: BLE001 - layers that cannot be called alone: no per-layer detail
            for row in rows:
                row.pop("layer_outputs", None)
    return document


def test_model(MLP, nin=None, nouts=None, samples=4, targets=None, seed=1,
               activation="relu", output_activation="linear"):
    """Tests a micrograd-style MLP against gradviz's own, loaded with the same weights.

    `MLP` is the class (built as `MLP(nin, nouts)`; micrograd's `MLP(3, [4, 4, 1])` when
    neither is given) or an already-built model (its shape read from `model.layers[i].neurons`).
    The model runs on `samples` generated inputs (or the input lists given) with the loss
    `sum((o - t) * (o - t))`, then `loss.backward()`; gradviz compares each sample's outputs,
    the loss, the loss graph's size and every parameter's gradient, and says in one sentence
    what is wrong. Returns a `ModelTestResult` (shown inline in a notebook; true when the model
    agrees). An exception in your model is raised as it is; GradvizError when gradviz fails.
    """
    document = model_document(MLP, nin, nouts, samples, targets, seed, activation, output_activation)
    command, status, stdout, stderr = _run(["test-model", "-", "--report", "json"],
                                           json.dumps(document), timeout)
    if status not in (0, 1):
        raise GradvizError(_message(stderr, status), status, stderr, command)
    try:
        report = json.loads(stdout.decode("utf-8"))
    except ValueError:
        raise GradvizError(f"gradviz test-model exited with status {status} without a JSON report", status,
                           stderr, command) from None
    return ModelTestResult(status, report, document)


def _load(reference):
    """`module:attribute` (or `path/to/file.py:attribute`) -> the object."""
    import importlib
    import importlib.util
    import sys
    module_name, _, attribute = reference.partition(":")
    if not attribute:
        raise SystemExit(f"gradviz: give the engine as module:Value (got {reference!r})")
    if module_name.endswith(".py"):
        spec = importlib.util.spec_from_file_location(os.path.splitext(os.path.basename(module_name))[0], module_name)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    else:
        sys.path.insert(0, os.getcwd())
        module = importlib.import_module(module_name)
    target = module
    for part in attribute.split("."):
        target = getattr(target, part)
    return target


def main(argv=None):
    """`python -m gradviz test-engine mymodule:Value [--programs N] [--seed S] [--max-size K] [--all] [--out F]
    [--report json]`
    or `python -m gradviz test-model mymodule:MLP [--nin 2 --nouts 4,4,1] [--samples N] [--seed S]`."""
    import argparse
    import sys
    parser = argparse.ArgumentParser(prog="python -m gradviz")
    commands = parser.add_subparsers(dest="command", required=True)
    engine = commands.add_parser("test-engine", help="test a micrograd-style engine against gradviz's")
    engine.add_argument("engine", help="module:Value (the class, or a function making a leaf from a float)")
    engine.add_argument("--programs", type=int, default=1000)
    engine.add_argument("--seed", type=int, default=1)
    engine.add_argument("--max-size", type=int)
    engine.add_argument("--timeout", type=float, default=10.0)
    engine.add_argument("--all", action="store_true")
    engine.add_argument("--out", help="draw the minimal failing program (.svg, .png, .html)")
    engine.add_argument("--report", choices=["text", "json"], default="text",
                        help="the report as text lines or one JSON object")
    model = commands.add_parser("test-model", help="test a micrograd-style MLP against gradviz's, same weights")
    model.add_argument("model", help="module:MLP (the class, called as MLP(nin, nouts), or a built model)")
    model.add_argument("--nin", type=int, help="inputs (default: 3, or read from a built model)")
    model.add_argument("--nouts", help="layer sizes, comma-separated (default: 4,4,1)")
    model.add_argument("--samples", type=int, default=4)
    model.add_argument("--seed", type=int, default=1)
    model.add_argument("--activation", default="relu", choices=["relu", "tanh", "linear"])
    model.add_argument("--output-activation", default="linear", choices=["relu", "tanh", "linear"])
    options = parser.parse_args(argv)
    if options.command == "test-model":
        try:
            nouts = [int(size) for size in options.nouts.split(",")] if options.nouts else None
        except ValueError:
            parser.error(f"--nouts takes layer sizes separated by commas, such as 4,4,1 (got {options.nouts!r})")
        try:
            result = test_model(_load(options.model), nin=options.nin, nouts=nouts, samples=options.samples,
                                seed=options.seed, activation=options.activation,
                                output_activation=options.output_activation)
        except GradvizError as error:
            sys.stderr.write(f"{error}\n")
            return error.returncode if error.returncode is not None else 2
        sys.stdout.write(result.text + "\n")
        return 0 if result.passed else 1
    leaf = _load(options.engine)
    import tempfile
    with tempfile.TemporaryDirectory() as directory:
        report_path = os.path.join(directory, "report.txt")
        arguments = ["--programs", str(options.programs), "--seed", str(options.seed),
                     "--timeout", str(options.timeout), "--report", options.report, "--report-file", report_path]
        if options.max_size is not None:
            arguments += ["--max-size", str(options.max_size)]
        if options.all:
            arguments.append("--all")
        if options.out:
            arguments += ["--out", os.path.abspath(options.out)]
        status, stderr, _ = _test_engine_run(leaf, arguments, timeout)
        if os.path.exists(report_path):
            with open(report_path, encoding="utf-8") as file:
                sys.stdout.write(file.read())
    sys.stderr.write(stderr)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
