public import Autograd
import GraphModel

/// What training minimises.
public enum Loss: String, CaseIterable, Sendable {
    /// SVM max-margin: mean of `relu(1 - y * score)` over the samples (micrograd's demo).
    case hinge
    /// Mean squared error: mean of `(score - y) ** 2`.
    case meanSquaredError = "mse"
}

/// The graph of one training step's loss.
public struct LossGraph {
    /// Tape id of the total loss (data loss plus regularisation).
    public let total: Int32
    /// Tape id of each sample's score (the network's first output).
    public let scores: [Int32]
    /// Fraction of samples whose score has the sign of their target.
    public let accuracy: Double
}

extension MLP {
    /// Builds the loss over `data` on the model's tape, exactly as micrograd's demo does
    /// (same operations in the same order, so the numbers match micrograd's to the last bit),
    /// plus `l2 * Σ p²` over the parameters when `l2` is not zero.
    public func lossGraph(on data: Dataset, loss: Loss, l2: Double, recordPlaces: Bool = false) -> LossGraph {
        precondition(data.featureCount == inputCount, "the model takes \(inputCount) features, the data has \(data.featureCount)")
        var scores: [Int32] = []
        scores.reserveCapacity(data.count)
        var losses: [Int32] = []
        losses.reserveCapacity(data.count)
        var correct = 0
        var inputIDs = [Int32](repeating: 0, count: inputCount)
        for (row, target) in zip(data.inputs, data.targets) {
            for index in 0..<inputCount { inputIDs[index] = tape.leaf(row[index]) }
            let score = self(inputIDs, recordPlaces: recordPlaces)[0]
            scores.append(score)
            switch loss {
            case .hinge:
                // micrograd: (1 + -yi*scorei).relu(), i.e. relu((score * -y) + 1)
                let margin = tape.apply(.multiply, score, tape.leaf(-target))
                losses.append(tape.apply(.relu, tape.apply(.add, margin, tape.leaf(1))))
            case .meanSquaredError:
                let error = tape.apply(.subtract, score, tape.leaf(target))
                losses.append(tape.apply(.power, error, exponent: 2))
            }
            if (target > 0) == (tape.data(score) > 0) { correct += 1 }
        }
        // Python's sum() starts from 0; then `* (1.0 / n)`.
        var sum = tape.leaf(0)
        for item in losses { sum = tape.apply(.add, sum, item) }
        var total = tape.apply(.multiply, sum, tape.leaf(1.0 / Double(data.count)))
        if l2 != 0 {
            var squares = tape.leaf(0)
            for parameter in parameterIDs { squares = tape.apply(.add, squares, tape.apply(.multiply, parameter, parameter)) }
            total = tape.apply(.add, total, tape.apply(.multiply, squares, tape.leaf(l2)))
        }
        return LossGraph(total: total, scores: scores, accuracy: Double(correct) / Double(data.count))
    }
}
