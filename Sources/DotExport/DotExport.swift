public import GraphModel

/// Turns a graph snapshot into Graphviz DOT text, drawn the way micrograd's `draw_dot` draws
/// it (a table per value with its label, data and grad; a small node per operation between
/// operands and result) but styled so that inputs, constants, intermediates and the root
/// are told apart at a glance and every operand slot is its own edge.
///
/// The output depends only on the snapshot and the options: node ids are generated
/// (``valueName(_:)``: `n0`, `n1`, … for values; ``operationName(_:)``: `o2`, … for the
/// operation that made value 2), numbers are formatted the same way everywhere, and user
/// text never reaches an id.
public enum DotExport {
    /// Layout direction of the drawing.
    public enum RankDirection: String, CaseIterable, Sendable {
        /// Inputs on the left, the root on the right (micrograd's choice).
        case leftToRight = "LR"
        /// Inputs at the top, the root at the bottom.
        case topToBottom = "TB"
    }

    /// A value's numbers as a file printed them.
    public struct PrintedNumber: Sendable, Equatable {
        public var data: String
        /// `nil` when the file prints no gradient for the value.
        public var grad: String?

        public init(data: String, grad: String?) {
            self.data = data
            self.grad = grad
        }
    }

    /// Clusters from a file: each with its label and the cluster it sits in, and the cluster
    /// each value (by node id) was drawn in.
    public struct FileClusters: Sendable, Equatable {
        public struct Cluster: Sendable, Equatable {
            public var label: String?
            public var parent: Int?

            public init(label: String?, parent: Int?) {
                self.label = label
                self.parent = parent
            }
        }

        public var clusters: [Cluster]
        public var membership: [Int: Int]

        public init(clusters: [Cluster], membership: [Int: Int]) {
            self.clusters = clusters
            self.membership = membership
        }
    }

    public struct Options: Sendable, Equatable {
        public var rankDirection: RankDirection
        /// A caption under the drawing, such as the program text.
        public var title: String?
        /// Groups values built by a network into a cluster per neuron inside a cluster per layer.
        public var clustersByPlace: Bool
        /// Positions every node with ``LayeredLayout`` (for Graphviz's `nop2` engine) instead
        /// of leaving the layout to Graphviz's `dot`.
        ///
        /// Clusters are not drawn then.
        public var precomputedLayout: Bool
        /// Asks Graphviz's `dot` for its quick settings (`nslimit=0`, `mclimit=0.1`,
        /// `newrank=true`): a few hundred milliseconds instead of seconds to minutes on graphs
        /// of a thousand values, with every edge still routed around the nodes.
        public var quickRanking: Bool
        /// Labels each operand edge with the gradient it carries back (its contribution to
        /// the operand's grad), so `a + a` shows two edges whose labels sum to `a.grad`.
        public var edgeGradients: Bool
        /// Extra lines for some values, by node id.
        public var annotations: [Int: Annotation]
        /// Numbers as another engine's file printed them, by node id: a redrawing shows `2.19`
        /// as `2.19`, not `2.1900`, and a gradient the file does not print as not printed.
        public var printedNumbers: [Int: PrintedNumber] = [:]
        /// The boxes (`subgraph cluster…`) another engine's file drew its values in.
        public var fileClusters: FileClusters?

        public init(
            rankDirection: RankDirection = .leftToRight, title: String? = nil, clustersByPlace: Bool = false,
            precomputedLayout: Bool = false, edgeGradients: Bool = false, annotations: [Int: Annotation] = [:],
            quickRanking: Bool = false
        ) {
            self.quickRanking = quickRanking
            self.rankDirection = rankDirection
            self.title = title
            self.clustersByPlace = clustersByPlace
            self.precomputedLayout = precomputedLayout
            self.edgeGradients = edgeGradients
            self.annotations = annotations
        }
    }

    /// Whether gradviz should lay `snapshot` out itself (``LayeredLayout``) rather than leave it
    /// to Graphviz's `dot`: above `maximumValues`, or when its long edges would make `dot`'s
    /// spline routing slow (``LayeredLayout/longEdgeLoad(_:)`` over 20 per value).
    public static func prefersLayeredLayout(_ snapshot: GraphSnapshot, maximumValues: Int = 2_000) -> Bool {
        snapshot.nodes.count > maximumValues
            || LayeredLayout.longEdgeLoad(snapshot) > 20 * max(snapshot.nodes.count, 50)
    }

    /// The DOT text for a snapshot.
    ///
    /// Runs in one pass over the nodes: no recursion, so any depth of graph exports.
    public static func dot(for snapshot: GraphSnapshot, options: Options = Options()) -> String {
        var out = DotWriter()
        let layout =
            options.precomputedLayout ? LayeredLayout(snapshot: snapshot, direction: options.rankDirection) : nil
        if layout != nil {
            out.line("// Node positions computed by gradviz: draw with `neato -n2` (or gradviz), not `dot`.")
        }
        out.line("digraph gradviz {")
        var graphAttributes = [
            "rankdir=\(options.rankDirection.rawValue)", "bgcolor=\"white\"", "pad=0.25",
            "nodesep=0.25", "ranksep=0.4", "fontname=\"Helvetica\"", "fontsize=12",
        ]
        if let layout {
            graphAttributes += [
                "bb=\"0,0,\(DotText.number(layout.width)),\(DotText.number(layout.height))\"", "splines=line",
                "outputorder=edgesfirst",
            ]
        }
        if options.quickRanking && layout == nil {
            graphAttributes += ["nslimit=0", "mclimit=0.1", "newrank=true"]
        } else if options.clustersByPlace && layout == nil {
            // Neurons in their order (N1 above N2): a full crossing minimisation rotates the
            // clusters of a dense layer (N13…N16 first) without removing any crossing.
            graphAttributes += ["mclimit=0.1"]
        }
        if let title = options.title, layout == nil {
            graphAttributes += ["label=\(DotText.quoted(title))", "labelloc=b", "fontcolor=\"\(Palette.caption)\""]
        }
        func position(_ point: LayeredLayout.Point?) -> String {
            point.map { ", pos=\"\(DotText.number($0.x)),\(DotText.number($0.y))!\"" } ?? ""
        }
        out.line("  graph [\(graphAttributes.joined(separator: ", "))];")
        let uses = snapshot.useCounts()
        // Values first, then operations, then edges: each group shares its defaults.
        out.line("  node [shape=plain, fontname=\"Helvetica\", fontsize=11];")
        for node in snapshot.nodes {
            let role = Role(of: node, root: snapshot.root)
            out.line(
                "  \(valueName(node.id)) [label=<\(valueTable(node, role: role, uses: uses[node.id], annotation: options.annotations[node.id], printed: options.printedNumbers[node.id]))>, tooltip=\(DotText.tooltip(tooltip(node)))\(position(layout?.values[node.id]))];"
            )
        }
        out.line(
            "  node [shape=ellipse, style=filled, fillcolor=\"\(Palette.operationFill)\", color=\"\(Palette.operationBorder)\", fontsize=10, margin=\"0.04,0.02\", height=0.3, ordering=in];"
        )
        for node in snapshot.nodes {
            guard let label = operationLabel(of: node) else { continue }
            out.line(
                "  \(operationName(node.id)) [label=\(DotText.quoted(label))\(position(layout?.operations[node.id]))];")
        }
        out.line(
            "  edge [color=\"\(Palette.edge)\", arrowsize=0.6, penwidth=1.1, fontname=\"Helvetica\", labelfontname=\"Helvetica\", labelfontsize=8, labelfontcolor=\"\(Palette.caption)\"];"
        )
        for node in snapshot.nodes {
            guard let operation = node.operation else {
                // A folded node reads its operands directly.
                for operand in node.operands {
                    out.line("  \(valueName(operand)) -> \(valueName(node.id)) [style=dashed];")
                }
                continue
            }
            let carried = options.edgeGradients ? contributions(of: node, in: snapshot) : []
            for (slot, operand) in node.operands.enumerated() {
                var attributes: [String] = []
                if let route = layout?.operandRoutes[LayeredLayout.Edge(operand: operand, node: node.id)] {
                    attributes.append(edgePosition(route))
                }
                if operation.isOrderSensitive {
                    let slots = operation == .powerOfValue ? ("base", "exponent") : ("left", "right")
                    attributes.append("headlabel=\"\(slot == 0 ? slots.0 : slots.1)\"")
                }
                if options.edgeGradients {
                    attributes.append(
                        "label=\"\(NumberFormat.short(carried[slot]))\", fontsize=8, fontcolor=\"\(Palette.edgeGradient)\""
                    )
                }
                let suffix = attributes.isEmpty ? "" : " [\(attributes.joined(separator: ", "))]"
                out.line("  \(valueName(operand)) -> \(operationName(node.id))\(suffix);")
            }
            if let route = layout?.resultRoutes[node.id] {
                out.line("  \(operationName(node.id)) -> \(valueName(node.id)) [\(edgePosition(route))];")
            } else {
                out.line("  \(operationName(node.id)) -> \(valueName(node.id));")
            }
        }
        if options.clustersByPlace && layout == nil { writeClusters(snapshot, to: &out) }
        if let clusters = options.fileClusters, layout == nil { writeFileClusters(clusters, snapshot, to: &out) }
        out.line("}")
        return out.text
    }

    // MARK: - Pieces

    /// An edge's `pos` for Graphviz's `nop2`: straight segments along `route` (each a cubic
    /// Bézier with its control points on the line), ending one arrowhead before the last
    /// point, where the arrow's tip goes.
    static func edgePosition(_ route: [LayeredLayout.Point]) -> String {
        guard route.count >= 2 else { return "" }
        let arrow = 6.0  // arrowsize 0.6 × Graphviz's 10 pt
        var points = route
        let tip = points[points.count - 1]
        let before = points[points.count - 2]
        let dx = tip.x - before.x
        let dy = tip.y - before.y
        let length = (dx * dx + dy * dy).squareRoot()
        let pull = length > arrow ? arrow / length : 0.5
        points[points.count - 1] = LayeredLayout.Point(x: tip.x - dx * pull, y: tip.y - dy * pull)
        func text(_ point: LayeredLayout.Point) -> String { "\(DotText.number(point.x)),\(DotText.number(point.y))" }
        var controls = [text(points[0])]
        for (from, to) in zip(points, points.dropFirst()) { controls += [text(from), text(to), text(to)] }
        return "pos=\"e,\(text(tip)) \(controls.joined(separator: " "))\""
    }

    /// What a value is, for its colours.
    enum Role {
        case input, parameter, constant, intermediate, folded, root

        init(of node: GraphSnapshot.Node, root: Int) {
            if node.id == root {
                self = .root
            } else if node.foldedCount != nil {
                self = .folded
            } else if node.isConstant {
                self = .constant
            } else if node.isLeaf {
                self = node.place?.isParameter == true ? .parameter : .input
            } else {
                self = .intermediate
            }
        }

        var fill: String {
            switch self {
            case .input: Palette.inputFill
            case .parameter: Palette.parameterFill
            case .folded: Palette.foldedFill
            case .constant: Palette.constantFill
            case .intermediate: Palette.intermediateFill
            case .root: Palette.rootFill
            }
        }

        var border: String {
            switch self {
            case .input: Palette.inputBorder
            case .parameter: Palette.parameterBorder
            case .folded: Palette.foldedBorder
            case .constant: Palette.constantBorder
            case .intermediate: Palette.intermediateBorder
            case .root: Palette.rootBorder
            }
        }
    }

    /// What each operand slot's backward step adds to that operand's grad.
    static func contributions(of node: GraphSnapshot.Node, in snapshot: GraphSnapshot) -> [Double] {
        guard let operation = node.operation else { return [] }
        if node.isNarySum { return node.operands.map { _ in node.grad } }
        let a = snapshot.nodes[node.operands[0]].data
        let b = node.operands.count > 1 ? snapshot.nodes[node.operands[1]].data : 0
        let (first, second) = operation.contributions(
            a, b, output: node.data, exponent: node.exponent ?? 0, grad: node.grad)
        return node.operands.count > 1 ? [first, second] : [first]
    }

    static func valueTable(
        _ node: GraphSnapshot.Node, role: Role, uses: Int, annotation: Annotation? = nil, printed: PrintedNumber? = nil
    ) -> String {
        var cells: [String] = []
        if let label = node.label {
            var text = "<B>\(DotText.html(label))</B>"
            if uses > 1 { text += "<FONT POINT-SIZE=\"8\" COLOR=\"\(Palette.shared)\"> used ×\(uses)</FONT>" }
            cells.append("<TD>\(text)</TD>")
        } else if uses > 1 {
            cells.append("<TD><FONT POINT-SIZE=\"8\" COLOR=\"\(Palette.shared)\">used ×\(uses)</FONT></TD>")
        }
        if let folded = node.foldedCount {
            cells.append("<TD><FONT POINT-SIZE=\"9\" COLOR=\"\(Palette.caption)\">⋯ \(folded) nodes</FONT></TD>")
        }
        cells.append(numberCell("data", node.data, role: role, printed: printed?.data))
        if let printed, printed.grad == nil {
            cells.append("<TD><FONT COLOR=\"\(Palette.caption)\">grad not printed</FONT></TD>")
        } else {
            cells.append(numberCell("grad", node.grad, role: role, printed: printed?.grad))
        }
        if let annotation {
            let text = annotation.lines.map(DotText.html).joined(separator: "<BR/>")
            cells.append(
                annotation.isProblem
                    ? "<TD BGCOLOR=\"\(Palette.nonFiniteFill)\"><FONT COLOR=\"\(Palette.nonFiniteText)\"><B>\(text)</B></FONT></TD>"
                    : "<TD><FONT COLOR=\"\(Palette.annotation)\">\(text)</FONT></TD>")
        }
        let width = role == .root ? 2 : 1
        let style = role == .folded ? " STYLE=\"ROUNDED\"" : ""
        return
            "<TABLE\(style) BORDER=\"0\" CELLBORDER=\"\(width)\" CELLSPACING=\"0\" CELLPADDING=\"4\" COLOR=\"\(role.border)\" BGCOLOR=\"\(role.fill)\"><TR>\(cells.joined())</TR></TABLE>"
    }

    static func numberCell(_ name: String, _ value: Double, role: Role, printed: String? = nil) -> String {
        let text = "\(name) \(printed.map(DotText.html) ?? NumberFormat.short(value))"
        if !value.isFinite {
            return
                "<TD BGCOLOR=\"\(Palette.nonFiniteFill)\"><FONT COLOR=\"\(Palette.nonFiniteText)\"><B>\(text)</B></FONT></TD>"
        }
        if name == "grad" && value == 0 && role != .constant {
            return "<TD><FONT COLOR=\"\(Palette.zeroGrad)\">\(text)</FONT></TD>"
        }
        return "<TD>\(text)</TD>"
    }

    static func tooltip(_ node: GraphSnapshot.Node) -> String {
        let name = node.label ?? (node.isConstant ? "constant" : "value")
        return "\(name) #\(node.id): data = \(NumberFormat.exact(node.data)), grad = \(NumberFormat.exact(node.grad))"
    }

    /// The file's own clusters, nested as it nested them (a layer box holding neuron boxes),
    /// each with its values and their operations.
    static func writeFileClusters(_ file: FileClusters, _ snapshot: GraphSnapshot, to out: inout DotWriter) {
        var members = [[String]](repeating: [], count: file.clusters.count)
        for node in snapshot.nodes {
            guard let cluster = file.membership[node.id], members.indices.contains(cluster) else { continue }
            members[cluster].append(valueName(node.id))
            if node.operation != nil { members[cluster].append(operationName(node.id)) }
        }
        var children = [[Int]](repeating: [], count: file.clusters.count)
        var roots: [Int] = []
        for (index, cluster) in file.clusters.enumerated() {
            if let parent = cluster.parent, children.indices.contains(parent) {
                children[parent].append(index)
            } else {
                roots.append(index)
            }
        }
        // Depth-first with an explicit stack: open a cluster, write its members, then its
        // children, then close it.
        var stack: [(cluster: Int, open: Bool)] = roots.reversed().map { ($0, true) }
        var depth = 1
        while let (cluster, opening) = stack.popLast() {
            let indent = String(repeating: "  ", count: depth)
            guard opening else {
                depth -= 1
                out.line(String(repeating: "  ", count: depth) + "}")
                continue
            }
            out.line("\(indent)subgraph cluster_file\(cluster) {")
            out.line(
                "\(indent)  label=\(DotText.quoted(file.clusters[cluster].label ?? "")); style=\"rounded\"; color=\"\(Palette.layerBorder)\"; fontcolor=\"\(Palette.caption)\"; fontsize=10;"
            )
            if !members[cluster].isEmpty { out.line("\(indent)  \(members[cluster].joined(separator: "; "));") }
            depth += 1
            stack.append((cluster, false))
            for child in children[cluster].reversed() { stack.append((child, true)) }
        }
    }

    /// Cluster statements grouping network values: a cluster per layer holding a cluster per
    /// neuron with the neuron's parameters, operations and values.
    static func writeClusters(_ snapshot: GraphSnapshot, to out: inout DotWriter) {
        var layers: [Int: [Int: [String]]] = [:]
        for node in snapshot.nodes {
            guard let place = node.place else { continue }
            var members = layers[place.layer, default: [:]][place.neuron, default: []]
            members.append(valueName(node.id))
            if node.operation != nil { members.append(operationName(node.id)) }
            layers[place.layer, default: [:]][place.neuron] = members
        }
        // Each neuron's last value (its output): chained by invisible flat edges, so Graphviz
        // keeps the neurons in order (N1 above N2). Without them the order of equal-cost
        // clusters follows Graphviz's memory addresses, which change with the child's memory limit.
        var outputs: [Int: [Int: Int]] = [:]
        for node in snapshot.nodes {
            guard let place = node.place else { continue }
            outputs[place.layer, default: [:]][place.neuron] = node.id
        }
        for layer in outputs.keys.sorted() {
            let ordered = (outputs[layer] ?? [:]).sorted { $0.key < $1.key }.map(\.value)
            for (upper, lower) in zip(ordered, ordered.dropFirst()) {
                out.line("  \(valueName(upper)) -> \(valueName(lower)) [style=invis, minlen=0];")
            }
        }
        for layer in layers.keys.sorted() {
            out.line("  subgraph cluster_L\(layer) {")
            out.line(
                "    label=\"layer \(layer)\"; style=\"rounded,filled\"; fillcolor=\"\(Palette.layerFill)\"; color=\"\(Palette.layerBorder)\"; fontcolor=\"\(Palette.caption)\"; fontsize=12;"
            )
            let neurons = layers[layer] ?? [:]
            for neuron in neurons.keys.sorted() {
                out.line("    subgraph cluster_L\(layer)_N\(neuron) {")
                out.line(
                    "      label=\"L\(layer).N\(neuron)\"; style=\"rounded,filled\"; fillcolor=\"\(Palette.neuronFill)\"; color=\"\(Palette.neuronBorder)\"; fontsize=10;"
                )
                out.line("      \((neurons[neuron] ?? []).joined(separator: "; "));")
                out.line("    }")
            }
            out.line("  }")
        }
    }

    /// The text of a node's operation ellipse: its symbol, or `Σ` for a sum of more than two
    /// operands (a collapsed chain).
    ///
    /// `nil` for leaves and folded nodes.
    static func operationLabel(of node: GraphSnapshot.Node) -> String? {
        guard let operation = node.operation else { return nil }
        return node.isNarySum ? "Σ" : symbol(operation, exponent: node.exponent)
    }

    /// How an operation is drawn: `+ − × ÷`, `**2` for a power, `**` for a value exponent
    /// (its edges say which operand is the base), function names otherwise.
    public static func symbol(_ operation: Operator, exponent: Double?) -> String {
        switch operation {
        case .add: "+"
        case .subtract: "−"
        case .multiply: "×"
        case .divide: "÷"
        case .negate: "neg"
        case .power: "**\(exponent.map(NumberFormat.exact) ?? "?")"
        case .exp: "exp"
        case .log: "log"
        case .tanh: "tanh"
        case .relu: "relu"
        case .sigmoid: "σ"
        case .powerOfValue: "**"
        }
    }
}
