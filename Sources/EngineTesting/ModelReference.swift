import Autograd
import GraphModel
import NeuralNet

/// What a correct micrograd MLP gives with the user's weights: gradviz's `MLP` loaded with
/// them, run on the same samples with the same loss, graph built node for node as micrograd
/// builds it (so the loss graph's size is micrograd's, not a fused engine's).
public struct ModelReference: Sendable {
    /// Outputs per sample.
    public var outputs: [[Double]]
    /// Each layer's outputs per sample (`layerOutputs[sample][layer]`).
    public var layerOutputs: [[[Double]]]
    public var loss: Double
    /// Values reachable from the loss, the loss included, as micrograd counts them.
    public var lossNodes: Int
    /// Every parameter's gradient, in micrograd's `parameters()` order.
    public var grads: [Double]

    /// Runs gradviz's MLP with `weights` (micrograd's order) on `observation`'s samples.
    ///
    /// The graph is micrograd's: a neuron's sum is `b + w1*x1 + w2*x2 + …` (one multiply and
    /// one add per input), ReLU (or tanh) on hidden layers; a sample's float inputs are wrapped
    /// in a new leaf each time a first-layer neuron uses one (micrograd's `wi*xi` with a float
    /// `xi`); the loss is `Σ (o − t) * (o − t)` where `o − t` is `o + Value(−t)` and the terms
    /// are added left to right.
    public init(observation: ModelObservation, weights: [Double]) {
        var generator = SeededGenerator(seed: 1)
        let model = MLP(
            inputs: observation.inputs, layerSizes: observation.layers, activation: observation.hiddenActivation,
            outputActivation: observation.outputActivation, generator: &generator)
        model.parameterData = weights
        let tape = model.tape
        var outputs: [[Double]] = []
        var layerOutputs: [[[Double]]] = []
        var terms: [Int32] = []
        for sample in observation.samples {
            var perLayer: [[Double]] = []
            var activations: [Int32] = []
            for (index, layer) in model.layers.enumerated() {
                if index == 0 {
                    activations = layer.neurons.map { neuron in neuron(sample.inputs.map { tape.leaf($0) }, on: tape) }
                } else {
                    activations = layer(activations, on: tape)
                }
                perLayer.append(activations.map { tape.data($0) })
            }
            layerOutputs.append(perLayer)
            outputs.append(activations.map { tape.data($0) })
            for (output, target) in zip(activations, sample.targets) {
                let difference = tape.apply(.add, output, tape.leaf(-target))
                terms.append(tape.apply(.multiply, difference, difference))
            }
        }
        precondition(!terms.isEmpty, "a model check needs at least one sample and one output")
        var loss = terms[0]
        for term in terms.dropFirst() { loss = tape.apply(.add, loss, term) }
        tape.backward(from: loss)
        self.outputs = outputs
        self.layerOutputs = layerOutputs
        self.loss = tape.data(loss)
        self.lossNodes = tape.reached(from: loss).reduce(0) { $0 + ($1 ? 1 : 0) }
        self.grads = model.parameterIDs.map { tape.grad($0) }
    }
}
