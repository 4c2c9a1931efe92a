public import GraphModel

// MARK: - Operators

extension Value {
    @inlinable
    static func binary(_ operation: Operator, _ lhs: Value, _ rhs: Value) -> Value {
        precondition(lhs.tape === rhs.tape, "values from different tapes cannot be combined")
        return Value(id: lhs.tape.apply(operation, lhs.id, rhs.id), on: lhs.tape)
    }

    /// A constant on this value's tape (an unnamed leaf, drawn as a number).
    @inlinable
    func constant(_ data: Double) -> Value { Value(id: tape.leaf(data), on: tape) }

    @inlinable public static func + (lhs: Value, rhs: Value) -> Value { binary(.add, lhs, rhs) }
    @inlinable public static func - (lhs: Value, rhs: Value) -> Value { binary(.subtract, lhs, rhs) }
    @inlinable public static func * (lhs: Value, rhs: Value) -> Value { binary(.multiply, lhs, rhs) }
    @inlinable public static func / (lhs: Value, rhs: Value) -> Value { binary(.divide, lhs, rhs) }

    @inlinable public static func + (lhs: Value, rhs: Double) -> Value { lhs + lhs.constant(rhs) }
    @inlinable public static func - (lhs: Value, rhs: Double) -> Value { lhs - lhs.constant(rhs) }
    @inlinable public static func * (lhs: Value, rhs: Double) -> Value { lhs * lhs.constant(rhs) }
    @inlinable public static func / (lhs: Value, rhs: Double) -> Value { lhs / lhs.constant(rhs) }

    @inlinable public static func + (lhs: Double, rhs: Value) -> Value { rhs.constant(lhs) + rhs }
    @inlinable public static func - (lhs: Double, rhs: Value) -> Value { rhs.constant(lhs) - rhs }
    @inlinable public static func * (lhs: Double, rhs: Value) -> Value { rhs.constant(lhs) * rhs }
    @inlinable public static func / (lhs: Double, rhs: Value) -> Value { rhs.constant(lhs) / rhs }

    @inlinable public static prefix func - (operand: Value) -> Value { operand.unary(.negate) }

    @inlinable public static func += (lhs: inout Value, rhs: Value) { lhs = lhs + rhs }
    @inlinable public static func -= (lhs: inout Value, rhs: Value) { lhs = lhs - rhs }
    @inlinable public static func *= (lhs: inout Value, rhs: Value) { lhs = lhs * rhs }
    @inlinable public static func /= (lhs: inout Value, rhs: Value) { lhs = lhs / rhs }
    @inlinable public static func += (lhs: inout Value, rhs: Double) { lhs = lhs + rhs }
    @inlinable public static func -= (lhs: inout Value, rhs: Double) { lhs = lhs - rhs }
    @inlinable public static func *= (lhs: inout Value, rhs: Double) { lhs = lhs * rhs }
    @inlinable public static func /= (lhs: inout Value, rhs: Double) { lhs = lhs / rhs }
}

// MARK: - Functions

infix operator ** : PowerPrecedence
precedencegroup PowerPrecedence {
    higherThan: MultiplicationPrecedence
    associativity: right
}

extension Value {
    @inlinable
    func unary(_ operation: Operator, exponent: Double = 0) -> Value {
        Value(id: tape.apply(operation, id, exponent: exponent), on: tape)
    }

    /// This value raised to a constant power.
    @inlinable public func pow(_ exponent: Double) -> Value { unary(.power, exponent: exponent) }
    @inlinable public static func ** (base: Value, exponent: Double) -> Value { base.pow(exponent) }
    /// This value raised to the power of another value (`powv`), with a gradient for both:
    /// `b·a^(b−1)` to the base and `ln(a)·a^b` to the exponent (NaN where `a < 0`).
    @inlinable public func pow(_ exponent: Value) -> Value { Value.binary(.powerOfValue, self, exponent) }
    @inlinable public static func ** (base: Value, exponent: Value) -> Value { base.pow(exponent) }
    @inlinable public static func ** (base: Double, exponent: Value) -> Value {
        exponent.constant(base).pow(exponent)
    }

    @inlinable public func exp() -> Value { unary(.exp) }
    /// Natural logarithm.
    @inlinable public func log() -> Value { unary(.log) }
    @inlinable public func tanh() -> Value { unary(.tanh) }
    @inlinable public func relu() -> Value { unary(.relu) }
    @inlinable public func sigmoid() -> Value { unary(.sigmoid) }
}
