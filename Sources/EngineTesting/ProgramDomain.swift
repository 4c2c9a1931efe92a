import Foundation
public import GraphModel

/// Where a program's numbers are safe to compare: away from kinks and domain edges, where
/// correct engines may legitimately disagree (relu's derivative at 0, log of a tiny number,
/// a divisor near 0, exp overflowing).
///
/// The generator only makes programs inside it, and shrinking only keeps programs inside it,
/// so a reported difference is never an argument about a convention at a kink.
public enum ProgramDomain {
    /// Nearest an input of relu may come to its kink, a divisor to 0, or a base of log, a
    /// fractional or negative power and a value exponent to 0.
    public static let margin = 0.1
    /// Largest magnitude of a value (and of exp's argument: e^5 ≈ 148).
    public static let largestValue = 1e3
    public static let largestExpArgument = 5.0
    /// Largest |x| fed to tanh and sigmoid, beyond which they saturate and their gradient
    /// carries too little to show a wrong rule.
    public static let largestSquashArgument = 5.0
    /// Largest value exponent.
    public static let largestValueExponent = 4.0
    /// Largest gradient magnitude a program may produce.
    public static let largestGrad = 1e9

    /// Whether an operation may be applied to operands `a` (and `b`, or the exponent).
    public static func accepts(_ operation: Operator, _ a: Double, _ b: Double, exponent: Double) -> Bool {
        switch operation {
        case .relu: abs(a) >= margin
        case .log: a >= margin
        case .divide: abs(b) >= margin
        case .exp: abs(a) <= largestExpArgument
        case .tanh, .sigmoid: abs(a) <= largestSquashArgument
        case .power:
            abs(a) >= margin && (exponent == exponent.rounded() || a >= margin) && exponent != 0
        case .powerOfValue: a >= margin && abs(b) <= largestValueExponent
        case .add, .subtract, .multiply, .negate: true
        }
    }

    /// Whether a value is one test-engine compares: finite and not huge.
    public static func acceptsValue(_ value: Double) -> Bool { value.isFinite && abs(value) <= largestValue }

    /// Whether every statement of `program` is inside the domain, given the oracle's numbers.
    public static func contains(_ program: Program, numbers: EngineNumbers) -> Bool {
        for (index, statement) in program.statements.enumerated() {
            guard acceptsValue(numbers.data[index]), numbers.grads[index].isFinite,
                abs(numbers.grads[index]) <= largestGrad
            else { return false }
            guard let operation = statement.operation else { continue }
            let (first, second) = statement.operandPair
            let a = first.map { numbers.data[$0] } ?? 0
            let b = second.map { numbers.data[$0] } ?? 0
            var exponent = 0.0
            if case .power(_, let value) = statement { exponent = value }
            guard accepts(operation, a, b, exponent: exponent) else { return false }
        }
        return true
    }
}
