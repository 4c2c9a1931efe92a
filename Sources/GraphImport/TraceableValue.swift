import GraphModel

/// A value of an autograd engine you wrote yourself, as most Swift ports of micrograd write
/// it: a class with `data`, `grad`, the name of the operation that made it and the values it
/// was made from. Conform in a few lines and gradviz can draw, verify and check your graph:
///
/// ```swift
/// extension Scalar: TraceableValue {
///     var traceOperation: String? { op }          // "+", "*", "**2", "tanh", "ReLU", "" for a leaf
///     var traceOperands: [Scalar] { children }    // in slot order; a Set's order will do
///     var traceLabel: String? { label }
/// }
/// let graph = try loss.tracedGraph()              // an ImportedGraph: snapshot and names
/// ```
///
/// Operation names are read as `gradviz verify` reads them from files (gradviz's names,
/// micrograd's `**2` and `ReLU`, `mul`, `add`, …). A two-operand operation with one operand
/// (a set-based `a + a`) is that operand in both slots.
public protocol TraceableValue: AnyObject {
    var data: Double { get }
    var grad: Double { get }
    /// The operation that made the value; `nil` or empty for a leaf.
    var traceOperation: String? { get }
    /// The values it was made from, in operand order.
    var traceOperands: [Self] { get }
    /// A name to show, or `nil`.
    var traceLabel: String? { get }
}

extension TraceableValue {
    public var traceLabel: String? { nil }

    /// The graph this value was computed from, as a snapshot (operands first, this value the
    /// root), with each node named `#k` (its position) in messages.
    ///
    /// Walks the graph with a stack, not recursion, so any depth works.
    public func tracedGraph() throws(ImportError) -> ImportedGraph {
        var order: [Self] = []
        var position: [ObjectIdentifier: Int] = [:]
        var inProgress: Set<ObjectIdentifier> = []
        var stack: [(value: Self, expanded: Bool)] = [(self, false)]
        while let (value, expanded) = stack.popLast() {
            let key = ObjectIdentifier(value)
            if expanded {
                inProgress.remove(key)
                position[key] = order.count
                order.append(value)
                continue
            }
            if position[key] != nil { continue }
            if inProgress.contains(key) {
                throw ImportError(
                    "a value\(value.traceLabel.map { " (\($0))" } ?? "") depends on itself: the graph has a cycle")
            }
            inProgress.insert(key)
            stack.append((value, true))
            for operand in value.traceOperands.reversed() where position[ObjectIdentifier(operand)] == nil {
                stack.append((operand, false))
            }
        }
        var nodes: [GraphSnapshot.Node] = []
        nodes.reserveCapacity(order.count)
        var singleOperandBinaries = 0
        for (index, value) in order.enumerated() {
            var operation: Operator?
            var exponent: Double?
            if let spelling = value.traceOperation, !spelling.allSatisfy(\.isWhitespace) {
                guard let parsed = Operator.parse(spelling: spelling) else {
                    throw ImportError(
                        "value #\(index)\(value.traceLabel.map { " (\($0))" } ?? ""): unknown operation '\(spelling)'")
                }
                (operation, exponent) = parsed
            }
            var operands: [Int] = []
            for operand in value.traceOperands {
                guard let operandPosition = position[ObjectIdentifier(operand)] else {
                    throw ImportError("value #\(index): an operand changed while the graph was read")
                }
                operands.append(operandPosition)
            }
            operation = operation?.resolvingPower(exponent: exponent, operandCount: operands.count)
            if let operation {
                if operation.fillingSetBasedSlots(&operands) { singleOperandBinaries += 1 }
                if operation == .power && exponent == nil {
                    throw ImportError(
                        "value #\(index): a power needs its exponent in the operation name, like '**2', or two operands for a value exponent"
                    )
                }
                guard operation.accepts(operandCount: operands.count) else {
                    throw ImportError(
                        "value #\(index): '\(operation.name)' takes \(operation.arity) operand\(operation.arity == 1 ? "" : "s"), found \(operands.count)"
                    )
                }
            } else if !operands.isEmpty {
                throw ImportError("value #\(index): it has operands but no operation")
            }
            nodes.append(
                GraphSnapshot.Node(
                    id: index, label: value.traceLabel.flatMap { $0.isEmpty ? nil : $0 }, operation: operation,
                    operands: operands,
                    exponent: exponent, data: value.data, grad: value.grad))
        }
        return ImportedGraph(
            snapshot: GraphSnapshot(nodes: nodes, root: nodes.count - 1), fileIDs: nodes.indices.map { "#\($0)" },
            assumptions: singleOperandBinaries > 0 ? [singleOperandAssumption(count: singleOperandBinaries)] : [])
    }
}
