// gradviz viewer: the model. Pure logic, no DOM: reading the graph the page carries, the
// forward and backward passes (the engine's IEEE operations in the engine's order, so the
// numbers are the engine's to the last bit, except where a JavaScript Math function differs
// from the C library's by an ulp), the step-by-step timeline of a backward pass, the numbers
// written the way gradviz writes them, and the captions that say what a step did.
// Both pages inline this file before their other scripts; Node's tests load it with
// require().
(function (root) {
  "use strict";

  // Operations by their name in the gradviz-graph JSON format, with their operand count.
  // `pow` has a constant exponent beside the node; `powv` (a ** b) takes the exponent as its
  // second operand.
  const ARITY = { "+": 2, "-": 2, "*": 2, "/": 2, neg: 1, pow: 1, exp: 1, log: 1, tanh: 1, relu: 1, sigmoid: 1, powv: 2 };
  const SYMBOL = { "+": "+", "-": "−", "*": "×", "/": "÷", neg: "neg", exp: "exp", log: "log", tanh: "tanh", relu: "relu", sigmoid: "σ", powv: "**" };
  const MINUS = "\u2212";

  // MARK: - Reading

  /// A JSON number, or gradviz's "nan", "inf", "-inf" for what JSON cannot hold.
  function number(value) {
    if (typeof value === "number") return value;
    if (value === "inf") return Infinity;
    if (value === "-inf") return -Infinity;
    return NaN;
  }

  /// The graph from gradviz-graph JSON (what `gradviz expr --format json` writes) or the
  /// page's payload (the same fields plus `bug` and `passes`). `unsupported` names an
  /// operation this page cannot compute (the page then shows the graph without replay).
  function readGraph(payload) {
    let unsupported = null;
    const nodes = payload.nodes.map(function (node, position) {
      const op = node.op === undefined || node.op === null || node.op === "" ? null : node.op;
      const operands = (node.operands || []).slice();
      if (op !== null && !(op in ARITY)) unsupported = unsupported || op;
      if (op !== null && op !== "+" && operands.length !== ARITY[op]) unsupported = unsupported || op + "/" + operands.length;
      return {
        id: position,
        label: node.label === undefined ? null : node.label,
        op: op,
        operands: operands,
        exponent: node.exponent === undefined || node.exponent === null ? 0 : number(node.exponent),
        data: number(node.data),
        grad: number(node.grad),
      };
    });
    const check = payload.check ? {
      step: number(payload.check.step), absoluteTolerance: number(payload.check.absoluteTolerance),
      relativeTolerance: number(payload.check.relativeTolerance),
    } : null;
    // verify's own findings on its page (see caption.js): ids, names and expected numbers.
    const verified = Array.isArray(payload.verified) ? payload.verified.map(function (f) {
      return { id: f.id, name: String(f.name), quantity: f.quantity, expected: number(f.expected) };
    }) : null;
    const graph = {
      nodes: nodes, root: payload.root, bug: payload.bug || null, check: check, passes: null, unsupported: unsupported,
      verified: verified,
    };
    graph.passes = payload.passes ? payload.passes.map(function (pass) { return pass.slice(); }) : [correctOrder(graph)];
    return graph;
  }

  /// Whether a node is an input the user may change: a leaf with a name (a constant written in
  /// the program has none).
  function isInput(node) { return node.op === null && node.label !== null; }

  function isNarySum(node) { return node.op === "+" && node.operands.length > 2; }

  /// The nodes a correct backward pass visits, in the order it visits them: every node with an
  /// operation that the root depends on, in reverse topological (id) order.
  function correctOrder(graph) {
    const reached = new Uint8Array(graph.nodes.length);
    const order = [];
    if (graph.root < 0 || graph.root >= graph.nodes.length) return order;
    reached[graph.root] = 1;
    for (let id = graph.nodes.length - 1; id >= 0; id--) {
      if (!reached[id]) continue;
      const node = graph.nodes[id];
      if (node.op === null) continue;
      order.push(id);
      for (const operand of node.operands) reached[operand] = 1;
    }
    return order;
  }

  // MARK: - Forward and backward, as the engine computes them (GraphModel's Operator+Math)

  function forwardValue(node, data) {
    const o = node.operands;
    if (isNarySum(node)) {
      let sum = data[o[0]];
      for (let i = 1; i < o.length; i++) sum = sum + data[o[i]];
      return sum;
    }
    const a = data[o[0]], b = o.length > 1 ? data[o[1]] : 0;
    switch (node.op) {
      case "+": return a + b;
      case "-": return a - b;
      case "*": return a * b;
      case "/": return a / b;
      case "neg": return -a;
      case "pow": return Math.pow(a, node.exponent);
      case "exp": return Math.exp(a);
      case "log": return Math.log(a);
      case "tanh": return Math.tanh(a);
      case "relu": return a < 0 ? 0 : a; // micrograd: 0 if x < 0 else x, so NaN stays NaN
      case "sigmoid": return 1 / (1 + Math.exp(-a));
      case "powv": return Math.pow(a, b);
      default: return NaN;
    }
  }

  /// Every node's data: the leaves' from `leaves` (by id; missing ones keep the graph's),
  /// the others recomputed in order.
  function forward(graph, leaves) {
    const data = new Float64Array(graph.nodes.length);
    for (const node of graph.nodes) {
      if (node.op === null) {
        data[node.id] = leaves && Object.prototype.hasOwnProperty.call(leaves, node.id) ? leaves[node.id] : node.data;
      } else {
        data[node.id] = forwardValue(node, data);
      }
    }
    return data;
  }

  /// What a node's backward step adds to each operand slot's grad, from the operands' data,
  /// its output and its grad `g`: the engine's expressions, in the engine's order.
  function contributions(node, data, g, bug) {
    const o = node.operands;
    if (isNarySum(node)) return o.map(function () { return g; });
    const a = data[o[0]], b = o.length > 1 ? data[o[1]] : 0, output = data[node.id];
    switch (node.op) {
      case "+": return [g, g];
      case "-": return [g, bug === "sub-sign" ? g : -g];
      case "*": return [b * g, a * g];
      case "/": return [g / b, -(g * output / b)];
      case "neg": return [-g];
      case "pow": return [node.exponent === 0 ? 0 : (node.exponent * Math.pow(a, node.exponent - 1)) * g];
      case "exp": return [output * g];
      case "log": return [(1 / a) * g];
      case "tanh": return [(1 - output * output) * g];
      case "relu": return [(output > 0 ? 1 : 0) * g];
      case "sigmoid": return [(output * (1 - output)) * g];
      // As in PyTorch: the exponent's grad is 0 at a = 0 with b ≥ 0, NaN where ln(a) is not real.
      case "powv": return [b === 0 ? 0 : (b * Math.pow(a, b - 1)) * g, a === 0 && b >= 0 ? 0 : (Math.log(a) * output) * g];
      default: return o.map(function () { return NaN; });
    }
  }

  /// The backward pass over `data` as a list of steps, in the order the graph's passes ran
  /// (reverse topological; a buggy order visits nodes more than once). Step 0 is the state
  /// before any step: every grad 0 except the root's 1. Each step is one node's backward step
  /// (`kind: "node"`, with what each operand slot received) or, before a second pass of
  /// `no-zero-grad`, the root's grad set to 1 again (`kind: "seed"`).
  function timeline(graph, data) {
    const count = graph.nodes.length;
    const grads = new Float64Array(count);
    const overwrite = graph.bug === "overwrite";
    const visits = new Int32Array(count);
    const steps = [];
    if (graph.root >= 0 && graph.root < count) grads[graph.root] = 1;
    const initial = Float64Array.from(grads);
    graph.passes.forEach(function (pass, passIndex) {
      if (passIndex > 0) {
        steps.push({ kind: "seed", node: graph.root, pass: passIndex, adds: [{ slot: -1, operand: graph.root, amount: 1, before: grads[graph.root], after: 1 }] });
        grads[graph.root] = 1;
      }
      for (const id of pass) {
        const node = graph.nodes[id];
        if (node.op === null) continue;
        visits[id] += 1;
        const g = grads[id];
        const amounts = contributions(node, data, g, graph.bug);
        const adds = [];
        node.operands.forEach(function (operand, slot) {
          const before = grads[operand];
          const after = overwrite ? amounts[slot] : before + amounts[slot];
          grads[operand] = after;
          adds.push({ slot: slot, operand: operand, amount: amounts[slot], before: before, after: after });
        });
        steps.push({ kind: "node", node: id, pass: passIndex, visit: visits[id], grad: g, adds: adds });
      }
    });
    return { initial: initial, steps: steps, grads: grads, visits: visits };
  }

  /// Data and grads of the whole graph with the leaves in `leaves` (by id) changed: the
  /// forward pass, then the graph's backward pass.
  function evaluate(graph, leaves) {
    const data = forward(graph, leaves);
    const line = timeline(graph, data);
    return { data: data, grads: line.grads, timeline: line };
  }

  /// The grads after `step` steps of `line` (0: before any), moving from `grads` at step `from`
  /// (a copy is changed and returned). Stepping back undoes each step with its `before` values.
  function gradsAt(line, step, from, grads) {
    let current = grads ? Float64Array.from(grads) : Float64Array.from(line.initial);
    let position = grads ? from : 0;
    step = Math.max(0, Math.min(line.steps.length, step));
    while (position < step) {
      for (const add of line.steps[position].adds) current[add.operand] = add.after;
      position += 1;
    }
    while (position > step) {
      position -= 1;
      const adds = line.steps[position].adds;
      for (let i = adds.length - 1; i >= 0; i--) current[adds[i].operand] = adds[i].before;
    }
    return current;
  }

  // MARK: - The gradient check (GraphChecks' GradientCheck), as `gradviz check` runs it

  /// Swift's max(x, y): `y >= x ? y : x`, which (unlike Math.max) gives x when y is NaN.
  function swiftMax(x, y) { return y >= x ? y : x; }

  /// The root's value when node `id` is set to `value` and every later operation recomputed
  /// from `data` (GraphSnapshot.rootValue(setting:to:data:)).
  function rootValue(graph, data, id, value, scratch) {
    const copy = scratch || new Float64Array(data.length);
    copy.set(data);
    copy[id] = value;
    for (let k = id + 1; k < graph.nodes.length; k++) {
      const node = graph.nodes[k];
      if (node.op !== null) copy[k] = forwardValue(node, copy);
    }
    return copy[graph.root];
  }

  /// Every node's grad in `grads` against a finite difference of the forward pass over `data`,
  /// as GradientCheck does it: central with h = step·max(1, |x|); where that does not match, a
  /// step relative to the value and, where a side leaves the domain (a non-finite root), one-
  /// sided second-order differences. Per node: {id, analytic, numeric, absoluteError,
  /// relativeError, status} with status "ok", "mismatch", "non-smooth", "non-finite" or
  /// "step left the domain". `options`: absoluteTolerance (1e-6), relativeTolerance (1e-5),
  /// step (1e-6), as gradviz check's --atol, --rtol, --step.
  function gradientCheck(graph, data, grads, options) {
    options = options || {};
    const atol = options.absoluteTolerance === undefined ? 1e-6 : options.absoluteTolerance;
    const rtol = options.relativeTolerance === undefined ? 1e-5 : options.relativeTolerance;
    const step = options.step === undefined ? 1e-6 : options.step;
    const base = data[graph.root];
    const scratch = new Float64Array(data.length);
    function passes(analytic, numeric) {
      const absolute = Math.abs(analytic - numeric);
      const scale = swiftMax(Math.abs(analytic), Math.abs(numeric));
      return absolute <= atol || (scale > 0 ? absolute / scale : 0) <= rtol;
    }
    const results = [];
    for (const node of graph.nodes) {
      const x = data[node.id];
      const h = step * swiftMax(1, Math.abs(x));
      const at = function (value) { return rootValue(graph, data, node.id, value, scratch); };
      const up = at(x + h);
      const down = at(x - h);
      let numeric = (up - down) / (2 * h);
      const analytic = grads[node.id];
      let status;
      if (!Number.isFinite(analytic) || !Number.isFinite(numeric)) {
        status = (Number.isNaN(analytic) && Number.isNaN(numeric)) || analytic === numeric ? "ok" : "non-finite";
      } else if (passes(analytic, numeric)) {
        status = "ok";
      } else {
        status = "mismatch";
        // One-sided slopes that disagree mean a kink inside [x - h, x + h].
        const right = (up - base) / h;
        const left = (base - down) / h;
        const kink = Math.abs(right - left) > swiftMax(atol, rtol * swiftMax(Math.abs(right), Math.abs(left)));
        const matchesOneSide =
          Math.abs(analytic - right) <= swiftMax(atol, rtol * Math.abs(right)) * 10 ||
          Math.abs(analytic - left) <= swiftMax(atol, rtol * Math.abs(left)) * 10;
        if (kink && matchesOneSide) status = "non-smooth";
      }
      const leftDomain = Number.isFinite(base) && Number.isFinite(analytic) && (!Number.isFinite(up) || !Number.isFinite(down));
      if ((status === "mismatch" || status === "non-smooth" || leftDomain) && Number.isFinite(base) && Number.isFinite(analytic)) {
        const closer = closerLook(x, step, h, base, leftDomain, at);
        const match = closer.find(function (estimate) { return passes(analytic, estimate); });
        if (match !== undefined) {
          numeric = match;
          status = "ok";
        } else if (leftDomain) {
          if (closer.length > 0) {
            numeric = closer[0];
            status = "mismatch";
          } else {
            status = "step left the domain";
          }
        }
      }
      const absolute = Math.abs(analytic - numeric);
      const scale = swiftMax(Math.abs(analytic), Math.abs(numeric));
      results.push({ id: node.id, analytic: analytic, numeric: numeric, absoluteError: absolute, relativeError: scale > 0 ? absolute / scale : 0, status: status });
    }
    return results;
  }

  /// Finite estimates of the slope at `x` with smaller steps, best first (GradientCheck's
  /// closerLook): central with a step relative to the value, then, when a side of the first
  /// difference left the domain, one-sided second-order differences on whichever side stays in.
  function closerLook(x, step, wideStep, base, leftDomain, at) {
    const estimates = [];
    const relative = step * Math.abs(x);
    const useRelative = relative > 0 && relative < wideStep;
    if (useRelative) {
      const up = at(x + relative), down = at(x - relative);
      const central = (up - down) / (2 * relative);
      if (Number.isFinite(up) && Number.isFinite(down) && Number.isFinite(central)) estimates.push(central);
    }
    if (!leftDomain) return estimates;
    const sizes = (useRelative ? [relative] : []).concat([wideStep, wideStep * 1e-3, wideStep * 1e-6]);
    for (const size of sizes) {
      if (!(size > 0 && x + 2 * size !== x)) continue;
      for (const direction of [1, -1]) {
        const near = at(x + direction * size);
        const far = at(x + direction * 2 * size);
        if (!(Number.isFinite(near) && Number.isFinite(far))) continue;
        const slope = direction * (-3 * base + 4 * near - far) / (2 * size);
        if (Number.isFinite(slope)) estimates.push(slope);
      }
    }
    return estimates;
  }

  /// A result's note as `gradviz check --out` draws it under the value (Check.swift): its
  /// lines, and whether it is drawn as a problem (red).
  function checkNote(result) {
    switch (result.status) {
      case "ok": return { lines: ["numeric " + short(result.numeric)], problem: false };
      case "non-smooth": return { lines: ["numeric " + short(result.numeric), "non-smooth point"], problem: false };
      case "step left the domain": return { lines: ["not checked: every step left the domain"], problem: false };
      default: return { lines: ["numeric " + short(result.numeric), "error " + short(result.absoluteError)], problem: true };
    }
  }

  /// The check's one-line summary (Check.summary), as the drawing's title says it after "check: ".
  function checkSummary(results) {
    const total = results.length;
    const count = function (status) { return results.filter(function (r) { return r.status === status; }).length; };
    const matching = count("ok");
    if (matching === total) return "all " + total + " gradients match finite differences";
    const parts = [matching + " match"];
    const nonSmooth = count("non-smooth");
    if (nonSmooth > 0) parts.push(nonSmooth + " non-smooth (a kink such as relu at 0; not a failure)");
    const outside = count("step left the domain");
    if (outside > 0) parts.push(outside + " not checked (every step left the domain)");
    const failing = count("mismatch") + count("non-finite");
    if (failing > 0) parts.push(failing + " " + (failing === 1 ? "does" : "do") + " not match");
    return total + " gradients against finite differences: " + parts.join(", ");
  }

  // MARK: - Numbers as gradviz writes them (GraphModel's NumberFormat)

  /// Whether `a` and `b` are the same number, nan being the same as nan (which === denies).
  function sameNumber(a, b) { return a === b || (a !== a && b !== b); }

  /// Four decimals (`2.0000`), or `1.2346e-07` where four decimals would hide the value; `nan`,
  /// `inf`, `-inf`. Rounds halfway cases to even, as C's printf does.
  function short(value) {
    if (Number.isNaN(value)) return "nan";
    if (value === Infinity) return "inf";
    if (value === -Infinity) return "-inf";
    if (value === 0) return "0.0000";
    const magnitude = Math.abs(value);
    if (magnitude >= 1e-4 && magnitude < 1e7) {
      let text = value.toFixed(4);
      // An exact half at the fifth decimal is an odd multiple of 1/32: toFixed rounds it away
      // from zero, printf to even.
      const thirtySeconds = value * 32;
      if (Number.isInteger(thirtySeconds) && Math.abs(thirtySeconds % 2) === 1) {
        const even = 2 * Math.round((value * 1e4) / 2);
        text = (even / 1e4).toFixed(4);
      }
      return text === "-0.0000" ? "0.0000" : text;
    }
    const parts = value.toExponential(4).split("e");
    const exponent = Number(parts[1]);
    const digits = String(Math.abs(exponent));
    return parts[0] + "e" + (exponent < 0 ? "-" : "+") + (digits.length < 2 ? "0" + digits : digits);
  }

  /// Shortest text that reads back as the same number, in Swift's style (`2.0`, `0.1`,
  /// `1e-05`); `nan`, `inf`, `-inf`.
  function exact(value) {
    if (Number.isNaN(value)) return "nan";
    if (value === Infinity) return "inf";
    if (value === -Infinity) return "-inf";
    if (value === 0) return Object.is(value, -0) ? "-0.0" : "0.0";
    const magnitude = Math.abs(value);
    if (magnitude < 1e-4 || magnitude >= Math.pow(2, 53)) {
      const parts = value.toExponential().split("e");
      const exponent = Number(parts[1]);
      const digits = String(Math.abs(exponent));
      return parts[0] + "e" + (exponent < 0 ? "-" : "+") + (digits.length < 2 ? "0" + digits : digits);
    }
    const text = String(value);
    return /[.e]/.test(text) ? text : text + ".0";
  }

  /// A number for a sentence: at most five significant digits, no trailing zeros, a real
  /// minus sign.
  function brief(value) {
    if (Number.isNaN(value)) return "nan";
    if (!Number.isFinite(value)) return value < 0 ? MINUS + "inf" : "inf";
    let text = Number.isInteger(value) && Math.abs(value) < 1e15 ? String(value) : String(Number(value.toPrecision(5)));
    if (Object.is(value, -0)) text = "0";
    return text.replace("-", MINUS);
  }

  // MARK: - Captions

  /// How a node is named in a sentence: its label, a constant's value, or `#id`.
  function nameOf(graph, id) {
    const node = graph.nodes[id];
    if (node.label !== null) return node.label;
    if (node.op === null) return brief(node.data);
    return "#" + id;
  }

  /// A node's name where it is pointed out (a list of nodes whose numbers differ): its label,
  /// else its id, never its value (a value there reads as one of the numbers compared).
  function idName(graph, id) {
    const node = graph.nodes[id];
    return node.label !== null ? node.label : "#" + id;
  }

  function symbolOf(node) {
    if (isNarySum(node)) return "Σ";
    if (node.op === "pow") return "**" + brief(node.exponent).replace(MINUS, "-");
    return SYMBOL[node.op] || node.op;
  }

  /// The rule and the numbers for what slot `slot` of `node` receives, e.g. `b·grad = −3 × 1`.
  function formula(graph, node, slot, data, g, bug) {
    const o = node.operands;
    const a = data[o[0]], b = o.length > 1 ? data[o[1]] : 0, out = data[node.id];
    const left = nameOf(graph, o[0]), right = o.length > 1 ? nameOf(graph, o[1]) : "";
    const G = brief(g);
    if (isNarySum(node)) return "grad = " + G;
    switch (node.op) {
      case "+": return "grad = " + G;
      case "-": return slot === 0 || bug === "sub-sign" ? "grad = " + G : MINUS + "grad = " + MINUS + "(" + G + ")";
      case "*": return slot === 0 ? right + "·grad = " + brief(b) + " × " + G : left + "·grad = " + brief(a) + " × " + G;
      case "/": return slot === 0 ? "grad / " + right + " = " + G + " / " + brief(b) : MINUS + "grad·out / " + right + " = " + MINUS + G + " × " + brief(out) + " / " + brief(b);
      case "neg": return MINUS + "grad = " + MINUS + "(" + G + ")";
      case "pow": {
        const e = node.exponent;
        if (e === 0) return "0 (x**0 is constant)";
        return brief(e) + "·" + left + "^" + brief(e - 1) + "·grad = " + brief(e) + " × " + brief(a) + "^" + brief(e - 1) + " × " + G;
      }
      case "exp": return "out·grad = " + brief(out) + " × " + G;
      case "log": return "grad / " + left + " = " + G + " / " + brief(a);
      case "tanh": return "(1 " + MINUS + " out²)·grad = (1 " + MINUS + " " + brief(out) + "²) × " + G;
      case "relu": return "(out > 0)·grad = " + (out > 0 ? "1" : "0") + " × " + G;
      case "sigmoid": return "out·(1 " + MINUS + " out)·grad = " + brief(out) + " × (1 " + MINUS + " " + brief(out) + ") × " + G;
      case "powv":
        if (slot === 0) return b === 0 ? "0 (x**0 is constant)" : right + "·" + left + "^(" + right + " " + MINUS + " 1)·grad = " + brief(b) + " × " + brief(a) + "^" + brief(b - 1) + " × " + G;
        return a === 0 && b >= 0 ? "0 (0**b does not move with b)" : "ln(" + left + ")·out·grad = ln(" + brief(a) + ") × " + brief(out) + " × " + G;
      default: return "?";
    }
  }

  /// A sentence saying what step `index` (1-based; 0 is the start) of `line` did.
  function caption(graph, line, index, data) {
    const rootName = nameOf(graph, graph.root);
    if (index === 0) {
      return "Forward pass done. Backward starts at " + rootName + ": " + rootName + ".grad = 1, every other grad 0." +
        (line.steps.length > 0 ? " Press → to run the first backward step." : "");
    }
    const step = line.steps[index - 1];
    if (step.kind === "seed") {
      return "Backward runs again without zero_grad: " + rootName + ".grad is set to 1, every other grad keeps what the first pass left.";
    }
    const node = graph.nodes[step.node];
    const result = node.label !== null ? " of " + node.label : " (#" + node.id + ")";
    const overwrite = graph.bug === "overwrite";
    const sends = step.adds.map(function (add) {
      const amount = brief(add.amount);
      const rule = formula(graph, node, add.slot, data, step.grad, graph.bug);
      const shown = rule.endsWith("= " + amount) || rule === "grad = " + amount ? rule : rule + " = " + amount;
      const receiver = nameOf(graph, add.operand);
      const change = overwrite
        ? receiver + ".grad = " + brief(add.after) + (add.before !== 0 ? ", overwriting " + brief(add.before) : "")
        : receiver + ".grad " + brief(add.before) + " → " + brief(add.after);
      return shown + " to " + receiver + " (" + change + ")";
    });
    let text = "The " + symbolOf(node) + " node" + result + " sends " + sends.join(" and ") + ".";
    if (step.visit > 1) text += " Its backward step runs for the " + ordinal(step.visit) + " time: the recursion has no visited set, so what it sends is added again.";
    if (index === line.steps.length) text += " Backward is done.";
    return text;
  }

  function ordinal(n) {
    const suffix = n % 100 >= 11 && n % 100 <= 13 ? "th" : ["th", "st", "nd", "rd"][n % 10] || "th";
    return n + suffix;
  }

  const api = {
    ARITY: ARITY, number: number, readGraph: readGraph, isInput: isInput, correctOrder: correctOrder,
    forward: forward, contributions: contributions, timeline: timeline, evaluate: evaluate, gradsAt: gradsAt,
    sameNumber: sameNumber, short: short, exact: exact, brief: brief, nameOf: nameOf, idName: idName,
    symbolOf: symbolOf, caption: caption, rootValue: rootValue, gradientCheck: gradientCheck, checkNote: checkNote,
    checkSummary: checkSummary,
  };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.GradvizModel = api;
})(this);
