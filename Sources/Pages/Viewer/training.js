// gradviz training replay: the page's behaviour. One slider (and play, step, ←/→, Home/End)
// picks a recorded step; the neurons view, the loss and accuracy curves and the decision
// boundary all show that step. The numbers are the page's JSON (#training-data); the logic is
// training-model.js's, the number formats model.js's; pan and zoom (panzoom.js) and the
// player (player.js) are shared with the viewer.
(function () {
  "use strict";
  const Model = window.GradvizModel, Training = window.GradvizTraining;
  const payload = JSON.parse(document.getElementById("training-data").textContent);
  const colors = JSON.parse(document.getElementById("training-colors").textContent);
  const replay = Training.readReplay(payload);
  const SVG = "http://www.w3.org/2000/svg";
  const $ = function (id) { return document.getElementById(id); };
  const slider = $("step-slider"), playButton = $("step-play");
  let current = -1;

  function element(name, attributes, parent) {
    const node = document.createElementNS(SVG, name);
    for (const key in attributes) node.setAttribute(key, attributes[key]);
    if (parent) parent.appendChild(node);
    return node;
  }

  function text(parent, x, y, content, attributes) {
    const node = element("text", Object.assign({ x: x, y: y }, attributes || {}), parent);
    node.textContent = content;
    return node;
  }

  // MARK: - The neurons view: columns of units, one line per weight

  const BOX_W = 124, BOX_H = 44, GAP_Y = 6;
  const network = { units: [], edges: [] };
  function buildNetwork() {
    const svg = $("network");
    const columns = payload.layers.map(function (layer) { return layer.length; });
    const tallest = Math.max.apply(null, columns.concat([1]));
    const height = tallest * (BOX_H + GAP_Y) + GAP_Y;
    // Columns spread to the panel's shape: wide panels get long weights, not empty margins.
    const panel = svg.getBoundingClientRect();
    const aspect = panel.width > 0 && panel.height > 0 ? panel.width / panel.height : 1.4;
    const GAP_X = columns.length > 1 ? Math.min(Math.max(110, (aspect * height - 20 - columns.length * BOX_W) / (columns.length - 1)), 420) : 0;
    const width = columns.length * (BOX_W + GAP_X) - GAP_X + 20;
    network.fit = [-10, 0, width, height];
    svg.setAttribute("viewBox", network.fit.join(" "));
    const place = replay.units.map(function (unit) {
      const count = columns[unit.layer];
      const top = (height - count * (BOX_H + GAP_Y) + GAP_Y) / 2;
      return { x: unit.layer * (BOX_W + GAP_X), y: top + unit.index * (BOX_H + GAP_Y) };
    });
    const edges = element("g", { class: "weights" }, svg);
    replay.connections.forEach(function (connection) {
      const a = place[connection.from], b = place[connection.to];
      const line = element("line", { x1: a.x + BOX_W, y1: a.y + BOX_H / 2, x2: b.x, y2: b.y + BOX_H / 2 }, edges);
      const title = element("title", {}, line);
      network.edges.push({ line: line, title: title });
    });
    const last = replay.layers - 1;
    replay.units.forEach(function (unit, id) {
      const group = element("g", { class: "unit" + (unit.layer === 0 ? " input" : unit.layer === last ? " output" : ""), tabindex: "0", role: "img" }, $("network"));
      const p = place[id];
      const box = element("rect", { x: p.x, y: p.y, width: BOX_W, height: BOX_H, rx: 6, class: "box" }, group);
      text(group, p.x + 8, p.y + 14, unit.name + (unit.activation ? " " + unit.activation : ""), { class: "unit-name" });
      const flag = element("rect", { x: p.x + 3, y: p.y + 29.5, width: BOX_W - 6, height: 13, rx: 2, class: "grad-flag" }, group);
      const out = text(group, p.x + 8, p.y + 26.5, "");
      const grad = text(group, p.x + 8, p.y + 39.5, "");
      const title = element("title", {}, group);
      network.units.push({ group: group, box: box, flag: flag, out: out, grad: grad, title: title });
    });
  }

  function showNetwork(frame) {
    const largest = Training.largestWeight(frame);
    network.edges.forEach(function (edge, position) {
      const weight = frame.weight[position], look = Training.stroke(weight, largest, colors);
      edge.line.setAttribute("stroke", look.color);
      edge.line.setAttribute("stroke-width", look.width.toFixed(3));
      edge.title.textContent = replay.connections[position].name + ": weight " + Model.exact(weight) + ", grad " + Model.exact(frame.weightGrad[position]);
    });
    replay.units.forEach(function (unit, id) {
      const view = network.units[id], out = frame.out[id], grad = frame.grad[id], dead = frame.dead.has(id);
      view.out.textContent = (unit.layer === 0 ? "value " : "out ") + Model.short(out);
      view.grad.textContent = "grad " + Model.short(grad);
      const problem = !Number.isFinite(grad) || Math.abs(grad) > 10;
      const look = problem ? "grad-problem" : grad === 0 ? "grad-zero" : !dead && Math.abs(grad) < 1e-6 ? "grad-vanishing" : "";
      view.grad.setAttribute("class", look);
      view.flag.setAttribute("class", "grad-flag " + look);
      view.group.classList.toggle("dead", dead);
      let detail = unit.name + ": " + (unit.layer === 0 ? "value " : "out = ") + Model.exact(out) + ", grad = " + Model.exact(grad);
      if (unit.bias >= 0) detail += ", bias = " + Model.exact(frame.bias[unit.bias]);
      if (dead) detail += " (dead ReLU: zero on every sample, passes no grad back)";
      view.title.textContent = detail;
      view.group.setAttribute("aria-label", detail);
    });
  }

  /// Zoom and pan for big networks: the wheel zooms about the pointer, a drag pans, a
  /// double-click fits the whole network again.
  function zoomableNetwork() {
    const svg = $("network"), fit = network.fit;
    const panZoom = window.GradvizPanZoom(svg, svg, { x: fit[0], y: fit[1], w: fit[2], h: fit[3] }, {
      minimumWidth: fit[2] / 40, maximumWidth: fit[2] * 1.5,
      wheel: function (event) { return Math.min(Math.max(Math.exp(event.deltaY * 0.0015), 0.5), 2); },
    });
    svg.addEventListener("dblclick", panZoom.fit);
  }

  // MARK: - Loss and accuracy, with the step marked

  const CURVE = { left: 56, right: 444, top: 24, bottom: 200, width: 500, height: 240 };
  const curves = {};
  function buildCurves() {
    const svg = $("curves"), c = CURVE, steps = Math.max(replay.steps, 1);
    svg.setAttribute("viewBox", "0 0 " + c.width + " " + c.height);
    const finite = replay.curve.losses.filter(Number.isFinite);
    const ticks = Training.ticks(Math.min.apply(null, finite.concat([0])), Math.max.apply(null, finite.concat([0])));
    const bottom = ticks[0], top = ticks[ticks.length - 1], span = top - bottom || 1;
    curves.x = function (step) { return c.left + (step / steps) * (c.right - c.left); };
    curves.lossY = function (loss) { return c.bottom - ((Math.min(Math.max(loss, bottom), top) - bottom) / span) * (c.bottom - c.top); };
    curves.accuracyY = function (accuracy) { return c.bottom - accuracy * (c.bottom - c.top); };
    element("rect", { x: c.left, y: c.top, width: c.right - c.left, height: c.bottom - c.top, class: "plot-frame" }, svg);
    for (const value of ticks) {
      const y = curves.lossY(value);
      element("line", { x1: c.left, x2: c.right, y1: y, y2: y, class: "grid" }, svg);
      text(svg, c.left - 6, y + 4, Model.brief(value), { class: "tick loss-tick", "text-anchor": "end" });
    }
    for (const fraction of [0, 0.5, 1]) {
      text(svg, c.right + 6, curves.accuracyY(fraction) + 4, fraction * 100 + "%", { class: "tick accuracy-tick" });
    }
    text(svg, c.left, c.bottom + 16, "0", { class: "tick", "text-anchor": "middle" });
    text(svg, c.right, c.bottom + 16, String(replay.steps), { class: "tick", "text-anchor": "middle" });
    text(svg, (c.left + c.right) / 2, c.bottom + 32, "step", { class: "tick", "text-anchor": "middle" });
    const dots = [];
    const path = function (values, y) {
      let d = "", pen = false;
      replay.curve.steps.forEach(function (step, index) {
        const value = values[index];
        if (!Number.isFinite(value)) { pen = false; return; }
        // A segment's first point is drawn as a dot too (round caps), so a lone point shows.
        d += (pen ? "L" : "M") + curves.x(step).toFixed(2) + " " + y(value).toFixed(2) + (pen ? "" : "l0.01 0");
        // A short run's points are drawn too: a few steps make a curve of few points.
        if (replay.curve.steps.length <= 30) dots.push([curves.x(step), y(value), values === replay.curve.losses]);
        pen = true;
      });
      return d;
    };
    element("path", { d: path(replay.curve.accuracies, curves.accuracyY), class: "accuracy-line" }, svg);
    element("path", { d: path(replay.curve.losses, curves.lossY), class: "loss-line" }, svg);
    for (const [x, y, isLoss] of dots) element("circle", { cx: x, cy: y, r: 2.5, class: isLoss ? "loss-point" : "accuracy-point" }, svg);
    // A loss that is not a number (nan, inf) is marked at the top, where the curve leaves the plot.
    replay.curve.steps.forEach(function (step, index) {
      const loss = replay.curve.losses[index];
      if (Number.isFinite(loss)) return;
      const x = curves.x(step);
      element("path", { d: "M" + (x - 4) + " " + (c.top - 8) + "h8l-4 7z", class: "loss-problem" }, svg);
      // One label per run of such points: at its last.
      if (index === replay.curve.steps.length - 1 || Number.isFinite(replay.curve.losses[index + 1])) {
        text(svg, x, c.top - 10, Model.short(loss), { class: "tick loss-problem-text", "text-anchor": "middle" });
      }
    });
    curves.marker = element("line", { y1: c.top, y2: c.bottom, class: "marker" }, svg);
    curves.lossDot = element("circle", { r: 4.5, class: "loss-dot" }, svg);
    curves.accuracyDot = element("circle", { r: 4.5, class: "accuracy-dot" }, svg);
    text(svg, c.left, c.bottom + 32, "— loss", { class: "legend-loss" });
    text(svg, c.right, c.bottom + 32, "- - accuracy", { class: "legend-accuracy", "text-anchor": "end" });
    // A click on the plot goes to that step.
    svg.addEventListener("click", function (event) {
      const box = svg.getBoundingClientRect(), scale = c.width / box.width;
      const x = (event.clientX - box.left) * scale;
      const step = Math.round(((x - c.left) / (c.right - c.left)) * replay.steps);
      show(Training.frameIndexOf(replay, Math.min(Math.max(step, 0), replay.steps)));
    });
  }

  function showCurves(frame) {
    const x = curves.x(frame.step);
    curves.marker.setAttribute("x1", x);
    curves.marker.setAttribute("x2", x);
    for (const [dot, y] of [[curves.lossDot, Number.isFinite(frame.loss) ? curves.lossY(frame.loss) : NaN], [curves.accuracyDot, curves.accuracyY(frame.accuracy)]]) {
      dot.setAttribute("cx", x);
      dot.setAttribute("cy", Number.isFinite(y) ? y : CURVE.top);
      dot.style.display = Number.isFinite(y) ? "" : "none";
    }
  }

  // MARK: - The decision boundary

  function buildBoundary() {
    const plane = replay.plane;
    if (!plane) {
      // Nothing to shade: say why rather than leave the panel empty.
      $("boundary-panel").querySelector(".plane").hidden = true;
      $("boundary-caption").textContent = "No decision boundary: it is drawn for data with two features, and this data has " + payload.layers[0].length + ".";
      return;
    }
    const canvas = $("boundary");
    canvas.width = plane.cells;
    canvas.height = plane.cells;
    const svg = $("points");
    const w = plane.x[1] - plane.x[0], h = plane.y[1] - plane.y[0];
    svg.setAttribute("viewBox", "0 0 100 100");
    svg.setAttribute("preserveAspectRatio", "none");
    for (const point of plane.points) {
      element("ellipse", {
        cx: ((point[0] - plane.x[0]) / w) * 100, cy: 100 - ((point[1] - plane.y[0]) / h) * 100, rx: 1.2, ry: 1.2,
        fill: Training.pointColor(point[2], colors, replay.outputCount), class: "point",
      }, svg);
    }
  }

  function showBoundary(frame) {
    if (!replay.plane) return;
    const grid = Training.boundary(replay, frame), cells = replay.plane.cells;
    const context = $("boundary").getContext("2d");
    for (let row = 0; row < cells; row++) {
      for (let column = 0; column < cells; column++) {
        context.fillStyle = Training.cellColor(grid[row][column], colors, replay.outputCount);
        context.fillRect(column, cells - 1 - row, 1, 1);
      }
    }
  }

  // MARK: - The player

  function show(index) {
    index = Math.min(Math.max(index, 0), replay.frames.length - 1);
    if (index === current) return;
    current = index;
    const frame = replay.frames[index];
    slider.value = String(index);
    slider.setAttribute("aria-valuetext", "step " + frame.step + " of " + replay.steps);
    $("step-count").textContent = "step " + frame.step + " / " + replay.steps;
    $("frame-loss").textContent = Model.exact(frame.loss);
    $("frame-accuracy").textContent = Training.percent(frame.accuracy);
    $("caption").textContent = Training.caption(replay, index);
    showNetwork(frame);
    showCurves(frame);
    showBoundary(frame);
    document.body.dataset.step = String(frame.step);
    document.body.dataset.loss = Model.exact(frame.loss);
    document.body.dataset.accuracy = Model.exact(frame.accuracy);
    $("step-first").disabled = $("step-back").disabled = index === 0;
    $("step-last").disabled = $("step-next").disabled = index === replay.frames.length - 1;
  }

  const player = window.GradvizPlayer(playButton, $("step-speed"), {
    atEnd: function () { return current >= replay.frames.length - 1; },
    restart: function () { show(0); },
    advance: function () { show(current + 1); },
  });

  function go(index) { player.pause(); show(index); }

  function start() {
    buildNetwork();
    zoomableNetwork();
    buildCurves();
    buildBoundary();
    slider.max = String(replay.frames.length - 1);
    slider.addEventListener("input", function () { go(Number(slider.value)); });
    $("step-first").addEventListener("click", function () { go(0); });
    $("step-back").addEventListener("click", function () { go(current - 1); });
    $("step-next").addEventListener("click", function () { go(current + 1); });
    $("step-last").addEventListener("click", function () { go(replay.frames.length - 1); });
    document.addEventListener("keydown", function (event) {
      const target = event.target, tag = target && target.tagName;
      if (event.altKey || event.ctrlKey || event.metaKey || tag === "INPUT" || tag === "SELECT") return;
      const keys = { ArrowLeft: -1, ArrowRight: 1 };
      if (event.key in keys) { go(current + keys[event.key]); event.preventDefault(); }
      else if (event.key === "Home") { go(0); event.preventDefault(); }
      else if (event.key === "End") { go(replay.frames.length - 1); event.preventDefault(); }
      else if (event.key === " " && tag !== "BUTTON") { player.toggle(); event.preventDefault(); }
    });
    const fromAddress = function () {
      const match = /(?:^|[#&])step=(\d+)/.exec(location.hash);
      return match ? Training.frameIndexOf(replay, Number(match[1])) : replay.frames.length - 1;
    };
    window.addEventListener("hashchange", function () { go(fromAddress()); });
    show(fromAddress());
    // How long the page took to open, from the navigation's start (the browser test reads it).
    document.body.dataset.readyMs = String(Math.round(performance.now()));
    document.body.dataset.ready = "true";
  }

  start();
})();
