import Autograd
import ExpressionLanguage
import GraphChecks
import GraphModel
import Testing

/// `check` near the edge of an operation's domain and near singularities: the step is chosen
/// relative to the value, one-sided where a side leaves the domain (issue 15, item 3).
@Suite struct DomainEdgeCheckTests {
    func snapshot(_ program: String, _ values: [String: Double]) throws -> GraphSnapshot {
        let evaluation = try ExpressionProgram.evaluate(program, values: values)
        evaluation.root.backward()
        return evaluation.root.snapshot()
    }

    @Test(arguments: [
        ("log(x)", 1e-9), ("x ** 0.5", 1e-8), ("x ** 1.5", 1e-10), ("1 / x", 1e-9), ("log(x) * 3 + x", 1e-12),
        ("log(x)", 5e-7),
    ])
    func gradientsNearADomainEdgeMatch(_ program: String, _ x: Double) throws {
        let graph = try snapshot(program, ["x": x])
        let check = GradientCheck(snapshot: graph)
        #expect(check.failures.isEmpty, "\(program) at \(x): \(check.failures)")
        #expect(check.results.allSatisfy { $0.status == .ok }, "\(check.results.map(\.status))")
    }

    @Test func aWrongGradientNearTheEdgeIsStillAMismatch() throws {
        var graph = try snapshot("log(x)", ["x": 1e-9])
        let x = try #require(graph.nodes.firstIndex { $0.label == "x" })
        graph.nodes[x].grad *= 1.01
        let failures = GradientCheck(snapshot: graph).failures
        #expect(failures.map(\.id) == [x])
        #expect(failures.first?.status == .mismatch)
    }

    @Test func x15AtZeroIsCheckedOneSided() throws {
        // (-h) ** 1.5 is NaN: only the right side is inside the domain.
        let graph = try snapshot("x ** 1.5", ["x": 0])
        let check = GradientCheck(snapshot: graph)
        #expect(check.failures.isEmpty, "\(check.results)")
    }

    @Test func everyStepLeavingTheDomainIsReportedNotFailed() throws {
        // sqrt(x) + sqrt(-x) is defined at x = 0 only: no step stays inside. A gradient
        // claimed by another engine (finite) cannot be compared.
        var graph = try snapshot("x ** 0.5 + (0 - x) ** 0.5", ["x": 0])
        let x = try #require(graph.nodes.firstIndex { $0.label == "x" })
        graph.nodes[x].grad = 1
        let check = GradientCheck(snapshot: graph)
        let result = try #require(check.results.first { $0.id == x })
        #expect(result.status == .outsideDomain)
        #expect(!check.failures.contains { $0.id == x })
        #expect(check.count(.outsideDomain) >= 1)
    }

    @Test func reluExactlyAtZeroStaysNonSmooth() throws {
        let check = GradientCheck(snapshot: try snapshot("relu(a) * b", ["a": 0, "b": 2]))
        #expect(check.count(.nonSmooth) == 1)
        #expect(check.count(.ok) == 3)
        #expect(check.failures.isEmpty)
    }
}
