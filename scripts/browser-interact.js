// Drives a gradviz page in headless Chromium the way a person does — keys, clicks, typing —
// over the DevTools protocol on a pipe (--remote-debugging-pipe: no port, no network), and
// fails on any console error or uncaught exception. scripts/browser-test runs it.
//   node scripts/browser-interact.js CHROMIUM PAGE.html SCREENSHOT-FOLDER
// The page must be the seed program's, `a = 2; b = a + a; c = a*b; d = c + b`.
"use strict";
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const [chromium, page, shots] = process.argv.slice(2);
const browser = spawn(chromium, [
  "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1400,800",
  "--remote-debugging-pipe", "about:blank",
], { stdio: ["ignore", "ignore", "ignore", "pipe", "pipe"] });
const toBrowser = browser.stdio[3], fromBrowser = browser.stdio[4];
let nextID = 1, buffer = "";
const pending = new Map(), problems = [];
let loaded = null;
fromBrowser.on("data", (chunk) => {
  buffer += chunk.toString("utf8");
  let end;
  while ((end = buffer.indexOf("\0")) >= 0) {
    const message = JSON.parse(buffer.slice(0, end));
    buffer = buffer.slice(end + 1);
    if (message.id && pending.has(message.id)) {
      const { resolve, reject } = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) reject(new Error(JSON.stringify(message.error))); else resolve(message.result);
    } else if (message.method === "Runtime.exceptionThrown") {
      problems.push("uncaught: " + JSON.stringify(message.params.exceptionDetails.exception || message.params.exceptionDetails.text));
    } else if (message.method === "Runtime.consoleAPICalled" && /error|warning/.test(message.params.type)) {
      problems.push("console." + message.params.type + ": " + message.params.args.map((a) => a.value).join(" "));
    } else if (message.method === "Page.loadEventFired" && loaded) {
      loaded();
    }
  }
});
let session = null;
function send(method, params) {
  const id = nextID++;
  const message = { id, method, params: params || {} };
  if (session && !method.startsWith("Target.")) message.sessionId = session;
  toBrowser.write(JSON.stringify(message) + "\0");
  return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
}
async function evaluate(expression) {
  const result = await send("Runtime.evaluate", { expression, returnByValue: true });
  if (result.exceptionDetails) throw new Error(expression + ": " + JSON.stringify(result.exceptionDetails));
  return result.result.value;
}
async function key(name, code, keyCode, modifiers) {
  const base = { key: name, code, windowsVirtualKeyCode: keyCode, modifiers: modifiers || 0 };
  await send("Input.dispatchKeyEvent", Object.assign({ type: "rawKeyDown" }, base));
  await send("Input.dispatchKeyEvent", Object.assign({ type: "keyUp" }, base));
}
async function click(x, y) {
  for (const type of ["mousePressed", "mouseReleased"]) {
    await send("Input.dispatchMouseEvent", { type, x, y, button: "left", clickCount: 1 });
  }
}
async function screenshot(name) {
  const { data } = await send("Page.captureScreenshot", { format: "png" });
  fs.writeFileSync(path.join(shots, name), Buffer.from(data, "base64"));
}
const gradOf = (id) => `(function () {
  const group = Array.from(document.querySelectorAll("g.node")).find((g) => g.querySelector("title").textContent === "n${id}");
  return Array.from(group.querySelectorAll("text")).map((t) => t.textContent).find((t) => t.startsWith("grad "));
})()`;
let checks = 0;
function expect(what, got, wanted) {
  checks += 1;
  if (got !== wanted) throw new Error(what + ": wanted " + JSON.stringify(wanted) + ", got " + JSON.stringify(got));
}

async function main() {
  const targets = await send("Target.getTargets");
  const target = targets.targetInfos.find((t) => t.type === "page");
  session = (await send("Target.attachToTarget", { targetId: target.targetId, flatten: true })).sessionId;
  await send("Runtime.enable");
  await send("Page.enable");
  const load = new Promise((resolve) => { loaded = resolve; });
  await send("Page.navigate", { url: "file://" + path.resolve(page) });
  await load;
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
  if (problems.length > 0) throw new Error("console: " + problems.join("; "));
}

const timer = setTimeout(() => { console.error("browser-interact: timed out"); browser.kill(); process.exit(1); }, 60000);
main().then(() => {
  console.error("  ok    interact: keys (Home, →, ←, End, space), Tab focus, a click, typing a = 3 and ↑, reset, dragging a to 3: " + checks + " checks, no console errors");
  clearTimeout(timer); browser.kill(); process.exit(0);
}, (error) => {
  console.error("  FAIL  interact: " + error.message + (problems.length ? " (console: " + problems.join("; ") + ")" : ""));
  clearTimeout(timer); browser.kill(); process.exit(1);
});
