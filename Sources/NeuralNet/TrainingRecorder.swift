public import GraphModel

/// Records a training run for replay: the parameters at every `frameStride`-th step (and the
/// last), from which ``replay(model:history:final:data:loss:l2:sample:title:)`` rebuilds each
/// step's network afterwards, so training itself only copies numbers.
public struct TrainingRecorder {
    /// The steps recorded: 0, `frameStride`, 2·`frameStride`, … and the last.
    public let frameStride: Int
    /// The curves' points: every `curveStride`-th step and the last.
    public let curveStride: Int
    /// The plane's points: every `pointStride`-th sample.
    public let pointStride: Int
    /// Steps the run will take.
    public let steps: Int
    private var saved: [(step: Int, parameters: [Double])] = []
    /// The last step observed, kept whether recorded or not: training may stop there.
    private var latest: (step: Int, parameters: [Double])?
    /// Where training stopped early, and why.
    private var stop: (step: Int, reason: String)?

    /// A recorder for `steps` steps of `model` on `sampleCount` samples, or `nil` when even the
    /// first and last steps of so big a network would not fit in
    /// `TrainingReplay.recordBudget`.
    public init?(steps: Int, model: MLP, sampleCount: Int) {
        let units = model.inputCount + model.layerSizes.reduce(0, +)
        guard
            let strides = TrainingReplay.strides(
                steps: steps, parameterCount: model.parameterIDs.count, unitCount: units, sampleCount: sampleCount)
        else { return nil }
        self.frameStride = strides.frame
        self.curveStride = strides.curve
        self.pointStride = strides.point
        self.steps = steps
    }

    /// Call with the model after `step` updates, for `step` in `0...steps`.
    public mutating func observe(_ model: MLP, afterUpdates step: Int) {
        let parameters = model.parameterData
        latest = (step, parameters)
        guard step % frameStride == 0 || step == steps, saved.last?.step != step else { return }
        saved.append((step, parameters))
    }

    /// The step where training stopped early, if it did.
    public var stoppedAt: Int? { stop?.step }

    /// Training stopped at the last step observed (its loss diverged): the replay ends there,
    /// and says `reason`.
    public mutating func stopped(because reason: String) {
        guard let latest else { return }
        if saved.last?.step != latest.step { saved.append(latest) }
        stop = (latest.step, reason)
    }

    /// The recorded run.
    ///
    /// Each frame is the model's network on `sample` (0-based; `nil`: the trained model's
    /// largest-loss sample) with its parameters as they were at that step. The model is left
    /// with its trained parameters.
    ///
    /// - Parameters:
    ///   - model: the trained network (its parameters are set to each recorded step's in turn,
    ///     then put back).
    ///   - history: each step's loss and accuracy, before its update.
    ///   - final: the trained model's loss and accuracy (the last step's).
    ///   - data: the training data, for each step's network and the boundary's plane.
    ///   - loss: the loss trained with.
    ///   - l2: the weight of the L2 penalty in the loss.
    ///   - sample: the sample whose outputs and grads the neurons show (0-based).
    ///   - title: what was trained, for the page.
    /// - Returns: the replay: a frame for each recorded step, the loss and accuracy curves, and
    ///   the data's plane when the data has two features.
    public func replay(
        model: MLP, history: [Trainer.Step], final: (loss: Double, accuracy: Double), data: Dataset, loss: Loss,
        l2: Double, sample: Int?, title: String
    ) -> TrainingReplay {
        let trained = model.parameterData
        let shown = sample ?? model.sampleWithLargestLoss(data: data, loss: loss)
        func measured(_ step: Int) -> (loss: Double, accuracy: Double) {
            step < history.count ? (history[step].loss, history[step].accuracy) : final
        }
        let frames = saved.map { step, parameters in
            model.parameterData = parameters
            let network = model.networkSnapshot(
                data: data, sample: shown, loss: loss, l2: l2, isLargestLoss: sample == nil)
            return TrainingReplay.Frame(
                step: step, loss: measured(step).loss, accuracy: measured(step).accuracy,
                learningRate: step < history.count && step != stop?.step ? history[step].learningRate : nil,
                network: network)
        }
        model.parameterData = trained
        let last = stop?.step ?? self.steps
        let curveSteps = Array(stride(from: 0, to: last, by: curveStride)) + [last]
        var plane: TrainingReplay.Plane?
        if let area = try? DecisionBoundary.plane(of: data) {
            plane = TrainingReplay.Plane(
                xRange: area.xRange, yRange: area.yRange, cells: DecisionBoundary.defaultCells,
                points: stride(from: 0, to: data.count, by: pointStride).map { data.inputs[$0] + [data.targets[$0]] })
        }
        var steps: [String] = []
        if frameStride > 1 { steps.append("the network at every \(ordinal(frameStride)) step") }
        if curveStride > 1 { steps.append("the curves at every \(ordinal(curveStride)) step") }
        var left: [String] = []
        if !steps.isEmpty { left.append("\(steps.joined(separator: " and ")) (and the last) of \(last)") }
        if pointStride > 1 && plane != nil {
            left.append("every \(ordinal(pointStride)) of \(data.count) samples on the boundary")
        }
        let note =
            left.isEmpty
            ? nil
            : "recorded \(left.joined(separator: ", and ")), to keep the page under \(TrainingReplay.recordBudget / 1_000_000) MB"
        return TrainingReplay(
            title: title, loss: loss.rawValue, steps: last, frames: frames, curveStride: curveStride,
            losses: curveSteps.map { measured($0).loss }, accuracies: curveSteps.map { measured($0).accuracy },
            plane: plane, note: note, stopped: stop?.reason,
            batchSize: history.first?.batch.map(\.count))
    }

    private func ordinal(_ n: Int) -> String {
        let suffix = (11...13).contains(n % 100) || n % 10 > 3 ? "th" : ["th", "st", "nd", "rd"][n % 10]
        return "\(n)\(suffix)"
    }
}
