/// A plain, self-contained picture of an expression graph at one moment.
///
/// The snapshot is the seam between the engine and everything that shows or checks a graph:
/// DOT export, the JSON interchange format, and graphs produced by other engines. Nodes are in
/// topological order (every operand comes before the node that uses it) and are numbered
/// `0..<nodes.count` in that order, so the same graph always gives the same snapshot.
public struct GraphSnapshot: Sendable, Equatable {
    /// One value in the graph.
    public struct Node: Sendable, Equatable {
        /// Position in `nodes`; operands refer to nodes by this number.
        public var id: Int
        /// The user's name for the value (`a`, `loss`), or `nil`.
        public var label: String?
        /// The operation that made the value, or `nil` for a leaf.
        public var operation: Operator?
        /// Operand ids in slot order; `a + a` has two slots holding the same id.
        public var operands: [Int]
        /// The constant exponent of a `power` node.
        public var exponent: Double?
        public var data: Double
        public var grad: Double
        /// The layer and neuron that made the value, for values built by a network.
        public var place: NodePlace?
        /// For a node that stands for a folded subgraph in a summary view: how many nodes of
        /// the full graph it stands for.
        ///
        /// A folded node has no operation; its operands are what the folded part reads.
        public var foldedCount: Int?

        public init(
            id: Int, label: String? = nil, operation: Operator? = nil, operands: [Int] = [],
            exponent: Double? = nil, data: Double, grad: Double = 0, place: NodePlace? = nil, foldedCount: Int? = nil
        ) {
            self.place = place
            self.foldedCount = foldedCount
            self.id = id
            self.label = label
            self.operation = operation
            self.operands = operands
            self.exponent = exponent
            self.data = data
            self.grad = grad
        }

        /// A leaf without a name: a number written in the program, like the `2` in `2 * a`.
        public var isConstant: Bool { operation == nil && label == nil && foldedCount == nil }
        public var isLeaf: Bool { operation == nil }
        /// A `+` of more than two operands: a chain of additions drawn (or exported) as one Σ.
        public var isNarySum: Bool { operation == .add && operands.count > 2 }
    }

    public var nodes: [Node]
    /// Id of the value the graph was taken from (the one `backward()` started at).
    public var root: Int

    public init(nodes: [Node], root: Int) {
        self.nodes = nodes
        self.root = root
    }

    /// The part of the graph on paths from node `source` to the root: nodes that depend on
    /// `source` and that the root depends on, renumbered in order, with operands limited to
    /// those nodes.
    ///
    /// `nil` when the root does not depend on `source`.
    public func paths(from source: Int) -> GraphSnapshot? {
        guard nodes.indices.contains(source) else { return nil }
        var downstream = [Bool](repeating: false, count: nodes.count)
        downstream[source] = true
        for node in nodes where node.id > source {
            if node.operands.contains(where: { downstream[$0] }) { downstream[node.id] = true }
        }
        guard downstream[root] else { return nil }
        var upstream = [Bool](repeating: false, count: nodes.count)
        upstream[root] = true
        for node in nodes.reversed() where upstream[node.id] {
            for operand in node.operands { upstream[operand] = true }
        }
        var newID = [Int](repeating: -1, count: nodes.count)
        var kept: [Node] = []
        for node in nodes where downstream[node.id] && upstream[node.id] {
            newID[node.id] = kept.count
            var copy = node
            copy.id = kept.count
            copy.operands = node.operands.compactMap { newID[$0] >= 0 ? newID[$0] : nil }
            kept.append(copy)
        }
        return GraphSnapshot(nodes: kept, root: newID[root])
    }

    /// How many slots refer to each node: a node used twice (`a + a`, or in two branches) is
    /// shared, and its gradient is the sum of what each use sends back.
    public func useCounts() -> [Int] {
        var counts = [Int](repeating: 0, count: nodes.count)
        for node in nodes {
            for operand in node.operands { counts[operand] += 1 }
        }
        return counts
    }
}

// MARK: - Folding

extension GraphSnapshot {
    /// The graph with every neuron folded into one node: the nodes a neuron built (its
    /// parameters, products, sums and activation, all with the same layer and neuron place)
    /// become one node with the data and grad of its last value (the activation) and the
    /// neuron's inputs from outside as operands.
    public func foldedByNeuron() -> GraphSnapshot {
        struct Key: Hashable {
            var layer: Int
            var neuron: Int
        }
        var groupOf = [Key?](repeating: nil, count: nodes.count)
        var lastOfGroup: [Key: Int] = [:]
        var sizeOfGroup: [Key: Int] = [:]
        for node in nodes {
            guard let place = node.place else { continue }
            let key = Key(layer: place.layer, neuron: place.neuron)
            groupOf[node.id] = key
            lastOfGroup[key] = node.id
            sizeOfGroup[key, default: 0] += 1
        }
        var newID = [Int](repeating: -1, count: nodes.count)
        var result: [Node] = []
        var pendingOperands: [Key: [Int]] = [:]
        for node in nodes {
            if let key = groupOf[node.id] {
                // Collect operands that come from outside the neuron.
                for operand in node.operands where groupOf[operand] != key {
                    let mapped = newID[operand]
                    if mapped >= 0, !(pendingOperands[key]?.contains(mapped) ?? false) {
                        pendingOperands[key, default: []].append(mapped)
                    }
                }
                guard lastOfGroup[key] == node.id else { continue }
                let folded = Node(
                    id: result.count, label: "L\(key.layer).N\(key.neuron)", operands: pendingOperands[key] ?? [],
                    data: node.data, grad: node.grad,
                    place: NodePlace(layer: key.layer, neuron: key.neuron, part: .computation),
                    foldedCount: sizeOfGroup[key])
                for member in nodes.indices where groupOf[member] == key { newID[member] = result.count }
                result.append(folded)
            } else {
                var copy = node
                copy.id = result.count
                copy.operands = node.operands.map { newID[$0] }
                newID[node.id] = result.count
                result.append(copy)
            }
        }
        return GraphSnapshot(nodes: result, root: newID[root])
    }
}

extension GraphSnapshot {
    /// The graph with chains of additions drawn as one n-ary sum: an unnamed `+` used only by
    /// another `+` of the same place is absorbed into it, so `((b + p1) + p2) + p3` becomes one
    /// node `+` with operands `[b, p1, p2, p3]` and the chain's final data and grad.
    ///
    /// Named sums stay visible.
    public func collapsingSums() -> GraphSnapshot { collapsingSums(keeping: []).snapshot }

    /// ``collapsingSums()``, never absorbing the nodes in `keeping`, with each original node's
    /// new id (-1 for absorbed ones).
    ///
    /// Linear in the graph's size: each absorbed node is visited once, when the sum that
    /// absorbs it is built.
    public func collapsingSums(keeping: Set<Int>) -> (snapshot: GraphSnapshot, newID: [Int]) {
        let uses = useCounts()
        var user = [Int](repeating: -1, count: nodes.count)
        for node in nodes { for operand in node.operands { user[operand] = node.id } }
        var absorbed = [Bool](repeating: false, count: nodes.count)
        for node in nodes
        where node.operation == .add && node.label == nil && uses[node.id] == 1 && node.id != root
            && !keeping.contains(node.id)
        {
            let parent = nodes[user[node.id]]
            if parent.operation == .add && parent.place == node.place { absorbed[node.id] = true }
        }
        var newID = [Int](repeating: -1, count: nodes.count)
        var result: [Node] = []
        for node in nodes where !absorbed[node.id] {
            var operands: [Int] = []
            // Operands in slot order, descending into absorbed sums (a stack, not recursion).
            var pending = node.operands.reversed() as [Int]
            while let operand = pending.popLast() {
                if absorbed[operand] {
                    pending += nodes[operand].operands.reversed()
                } else {
                    operands.append(newID[operand])
                }
            }
            var copy = node
            copy.id = result.count
            copy.operands = operands
            newID[node.id] = copy.id
            result.append(copy)
        }
        return (GraphSnapshot(nodes: result, root: newID[root]), newID)
    }
}
