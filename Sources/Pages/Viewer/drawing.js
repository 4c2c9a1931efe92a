// gradviz viewer: the drawing. The graph's SVG made to fill its panel, pan and zoom wired to it
// and to the zoom buttons (panzoom.js's), its nodes and their names, and the two ways of
// bringing a node into view: centred and zoomed to (search), or panned to (the stepper).
(function (root) {
  "use strict";
  /// The graph's `svg` in its panel `view`, ready to pan and zoom. `onClick(node)` is called
  /// for a press released without dragging: with the node under it, or null beside every node.
  function Drawing(svg, view, onClick) {
    svg.removeAttribute("width");
    svg.removeAttribute("height");
    svg.setAttribute("role", "img");
    const initial = svg.viewBox.baseVal;
    const home = { x: initial.x, y: initial.y, w: initial.width, h: initial.height };
    const panZoom = root.GradvizPanZoom(svg, view, home, {
      minimumWidth: home.w / 500, maximumWidth: home.w * 20,
      wheel: function (event) { return event.deltaY > 0 ? 1.15 : 1 / 1.15; },
      onClick: function (event) {
        const hit = document.elementsFromPoint(event.clientX, event.clientY).map(function (e) { return e.closest("g.node"); }).find(Boolean);
        onClick(hit || null);
      },
    });
    const box = panZoom.box, apply = panZoom.apply;
    document.getElementById("zoom-in").addEventListener("click", function () { panZoom.zoom(1 / 1.3); });
    document.getElementById("zoom-out").addEventListener("click", function () { panZoom.zoom(1.3); });
    document.getElementById("fit").addEventListener("click", panZoom.fit);

    const nodes = Array.prototype.slice.call(svg.querySelectorAll("g.node"));
    /// The centre and size of a node in the SVG's own coordinates.
    function placeOf(node) {
      const b = node.getBBox();
      const ctm = node.getCTM(), svgCTM = svg.getCTM();
      let x = b.x + b.width / 2, y = b.y + b.height / 2;
      if (ctm && svgCTM) {
        const m = svgCTM.inverse().multiply(ctm);
        const p = svg.createSVGPoint(); p.x = x; p.y = y;
        const q = p.matrixTransform(m); x = q.x; y = q.y;
      }
      return { x: x, y: y, width: b.width, height: b.height };
    }
    /// Centres `node`, zoomed to a few times its size (within the whole drawing's width).
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
    return { svg: svg, nodes: nodes, nameOf: nameOf, panZoom: panZoom, centre: centre, reveal: reveal };
  }
  /// A node's name: its title, as Graphviz writes it (DotExport's node names).
  function nameOf(node) { const t = node.querySelector("title"); return t ? t.textContent : ""; }
  root.GradvizDrawing = Drawing;
})(typeof window !== "undefined" ? window : globalThis);
