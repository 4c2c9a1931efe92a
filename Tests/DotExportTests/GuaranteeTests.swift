import Autograd
import DotExport
import Foundation
import GraphModel
import Rendering
import Testing

/// Reproductions from issue 10 at the DOT and snapshot level.
@Suite struct GuaranteeTests {
    func chain(_ length: Int) -> GraphSnapshot {
        var nodes = [GraphSnapshot.Node(id: 0, label: "b", operands: [], data: 1, grad: 1)]
        for index in 1...length {
            nodes.append(GraphSnapshot.Node(id: nodes.count, label: "p\(index)", operands: [], data: 1, grad: 1))
            nodes.append(GraphSnapshot.Node(id: nodes.count, label: nil, operation: .add, operands: [nodes.count - 2, nodes.count - 1], data: 1, grad: 1))
        }
        return GraphSnapshot(nodes: nodes, root: nodes.count - 1)
    }

    @Test func collapsingSumsIsLinearOnLongChains() {
        // 20,000 partial sums: the old version copied every prefix (200 million operand copies).
        let snapshot = chain(20_000)
        let start = Date()
        let summed = snapshot.collapsingSums()
        #expect(Date().timeIntervalSince(start) < 5)
        #expect(summed.nodes.count == 20_002)
        #expect(summed.nodes[summed.root].operands.count == 20_001)
        #expect(summed.nodes[summed.root].operands.first == 0)
    }

    @Test func recursiveVisitCountWithoutVisiting() {
        // a=2; b=a+a; c=a*b; d=c+b: recursion visits d, c, a, b, a, a, b, a, a = 9.
        let tape = Tape()
        let a = Value(2, label: "a", on: tape)
        let b = a + a
        let c = a * b
        let d = c + b
        d.backward()
        let snapshot = d.snapshot()
        #expect(BackwardRun.recursiveVisitCount(snapshot) == BackwardRun(snapshot: snapshot, data: snapshot.nodes.map(\.data), bug: .recursive).order.count + 5)
        #expect(BackwardRun.recursiveVisitCount(snapshot) == 9)
        // 70 doublings: 2^70 paths, saturated.
        var x = a
        for _ in 0..<70 { x = x + x }
        #expect(BackwardRun.recursiveVisitCount(x.snapshot()) == Int.max)
    }

    @Test func tooltipsKeepBackslashesAndEntitiesLiteral() throws {
        let tape = Tape()
        let a = Value(1, label: "a\\N&amp;\u{FFFE}", on: tape)
        let b = a * 2
        let dot = DotExport.dot(for: b.snapshot())
        #expect(dot.contains("tooltip=\"a\\\\\\\\N&amp;amp;\u{FFFD}"))
        #expect(!dot.contains("\u{FFFE}"))
        let svg = String(decoding: try Renderer().render(dot, as: .svg), as: UTF8.self)
        // The browser shows the title attribute decoded once: a\N&amp; as the label reads.
        #expect(svg.contains("xlink:title=\"a\\N&amp;amp;"))
    }

    @Test func networkColumnsAreOrderedByPairwiseEdges() {
        let layer = (0..<3).map { NetworkSnapshot.Unit(name: "x\($0)", data: 0, grad: 0) }
        let network = NetworkSnapshot(layers: [layer, [NetworkSnapshot.Unit(name: "o", data: 0, grad: 0)]], connections: [], caption: "c")
        let dot = DotExport.dot(for: network)
        #expect(dot.contains("u0_0 -> u0_1 [style=invis];"))
        #expect(dot.contains("u0_1 -> u0_2 [style=invis];"))
        #expect(!dot.contains("u0_0 -> u0_1 -> u0_2"))
    }
}
