// gradviz viewer: what if. The inputs' number fields (typed, nudged with ↑/↓, scrubbed by
// dragging their names sideways), the details panel's list of inputs and a selected input's
// editor, the stepper's "what if" line and its reset button, and #set= in the address: every
// change of an input's number is kept here and handed on to recompute.
(function (root) {
  "use strict";
  const Model = root.GradvizModel;
  /// Edits of `graph`'s inputs, whose drawn numbers are `drawnData`, shown in the details
  /// `panel`; `onEdit()` is called after each change (the edited inputs are `leaves`: input
  /// id to number).
  function WhatIf(graph, panel, drawnData, onEdit) {
    const leaves = {};
    const inputs = graph.nodes.filter(Model.isInput);
    const editedLabel = document.getElementById("edited");
    const reset = document.getElementById("reset-inputs");
    reset.addEventListener("click", function () {
      const changed = Object.keys(leaves);
      changed.forEach(function (key) { delete leaves[key]; });
      onEdit();
      changed.forEach(function (key) { syncFields(+key, null); });
    });
    function isEdited(id) { return Object.prototype.hasOwnProperty.call(leaves, id); }
    function leafValue(id) { return isEdited(id) ? leaves[id] : drawnData[id]; }
    function setLeaf(id, value) {
      if (Model.sameNumber(value, drawnData[id])) delete leaves[id]; else leaves[id] = value;
      onEdit();
    }
    function shownValue(id) { return Model.exact(leafValue(id)).replace(/\.0$/, ""); }
    /// Every field of input `id` but `except` shows its number.
    function syncFields(id, except) {
      document.querySelectorAll("input[data-node=\"" + id + "\"]").forEach(function (input) {
        if (input !== except) input.value = shownValue(id);
        input.classList.toggle("changed", isEdited(id));
      });
    }
    // What the fields and labels below change inputs through.
    const edits = { value: leafValue, shown: shownValue, isEdited: isEdited, set: setLeaf, sync: syncFields };
    /// The panel's list of inputs, when no node is selected.
    function renderInputs() {
      if (inputs.length === 0 || panel.dataset.node) return;
      panel.append.apply(panel, inputList(inputs, edits));
    }
    /// The details panel's editor of the selected node (named `name`), when it is an input.
    function editorFor(name) {
      const match = /^n(\d+)$/.exec(name);
      if (!match || !Model.isInput(graph.nodes[+match[1]])) return [];
      return [editor(graph.nodes[+match[1]], edits)];
    }
    /// Sets the input named `name` (its first node) from text; false when there is none.
    function setByName(name, text) {
      const node = inputs.find(function (n) { return n.label === name; });
      const value = parseNumber(text);
      if (!node || value === null) return false;
      setLeaf(node.id, value);
      syncFields(node.id, null);
      return true;
    }
    function edited() { return Object.keys(leaves).length > 0; }
    /// The stepper's line naming the edited inputs, the reset button, and the body's
    /// data-edited.
    function showEdited() {
      const names = Object.keys(leaves).map(function (id) { return Model.nameOf(graph, +id) + " = " + Model.brief(leaves[id]); });
      editedLabel.textContent = edited() ? "what if: " + names.slice(0, 3).join(", ") + (names.length > 3 ? ", …" : "") : "";
      reset.hidden = !edited();
      document.body.dataset.edited = edited() ? "true" : "false";
    }
    return {
      leaves: leaves, edited: edited, showEdited: showEdited, renderInputs: renderInputs, editorFor: editorFor,
      setByName: setByName,
    };
  }

  /// The heading, hint and list of the panel's inputs (the first 60; the others by clicking
  /// them in the graph).
  function inputList(inputs, edits) {
    const heading = document.createElement("h2");
    heading.textContent = "What if";
    const note = document.createElement("p");
    note.className = "hint";
    note.textContent = "Change an input (type, ↑/↓, or drag its name sideways): the page recomputes every value and gradient (forward, then backward) and redraws the numbers in place." + (inputs.length > 60 ? " The first 60 inputs are listed; click any other input in the graph to change it." : "");
    const list = document.createElement("div");
    list.className = "inputs";
    inputs.slice(0, 60).forEach(function (node) {
      const label = document.createElement("label");
      label.htmlFor = "input-" + node.id;
      scrubbing(label, node, edits);
      label.textContent = node.label;
      list.appendChild(label);
      list.appendChild(field(node.id, "input-" + node.id, edits));
    });
    return [heading, note, list];
  }
  /// The editor of input `node` in the details panel: "What if <name> were", its field, a hint.
  function editor(node, edits) {
    const box = document.createElement("div");
    box.className = "edit";
    const heading = document.createElement("h2");
    const label = document.createElement("label");
    label.htmlFor = "edit-value";
    scrubbing(label, node, edits);
    label.textContent = "What if " + node.label + " were";
    heading.appendChild(label);
    const input = field(node.id, "edit-value", edits);
    const note = document.createElement("p");
    note.className = "hint";
    note.textContent = "Type a number (↑/↓ nudge it by 0.1, with Shift by 1), or drag the label sideways.";
    box.append(heading, input, note);
    return box;
  }
  /// A labelled number field that sets input `id` as the user types (↑/↓ nudge it).
  function field(id, fieldID, edits) {
    const input = document.createElement("input");
    input.type = "text";
    input.inputMode = "decimal";
    input.id = fieldID;
    input.value = edits.shown(id);
    input.dataset.node = String(id);
    input.classList.toggle("changed", edits.isEdited(id));
    input.addEventListener("input", function () {
      const value = parseNumber(input.value);
      input.classList.toggle("invalid", value === null);
      input.setAttribute("aria-invalid", value === null ? "true" : "false");
      if (value !== null) { edits.set(id, value); edits.sync(id, input); }
    });
    input.addEventListener("keydown", function (event) {
      if (event.key !== "ArrowUp" && event.key !== "ArrowDown") return;
      event.preventDefault();
      const base = edits.value(id), delta = (event.shiftKey ? 1 : 0.1) * (event.key === "ArrowUp" ? 1 : -1);
      const value = Number((base + delta).toPrecision(12));
      input.value = String(value);
      edits.set(id, value);
      edits.sync(id, input);
    });
    return input;
  }
  /// Dragging `label` sideways scrubs input `node`: a hundredth of its size (at least 0.01)
  /// per pixel, as in a spreadsheet's or a 3D editor's number fields.
  function scrubbing(label, node, edits) {
    const id = node.id;
    label.classList.add("scrub");
    label.title = "Drag sideways to change " + node.label;
    let start = null;
    label.addEventListener("pointerdown", function (event) {
      start = { x: event.clientX, value: edits.value(id), moved: false };
      label.setPointerCapture(event.pointerId);
      event.preventDefault();
    });
    label.addEventListener("pointermove", function (event) {
      if (!start || !Number.isFinite(start.value)) return;
      const dx = event.clientX - start.x;
      if (Math.abs(dx) < 2 && !start.moved) return;
      start.moved = true;
      const unit = Math.max(Math.abs(start.value), 1) * 0.01;
      edits.set(id, Number((start.value + dx * unit).toPrecision(6)));
      edits.sync(id, null);
    });
    label.addEventListener("pointerup", function () {
      if (start && !start.moved) { const input = document.getElementById(label.htmlFor); if (input) input.focus(); }
      start = null;
    });
    return label;
  }
  /// A number as typed: decimal or exponent notation, a typographic minus, nan and infinities;
  /// null for anything else.
  function parseNumber(text) {
    const t = text.trim().toLowerCase().replace("\u2212", "-");
    if (t === "nan") return NaN;
    if (t === "inf" || t === "+inf" || t === "infinity") return Infinity;
    if (t === "-inf" || t === "-infinity") return -Infinity;
    if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/.test(t)) return null;
    return Number(t);
  }
  root.GradvizWhatIf = WhatIf;
})(typeof window !== "undefined" ? window : globalThis);
