// Headless Chromium driven over the DevTools protocol on a pipe (--remote-debugging-pipe: no
// port, no network), for the browser tests: navigate, evaluate, keys, mouse, screenshots, and
// every console error or uncaught exception collected in `problems`.
//   const cdp = await require("./cdp.js").open(chromium); await cdp.navigate("file://…");
// or, for a whole test script, require("./cdp.js").drive(name, chromium, async (cdp, expect) => …).
"use strict";
const { spawn } = require("node:child_process");
const fs = require("node:fs");

async function open(chromium) {
  const browser = spawn(chromium, [
    "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1400,800",
    "--remote-debugging-pipe", "about:blank",
  ], { stdio: ["ignore", "ignore", "ignore", "pipe", "pipe"] });
  const toBrowser = browser.stdio[3], fromBrowser = browser.stdio[4];
  let nextID = 1, buffer = "", session = null, loaded = null;
  const pending = new Map(), problems = [];
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
  function send(method, params) {
    const id = nextID++;
    const message = { id, method, params: params || {} };
    if (session && !method.startsWith("Target.")) message.sessionId = session;
    toBrowser.write(JSON.stringify(message) + "\0");
    return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
  }
  const targets = await send("Target.getTargets");
  const target = targets.targetInfos.find((t) => t.type === "page");
  session = (await send("Target.attachToTarget", { targetId: target.targetId, flatten: true })).sessionId;
  await send("Runtime.enable");
  await send("Page.enable");
  return {
    send, problems,
    /// Opens `url` and waits for its load event.
    async navigate(url) {
      const load = new Promise((resolve) => { loaded = resolve; });
      await send("Page.navigate", { url });
      await load;
    },
    /// An expression's value in the page (an exception in it is a failure).
    async evaluate(expression) {
      const result = await send("Runtime.evaluate", { expression, returnByValue: true });
      if (result.exceptionDetails) throw new Error(expression + ": " + JSON.stringify(result.exceptionDetails));
      return result.result.value;
    },
    /// A key pressed and released (`name` as in KeyboardEvent.key).
    async key(name, code, keyCode, modifiers) {
      const base = { key: name, code, windowsVirtualKeyCode: keyCode, modifiers: modifiers || 0 };
      await send("Input.dispatchKeyEvent", Object.assign({ type: "rawKeyDown" }, base));
      await send("Input.dispatchKeyEvent", Object.assign({ type: "keyUp" }, base));
    },
    async click(x, y) {
      for (const type of ["mousePressed", "mouseReleased"]) {
        await send("Input.dispatchMouseEvent", { type, x, y, button: "left", clickCount: 1 });
      }
    },
    async doubleClick(x, y) {
      for (const clickCount of [1, 2]) {
        for (const type of ["mousePressed", "mouseReleased"]) {
          await send("Input.dispatchMouseEvent", { type, x, y, button: "left", clickCount });
        }
      }
    },
    /// The wheel turned by `deltaY` pixels with the pointer at (x, y) (negative: towards the user, zoom in).
    async wheel(x, y, deltaY) {
      await send("Input.dispatchMouseEvent", { type: "mouseWheel", x, y, deltaX: 0, deltaY });
    },
    /// The left button pressed at the first point, moved through the others, released at the last.
    async drag(points) {
      const [first, ...rest] = points, last = points[points.length - 1];
      await send("Input.dispatchMouseEvent", { type: "mousePressed", x: first[0], y: first[1], button: "left", buttons: 1, clickCount: 1 });
      for (const [x, y] of rest) await send("Input.dispatchMouseEvent", { type: "mouseMoved", x, y, button: "left", buttons: 1 });
      await send("Input.dispatchMouseEvent", { type: "mouseReleased", x: last[0], y: last[1], button: "left", buttons: 1, clickCount: 1 });
    },
    async screenshot(file) {
      const { data } = await send("Page.captureScreenshot", { format: "png" });
      fs.writeFileSync(file, Buffer.from(data, "base64"));
    },
    close() { browser.kill(); },
  };
}

/// Runs `main(cdp, expect)` against a fresh headless Chromium, within 60 s, and reports one
/// line: "ok    NAME: <what main returns>; N checks, no console errors", or "FAIL  NAME: why"
/// (an exception, a failed `expect(what, got, wanted)`, or any console error); then exits 0
/// or 1.
function drive(name, chromium, main) {
  let cdp = null, checks = 0;
  const expect = (what, got, wanted) => {
    checks += 1;
    if (got !== wanted) throw new Error(what + ": wanted " + JSON.stringify(wanted) + ", got " + JSON.stringify(got));
  };
  const finish = (line, status) => {
    console.error(line);
    clearTimeout(timer);
    if (cdp) cdp.close();
    process.exit(status);
  };
  const timer = setTimeout(() => finish("  FAIL  " + name + ": timed out", 1), 60000);
  (async () => {
    cdp = await open(chromium);
    const summary = await main(cdp, expect);
    if (cdp.problems.length > 0) throw new Error("console: " + cdp.problems.join("; "));
    return summary;
  })().then((summary) => {
    finish("  ok    " + name + ": " + summary + "; " + checks + " checks, no console errors", 0);
  }, (error) => {
    const problems = cdp ? cdp.problems : [];
    finish("  FAIL  " + name + ": " + error.message + (problems.length ? " (console: " + problems.join("; ") + ")" : ""), 1);
  });
}

module.exports = { open, drive };
