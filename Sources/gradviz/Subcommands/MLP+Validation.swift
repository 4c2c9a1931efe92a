import ArgumentParser
import Foundation
import NeuralNet

extension Gradviz.MLP {
    /// Option combinations and ranges, checked before anything runs.
    mutating func validate() throws {
        if steps < 0 { throw ValidationError("--steps must be 0 or more") }
        if samples < 2 { throw ValidationError("--samples must be at least 2") }
        if samples > Dataset.maximumRows {
            throw ValidationError("--samples \(samples): gradviz trains on up to \(Dataset.maximumRows) samples")
        }
        if steps > Self.maximumSteps {
            throw ValidationError("--steps \(steps): gradviz trains for up to \(Self.maximumSteps) steps")
        }
        if !noise.isFinite || noise < 0 { throw ValidationError("--noise must be a finite number, 0 or more") }
        for (name, rate) in [("--lr", lr), ("--lr-end", lrEnd)] {
            if let rate, !rate.isFinite { throw ValidationError("\(name) must be a finite number") }
        }
        if maxNodes < 20 { throw ValidationError("--max-nodes must be at least 20") }
        if let batchSize, batchSize < 1 { throw ValidationError("--batch-size must be at least 1") }
        if let sample, sample < 1 { throw ValidationError("--sample counts from 1") }
        if let view, output.out == nil, output.format == nil {
            let file = view == .training ? "training.html" : "\(view.rawValue).svg"
            throw ValidationError(
                "--view \(view.rawValue) picks what --out draws, and no --out was given: add one, such as --out \(file)"
            )
        }
        if focus != nil && resolvedView != .sample {
            throw ValidationError(
                "--focus works with --view sample"
                    + (view == nil ? " (an .html page replays the training unless --view says otherwise)" : ""))
        }
        if resolvedView == .training, output.out != nil || output.format != nil,
            ![.html, .json].contains(output.resolved.format)
        {
            throw ValidationError(
                "--view training is an interactive page: write it as .html (or its record with --format json)")
        }
        if let layers { _ = try Self.parseLayers(layers) }
        for path in [lossPlot, boundary].compactMap({ $0 }) {
            let fileExtension = (path as NSString).pathExtension.lowercased()
            guard ["svg", "png", "pdf"].contains(fileExtension) else {
                throw ValidationError("plots are written as .svg, .png or .pdf, not '\(path)'")
            }
        }
    }
}
