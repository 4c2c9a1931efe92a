public import GraphModel

/// A graph another engine wrote, read into a snapshot: what `verify` and `draw` work on.
public struct ImportedGraph: Sendable {
    /// The graph, renumbered in topological order.
    public var snapshot: GraphSnapshot
    /// Each node's name in the file (its id, or its DOT node name), by snapshot id.
    public var fileIDs: [String]
    /// How precisely the file wrote each number; `nil` when every number is exact (JSON).
    public var printed: PrintedPrecision?
    /// Assumptions gradviz made while reading, one sentence each, for a note to the user.
    public var assumptions: [String]

    public init(
        snapshot: GraphSnapshot, fileIDs: [String], printed: PrintedPrecision? = nil, assumptions: [String] = []
    ) {
        self.snapshot = snapshot
        self.fileIDs = fileIDs
        self.printed = printed
        self.assumptions = assumptions
    }

    /// A node's name for messages: its id in the file and, when it has one, its label.
    public func name(of id: Int) -> String {
        "node \(fileIDs[id])" + (snapshot.nodes[id].label.map { " (\($0))" } ?? "")
    }
}

/// The sentence for operations read with one operand in both slots.
func singleOperandAssumption(count: Int) -> String {
    "\(count) two-operand operation\(count == 1 ? " has" : "s have") one operand listed; each is read as that operand in both slots (a set-based engine such as micrograd records `a + a` and `p * p` that way)"
}
