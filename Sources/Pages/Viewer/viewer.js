// gradviz viewer: the page's behaviour (inlined into every page by HTMLViewer.swift, after
// model.js, panzoom.js and player.js). Pan and zoom (panzoom.js's), search, a clicked node's details; and, when the page carries the
// graph's numbers (#graph-values), the backward pass step by step and "what if": inputs
// edited in the page, every number recomputed and redrawn in place, without a new layout.
(function () {
  "use strict";
  const Model = window.GradvizModel;
  const view = document.getElementById("view");
  const svg = view.querySelector("svg");
  const data = JSON.parse(document.getElementById("graph-data").textContent);
  const details = document.getElementById("details");
  const hint = details.innerHTML;
  const search = document.getElementById("search");
  const matchesLabel = document.getElementById("matches");
  if (!svg) { details.textContent = "No drawing."; return; }
  svg.removeAttribute("width");
  svg.removeAttribute("height");
  svg.setAttribute("role", "img");
  const initial = svg.viewBox.baseVal;
  const home = { x: initial.x, y: initial.y, w: initial.width, h: initial.height };
  const panZoom = window.GradvizPanZoom(svg, view, home, {
    minimumWidth: home.w / 500, maximumWidth: home.w * 20,
    wheel: function (event) { return event.deltaY > 0 ? 1.15 : 1 / 1.15; },
    onClick: function (event) {
      const hit = document.elementsFromPoint(event.clientX, event.clientY).map(function (e) { return e.closest("g.node"); }).find(Boolean);
      if (hit) select(hit); else deselect();
    },
  });
  const box = panZoom.box, apply = panZoom.apply, zoom = panZoom.zoom;
  document.getElementById("zoom-in").addEventListener("click", function () { zoom(1 / 1.3); });
  document.getElementById("zoom-out").addEventListener("click", function () { zoom(1.3); });
  document.getElementById("fit").addEventListener("click", panZoom.fit);

  const nodes = Array.prototype.slice.call(svg.querySelectorAll("g.node"));
  function nameOf(node) { const t = node.querySelector("title"); return t ? t.textContent : ""; }
  /// The centre and size of a node in the SVG's own coordinates.
  function placeOf(node) {
    const b = node.getBBox();
    const ctm = node.getCTM(), root = svg.getCTM();
    let x = b.x + b.width / 2, y = b.y + b.height / 2;
    if (ctm && root) {
      const m = root.inverse().multiply(ctm);
      const p = svg.createSVGPoint(); p.x = x; p.y = y;
      const q = p.matrixTransform(m); x = q.x; y = q.y;
    }
    return { x: x, y: y, width: b.width, height: b.height };
  }
  function centre(node) {
    const place = placeOf(node);
    const w = Math.min(home.w, Math.max(place.width * 6, home.w / 6));
    box.w = w; box.h = w * home.h / home.w;
    box.x = place.x - box.w / 2; box.y = place.y - box.h / 2; apply();
  }
  /// Pans (never zooms) so that `node` is in view.
  function reveal(node) {
    const place = placeOf(node);
    if (place.x > box.x && place.x < box.x + box.w && place.y > box.y && place.y < box.y + box.h) return;
    box.x = place.x - box.w / 2; box.y = place.y - box.h / 2; apply();
  }
  let selected = null, selectedTable = null;
  /// A node's detail rows, with the debugger's current numbers.
  function rowsOf(name) {
    const rows = (data[name] || [["node", name]]).map(function (row) { return row.slice(); });
    if (debuggerState) debuggerState.patchRows(name, rows);
    return rows;
  }
  function select(node) {
    nodes.forEach(function (n) { n.classList.remove("selected"); });
    node.classList.add("selected");
    selected = node;
    const name = nameOf(node);
    const table = document.createElement("table");
    table.setAttribute("aria-label", "Details of the selected node");
    rowsOf(name).forEach(function (row) {
      const tr = document.createElement("tr");
      const th = document.createElement("th"); th.textContent = row[0]; th.scope = "row";
      const td = document.createElement("td"); td.textContent = row[1];
      if (/^(mismatch|problem|expected)/.test(row[0])) td.className = "problem";
      tr.appendChild(th); tr.appendChild(td); table.appendChild(tr);
    });
    selectedTable = table;
    const parts = [table];
    if (debuggerState) parts.push.apply(parts, debuggerState.editorFor(name));
    details.replaceChildren.apply(details, parts);
    details.dataset.node = name;
  }
  /// The selected node's numbers, updated in place (an edit field being typed in keeps focus).
  function refreshSelection() {
    if (!selected || !selectedTable) return;
    const rows = rowsOf(nameOf(selected));
    rows.forEach(function (row, index) {
      let tr = selectedTable.rows[index];
      if (!tr) {
        tr = document.createElement("tr");
        const th = document.createElement("th"); th.scope = "row";
        tr.appendChild(th); tr.appendChild(document.createElement("td"));
        selectedTable.appendChild(tr);
      }
      if (tr.cells[0].textContent !== row[0]) tr.cells[0].textContent = row[0];
      if (tr.cells[1].textContent !== row[1]) tr.cells[1].textContent = row[1];
      tr.cells[1].className = /^(mismatch|problem|expected)/.test(row[0]) ? "problem" : "";
    });
    while (selectedTable.rows.length > rows.length) selectedTable.deleteRow(-1);
  }
  /// Back to the panel's start: the hint and, with the debugger, the inputs to change.
  function deselect() {
    nodes.forEach(function (n) { n.classList.remove("selected"); });
    selected = null; selectedTable = null;
    delete details.dataset.node;
    details.innerHTML = hint;
    if (debuggerState) debuggerState.renderInputs();
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

  // MARK: - The debugger: backward step by step, and what if

  const debuggerState = makeDebugger();

  document.addEventListener("keydown", function (event) {
    const target = event.target;
    if (target && /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) {
      if (event.key === "Escape") target.blur();
      return;
    }
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const step = box.w / 10;
    const stepping = debuggerState && debuggerState.canStep && !event.shiftKey;
    switch (event.key) {
      case "+": case "=": zoom(1 / 1.3); break;
      case "-": zoom(1.3); break;
      case "0": panZoom.fit(); break;
      case "ArrowLeft": if (stepping) debuggerState.go(debuggerState.step - 1); else { box.x -= step; apply(); } break;
      case "ArrowRight": if (stepping) debuggerState.go(debuggerState.step + 1); else { box.x += step; apply(); } break;
      case "Home": if (!debuggerState || !debuggerState.canStep) return; debuggerState.go(0); break;
      case "End": if (!debuggerState || !debuggerState.canStep) return; debuggerState.go(Infinity); break;
      case " ":
        if (!debuggerState || !debuggerState.canStep || (target && target.tagName === "BUTTON")) return;
        debuggerState.togglePlay(); break;
      case "ArrowUp": box.y -= step; apply(); break;
      case "ArrowDown": box.y += step; apply(); break;
      case "/": search.focus(); break;
      default: return;
    }
    event.preventDefault();
  });

  function makeDebugger() {
    const source = document.getElementById("graph-values");
    const bar = document.getElementById("stepper");
    if (!source || !bar || !Model) return null;
    const graph = Model.readGraph(JSON.parse(source.textContent));
    if (graph.unsupported) {
      details.insertAdjacentHTML("beforeend", "<p class=\"hint\"></p>");
      details.lastChild.textContent = "Stepping and what-if are off: this page does not know the operation '" + graph.unsupported + "'.";
      return null;
    }
    const count = graph.nodes.length;
    const svgNS = "http://www.w3.org/2000/svg", xlinkNS = "http://www.w3.org/1999/xlink";

    // The SVG's pieces for each value: its group, its data and grad texts, its notes.
    const values = new Array(count), operations = new Array(count);
    nodes.forEach(function (group) {
      const name = nameOf(group);
      let match = /^n(\d+)$/.exec(name);
      if (match && +match[1] < count) {
        const texts = Array.prototype.slice.call(group.querySelectorAll("text"));
        let at = -1;
        for (let i = 0; i + 1 < texts.length; i++) {
          if (texts[i].textContent.indexOf("data ") === 0 && texts[i + 1].textContent.indexOf("grad ") === 0) at = i;
        }
        const anchor = group.querySelector("a");
        values[+match[1]] = {
          group: group, dataText: at >= 0 ? texts[at] : null, gradText: at >= 0 ? texts[at + 1] : null,
          notes: at >= 0 ? texts.slice(at + 2) : [], anchor: anchor,
          shown: at >= 0 ? { data: texts[at].textContent, grad: texts[at + 1].textContent } : {},
        };
        return;
      }
      match = /^o(\d+)$/.exec(name);
      if (match && +match[1] < count) operations[+match[1]] = group;
    });
    // Edges by "operand>node" (one per operand slot, in slot order) and the result edges.
    const operandEdges = {}, resultEdges = {};
    svg.querySelectorAll("g.edge").forEach(function (edge) {
      const title = edge.querySelector("title");
      const match = title && /^n(\d+)->o(\d+)$/.exec(title.textContent);
      if (match) { (operandEdges[match[1] + ">" + match[2]] = operandEdges[match[1] + ">" + match[2]] || []).push(edge); return; }
      const result = title && /^o(\d+)->n(\d+)$/.exec(title.textContent);
      if (result) resultEdges[result[2]] = edge;
    });
    function edgeOf(node, slot) {
      const operand = node.operands[slot];
      let index = 0;
      for (let s = 0; s < slot; s++) if (node.operands[s] === operand) index += 1;
      const list = operandEdges[operand + ">" + node.id] || [];
      return list[Math.min(index, list.length - 1)] || null;
    }
    // Graphviz's own edge labels (--edge-grads), by edge: the text that is not left/right.
    function gradientLabelOf(edge) {
      if (!edge) return null;
      return Array.prototype.slice.call(edge.querySelectorAll("text")).find(function (t) {
        return !t.classList.contains("edge-add") && !/^(left|right)$/.test(t.textContent);
      }) || null;
    }

    const original = { data: Float64Array.from(graph.nodes.map(function (n) { return n.data; })), grads: Float64Array.from(graph.nodes.map(function (n) { return n.grad; })) };
    const leaves = {};
    let result = { data: original.data, timeline: Model.timeline(graph, original.data) };
    result.grads = result.timeline.grads;
    let step = result.timeline.steps.length;
    let grads = Float64Array.from(result.grads);
    let edited = false;
    const differing = [];
    // Another engine's grads (verify, draw) may differ from a correct replay over its data.
    // On verify's page, verify has judged them node by node within the printed rounding: the
    // page says what verify says (a replay from the root over rounded numbers would drift).
    const verified = graph.verified ? graph.verified.filter(function (f) { return f.quantity === "grad"; }) : null;
    if (verified) {
      verified.forEach(function (f) { differing.push(f.id); });
    } else {
      for (let id = 0; id < count; id++) {
        const a = result.grads[id], b = original.grads[id];
        if (!sameNumber(a, b) && !(Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)))) differing.push(id);
      }
    }

    const checkNotes = liveCheckNotes();

    // The stepper's controls.
    const slider = document.getElementById("step-slider");
    const countLabel = document.getElementById("step-count");
    const captionLine = document.getElementById("caption");
    const play = document.getElementById("step-play");
    const speed = document.getElementById("step-speed");
    const editedLabel = document.getElementById("edited");
    const reset = document.getElementById("reset-inputs");
    bar.hidden = false;
    document.getElementById("step-first").addEventListener("click", function () { go(0); });
    document.getElementById("step-back").addEventListener("click", function () { go(step - 1); });
    document.getElementById("step-next").addEventListener("click", function () { go(step + 1); });
    document.getElementById("step-last").addEventListener("click", function () { go(Infinity); });
    slider.addEventListener("input", function () { go(+slider.value); });
    reset.addEventListener("click", function () {
      const changed = Object.keys(leaves);
      changed.forEach(function (key) { delete leaves[key]; });
      recompute();
      changed.forEach(function (key) { syncFields(+key, null); });
    });

    const player = window.GradvizPlayer(play, speed, {
      atEnd: function () { return step >= result.timeline.steps.length; },
      restart: function () { go(0); },
      advance: function () { go(step + 1); },
    });
    const togglePlay = player.toggle;

    function sameNumber(a, b) { return a === b || (a !== a && b !== b); }

    /// Writes one value's numbers into its texts, with gradviz's colours: grey for a zero
    /// grad, red for nan and inf.
    function paint(id, dataValue, gradValue, changed) {
      const value = values[id];
      if (!value || !value.dataText) return;
      const node = graph.nodes[id];
      const dataText = "data " + Model.short(dataValue), gradText = "grad " + Model.short(gradValue);
      if (value.shown.data !== dataText) { setText(value.dataText, dataText, "data", dataValue, node); value.shown.data = dataText; }
      if (value.shown.grad !== gradText) { setText(value.gradText, gradText, "grad", gradValue, node); value.shown.grad = gradText; }
      value.gradText.classList.toggle("grad-changed", !!changed);
      // The tooltip's exact numbers: Graphviz's until the numbers change.
      const numbersChanged = !sameNumber(dataValue, node.data) || !sameNumber(gradValue, node.grad);
      if (value.anchor && (numbersChanged || value.shown.tip)) {
        const label = node.label !== null ? node.label : node.op === null ? "constant" : "value";
        const tip = label + " #" + id + ": data = " + Model.exact(dataValue) + ", grad = " + Model.exact(gradValue);
        if (value.shown.tip !== tip) { value.anchor.setAttributeNS(xlinkNS, "xlink:title", tip); value.shown.tip = tip; }
      }
    }
    function setText(text, content, kind, number, node) {
      if (!text.dataset.width) text.dataset.width = String(text.getComputedTextLength());
      text.textContent = content;
      if (!Number.isFinite(number)) {
        text.setAttribute("fill", "#b91c1c"); text.setAttribute("font-weight", "bold");
      } else {
        text.removeAttribute("font-weight");
        if (kind === "grad" && number === 0 && !(node.op === null && node.label === null)) text.setAttribute("fill", "#9ca3af");
        else text.removeAttribute("fill");
      }
      // A longer number than the cell was made for is squeezed into it, not spilled over.
      text.removeAttribute("textLength"); text.removeAttribute("lengthAdjust");
      const width = +text.dataset.width;
      if (width > 0 && text.getComputedTextLength() > width * 1.02) {
        text.setAttribute("textLength", String(width)); text.setAttribute("lengthAdjust", "spacingAndGlyphs");
      }
    }

    let marked = [];
    function clearMarks() {
      marked.forEach(function (element) {
        element.classList.remove("step-node", "step-receiver", "step-edge");
        element.querySelectorAll("text.edge-add").forEach(function (t) { t.remove(); });
      });
      marked = [];
    }
    function mark(element, name) { if (element) { element.classList.add(name); marked.push(element); } }
    function edgeLabel(edge, text) {
      const path = edge.querySelector("path");
      if (!path) return;
      const middle = path.getPointAtLength(path.getTotalLength() / 2);
      const label = document.createElementNS(svgNS, "text");
      label.setAttribute("class", "edge-add");
      label.setAttribute("x", String(middle.x)); label.setAttribute("y", String(middle.y - 4));
      label.setAttribute("text-anchor", "middle");
      label.textContent = text;
      edge.appendChild(label);
    }

    /// A `gradviz check` page's notes (each value's numeric gradient, drawn by Check.swift),
    /// made live: after an edit the check is run again (Model.gradientCheck, GradientCheck's
    /// steps) and each note rewritten as gradviz check would draw it for the edited inputs, red
    /// where it is a problem; the title's summary too. `null` (the notes are dimmed after an
    /// edit instead) unless every value carries a check note and the check of the unedited
    /// numbers, with the settings the page carries (gradviz check's --step, --atol, --rtol),
    /// gives exactly the notes drawn; and for graphs where rerunning it on each edit would be
    /// slow.
    function liveCheckNotes() {
      if (graph.bug || count === 0 || count > 2000) return null;
      const cells = new Array(count);
      for (let id = 0; id < count; id++) {
        const value = values[id];
        if (!value || !value.gradText || value.notes.length === 0) return null;
        const first = value.notes[0].textContent;
        if (first.indexOf("numeric ") !== 0 && first !== "not checked: every step left the domain") return null;
        const elements = [];
        for (let e = value.gradText.nextElementSibling; e; e = e.nextElementSibling) elements.push(e);
        const polygons = elements.filter(function (e) { return e.tagName === "polygon"; });
        const border = polygons[polygons.length - 1];
        if (!border || elements[elements.length - 1].tagName !== "text") return null;
        const problem = value.notes[0].getAttribute("fill") === "#b91c1c";
        cells[id] = { parent: value.gradText.parentNode, original: elements, current: elements, border: border, key: noteKey(value.notes.map(function (t) { return t.textContent; }), problem) };
      }
      const drawn = Model.gradientCheck(graph, Model.forward(graph), original.grads, graph.check || undefined);
      for (let id = 0; id < count; id++) {
        const note = Model.checkNote(drawn[id]);
        if (noteKey(note.lines, note.problem) !== cells[id].key) return null;
      }
      values.forEach(function (value) { value.notes.forEach(function (t) { t.dataset.live = "true"; }); });
      // The title ("check: " and the summary): the header's, the document's and the drawing's.
      const title = "check: " + Model.checkSummary(drawn);
      const titles = [];
      const header = document.querySelector("header .title");
      if (header && header.textContent === title) titles.push(header);
      const label = Array.prototype.find.call(svg.querySelectorAll("g.graph > text"), function (t) { return t.textContent === title; });
      if (label) titles.push(label);
      return { cells: cells, results: drawn, title: title, titles: titles };
    }
    function noteKey(lines, problem) { return (problem ? "problem:" : "note:") + lines.join("\n"); }

    /// The check notes for the current numbers: gradviz check's for the edited inputs, or the
    /// drawing's own when nothing is edited.
    function refreshCheckNotes() {
      const results = edited ? Model.gradientCheck(graph, result.data, result.grads, graph.check || undefined) : null;
      checkNotes.results = results;
      for (let id = 0; id < count; id++) {
        const cell = checkNotes.cells[id];
        const note = results ? Model.checkNote(results[id]) : null;
        const key = note ? noteKey(note.lines, note.problem) : cell.key;
        if (key === (cell.shownKey || cell.key)) continue;
        const elements = key === cell.key ? cell.original : noteElements(cell, note);
        cell.current.forEach(function (e) { e.remove(); });
        elements.forEach(function (e) { cell.parent.appendChild(e); });
        elements.forEach(function (e) { if (e.tagName === "text") fitText(e, +e.dataset.width); });
        cell.current = elements;
        cell.shownKey = key;
        values[id].notes = elements.filter(function (e) { return e.tagName === "text"; });
      }
      const title = results ? "check: " + Model.checkSummary(results) : checkNotes.title;
      checkNotes.titles.forEach(function (t) { if (t.textContent !== title) t.textContent = title; });
      if (checkNotes.titles.length > 0) document.title = "gradviz: " + title;
    }
    /// A note's SVG elements, drawn as Graphviz draws an annotation cell (DotExport's
    /// valueTable): the cell's border, a red fill under a problem, one text a line, centred.
    function noteElements(cell, note) {
      const points = cell.border.getAttribute("points").trim().split(/[\s,]+/).map(Number);
      const xs = points.filter(function (_, i) { return i % 2 === 0; }), ys = points.filter(function (_, i) { return i % 2 === 1; });
      const left = Math.min.apply(null, xs), right = Math.max.apply(null, xs), top = Math.min.apply(null, ys), bottom = Math.max.apply(null, ys);
      const elements = [];
      if (note.problem) {
        const fill = cell.border.cloneNode(false);
        fill.setAttribute("fill", "#fee2e2"); fill.setAttribute("stroke", "transparent");
        elements.push(fill);
      }
      elements.push(cell.border.cloneNode(false));
      const model = cell.original[cell.original.length - 1];
      const size = parseFloat(model.getAttribute("font-size")) || 11;
      // Graphviz's baselines: 2.8 below the middle for one line of 11 pt, lines 12 apart.
      const middle = (top + bottom) / 2 + size * 2.8 / 11, gap = size + 1;
      note.lines.forEach(function (line, index) {
        const text = model.cloneNode(false);
        text.removeAttribute("textLength"); text.removeAttribute("lengthAdjust");
        text.setAttribute("text-anchor", "middle");
        text.setAttribute("x", String((left + right) / 2));
        text.setAttribute("y", String(middle + (index - (note.lines.length - 1) / 2) * gap));
        text.setAttribute("fill", note.problem ? "#b91c1c" : "#0f766e");
        if (note.problem) text.setAttribute("font-weight", "bold"); else text.removeAttribute("font-weight");
        text.dataset.live = "true";
        text.dataset.width = String(Math.max(0, right - left - 8));
        text.textContent = line;
        elements.push(text);
      });
      return elements;
    }
    /// A text longer than `width` is squeezed into it.
    function fitText(text, width) {
      if (!(width > 0)) return;
      text.removeAttribute("textLength"); text.removeAttribute("lengthAdjust");
      if (text.getComputedTextLength() > width * 1.02) {
        text.setAttribute("textLength", String(width)); text.setAttribute("lengthAdjust", "spacingAndGlyphs");
      }
    }

    /// Shows step `target` (0: forward done, before any backward step).
    function go(target) {
      const total = result.timeline.steps.length;
      target = Math.max(0, Math.min(total, Math.round(target)));
      grads = Model.gradsAt(result.timeline, target, step, grads);
      step = target;
      stepping = true;
      render();
    }

    // Until the user moves through the steps, the page is the plain drawing: no step lit.
    let stepping = false;
    function render() {
      const line = result.timeline, total = line.steps.length;
      const current = step > 0 && stepping ? line.steps[step - 1] : null;
      const changed = new Uint8Array(count);
      if (current) current.adds.forEach(function (add) { changed[add.operand] = 1; });
      // The last step of the unedited graph is the drawing itself (where a replay of another
      // engine's numbers differs from them, the caption says so).
      const shown = !edited && step === total ? original.grads : grads;
      for (let id = 0; id < count; id++) paint(id, result.data[id], shown[id], changed[id]);
      // Notes drawn for the original numbers (backward step numbers, another engine's) no
      // longer describe edited ones: dimmed. (Check's numeric gradients and --inject's correct
      // grads are recomputed, "live": see recompute.)
      values.forEach(function (value) {
        if (value) value.notes.forEach(function (t) { t.classList.toggle("stale", edited && !t.dataset.live); });
      });
      clearMarks();
      if (current) {
        const node = graph.nodes[current.node];
        mark(values[node.id] && values[node.id].group, "step-node");
        mark(operations[node.id], "step-node");
        if (current.kind === "node") {
          mark(resultEdges[node.id], "step-edge");
          current.adds.forEach(function (add) {
            mark(values[add.operand] && values[add.operand].group, "step-receiver");
            const edge = edgeOf(node, add.slot);
            mark(edge, "step-edge");
            if (edge) edgeLabel(edge, (graph.bug === "overwrite" ? "= " : "+") + Model.brief(add.amount));
          });
        }
        const focus = operations[node.id] || (values[node.id] && values[node.id].group);
        if (focus) reveal(focus);
      }
      slider.max = String(total);
      slider.value = String(step);
      slider.setAttribute("aria-valuetext", "step " + step + " of " + total);
      countLabel.textContent = "step " + step + " / " + total;
      let text = Model.caption(graph, line, step, result.data);
      if (step === total && total > 0 && !stepping) {
        text = "Backward done (" + total + " step" + (total === 1 ? "" : "s") + "): " + (edited ? "every value and grad recomputed for the edited inputs" : "every grad as drawn") + ". Home (⏮) goes back to step 0, before backward; → then runs one node's backward step at a time, and space plays them.";
      }
      if (step === total && total > 0) {
        if (stepping) text = "Step " + step + " of " + total + ". " + text;
        if (!edited && verified) {
          const shown = verified.slice(0, 4).map(function (f) {
            return f.name + " (drawn " + Model.brief(original.grads[f.id]) + ", expected " + Model.brief(f.expected) + ")";
          });
          text += verified.length === 0
            ? " verify: every drawn grad is what its users send back, within the printed rounding."
            : " verify: " + verified.length + " drawn grad" + (verified.length === 1 ? " differs" : "s differ") + " from what " + (verified.length === 1 ? "its" : "their") + " users send back, beyond the printed rounding: " + shown.join(", ") + (verified.length > 4 ? ", …" : "") + ".";
        } else if (!edited && differing.length > 0) {
          const shown = differing.slice(0, 4).map(function (id) {
            return Model.idName(graph, id) + " (drawn " + Model.brief(original.grads[id]) + ", replayed " + Model.brief(result.grads[id]) + ")";
          });
          text += " The drawing's grads differ from this replay at " + differing.length + " node" + (differing.length === 1 ? "" : "s") + ": " + shown.join(", ") + (differing.length > 4 ? ", …" : "") + ".";
        }
      } else if (step > 0) {
        text = "Step " + step + " of " + total + ". " + text;
      }
      captionLine.textContent = text;
      document.body.dataset.step = String(step);
      document.body.dataset.steps = String(total);
      if (count <= 2000) {
        bar.dataset.state = JSON.stringify({
          step: step, data: Array.prototype.map.call(result.data, Model.exact), grad: Array.prototype.map.call(shown, Model.exact),
        });
      }
      refreshSelection();
    }

    /// Forward and backward again with the edited inputs, shown at the same step (the steps
    /// do not change with the numbers): the last, unless the user is stepping.
    function recompute() {
      edited = Object.keys(leaves).length > 0;
      result = Model.evaluate(graph, leaves);
      const total = result.timeline.steps.length;
      step = stepping ? Math.min(step, total) : total;
      grads = step === total ? Float64Array.from(result.grads) : Model.gradsAt(result.timeline, step);
      // A re-enacted bug's page notes each wrong grad's correct value: recomputed too, by a
      // correct backward pass over the edited numbers.
      if (graph.bug) {
        const correct = Model.evaluate(Object.assign({}, graph, { bug: null, passes: [Model.correctOrder(graph)] }), leaves).grads;
        values.forEach(function (value, id) {
          if (!value) return;
          value.notes.forEach(function (t) {
            if (!t.dataset.original) t.dataset.original = t.textContent;
            if (t.dataset.original.indexOf("correct grad ") !== 0) return;
            t.textContent = "correct grad " + Model.short(correct[id]);
            t.dataset.live = "true";
          });
        });
      }
      if (checkNotes) refreshCheckNotes();
      // Graphviz's edge labels (--edge-grads) carry each slot's final contribution.
      graph.nodes.forEach(function (node) {
        if (node.op === null) return;
        const amounts = Model.contributions(node, result.data, grads[node.id], graph.bug);
        node.operands.forEach(function (operand, slot) {
          const label = gradientLabelOf(edgeOf(node, slot));
          if (label) label.textContent = Model.short(amounts[slot]);
        });
      });
      const names = Object.keys(leaves).map(function (id) { return Model.nameOf(graph, +id) + " = " + Model.brief(leaves[id]); });
      editedLabel.textContent = edited ? "what if: " + names.slice(0, 3).join(", ") + (names.length > 3 ? ", …" : "") : "";
      reset.hidden = !edited;
      document.body.dataset.edited = edited ? "true" : "false";
      render();
    }

    function parseNumber(text) {
      const t = text.trim().toLowerCase().replace("\u2212", "-");
      if (t === "nan") return NaN;
      if (t === "inf" || t === "+inf" || t === "infinity") return Infinity;
      if (t === "-inf" || t === "-infinity") return -Infinity;
      if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/.test(t)) return null;
      return Number(t);
    }
    function setLeaf(id, value) {
      if (sameNumber(value, original.data[id])) delete leaves[id]; else leaves[id] = value;
      recompute();
    }
    function leafValue(id) { return Object.prototype.hasOwnProperty.call(leaves, id) ? leaves[id] : original.data[id]; }
    /// A labelled number field that sets input `id` as the user types (↑/↓ nudge it).
    function field(id, fieldID) {
      const input = document.createElement("input");
      input.type = "text";
      input.inputMode = "decimal";
      input.id = fieldID;
      input.value = Model.exact(leafValue(id)).replace(/\.0$/, "");
      input.dataset.node = String(id);
      input.classList.toggle("changed", Object.prototype.hasOwnProperty.call(leaves, id));
      input.addEventListener("input", function () {
        const value = parseNumber(input.value);
        input.classList.toggle("invalid", value === null);
        input.setAttribute("aria-invalid", value === null ? "true" : "false");
        if (value !== null) { setLeaf(id, value); syncFields(id, input); }
      });
      input.addEventListener("keydown", function (event) {
        if (event.key !== "ArrowUp" && event.key !== "ArrowDown") return;
        event.preventDefault();
        const base = leafValue(id), delta = (event.shiftKey ? 1 : 0.1) * (event.key === "ArrowUp" ? 1 : -1);
        const value = Number((base + delta).toPrecision(12));
        input.value = String(value);
        setLeaf(id, value);
        syncFields(id, input);
      });
      return input;
    }
    /// Dragging `label` sideways scrubs input `id`: a hundredth of its size (at least 0.01) per
    /// pixel, as in a spreadsheet's or a 3D editor's number fields.
    function scrubbing(label, id) {
      label.classList.add("scrub");
      label.title = "Drag sideways to change " + graph.nodes[id].label;
      let start = null;
      label.addEventListener("pointerdown", function (event) {
        start = { x: event.clientX, value: leafValue(id), moved: false };
        label.setPointerCapture(event.pointerId);
        event.preventDefault();
      });
      label.addEventListener("pointermove", function (event) {
        if (!start || !Number.isFinite(start.value)) return;
        const dx = event.clientX - start.x;
        if (Math.abs(dx) < 2 && !start.moved) return;
        start.moved = true;
        const unit = Math.max(Math.abs(start.value), 1) * 0.01;
        setLeaf(id, Number((start.value + dx * unit).toPrecision(6)));
        syncFields(id, null);
      });
      label.addEventListener("pointerup", function () {
        if (start && !start.moved) { const input = document.getElementById(label.htmlFor); if (input) input.focus(); }
        start = null;
      });
      return label;
    }
    function syncFields(id, except) {
      document.querySelectorAll("input[data-node=\"" + id + "\"]").forEach(function (input) {
        if (input !== except) input.value = Model.exact(leafValue(id)).replace(/\.0$/, "");
        input.classList.toggle("changed", Object.prototype.hasOwnProperty.call(leaves, id));
      });
    }

    // The panel's list of inputs (the first 60; the others by clicking them).
    const inputs = graph.nodes.filter(Model.isInput);
    let inputList = null;
    function renderInputs() {
      if (inputs.length === 0 || details.dataset.node) return;
      const heading = document.createElement("h2");
      heading.textContent = "What if";
      const note = document.createElement("p");
      note.className = "hint";
      note.textContent = "Change an input (type, ↑/↓, or drag its name sideways): the page recomputes every value and gradient (forward, then backward) and redraws the numbers in place." + (inputs.length > 60 ? " The first 60 inputs are listed; click any other input in the graph to change it." : "");
      inputList = document.createElement("div");
      inputList.className = "inputs";
      inputs.slice(0, 60).forEach(function (node) {
        const label = document.createElement("label");
        label.htmlFor = "input-" + node.id;
        scrubbing(label, node.id);
        label.textContent = node.label;
        inputList.appendChild(label);
        inputList.appendChild(field(node.id, "input-" + node.id));
      });
      details.append(heading, note, inputList);
    }

    const api = {
      canStep: true,
      renderInputs: renderInputs,
      /// Sets the input named `name` (its first node) from text; false when there is none.
      setByName: function (name, text) {
        const node = inputs.find(function (n) { return n.label === name; });
        const value = parseNumber(text);
        if (!node || value === null) return false;
        setLeaf(node.id, value);
        syncFields(node.id, null);
        return true;
      },
      get step() { return step; },
      go: go,
      togglePlay: togglePlay,
      /// The current numbers in a value's detail rows.
      patchRows: function (name, rows) {
        const match = /^n(\d+)$/.exec(name);
        if (!match) return;
        const id = +match[1];
        rows.forEach(function (row) {
          if (row[0] === "data") row[1] = Model.exact(result.data[id]);
          const total = result.timeline.steps.length;
          if (row[0] === "grad") row[1] = Model.exact(!edited && step === total ? original.grads[id] : grads[id]) + (step < total ? " (at step " + step + ")" : "");
        });
        // A check page's note rows ("note", or "problem" when red): the edited inputs' check.
        if (checkNotes && checkNotes.results && id < count) {
          const note = Model.checkNote(checkNotes.results[id]);
          const kept = rows.filter(function (row) { return row[0] !== "note" && row[0] !== "problem"; });
          rows.length = 0;
          kept.forEach(function (row) { rows.push(row); });
          note.lines.forEach(function (line) { rows.push([note.problem ? "problem" : "note", line]); });
        }
      },
      /// An input's edit field for the details panel.
      editorFor: function (name) {
        const match = /^n(\d+)$/.exec(name);
        if (!match || !Model.isInput(graph.nodes[+match[1]])) return [];
        const id = +match[1];
        const box = document.createElement("div");
        box.className = "edit";
        const heading = document.createElement("h2");
        const label = document.createElement("label");
        label.htmlFor = "edit-value";
        scrubbing(label, id);
        label.textContent = "What if " + graph.nodes[id].label + " were";
        heading.appendChild(label);
        const input = field(id, "edit-value");
        const note = document.createElement("p");
        note.className = "hint";
        note.textContent = "Type a number (↑/↓ nudge it by 0.1, with Shift by 1), or drag the label sideways.";
        box.append(heading, input, note);
        return [box];
      },
    };
    renderInputs();
    render();
    return api;
  }

  // MARK: - The address: #q=text searches; #set=a:3,b:-1 edits inputs; #step=4 shows a step

  let hash = location.hash.replace(/^#/, "");
  // A bare % (#q=100%) is not an escape: keep the text as typed instead of throwing.
  try { hash = decodeURIComponent(hash); } catch (error) {}
  if (hash.indexOf("q=") === 0) {
    search.value = hash.slice(2); runSearch();
  } else if (debuggerState) {
    hash.split("&").forEach(function (part) {
      const equals = part.indexOf("=");
      const key = part.slice(0, equals), value = part.slice(equals + 1);
      if (key === "set") {
        value.split(",").forEach(function (assignment) {
          const colon = assignment.lastIndexOf(":");
          if (colon > 0) debuggerState.setByName(assignment.slice(0, colon), assignment.slice(colon + 1));
        });
      } else if (key === "step" && /^\d+$/.test(value)) {
        debuggerState.go(+value);
      }
    });
  }
  document.body.dataset.ready = "true";
})();
