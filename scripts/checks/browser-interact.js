// Drives a gradviz page in headless Chromium the way a person does — keys, clicks, typing —
// over the DevTools protocol on a pipe (--remote-debugging-pipe: no port, no network), and
// fails on any console error or uncaught exception. scripts/checks/browser-test runs it.
//   node scripts/checks/browser-interact.js CHROMIUM PAGE.html SCREENSHOT-FOLDER
// The page must be the seed program's, `a = 2; b = a + a; c = a*b; d = c + b`.
"use strict";
const path = require("node:path");
const CDP = require("./cdp.js");

const [chromium, page, shots] = process.argv.slice(2);
let cdp = null, evaluate, key, click, send, expect;
const screenshot = (name) => cdp.screenshot(path.join(shots, name));
const gradOf = (id) => `(function () {
  const group = Array.from(document.querySelectorAll("g.node")).find((g) => g.querySelector("title").textContent === "n${id}");
  return Array.from(group.querySelectorAll("text")).map((t) => t.textContent).find((t) => t.startsWith("grad "));
})()`;

CDP.drive("interact", chromium, async (browser, check) => {
  cdp = browser;
  expect = check;
  ({ evaluate, key, click, send } = cdp);
  await cdp.navigate("file://" + path.resolve(page));
  expect("ready", await evaluate("document.body.dataset.ready"), "true");
  // The page opens on the last step: the drawing as Graphviz drew it.
  expect("opens at the end", await evaluate("document.body.dataset.step"), "3");
  expect("a.grad at the end", await evaluate(gradOf(0)), "grad 10.0000");
  // Keys: Home, then → step by step; ← steps back; End.
  await key("Home", "Home", 36);
  expect("Home", await evaluate(gradOf(0)) + " " + await evaluate(gradOf(3)), "grad 0.0000 grad 1.0000");
  const seen = [];
  for (let i = 0; i < 3; i++) { await key("ArrowRight", "ArrowRight", 39); seen.push(await evaluate(gradOf(0))); }
  expect("→ three times", seen.join(", "), "grad 0.0000, grad 4.0000, grad 10.0000");
  await key("ArrowLeft", "ArrowLeft", 37);
  expect("←", await evaluate(gradOf(0)), "grad 4.0000");
  expect("the step's edges are lit", await evaluate("document.querySelectorAll('g.edge.step-edge').length"), 3);
  expect("each edge says what it adds", await evaluate("Array.from(document.querySelectorAll('text.edge-add')).map((t) => t.textContent).join(' ')"), "+4 +2");
  await screenshot("interact-step2.png");
  await key("End", "End", 35);
  expect("End", await evaluate(gradOf(0)), "grad 10.0000");
  // Play from the start at the fast speed: it runs to the end by itself.
  await evaluate("document.getElementById('step-speed').value = '350'");
  await key("Home", "Home", 36);
  await key(" ", "Space", 32);
  expect("playing", await evaluate("document.getElementById('step-play').getAttribute('aria-pressed')"), "true");
  await new Promise((resolve) => setTimeout(resolve, 1800));
  expect("played to the end", await evaluate("document.body.dataset.step"), "3");
  expect("stopped at the end", await evaluate("document.getElementById('step-play').getAttribute('aria-pressed')"), "false");
  // Tab reaches the controls, and focus is drawn.
  await evaluate("document.activeElement.blur()");
  await key("Tab", "Tab", 9);
  const outline = await evaluate("getComputedStyle(document.activeElement).outlineStyle + ' ' + document.activeElement.tagName");
  expect("focus is visible", outline.split(" ")[0] !== "none", true);
  // Click a: the panel shows its details and a field; type 3 into it.
  const box = await evaluate(`(function () {
    const group = Array.from(document.querySelectorAll("g.node")).find((g) => g.querySelector("title").textContent === "n0");
    const r = group.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2];
  })()`);
  await click(box[0], box[1]);
  expect("clicked a", await evaluate("document.getElementById('details').dataset.node"), "n0");
  await evaluate("(function () { const f = document.getElementById('edit-value'); f.focus(); f.select(); })()");
  await send("Input.insertText", { text: "3" });
  expect("a = 3: a.grad", await evaluate(gradOf(0)), "grad 14.0000");
  expect("a = 3: d.data", await evaluate(`Array.from(document.querySelectorAll("g.node")).find((g) => g.querySelector("title").textContent === "n3").textContent.includes("data 24.0000")`), true);
  expect("the panel's grad", await evaluate("Array.from(document.querySelectorAll('#details tr')).find((r) => r.cells[0].textContent === 'grad').cells[1].textContent"), "14.0");
  // ↑ in the field nudges by 0.1.
  await key("ArrowUp", "ArrowUp", 38);
  expect("a = 3.1: the field", await evaluate("document.getElementById('edit-value').value"), "3.1");
  expect("a = 3.1: a.grad", await evaluate(gradOf(0)), "grad 14.4000");
  await screenshot("interact-edited.png");
  // Stepping works on the edited numbers; reset brings the drawing back.
  await evaluate("document.getElementById('edit-value').blur()");
  await key("Home", "Home", 36);
  await key("ArrowRight", "ArrowRight", 39);
  await key("ArrowRight", "ArrowRight", 39);
  expect("a = 3.1, step 2: a.grad", await evaluate(gradOf(0)), "grad 6.2000");
  // Reset while stepping stays at the step: a = 2 at step 2 is 4.
  await evaluate("document.getElementById('reset-inputs').click()");
  expect("reset at step 2", await evaluate(gradOf(0)) + " " + await evaluate("document.body.dataset.step"), "grad 4.0000 2");
  await key("End", "End", 35);
  expect("reset", await evaluate(gradOf(0)), "grad 10.0000");
  expect("reset: the field", await evaluate("document.getElementById('edit-value').value"), "2");
  expect("reset: one field per input", await evaluate("document.querySelectorAll('input[data-node=\"0\"]').length"), 1);
  // Dragging the field's label 50 pixels right scrubs a from 2 by 0.02 a pixel: a = 3.
  const handle = await evaluate("(function () { const r = document.querySelector('label[for=edit-value]').getBoundingClientRect(); return [r.x + 10, r.y + r.height / 2]; })()");
  await send("Input.dispatchMouseEvent", { type: "mousePressed", x: handle[0], y: handle[1], button: "left", buttons: 1, clickCount: 1 });
  for (const dx of [10, 25, 50]) await send("Input.dispatchMouseEvent", { type: "mouseMoved", x: handle[0] + dx, y: handle[1], button: "left", buttons: 1 });
  await send("Input.dispatchMouseEvent", { type: "mouseReleased", x: handle[0] + 50, y: handle[1], button: "left", buttons: 1, clickCount: 1 });
  expect("dragged to a = 3: the field", await evaluate("document.getElementById('edit-value').value"), "3");
  expect("dragged to a = 3: a.grad", await evaluate(gradOf(0)), "grad 14.0000");
  // A click on the background goes back to the panel's list of inputs; reset keeps one list.
  const empty = await evaluate("(function () { const r = document.getElementById('view').getBoundingClientRect(); return [r.x + 20, r.y + 20]; })()");
  await click(empty[0], empty[1]);
  expect("the list is back", await evaluate("document.getElementById('input-0') !== null && !document.getElementById('details').dataset.node"), true);
  await evaluate("document.getElementById('reset-inputs').click()");
  expect("reset from the list: a.grad", await evaluate(gradOf(0)), "grad 10.0000");
  expect("reset from the list: one list", await evaluate("document.querySelectorAll('#details .inputs').length + ' ' + document.getElementById('input-0').value"), "1 2");
  // Pan and zoom (panzoom.js, shared with the training page): the wheel zooms about the
  // pointer, a drag pans, 0 fits the drawing again.
  const viewBox = () => evaluate(`document.querySelector("#view svg").getAttribute("viewBox")`);
  const fitted = await viewBox();
  const centre = await evaluate("(function () { const r = document.getElementById('view').getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()");
  await cdp.wheel(centre[0], centre[1], -100);
  const zoomed = (await viewBox()).split(" ").map(Number);
  expect("the wheel zooms in", zoomed[2] < Number(fitted.split(" ")[2]), true);
  await cdp.drag([[centre[0], centre[1]], [centre[0] + 40, centre[1]], [centre[0] + 80, centre[1]]]);
  const panned = (await viewBox()).split(" ").map(Number);
  expect("a drag pans", panned[0] < zoomed[0] && panned[2] === zoomed[2], true);
  await key("0", "Digit0", 48);
  expect("0 fits the drawing again", (await viewBox()).split(" ").map(Number).join(" "), fitted.split(" ").map(Number).join(" "));
  return "keys (Home, →, ←, End, space), Tab focus, a click, typing a = 3 and ↑, reset, dragging a to 3, wheel zoom, drag pan, 0 fit";
});
