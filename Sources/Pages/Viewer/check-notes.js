// gradviz viewer: a `gradviz check` page's notes made live. Each value's note (its numeric
// gradient, drawn by Check.swift) is, after an edit, what gradviz check would draw for the
// edited inputs: the check is run again (Model.gradientCheck, GraphChecks' GradientCheck) and
// the note redrawn in its cell, red where it is a problem; the title's summary and the
// details panel's note rows too.
(function (root) {
  "use strict";
  const Model = root.GradvizModel;
  /// The live notes of `graph`'s drawing (`svg`, its pieces `index`'s), whose drawn grads are
  /// `drawnGrads`. `null` (the notes are dimmed after an edit instead) unless every value
  /// carries a check note and the check of the unedited numbers, with the settings the page
  /// carries (gradviz check's --step, --atol, --rtol), gives exactly the notes drawn; and for
  /// graphs where rerunning it on each edit would be slow.
  function CheckNotes(graph, index, svg, drawnGrads) {
    const values = index.values, count = graph.nodes.length;
    if (graph.bug || count === 0 || count > 2000) return null;
    const cells = new Array(count);
    for (let id = 0; id < count; id++) {
      cells[id] = cellOf(values[id]);
      if (!cells[id]) return null;
    }
    const drawn = Model.gradientCheck(graph, Model.forward(graph), drawnGrads, graph.check || undefined);
    for (let id = 0; id < count; id++) {
      const note = Model.checkNote(drawn[id]);
      if (noteKey(note.lines, note.problem) !== cells[id].key) return null;
    }
    values.forEach(function (value) { value.notes.forEach(function (t) { t.dataset.live = "true"; }); });
    const title = "check: " + Model.checkSummary(drawn);
    const titles = titlesReading(svg, title);
    // The check the notes and the detail rows show: the drawing's until an edit, then the
    // edited inputs' (null: the drawing's own notes again, after a reset).
    let results = drawn;

    /// The notes for the current numbers (`data`, `grads`): gradviz check's for the edited
    /// inputs, or the drawing's own when nothing is `edited`.
    function refresh(edited, data, grads) {
      results = edited ? Model.gradientCheck(graph, data, grads, graph.check || undefined) : null;
      for (let id = 0; id < count; id++) redraw(id, results ? Model.checkNote(results[id]) : null);
      const shown = results ? "check: " + Model.checkSummary(results) : title;
      titles.forEach(function (t) { if (t.textContent !== shown) t.textContent = shown; });
      if (titles.length > 0) document.title = "gradviz: " + shown;
    }
    /// Value `id`'s cell showing `note` (null: the drawing's own).
    function redraw(id, note) {
      const cell = cells[id];
      const key = note ? noteKey(note.lines, note.problem) : cell.key;
      if (key === (cell.shownKey || cell.key)) return;
      const elements = key === cell.key ? cell.original : noteElements(cell, note);
      cell.current.forEach(function (e) { e.remove(); });
      elements.forEach(function (e) { cell.parent.appendChild(e); });
      elements.forEach(function (e) { if (e.tagName === "text") fitText(e, +e.dataset.width); });
      cell.current = elements;
      cell.shownKey = key;
      values[id].notes = elements.filter(function (e) { return e.tagName === "text"; });
    }
    /// Value `id`'s note rows in the details panel ("note", or "problem" when red): the check's
    /// shown, in place of the page's.
    function patchRows(id, rows) {
      if (!results || id >= count) return;
      const note = Model.checkNote(results[id]);
      const kept = rows.filter(function (row) { return row[0] !== "note" && row[0] !== "problem"; });
      rows.length = 0;
      kept.forEach(function (row) { rows.push(row); });
      note.lines.forEach(function (line) { rows.push([note.problem ? "problem" : "note", line]); });
    }
    return { refresh: refresh, patchRows: patchRows };
  }

  /// A value's check-note cell: the elements after its grad text (the note's texts, the
  /// cell's border last of its polygons), or null where the value has no check note.
  function cellOf(value) {
    if (!value || !value.gradText || value.notes.length === 0) return null;
    const first = value.notes[0].textContent;
    if (first.indexOf("numeric ") !== 0 && first !== "not checked: every step left the domain") return null;
    const elements = [];
    for (let e = value.gradText.nextElementSibling; e; e = e.nextElementSibling) elements.push(e);
    const polygons = elements.filter(function (e) { return e.tagName === "polygon"; });
    const border = polygons[polygons.length - 1];
    if (!border || elements[elements.length - 1].tagName !== "text") return null;
    const problem = value.notes[0].getAttribute("fill") === "#b91c1c";
    return {
      parent: value.gradText.parentNode, original: elements, current: elements, border: border,
      key: noteKey(value.notes.map(function (t) { return t.textContent; }), problem),
    };
  }
  function noteKey(lines, problem) { return (problem ? "problem:" : "note:") + lines.join("\n"); }
  /// The texts that read the check's `title` ("check: " and the summary): the header's and the
  /// drawing's.
  function titlesReading(svg, title) {
    const titles = [];
    const header = document.querySelector("header .title");
    if (header && header.textContent === title) titles.push(header);
    const label = Array.prototype.find.call(svg.querySelectorAll("g.graph > text"), function (t) { return t.textContent === title; });
    if (label) titles.push(label);
    return titles;
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
  root.GradvizCheckNotes = CheckNotes;
})(typeof window !== "undefined" ? window : globalThis);
