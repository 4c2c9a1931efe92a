/// A neural network seen one neuron at a time: each unit's activation and gradient, each weight
/// as a connection.
///
/// The picture behind `gradviz mlp --view neurons`.
public struct NetworkSnapshot: Sendable, Equatable {
    /// An input feature or a neuron.
    public struct Unit: Sendable, Equatable {
        /// `x1` for inputs, `L1.N3` for neurons.
        public var name: String
        /// `relu`, `tanh` or `linear` for neurons, `nil` for inputs.
        public var activation: String?
        /// Output on the chosen sample.
        public var data: Double
        /// Gradient of the loss with respect to that output.
        public var grad: Double
        /// The neuron's bias, `nil` for inputs.
        public var bias: Double?
        /// A ReLU neuron whose output is zero on every sample: it passes no gradient back.
        public var isDead: Bool
        /// Σ |grad| of the output over every sample: how much gradient flows through the unit.
        public var batchGradient: Double?

        public init(
            name: String, activation: String? = nil, data: Double, grad: Double, bias: Double? = nil,
            isDead: Bool = false, batchGradient: Double? = nil
        ) {
            self.batchGradient = batchGradient
            self.name = name
            self.activation = activation
            self.data = data
            self.grad = grad
            self.bias = bias
            self.isDead = isDead
        }
    }

    /// A weight from a unit of one layer to a unit of the next.
    public struct Connection: Sendable, Equatable {
        /// Layer of the source unit (0: inputs) and the unit's index in it.
        public var fromLayer: Int
        public var from: Int
        /// Index of the target unit in layer `fromLayer + 1`.
        public var to: Int
        /// `L1.N3.w2`.
        public var name: String
        public var weight: Double
        public var grad: Double

        public init(fromLayer: Int, from: Int, to: Int, name: String, weight: Double, grad: Double) {
            self.fromLayer = fromLayer
            self.from = from
            self.to = to
            self.name = name
            self.weight = weight
            self.grad = grad
        }
    }

    /// `layers[0]` are the inputs, the last layer the outputs.
    public var layers: [[Unit]]
    public var connections: [Connection]
    /// Which sample the activations are for, and what it was.
    public var caption: String

    public init(layers: [[Unit]], connections: [Connection], caption: String) {
        self.layers = layers
        self.connections = connections
        self.caption = caption
    }
}
