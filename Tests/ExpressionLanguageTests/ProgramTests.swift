import Autograd
import ExpressionLanguage
import GraphModel
import Testing

@Suite struct ProgramTests {
    /// micrograd's `test_more_ops`, written in the expression language.
    static let micrograd = """
        a = -4; b = 2
        c = a + b
        d = a * b + b**3
        c += c + 1
        c += 1 + c + (-a)
        d += d * 2 + relu(b + a)
        d += 3 * d + relu(b - a)
        e = c - d
        f = e^2
        g = f / 2.0
        g += 10.0 / f
        """

    @Test func evaluatesMicrogradReferenceProgram() throws {
        let evaluation = try ExpressionProgram.evaluate(Self.micrograd)
        evaluation.root.backward()
        let byLabel = Dictionary(
            evaluation.root.topologicalOrder().compactMap { v in v.label.map { ($0, v) } },
            uniquingKeysWith: { _, last in last })
        #expect(abs(evaluation.root.data - 24.70408163265306) <= 1e-12 * 25)
        let a = try #require(byLabel["a"])
        let b = try #require(byLabel["b"])
        #expect(abs(a.grad - 138.83381924198252) <= 1e-12 * 139)
        #expect(abs(b.grad - 645.5772594752186) <= 1e-12 * 646)
        #expect(evaluation.root.label == "g")
        #expect(evaluation.inputs.isEmpty)
    }

    @Test func nameUsedTwiceIsOneNodeWithTwoSlots() throws {
        let evaluation = try ExpressionProgram.evaluate("a + a", values: ["a": 5])
        evaluation.root.backward()
        let operands = evaluation.root.operands
        #expect(operands.count == 2 && operands[0].id == operands[1].id)
        #expect(operands[0].label == "a")
        #expect(operands[0].grad == 2)
        #expect(evaluation.root.snapshot().nodes.count == 2)
    }

    @Test func reassignmentMakesANewNodeWithTheSameLabel() throws {
        let evaluation = try ExpressionProgram.evaluate("a = 1; a = a * 3; a += 2")
        let snapshot = evaluation.root.snapshot()
        #expect(snapshot.nodes.filter { $0.label == "a" }.count == 3)
        #expect(evaluation.root.data == 5)
    }

    @Test func compoundAssignmentsUseTheirOperators() throws {
        let evaluation = try ExpressionProgram.evaluate("x = 8\nx -= 2\nx *= 3\nx /= 4")
        #expect(evaluation.root.data == 4.5)
        #expect(evaluation.root.operation == .divide)
    }

    @Test(arguments: [
        ("2 + 3 * 4", 14.0),
        ("(2 + 3) * 4", 20.0),
        ("2 ** 3 ** 2", 512.0),
        ("-2 ** 2", -4.0),
        ("2 ^ -1", 0.5),
        ("8 / 4 / 2", 1.0),
        ("10 - 4 - 3", 3.0),
        ("-3.5 * 2", -7.0),
        ("1e-3 * 1000", 1.0),
        ("--2", 2.0),
        ("relu(-1) + relu(2)", 2.0),
        ("x = 3\n# a comment\ny = x * x  # squares\ny", 9.0),
        ("(1 +\n 2)", 3.0),
        ("a = 2; b = a + a; c = a * b; d = c + b", 12.0),
    ])
    func evaluatesWithUsualPrecedence(_ source: String, _ expected: Double) throws {
        #expect(try ExpressionProgram.evaluate(source).root.data == expected)
    }

    @Test func exponentMayBeAConstantExpression() throws {
        let evaluation = try ExpressionProgram.evaluate("x ** (1/2)", values: ["x": 9])
        #expect(evaluation.root.data == 3)
        #expect(evaluation.root.exponent == 0.5)
    }

    @Test func unsetInputsComeFromTheSeedAndAreReported() throws {
        let first = try ExpressionProgram.evaluate("a * b + c", values: ["b": 2], seed: 7)
        let second = try ExpressionProgram.evaluate("q = 1; a * b + c", values: ["b": 2], seed: 7)
        let other = try ExpressionProgram.evaluate("a * b + c", values: ["b": 2], seed: 8)
        #expect(first.inputs.map(\.name) == ["a", "b", "c"])
        #expect(first.inputs.map(\.wasGiven) == [false, true, false])
        #expect(first.inputs[0].value.data == second.inputs[0].value.data)
        #expect(first.inputs[0].value.data == ExpressionProgram.defaultValue(for: "a", seed: 7))
        #expect(
            first.inputs[0].value.data != other.inputs[0].value.data
                || first.inputs[2].value.data != other.inputs[2].value.data)
        for seed in UInt64(0)..<200 {
            let value = ExpressionProgram.defaultValue(for: "w\(seed)", seed: seed)
            #expect(abs(value) >= 0.1 && abs(value) <= 3)
        }
    }
}

/// micrograd's method habits (`x.tanh()`, `(a*b).relu()`) read as the function calls they are.
@Suite struct MethodFormTests {
    func numbers(_ source: String, values: [String: Double]) throws -> (root: Double, grads: [String: Double]) {
        let evaluation = try ExpressionProgram.evaluate(source, values: values)
        evaluation.root.backward()
        var grads: [String: Double] = [:]
        for input in evaluation.inputs { grads[input.name] = input.value.grad }
        return (evaluation.root.data, grads)
    }

    @Test(arguments: [
        ("a.tanh() + b", "tanh(a) + b"),
        ("(a*b).relu()", "relu(a*b)"),
        ("a.exp().log() * b", "log(exp(a)) * b"),
        ("(a + b).sigmoid() * 2", "sigmoid(a + b) * 2"),
        ("-a.tanh() - b", "-tanh(a) - b"),
        ("a.tanh()**2 / b", "tanh(a)**2 / b"),
        ("a . tanh ( ) + b", "tanh(a) + b"),
        ("n = a*b; o = n.tanh(); o", "n = a*b; o = tanh(n); o"),
    ])
    func theMethodFormIsTheFunctionCall(_ method: String, _ function: String) throws {
        let values = ["a": 0.7, "b": 1.3]
        let left = try numbers(method, values: values)
        let right = try numbers(function, values: values)
        #expect(left.root == right.root)
        #expect(left.grads == right.grads)
    }

    @Test func aLeadingPointIsStillANumber() throws {
        #expect(try numbers("a * .5", values: ["a": 2]).root == 1)
        #expect(try numbers("a * 5.", values: ["a": 2]).root == 10)
    }
}
