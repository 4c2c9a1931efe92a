/// The nodes and edges of a DOT graph as written: names, the attributes gradviz interprets,
/// the clusters nodes were declared in, and edges in the order the text declared them.
///
/// This is a reading of the text, not an interpretation: what the nodes mean (values,
/// operations) is decided by ``DrawDotGraph``. Subgraphs are flattened, as Graphviz does;
/// edges to or from a subgraph are expanded to its nodes.
public struct DotDocument: Sendable, Equatable {
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
        /// The innermost cluster the node was first declared in (a position in `clusters`).
        public var cluster: Int?

        public init(name: String, label: String?, labelIsHTML: Bool = false, shape: String? = nil, cluster: Int? = nil)
        {
            self.name = name
            self.label = label
            self.labelIsHTML = labelIsHTML
            self.shape = shape
            self.cluster = cluster
        }
    }

    public struct Edge: Sendable, Equatable {
        /// Positions in `nodes`.
        public var tail: Int
        public var head: Int
        /// The edge's own `label`, if it has one (some writers put the operation there).
        public var label: String?

        public init(tail: Int, head: Int, label: String? = nil) {
            self.tail = tail
            self.head = head
            self.label = label
        }
    }

    /// A `subgraph cluster…` box: its name, its label (if any) and the cluster it sits in.
    public struct Cluster: Sendable, Equatable {
        public var name: String
        public var label: String?
        public var parent: Int?

        public init(name: String, label: String? = nil, parent: Int? = nil) {
            self.name = name
            self.label = label
            self.parent = parent
        }
    }

    /// Nodes in the order the text first mentions them.
    public var nodes: [Node]
    /// Edges in the order the text declares them; parallel edges are kept (unless `strict`).
    public var edges: [Edge]
    public var clusters: [Cluster]
    public var isDirected: Bool
    public var isStrict: Bool

    public init(
        nodes: [Node], edges: [Edge], clusters: [Cluster] = [], isDirected: Bool = true, isStrict: Bool = false
    ) {
        self.nodes = nodes
        self.edges = edges
        self.clusters = clusters
        self.isDirected = isDirected
        self.isStrict = isStrict
    }

    /// Reads DOT text with gradviz's own reader (``DotReader``): linear in time and memory,
    /// with every limit checked as it reads.
    public init(parsing text: String, limits: DotReader.Limits = .init()) throws(DotSyntaxError) {
        var reader = DotReader(text, limits: limits)
        self = try reader.read()
    }
}
