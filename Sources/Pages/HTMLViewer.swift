import Foundation
public import GraphModel

/// A rendered SVG wrapped in one self-contained HTML page (no network, everything inline): pan
/// and zoom with mouse and keyboard, a search box that highlights and centres matching nodes, a
/// panel with a clicked node's full details, and a legend.
///
/// Given the graph's numbers (a ``Replay``), the page also steps through the backward pass and
/// recomputes the graph when an input is changed. The script and styles are the files in
/// `Viewer/`.
public enum HTMLViewer {
    /// One row of a node's details.
    public typealias Detail = (name: String, value: String)

    /// What a page needs to replay a graph's backward pass step by step and to recompute the
    /// graph in the browser: the drawn snapshot (its value `n<id>` and operation `o<id>` nodes
    /// are the drawing's) and the node ids in the order backward ran them.
    public struct Replay: Sendable, Equatable {
        public var snapshot: GraphSnapshot
        /// Each backward pass's node ids in the order their backward step ran; a buggy
        /// recursion repeats nodes, and a re-enacted missing `zero_grad` runs two passes.
        public var passes: [[Int]]
        /// The re-enacted bug whose rule the page applies to each step (`overwrite`: `=`
        /// instead of `+=`; `sub-sign`), by `gradviz expr --inject` name; `nil` when correct.
        public var bug: String?
        /// The finite-difference check whose notes the drawing shows (`gradviz check`), so the
        /// page can redo it with the same settings after an edit; `nil` for other pages.
        public var check: CheckSettings?
        /// `gradviz verify`'s findings for the drawn numbers, when the page is verify's: the
        /// page then says what verify says (its rounding-aware, node-by-node check) instead of
        /// comparing the drawing with its own replay from the root.
        ///
        /// Empty: all check out.
        public var verified: [Finding]?

        /// One number `verify` found wrong: the node (its id in the drawn snapshot), its name
        /// as verify's report gives it, which number, and what it should be.
        public struct Finding: Sendable, Equatable {
            public var id: Int
            public var name: String
            public var isGrad: Bool
            public var expected: Double

            public init(id: Int, name: String, isGrad: Bool, expected: Double) {
                self.id = id
                self.name = name
                self.isGrad = isGrad
                self.expected = expected
            }
        }

        /// A `gradviz check`'s settings: the relative step and the tolerances.
        public struct CheckSettings: Sendable, Equatable {
            public var step: Double
            public var absoluteTolerance: Double
            public var relativeTolerance: Double

            public init(step: Double, absoluteTolerance: Double, relativeTolerance: Double) {
                self.step = step
                self.absoluteTolerance = absoluteTolerance
                self.relativeTolerance = relativeTolerance
            }
        }

        public init(
            snapshot: GraphSnapshot, passes: [[Int]], bug: String? = nil, check: CheckSettings? = nil,
            verified: [Finding]? = nil
        ) {
            self.snapshot = snapshot
            self.passes = passes
            self.bug = bug
            self.check = check
            self.verified = verified
        }

        /// The replay as the page's JSON: the gradviz-graph fields of each node plus `bug` and
        /// `passes`, safe inside a `<script>` element.
        public var jsonText: String {
            var text =
                "{\"root\": \(snapshot.root), \"bug\": \(bug.map(HTMLViewer.jsonString) ?? "null"), "
            if let check {
                text +=
                    "\"check\": {\"step\": \(JSONText.number(check.step)), \"absoluteTolerance\": \(JSONText.number(check.absoluteTolerance)), \"relativeTolerance\": \(JSONText.number(check.relativeTolerance))}, "
            }
            if let verified {
                let findings = verified.map { finding in
                    "{\"id\": \(finding.id), \"name\": \(HTMLViewer.jsonString(finding.name)), \"quantity\": \"\(finding.isGrad ? "grad" : "data")\", \"expected\": \(JSONText.number(finding.expected))}"
                }
                text += "\"verified\": [" + findings.joined(separator: ",\n") + "],\n"
            }
            text += "\"passes\": ["
            text += passes.map { "[" + $0.map(String.init).joined(separator: ",") + "]" }.joined(separator: ",\n")
            text += "],\n\"nodes\": [\n"
            for (position, node) in snapshot.nodes.enumerated() {
                text += "{\"label\": \(node.label.map(HTMLViewer.jsonString) ?? "null"), "
                text += "\"op\": \(node.operation.map { HTMLViewer.jsonString($0.name) } ?? "null"), "
                text += "\"operands\": [\(node.operands.map(String.init).joined(separator: ","))], "
                if let exponent = node.exponent { text += "\"exponent\": \(JSONText.number(exponent)), " }
                text += "\"data\": \(JSONText.number(node.data)), \"grad\": \(JSONText.number(node.grad))}"
                text += position == snapshot.nodes.count - 1 ? "\n" : ",\n"
            }
            return text + "]}"
        }
    }

    /// The page for a drawing.
    ///
    /// - Parameters:
    ///   - svg: Graphviz's SVG output.
    ///   - title: the page's title (after "gradviz: ").
    ///   - details: rows for each node, by the node's DOT name (`n0`, `o3`, `u1_2`).
    ///   - legend: colour and meaning pairs.
    ///   - replay: the graph's numbers and backward order, for stepping and what-if; `nil` for
    ///     drawings that are not a snapshot's (a network's units) or too big to replay.
    /// - Returns: the whole HTML document.
    public static func page(
        svg: String, title: String, details: [String: [Detail]], legend: [(color: String, meaning: String)],
        replay: Replay? = nil
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
        return """
            \(documentHead(title: title, style: style))
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
            \(replay == nil ? "" : stepper)
            <main id="view" tabindex="0" aria-label="The graph: drag to pan, scroll or + and − to zoom, 0 to fit, \(replay == nil ? "arrow keys to move" : "left and right arrows to step through backward, Shift with arrows to move")">
            \(body)
            </main>
            <aside id="details" aria-label="Details"><p class="hint">Click a node to see its data, gradient, operation and operands. Drag to pan, scroll or +/− to zoom, 0 to fit, \(replay == nil ? "arrow keys to move" : "← and → to step through backward (Shift+arrows and ↑/↓ to move), Home/End for its start and end, space to play")</p></aside>
            <footer>\(legendList(legend))</footer>
            <script type="application/json" id="graph-data">\(data.replacingOccurrences(of: "</", with: "<\\/"))</script>
            \(replay.map { "<script type=\"application/json\" id=\"graph-values\">\($0.jsonText)</script>\n" } ?? "")<script>\(script)</script>
            </body>
            </html>

            """
    }

    /// A page's doctype and `<head>`: "gradviz: `title`" and the inline `style`.
    static func documentHead(title: String, style: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>gradviz: \(escape(title))</title>
        <style>\(style)</style>
        </head>
        """
    }

    /// A page's legend: a swatch of each colour beside its meaning.
    static func legendList(_ legend: [(color: String, meaning: String)]) -> String {
        let items = legend.map {
            "<li><span class=\"swatch\" style=\"background:\(escape($0.color))\"></span>\(escape($0.meaning))</li>"
        }
        return "<ul class=\"legend\" aria-label=\"Legend\">\(items.joined())</ul>"
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

    /// The backward stepper's controls: step buttons, a slider, play with a speed, the caption,
    /// and what-if's note and reset (debugger.js shows them when the page has a replay).
    static let stepper = """
        <section id="stepper" aria-label="Backward pass, step by step" hidden>
        \(player(
            first: "Start: forward done, backward not begun", last: "Last step: backward done", plays: "the backward pass",
            slider: "Backward step", speeds: (2000, 1000, 350)))
          <span id="edited" aria-live="polite"></span>
          <button id="reset-inputs" aria-label="Reset every input to its original value" hidden>reset inputs</button>
          <p id="caption" aria-live="polite"></p>
        </section>
        """

    /// A step player's controls, for the backward stepper and the training replay: first, back,
    /// play, next and last buttons (Home, ←, space, →, End), a slider, the step count and the
    /// play speed (`speeds`: milliseconds a step, slow, normal and fast).
    ///
    /// `first`, `last` and `plays` finish the buttons' titles; `slider` labels the slider.
    static func player(
        first: String, last: String, plays: String, slider: String, speeds: (slow: Int, normal: Int, fast: Int)
    ) -> String {
        """
          <div class="group">
            <button id="step-first" title="\(escape(first)) (Home)" aria-label="First step (Home)">⏮</button>
            <button id="step-back" title="Previous step (←)" aria-label="Previous step (left arrow)">◀</button>
            <button id="step-play" title="Play \(escape(plays)) (space)" aria-label="Play or pause (space)" aria-pressed="false">▶ play</button>
            <button id="step-next" title="Next step (→)" aria-label="Next step (right arrow)">▶|</button>
            <button id="step-last" title="\(escape(last)) (End)" aria-label="Last step (End)">⏭</button>
          </div>
          <input id="step-slider" type="range" min="0" max="0" value="0" aria-label="\(escape(slider))">
          <span id="step-count"></span>
          <label for="step-speed">speed</label>
          <select id="step-speed" aria-label="Play speed"><option value="\(speeds.slow)">slow</option><option value="\(speeds.normal)" selected>normal</option><option value="\(speeds.fast)">fast</option></select>
        """
    }

    /// The page's styles: `Viewer/page.css` (shared with the training page) then
    /// `Viewer/viewer.css`, embedded at build time.
    static let style = viewerFiles(PackageResources.page_css, PackageResources.viewer_css)

    /// The page's script, embedded at build time: `Viewer/model.js` (the pure logic: evaluator,
    /// backward timeline, number formats, captions), `Viewer/panzoom.js` and `Viewer/player.js`
    /// (pan and zoom, the step player: shared with the training page), then the page's own, a
    /// file a job, each defining one `window.Gradviz…` factory: `drawing.js` (the SVG, pan and
    /// zoom wired, bringing a node into view), `details.js` (the selection and its details
    /// panel), `search.js`, `svg-index.js` (the debugger's index of the drawing's pieces),
    /// `painter.js` (a step's numbers and marks written into the drawing), `check-notes.js` (a
    /// check page's notes recomputed after an edit), `caption.js` (the stepper's caption, with
    /// verify's findings or the replay's differences), `what-if.js` (editing inputs),
    /// `debugger.js` (the replay's state and the stepper) and `address.js` (#q=, #set=, #step=);
    /// last `Viewer/viewer.js`, which puts them together and runs them.
    static let script = viewerFiles(
        PackageResources.model_js, PackageResources.panzoom_js, PackageResources.player_js,
        PackageResources.drawing_js, PackageResources.details_js, PackageResources.search_js,
        PackageResources.svg_index_js, PackageResources.painter_js, PackageResources.check_notes_js,
        PackageResources.caption_js, PackageResources.what_if_js, PackageResources.debugger_js,
        PackageResources.address_js, PackageResources.viewer_js)
}

/// Files of `Viewer/` (embedded at build time) as one text, in order, a line between them.
func viewerFiles(_ files: [UInt8]...) -> String {
    files.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\n")
}
