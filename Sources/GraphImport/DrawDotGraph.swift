import Foundation
import GraphModel

/// Reads the DOT that micrograd's `draw_dot` and its ports write, and turns it into a
/// snapshot with the precision each number was printed with.
///
/// What is understood:
/// - value nodes whose label holds `data` and `grad` numbers, with or without a name:
///   record labels (`{ data 2.0000 | grad 1.0000 }`, `{ a | data 2.0000 | grad 1.0000 }`),
///   plain labels (`a\ndata: 2.0000\ngrad: 1.0000`), and HTML-like tables;
/// - operation nodes labelled with the operation (`+`, `*`, `**2`, `ReLU`, `tanh`, …), with
///   edges from each operand to the operation node and one edge from it to the result;
/// - any node names (memory addresses included), any node order, `strict`, `rankdir`,
///   clusters.
/// Operands keep the order of their edges in the text. A two-operand operation with one
/// operand edge is that operand in both slots: micrograd keeps operands in a set, so it
/// draws `a + a` with one edge.
public enum DrawDotGraph {
    /// Largest DOT text read, in bytes, and most nodes.
    public static let maximumBytes = 256 << 20
    public static let maximumNodes = 4_000_000

    public static func read(_ text: String, limits: DotReader.Limits = .init()) throws(ImportError) -> ImportedGraph {
        guard text.utf8.count <= maximumBytes else {
            throw ImportError(
                "the file is \(text.utf8.count >> 20) MiB; gradviz reads DOT files up to \(maximumBytes >> 20) MiB")
        }
        let document: DotDocument
        do { document = try DotDocument(parsing: text, limits: limits) } catch {
            throw ImportError("not DOT gradviz can read: \(error)")
        }
        return try interpret(document)
    }

    /// The graph a parsed DOT document draws.
    public static func interpret(_ document: DotDocument) throws(ImportError) -> ImportedGraph {
        guard document.nodes.count <= maximumNodes else {
            throw ImportError("the graph has \(document.nodes.count) nodes; gradviz reads up to \(maximumNodes)")
        }
        guard document.isDirected else {
            throw ImportError("the graph is undirected ('graph'); draw_dot writes a 'digraph'")
        }
        // Classify every node: a value (data and grad) or an operation.
        enum Kind { case value(ValueLabel), operation(Operator, exponent: Double?, spelling: String) }
        var kinds: [Kind] = []
        kinds.reserveCapacity(document.nodes.count)
        for node in document.nodes {
            let text = node.label ?? node.name
            let fields = LabelText.fields(
                of: text, isHTML: node.labelIsHTML, isRecord: node.shape.map(LabelText.isRecordShape) ?? false)
            if let value = try ValueLabel(fields: fields, node: node.name) {
                kinds.append(.value(value))
            } else {
                let spelling = fields.joined(separator: " ").trimmingCharacters(in: .whitespaces)
                guard let (operation, exponent) = Operator.parse(spelling: spelling) else {
                    throw ImportError(
                        "node \(node.name): label '\(LabelText.excerpt(text))' is neither a value (with data and grad numbers) nor a known operation (+ - * / **k neg exp log tanh relu sigmoid)"
                    )
                }
                kinds.append(.operation(operation, exponent: exponent, spelling: spelling))
            }
        }
        // Value positions, and each operation's operand and result edges.
        var valueIndex = [Int](repeating: -1, count: document.nodes.count)
        var values: [Int] = []
        for (position, kind) in kinds.enumerated() {
            if case .value = kind {
                valueIndex[position] = values.count
                values.append(position)
            }
        }
        guard !values.isEmpty else {
            throw ImportError("no value nodes: draw_dot labels values with their data and grad")
        }
        var operandsOf = [[Int]](repeating: [], count: document.nodes.count)
        var resultOf = [Int](repeating: -1, count: document.nodes.count)
        var producer = [Int](repeating: -1, count: values.count)
        var used = [Bool](repeating: false, count: values.count)
        for edge in document.edges {
            let tail = document.nodes[edge.tail].name, head = document.nodes[edge.head].name
            switch (kinds[edge.tail], kinds[edge.head]) {
            case (.value, .operation):
                operandsOf[edge.head].append(valueIndex[edge.tail])
                used[valueIndex[edge.tail]] = true
            case (.operation, .value):
                if resultOf[edge.tail] >= 0 && resultOf[edge.tail] != valueIndex[edge.head] {
                    throw ImportError(
                        "node \(tail): the operation has edges to two values (\(document.nodes[values[resultOf[edge.tail]]].name) and \(head)); it should make one"
                    )
                }
                let result = valueIndex[edge.head]
                if producer[result] >= 0 && producer[result] != edge.tail {
                    throw ImportError(
                        "node \(head): two operations (\(document.nodes[producer[result]].name) and \(tail)) lead to this value"
                    )
                }
                resultOf[edge.tail] = result
                producer[result] = edge.tail
            case (.value, .value):
                throw ImportError(
                    "edge \(tail) -> \(head) joins two values; gradviz reads draw_dot graphs, where an operation node sits between operands and result"
                )
            case (.operation, .operation):
                throw ImportError(
                    "edge \(tail) -> \(head) joins two operations; each operation should lead to its result value")
            }
        }
        // Each value's operation and operands.
        var operation = [Operator?](repeating: nil, count: values.count)
        var exponent = [Double?](repeating: nil, count: values.count)
        var operands = [[Int]](repeating: [], count: values.count)
        var singleOperandBinaries = 0
        for (position, kind) in kinds.enumerated() {
            guard case .operation(let spelled, let power, let spelling) = kind else { continue }
            let name = document.nodes[position].name
            guard resultOf[position] >= 0 else {
                throw ImportError("node \(name): the operation '\(spelling)' has no edge to the value it makes")
            }
            var list = operandsOf[position]
            // A bare `**` with two edges into it is a value exponent; with one, its exponent is missing.
            let op = spelled.resolvingPower(exponent: power, operandCount: list.count)
            if op == .power && power == nil {
                throw ImportError(
                    "node \(name): a power needs its exponent in the label, like '**2', or two operands for a value exponent"
                )
            }
            if op.fillingSetBasedSlots(&list) { singleOperandBinaries += 1 }
            guard op.accepts(operandCount: list.count) else {
                throw ImportError(
                    "node \(name): '\(spelling)' takes \(op.arity) operand\(op.arity == 1 ? "" : "s"), found \(list.count) edge\(list.count == 1 ? "" : "s") into it"
                )
            }
            let result = resultOf[position]
            operation[result] = op
            exponent[result] = power
            operands[result] = list
        }
        let order: [Int]
        switch Topology.order(operands: operands) {
        case .success(let sorted): order = sorted
        case .failure(let cycle):
            throw ImportError(
                "node \(document.nodes[values[cycle.position]].name): it is part of a cycle (a value cannot depend on itself)"
            )
        }
        // The root: the one value nothing uses (or, among several, the one whose grad is 1).
        let unused = (0..<values.count).filter { !used[$0] }
        var rootValue: Int
        if unused.count == 1 {
            rootValue = unused[0]
        } else {
            let seeded = unused.filter { value in
                if case .value(let label) = kinds[values[value]] { return label.grad.value == 1 }
                return false
            }
            guard seeded.count == 1 else {
                let names = unused.prefix(5).map { document.nodes[values[$0]].name }.joined(separator: ", ")
                throw ImportError(
                    "\(unused.count) values are used by no operation (\(names)\(unused.count > 5 ? ", …" : "")) and gradviz cannot tell which is the root"
                )
            }
            rootValue = seeded[0]
        }
        var newID = [Int](repeating: 0, count: values.count)
        for (position, value) in order.enumerated() { newID[value] = position }
        var nodes: [GraphSnapshot.Node] = []
        var dataPrecision: [Double] = [], gradPrecision: [Double] = []
        nodes.reserveCapacity(values.count)
        dataPrecision.reserveCapacity(values.count)
        gradPrecision.reserveCapacity(values.count)
        for value in order {
            guard case .value(let label) = kinds[values[value]] else { continue }
            nodes.append(
                GraphSnapshot.Node(
                    id: nodes.count, label: label.name, operation: operation[value],
                    operands: operands[value].map { newID[$0] },
                    exponent: exponent[value], data: label.data.value, grad: label.grad.value))
            dataPrecision.append(label.data.uncertainty)
            gradPrecision.append(label.grad.uncertainty)
        }
        rootValue = newID[rootValue]
        var assumptions: [String] = []
        if singleOperandBinaries > 0 { assumptions.append(singleOperandAssumption(count: singleOperandBinaries)) }
        return ImportedGraph(
            snapshot: GraphSnapshot(nodes: nodes, root: rootValue),
            fileIDs: order.map { document.nodes[values[$0]].name },
            printed: PrintedPrecision(data: dataPrecision, grad: gradPrecision),
            assumptions: assumptions)
    }
}

/// Why a graph file could not be read: one line, naming the node when one is at fault.
public struct ImportError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
