// Unit tests of the viewer's pure logic (Sources/Pages/Viewer/model.js) with Node's
// built-in test runner: scripts/checks/viewer-test runs them.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");
const Model = require(path.join(__dirname, "../../Sources/Pages/Viewer/model.js"));

// a = 2; b = a + a; c = a*b; d = c + b: the seed program (a.grad is 10; naive recursion gives 16).
function seed(extra) {
  return Object.assign({
    root: 3,
    nodes: [
      { id: 0, label: "a", op: null, operands: [], data: 2, grad: 10 },
      { id: 1, label: "b", op: "+", operands: [0, 0], data: 4, grad: 3 },
      { id: 2, label: "c", op: "*", operands: [0, 1], data: 8, grad: 1 },
      { id: 3, label: "d", op: "+", operands: [2, 1], data: 12, grad: 1 },
    ],
  }, extra || {});
}

test("the correct order is reverse topological, operations only", () => {
  const graph = Model.readGraph(seed());
  assert.deepEqual(graph.passes, [[3, 2, 1]]);
});

test("step 0 has every grad 0 but the root's 1, and each step adds what its node sends", () => {
  const graph = Model.readGraph(seed());
  const line = Model.timeline(graph, Model.forward(graph));
  assert.deepEqual(Array.from(line.initial), [0, 0, 0, 1]);
  assert.equal(line.steps.length, 3);
  const aGrad = [0, 1, 2, 3].map((k) => Model.gradsAt(line, k)[0]);
  assert.deepEqual(aGrad, [0, 0, 4, 10]);
  assert.deepEqual(Array.from(line.grads), [10, 3, 1, 1]);
  // The + of b = a + a sends 3 along each of its two slots.
  assert.deepEqual(line.steps[2].adds.map((add) => [add.operand, add.amount, add.before, add.after]), [[0, 3, 4, 7], [0, 3, 7, 10]]);
});

test("stepping back undoes a step exactly", () => {
  const graph = Model.readGraph(seed());
  const line = Model.timeline(graph, Model.forward(graph));
  const end = Model.gradsAt(line, 3);
  assert.deepEqual(Array.from(Model.gradsAt(line, 1, 3, end)), Array.from(Model.gradsAt(line, 1)));
  assert.deepEqual(Array.from(Model.gradsAt(line, 0, 3, end)), Array.from(line.initial));
  assert.deepEqual(Array.from(Model.gradsAt(line, 99)), Array.from(end));
});

test("the naive recursion's order, with repeated visits, gives 16", () => {
  const graph = Model.readGraph(seed({ bug: "recursive", passes: [[3, 2, 1, 1]] }));
  const line = Model.timeline(graph, Model.forward(graph));
  assert.deepEqual([0, 1, 2, 3, 4].map((k) => Model.gradsAt(line, k)[0]), [0, 0, 4, 10, 16]);
  assert.equal(line.steps[3].visit, 2);
  assert.match(Model.caption(graph, line, 4, Model.forward(graph)), /2nd time/);
});

test("overwriting instead of adding keeps a slot's last contribution", () => {
  const graph = Model.readGraph({ root: 1, bug: "overwrite", nodes: [
    { label: "a", op: null, operands: [], data: 3, grad: 0 },
    { label: "b", op: "+", operands: [0, 0], data: 6, grad: 1 },
  ] });
  assert.deepEqual(Array.from(Model.evaluate(graph).grads), [1, 1]);
});

test("no-zero-grad runs two passes, the second seeded again", () => {
  const graph = Model.readGraph(seed({ bug: "no-zero-grad", passes: [[3, 2, 1], [3, 2, 1]] }));
  const line = Model.timeline(graph, Model.forward(graph));
  assert.equal(line.steps.length, 7);
  assert.equal(line.steps[3].kind, "seed");
  // The second pass starts from the first one's grads: c.grad 2 and b.grad 4 send twice as much again.
  assert.deepEqual(Array.from(line.grads), [34, 8, 2, 1]);
});

test("sub-sign sends +grad to the right operand of −", () => {
  const payload = { root: 2, nodes: [
    { label: "x", op: null, operands: [], data: 5, grad: 0 },
    { label: "y", op: null, operands: [], data: 2, grad: 0 },
    { label: "z", op: "-", operands: [0, 1], data: 3, grad: 1 },
  ] };
  assert.deepEqual(Array.from(Model.evaluate(Model.readGraph(payload)).grads), [1, -1, 1]);
  payload.bug = "sub-sign";
  assert.deepEqual(Array.from(Model.evaluate(Model.readGraph(payload)).grads), [1, 1, 1]);
});

test("editing a leaf recomputes forward and backward", () => {
  const graph = Model.readGraph(seed());
  const result = Model.evaluate(graph, { 0: 3 });
  assert.deepEqual(Array.from(result.data), [3, 6, 18, 24]);
  // d = a*2a + 2a: d' = 4a + 2 = 14 at a = 3.
  assert.deepEqual(Array.from(result.grads), [14, 4, 1, 1]);
});

test("every operation's forward and local derivative", () => {
  const cases = [
    // op, exponent, x, forward, d/dx
    ["neg", 0, 1.5, -1.5, -1],
    ["pow", 3, 2, 8, 12],
    ["pow", 0, 2, 1, 0],
    ["exp", 0, 0, 1, 1],
    ["log", 0, 2, Math.log(2), 0.5],
    ["tanh", 0, 0, 0, 1],
    ["relu", 0, -1, 0, 0],
    ["relu", 0, 2, 2, 1],
    ["sigmoid", 0, 0, 0.5, 0.25],
  ];
  for (const [op, exponent, x, value, slope] of cases) {
    const graph = Model.readGraph({ root: 1, nodes: [
      { label: "x", op: null, operands: [], data: x, grad: 0 },
      { label: "y", op: op, operands: [0], exponent: exponent, data: 0, grad: 0 },
    ] });
    const result = Model.evaluate(graph);
    assert.equal(result.data[1], value, op);
    assert.equal(result.grads[0], slope, op);
  }
  const divide = Model.readGraph({ root: 2, nodes: [
    { label: "a", op: null, operands: [], data: 3, grad: 0 },
    { label: "b", op: null, operands: [], data: 4, grad: 0 },
    { label: "q", op: "/", operands: [0, 1], data: 0, grad: 0 },
  ] });
  assert.deepEqual(Array.from(Model.evaluate(divide).grads), [0.25, -(1 * 0.75 / 4), 1]);
});

test("a ** b with a value exponent (powv): both operands receive a grad", () => {
  const graph = Model.readGraph({ root: 2, nodes: [
    { label: "a", op: null, operands: [], data: 2, grad: 0 },
    { label: "b", op: null, operands: [], data: 3, grad: 0 },
    { label: "p", op: "powv", operands: [0, 1], data: 0, grad: 0 },
  ] });
  const result = Model.evaluate(graph);
  assert.equal(result.data[2], 8);
  assert.deepEqual(Array.from(result.grads), [(3 * Math.pow(2, 2)) * 1, (Math.log(2) * 8) * 1, 1]);
  // At a = 0 with b ≥ 0, a^b does not move with b.
  assert.equal(Model.evaluate(graph, { 0: 0 }).grads[1], 0);
  assert.match(Model.caption(graph, result.timeline, 1, result.data), /b·a\^\(b − 1\)·grad = 3 × 2\^2 × 1 = 12 to a/);
});

test("an n-ary sum (a collapsed chain of +) adds left to right and passes its grad to each operand", () => {
  const graph = Model.readGraph({ root: 3, nodes: [
    { label: "a", op: null, operands: [], data: 0.1, grad: 0 },
    { label: "b", op: null, operands: [], data: 0.2, grad: 0 },
    { label: "c", op: null, operands: [], data: 0.3, grad: 0 },
    { label: "s", op: "+", operands: [0, 1, 2], data: 0, grad: 0 },
  ] });
  const result = Model.evaluate(graph);
  assert.equal(result.data[3], (0.1 + 0.2) + 0.3);
  assert.deepEqual(Array.from(result.grads), [1, 1, 1, 1]);
});

test("nan and infinities are read from gradviz's strings and propagate", () => {
  const graph = Model.readGraph({ root: 1, nodes: [
    { label: "x", op: null, operands: [], data: "nan", grad: 0 },
    { label: "y", op: "relu", operands: [0], data: "nan", grad: 1 },
  ] });
  assert.ok(Number.isNaN(Model.evaluate(graph).data[1]));
  assert.equal(Model.number("-inf"), -Infinity);
});

test("an operation the page does not know turns replay off", () => {
  const graph = Model.readGraph({ root: 1, nodes: [
    { label: "x", op: null, operands: [], data: 1, grad: 0 },
    { label: "y", op: "gelu", operands: [0], data: 1, grad: 1 },
  ] });
  assert.equal(graph.unsupported, "gelu");
});

test("numbers are written as gradviz writes them", () => {
  assert.equal(Model.short(2), "2.0000");
  assert.equal(Model.short(-0), "0.0000");
  assert.equal(Model.short(-0.00001), "-1.0000e-05");
  assert.equal(Model.short(12345678), "1.2346e+07");
  assert.equal(Model.short(1.03125), "1.0312"); // printf rounds an exact half to even
  assert.equal(Model.short(1.09375), "1.0938");
  assert.equal(Model.short(0.00015), "0.0001"); // 0.00015 is a little under in binary
  assert.equal(Model.short(NaN), "nan");
  assert.equal(Model.short(-Infinity), "-inf");
  assert.equal(Model.exact(2), "2.0");
  assert.equal(Model.exact(0.1), "0.1");
  assert.equal(Model.exact(1e-5), "1e-05");
  assert.equal(Model.exact(24.70408163265306), "24.70408163265306");
  assert.equal(Model.brief(-3), "\u22123");
  assert.equal(Model.brief(0.123456789), "0.12346");
  assert.ok(Model.sameNumber(NaN, NaN) && Model.sameNumber(-0, 0) && Model.sameNumber(Infinity, Infinity));
  assert.ok(!Model.sameNumber(NaN, 1) && !Model.sameNumber(1, 1 + Number.EPSILON));
});

test("captions say in words what a step did", () => {
  const payload = { root: 2, nodes: [
    { label: "a", op: null, operands: [], data: 2, grad: 0 },
    { label: "b", op: null, operands: [], data: -3, grad: 0 },
    { label: "c", op: "*", operands: [0, 1], data: -6, grad: 1 },
  ] };
  const graph = Model.readGraph(payload);
  const data = Model.forward(graph);
  const line = Model.timeline(graph, data);
  assert.match(Model.caption(graph, line, 0, data), /^Forward pass done\. Backward starts at c: c\.grad = 1/);
  const text = Model.caption(graph, line, 1, data);
  assert.match(text, /^The × node of c sends b·grad = −3 × 1 = −3 to a \(a\.grad 0 → −3\)/);
  assert.match(text, /a·grad = 2 × 1 = 2 to b \(b\.grad 0 → 2\)/);
});
