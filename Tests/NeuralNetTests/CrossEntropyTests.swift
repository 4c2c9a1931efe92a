import Autograd
import Foundation
import GraphModel
import NeuralNet
import Testing

/// Softmax cross-entropy built from graph operations, many outputs, class targets, accuracy
/// by argmax, and the views and boundary with K outputs.
@Suite struct CrossEntropyTests {
    /// Three classes in two features: three blobs.
    static let blobs: Dataset = {
        var generator = SeededGenerator(seed: 3)
        var inputs: [[Double]] = []
        var targets: [Double] = []
        for index in 0..<30 {
            let centre = [(0.0, 1.0), (-1.0, -0.6), (1.0, -0.6)][index % 3]
            inputs.append([centre.0 + generator.uniform(-0.3, 0.3), centre.1 + generator.uniform(-0.3, 0.3)])
            targets.append(Double(index % 3))
        }
        return Dataset(inputs: inputs, targets: targets)
    }()

    /// `-log softmax(z)[y]` against the formula, for ordinary, large and tied logits (the
    /// max shift keeps `exp` finite at 1000).
    @Test(arguments: [
        ([2.0, 1.0, 0.1], 0), ([2.0, 1.0, 0.1], 2), ([1000.0, 999.0, -5.0], 1), ([0.5, 0.5], 1), ([-3.0, 4.0], 0),
    ])
    func lossIsMinusLogSoftmaxOfTheTarget(_ logits: [Double], _ target: Int) {
        var generator = SeededGenerator(seed: 1)
        let model = MLP(inputs: 1, layerSizes: [1], generator: &generator)
        let ids = logits.map { model.tape.leaf($0) }
        let term = model.crossEntropyTerm(logits: ids, target: target)
        let top = logits.max()!
        let expected = Foundation.log(logits.reduce(0) { $0 + Foundation.exp($1 - top) }) - (logits[target] - top)
        #expect(abs(model.tape.data(term) - expected) <= 1e-12 * max(1, expected))
        #expect(model.tape.data(term).isFinite)
        // Its gradient is softmax − one-hot.
        model.tape.backward(from: term)
        for (index, id) in ids.enumerated() {
            let softmax = Foundation.exp(logits[index] - top) / logits.reduce(0) { $0 + Foundation.exp($1 - top) }
            let expectedGrad = softmax - (index == target ? 1 : 0)
            #expect(abs(model.tape.grad(id) - expectedGrad) <= 1e-12, "logit \(index)")
        }
    }

    /// Every parameter's gradient of the whole cross-entropy loss (with L2) against a
    /// central difference.
    @Test func parameterGradientsMatchCentralDifferences() {
        var generator = SeededGenerator(seed: 5)
        let model = MLP(inputs: 2, layerSizes: [5, 3], activation: .tanh, generator: &generator)
        let data = Dataset(inputs: Array(Self.blobs.inputs.prefix(9)), targets: Array(Self.blobs.targets.prefix(9)))
        expectParameterGradientsMatchFiniteDifferences(model, on: data, loss: .crossEntropy, l2: 1e-3)
    }

    @Test func accuracyIsByTheLargestOutput() {
        var generator = SeededGenerator(seed: 2)
        let model = MLP(inputs: 2, layerSizes: [3], generator: &generator)
        // One linear layer: set the weights so output k is the k-th feature pattern.
        model.parameterData = [1, 0, 0, 0, 1, 0, -1, -1, 0]
        let data = Dataset(inputs: [[2, 0], [0, 2], [-2, -2], [0, 3]], targets: [0, 1, 2, 0])
        let graph = model.lossGraph(on: data, loss: .crossEntropy, l2: 0)
        #expect(graph.accuracy == 0.75)
    }

    @Test func trainingOnThreeBlobsSeparatesThem() {
        var generator = SeededGenerator(seed: 1337)
        let model = MLP(inputs: 2, layerSizes: [8, 3], generator: &generator)
        var trainer = Trainer(
            model: model, data: Self.blobs, loss: .crossEntropy, l2: 1e-4,
            schedule: .linear(start: 0.5, end: 0.05, steps: 100))
        let steps = (0..<100).map { _ in trainer.step() }
        #expect(steps[0].loss > steps[99].loss)
        #expect(steps[99].accuracy == 1.0)
    }

    @Test func targetsAreClassIndicesAndPlusMinusOneIsTwoClasses() throws {
        let ok = try Self.blobs.preparedTargets(for: .crossEntropy, outputs: 3)
        #expect(ok.data == Self.blobs && ok.note == nil)
        #expect(Self.blobs.classCount == 3)
        let signs = Dataset(inputs: [[1], [2]], targets: [-1, 1])
        #expect(try signs.preparedTargets(for: .crossEntropy, outputs: 2).data.targets == [0, 1])
        #expect(signs.classCount == 2)
        #expect(Dataset(inputs: [[1], [2]], targets: [0.5, 1]).classCount == nil)
        for bad: [Double] in [[0, 3], [0, 1.5], [-1, 0]] {
            #expect(throws: DatasetError.self) {
                try Dataset(inputs: [[1], [2]], targets: bad).preparedTargets(for: .crossEntropy, outputs: 3)
            }
        }
    }

    @Test func sampleGraphShowsEveryScoreAndTheShiftedSoftmax() throws {
        var generator = SeededGenerator(seed: 1337)
        let model = MLP(inputs: 2, layerSizes: [4, 3], generator: &generator)
        let graph = model.sampleGraph(input: [0.3, -0.2], target: 2, loss: .crossEntropy)
        let labels = Set(graph.nodes.compactMap(\.label))
        #expect(labels.isSuperset(of: ["score1", "score2", "score3", "max", "Σ exp", "log Σ exp", "loss"]))
        let shift = try #require(graph.nodes.first { $0.label == "max" })
        let scores = graph.nodes.filter { $0.label?.hasPrefix("score") == true }.map(\.data)
        #expect(shift.operation == nil && shift.data == scores.max())
        #expect(graph.nodes.filter { $0.operation == .exp }.count == 3)
        #expect(graph.nodes[graph.root].label == "loss" && graph.nodes[graph.root].operation == .subtract)
        // The focus view finds a class's score.
        let picture = try model.picture(
            .sample, data: Self.blobs, loss: .crossEntropy, l2: 0, sample: 0, focus: "score2")
        guard case .graph(let focused) = picture.content else {
            Issue.record("not a graph")
            return
        }
        #expect(focused.nodes.contains { $0.label == "score2" } && !focused.nodes.contains { $0.label == "score1" })
    }

    @Test func viewsAndBoundaryHandleThreeOutputs() throws {
        var generator = SeededGenerator(seed: 1337)
        let model = MLP(inputs: 2, layerSizes: [6, 3], generator: &generator)
        for view in MLPView.allCases {
            let picture = try model.picture(view, data: Self.blobs, loss: .crossEntropy, l2: 1e-4)
            #expect(picture.nodeCount > 0, "\(view)")
        }
        let network = model.networkSnapshot(data: Self.blobs, sample: 1, loss: .crossEntropy, l2: 0)
        #expect(network.layers.last?.count == 3)
        let boundary = try DecisionBoundary(model: model, data: Self.blobs, cells: 6)
        #expect(boundary.outputCount == 3 && boundary.classes.count == 6 && boundary.classes[0].count == 6)
        #expect(boundary.classes.joined().allSatisfy { (0..<3).contains($0) })
        #expect(boundary.scores.joined().allSatisfy { $0 >= 1.0 / 3 - 1e-12 && $0 <= 1 })
    }

    /// Fisher's iris with the recipe `gradviz mlp --data iris` uses: at least 95% of the
    /// training samples right after the default 100 steps.
    @Test func irisRecipeReachesNinetyFivePercent() {
        #expect(Dataset.iris.count == 150 && Dataset.iris.featureCount == 4 && Dataset.iris.classCount == 3)
        #expect(Dataset.iris.targets.filter { $0 == 2 }.count == 50)
        let (model, data, history) = TrainingRecipe.iris.train()
        model.resetGraph()
        let final = model.lossGraph(on: data, loss: .crossEntropy, l2: TrainingRecipe.iris.l2)
        #expect(history.count == 100)
        #expect(final.accuracy >= 0.95, "accuracy \(final.accuracy)")
    }

    @Test func irisCSVInTheDocsHasTheSameRows() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/data/iris.csv")
        #expect(try Dataset(csv: String(contentsOf: file, encoding: .utf8)) == .iris)
    }
}
