// gradviz viewer: the debugger's painting. Writes the numbers of a step into the drawing's
// texts, in gradviz's colours and squeezed into their cells, and their tooltips; dims the
// notes edited numbers make stale; lights the step (its node, the values it sends to, the
// edges, each one's "+amount"); and after an edit rewrites what is recomputed rather than
// dimmed: --inject's correct grads and the edge labels' contributions (--edge-grads).
(function (root) {
  "use strict";
  const Model = root.GradvizModel;
  const svgNS = "http://www.w3.org/2000/svg", xlinkNS = "http://www.w3.org/1999/xlink";
  /// The painter of `graph`'s drawing, whose pieces are `index`'s (svg-index.js);
  /// `reveal(element)` pans a lit step into view.
  function Painter(graph, index, reveal) {
    const values = index.values, operations = index.operations, count = graph.nodes.length;
    let marked = [];
    function clearMarks() {
      marked.forEach(function (element) {
        element.classList.remove("step-node", "step-receiver", "step-edge");
        element.querySelectorAll("text.edge-add").forEach(function (t) { t.remove(); });
      });
      marked = [];
    }
    function mark(element, name) { if (element) { element.classList.add(name); marked.push(element); } }
    /// Lights step `current` of a backward timeline and pans it into view.
    function light(current) {
      const node = graph.nodes[current.node];
      mark(values[node.id] && values[node.id].group, "step-node");
      mark(operations[node.id], "step-node");
      if (current.kind === "node") {
        mark(index.resultEdges[node.id], "step-edge");
        current.adds.forEach(function (add) {
          mark(values[add.operand] && values[add.operand].group, "step-receiver");
          const edge = index.edgeOf(node, add.slot);
          mark(edge, "step-edge");
          if (edge) edgeLabel(edge, (graph.bug === "overwrite" ? "= " : "+") + Model.brief(add.amount));
        });
      }
      const focus = operations[node.id] || (values[node.id] && values[node.id].group);
      if (focus) reveal(focus);
    }

    /// Shows every value's `data` and `grads`, the step `current` lit (null: none), and the
    /// notes that no longer hold for `edited` inputs dimmed.
    function show(data, grads, current, edited) {
      const changed = new Uint8Array(count);
      if (current) current.adds.forEach(function (add) { changed[add.operand] = 1; });
      for (let id = 0; id < count; id++) paint(values[id], graph.nodes[id], id, data[id], grads[id], changed[id]);
      // Notes drawn for the original numbers (backward step numbers, another engine's) no
      // longer describe edited ones: dimmed. (Check's numeric gradients and --inject's correct
      // grads are recomputed, "live": see showCorrectGrads and check-notes.js.)
      values.forEach(function (value) {
        if (value) value.notes.forEach(function (t) { t.classList.toggle("stale", edited && !t.dataset.live); });
      });
      clearMarks();
      if (current) light(current);
    }
    /// A re-enacted bug's notes of each wrong grad's correct value, rewritten with `correct`.
    function showCorrectGrads(correct) {
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
    /// Graphviz's edge labels (--edge-grads), each slot's final contribution for `data` and
    /// `grads`.
    function showContributions(data, grads) {
      graph.nodes.forEach(function (node) {
        if (node.op === null) return;
        const amounts = Model.contributions(node, data, grads[node.id], graph.bug);
        node.operands.forEach(function (operand, slot) {
          const label = index.gradientLabelOf(index.edgeOf(node, slot));
          if (label) label.textContent = Model.short(amounts[slot]);
        });
      });
    }
    return { show: show, showCorrectGrads: showCorrectGrads, showContributions: showContributions };
  }

  /// Writes the numbers of value `id` (its pieces `value`, its node `node`) into its texts,
  /// with gradviz's colours: grey for a zero grad, red for nan and inf.
  function paint(value, node, id, dataValue, gradValue, changed) {
    if (!value || !value.dataText) return;
    const dataText = "data " + Model.short(dataValue), gradText = "grad " + Model.short(gradValue);
    if (value.shown.data !== dataText) { setText(value.dataText, dataText, "data", dataValue, node); value.shown.data = dataText; }
    if (value.shown.grad !== gradText) { setText(value.gradText, gradText, "grad", gradValue, node); value.shown.grad = gradText; }
    value.gradText.classList.toggle("grad-changed", !!changed);
    // The tooltip's exact numbers: Graphviz's until the numbers change.
    const numbersChanged = !Model.sameNumber(dataValue, node.data) || !Model.sameNumber(gradValue, node.grad);
    if (value.anchor && (numbersChanged || value.shown.tip)) {
      const label = node.label !== null ? node.label : node.op === null ? "constant" : "value";
      const tip = label + " #" + id + ": data = " + Model.exact(dataValue) + ", grad = " + Model.exact(gradValue);
      if (value.shown.tip !== tip) { value.anchor.setAttributeNS(xlinkNS, "xlink:title", tip); value.shown.tip = tip; }
    }
  }
  /// Writes `content` (a data or grad line, `kind`, of `number`) into `text`, coloured.
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
  /// A step's "+amount" (or "= amount") at the middle of `edge`.
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
  root.GradvizPainter = Painter;
})(typeof window !== "undefined" ? window : globalThis);
