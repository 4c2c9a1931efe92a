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

        public init(
            id: Int, label: String? = nil, operation: Operator? = nil, operands: [Int] = [],
            exponent: Double? = nil, data: Double, grad: Double = 0, place: NodePlace? = nil
        ) {
            self.place = place
            self.id = id
            self.label = label
            self.operation = operation
            self.operands = operands
            self.exponent = exponent
            self.data = data
            self.grad = grad
        }

        /// A leaf without a name: a number written in the program, like the `2` in `2 * a`.
        public var isConstant: Bool { operation == nil && label == nil }
        public var isLeaf: Bool { operation == nil }
    }

    public var nodes: [Node]
    /// Id of the value the graph was taken from (the one `backward()` started at).
    public var root: Int

    public init(nodes: [Node], root: Int) {
        self.nodes = nodes
        self.root = root
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
