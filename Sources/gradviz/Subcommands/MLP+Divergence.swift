import Autograd
import Foundation
import GraphModel
import NeuralNet
import Plots

extension Gradviz.MLP {
    /// Training diverged: writes what still means something (the losses and their plot, which
    /// show the divergence), then fails with one line that names the step and what to change.
    ///
    /// The weights, the pictures and the boundary of a diverged model are not written; a
    /// training page is (`replay`): it replays the run up to the step that diverged.
    func stopDiverged(
        _ divergence: Divergence, history: [Trainer.Step], setup: Setup,
        replay: (recorder: TrainingRecorder, model: NeuralNet.MLP, final: (loss: Double, accuracy: Double))?
    ) throws(CommandFailure) {
        let rate = NumberFormat.exact(setup.recipe.learningRate)
        let advice =
            divergence.isBeforeTraining
            ? "the data or the starting weights give a non-finite loss"
            : "training diverged; try a smaller --lr than \(rate)"
        var written: [String] = []
        if let losses {
            try writeLosses(history, to: losses)
            written.append(losses)
        }
        if let lossPlot {
            try drawLossPlot(
                history, title: "Training on \(setup.name) (diverged at step \(divergence.step))", to: lossPlot)
            written.append(lossPlot)
        }
        if var replay {
            // The page counts steps from 0 (the model after k updates, as micrograd prints them);
            // the command's line counts from 1.
            replay.recorder.stopped(
                because: "\(divergence) of the run, counted from 1 as gradviz mlp and --losses count: \(advice)")
            try writeReplay(
                replay.recorder, model: replay.model, history: history, final: replay.final, setup: setup)
            written.append(output.resolved.destination ?? "the page")
        }
        let skipped = [
            saveWeights.map { _ in "--save-weights" }, boundary.map { _ in "--boundary" },
            (output.out != nil || output.format != nil) && replay == nil ? "--out" : nil,
        ].compactMap { $0 }
        var outcome = written.isEmpty ? "nothing written" : "wrote \(written.joined(separator: " and "))"
        if !skipped.isEmpty && !written.isEmpty {
            outcome += "; \(skipped.joined(separator: ", ")) not written"
        }
        let what =
            divergence.step > steps
            ? "the trained model's loss is \(NumberFormat.short(divergence.loss)) after step \(steps)" : "\(divergence)"
        throw CommandFailure("\(what): \(advice) (\(outcome))")
    }
}
