import Autograd
import DotExport
import ExpressionLanguage
import Foundation
import GraphChecks
import GraphImport
import GraphModel
import NeuralNet

/// What the fuzzers feed arbitrary bytes into: the readers of user input, each followed
/// by the work that runs on what it accepted (backward, checks, DOT and JSON export), so a
/// bad graph that slips through a reader is caught downstream too; and `mlp`, the option
/// space of `gradviz mlp` (bytes read as a combination of options, see `MlpFuzzCase`).
public enum FuzzTarget: String, CaseIterable, Sendable {
    case expression, json, csv, dot, mlp
    /// Valid DOT generated from the bytes (``DotSample``), read by gradviz's reader and by
    /// Graphviz's: both must read the same graph.
    case dotDifferential = "dot-differential"

    /// Runs the target on one input.
    ///
    /// Returns normally for every input; a crash, a hang or a sanitizer report is a finding.
    public func run(_ bytes: UnsafeRawBufferPointer) {
        switch self {
        case .expression:
            let text = String(decoding: bytes, as: UTF8.self)
            guard let evaluation = try? ExpressionProgram.evaluate(text) else { return }
            evaluation.root.backward()
            let snapshot = evaluation.root.snapshot()
            _ = DotExport.dot(for: snapshot.collapsingSums())
            let json = snapshot.jsonText()
            guard let reread = try? GraphFile(data: Data(json.utf8)) else {
                preconditionFailure("gradviz could not read its own JSON:\n\(json)")
            }
            precondition(reread.snapshot.nodes.count == snapshot.nodes.count, "the JSON round trip lost nodes")
            if snapshot.nodes.count <= 64 { _ = GradientCheck(snapshot: snapshot) }
        case .json:
            guard let file = try? GraphFile(data: Data(bytes)) else { return }
            _ = Verification(snapshot: file.snapshot)
            _ = DotExport.dot(for: file.snapshot)
            _ = file.snapshot.jsonText()
            // The naive recursion is exponential: re-enact it only within the command's budget.
            if BackwardRun.recursiveVisitCount(file.snapshot) <= 1_000_000 {
                _ = BackwardRun(snapshot: file.snapshot, data: file.snapshot.nodes.map(\.data), bug: .recursive)
            }
        case .dot:
            // draw_dot-style DOT: gradviz's DOT reader, then its interpretation, the
            // rounding-aware check, a summary and DOT export of what was read.
            let text = String(decoding: bytes, as: UTF8.self)
            guard let graph = try? DrawDotGraph.read(text) else { return }
            let verification = Verification(snapshot: graph.snapshot, printed: graph.printed)
            let focus = verification.mismatches.map(\.id)
            let picture = graph.snapshot.fitted(maximumNodes: 16, focus: focus)?.snapshot ?? graph.snapshot
            _ = DotExport.dot(for: picture)
            _ = graph.snapshot.jsonText()
        case .csv:
            let text = String(decoding: bytes, as: UTF8.self)
            guard let dataset = try? Dataset(csv: text), dataset.featureCount <= 16, dataset.count <= 64 else { return }
            var generator = SeededGenerator(seed: 1)
            let model = MLP(inputs: dataset.featureCount, layerSizes: [2, 1], generator: &generator)
            var trainer = Trainer(
                model: model, data: dataset, loss: .meanSquaredError, l2: 0, schedule: .constant(0.01))
            _ = trainer.step()
        case .mlp:
            MlpFuzzCase(bytes).run()
        case .dotDifferential:
            let text = DotSample.text(from: Array(bytes))
            if let difference = DotSample.difference(readingBoth: text) {
                preconditionFailure("gradviz's DOT reader and cgraph differ: \(difference)\n\(text)")
            }
        }
    }

    /// The target named by `GRADVIZ_FUZZ_TARGET` (default: expression).
    public static var fromEnvironment: FuzzTarget {
        ProcessInfo.processInfo.environment["GRADVIZ_FUZZ_TARGET"].flatMap(FuzzTarget.init(rawValue:)) ?? .expression
    }
}
