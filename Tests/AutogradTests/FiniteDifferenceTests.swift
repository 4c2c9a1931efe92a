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
}
