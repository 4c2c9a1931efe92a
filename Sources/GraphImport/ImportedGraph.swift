import GraphChecks
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
    /// Each node's data and grad as the file printed them (`nil` for a file of exact numbers,
    /// and for a grad the file does not print), so a redrawing shows them as written.
    public var printedText: [(data: Substring, grad: Substring?)]?
    /// The cluster (`subgraph cluster…`) each node was drawn in (a position in
    /// `clusterBoxes`), by snapshot id, when the file has clusters.
    public var clusters: [Int?]?
    /// The file's clusters: label and parent.
    public var clusterBoxes: [DotDocument.Cluster] = []

    public init(
        snapshot: GraphSnapshot, fileIDs: [String], printed: PrintedPrecision? = nil, assumptions: [String] = [],
        printedText: [(data: Substring, grad: Substring?)]? = nil, clusters: [Int?]? = nil
    ) {
        self.snapshot = snapshot
        self.fileIDs = fileIDs
        self.printed = printed
        self.assumptions = assumptions
        self.printedText = printedText
        self.clusters = clusters
    }

    /// A node's name for messages: its id in the file and, when it has one, its label.
    public func name(of id: Int) -> String {
        "node \(fileIDs[id])" + (snapshot.nodes[id].label.map { " (\($0))" } ?? "")
    }
}

extension ImportedGraph {
    /// A graph read from gradviz-graph JSON, with the note on set-based operands if any; a file
    /// whose operands are unordered has the order of `-`, `/` and `**` decided by its numbers.
    public init(_ file: GraphFile) {
        var snapshot = file.snapshot
        var assumptions: [String] = []
        if file.singleOperandBinaryCount > 0 {
            assumptions.append(singleOperandAssumption(count: file.singleOperandBinaryCount))
        }
        if file.operandsUnordered {
            let swapped = OperandOrder.resolve(&snapshot)
            if swapped > 0 { assumptions.append(OperandOrder.note(swapped: swapped)) }
        }
        self.init(snapshot: snapshot, fileIDs: file.fileIDs, assumptions: assumptions)
    }
}

extension Operator {
    /// Reads operands as another engine listed them: a set-based engine (micrograd keeps
    /// `_prev` as a set) lists `a + a` and `p * p` with one operand, which is then that operand
    /// in both slots.
    ///
    /// Returns whether it was.
    func fillingSetBasedSlots<Operand>(_ operands: inout [Operand]) -> Bool {
        guard arity == 2 && operands.count == 1 else { return false }
        operands.append(operands[0])
        return true
    }

    /// Whether `count` operands fit the operation: its arity, or more than two for a sum.
    func accepts(operandCount count: Int) -> Bool {
        count == arity || (self == .add && count > 2)
    }
}

/// The sentence for operations read with one operand in both slots.
func singleOperandAssumption(count: Int) -> String {
    "\(count) two-operand operation\(count == 1 ? " has" : "s have") one operand listed; each is read as that operand in both slots (a set-based engine such as micrograd records `a + a` and `p * p` that way)"
}
