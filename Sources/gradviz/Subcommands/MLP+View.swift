import ArgumentParser
import NeuralNet

extension Gradviz.MLP {
    /// `--view`: one of the trained model's pictures, or the training replay.
    enum ViewChoice: String, CaseIterable, ExpressibleByArgument {
        case sample, neurons, loss, training

        /// The picture NeuralNet draws, `nil` for the training replay.
        var picture: MLPView? { MLPView(rawValue: rawValue) }
    }

    /// What `--out` draws: `--view`, or by default the training replay for an .html page, the
    /// neurons view for a .png (a sample's graph, hundreds of values even for micrograd's
    /// lecture MLP, makes a bitmap of thousands of pixels whose text cannot be read; the
    /// neurons fit a screen), and the sample view otherwise (and with --focus).
    var resolvedView: ViewChoice {
        if let view { return view }
        switch output.resolved.format {
        case .html: return .training
        case .png where focus == nil && (output.out != nil || output.format != nil): return .neurons
        default: return .sample
        }
    }

    /// Whether the neurons view was chosen for a PNG because no --view was given.
    var neuronsChosenForPNG: Bool { view == nil && output.resolved.format == .png && resolvedView == .neurons }

    /// Whether the run is recorded for a training page (`--out` with the training view).
    var recordsTraining: Bool {
        (output.out != nil || output.format != nil) && resolvedView == .training
    }
}
