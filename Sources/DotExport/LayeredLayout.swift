public import GraphModel

/// Positions for a graph's drawing computed by gradviz itself, for graphs too big for
/// Graphviz's `dot` layout (whose network simplex needs minutes for 10,000 nodes): columns by
/// longest path from the inputs, rows ordered by a few barycenter sweeps to cut crossings, then
/// placed with the node sizes estimated from their text.
///
/// Linear-ish in the size of the graph and free of recursion. Graphviz's `nop2` engine then
/// draws the nodes where they are and the edges as straight lines.
public struct LayeredLayout: Sendable, Equatable {
    /// Centre of each value node `n<id>`, in points, y up.
    public var values: [Point]
    /// Centre of each operation node `o<id>` (unused for leaves).
    public var operations: [Point]
    public var width: Double
    public var height: Double
    /// The path of the edge from value `operand` into the operation of value `node`, from
    /// the operand's border to the operation's: it leaves and enters horizontally (in the
    /// direction of the layout) and crosses each column it spans in its own row, between the
    /// nodes of that column (the classic layered method's dummy nodes), so no edge runs
    /// through a node; only the gaps between columns hold slanted segments.
    public var operandRoutes: [Edge: [Point]]
    /// The path of the edge from the operation of value `id` to the value, by id.
    public var resultRoutes: [Int: [Point]]

    public struct Edge: Sendable, Hashable {
        public var operand: Int
        public var node: Int
        public init(operand: Int, node: Int) {
            self.operand = operand
            self.node = node
        }
    }

    public struct Point: Sendable, Equatable {
        public var x: Double
        public var y: Double
    }

    /// One item to place: a value or an operation.
    struct Item {
        var column: Int
        var width: Double
        var height: Double
        var predecessors: [Int] = []
        var successors: [Int] = []
        var order = 0.0
    }

    public init(snapshot: GraphSnapshot, direction: DotExport.RankDirection) {
        let nodes = snapshot.nodes
        let count = nodes.count
        // Items 0..<count are values, count + id is the operation of value id; dummies follow.
        var items = Self.items(of: snapshot)
        let dummiesOf = Self.link(&items, nodes: nodes)
        let placed = (0..<items.count).filter { $0 >= 2 * count || $0 < count || nodes[$0 - count].operation != nil }
        var columns = Self.columns(of: placed, items: items)
        Self.orderRows(&columns.members, items: &items)
        let geometry = Geometry(
            columns: columns.members, minimumColumn: columns.minimum, items: items, direction: direction)

        var values = [Point](repeating: Point(x: 0, y: 0), count: count)
        var operations = [Point](repeating: Point(x: 0, y: 0), count: count)
        for item in placed where item < 2 * count {
            let centre = geometry.centre(of: item)
            if item < count { values[item] = centre } else { operations[item - count] = centre }
        }
        var operandRoutes: [Edge: [Point]] = [:]
        var resultRoutes: [Int: [Point]] = [:]
        for node in nodes where node.operation != nil {
            for operand in node.operands where operandRoutes[Edge(operand: operand, node: node.id)] == nil {
                let edge = Edge(operand: operand, node: node.id)
                operandRoutes[edge] = geometry.route(operand, count + node.id, through: dummiesOf[edge] ?? [])
            }
            resultRoutes[node.id] = geometry.route(count + node.id, node.id, through: [])
        }
        self.values = values
        self.operations = operations
        self.operandRoutes = operandRoutes
        self.resultRoutes = resultRoutes
        width = geometry.width
        height = geometry.height
    }

    // MARK: - Steps of the layout

    /// Columns by longest path from the inputs (a value every other column, its operation
    /// in between), leaves just before their first use.
    static func columns(of nodes: [GraphSnapshot.Node]) -> [Int] {
        let count = nodes.count
        var column = [Int](repeating: 0, count: count)
        for node in nodes where !node.operands.isEmpty {
            column[node.id] = (node.operands.map { column[$0] }.max() ?? 0) + 2
        }
        // Leaves sit just before their first use.
        var firstUse = [Int](repeating: Int.max, count: count)
        for node in nodes {
            for operand in node.operands { firstUse[operand] = min(firstUse[operand], column[node.id]) }
        }
        for node in nodes where node.operands.isEmpty && firstUse[node.id] != Int.max {
            column[node.id] = firstUse[node.id] - 2
        }
        return column
    }

    /// One item per value, then one per operation, each in its column with its estimated size.
    static func items(of snapshot: GraphSnapshot) -> [Item] {
        let nodes = snapshot.nodes
        var items: [Item] = []
        items.reserveCapacity(2 * nodes.count)
        let column = columns(of: nodes)
        let uses = snapshot.useCounts()
        for node in nodes {
            let size = Self.estimatedSize(node, uses: uses[node.id])
            items.append(Item(column: column[node.id], width: size.width, height: size.height))
        }
        for node in nodes {
            let symbol = DotExport.operationLabel(of: node) ?? ""
            // Graphviz draws an ellipse at least 0.75 in (54 pt) wide.
            items.append(
                Item(column: column[node.id] - 1, width: max(54, Double(max(symbol.count, 1)) * 6.5 + 26), height: 22))
        }
        return items
    }

    /// Links every edge's items, through one small dummy item per column an edge crosses;
    /// returns the dummies of each operand edge that has any, in order.
    static func link(_ items: inout [Item], nodes: [GraphSnapshot.Node]) -> [Edge: [Int]] {
        let count = nodes.count
        func link(_ from: Int, _ to: Int) {
            items[from].successors.append(to)
            items[to].predecessors.append(from)
        }
        /// Links `from` to `to` through one small dummy item per column in between; returns
        /// the dummies, in order.
        func route(_ from: Int, _ to: Int) -> [Int] {
            var dummies: [Int] = []
            var previous = from
            for column in stride(from: items[from].column + 1, to: items[to].column, by: 1) {
                let dummy = items.count
                items.append(Item(column: column, width: 0, height: 6))
                link(previous, dummy)
                dummies.append(dummy)
                previous = dummy
            }
            link(previous, to)
            return dummies
        }
        var dummiesOf: [Edge: [Int]] = [:]
        for node in nodes {
            if node.operation != nil {
                for operand in node.operands {
                    let edge = Edge(operand: operand, node: node.id)
                    if let existing = dummiesOf[edge] {
                        // A second slot of the same operand shares the route.
                        link(existing.last ?? operand, count + node.id)
                        continue
                    }
                    let dummies = route(operand, count + node.id)
                    if !dummies.isEmpty { dummiesOf[edge] = dummies }
                }
                link(count + node.id, node.id)
            } else {
                for operand in node.operands { link(operand, node.id) }
            }
        }
        return dummiesOf
    }

    /// The `placed` items of each column, from the first column used.
    static func columns(of placed: [Int], items: [Item]) -> (members: [[Int]], minimum: Int) {
        let columnCount = (placed.map { items[$0].column }.max() ?? 0) + 1
        let minimumColumn = placed.map { items[$0].column }.min() ?? 0
        var byColumn = [[Int]](repeating: [], count: columnCount - minimumColumn)
        for item in placed { byColumn[items[item].column - minimumColumn].append(item) }
        return (byColumn, minimumColumn)
    }

    /// Orders the rows of each column: barycenter sweeps, left to right by predecessors, then
    /// back by successors.
    static func orderRows(_ byColumn: inout [[Int]], items: inout [Item]) {
        for members in byColumn {
            for (row, item) in members.enumerated() { items[item].order = Double(row) }
        }
        for sweep in 0..<4 {
            let forward = sweep % 2 == 0
            let columns = forward ? Array(byColumn.indices) : Array(byColumn.indices.reversed())
            for columnIndex in columns {
                var keyed: [(key: Double, item: Int)] = []
                for item in byColumn[columnIndex] {
                    let neighbours = forward ? items[item].predecessors : items[item].successors
                    let key =
                        neighbours.isEmpty
                        ? items[item].order : neighbours.reduce(0.0) { $0 + items[$1].order } / Double(neighbours.count)
                    keyed.append((key, item))
                }
                keyed.sort { $0.key != $1.key ? $0.key < $1.key : $0.item < $1.item }
                byColumn[columnIndex] = keyed.map(\.item)
                for (row, entry) in keyed.enumerated() { items[entry.item].order = Double(row) }
            }
        }
    }

    /// Coordinates: columns side by side, rows stacked and centred; and the paths of edges
    /// between them.
    struct Geometry {
        let items: [Item]
        let minimumColumn: Int
        let direction: DotExport.RankDirection
        /// The centre of each column, along the layout.
        var along: [Double]
        /// The width of each column, along the layout.
        var thickness: [Double]
        /// The centre of each item across the layout, from the middle.
        var across: [Double]
        /// From the first column's start to the last's end.
        let length: Double
        /// The tallest column's stack, across the layout.
        var extent = 0.0
        let margin = 18.0

        init(columns byColumn: [[Int]], minimumColumn: Int, items: [Item], direction: DotExport.RankDirection) {
            self.items = items
            self.minimumColumn = minimumColumn
            self.direction = direction
            let columnGap = 28.0
            let rowGap = 10.0
            along = [Double](repeating: 0, count: byColumn.count)
            thickness = [Double](repeating: 0, count: byColumn.count)
            across = [Double](repeating: 0, count: items.count)
            var position = 0.0
            for (index, members) in byColumn.enumerated() {
                thickness[index] =
                    members.map { direction == .leftToRight ? items[$0].width : items[$0].height }.max() ?? 0
                along[index] = position + thickness[index] / 2
                position += thickness[index] + columnGap
                let sizes = members.map { direction == .leftToRight ? items[$0].height : items[$0].width }
                let total = sizes.reduce(0, +) + rowGap * Double(max(members.count - 1, 0))
                extent = max(extent, total)
                var offset = -total / 2
                for (member, size) in zip(members, sizes) {
                    across[member] = offset + size / 2
                    offset += size + rowGap
                }
            }
            length = max(position - columnGap, 0)
        }

        var width: Double { (direction == .leftToRight ? length : extent) + 2 * margin }
        var height: Double { (direction == .leftToRight ? extent : length) + 2 * margin }

        /// LR: columns run left to right; TB: top to bottom (y up, so the first column is highest).
        func point(along a: Double, across b: Double) -> Point {
            direction == .leftToRight
                ? Point(x: a + margin, y: extent + margin - (b + extent / 2))
                : Point(x: b + extent / 2 + margin, y: length + margin - a)
        }

        func columnIndex(of item: Int) -> Int { items[item].column - minimumColumn }
        func extentAlong(_ item: Int) -> Double { direction == .leftToRight ? items[item].width : items[item].height }

        func centre(of item: Int) -> Point { point(along: along[columnIndex(of: item)], across: across[item]) }

        /// The path from item `from` to item `to` through `dummies`: out of `from`'s border
        /// and column in its row, across each dummy's column in the dummy's row, into `to`'s
        /// column in its row, up to its border.
        func route(_ from: Int, _ to: Int, through dummies: [Int]) -> [Point] {
            var path: [(Double, Double)] = []
            let fromColumn = columnIndex(of: from)
            let toColumn = columnIndex(of: to)
            path.append((along[fromColumn] + extentAlong(from) / 2, across[from]))
            path.append((along[fromColumn] + thickness[fromColumn] / 2, across[from]))
            for dummy in dummies {
                let dummyColumn = columnIndex(of: dummy)
                path.append((along[dummyColumn] - thickness[dummyColumn] / 2, across[dummy]))
                path.append((along[dummyColumn] + thickness[dummyColumn] / 2, across[dummy]))
            }
            path.append((along[toColumn] - thickness[toColumn] / 2, across[to]))
            path.append((along[toColumn] - extentAlong(to) / 2, across[to]))
            var points: [Point] = []
            for (a, b) in path {
                let next = point(along: a, across: b)
                if let last = points.last, abs(last.x - next.x) < 0.01 && abs(last.y - next.y) < 0.01 { continue }
                points.append(next)
            }
            return points
        }
    }

    /// The size of a value's table from its text: Helvetica 11 pt averages about 6.2 pt a character.
    public static func estimatedSize(_ node: GraphSnapshot.Node, uses: Int) -> (width: Double, height: Double) {
        var cells = ["data \(NumberFormat.short(node.data))", "grad \(NumberFormat.short(node.grad))"]
        if let label = node.label { cells.append(label + (uses > 1 ? " used ×\(uses)" : "")) }
        if let folded = node.foldedCount { cells.append("⋯ \(folded) nodes") }
        let width = cells.reduce(0.0) { $0 + Double($1.count) * 6.2 + 10 }
        return (width, 24)
    }

    /// How much of Graphviz's `dot` work a graph needs in long edges: the columns each operand
    /// edge would skip with every value placed as late as its users allow (as `dot`'s ranking
    /// tends to place it), summed.
    ///
    /// `dot` routes a spline through each skipped column, which is what makes it slow on
    /// tangled graphs: 0 for a weighted sum, about 4 per value for an MLP, over 100 per value
    /// for a random DAG (measured on 1,000-value graphs, where `dot` took 0.2 s, 0.26 s and
    /// 6.6 s).
    public static func longEdgeLoad(_ snapshot: GraphSnapshot) -> Int {
        let nodes = snapshot.nodes
        var earliest = [Int](repeating: 0, count: nodes.count)
        for node in nodes where !node.operands.isEmpty {
            earliest[node.id] = (node.operands.map { earliest[$0] }.max() ?? 0) + 2
        }
        var latest = earliest
        var hasUser = [Bool](repeating: false, count: nodes.count)
        for node in nodes.reversed() {
            for operand in node.operands {
                latest[operand] = hasUser[operand] ? min(latest[operand], latest[node.id] - 2) : latest[node.id] - 2
                hasUser[operand] = true
            }
        }
        var load = 0
        for node in nodes {
            for operand in node.operands { load += max(0, latest[node.id] - latest[operand] - 2) }
        }
        return load
    }
}
