public import GraphModel

/// A neuron's nonlinearity.
public enum Activation: String, CaseIterable, Sendable {
    case relu, tanh, linear

    /// The operator applied to the neuron's sum, or `nil` for `linear`.
    public var operation: Operator? {
        switch self {
        case .relu: .relu
        case .tanh: .tanh
        case .linear: nil
        }
    }
}
