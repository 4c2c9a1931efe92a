import Autograd

/// How to train a small MLP: the data, the model's shape, the loss and the learning-rate
/// schedule.
///
/// ``moonsDemo`` and ``lecture`` are micrograd's two recipes, and `gradviz mlp`'s defaults, so
/// a Swift user who trains with them gets the command's numbers and pictures.
public struct TrainingRecipe: Sendable, Equatable {
    /// Where the training data comes from.
    public enum DataSource: Sendable, Equatable {
        /// ``Dataset/moons(count:noise:seed:)`` with these settings.
        case moons(Moons)
        /// ``Dataset/tiny``, micrograd's 4-sample set.
        case tiny
        /// ``Dataset/iris``, Fisher's 150 flowers of three species.
        case iris

        /// The settings of ``Dataset/moons(count:noise:seed:)``.
        public struct Moons: Sendable, Equatable {
            public var count: Int
            /// Standard deviation of the noise added to the points.
            public var noise: Double
            public var seed: UInt64

            public init(count: Int, noise: Double, seed: UInt64) {
                self.count = count
                self.noise = noise
                self.seed = seed
            }

            /// micrograd's demo: 100 samples, noise 0.1 (seed 1).
            public static let demo = Moons(count: 100, noise: 0.1, seed: 1)
        }
    }

    public var data: DataSource
    /// Layer sizes after the inputs; the last layer is the output.
    public var layerSizes: [Int]
    /// Activation of every layer but the last (which is linear).
    public var activation: Activation
    public var loss: Loss
    /// Weight of the L2 penalty on the parameters (0: none).
    public var l2: Double
    /// Learning rate at the first step.
    public var learningRate: Double
    /// How many times smaller the rate is after the last step than at the first (1: constant).
    public var learningRateFall: Double
    /// Learning rate after the last step, when set; otherwise ``learningRate`` divided by
    /// ``learningRateFall``.
    public var finalLearningRate: Double?
    /// Training steps, each on the whole dataset.
    public var steps: Int
    /// Seed of the initial weights (Autograd's `SeededGenerator`), and of the minibatches.
    public var weightSeed: UInt64
    /// Samples per training step, drawn by a generator seeded from ``weightSeed``; `nil`:
    /// every step trains on the whole dataset.
    public var batchSize: Int?

    public init(
        data: DataSource, layerSizes: [Int], activation: Activation, loss: Loss, l2: Double,
        learningRate: Double, learningRateFall: Double, finalLearningRate: Double? = nil, steps: Int,
        weightSeed: UInt64,
        batchSize: Int? = nil
    ) {
        self.batchSize = batchSize
        self.data = data
        self.layerSizes = layerSizes
        self.activation = activation
        self.loss = loss
        self.l2 = l2
        self.learningRate = learningRate
        self.learningRateFall = learningRateFall
        self.finalLearningRate = finalLearningRate
        self.steps = steps
        self.weightSeed = weightSeed
    }

    /// micrograd's demo.ipynb: 100 moons samples (noise 0.1), MLP(2, [16, 16, 1]) with ReLU,
    /// SVM max-margin (hinge) loss + 1e-4 L2, learning rate 1.0 falling to 0.1 over 100 steps.
    public static let moonsDemo = TrainingRecipe(
        data: .moons(.demo), layerSizes: [16, 16, 1], activation: .relu, loss: .hinge,
        l2: 1e-4, learningRate: 1.0, learningRateFall: 10, steps: 100, weightSeed: 1337)

    /// micrograd's lecture: the 4-sample set, MLP(3, [4, 4, 1]) with tanh, mean squared error,
    /// a constant learning rate of 0.05 (the lecture stepped by hand; 100 steps here, as for
    /// the demo).
    public static let lecture = TrainingRecipe(
        data: .tiny, layerSizes: [4, 4, 1], activation: .tanh, loss: .meanSquaredError,
        l2: 0, learningRate: 0.05, learningRateFall: 1, steps: 100, weightSeed: 1337)

    /// Fisher's iris, three classes: MLP(4, [8, 3]) with tanh, softmax cross-entropy + 1e-4 L2,
    /// learning rate 0.2 falling to 0.02 over 100 steps.
    ///
    /// The features are the raw centimetres (up to 7.9), where ReLU units die at the first
    /// steps for most seeds; tanh trains to 96–98% for every seed tried.
    public static let iris = TrainingRecipe(
        data: .iris, layerSizes: [8, 3], activation: .tanh, loss: .crossEntropy,
        l2: 1e-4, learningRate: 0.2, learningRateFall: 10, steps: 100, weightSeed: 1337)

    /// The recipe's data.
    public func dataset() -> Dataset {
        switch data {
        case .moons(let moons): .moons(count: moons.count, noise: moons.noise, seed: moons.seed)
        case .tiny: .tiny
        case .iris: .iris
        }
    }

    /// The learning rate falling in a straight line from ``learningRate`` to the final rate
    /// over ``steps``; constant when the two are equal.
    public var schedule: Trainer.Schedule {
        let end = finalLearningRate ?? learningRate / learningRateFall
        return end == learningRate
            ? .constant(learningRate) : .linear(start: learningRate, end: end, steps: max(steps, 1))
    }

    /// A freshly initialised model for data with `inputs` features.
    public func model(inputs: Int) -> MLP {
        var generator = SeededGenerator(seed: weightSeed)
        return MLP(inputs: inputs, layerSizes: layerSizes, activation: activation, generator: &generator)
    }

    /// A trainer for `model` on `data` with this recipe's loss, penalty and schedule.
    public func trainer(for model: MLP, on data: Dataset) -> Trainer {
        Trainer(
            model: model, data: data, loss: loss, l2: l2, schedule: schedule, batchSize: batchSize,
            batchSeed: weightSeed &+ 1)
    }

    /// Trains a new model on the recipe's data for ``steps`` steps: the model and each step's
    /// measurements.
    public func train() -> (model: MLP, data: Dataset, history: [Trainer.Step]) {
        let data = dataset()
        let model = model(inputs: data.featureCount)
        var trainer = trainer(for: model, on: data)
        let history = (0..<steps).map { _ in trainer.step() }
        return (model, data, history)
    }
}
