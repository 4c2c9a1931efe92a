import Autograd
import DotExport
import GraphChecks
import GraphModel
import NeuralNet
import Plots

/// One combination of `gradviz mlp` options read from fuzzer bytes, within bounded sizes (at
/// most 3 layers of 8 neurons, 6 features, 24 samples, 4 steps), with hostile numbers drawn
/// from a table: huge, tiny, infinite, NaN and negative noise, learning rates and penalties.
///
/// Runs what the command runs on them: training (whole data or minibatches; hinge, squared
/// error or cross-entropy), the three views, the training page's record, DOT export and both
/// plots.
struct MlpFuzzCase {
    static let hostileNumbers: [Double] = [
        0, 0.1, 1, -1, 1e-300, .leastNonzeroMagnitude, 1e19, 1e20, 1e200, 1e308, .infinity, -.infinity, .nan,
    ]

    var featureCount: Int
    var layers: [Int]
    var activation: Activation
    var loss: Loss
    var sampleCount: Int
    var noise: Double
    var learningRate: Double
    var l2: Double
    var steps: Int
    var maxNodes: Int
    var rows: [[Double]]
    var seed: UInt64

    /// Reads the options from `bytes` (missing bytes read as 0).
    init(_ bytes: UnsafeRawBufferPointer) {
        var position = 0
        func next() -> Int {
            defer { position += 1 }
            return position < bytes.count ? Int(bytes[position]) : 0
        }
        func number() -> Double { Self.hostileNumbers[next() % Self.hostileNumbers.count] }
        featureCount = 1 + next() % 6
        layers = (0..<(next() % 3)).map { _ in 1 + next() % 8 } + [1]
        activation = Activation.allCases[next() % Activation.allCases.count]
        loss = Loss.allCases[next() % Loss.allCases.count]
        // Cross-entropy needs an output per class: two or three.
        if loss == .crossEntropy { layers[layers.count - 1] = 2 + layers.count % 2 }
        sampleCount = 2 + next() % 23
        noise = number()
        learningRate = number()
        l2 = number()
        steps = next() % 5
        maxNodes = 20 + next() * 4
        seed = UInt64(next())
        var rows: [[Double]] = []
        for _ in 0..<sampleCount {
            rows.append((0..<featureCount).map { _ in next() % 4 == 0 ? number() : Double(next()) / 32 - 4 })
        }
        self.rows = rows
    }

    func run() {
        // Moons data for two features (with the hostile noise), fuzzer rows otherwise.
        var data =
            featureCount == 2
            ? Dataset.moons(count: sampleCount, noise: noise, seed: seed)
            : Dataset(inputs: rows, targets: rows.indices.map { $0 % 2 == 0 ? -1 : 1 })
        if loss == .meanSquaredError { data.targets = data.targets.map { $0 * 0.5 } }
        if loss == .crossEntropy { data.targets = data.targets.map { $0 < 0 ? 0 : 1 } }
        var generator = SeededGenerator(seed: seed)
        let model = MLP(inputs: data.featureCount, layerSizes: layers, activation: activation, generator: &generator)
        var trainer = Trainer(
            model: model, data: data, loss: loss, l2: l2,
            schedule: .linear(start: learningRate, end: learningRate / 10, steps: max(steps, 1)),
            batchSize: sampleCount > 4 && seed % 2 == 0 ? sampleCount / 2 : nil, batchSeed: seed)
        var history: [Trainer.Step] = []
        var recorder = TrainingRecorder(steps: steps, model: model, sampleCount: data.count)
        for index in 0..<steps {
            recorder?.observe(model, afterUpdates: index)
            history.append(trainer.step())
        }
        recorder?.observe(model, afterUpdates: steps)
        _ = TrainingPlot.dot(losses: history.map(\.loss), accuracies: history.map(\.accuracy), title: "fuzz")
        // The training page's record, whatever the numbers: nothing in it may end its <script>.
        if let recorder {
            model.resetGraph()
            let final = model.lossGraph(on: data, loss: loss, l2: l2)
            let measured = (model.tape.data(final.total), final.accuracy)
            let replay = recorder.replay(
                model: model, history: history, final: measured, data: data, loss: loss, l2: l2, sample: nil,
                title: "fuzz")
            precondition(replay.frames.count >= 1 && replay.frames.last?.step == steps, "the last step is recorded")
            precondition(!replay.jsonText.contains("</"), "the record cannot end the page's <script>")
        }

        let index = model.sampleWithLargestLoss(data: data, loss: loss)
        let sample = model.sampleGraph(input: data.inputs[index], target: data.targets[index], loss: loss)
        _ = DotExport.dot(for: sample.nodes.count > maxNodes ? sample.collapsingSums() : sample)
        _ = DotExport.dot(for: sample.foldedByNeuron())
        _ = DotExport.dot(for: model.networkSnapshot(data: data, sample: index, loss: loss, l2: l2))
        let summary = model.lossSummary(data: data, loss: loss, l2: l2, maxNodes: maxNodes)
        _ = DotExport.dot(for: summary.snapshot, options: DotExport.Options(precomputedLayout: true))
        _ = summary.snapshot.jsonText()

        // The boundary plot over the data's range, as the command draws it for finite data.
        guard data.featureCount == 2 else { return }
        let xs = data.inputs.map { $0[0] }
        let ys = data.inputs.map { $0[1] }
        guard (xs + ys).allSatisfy({ $0.isFinite && abs($0) < 1e300 }), let xLow = xs.min(), let xHigh = xs.max(),
            let yLow = ys.min(), let yHigh = ys.max()
        else { return }
        let scores = (0..<4).map { row in (0..<4).map { column in Double(row - column) } }
        let points = data.inputs.indices.map { (x: xs[$0], y: ys[$0], target: data.targets[$0]) }
        _ = BoundaryPlot.dot(
            scores: scores, xRange: (xLow - 0.5)...(xHigh + 0.5), yRange: (yLow - 0.5)...(yHigh + 0.5), points: points,
            title: "fuzz")
        _ = BoundaryPlot.dot(
            classes: scores.map { $0.map { Int($0) } }, confidence: scores, classCount: layers.last ?? 1,
            xRange: (xLow - 0.5)...(xHigh + 0.5), yRange: (yLow - 0.5)...(yHigh + 0.5), points: points, title: "fuzz")
        if let boundary = try? DecisionBoundary(model: model, data: data, cells: 4), boundary.outputCount > 1 {
            _ = BoundaryPlot.dot(
                classes: boundary.classes, confidence: boundary.scores, classCount: boundary.outputCount,
                xRange: boundary.xRange, yRange: boundary.yRange, points: boundary.points, title: "fuzz")
        }
    }
}
