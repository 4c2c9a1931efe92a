import Autograd

/// Stochastic gradient descent on the whole dataset, step by step.
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
    }

    public let model: MLP
    public let data: Dataset
    public let loss: Loss
    public let l2: Double
    public let schedule: Schedule
    public private(set) var stepsTaken = 0

    public init(model: MLP, data: Dataset, loss: Loss = .hinge, l2: Double = 1e-4, schedule: Schedule) {
        self.model = model
        self.data = data
        self.loss = loss
        self.l2 = l2
        self.schedule = schedule
    }

    /// One step: rebuild the loss graph, zero the gradients, backpropagate, update.
    public mutating func step() -> Step {
        model.resetGraph()
        let graph = model.lossGraph(on: data, loss: loss, l2: l2)
        let tape = model.tape
        model.zeroGrad()
        tape.backward(from: graph.total)
        let rate = schedule.rate(at: stepsTaken)
        for id in model.parameterIDs {
            tape.setData(id, tape.data(id) - rate * tape.grad(id))
        }
        defer { stepsTaken += 1 }
        return Step(index: stepsTaken, loss: tape.data(graph.total), accuracy: graph.accuracy, learningRate: rate)
    }
}
