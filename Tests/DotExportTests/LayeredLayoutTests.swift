import Autograd
import DotExport
import ExpressionLanguage
import GraphModel
import Testing

/// Geometry of gradviz's own layered layout, checked on the boxes it estimates for itself.
@Suite struct LayeredLayoutTests {
    /// A program with long skips: every fourth value reads one made much earlier.
    static func skipProgram(values: Int) -> String {
        var statements = ["h0 = x0"]
        for index in 1..<values {
            let skip = index % 4 == 0 ? index / 2 : index - 1
            statements.append("h\(index) = tanh(h\(index - 1) * w\(index) + h\(skip) * 0.5)")
        }
        return statements.joined(separator: "; ")
    }

    struct Box { var minX, maxX, minY, maxY: Double }

    /// Whether the segment from p to q passes through the inside of `box` (Liang–Barsky).
    static func crosses(_ p: LayeredLayout.Point, _ q: LayeredLayout.Point, _ box: Box) -> Bool {
        var low = 0.0
        var high = 1.0
        let dx = q.x - p.x
        let dy = q.y - p.y
        for (denominator, numerator) in [
            (-dx, p.x - box.minX), (dx, box.maxX - p.x), (-dy, p.y - box.minY), (dy, box.maxY - p.y),
        ] {
            if denominator == 0 {
                if numerator < 0 { return false }
            } else {
                let t = numerator / denominator
                if denominator < 0 { low = max(low, t) } else { high = min(high, t) }
            }
        }
        return low < high - 1e-9
    }

    @Test func longEdgesBendBetweenColumnsAndPassThroughNoValue() throws {
        let evaluation = try ExpressionProgram.evaluate(Self.skipProgram(values: 60), values: [:])
        evaluation.root.backward()
        let graph = evaluation.root.snapshot()
        let layout = LayeredLayout(snapshot: graph, direction: .leftToRight)
        #expect(layout.operandRoutes.values.contains { $0.count > 4 })  // some edges bend
        let uses = graph.useCounts()
        // Value boxes as the layout sized them, shrunk by a point so touching is not crossing.
        let boxes = graph.nodes.map { node -> Box in
            let size = LayeredLayout.estimatedSize(node, uses: uses[node.id])
            let centre = layout.values[node.id]
            return Box(
                minX: centre.x - size.width / 2 + 1, maxX: centre.x + size.width / 2 - 1, minY: centre.y - 11,
                maxY: centre.y + 11)
        }
        var crossings = 0
        for node in graph.nodes where node.operation != nil {
            let result = try #require(layout.resultRoutes[node.id])
            for (p, q) in zip(result, result.dropFirst()) {
                for box in boxes where Self.crosses(p, q, box) { crossings += 1 }
            }
            for operand in node.operands {
                let points = try #require(layout.operandRoutes[.init(operand: operand, node: node.id)])
                for (p, q) in zip(points, points.dropFirst()) {
                    for box in boxes where Self.crosses(p, q, box) { crossings += 1 }
                }
            }
        }
        #expect(crossings == 0)
    }

    @Test func theDrawingGivesEveryEdgeItsRoute() throws {
        let evaluation = try ExpressionProgram.evaluate("a = 1; b = tanh(a*w); c = tanh(b*v); d = c + a", values: [:])
        evaluation.root.backward()
        let dot = DotExport.dot(for: evaluation.root.snapshot(), options: .init(precomputedLayout: true))
        let edges = dot.split(separator: "\n").filter { $0.contains(" -> ") }
        #expect(!edges.isEmpty && edges.allSatisfy { $0.contains("pos=\"e,") })
    }

    @Test func longEdgesDecideWhoLaysTheGraphOut() throws {
        // A weighted sum: every product sits next to the sum that uses it.
        let sum = (0..<200).map { "x\($0)*w\($0)" }.joined(separator: " + ")
        let weighted = try ExpressionProgram.evaluate(sum, values: [:]).root.snapshot()
        #expect(LayeredLayout.longEdgeLoad(weighted) == 0)
        #expect(!DotExport.prefersLayeredLayout(weighted))
        // A tangle: each value reads one made long before, so edges skip many columns.
        var statements = ["v0 = x0", "v1 = x1"]
        for index in 2..<400 { statements.append("v\(index) = v\(index - 1) * 0.5 + v\(index / 3) * 0.25") }
        statements.append((0..<400).map { "v\($0)" }.joined(separator: " + "))
        let tangle = try ExpressionProgram.evaluate(statements.joined(separator: "; "), values: [:]).root.snapshot()
        #expect(LayeredLayout.longEdgeLoad(tangle) > 20 * tangle.nodes.count)
        #expect(DotExport.prefersLayeredLayout(tangle))
    }
}
