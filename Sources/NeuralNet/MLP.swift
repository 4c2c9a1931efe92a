public import Autograd
public import GraphModel

/// A multi-layer perceptron with micrograd's semantics: weights uniform in [-1, 1], biases 0,
/// every layer but the last with `activation`, the last with `outputActivation` (linear by
/// default).
///
/// The parameters are the first nodes of the model's tape and stay there; each forward pass
/// appends to the tape, and ``resetGraph()`` drops everything after the parameters, so a
/// training loop rebuilds its graph every step without allocating.
public final class MLP {
    public let tape: Tape
    public let inputCount: Int
    public let layers: [Layer]
    /// Tape ids of every parameter in micrograd's `parameters()` order: layer by layer,
    /// neuron by neuron, the weights then the bias.
    public let parameterIDs: [Int32]
    /// The place of each parameter, parallel to ``parameterIDs``.
    public let parameterPlaces: [NodePlace]

    public init(
        inputs: Int, layerSizes: [Int], activation: Activation = .relu, outputActivation: Activation = .linear,
        generator: inout SeededGenerator
    ) {
        precondition(
            inputs > 0 && !layerSizes.isEmpty && layerSizes.allSatisfy { $0 > 0 },
            "an MLP needs inputs and non-empty layers")
        let sizes = [inputs] + layerSizes
        let parameterCount = zip(sizes, sizes.dropFirst()).reduce(0) { $0 + ($1.0 + 1) * $1.1 }
        let tape = Tape(capacity: max(1024, parameterCount * 4))
        var layers: [Layer] = []
        var ids: [Int32] = []
        var places: [NodePlace] = []
        for layerIndex in 0..<layerSizes.count {
            let isLast = layerIndex == layerSizes.count - 1
            var neurons: [Neuron] = []
            for neuronIndex in 0..<layerSizes[layerIndex] {
                var weights: [Int32] = []
                for weightIndex in 0..<sizes[layerIndex] {
                    let place = NodePlace(
                        layer: layerIndex + 1, neuron: neuronIndex + 1, part: .weight(weightIndex + 1))
                    let id = tape.leaf(generator.uniform(-1, 1))
                    tape.setLabel(id, place.description)
                    tape.setPlace(place, for: id..<(id + 1))
                    weights.append(id)
                    ids.append(id)
                    places.append(place)
                }
                let biasPlace = NodePlace(layer: layerIndex + 1, neuron: neuronIndex + 1, part: .bias)
                let bias = tape.leaf(0)
                tape.setLabel(bias, biasPlace.description)
                tape.setPlace(biasPlace, for: bias..<(bias + 1))
                ids.append(bias)
                places.append(biasPlace)
                neurons.append(
                    Neuron(
                        weights: weights, bias: bias, activation: isLast ? outputActivation : activation,
                        place: NodePlace(layer: layerIndex + 1, neuron: neuronIndex + 1, part: .computation)))
            }
            layers.append(Layer(neurons: neurons))
        }
        self.tape = tape
        self.inputCount = inputs
        self.layers = layers
        self.parameterIDs = ids
        self.parameterPlaces = places
    }

    /// Layer sizes after the inputs.
    public var layerSizes: [Int] { layers.map(\.neurons.count) }

    /// The parameters as values (their data persists across ``resetGraph()``).
    public var parameters: [Value] { parameterIDs.map { Value(id: $0, on: tape) } }

    /// The parameters' current data, in ``parameterIDs`` order.
    public var parameterData: [Double] {
        get { parameterIDs.map { tape.data($0) } }
        set {
            precondition(
                newValue.count == parameterIDs.count, "expected \(parameterIDs.count) parameters, got \(newValue.count)"
            )
            for (id, value) in zip(parameterIDs, newValue) { tape.setData(id, value) }
        }
    }

    /// The network's outputs for one sample of inputs (tape ids).
    @inlinable
    public func callAsFunction(_ x: [Int32], recordPlaces: Bool = false) -> [Int32] {
        var activations = x
        for layer in layers { activations = layer(activations, on: tape, recordPlaces: recordPlaces) }
        return activations
    }

    /// The network's outputs for one sample, as values.
    public func callAsFunction(_ x: [Value]) -> [Value] {
        callAsFunction(x.map(\.id)).map { Value(id: $0, on: tape) }
    }

    /// Sets every parameter's gradient to zero.
    public func zeroGrad() {
        for id in parameterIDs { tape.setGrad(id, 0) }
    }

    /// Drops every node built since the parameters.
    public func resetGraph() {
        tape.truncate(to: parameterIDs.count)
    }

    /// The parameter at a place such as `L1.N3.w2`.
    public func parameter(at place: NodePlace) -> Value? {
        parameterPlaces.firstIndex(of: place).map { Value(id: parameterIDs[$0], on: tape) }
    }
}
