import ArgumentParser
import NeuralNet

extension Gradviz.MLP {
    /// `--view`: one of the trained model's pictures, or the training replay.
    enum ViewChoice: String, CaseIterable, ExpressibleByArgument {
        case sample, neurons, loss, training

        /// The picture NeuralNet draws, `nil` for the training replay.
        var picture: MLPView? { MLPView(rawValue: rawValue) }
    }

    /// What `--out` draws: `--view`, or by default the training replay for an .html page and
    /// the sample view otherwise.
    var resolvedView: ViewChoice {
        view ?? (output.resolved.format == .html ? .training : .sample)
    }

    /// Whether the run is recorded for a training page (`--out` with the training view).
    var recordsTraining: Bool {
        (output.out != nil || output.format != nil) && resolvedView == .training
    }
}
