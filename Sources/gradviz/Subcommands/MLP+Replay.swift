import DotExport
import Foundation
import GraphModel
import NeuralNet
import Pages
import Plots

extension Gradviz.MLP {
    /// A recorder for the run, or a one-line failure when even its first and last steps would
    /// not fit in the page's budget.
    func trainingRecorder(for model: NeuralNet.MLP, sampleCount: Int) throws(CommandFailure) -> TrainingRecorder? {
        guard recordsTraining else { return nil }
        guard let recorder = TrainingRecorder(steps: steps, model: model, sampleCount: sampleCount) else {
            throw CommandFailure(
                "--view training records every weight and its grad at each recorded step, and with \(NumberText.count(model.parameterIDs.count, "parameter")) not even the first and last steps fit the page's \(TrainingReplay.recordBudget / 1_000_000) MB; draw the trained network with --view neurons, or the curves with --loss-plot",
                exitCode: .usage)
        }
        return recorder
    }

    /// `--out` for the training view: the replay page, or with `--format json` its record.
    func writeReplay(
        _ recorder: TrainingRecorder, model: NeuralNet.MLP, history: [Trainer.Step],
        final: (loss: Double, accuracy: Double), setup: Setup
    ) throws(CommandFailure) {
        let (format, destination) = output.resolved
        let sizes = setup.recipe.layerSizes.map(String.init).joined(separator: ",")
        let replay = recorder.replay(
            model: model, history: history, final: final, data: setup.data, loss: setup.recipe.loss,
            l2: setup.recipe.l2, sample: sample.map { $0 - 1 },
            title: "training a \(sizes) MLP on \(setup.name), "
                + (recorder.stoppedAt.map { "diverged after \(NumberText.count($0, "update")) of \(steps)" }
                    ?? NumberText.count(steps, "step")))
        if let note = replay.note { Diagnostics.note(note) }
        if format == .json {
            try OutputWriter.write(Array((replay.jsonText + "\n").utf8), to: destination, timeout: output.timeout)
            return
        }
        let pointLegend = BoundaryPlot.pointLegend(
            outputCount: setup.recipe.layerSizes.last ?? 1, atMost: BoundaryPlot.classColors.count)
        let colors = TrainingPage.Colors(
            named: DotExport.networkColors + BoundaryPlot.colors, classes: BoundaryPlot.classColors)
        let page = TrainingPage.page(
            replay: replay, colors: colors,
            legend: DotExport.networkLegend + (replay.plane == nil ? [] : pointLegend))
        try OutputWriter.write(Array(page.utf8), to: destination, timeout: output.timeout)
    }
}
