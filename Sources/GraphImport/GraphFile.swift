import Foundation
public import GraphModel

/// A graph read from a JSON file in the gradviz-graph format, written by gradviz or by another
/// engine (micrograd's spellings are accepted too: `**2`, `ReLU`, `""` for leaves, `_prev`
/// for operands, string or integer ids, nodes in any order).
///
/// The file is read in one pass by a streaming reader straight into typed nodes (no tree of
/// `Any`), and the node limit is checked as nodes arrive, so a file over the limit is refused
/// before it is all decoded.
public struct GraphFile: Sendable {
    /// The graph, renumbered in topological order.
    public var snapshot: GraphSnapshot
    /// The id each node had in the file, by new id, for messages.
    public var fileIDs: [String]
    /// How many two-operand operations listed one operand, read as that operand in both slots
    /// (how a set-based engine such as micrograd records `a + a`).
    public var singleOperandBinaryCount: Int
    /// Whether the file says its operand lists are in no particular order
    /// (`"operand_order": "unordered"`: an engine that keeps operands in a set).
    public var operandsUnordered: Bool

    /// Largest file gradviz reads, in bytes, and most nodes.
    public static let maximumBytes = 256 << 20
    public static let maximumNodes = 2_000_000
    /// Deepest nesting of arrays and objects (a graph file needs 3), so a hostile file cannot
    /// exhaust the reader's stack.
    public static let maximumNesting = 64

    public init(data: Data) throws(GraphFileError) {
        try self.init(bytes: [UInt8](data))
    }

    public init(bytes: [UInt8]) throws(GraphFileError) {
        guard bytes.count <= Self.maximumBytes else {
            throw GraphFileError(
                "the file is \(bytes.count >> 20) MiB; gradviz reads graph files up to \(Self.maximumBytes >> 20) MiB")
        }
        let document = try Self.parse(bytes)
        let operands = try Self.resolveOperands(document.nodes)
        let order: [Int]
        switch Topology.order(operands: operands) {
        case .success(let sorted): order = sorted
        case .failure(let cycle):
            throw GraphFileError(
                "node \(document.nodes[cycle.position].id): it is part of a cycle (a node cannot depend on itself)")
        }
        let root = try Self.root(document, operands: operands)
        var newID = [Int](repeating: 0, count: order.count)
        for (position, index) in order.enumerated() { newID[index] = position }
        var nodes: [GraphSnapshot.Node] = []
        nodes.reserveCapacity(order.count)
        document.nodes.withUnsafeBufferPointer { parsed in
            for index in order {
                nodes.append(
                    GraphSnapshot.Node(
                        id: nodes.count, label: parsed[index].label, operation: parsed[index].operation,
                        operands: operands[index].map { newID[$0] },
                        exponent: parsed[index].exponent, data: parsed[index].data, grad: parsed[index].grad))
            }
        }
        snapshot = GraphSnapshot(nodes: nodes, root: newID[root])
        fileIDs = order.map { document.nodes[$0].id.description }
        singleOperandBinaryCount = document.singleOperandBinaryCount
        operandsUnordered = document.operandsUnordered
    }

    // MARK: - Step 1: the text, read into typed nodes

    struct ParsedNode {
        var id: NodeID
        var label: String?
        var operation: Operator?
        var exponent: Double?
        var operands: [NodeID]
        var data: Double
        var grad: Double
    }

    struct Document {
        var nodes: [ParsedNode] = []
        var root: JSONScanner.Scalar?
        var singleOperandBinaryCount = 0
        var operandsUnordered = false
    }

    static func parse(_ bytes: [UInt8]) throws(GraphFileError) -> Document {
        var scanner = JSONScanner(bytes, maximumDepth: maximumNesting)
        var document = Document()
        var sawNodes = false
        do {
            let kind = try scanner.peekKind()
            guard kind == .object else {
                let found = try scanner.readScalar(depth: 1)
                try scanner.expectEnd()
                throw GraphFileError("expected a JSON object with \"nodes\", found \(found.kind)")
            }
            var failure: GraphFileError?
            try scanner.readObject(depth: 1) { (scanner: inout JSONScanner, key: String) throws(JSONScanner.Failure) in
                guard failure == nil else { return try scanner.skipValue(depth: 1) }
                switch key {
                case "format":
                    let value = try scanner.readScalar(depth: 2)
                    if case .string(GraphSnapshot.jsonFormatName) = value {
                    } else {
                        failure = GraphFileError(
                            "\"format\" is \(value.shown), expected \"\(GraphSnapshot.jsonFormatName)\"")
                    }
                case "version":
                    let value = try scanner.readScalar(depth: 2)
                    if case .number(Double(GraphSnapshot.jsonVersion), _) = value {
                    } else {
                        failure = GraphFileError(
                            "\"version\" is \(value.shown); this gradviz reads version \(GraphSnapshot.jsonVersion)")
                    }
                case "root":
                    document.root = try scanner.readScalar(depth: 2)
                case "operand_order":
                    let value = try scanner.readScalar(depth: 2)
                    switch value {
                    case .string("unordered"): document.operandsUnordered = true
                    case .string("ordered"), .null: break
                    default:
                        failure = GraphFileError(
                            "\"operand_order\" is \(value.shown), expected \"ordered\" or \"unordered\"")
                    }
                case "nodes":
                    sawNodes = true
                    guard try scanner.peekKind() == .array else {
                        failure = GraphFileError(
                            "\"nodes\" is \(try scanner.readScalar(depth: 2).kind), expected an array")
                        return
                    }
                    try scanner.readArray(depth: 2) { (scanner: inout JSONScanner) throws(JSONScanner.Failure) in
                        guard failure == nil else { return try scanner.skipValue(depth: 2) }
                        guard document.nodes.count < maximumNodes else {
                            failure = GraphFileError(
                                "the graph has more than \(maximumNodes) nodes; gradviz reads up to \(maximumNodes)")
                            return try scanner.skipValue(depth: 2)
                        }
                        do {
                            let node = try readNode(
                                &scanner, position: document.nodes.count,
                                singleOperands: &document.singleOperandBinaryCount)
                            document.nodes.append(node)
                        } catch let error as GraphFileError {
                            failure = error
                        } catch let error as JSONScanner.Failure {
                            throw error
                        } catch {}
                    }
                default:
                    try scanner.skipValue(depth: 1)
                }
            }
            try scanner.expectEnd()
            if let failure { throw failure }
        } catch let failure as JSONScanner.Failure {
            throw GraphFileError(failure.message)
        } catch let error as GraphFileError {
            throw error
        } catch {
            throw GraphFileError("\(error)")
        }
        guard sawNodes else { throw GraphFileError("no \"nodes\" array") }
        guard !document.nodes.isEmpty else { throw GraphFileError("\"nodes\" is empty") }
        return document
    }

    /// One node object, its fields checked and converted.
    ///
    /// Syntax errors come back as `JSONScanner.Failure`, meaning errors as `GraphFileError`.
    static func readNode(_ scanner: inout JSONScanner, position: Int, singleOperands: inout Int) throws -> ParsedNode {
        guard try scanner.peekKind() == .object else {
            let found = try scanner.readScalar(depth: 3)
            throw GraphFileError("node at position \(position) is \(found.kind), expected an object")
        }
        // One variable per field (no dictionary: this runs once per node of a 2M-node file).
        var rawID: JSONScanner.Scalar?
        var rawLabel: JSONScanner.Scalar?
        var rawOp: JSONScanner.Scalar?
        var rawExponentField: JSONScanner.Scalar?
        var rawDataField: JSONScanner.Scalar?
        var rawGrad: JSONScanner.Scalar?
        var operandList: [NodeID]?
        var badOperand: JSONScanner.Scalar?
        var sawOperandsKey = false
        var operandsNotAList = false
        try scanner.readObject(depth: 3) {
            (scanner: inout JSONScanner, key: JSONScanner.Key) throws(JSONScanner.Failure) in
            if scanner.key(key, is: "id") {
                rawID = try scanner.readScalar(depth: 4)
            } else if scanner.key(key, is: "op") {
                rawOp = try scanner.readScalar(depth: 4)
            } else if scanner.key(key, is: "data") {
                rawDataField = try scanner.readScalar(depth: 4)
            } else if scanner.key(key, is: "grad") {
                rawGrad = try scanner.readScalar(depth: 4)
            } else if scanner.key(key, is: "label") {
                rawLabel = try scanner.readScalar(depth: 4)
            } else if scanner.key(key, is: "exponent") {
                rawExponentField = try scanner.readScalar(depth: 4)
            } else if scanner.key(key, is: "operands") || scanner.key(key, is: "_prev") || scanner.key(key, is: "prev")
                || scanner.key(key, is: "children")
            {
                let isOperands = scanner.key(key, is: "operands")
                // "operands" wins over the other spellings, whatever the key order.
                if sawOperandsKey && !isOperands { return try scanner.skipValue(depth: 3) }
                sawOperandsKey = isOperands
                guard try scanner.peekKind() == .array else {
                    _ = try scanner.readScalar(depth: 4)
                    operandsNotAList = true
                    return
                }
                operandsNotAList = false
                var list: [NodeID] = []
                var notAnID: JSONScanner.Scalar?
                try scanner.readArray(depth: 4) { (scanner: inout JSONScanner) throws(JSONScanner.Failure) in
                    let item = try scanner.readScalar(depth: 5)
                    if let operand = identifier(item) {
                        list.append(operand)
                    } else if notAnID == nil {
                        notAnID = item
                    }
                }
                operandList = list
                badOperand = notAnID
            } else {
                try scanner.skipValue(depth: 3)
            }
        }
        guard let rawID, let id = identifier(rawID) else {
            throw GraphFileError(
                "node at position \(position) has \(rawID == nil ? "no \"id\"" : "an \"id\" that is neither a string nor an integer")"
            )
        }
        // Made only for a message (an interpolation per node costs a tenth of the whole read).
        var name: String { "node \(id)" }
        var label: String?
        switch rawLabel {
        case nil, .null?: label = nil
        case .string(let text)?: label = text.isEmpty ? nil : text
        default: throw GraphFileError("\(name): \"label\" must be a string or null")
        }
        var operation: Operator?
        var exponent: Double?
        switch rawOp {
        case nil, .null?: break
        case .string(let text)? where isBlank(text): break
        case .string(let text)?:
            guard let (parsed, power) = Operator.parse(spelling: text) else {
                if text.trimmingSpaces().hasPrefix("**") {
                    throw GraphFileError("\(name): unknown op '\(text)' (a power is written like \"**2\")")
                }
                throw GraphFileError(
                    "\(name): unknown op '\(text)' (known: \(Operator.allCases.map(\.name).joined(separator: " ")), or null for a leaf)"
                )
            }
            (operation, exponent) = (parsed, power)
        default: throw GraphFileError("\(name): \"op\" must be a string or null")
        }
        if let rawExponent = rawExponentField, !(rawExponent.isNull) {
            exponent = try number(rawExponent, field: "exponent", node: name)
        }
        if operandsNotAList { throw GraphFileError("\(name): \"operands\" must be an array of ids") }
        if let badOperand {
            throw GraphFileError("\(name): operand \(badOperand.shown) is neither a string nor an integer id")
        }
        var operands = operandList ?? []
        // `pow` or `**` with two operands and no exponent is a value exponent (`powv`).
        operation = operation?.resolvingPower(exponent: exponent, operandCount: operands.count)
        if operation == .power && exponent == nil {
            throw GraphFileError(
                "\(name): a pow node needs an \"exponent\" (or an op such as \"**2\"), or two operands for a value exponent"
            )
        }
        let expected = operation?.arity ?? 0
        if operation?.fillingSetBasedSlots(&operands) == true { singleOperands += 1 }
        if !(operation?.accepts(operandCount: operands.count) ?? operands.isEmpty) {
            let what = operation.map { "'\($0.name)'" } ?? "a leaf"
            throw GraphFileError(
                "\(name): \(what) takes \(expected) operand\(expected == 1 ? "" : "s"), found \(operands.count)")
        }
        guard let rawData = rawDataField else { throw GraphFileError("\(name): no \"data\"") }
        let data = try number(rawData, field: "data", node: name)
        var grad = 0.0
        if let rawGrad { grad = try number(rawGrad, field: "grad", node: name) }
        return ParsedNode(
            id: id, label: label, operation: operation, exponent: operation == .power ? exponent : nil,
            operands: operands, data: data, grad: grad)
    }

    // MARK: - Step 2: operands by position

    static func resolveOperands(_ nodes: [ParsedNode]) throws(GraphFileError) -> [[Int]] {
        // Most files number their nodes 0, 1, 2, …: then an id's position is found in an array,
        // without hashing; any other ids go through a dictionary.
        var byNumber = [Int](repeating: -1, count: nodes.count)
        var position: [NodeID: Int] = [:]
        for (index, node) in nodes.enumerated() {
            if case .number(let number) = node.id, number >= 0, number < byNumber.count {
                if byNumber[number] >= 0 {
                    throw GraphFileError("node \(node.id): the id is used by more than one node")
                }
                byNumber[number] = index
            } else if position.updateValue(index, forKey: node.id) != nil {
                throw GraphFileError("node \(node.id): the id is used by more than one node")
            }
        }
        var operands: [[Int]] = []
        operands.reserveCapacity(nodes.count)
        for node in nodes {
            var list: [Int] = []
            list.reserveCapacity(node.operands.count)
            for operand in node.operands {
                if case .number(let number) = operand, number >= 0, number < byNumber.count, byNumber[number] >= 0 {
                    list.append(byNumber[number])
                } else if let index = position[operand] {
                    list.append(index)
                } else {
                    throw GraphFileError("node \(node.id): operand \(operand) is not a node in the file")
                }
            }
            operands.append(list)
        }
        return operands
    }

    // MARK: - Step 3: the root, as given or the one node nothing uses

    static func root(_ document: Document, operands: [[Int]]) throws(GraphFileError) -> Int {
        if let rawRoot = document.root, !rawRoot.isNull {
            guard let rootID = identifier(rawRoot), let index = document.nodes.firstIndex(where: { $0.id == rootID })
            else {
                throw GraphFileError("\"root\" \(rawRoot.shown) is not a node in the file")
            }
            return index
        }
        var used = [Bool](repeating: false, count: operands.count)
        for list in operands { for operand in list { used[operand] = true } }
        let unused = used.indices.filter { !used[$0] }
        guard unused.count == 1 else {
            throw GraphFileError(
                "no \"root\" given, and \(unused.count) nodes are used by no other (\(unused.prefix(5).map { document.nodes[$0].id.description }.joined(separator: ", "))): say which with \"root\""
            )
        }
        return unused[0]
    }

    // MARK: - Field readers

    /// A node's id as the file writes it: an integer (kept as one: hashing it is cheaper than
    /// hashing its text, for a file of millions of ids) or a string.
    ///
    /// `7` and `"7"` are the same id.
    enum NodeID: Hashable, CustomStringConvertible {
        case number(Int)
        case text(String)

        var description: String {
            switch self {
            case .number(let value): String(value)
            case .text(let value): value
            }
        }
    }

    /// Whether `text` is empty or only white space (ASCII checked byte by byte, the rest by
    /// character).
    static func isBlank(_ text: String) -> Bool {
        for byte in text.utf8 {
            if byte >= 0x80 { return text.allSatisfy(\.isWhitespace) }
            if !(byte == 0x20 || (0x09...0x0D).contains(byte)) { return false }
        }
        return true
    }

    static func identifier(_ value: JSONScanner.Scalar) -> NodeID? {
        switch value {
        case .string(let text):
            // A string of digits is the same id as the number.
            if let first = text.utf8.first, first != UInt8(ascii: "0") || text.utf8.count == 1, text.utf8.count < 16,
                text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let number = Int(text)
            {
                return .number(number)
            }
            return .text(text)
        case .number(let number, _) where number == number.rounded() && abs(number) < 1e15: return .number(Int(number))
        default: return nil
        }
    }

    static func number(
        _ value: JSONScanner.Scalar, field: String, node: @autoclosure () -> String
    ) throws(GraphFileError) -> Double {
        switch value {
        case .number(let number, _): return number
        case .string(let text):
            switch text.lowercased() {
            case "nan": return .nan
            case "inf", "infinity", "+inf": return .infinity
            case "-inf", "-infinity": return -.infinity
            default: break
            }
        default: break
        }
        throw GraphFileError("\(node()): \"\(field)\" is \(value.shown), not a number (or \"nan\", \"inf\", \"-inf\")")
    }
}

extension JSONScanner.Scalar {
    var isNull: Bool { if case .null = self { true } else { false } }
}

/// Why a graph file could not be read.
///
/// The message names the node when one is at fault.
public struct GraphFileError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
