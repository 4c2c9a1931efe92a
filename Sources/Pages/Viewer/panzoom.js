// gradviz pan and zoom of an SVG drawing, for both pages (the viewer's graph and the training
// replay's network), inlined before the page's own script: the wheel zooms about the pointer,
// a drag pans, a press without a drag is a click.
(function (root) {
  "use strict";
  /// Pans and zooms `svg` by its viewBox, with pointer events on `surface` (the svg or the
  /// panel around it). `home` is the whole drawing ({x, y, w, h}); `options.minimumWidth` and
  /// `options.maximumWidth` bound the shown width (drawing units); `options.wheel(event)`
  /// is the zoom factor of one wheel event; `options.onClick(event)` is called for a press
  /// released without dragging.
  function PanZoom(svg, surface, home, options) {
    const box = Object.assign({}, home);
    function apply() { svg.setAttribute("viewBox", box.x + " " + box.y + " " + box.w + " " + box.h); }
    /// Zooms by `factor` about the point (cx, cy) of the drawing (its centre by default).
    function zoom(factor, cx, cy) {
      if (cx === undefined) { cx = box.x + box.w / 2; cy = box.y + box.h / 2; }
      const w = Math.min(Math.max(box.w * factor, options.minimumWidth), options.maximumWidth);
      const h = box.h * (w / box.w);
      box.x = cx - (cx - box.x) * (w / box.w);
      box.y = cy - (cy - box.y) * (h / box.h);
      box.w = w; box.h = h; apply();
    }
    /// The drawing's point under a client position, and drawing units per pixel (the drawing
    /// is centred in the element, its aspect kept).
    function toGraph(clientX, clientY) {
      const rect = svg.getBoundingClientRect();
      const scale = Math.max(box.w / rect.width, box.h / rect.height);
      const offsetX = (rect.width * scale - box.w) / 2, offsetY = (rect.height * scale - box.h) / 2;
      return { x: box.x - offsetX + (clientX - rect.left) * scale, y: box.y - offsetY + (clientY - rect.top) * scale, scale: scale };
    }
    function pan(dx, dy) { box.x += dx; box.y += dy; apply(); }
    function fit() { Object.assign(box, home); apply(); }
    surface.addEventListener("wheel", function (event) {
      event.preventDefault();
      const p = toGraph(event.clientX, event.clientY);
      zoom(options.wheel(event), p.x, p.y);
    }, { passive: false });
    let drag = null;
    surface.addEventListener("pointerdown", function (event) {
      drag = { x: event.clientX, y: event.clientY, moved: false };
      surface.setPointerCapture(event.pointerId);
    });
    surface.addEventListener("pointermove", function (event) {
      if (!drag) return;
      const scale = toGraph(event.clientX, event.clientY).scale;
      const dx = event.clientX - drag.x, dy = event.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 3) { drag.moved = true; surface.classList.add("dragging"); }
      box.x -= dx * scale; box.y -= dy * scale; drag.x = event.clientX; drag.y = event.clientY; apply();
    });
    surface.addEventListener("pointerup", function (event) {
      const wasClick = drag && !drag.moved;
      drag = null; surface.classList.remove("dragging");
      if (wasClick && options.onClick) options.onClick(event);
    });
    return { box: box, apply: apply, zoom: zoom, pan: pan, fit: fit, toGraph: toGraph };
  }
  root.GradvizPanZoom = PanZoom;
})(typeof window !== "undefined" ? window : globalThis);
