import Foundation

// MARK: - Forward and local derivatives, side by side

extension Operator {
    /// The forward step of a one-operand operation.
    ///
    /// Non-finite values propagate as in `Double`.
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
        case .add, .subtract, .multiply, .divide, .powerOfValue:
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
        case .powerOfValue: Foundation.pow(a, b)
        default: unaryForward(a, exponent: exponent)
        }
    }

    /// What a node's backward step adds to each operand's gradient, given the operands' data,
    /// the node's output and its gradient `g` (the second entry is 0 for one-operand
    /// operators).
    ///
    /// The engine's backward pass computes exactly these expressions, in this order, as
    /// micrograd does (`self.grad += other.data * out.grad`), so a gradient computed from a
    /// snapshot matches the engine's to the last bit.
    @inlinable
    public func contributions(
        _ a: Double, _ b: Double, output: Double, exponent: Double, grad g: Double
    ) -> (Double, Double) {
        switch self {
        case .add: (g, g)
        case .subtract: (g, -g)
        case .multiply: (b * g, a * g)
        case .divide: (g / b, -(g * output / b))
        case .negate: (-g, 0)
        case .power: (exponent == 0 ? 0 : (exponent * Foundation.pow(a, exponent - 1)) * g, 0)  // x**0 is constant
        case .exp: (output * g, 0)
        case .log: ((1 / a) * g, 0)
        case .tanh: ((1 - output * output) * g, 0)
        // micrograd multiplies by `(out > 0)`, so a NaN gradient still propagates.
        case .relu: ((output > 0 ? 1 : 0) * g, 0)
        case .sigmoid: ((output * (1 - output)) * g, 0)
        // a ** b: b·a^(b−1) to the base (0 when b is 0, as for `power`), ln(a)·a^b to the
        // exponent. As in PyTorch, the exponent's gradient is 0 at a = 0 with b ≥ 0 (where
        // a^b does not move with b) and NaN where ln(a) is not real (a < 0).
        case .powerOfValue:
            (
                b == 0 ? 0 : (b * Foundation.pow(a, b - 1)) * g,
                a == 0 && b >= 0 ? 0 : (Foundation.log(a) * output) * g
            )
        }
    }
}
