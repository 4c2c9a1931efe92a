import Autograd
import Foundation
import GraphModel
import Testing

/// Every operator's gradient against a central finite difference of its forward pass.
@Suite struct FiniteDifferenceTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let inputs: [Double]
        let build: @Sendable ([Value]) -> Value
        var testDescription: String { "\(name) at \(inputs)" }
    }

    static let cases: [Case] = [
        Case(name: "a + b", inputs: [1.3, -0.7]) { $0[0] + $0[1] },
        Case(name: "a - b", inputs: [1.3, -0.7]) { $0[0] - $0[1] },
        Case(name: "a * b", inputs: [1.3, -0.7]) { $0[0] * $0[1] },
        Case(name: "a / b", inputs: [1.3, -0.7]) { $0[0] / $0[1] },
        Case(name: "-a", inputs: [0.4]) { -$0[0] },
        Case(name: "a ** 3", inputs: [0.9]) { $0[0] ** 3 },
        Case(name: "a ** -1.5", inputs: [1.7]) { $0[0] ** -1.5 },
        Case(name: "exp(a)", inputs: [0.6]) { $0[0].exp() },
        Case(name: "log(a)", inputs: [2.2]) { $0[0].log() },
        Case(name: "tanh(a)", inputs: [0.35]) { $0[0].tanh() },
        Case(name: "relu(a) at positive a", inputs: [0.8]) { $0[0].relu() },
        Case(name: "relu(a) at negative a", inputs: [-0.8]) { $0[0].relu() },
        Case(name: "sigmoid(a)", inputs: [-0.45]) { $0[0].sigmoid() },
        Case(name: "a ** b", inputs: [1.7, 0.6]) { $0[0] ** $0[1] },
        Case(name: "a ** b, b negative", inputs: [0.45, -2.3]) { $0[0] ** $0[1] },
        Case(name: "a ** b, a below 1", inputs: [0.3, 3.1]) { $0[0] ** $0[1] },
        Case(name: "2 ** b", inputs: [1.25]) { 2 ** $0[0] },
        Case(name: "a ** a", inputs: [1.4]) { $0[0] ** $0[0] },
        Case(name: "exp(a) ** tanh(b)", inputs: [0.2, -0.9]) { $0[0].exp() ** $0[1].tanh() },
        Case(name: "2 - a / 3", inputs: [0.5]) { 2 - $0[0] / 3 },
        Case(name: "a * a + a", inputs: [1.1]) { $0[0] * $0[0] + $0[0] },
        Case(name: "tanh(a*b + exp(a)) / sigmoid(b)", inputs: [0.3, -1.2]) {
            ($0[0] * $0[1] + $0[0].exp()).tanh() / $0[1].sigmoid()
        },
    ]

    @Test(arguments: cases)
    func gradientMatchesCentralDifference(_ testCase: Case) throws {
        let tape = Tape()
        let leaves = testCase.inputs.map { Value($0, on: tape) }
        let output = testCase.build(leaves)
        output.backward()
        for (index, leaf) in leaves.enumerated() {
            let step = 1e-6
            func evaluate(_ shift: Double) -> Double {
                let scratch = Tape()
                var inputs = testCase.inputs
                inputs[index] += shift
                return testCase.build(inputs.map { Value($0, on: scratch) }).data
            }
            let numeric = (evaluate(step) - evaluate(-step)) / (2 * step)
            let tolerance = 1e-7 * max(1, abs(numeric))
            #expect(abs(leaf.grad - numeric) <= tolerance, "input \(index): analytic \(leaf.grad), numeric \(numeric)")
        }
    }

    @Test func casesCoverEveryOperator() {
        var seen = Set<Operator>()
        for testCase in Self.cases {
            let tape = Tape()
            let output = testCase.build(testCase.inputs.map { Value($0, on: tape) })
            for value in output.topologicalOrder() { if let op = value.operation { seen.insert(op) } }
        }
        #expect(seen == Set(Operator.allCases))
    }

    /// Where the real power does not exist or the exponent's gradient is undefined, the
    /// gradients follow PyTorch's `pow_backward_self` / `pow_backward_exponent`: NaN for the
    /// exponent at a < 0 (ln a is not real), 0 for the exponent at a = 0 with b ≥ 0, 0 for the
    /// base when b = 0; otherwise IEEE arithmetic of the same formulas.
    @Test(arguments: [
        (-2.0, 0.5, Double.nan, Double.nan, Double.nan),  // (-2)**0.5 is not real
        (-2.0, 3.0, -8.0, 12.0, Double.nan),  // real power, but ln(-2) is not
        (0.0, 2.0, 0.0, 0.0, 0.0),
        (0.0, 0.0, 1.0, 0.0, 0.0),
        (3.0, 0.0, 1.0, 0.0, 1.0986122886681098),  // ln 3
        (0.0, -1.0, Double.infinity, -Double.infinity, -Double.infinity),  // ln 0 · inf
    ])
    func valueExponentFollowsPyTorchAtTheEdges(
        _ a: Double, _ b: Double, _ data: Double, _ baseGrad: Double, _ exponentGrad: Double
    ) {
        let tape = Tape()
        let base = Value(a, on: tape)
        let exponent = Value(b, on: tape)
        let power = base ** exponent
        power.backward()
        func same(_ x: Double, _ y: Double) -> Bool { x == y || (x.isNaN && y.isNaN) }
        #expect(same(power.data, data), "data \(power.data)")
        #expect(same(base.grad, baseGrad), "base grad \(base.grad)")
        #expect(same(exponent.grad, exponentGrad), "exponent grad \(exponent.grad)")
    }

    /// micrograd's most requested engine change (value exponents, several PRs): with
    /// a = 2, b = 3, c = a ** b is 8, dc/da = b·a^(b−1) = 12 and dc/db = ln 2 · 8.
    @Test func valueExponentMatchesTheHandComputedReference() {
        let tape = Tape()
        let a = Value(2, on: tape)
        let b = Value(3, on: tape)
        let c = a ** b
        c.backward()
        #expect(c.data == 8 && a.grad == 12)
        #expect(abs(b.grad - 8 * 0.6931471805599453) < 1e-15)
        #expect(c.operation == .powerOfValue && c.exponent == nil)
    }
}
