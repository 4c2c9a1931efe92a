// gradviz viewer: the page's behaviour, put together from the scripts inlined before it
// (HTMLViewer.swift: model.js, panzoom.js and player.js, then one file a job): the drawing with
// pan and zoom (drawing.js), a clicked node's details (details.js), search (search.js); and,
// when the page carries the graph's numbers (#graph-values), the debugger (debugger.js): the
// backward pass step by step and "what if", inputs edited in the page, every number recomputed
// and redrawn in place, without a new layout. Here: the keys, the address (address.js), and
// the body's data-ready once the page is ready.
(function () {
  "use strict";
  const view = document.getElementById("view");
  const svg = view.querySelector("svg");
  const data = JSON.parse(document.getElementById("graph-data").textContent);
  const panel = document.getElementById("details");
  if (!svg) { panel.textContent = "No drawing."; return; }
  const drawing = window.GradvizDrawing(svg, view, function (node) {
    if (node) details.select(node); else details.deselect();
  });
  const details = window.GradvizDetails(panel, data, drawing);
  const search = window.GradvizSearch(document.getElementById("search"), document.getElementById("matches"), data, drawing, function (node) {
    drawing.centre(node);
    details.select(node);
  });
  const debuggerState = window.GradvizDebugger(drawing, panel, details.refresh);
  details.useDebugger(debuggerState);

  const panZoom = drawing.panZoom;
  document.addEventListener("keydown", function (event) {
    const target = event.target;
    if (target && /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) {
      if (event.key === "Escape") target.blur();
      return;
    }
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const step = panZoom.box.w / 10;
    const canStep = !!debuggerState && debuggerState.canStep;
    const stepping = canStep && !event.shiftKey;
    switch (event.key) {
      case "+": case "=": panZoom.zoom(1 / 1.3); break;
      case "-": panZoom.zoom(1.3); break;
      case "0": panZoom.fit(); break;
      case "ArrowLeft": if (stepping) debuggerState.go(debuggerState.step - 1); else panZoom.pan(-step, 0); break;
      case "ArrowRight": if (stepping) debuggerState.go(debuggerState.step + 1); else panZoom.pan(step, 0); break;
      case "Home": if (!canStep) return; debuggerState.go(0); break;
      case "End": if (!canStep) return; debuggerState.go(Infinity); break;
      case " ":
        if (!canStep || (target && target.tagName === "BUTTON")) return;
        debuggerState.togglePlay(); break;
      case "ArrowUp": panZoom.pan(0, -step); break;
      case "ArrowDown": panZoom.pan(0, step); break;
      case "/": search.focus(); break;
      default: return;
    }
    event.preventDefault();
  });

  window.GradvizAddress(location.hash).follow(search, debuggerState);
  document.body.dataset.ready = "true";
})();
