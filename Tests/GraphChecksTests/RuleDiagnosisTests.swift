import Autograd
import ExpressionLanguage
import GraphChecks
import GraphModel
import Testing

/// Each entry of the catalogue of wrong rules, planted in a small program's numbers, is named
/// by the diagnosis, and a correct graph names none.
@Suite struct RuleDiagnosisTests {
    static let programs: [(WrongRule, String)] = [
        (.overwrite, "a = 2; b = a + a; c = b * a"),
        (.recursive, "a = 2; b = a + a; c = a * b; d = c + b"),
        (.recursiveRightFirst, "a = 2; b = a + a; c = a * b; d = c + b"),
        (.recursiveSet, "x = 2; a = x * 3; b = a + a; c = b * a"),
        (.subtractionSign, "a = 3; b = 2; c = a - b; d = c * a"),
        (.subtractionSwapped, "a = 3; b = 2; c = a - b; d = c * c"),
        (.tanhOneMinusOutput, "x = 0.5; y = tanh(x); z = y * 2"),
        (.missingOutGrad, "a = 2; b = -3; c = a * b; d = c * 2"),
        (.reluLeak, "a = -2; b = relu(a); c = b * 3 + a"),
        (.powerExponentGrad, "a = 2; b = 3; c = a ** b"),
        (.divisionDivisorGrad, "a = 3; b = 2; c = a / b"),
    ]

    static func snapshot(_ program: String) throws -> GraphSnapshot {
        let evaluation = try ExpressionProgram.evaluate(program)
        evaluation.root.backward()
        return evaluation.root.snapshot()
    }

    @Test(arguments: programs.map { $0.0.rawValue })
    func eachPlantedRuleIsNamed(_ name: String) throws {
        let (rule, program) = try #require(Self.programs.first { $0.0.rawValue == name })
        var snapshot = try Self.snapshot(program)
        let (data, grads) = rule.reenact(snapshot)
        for id in snapshot.nodes.indices {
            snapshot.nodes[id].data = data[id]
            snapshot.nodes[id].grad = grads[id]
        }
        let verification = Verification(snapshot: snapshot)
        #expect(!verification.mismatches.isEmpty, "the planted rule changes no number")
        let diagnosis = RuleDiagnosis(snapshot: snapshot, verification: verification)
        #expect(diagnosis.rules.contains(rule), "named \(diagnosis.rules)")
        if rule.operation != nil { #expect(diagnosis.rules.first == rule) }
    }

    /// A set-based recursion in either order is told from a list-based one: `b = a + a`
    /// recurses into `a` once, not twice.
    @Test(arguments: [UInt64(0), 1])
    func setRecursionInEitherOrderIsNamedAlone(_ order: UInt64) throws {
        var snapshot = try Self.snapshot("x = 2; a = x * 3; b = a + a; c = b * a")
        #expect(BackwardRun.setOrderChoices(snapshot).count == 1)
        let data = snapshot.nodes.map(\.data)
        let grads = BackwardRun(snapshot: snapshot, data: data, rule: .recursiveSet, setOrder: order).grads
        for id in snapshot.nodes.indices { snapshot.nodes[id].grad = grads[id] }
        let verification = Verification(snapshot: snapshot)
        #expect(!verification.mismatches.isEmpty)
        #expect(RuleDiagnosis(snapshot: snapshot, verification: verification).rules == [.recursiveSet])
    }

    @Test(arguments: programs.map(\.1))
    func correctGraphsNameNoRule(_ program: String) throws {
        let snapshot = try Self.snapshot(program)
        let verification = Verification(snapshot: snapshot)
        #expect(verification.mismatches.isEmpty)
        #expect(RuleDiagnosis(snapshot: snapshot, verification: verification).rules.isEmpty)
    }

    /// A wrong tanh derivative lands on tanh's input (made by `+`), but is sent by tanh.
    @Test func wrongGradientIsAttributedToItsSender() throws {
        var snapshot = try Self.snapshot("x1 = 2; w1 = -3; b = 6.8813735870195432; n = x1*w1 + b; o = tanh(n)")
        let (data, grads) = WrongRule.tanhOneMinusOutput.reenact(snapshot)
        for id in snapshot.nodes.indices {
            snapshot.nodes[id].data = data[id]
            snapshot.nodes[id].grad = grads[id]
        }
        let verification = Verification(snapshot: snapshot)
        let n = try #require(snapshot.nodes.first { $0.label == "n" })
        #expect(verification.mismatches.map(\.id) == [n.id])
        let diagnosis = RuleDiagnosis(snapshot: snapshot, verification: verification)
        let sender = try #require(diagnosis.sender[n.id])
        #expect(snapshot.nodes[sender].operation == .tanh)
    }
}
