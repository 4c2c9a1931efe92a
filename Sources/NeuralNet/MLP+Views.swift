import Autograd
public import GraphModel

// MARK: - Graphs for looking inside a network

extension MLP {
    /// The forward and backward graph of one sample: inputs `x1…`, every weight, product, sum
    /// and activation (each tagged with its layer and neuron), the score (with cross-entropy,
    /// `score1…scoreK` and the softmax's `max`, `Σ exp`, `log Σ exp`) and the sample's loss
    /// term as the root, after backpropagating from it.
    public func sampleGraph(input: [Double], target: Double, loss: Loss) -> GraphSnapshot {
        resetGraph()
        let inputs = input.enumerated().map { index, value in
            let id = tape.leaf(value)
            tape.setLabel(id, "x\(index + 1)")
            return id
        }
        let outputs = self(inputs, recordPlaces: true)
        let term: Int32
        if loss.usesEveryOutput {
            // One score per class: score1, score2, … (a single output keeps the name score).
            for (index, output) in outputs.enumerated() {
                tape.setLabel(output, outputs.count == 1 ? "score" : "score\(index + 1)")
            }
            term = crossEntropyTerm(
                logits: outputs, target: Self.classIndex(target, of: outputs.count), labelled: true)
        } else {
            tape.setLabel(outputs[0], "score")
            term = lossTerm(score: outputs[0], target: target, loss: loss)
        }
        tape.setLabel(term, "loss")
        zeroGrad()
        tape.backward(from: term)
        let snapshot = tape.snapshot(from: term)
        resetGraph()
        return snapshot
    }

    /// Index of the sample whose loss term is largest (the first of equals).
    public func sampleWithLargestLoss(data: Dataset, loss: Loss) -> Int {
        resetGraph()
        let graph = lossGraph(on: data, loss: loss, l2: 0)
        var best = 0
        for (index, term) in graph.sampleLosses.enumerated() where tape.data(term) > tape.data(graph.sampleLosses[best])
        {
            best = index
        }
        resetGraph()
        return best
    }

    /// One unit per input and neuron with its output on sample `sample` and the gradient of the
    /// whole-batch loss with respect to it; one connection per weight with its gradient.
    ///
    /// ReLU neurons that output zero on every sample are marked dead. `isLargestLoss` says in
    /// the caption that the sample was chosen for its loss.
    public func networkSnapshot(
        data: Dataset, sample: Int, loss: Loss, l2: Double, isLargestLoss: Bool = false
    ) -> NetworkSnapshot {
        resetGraph()
        let graph = lossGraph(on: data, loss: loss, l2: l2, captureActivations: true)
        zeroGrad()
        tape.backward(from: graph.total)
        let row = data.inputs[sample]
        let inputIDs = (0..<inputCount).map { Int32(Int(graph.sampleRanges[sample].lowerBound) + $0) }
        var units: [[NetworkSnapshot.Unit]] = [
            inputIDs.enumerated().map { index, id in
                NetworkSnapshot.Unit(name: "x\(index + 1)", data: row[index], grad: tape.grad(id))
            }
        ]
        var connections: [NetworkSnapshot.Connection] = []
        for (layerIndex, layer) in layers.enumerated() {
            var layerUnits: [NetworkSnapshot.Unit] = []
            for (neuronIndex, neuron) in layer.neurons.enumerated() {
                let output = graph.activations[sample][layerIndex][neuronIndex]
                let dead =
                    neuron.activation == .relu
                    && graph.activations.allSatisfy { tape.data($0[layerIndex][neuronIndex]) == 0 }
                let batchGradient = graph.activations.reduce(0.0) { $0 + abs(tape.grad($1[layerIndex][neuronIndex])) }
                layerUnits.append(
                    NetworkSnapshot.Unit(
                        name: neuron.place.description, activation: neuron.activation.rawValue,
                        data: tape.data(output), grad: tape.grad(output), bias: tape.data(neuron.bias), isDead: dead,
                        batchGradient: batchGradient))
                for (weightIndex, weight) in neuron.weights.enumerated() {
                    connections.append(
                        NetworkSnapshot.Connection(
                            fromLayer: layerIndex, from: weightIndex, to: neuronIndex,
                            name: tape.label(weight) ?? "", weight: tape.data(weight), grad: tape.grad(weight)))
                }
            }
            units.append(layerUnits)
        }
        let features = row.map { NumberFormatShort.text($0) }.joined(separator: ", ")
        let which = "sample \(sample + 1) of \(data.count)" + (isLargestLoss ? " (largest loss)" : "")
        let caption =
            "\(which): x = (\(features)), y = \(NumberFormatShort.text(data.targets[sample])); grads of the loss over all \(data.count) samples"
        resetGraph()
        return NetworkSnapshot(layers: units, connections: connections, caption: caption)
    }

    /// The whole loss graph over the batch, summarised: each sample's network evaluation and
    /// loss term folded into one node, the sum over samples as one n-ary Σ, the L2 sum as one
    /// node.
    ///
    /// With more samples than `maxNodes` allows, consecutive samples are folded into groups;
    /// `note` then says what was folded.
    ///
    /// `indices` names each sample by its place in a larger dataset (a minibatch's samples).
    public func lossSummary(
        data: Dataset, loss: Loss, l2: Double, maxNodes: Int, indices: [Int]? = nil
    ) -> (snapshot: GraphSnapshot, note: String?, fullNodeCount: Int) {
        resetGraph()
        let graph = lossGraph(on: data, loss: loss, l2: l2)
        zeroGrad()
        tape.backward(from: graph.total)
        let fullCount = tape.snapshot(from: graph.total).nodes.count
        var nodes: [GraphSnapshot.Node] = []
        func add(_ node: GraphSnapshot.Node) -> Int {
            var node = node
            node.id = nodes.count
            nodes.append(node)
            return node.id
        }
        var squares = 0.0
        var gradSquares = 0.0
        for id in parameterIDs {
            squares += tape.data(id) * tape.data(id)
            gradSquares += tape.grad(id) * tape.grad(id)
        }
        let parameters = add(
            .init(
                id: 0, label: "\(parameterIDs.count) parameters (norms)", data: squares.squareRoot(),
                grad: gradSquares.squareRoot(), foldedCount: parameterIDs.count))
        let overhead = l2 != 0 ? 9 : 5
        let budget = max(1, maxNodes - overhead)
        let groupSize = data.count <= budget ? 1 : (data.count + budget - 1) / budget
        var terms: [Int] = []
        var start = 0
        while start < data.count {
            let end = min(start + groupSize, data.count)
            let folded = (start..<end).reduce(0) { $0 + graph.sampleRanges[$1].count }
            let lossSum = (start..<end).reduce(0.0) { $0 + tape.data(graph.sampleLosses[$1]) }
            let label: String
            if end - start == 1 {
                let number = (indices?[start] ?? start) + 1
                label = "sample \(number) (y = \(NumberFormatShort.text(data.targets[start])))"
            } else if let indices {
                let shown = indices[start..<min(end, start + 3)].map { String($0 + 1) }.joined(separator: ", ")
                label = "samples \(shown)\(end - start > 3 ? ", …" : "") (Σ of \(end - start))"
            } else {
                label = "samples \(start + 1)–\(end) (Σ of \(end - start))"
            }
            terms.append(
                add(
                    .init(
                        id: 0, label: label, data: lossSum, grad: tape.grad(graph.sampleLosses[start]),
                        foldedCount: folded)))
            start = end
        }
        let sumID = tape.operands(graph.dataLoss)[0]
        let sum = add(.init(id: 0, operation: .add, operands: terms, data: tape.data(sumID), grad: tape.grad(sumID)))
        let scale = add(.init(id: 0, data: 1.0 / Double(data.count), grad: 0))
        var root = add(
            .init(
                id: 0, label: "data loss", operation: .multiply, operands: [sum, scale],
                data: tape.data(graph.dataLoss), grad: tape.grad(graph.dataLoss)))
        if let squareSum = graph.squareSum {
            let squaresNode = add(
                .init(
                    id: 0, label: "Σ p²", operands: [parameters], data: tape.data(squareSum),
                    grad: tape.grad(squareSum), foldedCount: 2 * parameterIDs.count + 1))
            let alpha = add(.init(id: 0, data: l2, grad: 0))
            let reg = add(
                .init(
                    id: 0, label: "L2 penalty", operation: .multiply, operands: [squaresNode, alpha],
                    data: tape.data(squareSum) * l2, grad: 1))
            root = add(
                .init(
                    id: 0, label: "loss", operation: .add, operands: [root, reg], data: tape.data(graph.total), grad: 1)
            )
        } else {
            nodes[root].label = "loss"
        }
        let note =
            groupSize > 1
            ? "folded \(data.count) samples into groups of \(groupSize) to stay within --max-nodes \(maxNodes); raise --max-nodes to see each sample"
            : nil
        resetGraph()
        return (GraphSnapshot(nodes: nodes, root: root), note, fullCount)
    }
}

/// Four decimals, trimmed, for captions.
enum NumberFormatShort {
    static func text(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e6 { return String(Int(value)) }
        return NumberFormat.short(value)
    }
}
