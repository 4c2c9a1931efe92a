public import GraphModel

/// A recorded training run (GraphModel's `TrainingReplay`) as one self-contained HTML page (no
/// network, everything inline): a slider, play and step buttons and the arrow keys pick a step,
/// and the neurons view, the loss and accuracy curves and the decision boundary all show it.
///
/// The script and styles are the files in `Viewer/`.
public enum TrainingPage {
    /// The colours the page draws with, by name, so that they have one home (the drawings'
    /// palette).
    ///
    /// The page needs `inputFill`, `inputBorder`, `neuronFill`, `neuronBorder`, `outputFill`,
    /// `outputBorder`, `deadFill`, `deadBorder`, `positiveWeight`, `negativeWeight`,
    /// `nonFiniteText`, `zeroGrad`, `positiveScore`, `negativeScore` and `unknown`, and a list
    /// of class colours.
    public struct Colors: Sendable {
        public var named: [(name: String, color: String)]
        public var classes: [String]

        public init(named: [(name: String, color: String)], classes: [String]) {
            self.named = named
            self.classes = classes
        }

        var jsonText: String {
            "{"
                + named.map {
                    "\(JSONText.string($0.name, forScript: true)): \(JSONText.string($0.color, forScript: true))"
                }
                .joined(separator: ", ")
                + ", \"classes\": [" + classes.map { JSONText.string($0, forScript: true) }.joined(separator: ", ")
                + "]}"
        }

        /// The colours as CSS custom properties (`--inputFill: #dbeafe;`), for the styles.
        var cssText: String {
            ":root { "
                + named.filter { $0.color.allSatisfy { $0.isHexDigit || $0 == "#" } }
                .map { "--\($0.name.filter { $0.isLetter || $0.isNumber }): \($0.color);" }.joined(separator: " ")
                + " }"
        }
    }

    /// The page for a recorded run.
    ///
    /// - Parameters:
    ///   - replay: the recorded run.
    ///   - colors: what the page draws with.
    ///   - legend: colour and meaning pairs under the panels.
    /// - Returns: the whole HTML document.
    public static func page(
        replay: TrainingReplay, colors: Colors, legend: [(color: String, meaning: String)]
    ) -> String {
        """
        \(HTMLViewer.documentHead(title: replay.title, style: style + "\n" + colors.cssText))
        <body>
        <header>
          <strong>gradviz</strong>
          <span class="title">\(HTMLViewer.escape(replay.title))</span>
        </header>
        <section id="player" aria-label="Training, step by step">
        \(HTMLViewer.player(
            first: "Step 0: the untrained model", last: "The trained model", plays: "the training",
            slider: "Training step", speeds: (600, 150, 40)))
          <span class="readout">loss <b id="frame-loss"></b> · accuracy <b id="frame-accuracy"></b></span>
          <p id="caption" aria-live="polite"></p>
        </section>
        <main>
          <figure id="network-panel">
            <figcaption>Neurons: each one's output and grad on \(HTMLViewer.escape(replay.frames.last?.network.caption ?? "")); weights blue positive, red negative, wider for larger. Hover for exact numbers; scroll to zoom, drag to pan, double-click to fit.</figcaption>
            <svg id="network" role="group" aria-label="The network's neurons and weights at this step" preserveAspectRatio="xMidYMid meet"></svg>
          </figure>
          <figure id="curves-panel">
            <figcaption>Loss and accuracy at every step; the line marks this step (click to go to a step).</figcaption>
            <svg id="curves" role="img" aria-label="Loss and accuracy curves with the current step marked"></svg>
          </figure>
          <figure id="boundary-panel">
            <figcaption id="boundary-caption">Decision boundary at this step, with the data.</figcaption>
            <div class="plane"><canvas id="boundary" role="img" aria-label="The model's decision over the data's plane"></canvas><svg id="points" aria-hidden="true"></svg></div>
          </figure>
        </main>
        <footer>\(HTMLViewer.legendList(legend))\(replay.note.map { "<p id=\"note\">Note: \(HTMLViewer.escape($0)).</p>" } ?? "")</footer>
        <script type="application/json" id="training-data">\(replay.jsonText)</script>
        <script type="application/json" id="training-colors">\(colors.jsonText)</script>
        <script>\(script)</script>
        </body>
        </html>

        """
    }

    /// The page's styles: `Viewer/page.css` then `Viewer/training.css`, embedded at build time.
    static let style = viewerFiles(PackageResources.page_css, PackageResources.training_css)

    /// The page's script: `Viewer/model.js` (number formats), `Viewer/training-model.js` (the
    /// pure logic: forward pass, boundary, colours, captions), `Viewer/panzoom.js` and
    /// `Viewer/player.js` (pan and zoom, the step player: shared with the viewer), then
    /// `Viewer/training.js` (the page's behaviour).
    static let script = viewerFiles(
        PackageResources.model_js, PackageResources.training_model_js, PackageResources.panzoom_js,
        PackageResources.player_js, PackageResources.training_js)
}
