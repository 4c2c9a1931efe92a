// gradviz viewer: the details panel. The selected node (clicked or found) and its rows, the
// page's JSON (#graph-data) with the debugger's current numbers, kept up to date as the
// numbers change; with nothing selected, the panel's hint and the debugger's inputs.
(function (root) {
  "use strict";
  /// Rows whose value is drawn as a problem (red).
  const problem = /^(mismatch|problem|expected)/;
  /// The details `panel` of the drawing's nodes; `data` holds each node's rows by name. Until
  /// `useDebugger(debugger)`, the rows are the page's own.
  function Details(panel, data, drawing) {
    const hint = panel.innerHTML;
    let selected = null, selectedTable = null, debuggerState = null;
    /// A node's detail rows, with the debugger's current numbers.
    function rowsOf(name) {
      const rows = (data[name] || [["node", name]]).map(function (row) { return row.slice(); });
      if (debuggerState) debuggerState.patchRows(name, rows);
      return rows;
    }
    function select(node) {
      drawing.nodes.forEach(function (n) { n.classList.remove("selected"); });
      node.classList.add("selected");
      selected = node;
      const name = drawing.nameOf(node);
      const table = document.createElement("table");
      table.setAttribute("aria-label", "Details of the selected node");
      rowsOf(name).forEach(function (row) {
        const tr = document.createElement("tr");
        const th = document.createElement("th"); th.textContent = row[0]; th.scope = "row";
        const td = document.createElement("td"); td.textContent = row[1];
        if (problem.test(row[0])) td.className = "problem";
        tr.appendChild(th); tr.appendChild(td); table.appendChild(tr);
      });
      selectedTable = table;
      const parts = [table];
      if (debuggerState) parts.push.apply(parts, debuggerState.editorFor(name));
      panel.replaceChildren.apply(panel, parts);
      panel.dataset.node = name;
    }
    /// The selected node's numbers, updated in place (an edit field being typed in keeps focus).
    function refresh() {
      if (!selected || !selectedTable) return;
      const rows = rowsOf(drawing.nameOf(selected));
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
        tr.cells[1].className = problem.test(row[0]) ? "problem" : "";
      });
      while (selectedTable.rows.length > rows.length) selectedTable.deleteRow(-1);
    }
    /// Back to the panel's start: the hint and, with the debugger, the inputs to change.
    function deselect() {
      drawing.nodes.forEach(function (n) { n.classList.remove("selected"); });
      selected = null; selectedTable = null;
      delete panel.dataset.node;
      panel.innerHTML = hint;
      if (debuggerState) debuggerState.renderInputs();
    }
    return {
      select: select, refresh: refresh, deselect: deselect,
      useDebugger: function (state) { debuggerState = state; },
    };
  }
  root.GradvizDetails = Details;
})(typeof window !== "undefined" ? window : globalThis);
