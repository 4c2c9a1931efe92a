import Autograd
import Foundation
import GraphModel
import NeuralNet
import Plots

extension Gradviz.MLP {
    /// What to train: micrograd's recipe for the data (its lecture for `--data tiny`, its demo
    /// otherwise) with the options given on top, the data itself and its name for captions.
    struct Setup {
        var recipe: TrainingRecipe
        var data: Dataset
        var name: String
    }

    func setup() throws(CommandFailure) -> Setup {
        var recipe: TrainingRecipe =
            switch data {
            case "tiny": .lecture
            case "iris": .iris
            default: .moonsDemo
            }
        var dataset: Dataset
        let name: String
        switch data {
        case "moons":
            recipe.data = .moons(.init(count: samples, noise: noise, seed: dataSeed))
            dataset = recipe.dataset()
            name = "moons (\(samples) samples, noise \(NumberFormat.exact(noise)))"
        case "tiny":
            dataset = recipe.dataset()
            name = "micrograd's 4-sample set"
        case "iris":
            dataset = recipe.dataset()
            name = "Fisher's iris (150 samples, 3 classes)"
        default:
            // A CSV file: the demo's recipe, on the file's data.
            let text: String
            do { text = try String(contentsOfFile: data, encoding: .utf8) } catch {
                throw CommandFailure(
                    "cannot read '\(data)': \((error as NSError).localizedFailureReason ?? "no such file or not readable")",
                    exitCode: .usage)
            }
            do { dataset = try Dataset(csv: text) } catch {
                throw CommandFailure("\(data): \(error)", exitCode: .usage)
            }
            name = (data as NSString).lastPathComponent
        }
        if let loss { recipe.loss = loss }
        if let layers {
            do { recipe.layerSizes = try Self.parseLayers(layers) } catch {
                throw CommandFailure("\(error)", exitCode: .usage)
            }
        } else {
            // The recipe's hidden layers, and an output per class for cross-entropy (one otherwise).
            let outputs = recipe.loss.usesEveryOutput ? max(dataset.classCount ?? 2, 2) : 1
            recipe.layerSizes = recipe.layerSizes.dropLast() + [outputs]
        }
        let outputs = recipe.layerSizes.last ?? 1
        if recipe.loss.usesEveryOutput && outputs < 2 {
            throw CommandFailure(
                "--loss cross-entropy needs an output neuron per class: --layers must end in 2 or more, such as 16,3",
                exitCode: .usage)
        }
        if !recipe.loss.usesEveryOutput && outputs != 1 {
            throw CommandFailure(
                "--loss \(recipe.loss.rawValue) trains one output neuron, but --layers ends in \(outputs); use --loss cross-entropy for several classes",
                exitCode: .usage)
        }
        do {
            let prepared = try dataset.preparedTargets(for: recipe.loss, outputs: outputs)
            dataset = prepared.data
            if let note = prepared.note { Diagnostics.note(note) }
        } catch {
            throw CommandFailure("\(error)", exitCode: .usage)
        }
        try Self.checkGraphSize(
            inputs: dataset.featureCount, layers: recipe.layerSizes, samples: dataset.count, loss: recipe.loss)
        if let activation { recipe.activation = activation }
        if let l2 { recipe.l2 = l2 }
        recipe.learningRate = lr ?? recipe.loss.defaultLearningRate
        recipe.finalLearningRate = lrEnd
        recipe.steps = steps
        recipe.weightSeed = seed
        recipe.batchSize = batchSize
        return Setup(recipe: recipe, data: dataset, name: name)
    }

    func execute() throws(CommandFailure) {
        let setup = try setup()
        let recipe = setup.recipe
        let model = recipe.model(inputs: setup.data.featureCount)
        if let weights { model.parameterData = try loadWeights(weights, count: model.parameterIDs.count) }
        if let sample, sample > setup.data.count {
            throw CommandFailure("--sample \(sample): the data has \(setup.data.count) samples", exitCode: .usage)
        }
        try checkBeforeTraining(model: model, setup: setup)

        var progress = TrainingProgress(total: steps, enabled: !noProgress)
        let run = TrainingRun(
            recipe: recipe, model: model, data: setup.data,
            recorder: try trainingRecorder(for: model, sampleCount: setup.data.count)
        ) { progress.update($0) }
        progress.finish()
        let history = run.history
        let recorder = run.recorder
        let final = (loss: run.finalLoss, accuracy: run.finalAccuracy)
        if let divergence = run.divergence {
            try stopDiverged(
                divergence, history: history, setup: setup,
                replay: recorder.map { ($0, model, final) })
        }
        let graphOnStandardOutput = (output.out != nil || output.format != nil) && output.resolved.destination == nil
        let summary =
            "trained \(recipe.layerSizes.map(String.init).joined(separator: ","))-MLP (\(NumberText.count(model.parameterIDs.count, "parameter"))) on \(setup.name) for \(NumberText.count(steps, "step")): loss \(NumberFormat.exact(final.loss)) after the last update\(losses == nil ? "" : " (--losses has each step's loss before its update)"), accuracy \(NumberText.percent(final.accuracy))"
        // The summary goes to stdout unless the picture does.
        if graphOnStandardOutput { Diagnostics.line(summary) } else { try OutputWriter.printLine(summary) }

        if let losses { try writeLosses(history, to: losses) }
        if let saveWeights {
            let text = "[" + model.parameterData.map(JSONText.number).joined(separator: ", ") + "]\n"
            try OutputWriter.write(Array(text.utf8), to: saveWeights, timeout: output.timeout)
        }
        if let lossPlot { try drawLossPlot(history, title: "Training on \(setup.name)", to: lossPlot) }
        if let boundary { try drawBoundary(model: model, data: setup.data, to: boundary) }
        if let recorder {
            try writeReplay(
                recorder, model: model, history: history, final: final, setup: setup)
        } else if output.out != nil || output.format != nil {
            try drawView(model: model, setup: setup, batch: history.last?.batch)
        }
    }
}
