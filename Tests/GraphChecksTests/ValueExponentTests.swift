import Autograd
import ExpressionLanguage
import Foundation
import GraphChecks
import GraphImport
import GraphModel
import Testing

/// `a ** b` with `b` a value (`powv`) through every stage: the expression language, JSON,
/// other engines' spellings, `check`, `verify` and the bug re-enactments.
@Suite struct ValueExponentTests {
    func snapshot(_ program: String, _ values: [String: Double] = [:]) throws -> GraphSnapshot {
        let evaluation = try ExpressionProgram.evaluate(program, values: values)
        evaluation.root.backward()
        return evaluation.root.snapshot()
    }

    func node(_ label: String, _ graph: GraphSnapshot) throws -> GraphSnapshot.Node {
        try #require(graph.nodes.first { $0.label == label })
    }

    @Test func aValueExponentIsATwoOperandPowerWithBothGradients() throws {
        let graph = try snapshot("c = a ** b", ["a": 2, "b": 3])
        let root = graph.nodes[graph.root]
        #expect(root.operation == .powerOfValue && root.exponent == nil)
        #expect(root.operands == [try node("a", graph).id, try node("b", graph).id])
        #expect(root.data == 8)
        #expect(try node("a", graph).grad == 12)
        #expect(try node("b", graph).grad == Foundation.log(2) * 8)
    }

    @Test(arguments: [
        ("x ** 2", 2.0, 1), ("x ** (1/2)", 0.5, 1), ("x ** -1", -1.0, 1), ("x ** 2 ** 2", 4.0, 1),
        ("x ** (3 - 1) * 2", 2.0, 2), ("x ** exp(0)", 1.0, 1),
    ])
    func anExponentOfNumbersOnlyStaysAConstant(_ program: String, _ exponent: Double, _ leaves: Int) throws {
        let graph = try snapshot(program, ["x": 3])
        let power = try #require(graph.nodes.first { $0.operation == .power })
        #expect(power.exponent == exponent)
        #expect(!graph.nodes.contains { $0.operation == .powerOfValue })
        // The folded exponent leaves no constant nodes behind.
        #expect(graph.nodes.filter { $0.operation == nil }.count == leaves)
    }

    @Test(arguments: [
        ("b = 3; x ** b", ["x": 1.5]), ("x ** (b + 1)", ["x": 1.5, "b": 2]), ("2 ** x", ["x": 1.5]),
        ("x ** -b", ["x": 1.5, "b": 2]), ("x ** x", ["x": 1.5]),
    ])
    func anExponentWithANameInItIsAValue(_ program: String, _ values: [String: Double]) throws {
        let graph = try snapshot(program, values)
        #expect(graph.nodes.contains { $0.operation == .powerOfValue })
        #expect(GradientCheck(snapshot: graph).failures.isEmpty)
    }

    @Test func jsonWritesPowvAndReadsItBack() throws {
        let graph = try snapshot("c = a ** b", ["a": 2, "b": 0.5])
        let json = graph.jsonText()
        #expect(json.contains(#""op": "powv", "operands": [0, 1]"#))
        #expect(!json.contains("exponent"))
        let read = try GraphFile(data: Data(json.utf8))
        #expect(read.snapshot.nodes.map(\.operation) == [nil, nil, .powerOfValue])
        #expect(Verification(snapshot: read.snapshot).mismatches.isEmpty)
    }

    @Test(arguments: ["pow", "**", "powv", "^"])
    func otherEnginesSpellingsWithTwoOperandsAreAValueExponent(_ spelling: String) throws {
        let exponentGrad: Double = Foundation.log(2.0) * 8
        let json = """
            {"nodes": [
              {"id": "a", "op": null, "_prev": [], "data": 2.0, "grad": 12.0},
              {"id": "b", "op": null, "_prev": [], "data": 3.0, "grad": \(exponentGrad)},
              {"id": "c", "op": "\(spelling)", "_prev": ["a", "b"], "data": 8.0, "grad": 1.0}
            ]}
            """
        let graph = try GraphFile(data: Data(json.utf8))
        #expect(graph.snapshot.nodes[2].operation == Operator.powerOfValue)
        #expect(Verification(snapshot: graph.snapshot).mismatches.isEmpty)
    }

    @Test func aPowWithOneOperandAndNoExponentIsStillAnError() {
        let json = #"{"nodes": [{"id": 0, "data": 2}, {"id": 1, "op": "pow", "operands": [0], "data": 4}]}"#
        #expect(throws: GraphFileError.self) { try GraphFile(data: Data(json.utf8)) }
    }

    @Test func checkAndVerifyFindAWrongExponentGradient() throws {
        var graph = try snapshot("y = tanh(a ** b)", ["a": 1.3, "b": 0.7])
        #expect(GradientCheck(snapshot: graph).failures.isEmpty)
        let b = try node("b", graph).id
        let correct = graph.nodes[b].grad
        graph.nodes[b].grad = correct * 1.01
        #expect(GradientCheck(snapshot: graph).failures.map(\.id) == [b])
        let mismatches = Verification(snapshot: graph).mismatches
        #expect(mismatches.map(\.id) == [b] && mismatches.first?.expected == correct)
    }

    @Test func bugReenactmentsHandleValueExponents() throws {
        let graph = try snapshot("y = a ** a", ["a": 1.5])
        let data = graph.nodes.map(\.data)
        let correct = BackwardRun(snapshot: graph, data: data, bug: nil).grads
        #expect(correct == graph.nodes.map(\.grad))
        let a = try node("a", graph).id
        // a ** a sends a·a^(a−1) from the base slot and ln(a)·a^a from the exponent slot;
        // overwriting keeps only the last one.
        let overwritten = BackwardRun(snapshot: graph, data: data, bug: .overwrite).grads
        #expect(overwritten[a] == Foundation.log(1.5) * Foundation.pow(1.5, 1.5))
        #expect(
            abs(correct[a] - (1.5 * Foundation.pow(1.5, 0.5) + Foundation.log(1.5) * Foundation.pow(1.5, 1.5))) < 1e-12)
    }
}
