// The training replay page's pure logic (Sources/Pages/Viewer/training-model.js) against
// gradviz itself: the recorded numbers (`gradviz mlp --view training --format json`), the
// engine's --losses and --save-weights, and the static pictures the page redraws (--view
// neurons, --boundary). Needs a built gradviz for all but the first test: scripts/checks/viewer-test
// PATH/TO/gradviz sets GRADVIZ.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { spawnSync } = require("node:child_process");
const Training = require(path.join(__dirname, "../../Sources/Pages/Viewer/training-model.js"));

const gradviz = process.env.GRADVIZ || "";
const skip = gradviz === "" ? "needs a built gradviz (scripts/checks/viewer-test PATH/TO/gradviz)" : false;

let folder = null;
/// A file in this run's temporary folder (removed after the tests).
function temporary(name) {
  if (folder === null) folder = fs.mkdtempSync(path.join(os.tmpdir(), "gradviz-training-test-"));
  return path.join(folder, name);
}
test.after(() => { if (folder !== null) fs.rmSync(folder, { recursive: true, force: true }); });

/// Runs `gradviz mlp ARGS`: its stdout and stderr (the summary line).
function mlp(args) {
  const result = spawnSync(gradviz, ["mlp", "--no-progress", ...args], { encoding: "utf8", maxBuffer: 1 << 28 });
  assert.equal(result.status, 0, "gradviz mlp " + args.join(" ") + " failed: " + result.stderr);
  return { stdout: result.stdout, stderr: result.stderr };
}

/// The run's training record as the page reads it, and the raw JSON.
function record(args) {
  const run = mlp(["--view", "training", "--format", "json", "-o", "-", ...args]);
  const payload = JSON.parse(run.stdout);
  return { payload, replay: Training.readReplay(payload), summary: run.stderr };
}

let pageColors = null;
/// The colours a real page passes to the model (its `training-colors` element).
function colors() {
  if (pageColors !== null) return pageColors;
  const file = temporary("page.html");
  mlp(["--steps", "1", "-o", file]);
  const found = /<script type="application\/json" id="training-colors">([^<]*)<\/script>/.exec(fs.readFileSync(file, "utf8"));
  assert.ok(found, "the page has no training-colors element");
  return (pageColors = JSON.parse(found[1]));
}

/// Every frame's forward pass on its own shown sample (layer 0's outputs are the sample's
/// features) against the outputs the engine recorded, unit by unit: bit for bit, or within
/// `relative` where Math.tanh may round the last bit differently from the C library's tanh.
function checkForward(replay, relative) {
  const inputCount = replay.layerStart[1];
  for (const frame of replay.frames) {
    const out = Training.forward(replay, frame, frame.out.slice(0, inputCount));
    frame.out.forEach((expected, unit) => {
      const where = "step " + frame.step + ", unit " + replay.units[unit].name + ": page " + out[unit] + ", engine " + expected;
      if (relative === 0) assert.ok(Object.is(out[unit], expected), where);
      else assert.ok(Math.abs(out[unit] - expected) <= relative * Math.max(Math.abs(expected), Math.abs(out[unit])), where);
    });
  }
}

/// The page's accuracy of every frame against the engine's.
function checkAccuracy(replay) {
  for (const frame of replay.frames) {
    assert.equal(Training.accuracy(replay, frame), frame.accuracy, "accuracy at step " + frame.step);
  }
}

test("ticks, frames, weight strokes and cell colours", () => {
  for (const [low, high] of [[0, 1], [-1.5, 2.5], [-0.37, 0.91], [3, 1000], [-0.001, 0.002], [-2.13, -1.9]]) {
    const values = Training.ticks(low, high), step = values[1] - values[0];
    const where = "ticks(" + low + ", " + high + ") = " + values.join(", ");
    assert.ok(values.length >= 3 && values.length <= 7, where);
    assert.ok(values[0] <= low && values[values.length - 1] >= high, where);
    // Round: 1, 2, 2.5 or 5 times a power of ten apart, each value a whole number of steps.
    const mantissa = step / Math.pow(10, Math.floor(Math.log10(step)));
    assert.ok([1, 2, 2.5, 5].some((m) => Math.abs(mantissa - m) < 1e-9), where);
    values.forEach((value, index) => {
      assert.ok(Math.abs(value / step - Math.round(value / step)) < 1e-9, where);
      if (index > 0) assert.ok(Math.abs(value - values[index - 1] - step) < 1e-9 * step, where);
    });
  }

  // Frames recorded at steps 0, 5, 10 and 12: a step shows the last frame at or before it.
  const frame = (step) => ({ step, loss: 1, accuracy: 0.5, lr: 0.1, out: [1, 0], grad: [0, 1], bias: [0], dead: [], weight: [1], weightGrad: [0] });
  const tiny = Training.readReplay({
    title: "t", loss: "mse", steps: 12, note: null, caption: "", curveStride: 1, losses: [], accuracies: [], plane: null,
    layers: [[{ name: "x1", activation: null }], [{ name: "L1.N1", activation: "tanh" }]], connections: [[0, 0, 0, "L1.N1.w1"]],
    frames: [frame(0), frame(5), frame(10), frame(12)],
  });
  const shown = [0, 4, 5, 9, 10, 11, 12, 99].map((step) => Training.frameIndexOf(tiny, step));
  assert.deepEqual(shown, [0, 0, 1, 1, 2, 2, 3, 3]);

  // The neurons view's rule (DotExport+Network.swift): 0.3 + 3.2·|w|/largest wide, alpha
  // 40 + 180·|w|/largest (0x28 to 0xDC); colours from Palette.swift.
  const weights = { positiveWeight: "#2563eb", negativeWeight: "#dc2626", nonFiniteText: "#b91c1c" };
  assert.deepEqual(Training.stroke(0, 2, weights), { width: 0.3, color: "#2563eb28" });
  assert.deepEqual(Training.stroke(2, 2, weights), { width: 3.5, color: "#2563ebDC" });
  assert.deepEqual(Training.stroke(-2, 2, weights), { width: 3.5, color: "#dc2626DC" });
  assert.deepEqual(Training.stroke(NaN, 2, weights), { width: 0.3, color: "#b91c1c28" });

  // BoundaryPlot.shade: positiveScore #93c5fd mixed with white by 0.25 + 0.75·min(|s|, 2)/2,
  // each channel 255 − (255 − c)·mix rounded: at 0, 93→255−108/4 = 228 (e4), c5→255−58/4
  // = 240.5 (f1), fd→255−2/4 = 254.5 (ff); from 2 on, the colour itself.
  const scores = { positiveScore: "#93c5fd", negativeScore: "#fca5a5", unknown: "#9ca3af" };
  assert.equal(Training.cellColor({ score: 0 }, scores, 1), "#e4f1ff");
  assert.equal(Training.cellColor({ score: 2 }, scores, 1), "#93c5fd");
  assert.equal(Training.cellColor({ score: 7 }, scores, 1), "#93c5fd");
  assert.equal(Training.cellColor({ score: -3 }, scores, 1), "#fca5a5");
  assert.equal(Training.cellColor({ score: NaN }, scores, 1), "#9ca3af");
});

let moonsRun = null;
/// The default run (micrograd's demo: moons, relu, hinge, 100 steps), recorded once, with its
/// --losses file.
function moons() {
  if (moonsRun !== null) return moonsRun;
  const losses = temporary("moons-losses.txt");
  return (moonsRun = Object.assign(record(["--losses", losses]), { losses }));
}

test("moons (relu, hinge): every frame's outputs, accuracy and loss are the engine's", { skip }, () => {
  const { payload, replay, summary, losses } = moons();
  assert.equal(replay.frames.length, 101, "every step is recorded");
  // The shown sample is the one the caption names ("sample 56 of 100 …"): its features are
  // the inputs' outputs.
  const sample = Number(/^sample (\d+) of/.exec(payload.caption)[1]);
  for (const frame of replay.frames) assert.deepEqual(frame.out.slice(0, 2), replay.plane.points[sample - 1].slice(0, 2));
  checkForward(replay, 0);
  checkAccuracy(replay);
  // Step k's loss is the one step k + 1 printed before its update; the last is the trained model's.
  const lines = fs.readFileSync(losses, "utf8").trim().split("\n").map(Number);
  assert.equal(lines.length, 100);
  replay.frames.slice(0, 100).forEach((frame, k) => assert.ok(Object.is(frame.loss, lines[k]), "loss at step " + k));
  const trained = Number(/loss (\S+) after the last update/.exec(summary)[1]);
  assert.ok(Object.is(replay.frames[100].loss, trained), "last loss " + replay.frames[100].loss + ", summary " + trained);
});

test("tiny (tanh, mse): outputs to an ulp of tanh, and each step's parameters as the engine saves them", { skip }, () => {
  const { payload, replay } = record(["--data", "tiny", "--steps", "20"]);
  // Math.tanh (V8's) and the C library's tanh may round the last bit differently.
  checkForward(replay, 1e-15);
  // Three features: no plane to shade, and no points for the page to count (it shows the
  // recorded accuracy).
  assert.equal(replay.plane, null);
  // micrograd's parameters() order: each neuron's weights (by input), then its bias.
  const order = [];
  let bias = 0;
  payload.layers.slice(1).forEach((layer, l) => layer.forEach((_, neuron) => {
    const incoming = payload.connections.map((c, position) => ({ c, position })).filter(({ c }) => c[0] === l && c[2] === neuron);
    incoming.sort((a, b) => a.c[1] - b.c[1]).forEach(({ position }) => order.push(["weight", position]));
    order.push(["bias", bias++]);
  }));
  for (const k of [0, 1, 7, 20]) {
    const file = temporary("tiny-" + k + ".json");
    mlp(["--data", "tiny", "--steps", String(k), "--save-weights", file]);
    const saved = JSON.parse(fs.readFileSync(file, "utf8"));
    const frame = replay.frames[Training.frameIndexOf(replay, k)];
    assert.equal(frame.step, k);
    assert.equal(saved.length, order.length);
    order.forEach(([kind, index], i) => assert.ok(Object.is(frame[kind][index], saved[i]), "step " + k + ", parameter " + i));
  }
});

test("cross-entropy, 3 classes: accuracy by the largest output, outputs bit for bit", { skip }, () => {
  // 30 points around three centres, wide enough apart to overlap (accuracy below 1).
  let state = 7;
  const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  let csv = "";
  for (let i = 0; i < 30; i++) {
    const c = i % 3, angle = (2 * Math.PI * c) / 3;
    csv += (Math.cos(angle) + (random() * 2 - 1) * 1.2).toFixed(2) + "," + (Math.sin(angle) + (random() * 2 - 1) * 1.2).toFixed(2) + "," + c + "\n";
  }
  const data = temporary("three.csv");
  fs.writeFileSync(data, csv);
  const { replay } = record(["--data", data, "--loss", "cross-entropy", "--layers", "8,3", "--steps", "30"]);
  assert.equal(replay.outputCount, 3);
  assert.ok(replay.frames.some((frame) => frame.accuracy < 1), "some points are misclassified, so the rule is tested");
  // Hidden ReLUs and linear outputs: no library functions, so the same bits.
  assert.ok(replay.units.every((unit) => unit.activation !== "tanh"));
  checkForward(replay, 0);
  checkAccuracy(replay);
});

test("the last step's weights are drawn as the static neurons view draws the trained model", { skip }, () => {
  const { replay } = moons();
  const last = replay.frames[replay.frames.length - 1], palette = colors();
  // Each weight edge of `--view neurons`, in connection order (the invisible ordering edges
  // have no penwidth): its ends, its width as DotText.number writes it (%.2f), its colour.
  const dot = mlp(["--view", "neurons", "--format", "dot", "-o", "-"]).stdout;
  const edges = [...dot.matchAll(/^\s*u(\d+)_(\d+) -> u(\d+)_(\d+) \[penwidth=([-\d.]+), color="([^"]+)"/gm)];
  assert.equal(edges.length, replay.connections.length);
  const largest = Training.largestWeight(last), differences = [];
  edges.forEach((edge, position) => {
    const connection = replay.connections[position], from = replay.units[connection.from], to = replay.units[connection.to];
    assert.deepEqual(edge.slice(1, 5).map(Number), [from.layer, from.index, to.layer, to.index]);
    const stroke = Training.stroke(last.weight[position], largest, palette);
    const page = stroke.width.toFixed(2) + " " + stroke.color, drawn = edge[5] + " " + edge[6];
    if (page !== drawn) differences.push(connection.name + " (weight " + last.weight[position] + "): page " + page + ", neurons view " + drawn);
  });
  // How many differ and the first few, to show whether it is a rule or a stray edge.
  assert.equal(differences.length, 0, differences.length + " of " + edges.length + " edges differ, e.g.\n" + differences.slice(0, 4).join("\n"));
});

test("the last step's boundary is the static --boundary plot, cell for cell", { skip }, () => {
  const { replay } = moons();
  const last = replay.frames[replay.frames.length - 1], palette = colors();
  // The plot's 64×64 cells are drawn first, as nodes p0, p1, … row by row from the bottom,
  // columns left to right, each a polygon filled with its shade.
  const svg = temporary("boundary.svg");
  mlp(["--boundary", svg, "--steps", "100"]);
  const fills = new Map();
  for (const cell of fs.readFileSync(svg, "utf8").matchAll(/<title>p(\d+)<\/title>\s*<polygon fill="([^"]+)"/g)) fills.set(Number(cell[1]), cell[2]);
  const grid = Training.boundary(replay, last);
  assert.equal(grid.length, 64);
  grid.forEach((line, row) => line.forEach((cell, column) => {
    assert.equal(Training.cellColor(cell, palette, 1), fills.get(row * 64 + column), "row " + row + ", column " + column + ", score " + cell.score);
  }));
});
