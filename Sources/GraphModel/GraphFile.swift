import Foundation

/// A graph read from a JSON file in the gradviz-graph format, written by gradviz or by another
/// engine (micrograd's spellings are accepted too: `**2`, `ReLU`, `""` for leaves, `_prev`
/// for operands, string or integer ids, nodes in any order).
public struct GraphFile: Sendable {
    /// The graph, renumbered in topological order.
    public var snapshot: GraphSnapshot
    /// The id each node had in the file, by new id, for messages.
    public var fileIDs: [String]
    /// How many two-operand operations listed one operand, read as that operand in both slots
    /// (how a set-based engine such as micrograd records `a + a`).
    public var singleOperandBinaryCount: Int

    /// Largest file gradviz reads, in bytes, and most nodes.
    public static let maximumBytes = 256 << 20
    public static let maximumNodes = 2_000_000
    /// Deepest nesting of arrays and objects (a graph file needs 3); checked before parsing,
    /// so a hostile file cannot exhaust the parser's stack.
    public static let maximumNesting = 64

    public init(data: Data) throws(GraphFileError) {
        guard data.count <= Self.maximumBytes else {
            throw GraphFileError("the file is \(data.count >> 20) MiB; gradviz reads graph files up to \(Self.maximumBytes >> 20) MiB")
        }
        if let depth = Self.nestingExceeding(Self.maximumNesting, in: data) {
            throw GraphFileError("the JSON is nested \(depth) levels deep; a graph file needs 3 and gradviz reads up to \(Self.maximumNesting)")
        }
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) } catch {
            throw GraphFileError("not valid JSON: \((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)")")
        }
        guard let top = object as? [String: Any] else {
            throw GraphFileError("expected a JSON object with \"nodes\", found \(Self.kind(of: object))")
        }
        if let format = top["format"], (format as? String) != GraphSnapshot.jsonFormatName {
            throw GraphFileError("\"format\" is \(Self.show(format)), expected \"\(GraphSnapshot.jsonFormatName)\"")
        }
        if let version = top["version"] {
            guard let number = version as? NSNumber, !Self.isBoolean(version), number.doubleValue == Double(GraphSnapshot.jsonVersion) else {
                throw GraphFileError("\"version\" is \(Self.show(version)); this gradviz reads version \(GraphSnapshot.jsonVersion)")
            }
        }
        guard let rawNodes = top["nodes"] as? [Any] else {
            throw GraphFileError(top["nodes"] == nil ? "no \"nodes\" array" : "\"nodes\" is \(Self.kind(of: top["nodes"]!)), expected an array")
        }
        guard !rawNodes.isEmpty else { throw GraphFileError("\"nodes\" is empty") }
        guard rawNodes.count <= Self.maximumNodes else {
            throw GraphFileError("the graph has \(rawNodes.count) nodes; gradviz reads up to \(Self.maximumNodes)")
        }

        // Parse each node.
        struct Parsed {
            var id: String
            var label: String?
            var operation: Operator?
            var exponent: Double?
            var operands: [String]
            var data: Double
            var grad: Double
        }
        var parsed: [Parsed] = []
        var singleOperandBinaryCount = 0
        var position: [String: Int] = [:]
        for (index, raw) in rawNodes.enumerated() {
            guard let fields = raw as? [String: Any] else {
                throw GraphFileError("node at position \(index) is \(Self.kind(of: raw)), expected an object")
            }
            guard let rawID = fields["id"], let id = Self.identifier(rawID) else {
                throw GraphFileError("node at position \(index) has \(fields["id"] == nil ? "no \"id\"" : "an \"id\" that is neither a string nor an integer")")
            }
            let name = "node \(id)"
            if position[id] != nil { throw GraphFileError("\(name): the id is used by more than one node") }
            position[id] = index
            var label: String?
            switch fields["label"] {
            case nil, is NSNull: label = nil
            case let text as String: label = text.isEmpty ? nil : text
            default: throw GraphFileError("\(name): \"label\" must be a string or null")
            }
            let (operation, opExponent) = try Self.operation(fields["op"], node: name)
            var exponent = opExponent
            if let rawExponent = fields["exponent"], !(rawExponent is NSNull) {
                exponent = try Self.number(rawExponent, field: "exponent", node: name)
            }
            if operation == .power && exponent == nil { throw GraphFileError("\(name): a pow node needs an \"exponent\" (or an op such as \"**2\")") }
            let rawOperands = fields["operands"] ?? fields["_prev"] ?? fields["prev"] ?? fields["children"] ?? []
            guard let list = rawOperands as? [Any] else { throw GraphFileError("\(name): \"operands\" must be an array of ids") }
            var operands: [String] = []
            for item in list {
                guard let operand = Self.identifier(item) else { throw GraphFileError("\(name): operand \(Self.show(item)) is neither a string nor an integer id") }
                operands.append(operand)
            }
            let expected = operation?.arity ?? 0
            if expected == 2 && operands.count == 1 {
                // A set-based engine (micrograd keeps `_prev` as a set) lists `a + a` and
                // `p * p` with one operand: it is that operand in both slots.
                operands.append(operands[0])
                singleOperandBinaryCount += 1
            }
            if operands.count != expected && !(operation == .add && operands.count > 2) {
                let what = operation.map { "'\($0.name)'" } ?? "a leaf"
                throw GraphFileError("\(name): \(what) takes \(expected) operand\(expected == 1 ? "" : "s"), found \(operands.count)")
            }
            guard let rawData = fields["data"] else { throw GraphFileError("\(name): no \"data\"") }
            let data = try Self.number(rawData, field: "data", node: name)
            var grad = 0.0
            if let rawGrad = fields["grad"] { grad = try Self.number(rawGrad, field: "grad", node: name) }
            parsed.append(Parsed(id: id, label: label, operation: operation, exponent: operation == .power ? exponent : nil, operands: operands, data: data, grad: grad))
        }
        for node in parsed {
            for operand in node.operands where position[operand] == nil {
                throw GraphFileError("node \(node.id): operand \(operand) is not a node in the file")
            }
        }

        // Topological order (Kahn's algorithm); nodes never released are on a cycle.
        var users = [[Int]](repeating: [], count: parsed.count)
        var waiting = [Int](repeating: 0, count: parsed.count)
        for (index, node) in parsed.enumerated() {
            for operand in node.operands {
                users[position[operand]!].append(index)
                waiting[index] += 1
            }
        }
        // A first-in-first-out queue seeded in file order: deterministic and linear.
        var order = (0..<parsed.count).filter { waiting[$0] == 0 }
        order.reserveCapacity(parsed.count)
        var head = 0
        while head < order.count {
            let next = order[head]
            head += 1
            for user in users[next] {
                waiting[user] -= 1
                if waiting[user] == 0 { order.append(user) }
            }
        }
        if order.count < parsed.count {
            let stuck = (0..<parsed.count).first { waiting[$0] > 0 }!
            throw GraphFileError("node \(parsed[stuck].id): it is part of a cycle (a node cannot depend on itself)")
        }
        var newID = [Int](repeating: 0, count: parsed.count)
        for (position, index) in order.enumerated() { newID[index] = position }
        var nodes: [GraphSnapshot.Node] = []
        nodes.reserveCapacity(parsed.count)
        for index in order {
            let node = parsed[index]
            nodes.append(GraphSnapshot.Node(
                id: newID[index], label: node.label, operation: node.operation,
                operands: node.operands.map { newID[position[$0]!] }, exponent: node.exponent, data: node.data, grad: node.grad))
        }

        // The root: as given, or the one node nothing uses.
        let root: Int
        if let rawRoot = top["root"], !(rawRoot is NSNull) {
            guard let rootID = Self.identifier(rawRoot), let index = position[rootID] else {
                throw GraphFileError("\"root\" \(Self.show(rawRoot)) is not a node in the file")
            }
            root = newID[index]
        } else {
            let unused = (0..<parsed.count).filter { users[$0].isEmpty }
            guard unused.count == 1 else {
                throw GraphFileError("no \"root\" given, and \(unused.count) nodes are used by no other (\(unused.prefix(5).map { parsed[$0].id }.joined(separator: ", "))): say which with \"root\"")
            }
            root = newID[unused[0]]
        }
        snapshot = GraphSnapshot(nodes: nodes, root: root)
        fileIDs = order.map { parsed[$0].id }
        self.singleOperandBinaryCount = singleOperandBinaryCount
    }

    /// The nesting depth reached when it exceeds `limit`, or `nil`: brackets outside strings.
    static func nestingExceeding(_ limit: Int, in data: Data) -> Int? {
        var depth = 0
        var inString = false
        var escaped = false
        for byte in data {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > limit { return depth }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return nil
    }

    // MARK: - Field readers

    static func identifier(_ value: Any) -> String? {
        if let text = value as? String { return text }
        if let number = value as? NSNumber, !isBoolean(value), number.doubleValue == number.doubleValue.rounded(), abs(number.doubleValue) < 1e15 {
            return String(Int(number.doubleValue))
        }
        return nil
    }

    static func number(_ value: Any, field: String, node: String) throws(GraphFileError) -> Double {
        if let number = value as? NSNumber, !isBoolean(value) { return number.doubleValue }
        if let text = value as? String {
            switch text.lowercased() {
            case "nan": return .nan
            case "inf", "infinity", "+inf": return .infinity
            case "-inf", "-infinity": return -.infinity
            default: break
            }
        }
        throw GraphFileError("\(node): \"\(field)\" is \(show(value)), not a number (or \"nan\", \"inf\", \"-inf\")")
    }

    /// The operator for an op spelling: gradviz's names, micrograd's (`**2`, `ReLU`, `''`).
    static func operation(_ value: Any?, node: String) throws(GraphFileError) -> (Operator?, Double?) {
        guard let value, !(value is NSNull) else { return (nil, nil) }
        guard let text = value as? String else { throw GraphFileError("\(node): \"op\" must be a string or null") }
        if text.allSatisfy(\.isWhitespace) { return (nil, nil) }
        guard let (operation, exponent) = Operator.parse(spelling: text) else {
            if text.trimmingCharacters(in: .whitespaces).hasPrefix("**") {
                throw GraphFileError("\(node): unknown op '\(text)' (a power is written like \"**2\")")
            }
            throw GraphFileError("\(node): unknown op '\(text)' (known: \(Operator.allCases.map(\.name).joined(separator: " ")), or null for a leaf)")
        }
        return (operation, exponent)
    }

    /// JSON `true`/`false` (which Foundation may hand back as numbers 1 and 0).
    static func isBoolean(_ value: Any) -> Bool {
        type(of: value) == Bool.self || String(describing: type(of: value)).contains("Boolean")
    }

    static func kind(of value: Any) -> String {
        switch value {
        case is NSNull: "null"
        case is String: "a string"
        case is [Any]: "an array"
        case is [String: Any]: "an object"
        default: "a number"
        }
    }

    static func show(_ value: Any) -> String {
        if let text = value as? String { return "\"\(text)\"" }
        if value is NSNull { return "null" }
        if let number = value as? NSNumber { return number.stringValue }
        return kind(of: value)
    }
}

/// Why a graph file could not be read. The message names the node when one is at fault.
public struct GraphFileError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
