/// A reader for the DOT language, written for untrusted input: one pass over the bytes, time
/// and memory linear in the text, and every limit (nodes, edges, nesting, name and label
/// length) checked before the work it limits, so a hostile file is refused in one line
/// instead of exhausting memory.
///
/// It reads what Graphviz's own parser (cgraph) reads and agrees with it on the graph gradviz
/// interprets: node names in order of first mention, `label` and `shape` with `node [...]`
/// defaults scoped to subgraphs (a node takes the defaults in force where it is first
/// mentioned; later defaults do not change it), edges in declaration order with edge
/// statements between subgraphs expanded to every pair, `strict` dropping repeated edges,
/// `"a" + "b"` concatenation, `\` line continuations, HTML strings, ports, comments and `#`
/// lines. (`scripts/checks/fuzz` checks the agreement on generated DOT and `DotReaderTests` on the
/// fixture corpus.) Graph attributes are read and dropped; of an edge's, its `label` is kept.
public struct DotReader {
    /// What a file may hold.
    public struct Limits: Sendable {
        public var nodes = 4_000_000
        /// Edges after subgraph endpoints are expanded (`{a b} -> {c d}` is four).
        public var edges = 8_000_000
        /// Subgraphs inside subgraphs.
        public var nesting = 100
        /// A node name, in bytes.
        public var nameBytes = 65_536
        /// A label, in bytes, after `\N` is replaced by the node's name.
        public var labelBytes = 1 << 20

        public init() {}
    }

    private let bytes: [UInt8]
    private let limits: Limits
    private var position = 0

    private var directed = true
    private var strict = false
    private var nodes: [DotDocument.Node] = []
    private var index: [String: Int] = [:]
    private var edges: [DotDocument.Edge] = []
    private var seenEdges: Set<UInt64> = []
    private var clusters: [DotDocument.Cluster] = []

    /// The attributes a `node [...]` statement sets that gradviz reads.
    private struct Defaults {
        var label: Attribute?
        var shape: String?

        func overlaid(by local: Defaults) -> Defaults {
            Defaults(label: local.label ?? label, shape: local.shape ?? shape)
        }
    }

    private struct Attribute {
        var text: String
        var isHTML: Bool
    }

    /// An open subgraph: its defaults in force, its own (kept for a named subgraph reopened
    /// later), the cluster it draws, and where its node mentions start in `mentions`.
    private struct Scope {
        var key: String
        var effective: Defaults
        var local: Defaults
        var cluster: Int?
        var mentionStart: Int
    }

    private var scopes: [Scope] = []
    /// Local defaults of named subgraphs already closed, by parent path and name.
    private var savedDefaults: [String: Defaults] = [:]
    private var clusterIndex: [String: Int] = [:]
    /// Nodes mentioned inside the open subgraphs, in order (with repeats), so a subgraph used
    /// as an edge end knows its nodes.
    private var mentions: [Int] = []
    private var anonymousCount = 0
    private var openedSubgraphs: Set<String> = []
    private var reopenedSubgraphs: Set<String> = []
    private var edgeEndSubgraphs: Set<String> = []
    private var lastSubgraphKey: String?
    /// The pieces of each `"a" + "b"` string, by the position of its first quote.
    private var joinedStrings: [Int: [Range<Int>]] = [:]

    public init(_ text: String, limits: Limits = Limits()) {
        bytes = Array(text.utf8)
        self.limits = limits
    }

    public mutating func read() throws(DotSyntaxError) -> DotDocument {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        var token = try next()
        if token.isKeyword("strict") {
            strict = true
            token = try next()
        }
        if token.isKeyword("digraph") {
            directed = true
        } else if token.isKeyword("graph") {
            directed = false
        } else {
            throw failure(at: token, "expected 'digraph' or 'graph' to begin the graph, found \(describe(token))")
        }
        token = try next()
        if token.isIdentifier { token = try next() }
        guard token.kind == .openBrace else {
            throw failure(at: token, "expected '{' to open the graph, found \(describe(token))")
        }
        scopes.append(Scope(key: "", effective: Defaults(), local: Defaults(), cluster: nil, mentionStart: 0))
        let closing = try statements()
        guard closing.kind == .closeBrace else {
            throw failure(at: closing, "expected '}' to close the graph, found \(describe(closing))")
        }
        let after = try next()
        guard after.kind == .end else {
            throw failure(at: after, "text after the graph's closing '}' (gradviz reads one graph per file)")
        }
        return DotDocument(
            nodes: try finishedNodes(), edges: edges, clusters: clusters, isDirected: directed, isStrict: strict)
    }

    // MARK: - Statements

    /// Reads statements up to the `}` (or end) that ends them, and returns that token.
    private mutating func statements() throws(DotSyntaxError) -> Token {
        var token = try next()
        while true {
            switch token.kind {
            case .closeBrace, .end: return token
            case .semicolon:
                token = try next()
            default:
                token = try statement(startingWith: token)
                if scopes.count == 1 { mentions.removeAll(keepingCapacity: true) }
            }
        }
    }

    /// One statement; returns the token after it.
    private mutating func statement(startingWith first: Token) throws(DotSyntaxError) -> Token {
        if first.isKeyword("node") || first.isKeyword("edge") || first.isKeyword("graph") {
            let token = try next()
            guard token.kind == .openBracket else {
                throw failure(at: token, "expected '[' after '\(text(of: first))', found \(describe(token))")
            }
            var local = Defaults()
            let (assigned, after) = try attributeLists(startingWith: token)
            for (name, value) in assigned {
                if name == "label" { local.label = value } else { local.shape = value.text }
            }
            if first.isKeyword("node") {
                scopes[scopes.count - 1].local = scopes[scopes.count - 1].local.overlaid(by: local)
                scopes[scopes.count - 1].effective = scopes[scopes.count - 1].effective.overlaid(by: local)
            } else if first.isKeyword("graph"), let label = local.label, let cluster = scopes.last?.cluster {
                clusters[cluster].label = label.text
            }
            return after
        }
        if first.kind == .openBrace || first.isKeyword("subgraph") {
            let (members, after) = try subgraph(startingWith: first, asEdgeEnd: false)
            if after.kind == .edgeOperator { try markEdgeEnd(first) }
            if after.kind == .edgeOperator { return try edges(from: members, operator: after) }
            return after
        }
        guard first.isIdentifier else { throw failure(at: first, "expected a statement, found \(describe(first))") }
        var token = try next()
        if token.kind == .equals {
            // `name = value`: a graph attribute; a cluster's label is kept.
            let value = try next()
            guard value.isIdentifier else {
                throw failure(at: value, "expected a value after '=', found \(describe(value))")
            }
            if text(of: first) == "label", let cluster = scopes.last?.cluster {
                clusters[cluster].label = try attribute(value).text
            }
            return try next()
        }
        let node = try mention(first)
        token = try skipPort(token)
        if token.kind == .edgeOperator { return try edges(from: [node], operator: token) }
        guard token.kind == .openBracket else { return token }
        let (assigned, after) = try attributeLists(startingWith: token)
        for (name, value) in assigned {
            if name == "label" {
                nodes[node].label = value.text
                nodes[node].labelIsHTML = value.isHTML
            } else {
                nodes[node].shape = value.text
            }
        }
        return after
    }

    /// An edge statement from its first end on: `-> b -> {c d} [attributes]`.
    ///
    /// As in cgraph, its edges are made once the whole statement is read (after those inside
    /// its subgraphs).
    private mutating func edges(from first: [Int], operator firstOperator: Token) throws(DotSyntaxError) -> Token {
        var ends = [first]
        var token = firstOperator
        var added = 0
        while token.kind == .edgeOperator {
            let isArrow = bytes[token.start + 1] == UInt8(ascii: ">")
            guard isArrow == directed else {
                throw failure(
                    at: token,
                    directed
                        ? "'--' in a digraph (its edges are written '->')"
                        : "'->' in a graph (its edges are written '--')")
            }
            let end = try next()
            var heads: [Int]
            if end.kind == .openBrace || end.isKeyword("subgraph") {
                (heads, token) = try subgraph(startingWith: end, asEdgeEnd: true)
            } else if end.isIdentifier {
                heads = [try mention(end)]
                token = try skipPort(try next())
            } else {
                throw failure(
                    at: end, "expected a node or a subgraph after '\(text(of: firstOperator))', found \(describe(end))")
            }
            let tails = ends[ends.count - 1]
            guard tails.isEmpty || heads.count <= (limits.edges - edges.count - added) / tails.count else {
                throw failure(
                    at: end,
                    "the graph has more than \(limits.edges) edges (this statement adds \(tails.count) × \(heads.count)); gradviz reads up to \(limits.edges)"
                )
            }
            added += tails.count * heads.count
            ends.append(heads)
        }
        var label: String?
        if token.kind == .openBracket {
            let (assigned, after) = try attributeLists(startingWith: token)
            label = assigned.last { $0.0 == "label" }?.1.text
            token = after
        }
        for (tails, heads) in zip(ends, ends.dropFirst()) {
            for tail in tails {
                for head in heads { addEdge(tail, head, label: label) }
            }
        }
        return token
    }

    private mutating func addEdge(_ tail: Int, _ head: Int, label: String? = nil) {
        if strict {
            let (low, high) = directed || tail <= head ? (tail, head) : (head, tail)
            guard seenEdges.insert(UInt64(low) << 32 | UInt64(high)).inserted else { return }
        }
        edges.append(DotDocument.Edge(tail: tail, head: head, label: label))
    }

    /// `subgraph name { … }`, `subgraph { … }` or `{ … }`: its nodes in creation order, and the
    /// token after its `}`.
    private mutating func subgraph(startingWith first: Token, asEdgeEnd: Bool) throws(DotSyntaxError) -> ([Int], Token)
    {
        var token = first
        var name: String?
        if first.isKeyword("subgraph") {
            token = try next()
            if token.isIdentifier {
                name = try attribute(token).text
                token = try next()
            }
        }
        guard token.kind == .openBrace else {
            throw failure(at: token, "expected '{' to open the subgraph, found \(describe(token))")
        }
        guard scopes.count <= limits.nesting else {
            throw failure(
                at: token, "subgraphs nest more than \(limits.nesting) deep; gradviz reads up to \(limits.nesting)")
        }
        let parent = scopes[scopes.count - 1]
        let key: String
        if let name {
            key = parent.key + "\u{1}" + name
        } else {
            anonymousCount += 1
            key = "\u{2}\(anonymousCount)"
        }
        if name != nil {
            if !openedSubgraphs.insert(key).inserted { try refuseIfEdgeEnd(key, reopened: true, at: token) }
            if asEdgeEnd { try refuseIfEdgeEnd(key, reopened: false, at: token) }
        }
        lastSubgraphKey = name == nil ? nil : key
        let local = name == nil ? Defaults() : savedDefaults[key] ?? Defaults()
        var cluster = parent.cluster
        if let name, name.hasPrefix("cluster") {
            if let known = clusterIndex[key] {
                cluster = known
            } else {
                cluster = clusters.count
                clusterIndex[key] = clusters.count
                clusters.append(DotDocument.Cluster(name: name, parent: parent.cluster))
            }
        }
        scopes.append(
            Scope(
                key: key, effective: parent.effective.overlaid(by: local), local: local, cluster: cluster,
                mentionStart: mentions.count))
        let closing = try statements()
        guard closing.kind == .closeBrace else {
            throw failure(at: closing, "the subgraph opened here is not closed with '}'", at: token.start)
        }
        let scope = scopes.removeLast()
        if name != nil { savedDefaults[scope.key] = scope.local }
        lastSubgraphKey = name == nil ? nil : scope.key
        var members = Array(mentions[scope.mentionStart...])
        members.sort()
        var unique: [Int] = []
        unique.reserveCapacity(members.count)
        for member in members where unique.last != member { unique.append(member) }
        return (unique, try next())
    }

    /// A named subgraph that is both reopened and an edge end stands for every node it ever
    /// holds, including those added after the edge statement: gradviz refuses that rather than
    /// read it differently from Graphviz.
    private mutating func refuseIfEdgeEnd(_ key: String, reopened: Bool, at token: Token) throws(DotSyntaxError) {
        if reopened { reopenedSubgraphs.insert(key) } else { edgeEndSubgraphs.insert(key) }
        guard reopenedSubgraphs.contains(key) && edgeEndSubgraphs.contains(key) else { return }
        let name = key.split(separator: "\u{1}").last.map(String.init) ?? key
        throw failure(
            at: token,
            "subgraph '\(excerpt(name))' is opened more than once and is an edge end; gradviz does not read that (draw the edges between its nodes)"
        )
    }

    /// The subgraph just read, when the token after it turns out to be an edge operator.
    private mutating func markEdgeEnd(_ token: Token) throws(DotSyntaxError) {
        if let key = lastSubgraphKey { try refuseIfEdgeEnd(key, reopened: false, at: token) }
    }

    /// The node a name refers to, made with the defaults in force if it is new.
    private mutating func mention(_ token: Token) throws(DotSyntaxError) -> Int {
        guard token.length <= limits.nameBytes else {
            throw failure(
                at: token, "a node name of \(token.length) bytes; gradviz reads names up to \(limits.nameBytes) bytes")
        }
        let name = try attribute(token).text
        let node: Int
        if let known = index[name] {
            node = known
        } else {
            guard nodes.count < limits.nodes else {
                throw failure(
                    at: token, "the graph has more than \(limits.nodes) nodes; gradviz reads up to \(limits.nodes)")
            }
            node = nodes.count
            index[name] = node
            let scope = scopes[scopes.count - 1]
            nodes.append(
                DotDocument.Node(
                    name: name, label: scope.effective.label?.text, labelIsHTML: scope.effective.label?.isHTML ?? false,
                    shape: scope.effective.shape, cluster: scope.cluster))
        }
        if scopes.count > 1 { mentions.append(node) }
        return node
    }

    /// `:port` or `:port:compass` after a node name, skipped; returns the token after it.
    private mutating func skipPort(_ first: Token) throws(DotSyntaxError) -> Token {
        var token = first
        var parts = 0
        while token.kind == .colon && parts < 2 {
            let port = try next()
            guard port.isIdentifier else {
                throw failure(at: port, "expected a port name after ':', found \(describe(port))")
            }
            parts += 1
            token = try next()
        }
        return token
    }

    /// One or more `[name = value, …]` lists: the `label` and `shape` pairs in order, and the
    /// token after the last list.
    private mutating func attributeLists(
        startingWith first: Token
    ) throws(DotSyntaxError) -> (assigned: [(String, Attribute)], after: Token) {
        var assigned: [(String, Attribute)] = []
        var token = first
        while token.kind == .openBracket {
            token = try next()
            while token.kind != .closeBracket {
                guard token.isIdentifier else {
                    throw failure(at: token, "expected an attribute name or ']', found \(describe(token))")
                }
                let name = try attribute(token).text
                let equals = try next()
                guard equals.kind == .equals else {
                    throw failure(
                        at: equals, "expected '=' after the attribute '\(excerpt(name))', found \(describe(equals))")
                }
                let value = try next()
                guard value.isIdentifier else {
                    throw failure(at: value, "expected a value for '\(excerpt(name))', found \(describe(value))")
                }
                if name == "label" || name == "shape" {
                    guard value.length <= limits.labelBytes else {
                        throw failure(
                            at: value,
                            "a \(name) of \(value.length) bytes; gradviz reads labels up to \(limits.labelBytes >> 20) MiB"
                        )
                    }
                    assigned.append((name, try attribute(value)))
                }
                token = try next()
                if token.kind == .comma || token.kind == .semicolon { token = try next() }
            }
            token = try next()
        }
        return (assigned, token)
    }

    // MARK: - Finishing

    /// The nodes with `\N` in labels replaced by the node's name (checked against the label
    /// limit before the replacement is made).
    private func finishedNodes() throws(DotSyntaxError) -> [DotDocument.Node] {
        var result = nodes
        for position in result.indices {
            if result[position].shape?.isEmpty == true { result[position].shape = nil }
            guard let label = result[position].label else { continue }
            if label == "\\N" || label.isEmpty {
                result[position].label = nil
                continue
            }
            let count = label.utf8.count
            var marks = 0
            var previousWasBackslash = false
            for byte in label.utf8 {
                if previousWasBackslash && byte == UInt8(ascii: "N") { marks += 1 }
                previousWasBackslash = byte == UInt8(ascii: "\\") && !previousWasBackslash
            }
            guard marks > 0 else { continue }
            let name = result[position].name
            let length = count + marks * max(0, name.utf8.count - 2)
            guard length <= limits.labelBytes else {
                throw DotSyntaxError(
                    line: 0, column: 0,
                    message:
                        "node \(excerpt(name)): its label is \(length) bytes once each \\N is replaced by the name; gradviz reads labels up to \(limits.labelBytes >> 20) MiB"
                )
            }
            result[position].label = Self.substitutingName(name, in: label)
        }
        return result
    }

    /// `\N` in a label stands for the node's name (`\\` is a backslash, kept as written).
    static func substitutingName(_ name: String, in label: String) -> String {
        var result: [UInt8] = []
        result.reserveCapacity(label.utf8.count)
        var previousWasBackslash = false
        for byte in label.utf8 {
            if previousWasBackslash && byte == UInt8(ascii: "N") {
                result.removeLast()
                result.append(contentsOf: name.utf8)
                previousWasBackslash = false
                continue
            }
            previousWasBackslash = byte == UInt8(ascii: "\\") && !previousWasBackslash
            result.append(byte)
        }
        return String(decoding: result, as: UTF8.self)
    }

    // MARK: - Tokens

    struct Token {
        enum Kind: Equatable {
            case plain, numeral, quoted, html, openBrace, closeBrace, openBracket, closeBracket,
                semicolon, comma, equals, colon, edgeOperator, end
        }
        var kind: Kind
        var start: Int
        var length: Int

        var isIdentifier: Bool { kind == .plain || kind == .numeral || kind == .quoted || kind == .html }
        var keyword: String? = nil

        func isKeyword(_ word: String) -> Bool { keyword == word }
    }

    private static let keywords: Set<String> = ["node", "edge", "graph", "digraph", "subgraph", "strict"]

    private mutating func next() throws(DotSyntaxError) -> Token {
        try skipSpaceAndComments()
        guard position < bytes.count else { return Token(kind: .end, start: position, length: 0) }
        let start = position
        let byte = bytes[position]
        func single(_ kind: Token.Kind) -> Token {
            position += 1
            return Token(kind: kind, start: start, length: 1)
        }
        switch byte {
        case UInt8(ascii: "{"): return single(.openBrace)
        case UInt8(ascii: "}"): return single(.closeBrace)
        case UInt8(ascii: "["): return single(.openBracket)
        case UInt8(ascii: "]"): return single(.closeBracket)
        case UInt8(ascii: ";"): return single(.semicolon)
        case UInt8(ascii: ","): return single(.comma)
        case UInt8(ascii: "="): return single(.equals)
        case UInt8(ascii: ":"): return single(.colon)
        case UInt8(ascii: "\""): return try quoted()
        case UInt8(ascii: "<"): return try html()
        case UInt8(ascii: "-"):
            if position + 1 < bytes.count,
                bytes[position + 1] == UInt8(ascii: ">") || bytes[position + 1] == UInt8(ascii: "-")
            {
                position += 2
                return Token(kind: .edgeOperator, start: start, length: 2)
            }
            return try numeral()
        case UInt8(ascii: "."), UInt8(ascii: "0")...UInt8(ascii: "9"): return try numeral()
        default:
            guard Self.isNameStart(byte) else {
                throw failure(
                    at: Token(kind: .end, start: start, length: 1), "unexpected character \(shown(byteAt: start))")
            }
            while position < bytes.count && Self.isNamePart(bytes[position]) { position += 1 }
            var token = Token(kind: .plain, start: start, length: position - start)
            if token.length <= 8 {
                let word = String(decoding: bytes[start..<position], as: UTF8.self).lowercased()
                if Self.keywords.contains(word) { token.keyword = word }
            }
            return token
        }
    }

    private static func isNameStart(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || byte == UInt8(ascii: "_") || byte >= 0x80
    }

    private static func isNamePart(_ byte: UInt8) -> Bool {
        isNameStart(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    private mutating func numeral() throws(DotSyntaxError) -> Token {
        let start = position
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        var digits = 0
        while position < bytes.count && bytes[position] >= 0x30 && bytes[position] <= 0x39 {
            position += 1
            digits += 1
        }
        if position < bytes.count && bytes[position] == UInt8(ascii: ".") {
            position += 1
            while position < bytes.count && bytes[position] >= 0x30 && bytes[position] <= 0x39 {
                position += 1
                digits += 1
            }
        }
        guard digits > 0 else {
            throw failure(
                at: Token(kind: .end, start: start, length: 1), "unexpected character \(shown(byteAt: start))")
        }
        return Token(kind: .numeral, start: start, length: position - start)
    }

    private mutating func quoted() throws(DotSyntaxError) -> Token {
        let start = position
        var segments: [Range<Int>] = [try quotedSegment()]
        // `"a" + "b"` is one string.
        while true {
            let save = position
            try skipSpaceAndComments()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "+") else {
                position = save
                break
            }
            position += 1
            try skipSpaceAndComments()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                throw failure(at: Token(kind: .end, start: position, length: 1), "expected a quoted string after '+'")
            }
            segments.append(try quotedSegment())
        }
        if segments.count > 1 { joinedStrings[start] = segments }
        return Token(kind: .quoted, start: start, length: position - start)
    }

    /// One `"…"`, from its opening quote to just after its closing one.
    private mutating func quotedSegment() throws(DotSyntaxError) -> Range<Int> {
        let start = position
        position += 1
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "\\"): position += 2
            case UInt8(ascii: "\""):
                position += 1
                return start..<position
            default: position += 1
            }
        }
        throw failure(at: Token(kind: .end, start: start, length: 1), "a quoted string that is never closed with '\"'")
    }

    private mutating func html() throws(DotSyntaxError) -> Token {
        let start = position
        var depth = 0
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "<"): depth += 1
            case UInt8(ascii: ">"):
                depth -= 1
                if depth == 0 {
                    position += 1
                    return Token(kind: .html, start: start, length: position - start)
                }
            default: break
            }
            position += 1
        }
        throw failure(
            at: Token(kind: .end, start: start, length: 1), "an HTML string '<…>' that is never closed with '>'")
    }

    private mutating func skipSpaceAndComments() throws(DotSyntaxError) {
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C: position += 1
            case 0:
                throw failure(at: Token(kind: .end, start: position, length: 1), "a NUL byte (DOT is text)")
            case UInt8(ascii: "#") where position == 0 || bytes[position - 1] == 0x0A:
                while position < bytes.count && bytes[position] != 0x0A { position += 1 }
            case UInt8(ascii: "/") where position + 1 < bytes.count && bytes[position + 1] == UInt8(ascii: "/"):
                while position < bytes.count && bytes[position] != 0x0A { position += 1 }
            case UInt8(ascii: "/") where position + 1 < bytes.count && bytes[position + 1] == UInt8(ascii: "*"):
                let start = position
                position += 2
                while position + 1 < bytes.count
                    && !(bytes[position] == UInt8(ascii: "*") && bytes[position + 1] == UInt8(ascii: "/"))
                {
                    position += 1
                }
                guard position + 1 < bytes.count else {
                    position = bytes.count
                    throw failure(at: Token(kind: .end, start: start, length: 2), "a '/*' comment that is never closed")
                }
                position += 2
            default: return
            }
        }
    }

    /// An identifier token's text: a plain name or numeral as written, a quoted string with
    /// `\"` and line continuations undone and `"a" + "b"` joined, an HTML string's inside.
    private mutating func attribute(_ token: Token) throws(DotSyntaxError) -> Attribute {
        switch token.kind {
        case .html:
            return Attribute(
                text: String(decoding: bytes[(token.start + 1)..<(token.start + token.length - 1)], as: UTF8.self),
                isHTML: true)
        case .quoted:
            var result: [UInt8] = []
            for segment in joinedStrings[token.start] ?? [token.start..<(token.start + token.length)] {
                appendUnquoted(segment, to: &result)
            }
            return Attribute(text: String(decoding: result, as: UTF8.self), isHTML: false)
        default:
            return Attribute(
                text: String(decoding: bytes[token.start..<(token.start + token.length)], as: UTF8.self), isHTML: false)
        }
    }

    private func appendUnquoted(_ segment: Range<Int>, to result: inout [UInt8]) {
        var index = segment.lowerBound + 1
        let end = segment.upperBound - 1
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\") && index + 1 < end {
                let following = bytes[index + 1]
                if following == UInt8(ascii: "\"") {
                    result.append(following)
                    index += 2
                    continue
                }
                if following == 0x0A {
                    index += 2
                    continue
                }
                if following == 0x0D && index + 2 < end && bytes[index + 2] == 0x0A {
                    index += 3
                    continue
                }
                result.append(byte)
                result.append(following)
                index += 2
                continue
            }
            result.append(byte)
            index += 1
        }
    }

    // MARK: - Messages

    private func text(of token: Token) -> String {
        String(decoding: bytes[token.start..<(token.start + min(token.length, 40))], as: UTF8.self)
    }

    private func describe(_ token: Token) -> String {
        switch token.kind {
        case .end: "the end of the file"
        case .quoted: "the string \(excerpt(text(of: token)))"
        default: "'\(excerpt(text(of: token)))'"
        }
    }

    private func excerpt(_ text: String) -> String {
        text.count > 30 ? String(text.prefix(30)) + "…" : text
    }

    private func shown(byteAt offset: Int) -> String {
        let byte = bytes[offset]
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "(byte 0x\(String(byte, radix: 16, uppercase: true)))"
    }

    private func failure(at token: Token, _ message: String, at offset: Int? = nil) -> DotSyntaxError {
        let place = offset ?? token.start
        var line = 1
        var lineStart = 0
        var cursor = 0
        let limit = min(place, bytes.count)
        while cursor < limit {
            if bytes[cursor] == 0x0A {
                line += 1
                lineStart = cursor + 1
            }
            cursor += 1
        }
        var column = 1
        var counting = lineStart
        while counting < limit {
            if bytes[counting] & 0xC0 != 0x80 { column += 1 }
            counting += 1
        }
        return DotSyntaxError(line: line, column: column, message: message)
    }
}

/// Why DOT text could not be read: the place (1-based line and column; 0 when the problem is
/// not at one place) and one line saying what was expected.
public struct DotSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var message: String

    public init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { line > 0 ? "line \(line), column \(column): \(message)" : message }
}
