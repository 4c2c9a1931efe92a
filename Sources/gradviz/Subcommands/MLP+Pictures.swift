import DotExport
import Foundation
import GraphModel
import NeuralNet
import Pages
import Plots
import Rendering

extension Gradviz.MLP {
    /// A plot's positioned DOT drawn by Graphviz's `nop2` engine (validate() allowed only
    /// .svg, .png and .pdf paths).
    func writePlot(_ dot: String, to path: String, deadline: DrawingDeadline) throws(CommandFailure) {
        defer { deadline.finish() }
        let format = OutputFormat(fileExtension: (path as NSString).pathExtension) ?? .svg
        let lines = dot.utf8.reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
        try OutputWriter.write(
            try GraphOutput.bytes(
                forDOT: dot, format: format, engine: .nop2, nodeCount: lines, deadline: deadline,
                memoryLimit: output.memoryLimit),
            to: path, timeout: output.timeout)
    }

    /// `--losses`: each step's loss before its update, one exact number per line.
    func writeLosses(_ history: [Trainer.Step], to path: String) throws(CommandFailure) {
        try OutputWriter.write(
            Array(history.map { NumberFormat.exact($0.loss) + "\n" }.joined().utf8), to: path, timeout: output.timeout)
    }

    /// `--loss-plot`: loss and accuracy per step.
    func drawLossPlot(_ history: [Trainer.Step], title: String, to path: String) throws(CommandFailure) {
        let deadline = DrawingDeadline(seconds: output.timeout, what: "the loss plot")
        let dot = TrainingPlot.dot(losses: history.map(\.loss), accuracies: history.map(\.accuracy), title: title)
        try writePlot(dot, to: path, deadline: deadline)
    }

    /// `--boundary`: the model's scores over the data's plane (NeuralNet), drawn by Plots.
    func drawBoundary(model: NeuralNet.MLP, data: Dataset, to path: String) throws(CommandFailure) {
        let deadline = DrawingDeadline(seconds: output.timeout, what: "the decision boundary")
        defer { deadline.finish() }
        let boundary: DecisionBoundary
        do { boundary = try DecisionBoundary(model: model, data: data) } catch {
            throw Self.failure(error)
        }
        let title = "Decision boundary after \(NumberText.count(steps, "step"))"
        let dot =
            boundary.outputCount > 1
            ? BoundaryPlot.dot(
                classes: boundary.classes, confidence: boundary.scores, classCount: boundary.outputCount,
                xRange: boundary.xRange, yRange: boundary.yRange, points: boundary.points, title: title)
            : BoundaryPlot.dot(
                scores: boundary.scores, xRange: boundary.xRange, yRange: boundary.yRange, points: boundary.points,
                title: title)
        try writePlot(dot, to: path, deadline: deadline)
    }

    /// Why `--boundary` cannot be drawn on `data`, as a usage error.
    static func failure(_ problem: DecisionBoundary.Problem) -> CommandFailure {
        switch problem {
        case .notTwoFeatures(let count):
            CommandFailure("--boundary needs data with two features; this data has \(count)", exitCode: .usage)
        case .nonFiniteData:
            CommandFailure(
                "--boundary needs finite data (below 1e300): this data has a non-finite or overflowing feature",
                exitCode: .usage)
        }
    }

    /// Usage errors that depend on the data or the model, found before training rather than
    /// after it: `--boundary` on data it cannot draw, a `--focus` name the sample graph does
    /// not have (or the loss does not depend on).
    func checkBeforeTraining(model: NeuralNet.MLP, setup: Setup) throws(CommandFailure) {
        if boundary != nil {
            do { _ = try DecisionBoundary.plane(of: setup.data) } catch { throw Self.failure(error) }
        }
        if let focus, output.out != nil || output.format != nil, resolvedView == .sample {
            // The sample graph's names and paths are the same for every sample and any weights.
            defer { model.resetGraph() }
            do {
                _ = try model.picture(
                    .sample, data: setup.data, loss: setup.recipe.loss, l2: setup.recipe.l2, sample: 0, focus: focus,
                    maxNodes: maxNodes)
            } catch {
                throw CommandFailure("--focus \(focus): \(error)", exitCode: .usage)
            }
        }
    }

    /// `--out`: the picture of `--view` (NeuralNet chooses and folds it), drawn in the format
    /// asked for.
    ///
    /// `batch`: the last training step's minibatch, which the loss view draws.
    func drawView(model: NeuralNet.MLP, setup: Setup, batch: [Int]?) throws(CommandFailure) {
        let (format, destination) = output.resolved
        let view = resolvedView.picture ?? .sample
        if view == .neurons && (format == .json || format == .table) {
            throw CommandFailure(
                "--view neurons is drawn as svg, png, pdf or dot; json and table are for the sample and loss views",
                exitCode: .usage)
        }
        let picture: MLPPicture
        do {
            picture = try model.picture(
                view, data: setup.data, loss: setup.recipe.loss, l2: setup.recipe.l2, sample: sample.map { $0 - 1 },
                focus: focus, maxNodes: maxNodes, batch: batch)
        } catch {
            throw CommandFailure("--focus \(focus ?? ""): \(error)", exitCode: .usage)
        }
        if let note = picture.note { Diagnostics.note(note) }
        if neuronsChosenForPNG {
            Diagnostics.note(
                "drew the neurons view: a PNG of a sample's whole graph is too big to read; --view sample draws it, best as .svg or .html"
            )
        }
        switch picture.content {
        case .network(let network):
            let deadline = DrawingDeadline(seconds: output.timeout, what: "the neurons view")
            defer { deadline.finish() }
            let dot = DotExport.dot(for: network, options: DotExport.Options(rankDirection: output.rankdir))
            var bytes = try GraphOutput.bytes(
                forDOT: dot, format: format, nodeCount: picture.nodeCount, deadline: deadline,
                memoryLimit: output.memoryLimit, fewerValues: "--max-nodes")
            if format == .html {
                let page = HTMLViewer.page(
                    svg: String(decoding: bytes, as: UTF8.self), title: picture.title,
                    details: DotExport.details(for: network),
                    legend: DotExport.networkLegend)
                bytes = Array(page.utf8)
            }
            try OutputWriter.write(bytes, to: destination, timeout: output.timeout)
        case .graph(let snapshot):
            let options = output.dotOptions(
                for: snapshot, title: picture.title, clustersByPlace: picture.clustersByPlace)
            try OutputWriter.write(
                try GraphOutput.bytes(
                    for: snapshot, format: format, options: options, timeout: output.timeout,
                    fewerValues: "--max-nodes, --focus", memoryLimit: output.memoryLimit),
                to: destination, timeout: output.timeout)
        }
    }
}
