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
              <button id="zoom-in" title="Zoom in (+)" aria-label="Zoom in">+</button>
              <button id="zoom-out" title="Zoom out (-)" aria-label="Zoom out">−</button>
              <button id="fit" title="Fit the whole graph (0)" aria-label="Fit the whole graph">fit</button>
            </header>
            <main id="view" tabindex="0" aria-label="The graph: drag to pan, scroll or + and − to zoom, 0 to fit, arrow keys to move">
            \(body)
            </main>
            <aside id="details" aria-label="Details" aria-live="polite"><p class="hint">Click a node to see its data, gradient, operation and operands. Drag to pan, scroll or +/− to zoom, 0 to fit, arrow keys to move.</p></aside>
            <footer><ul class="legend" aria-label="Legend">\(legendItems)</ul></footer>
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

    /// The page's styles: `Viewer/viewer.css`, embedded at build time.
    static let style = String(decoding: PackageResources.viewer_css, as: UTF8.self)

    /// The page's script: `Viewer/model.js` (the pure logic: evaluator, backward timeline,
    /// number formats, captions) then `Viewer/viewer.js` (the page's behaviour), embedded at
    /// build time.
    static let script =
        String(decoding: PackageResources.model_js, as: UTF8.self) + "\n"
        + String(decoding: PackageResources.viewer_js, as: UTF8.self)
}
