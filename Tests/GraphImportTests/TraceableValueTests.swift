import GraphChecks
import GraphImport
import GraphModel
import Testing

/// A port's value reduced to what the protocol reads, with operands in a mutable list so a
/// test can build what no engine should (a cycle) and what set-based engines do (one operand).
final class PortValue: TraceableValue {
    var data: Double
    var grad: Double
    var op: String
    var children: [PortValue]
    var name: String?

    init(_ data: Double, grad: Double = 0, op: String = "", _ children: [PortValue] = [], name: String? = nil) {
        self.data = data
        self.grad = grad
        self.op = op
        self.children = children
        self.name = name
    }

    var traceOperation: String? { op }
    var traceOperands: [PortValue] { children }
    var traceLabel: String? { name }
}

@Suite struct TraceableValueTests {
    @Test func tracesOperandsFirstWithMicrogradSpellings() throws {
        let a = PortValue(-2, grad: -4, name: "a")
        let square = PortValue(4, grad: 1, op: "**2", [a])
        let out = PortValue(4, grad: 1, op: "ReLU", [square], name: "out")
        let graph = try out.tracedGraph()
        #expect(graph.snapshot.nodes.map(\.operation) == [nil, .power, .relu])
        #expect(graph.snapshot.nodes[1].exponent == 2)
        #expect(graph.snapshot.root == 2)
        #expect(graph.name(of: 2) == "node #2 (out)")
        #expect(Verification(snapshot: graph.snapshot).mismatches.isEmpty)
    }

    @Test func aSetBasedAPlusAIsBothSlotsAndOverwriteIsCaught() throws {
        let a = PortValue(3, grad: 1, name: "a")  // the overwrite bug's grad
        let b = PortValue(6, grad: 1, op: "+", [a])
        let graph = try b.tracedGraph()
        #expect(graph.snapshot.nodes[1].operands == [0, 0])
        #expect(graph.assumptions.count == 1)
        #expect(
            Verification(snapshot: graph.snapshot).mismatches == [.init(id: 0, quantity: .grad, expected: 2, found: 1)])
    }

    @Test func aDeepChainNeedsNoRecursion() throws {
        var value = PortValue(0, grad: 1, name: "x")
        let start = value
        for _ in 0..<200_000 { value = PortValue(value.data, grad: 1, op: "+", [value, PortValue(0, grad: 1)]) }
        let graph = try value.tracedGraph()
        #expect(graph.snapshot.nodes.count == 400_001)
        #expect(Verification(snapshot: graph.snapshot).mismatches.count == 0)
        _ = start
        // Release the chain iteratively: class values free their operands recursively.
        while let next = value.children.first {
            value.children = []
            value = next
        }
    }

    @Test func cyclesAndUnknownOperationsAreErrorsNotHangs() {
        let a = PortValue(1, op: "+")
        let b = PortValue(1, op: "+", [a, a])
        a.children = [b, b]
        #expect(throws: ImportError.self) { try b.tracedGraph() }
        a.children = []
        let c = PortValue(1, op: "sin", [PortValue(0)])
        do {
            _ = try c.tracedGraph()
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("unknown operation 'sin'"))
        }
    }
}
