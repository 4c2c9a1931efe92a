// gradviz viewer: the debugger's index of the drawing. Each value's SVG group, its data and
// grad texts, the notes under them and its link (whose tooltip has the exact numbers); each
// operation's group; the edges from operands into operations, slot by slot, and from
// operations to their results; and the gradient labels Graphviz drew on edges (--edge-grads).
// Found by DotExport's names: n<id> for a value, o<id> for its operation.
(function (root) {
  "use strict";
  /// The pieces of the drawing (its `svg`, `drawing.nodes`) of a graph of `count` values.
  function SvgIndex(svg, drawing, count) {
    const values = new Array(count), operations = new Array(count);
    drawing.nodes.forEach(function (group) {
      const name = drawing.nameOf(group);
      let match = /^n(\d+)$/.exec(name);
      if (match && +match[1] < count) { values[+match[1]] = valueOf(group); return; }
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
    /// The edge into `node`'s operation from its operand in `slot` (an operand used twice has
    /// an edge a slot).
    function edgeOf(node, slot) {
      const operand = node.operands[slot];
      let index = 0;
      for (let s = 0; s < slot; s++) if (node.operands[s] === operand) index += 1;
      const list = operandEdges[operand + ">" + node.id] || [];
      return list[Math.min(index, list.length - 1)] || null;
    }
    return {
      values: values, operations: operations, resultEdges: resultEdges, edgeOf: edgeOf,
      gradientLabelOf: gradientLabelOf,
    };
  }
  /// A value's pieces: the last pair of texts "data …", "grad …" in its group, the notes after
  /// them, its link, and the texts as drawn (`shown`, which painting keeps up to date).
  function valueOf(group) {
    const texts = Array.prototype.slice.call(group.querySelectorAll("text"));
    let at = -1;
    for (let i = 0; i + 1 < texts.length; i++) {
      if (texts[i].textContent.indexOf("data ") === 0 && texts[i + 1].textContent.indexOf("grad ") === 0) at = i;
    }
    const anchor = group.querySelector("a");
    return {
      group: group, dataText: at >= 0 ? texts[at] : null, gradText: at >= 0 ? texts[at + 1] : null,
      notes: at >= 0 ? texts.slice(at + 2) : [], anchor: anchor,
      shown: at >= 0 ? { data: texts[at].textContent, grad: texts[at + 1].textContent } : {},
    };
  }
  /// Graphviz's own label on an edge (--edge-grads): the text that is not left/right (nor the
  /// stepper's "+amount").
  function gradientLabelOf(edge) {
    if (!edge) return null;
    return Array.prototype.slice.call(edge.querySelectorAll("text")).find(function (t) {
      return !t.classList.contains("edge-add") && !/^(left|right)$/.test(t.textContent);
    }) || null;
  }
  root.GradvizSvgIndex = SvgIndex;
})(typeof window !== "undefined" ? window : globalThis);
