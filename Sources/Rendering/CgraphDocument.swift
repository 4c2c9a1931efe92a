internal import CGraphviz

/// The nodes and edges of a DOT graph as Graphviz's own parser (cgraph) reads them: names,
/// the attributes gradviz interprets, and edges in the order the text declared them.
///
/// gradviz reads DOT files with its own reader (`GraphImport.DotReader`, linear and bounded,
/// where cgraph's time and memory grow with the square of some inputs); this reading is the
/// reference that reader is tested against (`DotReaderTests`, the DOT fuzzer's differential mode).
/// Only for trusted, small input.
public struct CgraphDocument: Sendable, Equatable {
    public struct Node: Sendable, Equatable {
        /// The node's name in the DOT text (`140234`, `a`, `"x y"`).
        public var name: String
        /// The label as written, with DOT escapes such as `\n` kept; `\N` is already the name.
        ///
        /// `nil` when the node has no label (Graphviz would show its name).
        public var label: String?
        /// Whether the label is an HTML-like label (`label=<...>`).
        public var labelIsHTML: Bool
        /// The `shape` attribute, or `nil`.
        public var shape: String?

        public init(name: String, label: String?, labelIsHTML: Bool = false, shape: String? = nil) {
            self.name = name
            self.label = label
            self.labelIsHTML = labelIsHTML
            self.shape = shape
        }
    }

    public struct Edge: Sendable, Equatable {
        /// Positions in `nodes`.
        public var tail: Int
        public var head: Int

        public init(tail: Int, head: Int) {
            self.tail = tail
            self.head = head
        }
    }

    /// Nodes in the order the text first mentions them.
    public var nodes: [Node]
    /// Edges in the order the text declares them; parallel edges are kept (unless `strict`).
    public var edges: [Edge]
    public var isDirected: Bool
    public var isStrict: Bool

    public init(nodes: [Node], edges: [Edge], isDirected: Bool = true, isStrict: Bool = false) {
        self.nodes = nodes
        self.edges = edges
        self.isDirected = isDirected
        self.isStrict = isStrict
    }

    /// Reads DOT text with Graphviz's parser, under the same process-wide lock as rendering
    /// (Graphviz is not thread-safe).
    ///
    /// Syntax errors come back as a ``RenderError`` at the `parse` stage with Graphviz's
    /// message; nothing is printed.
    public init(parsing text: String) throws(RenderError) {
        self = try GraphvizSession.shared.read(text)
    }
}

extension GraphvizSession {
    func read(_ text: String) throws(RenderError) -> CgraphDocument {
        try withContext { (context: inout GraphvizContext) throws(RenderError) -> CgraphDocument in
            try context.read(text)
        }
    }
}

extension GraphvizContext {
    func read(_ text: String) throws(RenderError) -> CgraphDocument {
        if text.utf8.contains(0) { throw RenderError(stage: .parse, message: "the DOT text contains a NUL byte") }
        let graph = try parse(text)
        defer { agclose(graph) }
        var nodes: [CgraphDocument.Node] = []
        var index: [UnsafeMutableRawPointer: Int] = [:]
        nodes.reserveCapacity(Int(agnnodes(graph)))
        var node = agfstnode(graph)
        while let current = node {
            let name = String(cString: agnameof(UnsafeMutableRawPointer(current)))
            var label: String?
            var isHTML = false
            if let raw = gradviz_node_attribute(current, "label") {
                isHTML = gradviz_is_html(raw) != 0
                let text = String(cString: raw)
                label = text == "\\N" ? nil : Self.substitutingName(name, in: text)
            }
            var shape: String?
            if let raw = gradviz_node_attribute(current, "shape") {
                let text = String(cString: raw)
                shape = text.isEmpty ? nil : text
            }
            index[UnsafeMutableRawPointer(current)] = nodes.count
            nodes.append(CgraphDocument.Node(name: name, label: label, labelIsHTML: isHTML, shape: shape))
            node = agnxtnode(graph, current)
        }
        var edges: [(sequence: UInt, edge: CgraphDocument.Edge)] = []
        edges.reserveCapacity(Int(agnedges(graph)))
        node = agfstnode(graph)
        while let current = node {
            var edge = agfstout(graph, current)
            while let out = edge {
                if let tail = index[UnsafeMutableRawPointer(gradviz_tail(out))],
                    let head = index[UnsafeMutableRawPointer(gradviz_head(out))]
                {
                    edges.append(
                        (gradviz_sequence(UnsafeMutableRawPointer(out)), CgraphDocument.Edge(tail: tail, head: head)))
                }
                edge = agnxtout(graph, out)
            }
            node = agnxtnode(graph, current)
        }
        edges.sort { $0.sequence < $1.sequence }
        return CgraphDocument(
            nodes: nodes, edges: edges.map(\.edge), isDirected: agisdirected(graph) != 0,
            isStrict: agisstrict(graph) != 0)
    }

    /// `\N` in a label stands for the node's name.
    static func substitutingName(_ name: String, in label: String) -> String {
        guard label.contains("\\N") else { return label }
        var result = ""
        var rest = Substring(label)
        while let range = rest.firstRange(of: "\\N") {
            result += rest[..<range.lowerBound]
            result += name
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
