public import GraphModel

// MARK: - Node names and what the viewer shows for them

extension DotExport {
    /// One row of a node's details: a name and its value.
    public typealias Detail = (name: String, value: String)

    /// The DOT name of value `id`'s node: `n<id>`.
    public static func valueName(_ id: Int) -> String { "n\(id)" }

    /// The DOT name of the operation node that made value `id`: `o<id>`.
    public static func operationName(_ id: Int) -> String { "o\(id)" }

    /// The DOT name of a network drawing's unit `index` of layer `layer` (0: the inputs):
    /// `u<layer>_<index>`.
    public static func unitName(layer: Int, index: Int) -> String { "u\(layer)_\(index)" }

    /// The rows an interactive viewer shows for a clicked node of `dot(for:options:)`'s
    /// drawing, by DOT node name: for each value its operation, operands, data, grad, uses,
    /// place, folding and `annotations`; for each operation node its operands and result.
    public static func details(for snapshot: GraphSnapshot, annotations: [Int: Annotation] = [:]) -> [String: [Detail]]
    {
        let uses = snapshot.useCounts()
        func name(_ id: Int) -> String {
            let node = snapshot.nodes[id]
            return "#\(id)"
                + (node.label.map { " \($0)" }
                    ?? (node.isConstant ? " (constant \(NumberFormat.exact(node.data)))" : ""))
        }
        var result: [String: [Detail]] = [:]
        for node in snapshot.nodes {
            var rows: [Detail] = [("node", name(node.id))]
            let kind: String
            if let operation = node.operation {
                kind =
                    operation == .power ? "pow (exponent \(NumberFormat.exact(node.exponent ?? .nan)))" : operation.name
            } else if node.foldedCount != nil {
                kind = "folded"
            } else {
                kind = node.isConstant ? "constant" : "input"
            }
            rows.append(("op", kind))
            if !node.operands.isEmpty { rows.append(("operands", node.operands.map(name).joined(separator: ", "))) }
            rows.append(("data", NumberFormat.exact(node.data)))
            rows.append(("grad", NumberFormat.exact(node.grad)))
            rows.append(("used by", "\(uses[node.id]) operand slot\(uses[node.id] == 1 ? "" : "s")"))
            if let place = node.place { rows.append(("place", place.description)) }
            if let folded = node.foldedCount { rows.append(("folded nodes", "\(folded)")) }
            if node.id == snapshot.root { rows.append(("root", "backward starts here")) }
            for line in annotations[node.id]?.lines ?? [] {
                rows.append((annotations[node.id]?.isProblem == true ? "problem" : "note", line))
            }
            result[valueName(node.id)] = rows
            if let operation = node.operation {
                result[operationName(node.id)] = [
                    ("operation", operation.name + (node.exponent.map { " \(NumberFormat.exact($0))" } ?? "")),
                    ("result", name(node.id)),
                    ("operands", node.operands.map(name).joined(separator: ", ")),
                ]
            }
        }
        return result
    }

    /// The rows an interactive viewer shows for a clicked unit of a network drawing
    /// (`dot(for:options:)` of a `NetworkSnapshot`), by DOT node name: output, gradient, bias,
    /// a dead ReLU, and the incoming weights (the first 64) with their gradients.
    public static func details(for network: NetworkSnapshot) -> [String: [Detail]] {
        var result: [String: [Detail]] = [:]
        for (layer, units) in network.layers.enumerated() {
            for (index, unit) in units.enumerated() {
                var rows: [Detail] = [("unit", unit.name)]
                if let activation = unit.activation { rows.append(("activation", activation)) }
                rows.append((layer == 0 ? "value" : "output", NumberFormat.exact(unit.data)))
                rows.append(("grad", NumberFormat.exact(unit.grad)))
                if let total = unit.batchGradient { rows.append(("Σ|grad| over the batch", NumberFormat.exact(total))) }
                if let bias = unit.bias { rows.append(("bias", NumberFormat.exact(bias))) }
                if unit.isDead { rows.append(("problem", "dead ReLU: zero output on every sample")) }
                let incoming = network.connections.filter { $0.fromLayer == layer - 1 && $0.to == index }
                for connection in incoming.prefix(64) {
                    rows.append(
                        (
                            connection.name,
                            "weight \(NumberFormat.exact(connection.weight)), grad \(NumberFormat.exact(connection.grad))"
                        ))
                }
                result[unitName(layer: layer, index: index)] = rows
            }
        }
        return result
    }
}
