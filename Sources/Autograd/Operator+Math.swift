import Foundation
public import GraphModel

// MARK: - Forward and local derivatives, side by side

extension Operator {
    /// The forward step of a one-operand operation. Non-finite values propagate as in `Double`.
    @inlinable
    public func unaryForward(_ x: Double, exponent: Double) -> Double {
        switch self {
        case .negate: -x
        case .power: Foundation.pow(x, exponent)
        case .exp: Foundation.exp(x)
        case .log: Foundation.log(x)
        case .tanh: Foundation.tanh(x)
        // micrograd: `0 if x < 0 else x`, so NaN stays NaN.
        case .relu: x < 0 ? 0 : x
        case .sigmoid: 1 / (1 + Foundation.exp(-x))
        case .add, .subtract, .multiply, .divide:
            preconditionFailure("\(self) is not a unary operation")
        }
    }

    /// The forward step of any operation, from its operands' data.
    @inlinable
    public func forward(_ a: Double, _ b: Double, exponent: Double) -> Double {
        switch self {
        case .add: a + b
        case .subtract: a - b
        case .multiply: a * b
        case .divide: a / b
        default: unaryForward(a, exponent: exponent)
        }
    }

    /// d(out)/d(operand) for each slot, from the operands' data and the node's own output.
    /// The second entry is 0 for one-operand operations.
    @inlinable
    public func localDerivatives(_ a: Double, _ b: Double, output: Double, exponent: Double) -> (Double, Double) {
        switch self {
        case .add: (1, 1)
        case .subtract: (1, -1)
        case .multiply: (b, a)
        case .divide: (1 / b, -output / b)
        case .negate: (-1, 0)
        case .power: (exponent * Foundation.pow(a, exponent - 1), 0)
        case .exp: (output, 0)
        case .log: (1 / a, 0)
        case .tanh: (1 - output * output, 0)
        // micrograd multiplies by `(out > 0)`, so a NaN gradient still propagates.
        case .relu: (output > 0 ? 1 : 0, 0)
        case .sigmoid: (output * (1 - output), 0)
        }
    }
}
