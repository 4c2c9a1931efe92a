import Foundation
import GraphChecks
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
/// Operands keep the order of their edges in the text when the text writes them operation by
/// operation; otherwise (and for Python `id()` names) the order of `-`, `/`, `**` is decided
/// by the node's own numbers (`GraphChecks.OperandOrder`). A two-operand operation with one
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
        var reading = Reading(document: document)
        try reading.classify()
        try reading.connect()
        try reading.resolveOperations()
        return try reading.graph()
    }
}

/// The steps from a DOT document to a graph: which nodes are values and which operations,
/// what each value's operation and operands are, then the snapshot in topological order.
private struct Reading {
    enum Kind {
        case value(ValueLabel)
        case operation(Operator, exponent: Double?, spelling: String)

        var isValue: Bool {
            if case .value = self { return true }
            return false
        }
    }

    let document: DotDocument
    var kinds: [Kind] = []
    /// Position in `document.nodes` of each value, and each node's value number (-1: an operation).
    var values: [Int] = []
    var valueIndex: [Int] = []
    /// Per operation node: the values flowing in, and the value it makes.
    var operandsOf: [[Int]] = []
    var resultOf: [Int] = []
    /// Per value: the operation node that makes it, values drawn straight into it, whether used.
    var producer: [Int] = []
    var directOperands: [[Int]] = []
    var used: [Bool] = []
    /// Whether some node's operand edges are written apart, other than by a depth-first walk
    /// (which writes an operand's own inputs between it and the next operand): the edges were
    /// not written operation by operation (they follow their source nodes, or a set), so their
    /// order says nothing about which operand comes first.
    var operandEdgesApart = false
    /// Per node: the position in `document.edges` of the last operand edge into it.
    var lastOperandEdge: [Int] = []
    /// Per value: the labels of the value → value edges into it.
    var directEdgeLabels: [Int: [String]] = [:]
    /// Operand edges that follow an earlier operand edge of the same node at a distance:
    /// (position of the earlier edge, position of this one).
    var operandEdgeGaps: [(Int, Int)] = []
    /// Per value: its operation, exponent, operands.
    var operation: [Operator?] = []
    var exponent: [Double?] = []
    var operands: [[Int]] = []
    var singleOperandBinaries = 0
    /// Values whose power exponent was inferred from their numbers, and powers whose exponent
    /// could not be: those are checked forward-only (their operand's grad is not checked).
    var inferredExponents = 0
    var uncheckedGrads: Set<Int> = []
    var unknownPowers: [String] = []

    init(document: DotDocument) { self.document = document }

    func name(ofValue value: Int) -> String { document.nodes[values[value]].name }

    /// Every node a value (it prints a data number) or an operation (its label names one).
    mutating func classify() throws(ImportError) {
        kinds.reserveCapacity(document.nodes.count)
        for node in document.nodes {
            let text = node.label ?? node.name
            let fields = LabelText.fields(
                of: text, isHTML: node.labelIsHTML, isRecord: node.shape.map(LabelText.isRecordShape) ?? false)
            if let value = try ValueLabel(fields: fields, node: node.name) {
                kinds.append(.value(value))
                continue
            }
            let spelling = fields.joined(separator: " ").trimmingSpaces()
            guard let (operation, exponent) = Operator.parse(spelling: spelling) else {
                throw ImportError(
                    "node \(node.name): label '\(LabelText.excerpt(text))' has no data number (a value: 'data 2.0', 'a = 2') and names no operation gradviz knows (+ - * / ** neg exp log tanh relu sigmoid)"
                )
            }
            kinds.append(.operation(operation, exponent: exponent, spelling: spelling))
        }
        valueIndex = [Int](repeating: -1, count: document.nodes.count)
        for (position, kind) in kinds.enumerated() {
            if case .value = kind {
                valueIndex[position] = values.count
                values.append(position)
            }
        }
        guard !values.isEmpty else {
            throw ImportError("no value nodes: draw_dot labels values with their data (and grad)")
        }
    }

    /// Edges: operand → operation → result, or operand → result for graphs that write the
    /// operation inside the value's label.
    mutating func connect() throws(ImportError) {
        operandsOf = [[Int]](repeating: [], count: document.nodes.count)
        resultOf = [Int](repeating: -1, count: document.nodes.count)
        producer = [Int](repeating: -1, count: values.count)
        directOperands = [[Int]](repeating: [], count: values.count)
        used = [Bool](repeating: false, count: values.count)
        lastOperandEdge = [Int](repeating: -1, count: document.nodes.count)
        let reversed = directEdgesPointToOperands()
        for (position, edge) in document.edges.enumerated() {
            let tail = document.nodes[edge.tail].name
            let head = document.nodes[edge.head].name
            if case .value = kinds[edge.tail] {
                let user = reversed && kinds[edge.head].isValue ? edge.tail : edge.head
                if lastOperandEdge[user] >= 0 && lastOperandEdge[user] != position - 1 {
                    if reversed {
                        operandEdgesApart = true
                    } else {
                        operandEdgeGaps.append((lastOperandEdge[user], position))
                    }
                }
                lastOperandEdge[user] = position
            }
            switch (kinds[edge.tail], kinds[edge.head]) {
            case (.value, .operation):
                operandsOf[edge.head].append(valueIndex[edge.tail])
                used[valueIndex[edge.tail]] = true
            case (.operation, .value):
                if resultOf[edge.tail] >= 0 && resultOf[edge.tail] != valueIndex[edge.head] {
                    throw ImportError(
                        "node \(tail): the operation has edges to two values (\(name(ofValue: resultOf[edge.tail])) and \(head)); it should make one"
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
            case (.value, .value) where reversed:
                directOperands[valueIndex[edge.tail]].append(valueIndex[edge.head])
                used[valueIndex[edge.head]] = true
            case (.value, .value):
                directOperands[valueIndex[edge.head]].append(valueIndex[edge.tail])
                used[valueIndex[edge.tail]] = true
                if let label = edge.label { directEdgeLabels[valueIndex[edge.head], default: []].append(label) }
            case (.operation, .operation):
                throw ImportError(
                    "edge \(tail) -> \(head) joins two operations; each operation should lead to its result value")
            }
        }
    }

    /// Whether value → value edges point from a result to its operands (irobot/micrograd-rs
    /// writes `6 -> { 4 5 }`): every such edge starts at a value whose label names an operation,
    /// and some end at a value whose label names none (a leaf), which an edge into a result
    /// never does.
    func directEdgesPointToOperands() -> Bool {
        var any = false
        var intoLeaf = false
        for edge in document.edges {
            guard case .value(let from) = kinds[edge.tail], case .value(let to) = kinds[edge.head] else { continue }
            any = true
            if Self.operationInLabel(from) == nil { return false }
            if Self.operationInLabel(to) == nil { intoLeaf = true }
        }
        return any && intoLeaf
    }

    /// Whether the edges written between two operand edges of one node are all edges into the
    /// earlier operand or into what it is computed from: a depth-first writer, which keeps the
    /// operands' order.
    ///
    /// Anything else (or more work than a budget allows) means the edges are apart and their
    /// order is not the operands' order.
    func gapsAreDepthFirst() -> Bool {
        guard !operandEdgeGaps.isEmpty else { return true }
        var into = [[Int]](repeating: [], count: document.nodes.count)
        for edge in document.edges { into[edge.head].append(edge.tail) }
        var budget = 4_000_000
        var mark = [Int](repeating: -1, count: document.nodes.count)
        for (number, (earlier, later)) in operandEdgeGaps.enumerated() {
            // The earlier operand and everything upstream of it.
            var stack = [document.edges[earlier].tail]
            mark[stack[0]] = number
            while let node = stack.popLast() {
                for tail in into[node] where mark[tail] != number {
                    mark[tail] = number
                    stack.append(tail)
                }
                budget -= into[node].count + 1
                if budget < 0 { return false }
            }
            for position in (earlier + 1)..<later where mark[document.edges[position].head] != number {
                return false
            }
            budget -= later - earlier
            if budget < 0 { return false }
        }
        return true
    }

    /// Each value's operation and operands, from its operation node or its own label.
    mutating func resolveOperations() throws(ImportError) {
        operation = [Operator?](repeating: nil, count: values.count)
        exponent = [Double?](repeating: nil, count: values.count)
        operands = [[Int]](repeating: [], count: values.count)
        for (position, kind) in kinds.enumerated() {
            guard case .operation(let spelled, let power, let spelling) = kind else { continue }
            let result = resultOf[position]
            guard result >= 0 else {
                throw ImportError(
                    "node \(document.nodes[position].name): the operation '\(spelling)' has no edge to the value it makes"
                )
            }
            if !directOperands[result].isEmpty {
                throw ImportError(
                    "node \(name(ofValue: result)): both an operation node and values lead to it; draw_dot writes one or the other"
                )
            }
            try assign(
                spelled, exponent: power, spelling: spelling, operands: operandsOf[position], to: result,
                node: document.nodes[position].name)
        }
        for value in values.indices where !directOperands[value].isEmpty {
            guard case .value(let label) = kinds[values[value]] else { continue }
            if let (spelled, power, spelling) = operationOnEdges(into: value) {
                try assign(
                    spelled, exponent: power, spelling: spelling, operands: directOperands[value], to: value,
                    node: name(ofValue: value))
                continue
            }
            guard let (spelled, power, spelling) = Self.operationInLabel(label) else {
                throw ImportError(
                    "node \(name(ofValue: value)): values lead to it directly, but its label names no operation (like 'op=+' or a field '+')"
                )
            }
            try assign(
                spelled, exponent: power, spelling: spelling, operands: directOperands[value], to: value,
                node: name(ofValue: value))
        }
    }

    /// The operation written on the edges into a value (`a -> c [label="[+]"]`,
    /// KishalayP/j-micrograd), when every such edge names the same one.
    func operationOnEdges(into value: Int) -> (Operator, Double?, String)? {
        guard let labels = directEdgeLabels[value], labels.count == directOperands[value].count,
            let first = labels.first, labels.allSatisfy({ $0 == first })
        else { return nil }
        var spelling = first.trimmingCharacters(in: .whitespaces)
        if spelling.count > 2 && spelling.hasPrefix("[") && spelling.hasSuffix("]") {
            spelling = String(spelling.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
        }
        guard let (operation, power) = Operator.parse(spelling: spelling) else { return nil }
        return (operation, power, spelling)
    }

    /// The operation a value's label names: `op=+`, a field that spells an operation, or else
    /// a field's last word (`L  *`: the name, then the operation).
    static func operationInLabel(_ label: ValueLabel) -> (Operator, Double?, String)? {
        if let spelling = label.operation, let (operation, power) = Operator.parse(spelling: spelling) {
            return (operation, power, spelling)
        }
        for field in label.extras {
            if let (operation, power) = Operator.parse(spelling: field) { return (operation, power, field) }
        }
        // `(*)`: the operation in parentheses (`(null)` names none).
        for field in label.extras where field.count > 2 && field.hasPrefix("(") && field.hasSuffix(")") {
            if let (operation, power) = Operator.parse(spelling: String(field.dropFirst().dropLast())) {
                return (operation, power, field)
            }
        }
        for field in label.extras {
            guard let last = field.split(whereSeparator: { $0 == " " || $0 == "\t" }).last, last.count < field.count
            else { continue }
            if let (operation, power) = Operator.parse(spelling: String(last)) {
                return (operation, power, String(last))
            }
        }
        return nil
    }

    mutating func assign(
        _ spelled: Operator, exponent power: Double?, spelling: String, operands incoming: [Int], to result: Int,
        node: String
    ) throws(ImportError) {
        var list = incoming
        // A bare `**` with two operands is a value exponent; with one, its exponent is missing.
        var op = spelled.resolvingPower(exponent: power, operandCount: list.count)
        var constant = power
        if op == .power && constant == nil && list.count == 1 {
            constant = inferredExponent(base: list[0], result: result)
            if constant == nil {
                // Not determined by the numbers: the value is checked as a leaf, and its
                // operand's gradient is not checked.
                unknownPowers.append(name(ofValue: result))
                uncheckedGrads.insert(list[0])
                return
            }
            inferredExponents += 1
        }
        if op == .subtract && list.count == 1 { op = oneOperandMinus(operand: list[0], result: result) }
        if op.fillingSetBasedSlots(&list) { singleOperandBinaries += 1 }
        guard op.accepts(operandCount: list.count) else {
            throw ImportError(
                "node \(node): '\(spelling)' takes \(op.arity) operand\(op.arity == 1 ? "" : "s"), found \(list.count) edge\(list.count == 1 ? "" : "s") into it"
            )
        }
        operation[result] = op
        exponent[result] = op == .power ? constant : nil
        operands[result] = list
    }

    func data(ofValue value: Int) -> ValueLabel.Number? {
        if case .value(let label) = kinds[values[value]] { return label.data }
        return nil
    }

    /// A power drawn without its exponent (`^`, `**`): the exponent its numbers determine, from
    /// the data (`out = a^k`) or else the gradient, when that exponent is a round number
    /// (a multiple of 1/2 between -10 and 10) that reproduces the data.
    func inferredExponent(base: Int, result: Int) -> Double? {
        guard let a = data(ofValue: base)?.value, let out = data(ofValue: result)?.value, a > 0, a != 1, out > 0
        else { return nil }
        let estimate = Foundation.log(out) / Foundation.log(a)
        let rounded = (estimate * 2).rounded() / 2
        guard abs(rounded) <= 10, estimate.isFinite else { return nil }
        let reproduced = Foundation.pow(a, rounded)
        return abs(reproduced - out) <= 1e-3 * max(1, abs(out)) ? rounded : nil
    }

    /// A `-` with one operand edge: a negation (`-a`, drawn by engines that spell neg `-`) when
    /// the result is the operand's negative, else `a - a` from a set-based engine.
    func oneOperandMinus(operand: Int, result: Int) -> Operator {
        guard let a = data(ofValue: operand)?.value, let out = data(ofValue: result)?.value else { return .subtract }
        return a != 0 && abs(out + a) <= 1e-9 * abs(a) + 1e-3 ? .negate : .subtract
    }

    /// The snapshot in topological order, with each number's printed precision.
    func graph() throws(ImportError) -> ImportedGraph {
        var graph = try snapshotGraph()
        if !document.clusters.isEmpty { graph.clusterBoxes = document.clusters } else { graph.clusters = nil }
        return graph
    }

    /// The values in topological order (operands first).
    func topologicalOrder() throws(ImportError) -> [Int] {
        switch Topology.order(operands: operands) {
        case .success(let sorted): return sorted
        case .failure(let cycle):
            throw ImportError(
                "node \(name(ofValue: cycle.position)): it is part of a cycle (a value cannot depend on itself)")
        }
    }

    func snapshotGraph() throws(ImportError) -> ImportedGraph {
        let order = try topologicalOrder()
        var newID = [Int](repeating: 0, count: values.count)
        for (position, value) in order.enumerated() { newID[value] = position }
        var labels: [ValueLabel] = []
        labels.reserveCapacity(values.count)
        for value in order {
            guard case .value(let label) = kinds[values[value]] else { continue }
            labels.append(label)
        }
        let precision = NumberStyle.precision(data: labels.map(\.data), grad: labels.map(\.grad))
        var gradUncertainty = precision.grad
        var nodes: [GraphSnapshot.Node] = []
        nodes.reserveCapacity(values.count)
        for (position, value) in order.enumerated() {
            let label = labels[position]
            if uncheckedGrads.contains(value) { gradUncertainty[position] = .infinity }
            let hasOperation = operation[value] != nil
            nodes.append(
                GraphSnapshot.Node(
                    id: position,
                    label: Self.name(in: label, hasOperation: hasOperation, isDirect: !directOperands[value].isEmpty),
                    operation: operation[value], operands: operands[value].map { newID[$0] }, exponent: exponent[value],
                    data: label.data.value, grad: label.grad?.value ?? 0))
        }
        let root = try rootValue(newID: newID)
        var assumptions = readingAssumptions(labels: labels)
        if let note = precision.note { assumptions.append(note) }
        // DOT edges carry no slot: their order is the operands' order, unless the file shows it
        // comes from an engine that keeps operands in a set, whose order changes from run to run,
        // or writes edges other than operation by operation (grouped by their source nodes, as
        // writers built on a graph library's adjacency map do), which loses the order.
        var snapshot = GraphSnapshot(nodes: nodes, root: root)
        let printed = PrintedPrecision(data: precision.data, grad: gradUncertainty)
        if singleOperandBinaries > 0 || operandEdgesApart || !gapsAreDepthFirst() || looksLikePythonObjectIDs() {
            let swapped = OperandOrder.resolve(&snapshot, printed: printed)
            if swapped > 0 { assumptions.append(OperandOrder.note(swapped: swapped)) }
        }
        return ImportedGraph(
            snapshot: snapshot,
            fileIDs: order.map { document.nodes[values[$0]].name },
            printed: printed, assumptions: assumptions, printedText: labels.map { ($0.data.text, $0.grad?.text) },
            clusters: order.map { document.nodes[values[$0]].cluster })
    }

    /// What the reading assumed, in words: operations read with one operand, gradients not
    /// printed, power exponents inferred or unknown.
    func readingAssumptions(labels: [ValueLabel]) -> [String] {
        var assumptions: [String] = []
        if singleOperandBinaries > 0 { assumptions.append(singleOperandAssumption(count: singleOperandBinaries)) }
        let missingGrads = labels.filter { $0.grad == nil }.count
        if missingGrads == labels.count {
            assumptions.append(
                "the file prints no gradients: only the forward pass (each value from its operands) is checked")
        } else if missingGrads > 0 {
            assumptions.append(
                "\(missingGrads) of \(labels.count) values print no gradient; those gradients are not checked")
        }
        if inferredExponents > 0 {
            assumptions.append(
                "\(inferredExponents) power\(inferredExponents == 1 ? " is" : "s are") drawn without an exponent; it was read from the values' numbers"
            )
        }
        if !unknownPowers.isEmpty {
            assumptions.append(
                "\(unknownPowers.count) power\(unknownPowers.count == 1 ? "" : "s") drawn without an exponent that the numbers do not determine (\(unknownPowers.prefix(3).joined(separator: ", "))): checked as given, their operands' gradients not checked"
            )
        }
        return assumptions
    }

    /// Whether the value nodes are named by Python's `id()` (`140234567890`, `0x7f3a…`): a
    /// micrograd-family engine, which keeps operands in a set (`_prev`).
    func looksLikePythonObjectIDs() -> Bool {
        values.allSatisfy { position in
            let name = document.nodes[position].name
            if name.count >= 9 && name.allSatisfy({ $0.isASCII && $0.isNumber }) { return true }
            let lowered = name.lowercased()
            return (lowered.hasPrefix("0x7f") || lowered.hasPrefix("0x5")) && lowered.count >= 12
                && lowered.dropFirst(2).allSatisfy(\.isHexDigit)
        }
    }

    /// The value's name: the first field that is not a number (nor, in a graph that writes
    /// operations inside labels, the operation).
    static func name(in label: ValueLabel, hasOperation: Bool, isDirect: Bool) -> String? {
        var extras = label.extras
        if isDirect && label.operation == nil {
            if let index = extras.firstIndex(where: { Operator.parse(spelling: $0) != nil }) {
                extras.remove(at: index)
            } else if let (_, _, spelling) = operationInLabel(label), let index = extras.firstIndex(of: spelling) {
                extras.remove(at: index)
            } else if let (_, _, spelling) = operationInLabel(label), let first = extras.first,
                first.hasSuffix(spelling)
            {
                // `L  *`: the name before the operation.
                let name = first.dropLast(spelling.count).trimmingCharacters(in: .whitespaces)
                return name.isEmpty ? nil : name
            }
        }
        // C's printf writes a null name as `(null)`: no name.
        return extras.first == "(null)" || extras.first == "((null))" ? nil : extras.first
    }

    /// The root: the one value nothing uses (or, among several, the one whose grad is 1).
    func rootValue(newID: [Int]) throws(ImportError) -> Int {
        let unused = (0..<values.count).filter { !used[$0] }
        if unused.count == 1 { return newID[unused[0]] }
        let seeded = unused.filter { value in
            if case .value(let label) = kinds[values[value]] { return label.grad?.value == 1 }
            return false
        }
        guard seeded.count == 1 else {
            let names = unused.prefix(5).map { name(ofValue: $0) }.joined(separator: ", ")
            throw ImportError(
                "\(unused.count) values are used by no operation (\(names)\(unused.count > 5 ? ", …" : "")) and gradviz cannot tell which is the root"
            )
        }
        return newID[seeded[0]]
    }
}

/// Why a graph file could not be read: one line, naming the node when one is at fault.
public struct ImportError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
