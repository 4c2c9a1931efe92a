// The page's evaluator against gradviz's engine: random programs run through `gradviz expr
// --format json` and through model.js (what the page runs when an input is changed), on the
// same inputs. Needs a built gradviz: scripts/checks/viewer-test PATH/TO/gradviz sets GRADVIZ.
//
// With + − × ÷, unary minus, relu and constants, both do the same IEEE operations in the same
// order: every data and grad must be the same number, bit for bit. exp, log, tanh, sigmoid and
// ** call the C library in Swift and V8's own Math functions in the page, which may round the
// last bit differently: each such function is checked alone (≤ 1e-15 relative), and programs
// using them must agree to 1e-15 relative except where cancellation amplifies that last bit,
// which the test measures by rerunning the page's evaluator with every function result nudged
// by one ulp.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { execFileSync } = require("node:child_process");
const { Model, gradviz, skip, generator, program, setArguments, editedLeaves, same } = require("./support.js");

/// Whether this gradviz has `a ** b` with a value exponent (the `powv` operation).
function hasValueExponents() {
  try { return engine("x0 ** x1", [["x0", "2"], ["x1", "3"]]).nodes.some((node) => node.op === "powv"); } catch (error) { return false; }
}

function inputs(random) {
  return ["x0", "x1", "x2", "x3"].map((name) => [name, String(Math.round((random() * 6 - 3) * 1e6) / 1e6)]);
}

/// The engine's graph for `text` with `values` ([name, text] pairs; only the program's own inputs).
function engine(text, values) {
  const args = ["expr", text, "--format", "json"].concat(setArguments(text, values));
  return JSON.parse(execFileSync(gradviz, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
}

/// The page's numbers for the graph of `before` with its inputs changed to those of `after`
/// (the same program, other --set values): what the page computes when the user edits them.
function edited(before, after) {
  const graph = Model.readGraph(before);
  return Model.evaluate(graph, editedLeaves(graph, after));
}

/// Each node's data and grad that differ: [id, quantity, page, engine, relative difference].
function differences(result, expected) {
  const found = [];
  expected.nodes.forEach((node, id) => {
    for (const [quantity, page] of [["data", result.data[id]], ["grad", result.grads[id]]]) {
      const value = Model.number(node[quantity]);
      if (!same(page, value)) found.push([id, quantity, page, value, Math.abs(page - value) / Math.max(Math.abs(page), Math.abs(value))]);
    }
  });
  return found;
}

test("200 random programs of + − × ÷ neg relu: the page's numbers equal the engine's, bit for bit", { skip }, () => {
  const random = generator(13);
  for (let index = 0; index < 200; index++) {
    const text = program(random, false);
    const before = engine(text, inputs(random));
    const after = engine(text, inputs(random));
    assert.deepEqual(differences(Model.evaluate(Model.readGraph(before)), before), [], text + " (as drawn)");
    assert.deepEqual(differences(edited(before, after), after), [], text + " (inputs edited)");
  }
});

test("exp, log, tanh, sigmoid and ** alone: the page's numbers are within 1e-15 relative of the engine's", { skip }, () => {
  const random = generator(7);
  const values = [];
  for (let i = 0; i < 60; i++) values.push(["v" + i, String(Math.round((random() * 8 - 4) * 1e9) / 1e9)]);
  let compared = 0, equal = 0;
  for (const f of ["exp(X)", "log(X)", "tanh(X)", "sigmoid(X)", "X ** 3", "X ** 0.5", "X ** 2"]) {
    // One node per input, all summed: each node is compared on its own.
    const text = values.map(([name]) => f.replace("X", f === "log(X)" || f === "X ** 0.5" ? "(" + name + " * " + name + ")" : name)).join(" + ");
    const graph = engine(text, values);
    const result = Model.evaluate(Model.readGraph(graph));
    graph.nodes.forEach((node, id) => {
      for (const [quantity, page] of [["data", result.data[id]], ["grad", result.grads[id]]]) {
        const value = Model.number(node[quantity]);
        compared += 1;
        if (same(page, value)) { equal += 1; continue; }
        const relative = Math.abs(page - value) / Math.max(Math.abs(page), Math.abs(value));
        assert.ok(relative <= 1e-15, f + " node " + id + " " + quantity + ": page " + page + ", engine " + value + " (" + relative + ")");
      }
    });
  }
  assert.ok(equal / compared > 0.9, "most numbers are the same bits: " + equal + " of " + compared);
});

test("200 random programs with exp, log, tanh, sigmoid and ** (and a ** b where gradviz has it): within 1e-15 relative, or within what one ulp of a function explains", { skip }, () => {
  const random = generator(21);
  const valueExponents = hasValueExponents();
  let exact = 0;
  for (let index = 0; index < 200; index++) {
    const text = program(random, true, valueExponents);
    const before = engine(text, inputs(random));
    const after = engine(text, inputs(random));
    for (const [result, expected, graph] of [[Model.evaluate(Model.readGraph(before)), before, before], [edited(before, after), after, before]]) {
      const found = differences(result, expected);
      if (found.length === 0) { exact += 1; continue; }
      // How far one ulp in any function's result moves each number (the page's evaluator,
      // every libm result nudged up by an ulp): the engine may be that far off, no further.
      const sensitivity = ulpSensitivity(graph, expected, result);
      for (const [id, quantity, page, value, relative] of found) {
        const allowed = Math.max(1e-15 * Math.max(Math.abs(page), Math.abs(value)), 4 * sensitivity[quantity][id]);
        assert.ok(Math.abs(page - value) <= allowed, text + ": node " + id + " " + quantity + ": page " + page + ", engine " + value + " (relative " + relative + ", allowed " + allowed + ")");
      }
    }
  }
  assert.ok(exact >= 300, "most runs are the same bits: " + exact + " of 400");
});

/// For each node, how much its data and grad move when every exp/log/tanh/sigmoid/** result is
/// one ulp larger: the page's evaluator rerun with Math's functions nudged.
function ulpSensitivity(payload, expected, base) {
  const graph = Model.readGraph(payload);
  const leaves = editedLeaves(graph, expected);
  const saved = { exp: Math.exp, log: Math.log, tanh: Math.tanh, pow: Math.pow };
  const up = (x) => (Number.isFinite(x) && x !== 0 ? x + Math.abs(x) * Number.EPSILON : x);
  try {
    for (const name of Object.keys(saved)) Math[name] = (...args) => up(saved[name](...args));
    const nudged = Model.evaluate(graph, leaves);
    return {
      data: Array.from(nudged.data, (x, id) => Math.abs(x - base.data[id]) || 0),
      grad: Array.from(nudged.grads, (x, id) => Math.abs(x - base.grads[id]) || 0),
    };
  } finally {
    Object.assign(Math, saved);
  }
}
