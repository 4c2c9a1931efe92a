/// A training run recorded for replay: the network seen one neuron at a time (a
/// ``NetworkSnapshot``) at each recorded step, the loss and accuracy curves, and the data's
/// plane for a decision boundary.
///
/// What `gradviz mlp --out training.html` plays back.
///
/// Step `k` is the model after `k` updates: its loss, accuracy and gradients are the ones
/// micrograd's demo prints as "step k" and applies in its next update; the last step is the
/// trained model (no update follows it).
public struct TrainingReplay: Sendable, Equatable {
    /// The network at one recorded step.
    public struct Frame: Sendable, Equatable {
        /// Updates applied so far.
        public var step: Int
        public var loss: Double
        public var accuracy: Double
        /// The learning rate of the update that follows, `nil` at the last step.
        public var learningRate: Double?
        /// Every unit's output on the shown sample and its gradient; every weight and its
        /// gradient; each neuron's bias.
        public var network: NetworkSnapshot

        public init(step: Int, loss: Double, accuracy: Double, learningRate: Double?, network: NetworkSnapshot) {
            self.step = step
            self.loss = loss
            self.accuracy = accuracy
            self.learningRate = learningRate
            self.network = network
        }
    }

    /// The plane of two-feature data: where the page shades the model's decision boundary.
    public struct Plane: Sendable, Equatable {
        public var xRange: ClosedRange<Double>
        public var yRange: ClosedRange<Double>
        /// Cells along each side of the grid (as in the `--boundary` plot).
        public var cells: Int
        /// Each sample's two features and target.
        public var points: [[Double]]

        public init(xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, cells: Int, points: [[Double]]) {
            self.xRange = xRange
            self.yRange = yRange
            self.cells = cells
            self.points = points
        }
    }

    /// What was trained, for the page's title.
    public var title: String
    /// The loss by its `gradviz mlp --loss` name (how the page colours the boundary).
    public var loss: String
    /// Steps trained (the last frame's step; where training stopped when it diverged).
    public var steps: Int
    /// Frames in step order; the first is step 0 and the last is step ``steps``.
    public var frames: [Frame]
    /// The loss and accuracy at steps `0, curveStride, 2·curveStride, …` and at ``steps``.
    public var curveStride: Int
    public var losses: [Double]
    public var accuracies: [Double]
    public var plane: Plane?
    /// What was left out to keep the page small, for the user; `nil` when every step is there.
    public var note: String?
    /// Why training stopped at the last frame before its planned end (it diverged there), for
    /// the page's caption; `nil` when it ran every step.
    public var stopped: String?
    /// Samples per step when training used minibatches: a frame's grads are then the whole
    /// data's, while its update used its batch's.
    ///
    /// `nil` when every step used every sample.
    public var batchSize: Int?

    public init(
        title: String, loss: String, steps: Int, frames: [Frame], curveStride: Int, losses: [Double],
        accuracies: [Double], plane: Plane?, note: String?, stopped: String? = nil, batchSize: Int? = nil
    ) {
        self.title = title
        self.loss = loss
        self.steps = steps
        self.frames = frames
        self.curveStride = curveStride
        self.losses = losses
        self.accuracies = accuracies
        self.plane = plane
        self.note = note
        self.stopped = stopped
        self.batchSize = batchSize
    }

    // MARK: - How much is recorded

    /// Most bytes a replay's record takes (its JSON): the page stays under 5 MB however long
    /// the run, big the network or many the samples.
    public static let recordBudget = 4_000_000
    /// Most points of each curve.
    public static let maximumCurvePoints = 20_000
    /// Most data points the boundary shows (every k-th sample beyond).
    public static let maximumPlanePoints = 5_000
    /// Bytes a recorded number takes at most in the record (`-1.2345678901234567e-123,`).
    static let bytesPerNumber = 25
    /// Bytes of the network's shape at most: a connection (`[12, 345, 678, "L13.N679.w346"],`)
    /// and a unit (`{"name": "L13.N679", "activation": "linear"},` and its share of the
    /// caption).
    static let bytesPerConnection = 48
    static let bytesPerUnit = 96

    /// What a run of `steps` steps records: the network at every `frame`-th step (and the
    /// last), the curves at every `curve`-th step (and the last), and every `point`-th of
    /// `sampleCount` samples on the plane.
    ///
    /// `nil` when not even the first and last steps of a network with `parameterCount`
    /// parameters and `unitCount` inputs and neurons fit in ``recordBudget``.
    public static func strides(
        steps: Int, parameterCount: Int, unitCount: Int, sampleCount: Int = 0
    ) -> (frame: Int, curve: Int, point: Int)? {
        let curve = roundStride(max(1, (steps + maximumCurvePoints - 1) / maximumCurvePoints))
        let point = max(1, (sampleCount + maximumPlanePoints - 1) / maximumPlanePoints)
        let fixed =
            2 * (steps / curve + 2) * bytesPerNumber + 3 * (sampleCount / point + 1) * bytesPerNumber
            + parameterCount * bytesPerConnection + unitCount * bytesPerUnit + 4_096
        // Weights and their grads, biases, each unit's output and grad.
        let frameBytes = (2 * parameterCount + 2 * unitCount + 8) * bytesPerNumber
        let room = (recordBudget - fixed) / frameBytes
        guard room >= 2 else { return nil }
        // Frames at 0, s, 2s, … and the last: steps / s + 2 at most. s is 1, 2 or 5 times a
        // power of ten, so the recorded steps are round numbers.
        let needed = room > 2 ? (steps + room - 3) / (room - 2) : steps + 1
        return (roundStride(max(1, needed)), curve, point)
    }

    /// The smallest of 1, 2, 5, 10, 20, 50, … at least `value`.
    static func roundStride(_ value: Int) -> Int {
        var scale = 1
        while true {
            for factor in [1, 2, 5] where factor * scale >= value { return factor * scale }
            if scale > Int.max / 100 { return value }
            scale *= 10
        }
    }
}
