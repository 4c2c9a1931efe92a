// Drives a training replay page (`gradviz mlp --out training.html`) in headless Chromium the
// way a person does: it must open within 2 s on the trained model; dragging the slider, Home,
// End and the arrow keys pick steps, and at each the page's loss must be the one gradviz wrote
// with --losses (micrograd's "step k" loss is line k+1; the last step is the trained model's
// loss, the summary's); the neurons view, the curves' marker and the boundary follow; play
// runs by itself; the neurons zoom and pan. Fails on any console error. scripts/checks/browser-test runs it.
//   node scripts/checks/browser-training.js CHROMIUM PAGE.html LOSSES.txt FINAL-LOSS SCREENSHOT-FOLDER
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const CDP = require("./cdp.js");

const [chromium, page, lossesFile, finalLoss, shots] = process.argv.slice(2);
const losses = fs.readFileSync(lossesFile, "utf8").trim().split("\n");
const steps = losses.length;
let cdp = null, expect;
/// The step the page shows and its loss, as written on the page.
const state = () => cdp.evaluate(`[document.body.dataset.step, document.getElementById("frame-loss").textContent]`);
/// What the other panels show: a neuron's text, the curves' marker, and the boundary's pixels.
const panels = () => cdp.evaluate(`[
  document.querySelector("#network g.unit:not(.input)").textContent,
  document.querySelector("#curves .marker").getAttribute("x1"),
  document.getElementById("boundary").toDataURL().length + ":" + document.getElementById("boundary").toDataURL().slice(-64),
]`);
const expectStep = async (what, step) => {
  const [shown, loss] = await state();
  expect(what + ": the step", shown, String(step));
  expect(what + ": the loss at step " + step, loss, step < steps ? losses[step] : finalLoss);
};

CDP.drive("training", chromium, async (browser, check) => {
  cdp = browser;
  expect = check;
  await cdp.navigate("file://" + path.resolve(page));
  expect("ready", await cdp.evaluate("document.body.dataset.ready"), "true");
  const openedIn = Number(await cdp.evaluate("document.body.dataset.readyMs"));
  if (!(openedIn < 2000)) throw new Error("the page took " + openedIn + " ms to open; it must open in under 2 s");
  await expectStep("opens on the trained model", steps);
  const trained = await panels();
  await cdp.screenshot(path.join(shots, "training-end.png"));
  // Drag the slider's thumb from its right end to its left end: step 0.
  const slider = await cdp.evaluate(`(function () { const r = document.getElementById("step-slider").getBoundingClientRect(); return [r.x, r.y + r.height / 2, r.width]; })()`);
  const [left, y, width] = slider;
  await cdp.drag([[left + width - 4, y], [left + width / 2, y], [left - 20, y]]);
  await expectStep("slider dragged to the start", 0);
  const untrained = await panels();
  for (const [index, part] of ["the neurons view", "the curves' marker", "the boundary"].entries()) {
    expect(part + " changes between step 0 and the end", untrained[index] !== trained[index], true);
  }
  await cdp.screenshot(path.join(shots, "training-step0.png"));
  // Drag to the middle: whatever step it lands on, the loss is that step's.
  await cdp.drag([[left + 4, y], [left + width * 0.3, y], [left + width / 2, y]]);
  const [middle] = await state();
  if (!(Number(middle) > 0 && Number(middle) < steps)) throw new Error("dragging to the middle showed step " + middle);
  await expectStep("slider dragged to the middle", Number(middle));
  await cdp.screenshot(path.join(shots, "training-middle.png"));
  // Keys on the page: → and ← step, End and Home jump.
  await cdp.evaluate("document.activeElement.blur()");
  await cdp.key("ArrowRight", "ArrowRight", 39);
  await expectStep("→", Number(middle) + 1);
  await cdp.key("ArrowLeft", "ArrowLeft", 37);
  await cdp.key("ArrowLeft", "ArrowLeft", 37);
  await expectStep("← twice", Number(middle) - 1);
  await cdp.key("End", "End", 35);
  await expectStep("End", steps);
  expect("the panels at the end are the trained model's again", JSON.stringify(await panels()), JSON.stringify(trained));
  await cdp.key("Home", "Home", 36);
  await expectStep("Home", 0);
  // Play at the fast speed: it moves on by itself, and pauses.
  await cdp.evaluate("document.getElementById('step-speed').value = '40'");
  await cdp.key(" ", "Space", 32);
  expect("playing", await cdp.evaluate("document.getElementById('step-play').getAttribute('aria-pressed')"), "true");
  await new Promise((resolve) => setTimeout(resolve, 600));
  await cdp.key(" ", "Space", 32);
  const [played] = await state();
  expect("paused", await cdp.evaluate("document.getElementById('step-play').getAttribute('aria-pressed')"), "false");
  if (!(Number(played) > 0)) throw new Error("play did not move past step 0");
  await expectStep("paused after playing", Number(played));
  // Every control says what it is; Tab reaches them and focus is drawn.
  expect("unlabelled controls", await cdp.evaluate(`Array.from(document.querySelectorAll("button, input, select")).filter((c) => !c.getAttribute("aria-label") && !(c.id && document.querySelector("label[for=" + c.id + "]"))).length`), 0);
  await cdp.evaluate("document.activeElement.blur()");
  await cdp.key("Tab", "Tab", 9);
  expect("focus is visible", await cdp.evaluate("getComputedStyle(document.activeElement).outlineStyle") !== "none", true);
  // The neurons panel zooms with the wheel about the pointer, pans with a drag, and a
  // double-click fits it again.
  const viewBox = () => cdp.evaluate(`document.getElementById("network").getAttribute("viewBox").split(" ").map(Number)`);
  const fitted = await viewBox();
  const centre = await cdp.evaluate(`(function () { const r = document.getElementById("network").getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()`);
  await cdp.wheel(centre[0], centre[1], -400);
  const zoomed = await viewBox();
  expect("the wheel zooms the neurons in (" + fitted + " → " + zoomed + ")", zoomed[2] < fitted[2] * 0.8, true);
  await cdp.drag([[centre[0], centre[1]], [centre[0] + 40, centre[1]], [centre[0] + 80, centre[1]]]);
  const panned = await viewBox();
  expect("a drag pans (" + zoomed + " → " + panned + ")", panned[0] < zoomed[0] && panned[2] === zoomed[2], true);
  await cdp.doubleClick(centre[0], centre[1]);
  expect("a double-click fits the network again", JSON.stringify(await viewBox()), JSON.stringify(fitted));
  return "opened in " + openedIn + " ms on step " + steps + "; slider, keys and play give each step's --losses loss (step 0: " + losses[0] + ", step " + steps + ": " + finalLoss + ")";
});
