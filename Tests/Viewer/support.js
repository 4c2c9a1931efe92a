// What the viewer's Node tests share (not a test file itself): the built gradviz they compare
// against, a seeded generator, random programs, --set arguments and the page's edited inputs.
"use strict";
const path = require("node:path");
const Model = require(path.join(__dirname, "../../Sources/Pages/Viewer/model.js"));

const gradviz = process.env.GRADVIZ || "";
/// The tests that need the engine skip without one.
const skip = gradviz === "" ? "needs a built gradviz (scripts/checks/viewer-test PATH/TO/gradviz)" : false;

/// A small seeded generator (mulberry32), so every run tests the same programs.
function generator(seed) {
  let state = seed >>> 0;
  return function () {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/// A random program: inputs x0…x3, statements t0…tn of random expressions over what came
/// before; the last statement is the root. `functions` allows exp, log, tanh, sigmoid and **,
/// `valueExponents` also `a ** b`.
function program(random, functions, valueExponents) {
  const names = ["x0", "x1", "x2", "x3"];
  const pick = (list) => list[Math.floor(random() * list.length)];
  function constant() { return String(Math.round((random() * 4 - 2) * 1000) / 1000); }
  function expression(depth) {
    if (depth === 0 || random() < 0.25) return random() < 0.8 ? pick(names) : "(" + constant() + ")";
    const kind = random();
    if (kind < 0.6) return "(" + expression(depth - 1) + " " + pick(["+", "-", "*", "/"]) + " " + expression(depth - 1) + ")";
    if (kind < 0.7) return "(-" + expression(depth - 1) + ")";
    if (!functions) return "relu(" + expression(depth - 1) + ")";
    if (kind < 0.78) return "(" + expression(depth - 1) + ") ** " + pick(["2", "3", "0.5"]);
    if (valueExponents && kind < 0.83) return "(" + expression(depth - 1) + ") ** (" + expression(depth - 1) + ")";
    return pick(["exp", "log", "tanh", "sigmoid", "relu"]) + "(" + expression(depth - 1) + ")";
  }
  const statements = [];
  const count = 2 + Math.floor(random() * 6);
  for (let i = 0; i < count; i++) {
    statements.push("t" + i + " = " + expression(1 + Math.floor(random() * 3)));
    names.push("t" + i);
  }
  return statements.join("; ");
}

/// `--set` for the inputs ([name, text] pairs) that `text` uses, or nothing.
function setArguments(text, values) {
  const used = values.filter(([name]) => new RegExp("\\b" + name + "\\b").test(text));
  return used.length > 0 ? ["--set", used.map(([name, value]) => name + "=" + value).join(",")] : [];
}

/// The inputs of `graph` (the page's) set to those of `other` (gradviz-graph JSON of the same
/// program with other values), by node id: what the page computes with after an edit.
function editedLeaves(graph, other) {
  const leaves = {};
  other.nodes.forEach((node, id) => { if (Model.isInput(graph.nodes[id])) leaves[id] = Model.number(node.data); });
  return leaves;
}

/// The same number, NaN included.
function same(a, b) { return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b)); }

module.exports = { Model, gradviz, skip, generator, program, setArguments, editedLeaves, same };
