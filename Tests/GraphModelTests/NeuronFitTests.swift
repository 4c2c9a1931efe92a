import GraphModel
import Testing

@Suite struct NeuronFitTests {
    /// One ReLU neuron of `inputs` inputs as micrograd builds it: b + w1*x1 + w2*x2 + …, each
    /// parameter, product, sum and the activation tagged with the neuron's place.
    func neuron(inputs: Int) -> GraphSnapshot {
        var nodes: [GraphSnapshot.Node] = []
        func add(_ node: GraphSnapshot.Node) -> Int {
            var node = node
            node.id = nodes.count
            nodes.append(node)
            return node.id
        }
        let computation = NodePlace(layer: 1, neuron: 1, part: .computation)
        var sum = add(.init(id: 0, label: "L1.N1.b", data: 0.1, place: NodePlace(layer: 1, neuron: 1, part: .bias)))
        for index in 1...inputs {
            let x = add(.init(id: 0, label: "x\(index)", data: Double(index)))
            let w = add(
                .init(
                    id: 0, label: "L1.N1.w\(index)", data: 0.5,
                    place: NodePlace(layer: 1, neuron: 1, part: .weight(index))))
            let product = add(
                .init(id: 0, operation: .multiply, operands: [w, x], data: 0.5 * Double(index), place: computation))
            sum = add(
                .init(
                    id: 0, operation: .add, operands: [sum, product], data: nodes[sum].data + nodes[product].data,
                    place: computation))
        }
        let output = add(
            .init(id: 0, operation: .relu, operands: [sum], data: max(nodes[sum].data, 0), place: computation))
        return GraphSnapshot(nodes: nodes, root: output)
    }

    @Test func aGraphThatFitsIsDrawnWhole() {
        let graph = neuron(inputs: 10)
        #expect(graph.nodes.count == 42)
        #expect(graph.fittedByNeuron(maximumNodes: 42) == nil)
    }

    @Test func justOverTheLimitEachNeuronsRunningSumBecomesOneSigma() throws {
        let graph = neuron(inputs: 10)
        let summed = graph.collapsingSums()
        #expect(summed.nodes.count == 33)  // 10 partial sums become one Σ of 11 operands
        let fitted = try #require(graph.fittedByNeuron(maximumNodes: 41))
        #expect(fitted.snapshot == summed)
        #expect(
            fitted.note
                == "the sample graph has 42 values, more than --max-nodes 41: each neuron's running sum is drawn as one Σ (raise --max-nodes to see every partial sum)"
        )
        #expect(try #require(graph.fittedByNeuron(maximumNodes: 33)).snapshot == summed)
    }

    @Test func whenSumsAreNotEnoughEachNeuronIsFoldedIntoOneNode() throws {
        let graph = neuron(inputs: 10)
        let fitted = try #require(graph.fittedByNeuron(maximumNodes: 32))
        #expect(fitted.snapshot == graph.foldedByNeuron())
        #expect(fitted.snapshot.nodes.count == 11)  // the inputs and the neuron
        #expect(fitted.snapshot.nodes[fitted.snapshot.root].data == graph.nodes[graph.root].data)
        #expect(
            fitted.note
                == "the sample graph has 42 values, more than --max-nodes 32: each neuron is folded into one node (raise --max-nodes to 42 to see every scalar, or --focus on one parameter)"
        )
    }
}
