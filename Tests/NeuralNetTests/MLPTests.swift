import Autograd
import GraphModel
import NeuralNet
import Testing

@Suite struct MLPTests {
    @Test func demoModelHasMicrogradsParameterCount() {
        var generator = SeededGenerator(seed: 1337)
        let model = MLP(inputs: 2, layerSizes: [16, 16, 1], generator: &generator)
        #expect(model.parameterIDs.count == 337)
        #expect(model.parameters.allSatisfy { abs($0.data) <= 1 })
        #expect(model.parameterPlaces[0].description == "L1.N1.w1")
        #expect(model.parameterPlaces[2].description == "L1.N1.b")
        #expect(model.parameter(at: NodePlace("L2.N3.w5")!)?.label == "L2.N3.w5")
        #expect(model.layers[0].neurons.allSatisfy { $0.activation == .relu })
        #expect(model.layers[2].neurons[0].activation == .linear)
    }

    /// micrograd's demo.ipynb: moons (100, noise 0.1), MLP(2, [16, 16, 1]), hinge + 1e-4 L2,
    /// lr 1.0 − 0.9·k/100, 100 steps.
    ///
    /// micrograd reaches loss 0.011 and 100% accuracy on its data.
    @Test func reproducesTheMoonsDemo() {
        let data = Dataset.moons(count: 100, noise: 0.1, seed: 1)
        var generator = SeededGenerator(seed: 1337)
        let model = MLP(inputs: 2, layerSizes: [16, 16, 1], generator: &generator)
        var trainer = Trainer(
            model: model, data: data, loss: .hinge, l2: 1e-4, schedule: .linear(start: 1.0, end: 0.1, steps: 100))
        var steps: [Trainer.Step] = []
        for _ in 0..<100 { steps.append(trainer.step()) }
        #expect(model.tape.count > 65_000)
        #expect(steps[0].learningRate == 1.0)
        #expect(steps[99].learningRate == 1.0 - 0.9 * 99 / 100)
        #expect(steps[0].loss > 0.5 && steps[0].loss < 2)
        #expect(steps[99].loss > 0.001 && steps[99].loss < 0.05)
        #expect(steps[99].accuracy == 1.0)
    }

    @Test func sameSeedGivesTheSameTrainingBitForBit() {
        func losses() -> [Double] {
            var generator = SeededGenerator(seed: 7)
            let model = MLP(inputs: 3, layerSizes: [4, 4, 1], activation: .tanh, generator: &generator)
            var trainer = Trainer(model: model, data: .tiny, loss: .meanSquaredError, l2: 0, schedule: .constant(0.05))
            return (0..<20).map { _ in trainer.step().loss }
        }
        let first = losses()
        #expect(first == losses())
        #expect(first.last! < first.first!)
    }

    @Test func parameterGradientsMatchCentralDifferences() {
        var generator = SeededGenerator(seed: 11)
        let model = MLP(inputs: 3, layerSizes: [4, 3, 1], activation: .tanh, generator: &generator)
        expectParameterGradientsMatchFiniteDifferences(model, on: .tiny, loss: .meanSquaredError, l2: 1e-3)
    }

    /// The fused weighted-sum kernel must build exactly the nodes `Value` arithmetic builds.
    @Test func fusedNeuronMatchesValueArithmeticNodeForNode() {
        var generator = SeededGenerator(seed: 5)
        let model = MLP(inputs: 3, layerSizes: [4, 1], activation: .tanh, generator: &generator)
        let x = [0.3, -1.2, 2.0].map { Value($0, on: model.tape) }
        let start = model.tape.count
        let fused = model(x)[0]
        let fusedCount = model.tape.count - start
        // The same network by hand, with micrograd's order: b + w1*x1 + w2*x2 + ...
        var hidden: [Value] = []
        for neuron in model.layers[0].neurons {
            var sum = Value(id: neuron.bias, on: model.tape)
            for (weight, input) in zip(neuron.weights, x) { sum = sum + Value(id: weight, on: model.tape) * input }
            hidden.append(sum.tanh())
        }
        let last = model.layers[1].neurons[0]
        var output = Value(id: last.bias, on: model.tape)
        for (weight, input) in zip(last.weights, hidden) { output = output + Value(id: weight, on: model.tape) * input }
        #expect(model.tape.count - start == 2 * fusedCount)
        #expect(fused.data.bitPattern == output.data.bitPattern)
        let fusedGraph = fused.snapshot()
        let manualGraph = output.snapshot()
        #expect(fusedGraph.nodes.map(\.operation) == manualGraph.nodes.map(\.operation))
        #expect(fusedGraph.nodes.map(\.operands) == manualGraph.nodes.map(\.operands))
    }

    @Test func forwardRecordsNeuronPlacesForDrawing() {
        var generator = SeededGenerator(seed: 1)
        let model = MLP(inputs: 2, layerSizes: [2, 1], generator: &generator)
        let x = [model.tape.leaf(0.5), model.tape.leaf(-1)]
        let output = model(x, recordPlaces: true)[0]
        let snapshot = model.tape.snapshot(from: output)
        let places = Set(snapshot.nodes.compactMap(\.place).filter { !$0.isParameter }.map(\.description))
        #expect(places == ["L1.N1", "L1.N2", "L2.N1"])
        #expect(snapshot.nodes.last?.place?.description == "L2.N1")
        #expect(snapshot.nodes.first { $0.label == "L1.N2.b" }?.place == NodePlace(layer: 1, neuron: 2, part: .bias))
    }

    @Test func moonsAreDeterministicAndBalanced() {
        let data = Dataset.moons(count: 101, noise: 0.1, seed: 4)
        #expect(data == Dataset.moons(count: 101, noise: 0.1, seed: 4))
        #expect(data != Dataset.moons(count: 101, noise: 0.1, seed: 5))
        #expect(data.targets.filter { $0 < 0 }.count == 50)
        #expect(data.targets.filter { $0 > 0 }.count == 51)
        #expect(data.featureCount == 2)
    }
}
