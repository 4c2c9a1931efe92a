import GraphModel
import Foundation

/// A rendered SVG wrapped in one self-contained HTML page (no network, everything inline):
/// pan and zoom with mouse and keyboard, a search box that highlights and centres matching
/// nodes, a panel with a clicked node's full details, and a legend.
public enum HTMLViewer {
    /// One row of a node's details.
    public typealias Detail = (name: String, value: String)

    /// - Parameters:
    ///   - svg: Graphviz's SVG output.
    ///   - title: the page's title (after "gradviz: ").
    ///   - details: rows for each node, by the node's DOT name (`n0`, `o3`, `u1_2`).
    ///   - legend: colour and meaning pairs.
    public static func page(
        svg: String, title: String, details: [String: [Detail]], legend: [(color: String, meaning: String)]
    ) -> String {
        var body = svg
        // Drop the XML prolog and doctype: the SVG is inlined.
        if let start = body.range(of: "<svg") { body = String(body[start.lowerBound...]) }
        var data = "{"
        for (index, key) in details.keys.sorted().enumerated() {
            if index > 0 { data += "," }
            data +=
                "\n" + jsonString(key) + ":["
                + (details[key] ?? []).map { "[\(jsonString($0.name)),\(jsonString($0.value))]" }.joined(separator: ",")
                + "]"
        }
        data += "\n}"
        let legendItems = legend.map {
            "<li><span class=\"swatch\" style=\"background:\(escape($0.color))\"></span>\(escape($0.meaning))</li>"
        }.joined()
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>gradviz: \(escape(title))</title>
            <style>\(style)</style>
            </head>
            <body>
            <header>
              <strong>gradviz</strong>
              <span class="title">\(escape(title))</span>
              <input id="search" type="search" placeholder="Search labels (/ to focus, Enter for next)" aria-label="Search node labels">
              <span id="matches" aria-live="polite"></span>
              <button id="zoom-in" title="Zoom in (+)">+</button>
              <button id="zoom-out" title="Zoom out (-)">−</button>
              <button id="fit" title="Fit the whole graph (0)">fit</button>
            </header>
            <main id="view">
            \(body)
            </main>
            <aside id="details"><p class="hint">Click a node to see its data, gradient, operation and operands. Drag to pan, scroll or +/− to zoom, 0 to fit, arrow keys to move.</p></aside>
            <footer><ul class="legend">\(legendItems)</ul></footer>
            <script type="application/json" id="graph-data">\(data.replacingOccurrences(of: "</", with: "<\\/"))</script>
            <script>\(script)</script>
            </body>
            </html>

            """
    }

    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default: result.append(character)
            }
        }
        return result
    }

    static func jsonString(_ text: String) -> String { JSONText.string(text, forScript: true) }

    static let style = """
        html, body { margin: 0; height: 100%; font: 14px/1.4 Helvetica, Arial, sans-serif; color: #1f2937; }
        body { display: grid; grid-template: auto 1fr auto / 1fr 320px; height: 100vh; }
        header { grid-column: 1 / 3; display: flex; gap: 8px; align-items: center; padding: 8px 12px; border-bottom: 1px solid #e5e7eb; background: #f9fafb; }
        header .title { color: #6b7280; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; max-width: 40vw; }
        #search { flex: 1; min-width: 160px; padding: 5px 8px; border: 1px solid #d1d5db; border-radius: 6px; }
        #matches { color: #6b7280; min-width: 90px; }
        button { padding: 4px 10px; border: 1px solid #d1d5db; border-radius: 6px; background: white; cursor: pointer; }
        #view { overflow: hidden; position: relative; cursor: grab; background: white; }
        #view.dragging { cursor: grabbing; }
        #view > svg { width: 100%; height: 100%; display: block; }
        #details { border-left: 1px solid #e5e7eb; padding: 12px; overflow: auto; background: #fcfcfd; }
        #details table { border-collapse: collapse; width: 100%; }
        #details th { text-align: left; color: #6b7280; font-weight: normal; padding: 3px 8px 3px 0; vertical-align: top; white-space: nowrap; }
        #details td { padding: 3px 0; font-family: ui-monospace, Menlo, monospace; word-break: break-all; }
        #details .problem { color: #b91c1c; font-weight: bold; }
        .hint { color: #6b7280; }
        footer { grid-column: 1 / 3; border-top: 1px solid #e5e7eb; padding: 6px 12px; background: #f9fafb; }
        .legend { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 14px; color: #4b5563; font-size: 12px; }
        .swatch { display: inline-block; width: 12px; height: 12px; border: 1px solid #9ca3af; margin-right: 5px; vertical-align: -2px; }
        g.node { cursor: pointer; }
        g.node.match > polygon, g.node.match > ellipse, g.node.match > path { stroke: #f59e0b; stroke-width: 4px; }
        g.node.match { filter: drop-shadow(0 0 4px #f59e0b); }
        g.node.current { filter: drop-shadow(0 0 8px #dc2626); }
        g.node.selected { filter: drop-shadow(0 0 6px #2563eb); }
        """

    static let script = """
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
            if (event.target === search) { if (event.key === "Escape") search.blur(); return; }
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
        """
}
