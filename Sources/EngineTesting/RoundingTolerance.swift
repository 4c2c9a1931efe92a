import Foundation
import GraphModel

/// How far a correct engine's numbers may lie from gradviz's for each value of a program:
/// a bound on rounding error from first-order forward error analysis, so a difference larger
/// than it is a bug and never a different-but-correct formula.
///
/// Two correct engines do not compute the same bits: micrograd divides as `a * b**-1` where
/// another engine divides natively, writes tanh as `(e^2x − 1)/(e^2x + 1)`, sums a node's
/// gradient contributions in another order (a `set` of operands), or calls another libm. Each
/// of those is a few roundings per operation, and what matters is how the rounding of one
/// operation grows through the ones after it. So the bound is carried through the program:
///
/// - **Forward.** `S[i]`, a bound on value `i`'s error in units of `ε` (`Double.ulpOfOne`):
///   leaves are exact (they travel as round-tripping decimal text); an operation `f(a, b)`
///   passes on its operands' bounds through its derivatives, `|∂f/∂a|·S[a] + |∂f/∂b|·S[b]`,
///   and adds `c` roundings of its own scale: `|a| + |b|` for a sum (so a cancellation
///   `a − b ≈ 0` is judged against its operands, not its tiny result), `|f|` for products and
///   quotients, `|f|·(1 + |b·ln a|)` for powers and `|f|·(1 + |x|)` for exp (computed as
///   `e^(b·ln a)` their relative error grows with the exponent), `1 + |f|` for log and tanh
///   (absolute error: `1 − t²` and `e^2x − 1` cancel).
///   Products also carry the second-order term `S[a]·S[b]·ε`: where both operands are zero in
///   gradviz's numbers but a cancellation's leftover (about 1e-16) in a correct engine's,
///   the product's only error is that term (found by running PyPI micrograd: `e * e` with
///   `e = b**2 - b`, `b = a / a`).
/// - **Backward.** `G[i]`, the same for gradients, in reverse order: each contribution
///   `d·g` a node sends to an operand (`d` its local derivative, `g` its gradient) carries
///   `|d|·G[node]` (the upstream error), `|g|·D` (the local derivative's error `D`, from the
///   operands' `S` through the second derivative, plus `c` roundings of `d`'s own scale) and
///   `c·|d·g|` for the product and for adding it into the operand's sum in any order.
///
/// The allowed difference is `k·ε·S[i]` for data and `k·ε·G[i]` for grads, with `c = 4` (an
/// operation written another way takes up to about four roundings: `a * b**-1` is two, a
/// libm function is within one or two ulps, tanh through exp about four) and `k = 16`, a
/// safety factor over the first-order analysis (second-order terms, sums of many
/// contributions). Bounds of this kind are worst cases, rarely approached; a wrong rule, by
/// contrast, changes a number by a sizeable fraction of itself, millions of times more.
/// Measured: no false alarm over tens of thousands of programs run by engines that divide
/// natively, compute tanh and sigmoid through exp, and sum gradients in reverse order (see
/// the tests), while every wrong rule of the catalogue is found.
public struct RoundingTolerance: Sendable {
    /// Allowed absolute difference of each value's data.
    public var data: [Double]
    /// Allowed absolute difference of each value's grad.
    public var grads: [Double]

    /// Roundings an operation written another way may take.
    public static let roundingsPerOperation = 4.0
    /// Safety factor over the first-order bound.
    public static let safetyFactor = 16.0

    /// The bounds for `program` with the trusted numbers `numbers` (read straight from the
    /// statements: this runs for every program an engine does not answer to the bit).
    public init(program: Program, numbers: EngineNumbers) {
        let statements = program.statements
        let c = Self.roundingsPerOperation
        let x = numbers.data
        var s = [Double](repeating: 0, count: statements.count)
        for (i, statement) in statements.enumerated() {
            guard let operation = statement.operation else { continue }
            let (first, second) = statement.operandPair
            guard let first else { continue }
            let a = x[first]
            let sa = s[first]
            let b = second.map { x[$0] } ?? 0
            let sb = second.map { s[$0] } ?? 0
            let f = x[i]
            var e = 0.0
            if case .power(_, let exponent) = statement { e = exponent }
            switch operation {
            case .add, .subtract: s[i] = sa + sb + c * (abs(a) + abs(b))
            // The second-order term `S[a]·S[b]·ε` is the whole error where both operands are
            // (near) zero in gradviz's numbers: `e * e` with `e` a cancellation's leftover.
            case .multiply: s[i] = abs(b) * sa + abs(a) * sb + sa * sb * Double.ulpOfOne + c * abs(f)
            case .divide: s[i] = sa / abs(b) + abs(f / b) * sb + c * abs(f)
            case .negate: s[i] = sa
            case .power: s[i] = abs(e * pow(a, e - 1)) * sa + c * abs(f) * (1 + abs(e * log(abs(a))))
            case .powerOfValue:
                s[i] = abs(b * pow(a, b - 1)) * sa + abs(log(a) * f) * sb + c * abs(f) * (1 + abs(b * log(a)))
            case .exp: s[i] = abs(f) * sa + c * abs(f) * (1 + abs(a))
            case .log: s[i] = sa / abs(a) + c * (1 + abs(f))
            case .tanh: s[i] = (1 - f * f) * sa + c * (1 + abs(f))
            case .relu: s[i] = f > 0 ? sa : 0
            case .sigmoid: s[i] = f * (1 - f) * sa + c * abs(f) * (1 + abs(a))
            }
        }

        var gBound = [Double](repeating: 0, count: statements.count)
        // Only values the root depends on have a gradient to carry.
        var upstream = [Bool](repeating: false, count: statements.count)
        upstream[program.root] = true
        for i in statements.indices.reversed() where upstream[i] {
            let (first, second) = statements[i].operandPair
            if let first { upstream[first] = true }
            if let second { upstream[second] = true }
        }
        for i in statements.indices.reversed() where upstream[i] {
            let statement = statements[i]
            guard let operation = statement.operation else { continue }
            let (firstOperand, second) = statement.operandPair
            guard let first = firstOperand else { continue }
            let g = abs(numbers.grads[i])
            let gi = gBound[i]
            let f = x[i]
            let sf = s[i]
            let a = x[first]
            let sa = s[first]
            let b = second.map { x[$0] } ?? 0
            let sb = second.map { s[$0] } ?? 0
            var e = 0.0
            if case .power(_, let exponent) = statement { e = exponent }
            // (local derivative magnitude, its error bound) for each slot; a one-operand
            // operation's second is unused. A tuple, not an array: this runs for every node.
            let slots: ((Double, Double), (Double, Double))
            switch operation {
            case .add, .subtract: slots = ((1, 0), (1, 0))
            case .multiply: slots = ((abs(b), sb), (abs(a), sa))
            case .divide:
                slots = (
                    (1 / abs(b), sb / (b * b) + c / abs(b)),
                    (abs(f / b), sf / abs(b) + abs(f) * sb / (b * b) + c * abs(f / b))
                )
            case .negate: slots = ((1, 0), (0, 0))
            case .power:
                let d = abs(e * pow(a, e - 1))
                slots = ((d, abs(e * (e - 1) * pow(a, e - 2)) * sa + c * d * (1 + abs(e * log(abs(a))))), (0, 0))
            case .powerOfValue:
                let lnA = log(a)
                let growth = 1 + abs(b * lnA)
                let da = abs(b * pow(a, b - 1))
                let db = abs(lnA * f)
                slots = (
                    (
                        da,
                        abs(b * (b - 1) * pow(a, b - 2)) * sa + abs(pow(a, b - 1) * (1 + b * lnA)) * sb + c * da
                            * growth
                    ),
                    (db, abs(f / a * (1 + b * lnA)) * sa + lnA * lnA * abs(f) * sb + c * (db * growth + abs(f)))
                )
            case .exp: slots = ((abs(f), sf + c * abs(f) * (1 + abs(a))), (0, 0))
            case .log: slots = ((1 / abs(a), sa / (a * a) + c / abs(a)), (0, 0))
            case .tanh: slots = ((1 - f * f, 2 * abs(f) * sf + c * (1 + f * f)), (0, 0))
            // Bounded as if the gradient always passed: where relu is off a correct engine
            // sends exactly 0 either way, and a rule that lets it through (relu-leak) is judged
            // with the rounding its amount carries.
            case .relu: slots = ((1, 0), (0, 0))
            case .sigmoid:
                let d = abs(f * (1 - f))
                slots = ((d, abs(1 - 2 * f) * sf + c * (abs(f) + d)), (0, 0))
            }
            // Second order: both the local derivative and the gradient may be (near) zero.
            let (d, dError) = slots.0
            gBound[first] += d * gi + g * dError + dError * gi * Double.ulpOfOne + c * d * g
            if let second {
                let (d, dError) = slots.1
                gBound[second] += d * gi + g * dError + dError * gi * Double.ulpOfOne + c * d * g
            }
        }
        let scale = Self.safetyFactor * Double.ulpOfOne
        data = s.map { $0 * scale }
        grads = gBound.map { $0 * scale }
    }

    /// Whether `found` is `expected` within `tolerance` (NaN matches NaN, an infinity only
    /// itself).
    public static func agrees(_ found: Double, _ expected: Double, within tolerance: Double) -> Bool {
        if expected.isNaN || found.isNaN { return expected.isNaN && found.isNaN }
        if expected == found { return true }
        if expected.isInfinite || found.isInfinite { return false }
        // A bound that is not a number (a wrong rule re-enacted outside an operation's domain:
        // the log of a negative base) allows no difference rather than any.
        return abs(found - expected) <= (tolerance.isNaN ? 0 : tolerance)
    }
}
