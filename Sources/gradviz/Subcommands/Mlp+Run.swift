import ArgumentParser
import Autograd
import DotExport
import Foundation
import GraphModel
import NeuralNet
import Plots
import Rendering

extension Mlp {
    /// Settings after dataset-dependent defaults.
    struct Setup {
        var data: Dataset
        var layers: [Int]
        var activation: Activation
        var loss: Loss
        var l2: Double
        var schedule: Trainer.Schedule
        var name: String
    }

    func setup() throws(CommandFailure) -> Setup {
        let isTiny = data == "tiny"
        var dataset: Dataset
        let name: String
        switch data {
        case "moons":
            dataset = Dataset.moons(count: samples, noise: noise, seed: dataSeed)
            name = "moons (\(samples) samples, noise \(NumberFormat.exact(noise)))"
        case "tiny":
            dataset = .tiny
            name = "micrograd's 4-sample set"
        default:
            let text: String
            do { text = try String(contentsOfFile: data, encoding: .utf8) } catch {
                throw CommandFailure("cannot read '\(data)': \((error as NSError).localizedFailureReason ?? "no such file or not readable")", exitCode: .usage)
            }
            do { dataset = try Dataset(csv: text) } catch { throw CommandFailure("\(data): \(error)", exitCode: .usage) }
            name = (data as NSString).lastPathComponent
        }
        let chosenLoss = loss ?? (isTiny ? .meanSquaredError : .hinge)
        if chosenLoss == .hinge {
            let targets = Set(dataset.targets)
            if targets.isSubset(of: [0, 1]) {
                dataset.targets = dataset.targets.map { $0 == 0 ? -1 : 1 }
                Diagnostics.note("targets 0/1 read as -1/+1 for the hinge loss")
            } else if !targets.isSubset(of: [-1, 1]) {
                throw CommandFailure("the hinge loss needs targets -1 and 1 (or 0 and 1); use --loss mse for other targets", exitCode: .usage)
            }
        }
        let sizes: [Int]
        if let layers {
            do { sizes = try Self.parseLayers(layers) } catch { throw CommandFailure("\(error)", exitCode: .usage) }
        } else {
            sizes = isTiny ? [4, 4, 1] : [16, 16, 1]
        }
        try Self.checkGraphSize(inputs: dataset.featureCount, layers: sizes, samples: dataset.count)
        let start = lr ?? (isTiny ? 0.05 : 1.0)
        let end = lrEnd ?? (isTiny ? start : start / 10)
        let schedule: Trainer.Schedule = end == start ? .constant(start) : .linear(start: start, end: end, steps: max(steps, 1))
        return Setup(
            data: dataset, layers: sizes, activation: activation ?? (isTiny ? .tanh : .relu), loss: chosenLoss,
            l2: l2 ?? (isTiny ? 0 : 1e-4), schedule: schedule, name: name)
    }

    /// The number of nodes of one training step's graph, from the sizes alone (saturating at
    /// `Int.max`): each sample's inputs, for each neuron of k inputs k products, k sums and an
    /// activation, the sample's loss, then the mean and the L2 penalty over the parameters.
    static func trainingGraphNodes(inputs: Int, layers: [Int], samples: Int) -> (nodes: Int, parameters: Int) {
        func add(_ a: Int, _ b: Int) -> Int { let (r, o) = a.addingReportingOverflow(b); return o ? .max : r }
        func multiply(_ a: Int, _ b: Int) -> Int { let (r, o) = a.multipliedReportingOverflow(by: b); return o ? .max : r }
        var parameters = 0
        var perSample = add(inputs, 8)
        var fanIn = inputs
        for size in layers {
            parameters = add(parameters, multiply(add(fanIn, 1), size))
            perSample = add(perSample, multiply(size, add(multiply(2, fanIn), 1)))
            fanIn = size
        }
        return (add(multiply(3, parameters), multiply(add(perSample, 2), samples)), parameters)
    }

    /// Refuses a model and data whose training graph would pass ``maximumGraphNodes``, before
    /// anything is allocated.
    static func checkGraphSize(inputs: Int, layers: [Int], samples: Int) throws(CommandFailure) {
        let (nodes, parameters) = trainingGraphNodes(inputs: inputs, layers: layers, samples: samples)
        guard nodes > maximumGraphNodes else { return }
        let count = nodes == Int.max ? "more than \(Int.max)" : "about \(nodes)"
        let parameterCount = parameters == Int.max ? "more than \(Int.max)" : "\(parameters)"
        throw CommandFailure("an MLP with \(inputs) inputs and layers \(layers.map(String.init).joined(separator: ",")) (\(parameterCount) parameters) on \(samples) samples makes a training graph of \(count) nodes; gradviz trains graphs of up to \(maximumGraphNodes) nodes: use fewer samples or smaller layers", exitCode: .usage)
    }

    func execute() throws(CommandFailure) {
        let setup = try setup()
        var generator = SeededGenerator(seed: seed)
        let model = MLP(inputs: setup.data.featureCount, layerSizes: setup.layers, activation: setup.activation, generator: &generator)
        if let weights { model.parameterData = try loadWeights(weights, count: model.parameterIDs.count) }
        if let sample, sample > setup.data.count {
            throw CommandFailure("--sample \(sample): the data has \(setup.data.count) samples", exitCode: .usage)
        }

        var trainer = Trainer(model: model, data: setup.data, loss: setup.loss, l2: setup.l2, schedule: setup.schedule)
        var progress = Progress(total: steps, enabled: !noProgress)
        var history: [Trainer.Step] = []
        for _ in 0..<steps {
            let step = trainer.step()
            history.append(step)
            progress.update(step)
        }
        progress.finish()
        // The trained model's own loss and accuracy (after the last update).
        model.resetGraph()
        let final = model.lossGraph(on: setup.data, loss: setup.loss, l2: setup.l2)
        let finalLoss = model.tape.data(final.total)
        model.resetGraph()
        let graphOnStandardOutput = (output.out != nil || output.format != nil) && output.resolved.destination == nil
        let summary = "trained \(setup.layers.map(String.init).joined(separator: ","))-MLP (\(model.parameterIDs.count) parameters) on \(setup.name) for \(steps) steps: loss \(NumberFormat.exact(finalLoss)), accuracy \(percent(final.accuracy))"
        // The summary goes to stdout unless the picture does.
        if graphOnStandardOutput { Diagnostics.print(summary) } else { print(summary) }

        if let losses {
            try OutputWriter.write(Array(history.map { NumberFormat.exact($0.loss) + "\n" }.joined().utf8), to: losses)
        }
        if let saveWeights {
            let text = "[" + model.parameterData.map(WeightNumber.json).joined(separator: ", ") + "]\n"
            try OutputWriter.write(Array(text.utf8), to: saveWeights)
        }
        if let lossPlot {
            let deadline = DrawingDeadline(seconds: output.timeout, what: "the loss plot")
            let dot = TrainingPlot.dot(losses: history.map(\.loss), accuracies: history.map(\.accuracy), title: "Training on \(setup.name)")
            try writePlot(dot, to: lossPlot, deadline: deadline)
        }
        if let boundary { try drawBoundary(model: model, setup: setup, to: boundary) }
        if output.out != nil || output.format != nil { try drawView(model: model, setup: setup) }
    }

    func percent(_ fraction: Double) -> String {
        let tenths = Int((fraction * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }

    /// Most bytes of a weights file (a 20,000,000-node model has fewer parameters than this
    /// file has room for at ~25 bytes a number).
    static let maximumWeightsBytes = 256 << 20

    func loadWeights(_ path: String, count: Int) throws(CommandFailure) -> [Double] {
        let bytes = try InputFile.read(path, limit: Self.maximumWeightsBytes, what: "weights files")
        let numbers: [Double]
        do {
            numbers = try JSONDecoder().decode([WeightNumber].self, from: Data(bytes)).map(\.value)
        } catch {
            throw CommandFailure("\(path): expected a JSON array of numbers (\"nan\", \"inf\" and \"-inf\" as strings)", exitCode: .usage)
        }
        guard numbers.count == count else {
            throw CommandFailure("\(path) has \(numbers.count) numbers, but the model has \(count) parameters", exitCode: .usage)
        }
        return numbers
    }

    /// A plot's positioned DOT drawn by Graphviz's `nop2` engine (validate() allowed only
    /// .svg, .png and .pdf paths).
    func writePlot(_ dot: String, to path: String, deadline: DrawingDeadline) throws(CommandFailure) {
        defer { deadline.finish() }
        let format = OutputFormat(fileExtension: (path as NSString).pathExtension) ?? .svg
        let lines = dot.utf8.reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
        try OutputWriter.write(try GraphOutput.bytes(forDOT: dot, format: format, engine: .nop2, nodeCount: lines, deadline: deadline), to: path)
    }

    func drawBoundary(model: MLP, setup: Setup, to path: String) throws(CommandFailure) {
        guard setup.data.featureCount == 2 else {
            throw CommandFailure("--boundary needs data with two features; this data has \(setup.data.featureCount)", exitCode: .usage)
        }
        let deadline = DrawingDeadline(seconds: output.timeout, what: "the decision boundary")
        defer { deadline.finish() }
        let xs = setup.data.inputs.map { $0[0] }
        let ys = setup.data.inputs.map { $0[1] }
        guard (xs + ys).allSatisfy({ $0.isFinite && abs($0) < 1e300 }) else {
            throw CommandFailure("--boundary needs finite data (below 1e300): this data has a non-finite or overflowing feature", exitCode: .usage)
        }
        let xRange = ((xs.min() ?? 0) - 0.5)...((xs.max() ?? 1) + 0.5)
        let yRange = ((ys.min() ?? 0) - 0.5)...((ys.max() ?? 1) + 0.5)
        let cells = 64
        var scores: [[Double]] = []
        for row in 0..<cells {
            var line: [Double] = []
            for column in 0..<cells {
                let x = xRange.lowerBound + (Double(column) + 0.5) / Double(cells) * (xRange.upperBound - xRange.lowerBound)
                let y = yRange.lowerBound + (Double(row) + 0.5) / Double(cells) * (yRange.upperBound - yRange.lowerBound)
                model.resetGraph()
                let output = model([model.tape.leaf(x), model.tape.leaf(y)])[0]
                line.append(model.tape.data(output))
            }
            scores.append(line)
        }
        model.resetGraph()
        let points = setup.data.inputs.indices.map { (x: xs[$0], y: ys[$0], target: setup.data.targets[$0]) }
        let dot = BoundaryPlot.dot(scores: scores, xRange: xRange, yRange: yRange, points: points, title: "Decision boundary after \(steps) steps")
        try writePlot(dot, to: path, deadline: deadline)
    }

    func drawView(model: MLP, setup: Setup) throws(CommandFailure) {
        let (format, destination) = output.resolved
        let index = sample.map { $0 - 1 } ?? model.sampleWithLargestLoss(data: setup.data, loss: setup.loss)
        let which = "sample \(index + 1) of \(setup.data.count)" + (sample == nil ? " (largest loss)" : "")
        let options = DotExport.Options(rankDirection: output.rankdir)
        switch view {
        case .neurons:
            guard format != .json && format != .table else {
                throw CommandFailure("--view neurons is drawn as svg, png, pdf or dot; json and table are for the sample and loss views", exitCode: .usage)
            }
            let deadline = DrawingDeadline(seconds: output.timeout, what: "the neurons view")
            defer { deadline.finish() }
            var network = model.networkSnapshot(data: setup.data, sample: index, loss: setup.loss, l2: setup.l2)
            if sample == nil { network.caption = network.caption.replacingOccurrences(of: "sample \(index + 1) of \(setup.data.count)", with: which) }
            let dot = DotExport.dot(for: network, options: options)
            var bytes = try GraphOutput.bytes(forDOT: dot, format: format, nodeCount: network.layers.joined().count, deadline: deadline)
            if format == .html {
                let page = HTMLViewer.page(svg: String(decoding: bytes, as: UTF8.self), title: network.caption, details: NodeDetails.rows(for: network), legend: DotExport.networkLegend)
                bytes = Array(page.utf8)
            }
            try OutputWriter.write(bytes, to: destination)
        case .sample:
            var snapshot = model.sampleGraph(input: setup.data.inputs[index], target: setup.data.targets[index], loss: setup.loss)
            if let focus {
                guard let node = snapshot.nodes.first(where: { $0.label == focus }) else {
                    throw CommandFailure("--focus \(focus): no node has that name; use a parameter such as L1.N1.w1, an input x1, or score", exitCode: .usage)
                }
                guard let paths = snapshot.paths(from: node.id) else {
                    throw CommandFailure("--focus \(focus): the loss does not depend on it", exitCode: .usage)
                }
                // On a path, a neuron's partial sums are one step each: draw them as one Σ.
                snapshot = paths.collapsingSums()
            }
            if snapshot.nodes.count > maxNodes {
                let full = snapshot.nodes.count
                let summed = snapshot.collapsingSums()
                if summed.nodes.count <= maxNodes {
                    snapshot = summed
                    Diagnostics.note("the sample graph has \(full) values, more than --max-nodes \(maxNodes): each neuron's running sum is drawn as one Σ (raise --max-nodes to see every partial sum)")
                } else {
                    snapshot = snapshot.foldedByNeuron()
                    Diagnostics.note("the sample graph has \(full) values, more than --max-nodes \(maxNodes): each neuron is folded into one node (raise --max-nodes to \(full) to see every scalar, or --focus on one parameter)")
                }
            }
            let title = which + (focus.map { ": paths from \($0) to the loss" } ?? "")
            try OutputWriter.write(try GraphOutput.bytes(for: snapshot, format: format, options: output.dotOptions(valueCount: snapshot.nodes.count, title: title, clustersByPlace: true), timeout: output.timeout), to: destination)
        case .loss:
            let summary = model.lossSummary(data: setup.data, loss: setup.loss, l2: setup.l2, maxNodes: maxNodes)
            if let note = summary.note { Diagnostics.note(note) }
            let title = "loss over \(setup.data.count) samples: \(summary.fullNodeCount) nodes, each sample folded"
            try OutputWriter.write(try GraphOutput.bytes(for: summary.snapshot, format: format, options: output.dotOptions(valueCount: summary.snapshot.nodes.count, title: title), timeout: output.timeout), to: destination)
        }
    }
}

/// Training progress on stderr: a redrawn bar on a terminal, a few plain lines otherwise.
struct Progress {
    let total: Int
    let enabled: Bool
    let isTerminal = isatty(STDERR_FILENO) == 1
    let start = DispatchTime.now().uptimeNanoseconds
    var lastDraw: UInt64 = 0

    init(total: Int, enabled: Bool) {
        self.total = total
        self.enabled = enabled && total > 0
    }

    mutating func update(_ step: Trainer.Step) {
        guard enabled else { return }
        let done = step.index + 1
        let now = DispatchTime.now().uptimeNanoseconds
        if isTerminal {
            if now - lastDraw < 50_000_000 && done < total { return }
            lastDraw = now
            let width = 24
            let filled = width * done / total
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            Diagnostics.write("\r\u{1B}[2K\(bar) \(line(step, now: now))")
        } else {
            let interval = max(total / 10, 1)
            if step.index % interval == 0 || done == total { Diagnostics.print(line(step, now: now)) }
        }
    }

    func line(_ step: Trainer.Step, now: UInt64) -> String {
        let seconds = Double(now - start) / 1e9
        let rate = seconds > 0 ? Double(step.index + 1) / seconds : 0
        let accuracy = Int((step.accuracy * 1000).rounded())
        return "step \(step.index + 1)/\(total)  loss \(NumberFormat.short(step.loss))  accuracy \(accuracy / 10).\(accuracy % 10)%  \(Int(rate.rounded())) steps/s"
    }

    func finish() {
        if enabled && isTerminal { Diagnostics.write("\n") }
    }
}
