import ArgumentParser
import NeuralNet

extension Gradviz.MLP {
    /// Most training steps (each step's loss and accuracy are kept for the plot).
    static let maximumSteps = 1_000_000
    /// Most nodes of the training graph (the loss over every sample, rebuilt each step): 32
    /// bytes each, so at most 640 MB of tape.
    static let maximumGraphNodes = 20_000_000
    /// Most bytes of a weights file (a 20,000,000-node model has fewer parameters than this
    /// file has room for at ~25 bytes a number).
    static let maximumWeightsBytes = 256 << 20
    /// Most bytes of a CSV file for --data (a million rows, the most a dataset holds, of a
    /// few hundred bytes each).
    static let maximumDataBytes = 512 << 20

    /// `--layers` read as sizes: positive, at most 1000 layers (the last is the output).
    static func parseLayers(_ text: String) throws -> [Int] {
        let shown = text.count > 60 ? String(text.prefix(60)) + "…" : text
        let sizes = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingWhitespace()) }
        guard !sizes.isEmpty, sizes.allSatisfy({ ($0 ?? 0) > 0 }) else {
            throw ValidationError("--layers '\(shown)': expected positive sizes separated by commas, such as 16,16,1")
        }
        guard sizes.count <= 1_000, sizes.allSatisfy({ ($0 ?? 0) <= maximumGraphNodes }) else {
            throw ValidationError("--layers '\(shown)': at most 1000 layers of at most \(maximumGraphNodes) neurons")
        }
        return sizes.compactMap { $0 }
    }

    /// Refuses a model and data whose training graph would pass ``maximumGraphNodes``, before
    /// anything is allocated.
    static func checkGraphSize(inputs: Int, layers: [Int], samples: Int, loss: Loss) throws(CommandFailure) {
        let size = TrainingGraphSize(inputs: inputs, layers: layers, samples: samples, loss: loss)
        guard size.nodes > maximumGraphNodes else { return }
        let count = size.nodes == Int.max ? "more than \(Int.max)" : "about \(size.nodes)"
        let parameterCount = size.parameters == Int.max ? "more than \(Int.max)" : "\(size.parameters)"
        throw CommandFailure(
            "an MLP with \(inputs) inputs and layers \(layers.map(String.init).joined(separator: ",")) (\(parameterCount) parameters) on \(samples) samples makes a training graph of \(count) nodes; gradviz trains graphs of up to \(maximumGraphNodes) nodes: use fewer samples or smaller layers",
            exitCode: .usage)
    }
}
