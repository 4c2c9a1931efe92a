import Autograd

/// Stochastic gradient descent, step by step: on the whole dataset, or with a batch size on
/// that many samples per step drawn by a seeded generator (micrograd's demo's
/// `loss(batch_size=…)`: a random permutation's first N).
public struct Trainer {
    /// How the learning rate changes over the steps.
    public enum Schedule: Sendable, Equatable {
        case constant(Double)
        /// From `start` down to `end` in a straight line over `steps`:
        /// `start - (start - end) * k / steps` (micrograd's demo: 1.0 to 0.1 over 100 steps).
        case linear(start: Double, end: Double, steps: Int)

        public func rate(at step: Int) -> Double {
            switch self {
            case .constant(let rate): rate
            case .linear(let start, let end, let steps): start - (start - end) * Double(step) / Double(steps)
            }
        }
    }

    /// What one step measured, before its update.
    public struct Step: Sendable, Equatable {
        public var index: Int
        public var loss: Double
        public var accuracy: Double
        public var learningRate: Double
        /// The samples (indices into the data) this step trained on, in the order drawn;
        /// `nil` when it trained on every sample.
        public var batch: [Int]?
    }

    public let model: MLP
    public let data: Dataset
    public let loss: Loss
    public let l2: Double
    public let schedule: Schedule
    /// Samples per step, or `nil` for the whole dataset.
    public let batchSize: Int?
    public private(set) var stepsTaken = 0
    private var generator: SeededGenerator

    /// - Parameters:
    ///   - model: the network whose parameters are trained.
    ///   - data: the training set.
    ///   - loss: the per-sample loss.
    ///   - l2: the weight of the L2 penalty on every parameter.
    ///   - schedule: the learning rate at each step.
    ///   - batchSize: samples per step (at most the data's count; `nil` or the count: all).
    ///   - batchSeed: seed of the generator that draws the batches (same seed, same batches).
    public init(
        model: MLP, data: Dataset, loss: Loss = .hinge, l2: Double = 1e-4, schedule: Schedule, batchSize: Int? = nil,
        batchSeed: UInt64 = 1
    ) {
        precondition(batchSize.map { $0 > 0 } ?? true, "a batch needs at least one sample")
        self.model = model
        self.data = data
        self.loss = loss
        self.l2 = l2
        self.schedule = schedule
        self.batchSize = batchSize.flatMap { $0 < data.count ? $0 : nil }
        self.generator = SeededGenerator(seed: batchSeed)
    }

    /// The next batch: the first `size` of a random permutation of the sample indices
    /// (a partial Fisher–Yates shuffle), in the order drawn.
    static func draw(_ size: Int, of count: Int, using generator: inout SeededGenerator) -> [Int] {
        var indices = Array(0..<count)
        for position in 0..<size {
            indices.swapAt(position, position + generator.pick(count - position))
        }
        return Array(indices.prefix(size))
    }

    /// One step: rebuild the loss graph (on this step's batch), zero the gradients,
    /// backpropagate, update.
    public mutating func step() -> Step {
        model.resetGraph()
        var batch: [Int]?
        var stepData = data
        if let batchSize {
            let drawn = Self.draw(batchSize, of: data.count, using: &generator)
            batch = drawn
            stepData = Dataset(inputs: drawn.map { data.inputs[$0] }, targets: drawn.map { data.targets[$0] })
        }
        let graph = model.lossGraph(on: stepData, loss: loss, l2: l2)
        let tape = model.tape
        model.zeroGrad()
        tape.backward(from: graph.total)
        let rate = schedule.rate(at: stepsTaken)
        for id in model.parameterIDs {
            tape.setData(id, tape.data(id) - rate * tape.grad(id))
        }
        defer { stepsTaken += 1 }
        return Step(
            index: stepsTaken, loss: tape.data(graph.total), accuracy: graph.accuracy, learningRate: rate, batch: batch)
    }
}
