// gradviz viewer: the page's behaviour (inlined into every page by HTMLViewer.swift, after
// model.js): pan and zoom with mouse and keyboard, search, a clicked node's details.
(function () {
  "use strict";
  const view = document.getElementById("view");
  const svg = view.querySelector("svg");
  const data = JSON.parse(document.getElementById("graph-data").textContent);
  const details = document.getElementById("details");
  const search = document.getElementById("search");
  const matchesLabel = document.getElementById("matches");
  if (!svg) { details.textContent = "No drawing."; return; }
  svg.removeAttribute("width");
  svg.removeAttribute("height");
  svg.setAttribute("role", "img");
  const initial = svg.viewBox.baseVal;
  const home = { x: initial.x, y: initial.y, w: initial.width, h: initial.height };
  let box = Object.assign({}, home);
  function apply() { svg.setAttribute("viewBox", box.x + " " + box.y + " " + box.w + " " + box.h); }
  function zoom(factor, cx, cy) {
    if (cx === undefined) { cx = box.x + box.w / 2; cy = box.y + box.h / 2; }
    const w = Math.min(Math.max(box.w * factor, home.w / 500), home.w * 20);
    const h = box.h * (w / box.w);
    box.x = cx - (cx - box.x) * (w / box.w);
    box.y = cy - (cy - box.y) * (h / box.h);
    box.w = w; box.h = h; apply();
  }
  function toGraph(clientX, clientY) {
    const rect = svg.getBoundingClientRect();
    const scale = Math.max(box.w / rect.width, box.h / rect.height);
    const offsetX = (rect.width * scale - box.w) / 2, offsetY = (rect.height * scale - box.h) / 2;
    return { x: box.x - offsetX + (clientX - rect.left) * scale, y: box.y - offsetY + (clientY - rect.top) * scale, scale: scale };
  }
  view.addEventListener("wheel", function (event) {
    event.preventDefault();
    const p = toGraph(event.clientX, event.clientY);
    zoom(event.deltaY > 0 ? 1.15 : 1 / 1.15, p.x, p.y);
  }, { passive: false });
  let drag = null;
  view.addEventListener("pointerdown", function (event) {
    drag = { x: event.clientX, y: event.clientY, moved: false };
    view.setPointerCapture(event.pointerId);
  });
  view.addEventListener("pointermove", function (event) {
    if (!drag) return;
    const scale = toGraph(event.clientX, event.clientY).scale;
    const dx = event.clientX - drag.x, dy = event.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 3) { drag.moved = true; view.classList.add("dragging"); }
    box.x -= dx * scale; box.y -= dy * scale; drag.x = event.clientX; drag.y = event.clientY; apply();
  });
  view.addEventListener("pointerup", function (event) {
    const wasClick = drag && !drag.moved;
    drag = null; view.classList.remove("dragging");
    if (wasClick) {
      const hit = document.elementsFromPoint(event.clientX, event.clientY).map(function (e) { return e.closest("g.node"); }).find(Boolean);
      if (hit) select(hit);
    }
  });
  document.getElementById("zoom-in").addEventListener("click", function () { zoom(1 / 1.3); });
  document.getElementById("zoom-out").addEventListener("click", function () { zoom(1.3); });
  document.getElementById("fit").addEventListener("click", function () { box = Object.assign({}, home); apply(); });
  document.addEventListener("keydown", function (event) {
    const target = event.target;
    if (target && /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) { if (event.key === "Escape") target.blur(); return; }
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const step = box.w / 10;
    switch (event.key) {
      case "+": case "=": zoom(1 / 1.3); break;
      case "-": zoom(1.3); break;
      case "0": box = Object.assign({}, home); apply(); break;
      case "ArrowLeft": box.x -= step; apply(); break;
      case "ArrowRight": box.x += step; apply(); break;
      case "ArrowUp": box.y -= step; apply(); break;
      case "ArrowDown": box.y += step; apply(); break;
      case "/": event.preventDefault(); search.focus(); break;
      default: return;
    }
  });
  const nodes = Array.prototype.slice.call(svg.querySelectorAll("g.node"));
  function nameOf(node) { const t = node.querySelector("title"); return t ? t.textContent : ""; }
  function centre(node) {
    const b = node.getBBox();
    const ctm = node.getCTM(), root = svg.getCTM();
    let x = b.x + b.width / 2, y = b.y + b.height / 2;
    if (ctm && root) {
      const m = root.inverse().multiply(ctm);
      const p = svg.createSVGPoint(); p.x = x; p.y = y;
      const q = p.matrixTransform(m); x = q.x; y = q.y;
    }
    const w = Math.min(home.w, Math.max(b.width * 6, home.w / 6));
    box.w = w; box.h = w * home.h / home.w;
    box.x = x - box.w / 2; box.y = y - box.h / 2; apply();
  }
  function select(node) {
    nodes.forEach(function (n) { n.classList.remove("selected"); });
    node.classList.add("selected");
    const name = nameOf(node);
    const rows = data[name] || [["node", name]];
    const table = document.createElement("table");
    rows.forEach(function (row) {
      const tr = document.createElement("tr");
      const th = document.createElement("th"); th.textContent = row[0];
      const td = document.createElement("td"); td.textContent = row[1];
      if (/^(mismatch|problem|expected)/.test(row[0])) td.className = "problem";
      tr.appendChild(th); tr.appendChild(td); table.appendChild(tr);
    });
    details.replaceChildren(table);
    details.dataset.node = name;
  }
  let matches = [], current = -1;
  function runSearch() {
    const query = search.value.trim().toLowerCase();
    matches = [];
    nodes.forEach(function (node) {
      const named = (data[nameOf(node)] || []).filter(function (r) { return /^(node|unit|op|operation|place)$/.test(r[0]); });
      const text = named.map(function (r) { return r[1]; }).join(" ").toLowerCase();
      const hit = query.length > 0 && text.indexOf(query) >= 0;
      node.classList.toggle("match", hit);
      node.classList.remove("current");
      if (hit) matches.push(node);
    });
    current = -1;
    matchesLabel.textContent = query ? matches.length + (matches.length === 1 ? " match" : " matches") : "";
    document.body.dataset.matches = String(matches.length);
    if (matches.length > 0) next();
  }
  function next() {
    if (matches.length === 0) return;
    if (current >= 0) matches[current].classList.remove("current");
    current = (current + 1) % matches.length;
    matches[current].classList.add("current");
    centre(matches[current]);
    select(matches[current]);
  }
  search.addEventListener("input", runSearch);
  search.addEventListener("keydown", function (event) { if (event.key === "Enter") { event.preventDefault(); next(); } });
  let hash = location.hash.replace(/^#/, "");
  // A bare % (#q=100%) is not an escape: keep the text as typed instead of throwing.
  try { hash = decodeURIComponent(hash); } catch (error) {}
  if (hash.indexOf("q=") === 0) { search.value = hash.slice(2); runSearch(); }
  document.body.dataset.ready = "true";
})();
