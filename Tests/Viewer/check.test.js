// The page's gradient check (model.js's gradientCheck, what a `gradviz check --out page.html`
// page reruns when an input is edited) against gradviz's own (GraphChecks' GradientCheck):
// random programs checked by `gradviz check` with one set of inputs, then edited in the page's
// model to another, must give every node's numeric gradient and status that `gradviz check`
// prints for the edited inputs (its table writes the numeric gradient with NumberFormat.exact),
// the same summary line, and the notes that `gradviz check --format dot` draws under each value
// (their text and whether they are drawn red). Needs a built gradviz: scripts/checks/viewer-test
// PATH/TO/gradviz sets GRADVIZ.
//
// With + − × ÷, unary minus and relu both do the same IEEE operations in the same order, so
// every number is the same bits. exp, log, tanh, sigmoid and ** are the C library's in Swift and
// V8's in the page, which may round a result's last bit differently (engine.test.js measures
// that); a numeric gradient divides a difference of two root values by 2h = 2e-6, so one ulp
// of the root becomes about 1e-10 of it. There, a number may differ by as much as the page's own
// gradient check moves when every Math function's result is nudged by one ulp (up, or down:
// 4 times that, as in engine.test.js), and a status only where such a nudge flips it too.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { spawnSync } = require("node:child_process");
const { Model, gradviz, skip, generator, program, setArguments, editedLeaves, same } = require("./support.js");

/// Random inputs; one in five is 0 or tiny (a kink of relu, the edge of log's and sqrt's
/// domain, 1/x at 1e-9), where the check's fallbacks run.
function inputs(random) {
  const edges = ["0", "1e-9", "-1e-9", "1e-8", "1e-300", "-2"];
  return ["x0", "x1", "x2", "x3"].map((name) => [
    name, random() < 0.2 ? edges[Math.floor(random() * edges.length)] : String(Math.round((random() * 6 - 3) * 1e6) / 1e6),
  ]);
}

function run(args) {
  const result = spawnSync(gradviz, args, { encoding: "utf8" });
  if (result.status !== 0 && result.status !== 1) throw new Error("gradviz " + args.join(" ") + ": " + result.stderr);
  return result.stdout;
}

/// `gradviz check` of `text` with `values`: its graph (--format json), each node's numeric
/// gradient and status (the table), the summary line, and the notes drawn (--format dot).
function engineCheck(text, values, withNotes) {
  const args = ["check", text].concat(setArguments(text, values));
  const graph = JSON.parse(run(args.concat(["--format", "json"])));
  const lines = run(args).trimEnd().split("\n");
  // The status column is right-aligned under its header; a "flag" column may follow it.
  const statusEnd = lines[0].search(/\bstatus\b/) + "status".length;
  const rows = lines.slice(1, -1).map((line) => {
    const match = /^\s*(\d+)\s.*\s(\S+)\s+\S+\s+\S+\s+(ok|MISMATCH|NON-SMOOTH|NON-FINITE|STEP LEFT THE DOMAIN)$/.exec(line.slice(0, statusEnd));
    if (!match) throw new Error("unreadable row: " + line);
    const written = match[2];
    const numeric = /^(nan|-?inf)$/.test(written) ? Model.number(written) : Number(written);
    return { id: +match[1], numeric, status: match[3].toLowerCase() };
  });
  const notes = withNotes ? drawnNotes(run(args.concat(["--format", "dot"]))) : null;
  return { graph, rows, summary: lines[lines.length - 1], notes };
}

/// Each value's note in gradviz's DOT: {lines, problem}, by node id.
function drawnNotes(dot) {
  const notes = {};
  const unescape = (s) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, "\"").replace(/&amp;/g, "&");
  for (const line of dot.split("\n")) {
    const node = /^\s*n(\d+) \[label=<(.*)>, tooltip/.exec(line);
    if (!node) continue;
    const cell = /<TD( BGCOLOR="#fee2e2")?><FONT COLOR="#[0-9a-f]+">(?:<B>)?((?:(?!<\/?TD).)*?)(?:<\/B>)?<\/FONT><\/TD><\/TR>/.exec(node[2]);
    if (cell) notes[+node[1]] = { lines: cell[2].split("<BR/>").map(unescape), problem: !!cell[1] };
  }
  return notes;
}

/// The page's check of `before`'s graph with its inputs set to `after`'s: forward, backward,
/// then the gradient check, as the page runs them after an edit.
function pageCheck(before, after) {
  const graph = Model.readGraph(before);
  const leaves = editedLeaves(graph, after);
  const result = Model.evaluate(graph, leaves);
  return Model.gradientCheck(graph, result.data, result.grads);
}

/// The page's check with every exp/log/tanh/pow result moved by one ulp (`sign` 1: up, -1: down).
function nudgedCheck(before, after, sign) {
  const saved = { exp: Math.exp, log: Math.log, tanh: Math.tanh, pow: Math.pow };
  const move = (x) => (Number.isFinite(x) && x !== 0 ? x + sign * Math.abs(x) * Number.EPSILON : x);
  try {
    for (const name of Object.keys(saved)) Math[name] = (...args) => move(saved[name](...args));
    return pageCheck(before, after);
  } finally {
    Object.assign(Math, saved);
  }
}

/// The root's value with every exp/log/tanh/pow result moved by one ulp (`sign` 1: up, -1: down).
function nudgedRoot(before, after, sign) {
  const saved = { exp: Math.exp, log: Math.log, tanh: Math.tanh, pow: Math.pow };
  const move = (x) => (Number.isFinite(x) && x !== 0 ? x + sign * Math.abs(x) * Number.EPSILON : x);
  try {
    for (const name of Object.keys(saved)) Math[name] = (...args) => move(saved[name](...args));
    return edited(before, after).data[before.root];
  } finally {
    Object.assign(Math, saved);
  }
}

/// How far one ulp in the functions' results (or the root's own last bit) moves the root.
function rootSensitivity(before, after, roots) {
  const root = edited(before, after).data[before.root];
  return Math.max(Math.abs(root) * Number.EPSILON, ...roots.map((r) => Math.abs(r - root) || 0));
}

function edited(before, after) {
  const graph = Model.readGraph(before);
  const leaves = editedLeaves(graph, after);
  return Model.evaluate(graph, leaves);
}

const tally = { programs: 0, nodes: 0, numbersEqual: 0, statuses: {}, notes: 0, fallbacks: 0, statusDiffs: 0, largest: 0 };

/// Checks one program: the page's check of the edited graph against gradviz check's, bit for
/// bit (`exact`) or within what one ulp of a Math function explains. Returns how many numbers
/// were not the same bits.
function compare(text, before, after, exact, withNotes) {
  const engine = engineCheck(text, after, withNotes);
  const page = pageCheck(before, engine.graph);
  assert.equal(page.length, engine.rows.length, text + ": node counts");
  let inexact = 0, statusDiffers = false;
  const nudged = exact ? null : [nudgedCheck(before, engine.graph, 1), nudgedCheck(before, engine.graph, -1)];
  if (nudged) nudged.roots = [nudgedRoot(before, engine.graph, 1), nudgedRoot(before, engine.graph, -1)];
  engine.rows.forEach((row, id) => {
    const mine = page[id];
    const where = text + " with " + after.map((p) => p.join("=")).join(",") + ": node " + id;
    tally.nodes += 1;
    tally.statuses[row.status] = (tally.statuses[row.status] || 0) + 1;
    if (exact) {
      assert.equal(mine.status, row.status, where + " status");
      assert.ok(same(mine.numeric, row.numeric), where + " numeric: page " + Model.exact(mine.numeric) + ", engine " + Model.exact(row.numeric));
    } else {
      if (mine.status !== row.status) {
        assert.ok(nudged.some((other) => other[id].status === row.status), where + " status: page " + mine.status + ", engine " + row.status + ", and no one-ulp nudge gives it");
        inexact += 1;
        tally.statusDiffs += 1;
        statusDiffers = true;
        return;
      }
      if (!same(mine.numeric, row.numeric)) {
        // The root at x + h and at x − h each may be off by what one ulp in every function
        // moves it (and an ulp of its own): divided by the step, 2h, and doubled, times 4.
        const x = Model.number(engine.graph.nodes[id].data), wide = 1e-6 * Math.max(1, Math.abs(x));
        const h = same(mine.numeric, plainCentral(before, engine.graph, id)) ? wide : Math.min(wide, 1e-6 * Math.abs(x) || wide) * 1e-6;
        const sensitivity = rootSensitivity(before, engine.graph, nudged.roots) / h;
        const allowed = Math.max(1e-15 * Math.max(Math.abs(mine.numeric), Math.abs(row.numeric)), 4 * sensitivity);
        tally.largest = Math.max(tally.largest, Math.abs(mine.numeric - row.numeric) / Math.max(Math.abs(mine.numeric), Math.abs(row.numeric)));
        assert.ok(Math.abs(mine.numeric - row.numeric) <= allowed, where + " numeric: page " + Model.exact(mine.numeric) + ", engine " + Model.exact(row.numeric) + " (allowed " + allowed + ")");
        inexact += 1;
        return;
      }
    }
    tally.numbersEqual += 1;
    // A fallback ran where the numeric gradient is not the plain central difference.
    if (mine.status !== "step left the domain" && !same(mine.numeric, plainCentral(before, engine.graph, id))) tally.fallbacks += 1;
    if (withNotes && engine.notes[id]) {
      assert.deepEqual(Model.checkNote(mine), engine.notes[id], where + " note");
      tally.notes += 1;
    }
  });
  if (!statusDiffers) assert.equal(Model.checkSummary(page), engine.summary, text + ": summary");
  tally.programs += 1;
  return inexact;
}

function plainCentral(before, after, id) {
  const graph = Model.readGraph(before);
  const leaves = {};
  after.nodes.forEach((node, k) => { if (Model.isInput(graph.nodes[k])) leaves[k] = Model.number(node.data); });
  const data = Model.evaluate(graph, leaves).data;
  const x = data[id], h = 1e-6 * Math.max(1, Math.abs(x));
  return (Model.rootValue(graph, data, id, x + h) - Model.rootValue(graph, data, id, x - h)) / (2 * h);
}

test("120 random programs of + − × ÷ neg relu, inputs edited: the page's numeric gradients and statuses equal gradviz check's, bit for bit", { skip }, () => {
  const random = generator(5);
  const start = tally.numbersEqual;
  for (let index = 0; index < 120; index++) {
    const text = program(random, false);
    const before = engineCheck(text, inputs(random), false).graph;
    compare(text, before, inputs(random), true, index < 40);
  }
  assert.ok(tally.numbersEqual - start > 500, "numbers compared: " + (tally.numbersEqual - start));
  console.log("# + − × ÷ neg relu: " + (tally.numbersEqual - start) + " numeric gradients and statuses, all the same bits as gradviz check's");
});

test("100 random programs with exp, log, tanh, sigmoid and **, inputs edited: equal, or within what one ulp of a Math function explains", { skip }, () => {
  const random = generator(11);
  let inexact = 0, nodes = 0;
  for (let index = 0; index < 100; index++) {
    const text = program(random, true);
    const before = engineCheck(text, inputs(random), false).graph;
    const startNodes = tally.nodes;
    inexact += compare(text, before, inputs(random), false, index < 30);
    nodes += tally.nodes - startNodes;
  }
  assert.ok(inexact <= nodes * 0.05, "most numbers are the same bits: " + inexact + " of " + nodes + " differ");
  console.log("# functions: " + inexact + " of " + nodes + " numbers not the same bits (all within one ulp's effect; " + tally.statusDiffs + " statuses differ; largest relative difference of a numeric gradient " + tally.largest.toExponential(2) + ")");
});

test("domain edges and kinks: log(x) near 0, x ** 0.5 at tiny x, 1/x at 1e-9, relu at 0: the fallbacks give gradviz check's numbers and notes", { skip }, () => {
  const cases = [
    ["log(x) * y", [["x", "1"], ["y", "2"]], [["x", "1e-9"], ["y", "2"]]],
    ["x ** 0.5 + y", [["x", "4"], ["y", "1"]], [["x", "1e-8"], ["y", "1"]]],
    ["x ** 0.5 + y", [["x", "4"], ["y", "1"]], [["x", "1e-300"], ["y", "1"]]],
    ["x ** 0.5 * y", [["x", "4"], ["y", "1"]], [["x", "0"], ["y", "1"]]],
    ["1 / x + y", [["x", "2"], ["y", "1"]], [["x", "1e-9"], ["y", "1"]]],
    ["relu(x) * y", [["x", "1"], ["y", "2"]], [["x", "0"], ["y", "2"]]],
    ["relu(x - y) + x", [["x", "1"], ["y", "2"]], [["x", "0.5"], ["y", "0.5"]]],
    ["log(x) + relu(y) + (x * y) ** 0.5", [["x", "1"], ["y", "1"]], [["x", "1e-9"], ["y", "0"]]],
    ["log(x - y)", [["x", "2"], ["y", "1"]], [["x", "1.000001"], ["y", "1"]]],
  ];
  const seen = new Set();
  const fallbacksBefore = tally.fallbacks;
  for (const [text, first, edit] of cases) {
    const before = engineCheck(text, first, false).graph;
    compare(text, before, edit, false, true);
    pageCheck(before, engineCheck(text, edit, false).graph).forEach((r) => seen.add(r.status));
  }
  for (const status of ["ok", "non-smooth", "mismatch"]) assert.ok(seen.has(status), "a case gives " + status + ": " + [...seen].join(", "));
  assert.ok(tally.fallbacks > fallbacksBefore, "a fallback (relative step or one-sided difference) gave a numeric gradient");
});

test.after(() => {
  if (!skip) console.log("# gradient check: " + tally.programs + " programs, " + tally.nodes + " nodes, " + tally.numbersEqual + " the same bits, " + tally.notes + " notes equal gradviz's, " + tally.fallbacks + " numbers from a fallback; statuses " + JSON.stringify(tally.statuses));
});
