public import GraphModel

/// Positions for a graph's drawing computed by gradviz itself, for graphs too big for
/// Graphviz's `dot` layout (whose network simplex needs minutes for 10,000 nodes): columns
/// by longest path from the inputs, rows ordered by a few barycenter sweeps to cut
/// crossings, then placed with the node sizes estimated from their text. Linear-ish in the
/// size of the graph and free of recursion. Graphviz's `nop2` engine then draws the nodes
/// where they are and the edges as straight lines.
public struct LayeredLayout: Sendable, Equatable {
    /// Centre of each value node `n<id>`, in points, y up.
    public var values: [Point]
    /// Centre of each operation node `o<id>` (unused for leaves).
    public var operations: [Point]
    public var width: Double
    public var height: Double

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
        // Items 0..<count are values, count + id is the operation of value id.
        var items: [Item] = []
        items.reserveCapacity(2 * count)
        var column = [Int](repeating: 0, count: count)
        for node in nodes where !node.operands.isEmpty {
            column[node.id] = (node.operands.map { column[$0] }.max() ?? 0) + 2
        }
        // Leaves sit just before their first use.
        var firstUse = [Int](repeating: Int.max, count: count)
        for node in nodes { for operand in node.operands { firstUse[operand] = min(firstUse[operand], column[node.id]) } }
        for node in nodes where node.operands.isEmpty && firstUse[node.id] != Int.max { column[node.id] = firstUse[node.id] - 2 }
        let uses = snapshot.useCounts()
        for node in nodes {
            let size = Self.estimatedSize(node, uses: uses[node.id])
            items.append(Item(column: column[node.id], width: size.width, height: size.height))
        }
        for node in nodes {
            let symbol = DotExport.operationLabel(of: node) ?? ""
            items.append(Item(column: column[node.id] - 1, width: Double(max(symbol.count, 1)) * 6.5 + 26, height: 22))
        }
        func link(_ from: Int, _ to: Int) {
            items[from].successors.append(to)
            items[to].predecessors.append(from)
        }
        for node in nodes {
            if node.operation != nil {
                for operand in node.operands { link(operand, count + node.id) }
                link(count + node.id, node.id)
            } else {
                for operand in node.operands { link(operand, node.id) }
            }
        }
        let placed = (0..<items.count).filter { $0 < count || nodes[$0 - count].operation != nil }
        let columnCount = (placed.map { items[$0].column }.max() ?? 0) + 1
        let minimumColumn = placed.map { items[$0].column }.min() ?? 0
        var byColumn = [[Int]](repeating: [], count: columnCount - minimumColumn)
        for item in placed { byColumn[items[item].column - minimumColumn].append(item) }

        // Order rows: barycenter sweeps, left to right by predecessors, then back by successors.
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
                    let key = neighbours.isEmpty ? items[item].order : neighbours.reduce(0.0) { $0 + items[$1].order } / Double(neighbours.count)
                    keyed.append((key, item))
                }
                keyed.sort { $0.key != $1.key ? $0.key < $1.key : $0.item < $1.item }
                byColumn[columnIndex] = keyed.map(\.item)
                for (row, entry) in keyed.enumerated() { items[entry.item].order = Double(row) }
            }
        }

        // Coordinates: columns side by side, rows stacked and centred.
        let columnGap = 28.0, rowGap = 10.0
        var along = [Double](repeating: 0, count: byColumn.count)  // centre of each column
        var across = [Double](repeating: 0, count: items.count)
        var position = 0.0
        var extent = 0.0
        for (index, members) in byColumn.enumerated() {
            let thickness = members.map { direction == .leftToRight ? items[$0].width : items[$0].height }.max() ?? 0
            along[index] = position + thickness / 2
            position += thickness + columnGap
            let sizes = members.map { direction == .leftToRight ? items[$0].height : items[$0].width }
            let total = sizes.reduce(0, +) + rowGap * Double(max(members.count - 1, 0))
            extent = max(extent, total)
            var offset = -total / 2
            for (member, size) in zip(members, sizes) {
                across[member] = offset + size / 2
                offset += size + rowGap
            }
        }
        let length = max(position - columnGap, 0)
        var values = [Point](repeating: Point(x: 0, y: 0), count: count)
        var operations = [Point](repeating: Point(x: 0, y: 0), count: count)
        let margin = 18.0
        for item in placed {
            let a = along[items[item].column - minimumColumn] + margin
            let b = across[item] + extent / 2 + margin
            // LR: columns run left to right; TB: top to bottom (y up, so the first column is highest).
            let point = direction == .leftToRight ? Point(x: a, y: extent + 2 * margin - b) : Point(x: b, y: length + 2 * margin - a)
            if item < count { values[item] = point } else { operations[item - count] = point }
        }
        self.values = values
        self.operations = operations
        width = (direction == .leftToRight ? length : extent) + 2 * margin
        height = (direction == .leftToRight ? extent : length) + 2 * margin
    }

    /// The size of a value's table from its text: Helvetica 11 pt averages about 6.2 pt a character.
    static func estimatedSize(_ node: GraphSnapshot.Node, uses: Int) -> (width: Double, height: Double) {
        var cells = ["data \(NumberFormat.short(node.data))", "grad \(NumberFormat.short(node.grad))"]
        if let label = node.label { cells.append(label + (uses > 1 ? " used ×\(uses)" : "")) }
        if let folded = node.foldedCount { cells.append("⋯ \(folded) nodes") }
        let width = cells.reduce(0.0) { $0 + Double($1.count) * 6.2 + 10 }
        return (width, 24)
    }
}
