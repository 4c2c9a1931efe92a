import Autograd
import ExpressionLanguage
import Foundation
import GraphChecks
import GraphImport
import GraphModel
import Testing

/// The bug re-enactments, gradient checks and graph verification behind `--inject`, `check`
/// and `verify`, with the numbers from the seed write-ups.
@Suite struct DebuggingTests {
    func snapshot(_ program: String, _ values: [String: Double] = [:]) throws -> GraphSnapshot {
        let evaluation = try ExpressionProgram.evaluate(program, values: values)
        evaluation.root.backward()
        return evaluation.root.snapshot()
    }

    func grad(_ label: String, _ snapshot: GraphSnapshot, _ grads: [Double]) -> Double? {
        snapshot.nodes.first { $0.label == label }.map { grads[$0.id] }
    }

    static let seedProgram = "a = 2; b = a + a; c = a * b; d = c + b"

    @Test func correctBackwardOnASnapshotMatchesTheEngineBitForBit() throws {
        let graph = try snapshot("x = 0.3; w = -1.7; y = tanh(x*w + exp(x)) / sigmoid(w) - log(x) ** 2 + relu(w - x)")
        let grads = graph.backwardGradients(data: graph.nodes.map(\.data))
        #expect(grads == graph.nodes.map(\.grad))
        #expect(graph.forwardData() == graph.nodes.map(\.data))
    }

    @Test func naiveRecursionGivesTheSeedWriteUpsWrongNumbers() throws {
        let graph = try snapshot(Self.seedProgram)
        let data = graph.nodes.map(\.data)
        #expect(grad("a", graph, BackwardRun(snapshot: graph, data: data, bug: nil).grads) == 10)
        let leftFirst = BackwardRun(snapshot: graph, data: data, bug: .recursive)
        #expect(grad("a", graph, leftFirst.grads) == 16)
        #expect(grad("a", graph, BackwardRun(snapshot: graph, data: data, bug: .recursiveRightToLeft).grads) == 12)
        let b = try #require(graph.nodes.first { $0.label == "b" })
        #expect(leftFirst.runs[b.id] == 2)
        let correct = BackwardRun(snapshot: graph, data: data, bug: nil)
        #expect(correct.runs.filter { $0 > 1 }.isEmpty)
    }

    @Test func overwritingInsteadOfAccumulatingGivesOne() throws {
        let graph = try snapshot("b = a + a", ["a": 3])
        let run = BackwardRun(snapshot: graph, data: graph.nodes.map(\.data), bug: .overwrite)
        #expect(grad("a", graph, run.grads) == 1)
        #expect(grad("a", graph, graph.nodes.map(\.grad)) == 2)
    }

    @Test func wrongSignInSubtractionFlipsTheRightOperand() throws {
        let graph = try snapshot("c = a - b", ["a": 5, "b": 3])
        let run = BackwardRun(snapshot: graph, data: graph.nodes.map(\.data), bug: .subtractionSign)
        #expect(grad("b", graph, run.grads) == 1)
        #expect(grad("b", graph, graph.nodes.map(\.grad)) == -1)
        #expect(grad("a", graph, run.grads) == 1)
    }

    @Test func droppedResultsLeaveTheNameUnchanged() throws {
        let evaluation = try ExpressionProgram.evaluate("x = 1; x += 5; y = x * 2", dropCompoundResults: true)
        #expect(evaluation.root.data == 2)
        #expect(try ExpressionProgram.evaluate("x = 1; x += 5; y = x * 2").root.data == 12)
    }

    @Test(arguments: [
        "a + b", "a - b", "a * b", "a / b", "-a", "a ** 3", "a ** -0.5", "exp(a)", "log(a)", "tanh(a)",
        "relu(a)", "sigmoid(b)", "a * a + a / b - tanh(a * b)",
    ])
    func checkPassesOnEveryOperator(_ program: String) throws {
        let values = ["a": 1.3, "b": -0.7].filter { program.contains($0.key) }
        let graph = try snapshot(program, values)
        let check = GradientCheck(snapshot: graph)
        #expect(check.failures.isEmpty, "\(check.failures)")
        #expect(check.results.count == graph.nodes.count)
    }

    @Test func checkFailsOnAPlantedWrongDerivative() throws {
        var graph = try snapshot("y = tanh(a * b)", ["a": 0.4, "b": 0.9])
        let a = try #require(graph.nodes.firstIndex { $0.label == "a" })
        graph.nodes[a].grad *= 1.01
        let failures = GradientCheck(snapshot: graph).failures
        #expect(failures.map(\.id) == [a])
        #expect(failures[0].relativeError > 0.005)
    }

    @Test func reluAtZeroIsReportedAsNonSmoothNotAsAFailure() throws {
        let graph = try snapshot("relu(a) * b", ["a": 0, "b": 2])
        let check = GradientCheck(snapshot: graph)
        #expect(check.failures.isEmpty)
        #expect(check.results.contains { $0.status == .nonSmooth })
    }

    // MARK: - Verify

    func file(_ json: String) throws(GraphFileError) -> GraphFile { try GraphFile(data: Data(json.utf8)) }

    @Test func verifyAcceptsItsOwnExportAndFindsPlantedMistakes() throws {
        let graph = try snapshot(Self.seedProgram)
        let exported = try file(graph.jsonText())
        #expect(Verification(snapshot: exported.snapshot).mismatches.isEmpty)
        var wrong = graph
        let a = try #require(wrong.nodes.firstIndex { $0.label == "a" })
        wrong.nodes[a].grad = 16  // the recursive bug's answer
        let c = try #require(wrong.nodes.firstIndex { $0.label == "c" })
        wrong.nodes[c].data = 9
        let mismatches = Verification(snapshot: try file(wrong.jsonText()).snapshot).mismatches
        #expect(mismatches.contains(.init(id: a, quantity: .grad, expected: 10, found: 16)))
        #expect(mismatches.contains { $0.id == c && $0.quantity == .data && $0.expected == 8 })
    }

    @Test func verifyReadsMicrogradSpellingsStringIDsAndAnyOrder() throws {
        let json = """
            {"nodes": [
              {"id": "out", "op": "ReLU", "_prev": ["s"], "data": 4.0, "grad": 1.0},
              {"id": "s", "op": "**2", "_prev": ["a"], "data": 4.0, "grad": 1.0},
              {"id": "a", "op": "", "label": "a", "_prev": [], "data": -2.0, "grad": -4.0}
            ]}
            """
        let graph = try file(json)
        #expect(graph.snapshot.nodes.map(\.operation) == [nil, .power, .relu])
        #expect(graph.fileIDs == ["a", "s", "out"])
        #expect(graph.snapshot.root == 2)
        #expect(Verification(snapshot: graph.snapshot).mismatches.isEmpty)
    }

    @Test func aSetBasedDumpOfPTimesPIsReadAsBothSlots() throws {
        // micrograd's `_prev` is a set: `p * p` (every L2 term of its demo) lists p once.
        let json = """
            {"nodes": [
              {"id": "p", "op": "", "_prev": [], "data": 3.0, "grad": 6.0},
              {"id": "sq", "op": "*", "_prev": ["p"], "data": 9.0, "grad": 1.0}
            ]}
            """
        let graph = try file(json)
        #expect(graph.snapshot.nodes[1].operands == [0, 0])
        #expect(graph.singleOperandBinaryCount == 1)
        #expect(Verification(snapshot: graph.snapshot).mismatches.isEmpty)
        let wrong = try file(json.replacingOccurrences(of: "\"grad\": 6.0", with: "\"grad\": 3.0"))
        #expect(
            Verification(snapshot: wrong.snapshot).mismatches == [.init(id: 0, quantity: .grad, expected: 6, found: 3)])
    }

    @Test(arguments: [
        ("[1, 2", "not valid JSON"),
        ("[1, 2]", "expected a JSON object with \"nodes\", found an array"),
        (#"{"format": "gradviz-graph", "version": 2, "nodes": []}"#, "\"version\" is 2; this gradviz reads version 1"),
        (#"{"nodes": [{"id": 0, "op": "sin", "operands": [], "data": 1}]}"#, "node 0: unknown op 'sin'"),
        (
            #"{"nodes": [{"id": 0, "op": "relu", "operands": [7], "data": 1}]}"#,
            "node 0: operand 7 is not a node in the file"
        ),
        (
            #"{"nodes": [{"id": 0, "op": "relu", "operands": [1], "data": 1}, {"id": 1, "op": "relu", "operands": [0], "data": 1}]}"#,
            "is part of a cycle"
        ),
        (#"{"nodes": [{"id": 3, "data": 1}, {"id": 3, "data": 2}]}"#, "node 3: the id is used by more than one node"),
        (
            #"{"nodes": [{"id": 0, "data": 1}, {"id": 1, "op": "*", "operands": [], "data": 1}]}"#,
            "node 1: '*' takes 2 operands, found 0"
        ),
        (#"{"nodes": [{"id": 0, "data": "lots"}]}"#, "node 0: \"data\" is \"lots\", not a number"),
        (
            #"{"nodes": [{"id": 0, "data": 1}, {"id": 1, "data": 2}]}"#,
            "no \"root\" given, and 2 nodes are used by no other"
        ),
    ])
    func badFilesGiveErrorsThatNameTheNode(_ json: String, _ message: String) {
        do {
            _ = try file(json)
            Issue.record("expected an error containing \(message)")
        } catch {
            #expect(error.message.contains(message), "\(error.message)")
        }
    }
}

/// Graphs exported from Python micrograd by scripts/make/micrograd_export.py (regenerate with
/// scripts/make/make_fixtures): micrograd's test_more_ops graph, and the same with node `a`'s
/// gradient planted wrong.
@Suite struct MicrogradFixtureTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    func load(_ name: String) throws -> GraphFile {
        try GraphFile(data: Data(contentsOf: Self.folder.appendingPathComponent(name)))
    }

    @Test func microgradsOwnGraphVerifies() throws {
        let graph = try load("micrograd-more-ops.json")
        #expect(graph.snapshot.nodes.count == 39)
        #expect(graph.snapshot.nodes[graph.snapshot.root].label == "g")
        #expect(abs(graph.snapshot.nodes[graph.snapshot.root].data - 24.70408163265306) < 1e-12)
        #expect(Verification(snapshot: graph.snapshot).mismatches.isEmpty)
    }

    @Test func aPlantedWrongGradientIsFoundOnItsNode() throws {
        let graph = try load("micrograd-more-ops-wrong.json")
        let mismatches = Verification(snapshot: graph.snapshot).mismatches
        #expect(mismatches.count == 1)
        let mismatch = try #require(mismatches.first)
        #expect(graph.snapshot.nodes[mismatch.id].label == "a")
        #expect(mismatch.quantity == .grad && mismatch.found == 16)
        #expect(abs(mismatch.expected - 138.83381924198252) < 1e-9)
    }
}
