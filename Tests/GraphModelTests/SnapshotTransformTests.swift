import Autograd
import ExpressionLanguage
import GraphModel
import Testing

@Suite struct SnapshotTransformTests {
    func snapshot(_ program: String, _ values: [String: Double] = [:]) throws -> GraphSnapshot {
        let evaluation = try ExpressionProgram.evaluate(program, values: values)
        evaluation.root.backward()
        return evaluation.root.snapshot()
    }

    /// Brute force: a node is on a path from `source` to the root exactly when some operand
    /// chain leads from it to the root and from `source` to it.
    func onPath(_ graph: GraphSnapshot, from source: Int) -> Set<String> {
        func reaches(_ from: Int, _ to: Int) -> Bool {
            if from == to { return true }
            var frontier = [to]
            var seen = Set<Int>()
            while let next = frontier.popLast() {
                if next == from { return true }
                guard seen.insert(next).inserted else { continue }
                frontier += graph.nodes[next].operands
            }
            return false
        }
        return Set(
            graph.nodes.filter { reaches(source, $0.id) && reaches($0.id, graph.root) }.map {
                "\($0.label ?? "#")=\($0.data)"
            })
    }

    @Test func pathsKeepExactlyTheNodesBetweenSourceAndRoot() throws {
        let graph = try snapshot("u = a * b; v = b + c; w = exp(a) - c; z = u * v + w; z", ["a": 0.5, "b": -2, "c": 3])
        for source in graph.nodes.indices {
            let expected = onPath(graph, from: source)
            guard let paths = graph.paths(from: source) else {
                #expect(expected.isEmpty || source == graph.root && expected.count == 1, "source \(source)")
                continue
            }
            #expect(Set(paths.nodes.map { "\($0.label ?? "#")=\($0.data)" }) == expected, "source \(source)")
            #expect(paths.nodes[paths.root].data == graph.nodes[graph.root].data)
            for node in paths.nodes { #expect(node.operands.allSatisfy { $0 < node.id }) }
        }
        let fromA = try #require(graph.paths(from: 0))
        #expect(fromA.nodes.map(\.label) == ["a", "u", nil, "w", nil, "z"])
    }

    @Test func pathsAreNilForANodeNotInTheGraph() throws {
        let graph = try snapshot("k = 2 * a; b + 1", ["a": 1, "b": 2])
        #expect(graph.nodes.count == 3)  // b, 1 and b + 1: k is not part of the root's graph
        #expect(graph.paths(from: 3) == nil)
        #expect(graph.paths(from: -1) == nil)
    }

    @Test func collapsingSumsMakesOneNaryNodePerChain() throws {
        let graph = try snapshot("s = a + b + c + d; t = s * (a + b)", ["a": 1, "b": 2, "c": 3, "d": 4])
        let collapsed = graph.collapsingSums()
        let sums = collapsed.nodes.filter { $0.operation == .add }
        #expect(sums.map(\.operands.count).sorted() == [2, 4])
        let s = try #require(collapsed.nodes.first { $0.label == "s" })
        #expect(s.data == 10 && s.operands.map { collapsed.nodes[$0].label } == ["a", "b", "c", "d"])
        #expect(collapsed.nodes[collapsed.root].data == graph.nodes[graph.root].data)
    }

    @Test func namedPartialSumsStayVisible() throws {
        let graph = try snapshot("p = a + b; q = p + c", ["a": 1, "b": 2, "c": 3])
        #expect(graph.collapsingSums().nodes.count == graph.nodes.count)
    }

    // MARK: - Summaries of big graphs

    /// A loss like micrograd's demo in miniature: 300 samples, each relu(1 - y * (w*x + b)),
    /// summed one addition at a time, plus w*w.
    func bigLoss() throws -> GraphSnapshot {
        var program = "w = 0.5; b = 0.1; loss = w*w"
        for sample in 0..<300 {
            program += " + relu(1 - \(sample % 2 == 0 ? 1 : -1) * (w*\(Double(sample) / 100) + b))"
        }
        return try snapshot(program)
    }

    @Test func aFlaggedNodeIsKeptWithItsShortestPathToTheRootAndTheRestFolded() throws {
        let graph = try bigLoss()
        #expect(graph.nodes.count > 1_500)
        let flagged = try #require(graph.nodes.firstIndex { $0.operation == .relu && $0.id > 900 })
        let summary = try #require(graph.fitted(maximumNodes: 100, focus: [flagged]))
        let picture = summary.snapshot
        #expect(picture.nodes.count < 100)
        // The flagged node keeps its numbers and its operation, and reaches the root.
        let kept = try #require(
            picture.nodes.indices.contains(summary.newID[flagged]) ? picture.nodes[summary.newID[flagged]] : nil)
        #expect(
            kept.operation == .relu && kept.data == graph.nodes[flagged].data && kept.grad == graph.nodes[flagged].grad)
        #expect(picture.paths(from: kept.id) != nil)
        #expect(picture.nodes[picture.root].data == graph.nodes[graph.root].data)
        // Everything not drawn is accounted for by folded nodes.
        let folded = picture.nodes.compactMap(\.foldedCount)
        #expect(!folded.isEmpty)
        #expect(summary.note.contains("\(graph.nodes.count) nodes are too many"))
        // Topological order holds.
        for node in picture.nodes { #expect(node.operands.allSatisfy { $0 < node.id }) }
    }

    @Test func withoutAFocusLongSumsCollapseFirstThenTheRootsNeighbourhoodIsDrawn() throws {
        let graph = try bigLoss()
        let summary = try #require(graph.fitted(maximumNodes: 200))
        #expect(summary.snapshot.nodes.count <= 200)
        #expect(summary.snapshot.nodes[summary.snapshot.root].data == graph.nodes[graph.root].data)
        #expect(graph.fitted(maximumNodes: graph.nodes.count) == nil)
    }

    @Test func collapsingAChainOfAMillionAdditionsIsLinear() throws {
        // k² copying would take minutes here; linear takes well under a second.
        var nodes = [GraphSnapshot.Node(id: 0, label: "x", data: 1, grad: 1)]
        for id in 1...1_000_000 {
            nodes.append(.init(id: id, operation: .add, operands: [id - 1, 0], data: Double(id + 1), grad: 1))
        }
        nodes[1_000_000].label = "sum"
        let graph = GraphSnapshot(nodes: nodes, root: 1_000_000)
        let (collapsed, newID) = graph.collapsingSums(keeping: [500_000])
        #expect(collapsed.nodes.count == 3)  // x, the kept partial sum, the root Σ
        #expect(newID[500_000] == 1 && newID[1_000_000] == 2 && newID[7] == -1)
        #expect(collapsed.nodes[2].operands.count == 500_001)
        #expect(collapsed.nodes[1].operands.count == 500_001)
    }
}
