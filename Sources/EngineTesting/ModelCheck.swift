import GraphModel
import NeuralNet

/// A user's micrograd-style MLP judged against gradviz's loaded with the same weights: one
/// verdict (``kind``) and one sentence a learner understands, with detail lines under it.
///
/// The checks go from the structural to the numeric, and the first that fits is the verdict,
/// because a structural bug makes every number after it wrong and only its own sentence says
/// what to fix (the Go write-up's three: a dropped `act + w*x`, a layer not fed the previous
/// layer's outputs, parameters handed out as copies):
/// 1. `parameters()` returns another number of values than the architecture has;
/// 2. the model returns another number of outputs;
/// 3. every sample gives the same output (the output ignores the inputs);
/// 4. a layer none of whose parameters reach the loss, before one whose do (not fed);
/// 5. the objects `parameters()` returns are not in the loss graph, though the model
///    computes the right outputs (copies: their grads stay 0);
/// 6. parameters that never reach the loss;
/// 7. outputs that differ (the first sample, and the first layer when the layers can be
///    called one by one); 8. the loss; 9. the gradients.
///
/// The loss graph's size is compared as a ratio: engines build operations with different
/// numbers of values (a native `-` is one node, micrograd's `a + (-b)` two), so a size alone
/// is a note, and it leads the sentence only with a structural bug that explains it.
public struct ModelCheck: Sendable {
    public enum Kind: String, Sendable {
        case same
        case parameterCount = "parameter-count"
        case outputCount = "output-count"
        case sameOutput = "same-output"
        case layerNotFed = "layer-not-fed"
        case copies
        case unreachedParameters = "unreached-parameters"
        case outputs
        case loss
        case gradients
    }

    public let observation: ModelObservation
    /// gradviz's numbers, or `nil` when the weights could not be lined up with the model.
    public let reference: ModelReference?
    public private(set) var kind = Kind.same
    public private(set) var sentence = ""
    public private(set) var details: [String] = []
    /// Something worth knowing that is not a difference (the loss graph's size).
    public private(set) var note: String?

    public var isSame: Bool { kind == .same }

    /// Checks `observation` (already validated: see ``ModelObservation/validate()``).
    public init(_ observation: ModelObservation) {
        self.observation = observation
        let count = observation.parameterCount
        let weights = observation.neurons?.data ?? observation.parameters.data
        reference = weights.count == count ? ModelReference(observation: observation, weights: weights) : nil
        diagnose()
    }

    // MARK: - Tolerance

    /// Relative agreement required of a number.
    ///
    /// A micrograd-semantics engine gives gradviz's numbers to the bit (same operations in the
    /// same order). A correct engine that orders or writes them otherwise (`sum(w*x) + b` instead
    /// of `b + sum(w*x)`, a native `-`, tanh through `exp`, gradients summed in set order) rounds
    /// differently: a sum of `n` terms reassociated errs by at most about `n·ε·Σ|terms|`, and
    /// through a micrograd-size network (tens of inputs per neuron, a few layers, a loss over a
    /// few samples) that stays under `10³·ε ≈ 2·10⁻¹³` of the numbers' scale. `10⁻⁹` leaves a
    /// margin of thousands over that, while every structural or rule bug changes a number by a
    /// sizeable fraction of itself.
    public static let relativeTolerance = 1e-9
    /// The absolute floor, as a fraction of the largest number of the group compared (all
    /// outputs, or all gradients, at least 1): a result that cancels to nearly 0 (a gradient
    /// `0.3 − 0.3`) carries the rounding of its terms, not of itself, so it is judged against
    /// the group's scale; `10⁻¹²` is still ~5000 ulps of that scale.
    public static let absoluteFloor = 1e-12

    /// Whether `found` agrees with `expected` in a group whose largest magnitude is `scale`.
    public static func agrees(_ found: Double, _ expected: Double, scale: Double) -> Bool {
        if found.isNaN || expected.isNaN { return found.isNaN && expected.isNaN }
        if found.isInfinite || expected.isInfinite { return found == expected }
        let floor = absoluteFloor * max(1, scale.isFinite ? scale : 1)
        return abs(found - expected) <= relativeTolerance * abs(expected) + floor
    }

    private static func scale(_ numbers: [Double]) -> Double {
        numbers.reduce(0) { $1.isFinite ? max($0, abs($1)) : $0 }
    }

    // MARK: - Places

    /// Where parameter `index` (micrograd's order) sits, as Python reads it:
    /// `model.layers[1].neurons[4].w[2]` or `model.layers[1].neurons[4].b`.
    public static func place(of index: Int, inputs: Int, layers: [Int]) -> String {
        var remaining = index
        var fanIn = inputs
        for (layer, width) in layers.enumerated() {
            let size = (fanIn + 1) * width
            if remaining < size {
                let neuron = remaining / (fanIn + 1)
                let part = remaining % (fanIn + 1)
                let tail = part == fanIn ? "b" : "w[\(part)]"
                return "model.layers[\(layer)].neurons[\(neuron)].\(tail)"
            }
            remaining -= size
            fanIn = width
        }
        return "parameter \(index)"
    }

    private func place(_ index: Int) -> String {
        Self.place(of: index, inputs: observation.inputs, layers: observation.layers)
    }

    /// The parameter indices of each layer.
    private var layerRanges: [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        for (fanIn, width) in zip([observation.inputs] + observation.layers, observation.layers) {
            ranges.append(start..<(start + (fanIn + 1) * width))
            start += (fanIn + 1) * width
        }
        return ranges
    }

    // MARK: - Diagnosis

    private mutating func diagnose() {
        let observation = self.observation
        let count = observation.parameterCount
        let architecture = observation.architectureText
        guard let reference else {
            verdict(
                .parameterCount,
                "parameters() returns \(observation.parameters.count) values, but \(architecture) has \(count)",
                ["micrograd's order: layer by layer, neuron by neuron, each neuron's weights then its bias"])
            return
        }
        let outputWidth = observation.layers.last ?? 0
        if let wrong = observation.samples.firstIndex(where: { $0.outputs.count != outputWidth }) {
            let got = observation.samples[wrong].outputs.count
            verdict(
                .outputCount,
                "the model returns \(got) output\(got == 1 ? "" : "s") for sample \(wrong + 1), but \(architecture) has \(outputWidth)"
            )
            return
        }

        // What reaches the loss: the values the forward pass used when the model exposes its
        // neurons, else the objects parameters() returned.
        let leaves = observation.neurons ?? observation.parameters
        let unreached = leaves.inLossGraph.indices.filter { !leaves.inLossGraph[$0] }
        let outputScale = Self.scale(reference.outputs.flatMap { $0 })
        let outputsAgree = zip(observation.samples, reference.outputs).allSatisfy { sample, expected in
            zip(sample.outputs, expected).allSatisfy { Self.agrees($0, $1, scale: outputScale) }
        }
        let sizeLine =
            "the loss graph holds \(observation.lossNodes) values; micrograd's \(architecture) builds \(reference.lossNodes) for the same \(observation.samples.count) samples and loss"

        // 3. Every sample the same.
        if observation.samples.count > 1 {
            let first = observation.samples[0].outputs
            let allSame = observation.samples.allSatisfy {
                zip($0.outputs, first).allSatisfy { Self.agrees($0, $1, scale: outputScale) }
            }
            let expectedSame = reference.outputs.allSatisfy {
                zip($0, reference.outputs[0]).allSatisfy { Self.agrees($0, $1, scale: outputScale) }
            }
            if allSame && !expectedSame {
                var lines = [
                    "with the same weights gradviz's MLP gives each sample its own: "
                        + numbers(reference.outputs.map { $0.first ?? 0 })
                ]
                lines.append(contentsOf: sameOutputCause(unreached: unreached))
                verdict(
                    .sameOutput,
                    "every sample gives the same output (\(numbers(first))): the output ignores the inputs", lines)
                return
            }
        }

        // 4. A layer not fed the previous layer's outputs.
        let ranges = layerRanges
        let reachedPerLayer = ranges.map { range in range.filter { leaves.inLossGraph[$0] }.count }
        if let fed = (1..<max(1, ranges.count)).reversed().first(where: {
            reachedPerLayer[$0 - 1] == 0 && reachedPerLayer[$0] > 0
        }) {
            let cause = "layer \(fed + 1) is not fed layer \(fed)'s outputs"
            let found = observation.lossNodes
            let expected = reference.lossNodes
            let sentence: String
            if found > 0 && found <= expected / 2 {
                sentence =
                    "the loss graph has 1/\(Int((Double(expected) / Double(found)).rounded())) of the nodes it should (\(cause))"
            } else {
                sentence = "\(cause): none of layer \(fed)'s \(ranges[fed - 1].count) parameters reach the loss"
            }
            verdict(
                .layerNotFed, sentence,
                [
                    sizeLine, unreachedLine(unreached),
                    "check the model's __call__: each layer must take the previous layer's outputs (x = layer(x))",
                ])
            return
        }

        // 5. parameters() hands out copies.
        let parameters = observation.parameters
        if parameters.count == count {
            let notInGraph = parameters.inLossGraph.indices.filter { !parameters.inLossGraph[$0] }
            let usedOtherwise =
                observation.neurons.map { neurons in notInGraph.allSatisfy { neurons.inLossGraph[$0] } } ?? outputsAgree
            if !notInGraph.isEmpty && usedOtherwise {
                let allZero = notInGraph.allSatisfy { parameters.grads[$0] == 0 }
                let who =
                    notInGraph.count == count ? "the model's parameters" : "\(notInGraph.count) of \(count) parameters"
                let sentence =
                    allZero
                    ? "backward ran but \(who) kept grad 0 (the graph holds copies)"
                    : "\(who) returned by parameters() are not the values the model computes with (the graph holds copies)"
                var lines = [
                    "parameters() returns values that are not the ones the forward pass used, so an update p.data -= lr * p.grad never changes the model"
                ]
                if notInGraph.count < count { lines.append("first: \(place(notInGraph[0]))") }
                if let neurons = observation.neurons {
                    let gradScale = Self.scale(reference.grads)
                    if zip(neurons.grads, reference.grads).allSatisfy({ Self.agrees($0, $1, scale: gradScale) }) {
                        lines.append(
                            "the values in the neurons (layers[i].neurons[j].w and .b) did get the right gradients")
                    }
                }
                verdict(.copies, sentence, lines)
                return
            }
        }

        // 6. Parameters that never reach the loss.
        if !unreached.isEmpty {
            var lines = [unreachedLine(unreached)]
            if let difference = firstOutputDifference(reference, scale: outputScale) {
                lines.append(difference.sentence)
            }
            verdict(
                .unreachedParameters,
                "\(unreached.count) of \(count) parameters never reach the loss", lines)
            return
        }

        // 7. Outputs.
        if let difference = firstOutputDifference(reference, scale: outputScale) {
            verdict(.outputs, difference.sentence, difference.details)
            return
        }

        // 8. The loss.
        if !Self.agrees(observation.loss, reference.loss, scale: abs(reference.loss)) {
            verdict(
                .loss,
                "the outputs are right but the loss is \(NumberFormat.exact(observation.loss)) where it should be \(NumberFormat.exact(reference.loss))",
                [
                    "the loss is Σ (output − target) * (output − target): one of -, * or + gives a wrong number (gradviz.test_engine(Value) finds which)"
                ])
            return
        }

        // 9. Gradients (those of parameters(): what a training loop uses).
        let grads = parameters.count == count ? parameters.grads : leaves.grads
        let gradScale = Self.scale(reference.grads)
        let differing = grads.indices.filter { !Self.agrees(grads[$0], reference.grads[$0], scale: gradScale) }
        if let first = differing.first {
            if grads.allSatisfy({ $0 == 0 }) {
                verdict(
                    .gradients,
                    "every parameter's grad is still 0 after loss.backward(): the gradient never flows back to them",
                    ["the outputs and the loss are right, so the forward pass is; look at backward()"])
            } else {
                verdict(
                    .gradients,
                    "\(differing.count) of \(count) gradients differ, first \(place(first)): \(NumberFormat.exact(grads[first])) where it should be \(NumberFormat.exact(reference.grads[first]))",
                    [
                        "the outputs and the loss are right, so the forward pass is; a backward rule is wrong (gradviz.test_engine(Value) names it)"
                    ])
            }
            return
        }

        sentence =
            "your model agrees with gradviz's \(architecture): the outputs on \(observation.samples.count) sample\(observation.samples.count == 1 ? "" : "s"), the loss and all \(count) gradients"
        if observation.lossNodes != reference.lossNodes {
            note =
                "\(sizeLine) (engines that build an operation from other values differ in size; nothing else differs)"
        }
    }

    private mutating func verdict(_ kind: Kind, _ sentence: String, _ details: [String] = []) {
        self.kind = kind
        self.sentence = sentence
        self.details = details
    }

    // MARK: - Sentences

    private func numbers(_ values: [Double]) -> String {
        values.map(NumberFormat.exact).joined(separator: ", ")
    }

    /// Why every output is the same, from what reaches the loss.
    private func sameOutputCause(unreached: [Int]) -> [String] {
        guard !unreached.isEmpty else { return [] }
        let ranges = layerRanges
        var weights = 0
        var biases = 0
        for (range, fanIn) in zip(ranges, [observation.inputs] + observation.layers) {
            for index in range where (index - range.lowerBound) % (fanIn + 1) != fanIn {
                weights += 1
                if !unreached.contains(index) { return [unreachedLine(unreached)] }
            }
            biases += range.count / (fanIn + 1)
        }
        // No weight reaches the loss.
        if unreached.count == weights + biases { return [unreachedLine(unreached)] }
        return [
            "no weight reaches the loss, only \(weights + biases - unreached.count) of the \(biases) biases: each neuron computes act + wi*xi but drops the result (write act = act + wi*xi), so a neuron's output is its bias"
        ]
    }

    /// `36 of 41 parameters never reach the loss: all of layer 1 (16), …`.
    private func unreachedLine(_ unreached: [Int]) -> String {
        guard !unreached.isEmpty else { return "every parameter reaches the loss" }
        var parts: [String] = []
        var scattered: [Int] = []
        for (layer, range) in layerRanges.enumerated() {
            let missing = unreached.filter { range.contains($0) }
            if !missing.isEmpty && missing.count == range.count {
                parts.append("all of layer \(layer + 1)'s \(range.count)")
            } else {
                scattered += missing
            }
        }
        parts += scattered.prefix(3).map(place)
        if scattered.count > 3 { parts.append("and \(scattered.count - 3) more") }
        return "\(unreached.count) of \(observation.parameterCount) parameters never reach the loss: "
            + parts.joined(separator: ", ")
    }

    private struct OutputDifference {
        var sentence: String
        var details: [String]
    }

    private func firstOutputDifference(_ reference: ModelReference, scale: Double) -> OutputDifference? {
        for (sampleIndex, sample) in observation.samples.enumerated() {
            let expected = reference.outputs[sampleIndex]
            guard
                let output = sample.outputs.indices.first(where: {
                    !Self.agrees(sample.outputs[$0], expected[$0], scale: scale)
                })
            else { continue }
            let which = sample.outputs.count == 1 ? "the output" : "output \(output + 1)"
            let sentence =
                "the outputs differ at sample \(sampleIndex + 1): \(which) is \(NumberFormat.exact(sample.outputs[output])) where it should be \(NumberFormat.exact(expected[output]))"
            return OutputDifference(sentence: sentence, details: layerDetail(sampleIndex, reference: reference))
        }
        return nil
    }

    /// The first layer whose outputs differ when the layers are called one by one.
    private func layerDetail(_ sampleIndex: Int, reference: ModelReference) -> [String] {
        let expected = reference.layerOutputs[sampleIndex]
        guard let found = observation.samples[sampleIndex].layerOutputs, found.count == expected.count,
            zip(found, expected).allSatisfy({ $0.count == $1.count })
        else { return [] }
        let scale = Self.scale(expected.flatMap { $0 })
        for (layer, (mine, right)) in zip(found, expected).enumerated() {
            guard let neuron = mine.indices.first(where: { !Self.agrees(mine[$0], right[$0], scale: scale) }) else {
                continue
            }
            return [
                "called layer by layer, layer \(layer + 1) is the first to differ: model.layers[\(layer)].neurons[\(neuron)] gives \(NumberFormat.exact(mine[neuron])) where it should give \(NumberFormat.exact(right[neuron]))"
            ]
        }
        return [
            "called layer by layer, every layer's outputs are right: the model's __call__ does not pass each layer's outputs to the next (x = layer(x))"
        ]
    }
}
