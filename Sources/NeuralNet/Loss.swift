public import Autograd
import GraphModel

/// What training minimises.
public enum Loss: String, CaseIterable, Sendable {
    /// SVM max-margin: mean of `relu(1 - y * score)` over the samples (micrograd's demo).
    case hinge
    /// Mean squared error: mean of `(score - y) ** 2`.
    case meanSquaredError = "mse"
    /// Softmax cross-entropy over several outputs (one per class), targets class indices:
    /// mean of `log Σ exp(z − max) − (z_y − max)`, built from the graph's own operations so
    /// pictures show every step (the max shift is a subtraction of a constant).
    case crossEntropy = "cross-entropy"

    /// The learning rate `gradviz mlp` starts from with this loss when `--lr` is not given:
    /// micrograd's demo rate for the hinge loss (1.0), its lecture's for the squared error
    /// (0.05; its gradient grows with the error, so a large rate diverges on unscaled data).
    public var defaultLearningRate: Double {
        switch self {
        case .hinge: 1.0
        case .meanSquaredError: 0.05
        case .crossEntropy: 0.2
        }
    }

    /// Whether the loss reads every output of the network (one per class) rather than the
    /// first one.
    public var usesEveryOutput: Bool { self == .crossEntropy }
}

/// The graph of one training step's loss.
public struct LossGraph {
    /// Tape id of the total loss (data loss plus regularisation).
    public let total: Int32
    /// Tape id of each sample's score (the network's first output).
    public let scores: [Int32]
    /// Fraction of samples whose score has the sign of their target (with cross-entropy:
    /// whose largest output is their class).
    public let accuracy: Double
    /// Tape ids of each sample's loss term.
    public let sampleLosses: [Int32]
    /// The nodes each sample's network evaluation and loss term occupy on the tape.
    public let sampleRanges: [Range<Int32>]
    /// With `captureActivations`: for each sample, each layer's outputs (tape ids).
    public let activations: [[[Int32]]]
    /// Tape ids of the mean data loss and of the regularisation sum `Σ p²` (if any).
    public let dataLoss: Int32
    public let squareSum: Int32?
}

extension MLP {
    /// One sample's loss term on the tape: `relu(1 - y * score)` or `(score - y) ** 2`; with
    /// cross-entropy, the score alone is a single class (see ``lossTerm(outputs:target:loss:)``).
    @inlinable
    public func lossTerm(score: Int32, target: Double, loss: Loss) -> Int32 {
        switch loss {
        case .hinge:
            // micrograd: (1 + -yi*scorei).relu(), i.e. relu((score * -y) + 1)
            let margin = tape.apply(.multiply, score, tape.leaf(-target))
            return tape.apply(.relu, tape.apply(.add, margin, tape.leaf(1)))
        case .meanSquaredError:
            let error = tape.apply(.subtract, score, tape.leaf(target))
            return tape.apply(.power, error, exponent: 2)
        case .crossEntropy:
            return crossEntropyTerm(logits: [score], target: 0)
        }
    }

    /// One sample's loss term from all the network's outputs: cross-entropy reads each, the
    /// other losses the first.
    @inlinable
    public func lossTerm(outputs: [Int32], target: Double, loss: Loss) -> Int32 {
        loss == .crossEntropy
            ? crossEntropyTerm(logits: outputs, target: Self.classIndex(target, of: outputs.count))
            : lossTerm(score: outputs[0], target: target, loss: loss)
    }

    /// A target read as a class index (``Dataset/preparedTargets(for:outputs:)`` makes them so).
    @usableFromInline
    static func classIndex(_ target: Double, of count: Int) -> Int {
        precondition(
            target >= 0 && target < Double(count) && target == target.rounded(),
            "target \(target) is not a class index below \(count)")
        return Int(target)
    }

    /// Softmax cross-entropy of one sample, `-log softmax(z)[target]`, as graph operations: a
    /// constant leaf `max` (the largest logit's value, so no `exp` overflows), `z − max` for
    /// each logit, `exp` of each, their sum, its `log`, minus the target's shifted logit.
    ///
    /// The shift cancels in the gradient (`softmax − one-hot`), so it is a constant, not an
    /// operation with a gradient of its own. `labelled` names the pieces for pictures.
    public func crossEntropyTerm(logits: [Int32], target: Int, labelled: Bool = false) -> Int32 {
        precondition(logits.indices.contains(target), "class \(target) of \(logits.count) outputs")
        var largest = tape.data(logits[0])
        for logit in logits.dropFirst() where !(tape.data(logit) <= largest) { largest = tape.data(logit) }
        let shift = tape.leaf(largest)
        var shifted: [Int32] = []
        shifted.reserveCapacity(logits.count)
        var sum: Int32 = -1
        for logit in logits {
            let difference = tape.apply(.subtract, logit, shift)
            shifted.append(difference)
            let exponential = tape.apply(.exp, difference)
            sum = sum < 0 ? exponential : tape.apply(.add, sum, exponential)
        }
        let logSum = tape.apply(.log, sum)
        if labelled {
            tape.setLabel(shift, "max")
            tape.setLabel(sum, "Σ exp")
            tape.setLabel(logSum, "log Σ exp")
        }
        return tape.apply(.subtract, logSum, shifted[target])
    }

    /// The index of the largest output (the first of equals; NaN never wins).
    public func predictedClass(_ outputs: [Int32]) -> Int {
        var best = 0
        for index in outputs.indices.dropFirst() where tape.data(outputs[index]) > tape.data(outputs[best]) {
            best = index
        }
        return best
    }

    /// One sample's loss term from the network's outputs, its score (the first output) and
    /// whether it is classified right: by sign, or with cross-entropy by the largest output.
    @inline(__always)
    func sampleLoss(_ outputs: [Int32], target: Double, loss: Loss) -> (term: Int32, score: Int32, isCorrect: Bool) {
        let score = outputs[0]
        guard loss.usesEveryOutput else {
            return (lossTerm(score: score, target: target, loss: loss), score, (target > 0) == (tape.data(score) > 0))
        }
        let index = Self.classIndex(target, of: outputs.count)
        return (crossEntropyTerm(logits: outputs, target: index), score, predictedClass(outputs) == index)
    }

    /// Builds the loss over `data` on the model's tape, exactly as micrograd's demo does
    /// (same operations in the same order, so the numbers match micrograd's to the last bit),
    /// plus `l2 * Σ p²` over the parameters when `l2` is not zero.
    public func lossGraph(
        on data: Dataset, loss: Loss, l2: Double, recordPlaces: Bool = false, captureActivations: Bool = false
    ) -> LossGraph {
        precondition(
            data.featureCount == inputCount, "the model takes \(inputCount) features, the data has \(data.featureCount)"
        )
        var scores: [Int32] = []
        scores.reserveCapacity(data.count)
        var losses: [Int32] = []
        losses.reserveCapacity(data.count)
        var correct = 0
        var inputIDs = [Int32](repeating: 0, count: inputCount)
        var ranges: [Range<Int32>] = []
        var front: [Int32] = []
        var back: [Int32] = []
        var activations: [[[Int32]]] = []
        for (row, target) in zip(data.inputs, data.targets) {
            let start = Int32(tape.count)
            for index in 0..<inputCount { inputIDs[index] = tape.leaf(row[index]) }
            let sample: (term: Int32, score: Int32, isCorrect: Bool)
            if captureActivations {
                var layerOutputs: [[Int32]] = []
                var current = inputIDs
                for layer in layers {
                    current = layer(current, on: tape, recordPlaces: recordPlaces)
                    layerOutputs.append(current)
                }
                activations.append(layerOutputs)
                sample = sampleLoss(current, target: target, loss: loss)
            } else {
                // Two buffers, swapped layer by layer, reused for every sample.
                layers[0].apply(inputIDs, on: tape, into: &front, recordPlaces: recordPlaces)
                for layer in layers.dropFirst() {
                    layer.apply(front, on: tape, into: &back, recordPlaces: recordPlaces)
                    swap(&front, &back)
                }
                sample = sampleLoss(front, target: target, loss: loss)
            }
            scores.append(sample.score)
            losses.append(sample.term)
            if sample.isCorrect { correct += 1 }
            ranges.append(start..<Int32(tape.count))
        }
        // Python's sum() starts from 0; then `* (1.0 / n)`.
        var sum = tape.leaf(0)
        for item in losses { sum = tape.apply(.add, sum, item) }
        let dataLoss = tape.apply(.multiply, sum, tape.leaf(1.0 / Double(data.count)))
        var total = dataLoss
        var squareSum: Int32?
        if l2 != 0 {
            var squares = tape.leaf(0)
            for parameter in parameterIDs {
                squares = tape.apply(.add, squares, tape.apply(.multiply, parameter, parameter))
            }
            squareSum = squares
            total = tape.apply(.add, total, tape.apply(.multiply, squares, tape.leaf(l2)))
        }
        return LossGraph(
            total: total, scores: scores, accuracy: Double(correct) / Double(data.count), sampleLosses: losses,
            sampleRanges: ranges, activations: activations, dataLoss: dataLoss, squareSum: squareSum)
    }
}
