import ArgumentParser
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
            var status = stat()
            if stat(data, &status) != 0 && errno == ENOENT {
                let builtIn = ["moons", "tiny", "iris"]
                let suggestion =
                    CommandLineArguments.nearest(data.lowercased(), among: builtIn).map { "; did you mean '\($0)'?" }
                    ?? ""
                throw CommandFailure(
                    "--data '\(data)' is neither a dataset (moons, tiny, iris) nor a file\(suggestion)",
                    exitCode: .usage)
            }
            let bytes = try InputFile.read(data, limit: Self.maximumDataBytes, what: "training data")
            guard let text = String(bytes: bytes, encoding: .utf8) else {
                throw CommandFailure("cannot read '\(data)': it is not UTF-8 text", exitCode: .usage)
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
        let recording = try trainingRecorder(for: model, sampleCount: setup.data.count)
        // Ctrl-C stops the training at the end of its step (a second one ends gradviz at once).
        ProcessCleanup.catchInterrupt(true)
        let run = TrainingRun(
            recipe: recipe, model: model, data: setup.data, recorder: recording,
            onStep: { progress.update($0) }, shouldStop: { ProcessCleanup.wasInterrupted })
        ProcessCleanup.catchInterrupt(false)
        progress.finish()
        let history = run.history
        if run.wasStopped { try stopInterrupted(history: history, model: model) }
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
        if let saveWeights { try writeWeights(model, to: saveWeights) }
        if let lossPlot { try drawLossPlot(history, title: "Training on \(setup.name)", to: lossPlot) }
        if let boundary { try drawBoundary(model: model, data: setup.data, to: boundary) }
        if let recorder {
            try writeReplay(
                recorder, model: model, history: history, final: final, setup: setup)
        } else if output.out != nil || output.format != nil {
            try drawView(model: model, setup: setup, batch: history.last?.batch)
        }
    }

    /// Ctrl-C during training: writes what needs no drawing (`--losses`, `--save-weights`) for
    /// the steps done, says so and what was not written, and exits with 130 as for SIGINT.
    func stopInterrupted(history: [Trainer.Step], model: NeuralNet.MLP) throws(CommandFailure) {
        var written: [String] = []
        if let losses {
            try writeLosses(history, to: losses)
            written.append("--losses \(losses) (\(NumberText.count(history.count, "step")))")
        }
        if let saveWeights {
            try writeWeights(model, to: saveWeights)
            written.append("--save-weights \(saveWeights) (after step \(history.count))")
        }
        let pictures = [
            (output.out != nil || output.format != nil) ? "--out" : nil, lossPlot.map { _ in "--loss-plot" },
            boundary.map { _ in "--boundary" },
        ].compactMap { $0 }
        var message = "training stopped by Ctrl-C after \(history.count) of \(NumberText.count(steps, "step"))"
        if !written.isEmpty { message += "; wrote \(written.joined(separator: " and "))" }
        if !pictures.isEmpty { message += "; \(pictures.joined(separator: ", ")) not written" }
        if written.isEmpty && pictures.isEmpty { message += "; nothing written" }
        throw CommandFailure(message, exitCode: ExitCode(130))
    }

    /// `--save-weights`: the parameters as a JSON array, in micrograd's parameters() order.
    func writeWeights(_ model: NeuralNet.MLP, to path: String) throws(CommandFailure) {
        let text = "[" + model.parameterData.map(JSONText.number).joined(separator: ", ") + "]\n"
        try OutputWriter.write(Array(text.utf8), to: path, timeout: output.timeout)
    }
}
