public import Autograd
public import GraphModel

/// One neuron: `activation(b + w1*x1 + w2*x2 + ...)`, summed in micrograd's order (bias first),
/// so its results match micrograd's bit for bit.
public struct Neuron: Sendable {
    /// Tape ids of the weights, one per input.
    public let weights: [Int32]
    public let bias: Int32
    public let activation: Activation
    /// Where the neuron sits (its `part` is `.computation`).
    public let place: NodePlace

    /// The neuron's output for inputs `x` (tape ids), built on `tape`.
    ///
    /// Records the place of the nodes it builds when `recordPlaces` is set.
    @inlinable
    public func callAsFunction(_ x: [Int32], on tape: Tape, recordPlaces: Bool = false) -> Int32 {
        precondition(x.count == weights.count, "neuron \(place) takes \(weights.count) inputs, got \(x.count)")
        let start = Int32(tape.count)
        var sum = weights.withUnsafeBufferPointer { weights in
            x.withUnsafeBufferPointer { inputs in tape.appendWeightedSum(bias: bias, weights: weights, inputs: inputs) }
        }
        if let operation = activation.operation { sum = tape.apply(operation, sum) }
        if recordPlaces { tape.setPlace(place, for: start..<Int32(tape.count)) }
        return sum
    }
}

/// A layer of neurons that all see the same inputs.
public struct Layer: Sendable {
    public let neurons: [Neuron]

    @inlinable
    public func callAsFunction(_ x: [Int32], on tape: Tape, recordPlaces: Bool = false) -> [Int32] {
        var outputs: [Int32] = []
        apply(x, on: tape, into: &outputs, recordPlaces: recordPlaces)
        return outputs
    }

    /// The layer's outputs written into `outputs` (its storage reused: no allocation in a
    /// training loop).
    @inlinable
    public func apply(_ x: [Int32], on tape: Tape, into outputs: inout [Int32], recordPlaces: Bool = false) {
        outputs.removeAll(keepingCapacity: true)
        for neuron in neurons { outputs.append(neuron(x, on: tape, recordPlaces: recordPlaces)) }
    }
}
