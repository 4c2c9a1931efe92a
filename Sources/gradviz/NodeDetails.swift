import DotExport
import GraphModel
import Rendering

/// The rows the HTML viewer shows for a clicked node, by DOT node name.
enum NodeDetails {
    static func rows(for snapshot: GraphSnapshot, annotations: [Int: Annotation]) -> [String: [HTMLViewerDetail]] {
        let uses = snapshot.useCounts()
        func name(_ id: Int) -> String {
            let node = snapshot.nodes[id]
            return "#\(id)" + (node.label.map { " \($0)" } ?? (node.isConstant ? " (constant \(NumberFormat.exact(node.data)))" : ""))
        }
        var result: [String: [HTMLViewerDetail]] = [:]
        for node in snapshot.nodes {
            var rows: [HTMLViewerDetail] = [("node", name(node.id))]
            let kind: String
            if let operation = node.operation {
                kind = operation == .power ? "pow (exponent \(NumberFormat.exact(node.exponent ?? .nan)))" : operation.name
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
            result["n\(node.id)"] = rows
            if let operation = node.operation {
                result["o\(node.id)"] = [
                    ("operation", operation.name + (node.exponent.map { " \(NumberFormat.exact($0))" } ?? "")),
                    ("result", name(node.id)),
                    ("operands", node.operands.map(name).joined(separator: ", ")),
                ]
            }
        }
        return result
    }

    /// Rows for a network drawing's units.
    static func rows(for network: NetworkSnapshot) -> [String: [HTMLViewerDetail]] {
        var result: [String: [HTMLViewerDetail]] = [:]
        for (layer, units) in network.layers.enumerated() {
            for (index, unit) in units.enumerated() {
                var rows: [HTMLViewerDetail] = [("unit", unit.name)]
                if let activation = unit.activation { rows.append(("activation", activation)) }
                rows.append((layer == 0 ? "value" : "output", NumberFormat.exact(unit.data)))
                rows.append(("grad", NumberFormat.exact(unit.grad)))
                if let total = unit.batchGradient { rows.append(("Σ|grad| over the batch", NumberFormat.exact(total))) }
                if let bias = unit.bias { rows.append(("bias", NumberFormat.exact(bias))) }
                if unit.isDead { rows.append(("problem", "dead ReLU: zero output on every sample")) }
                let incoming = network.connections.filter { $0.fromLayer == layer - 1 && $0.to == index }
                for connection in incoming.prefix(64) {
                    rows.append((connection.name, "weight \(NumberFormat.exact(connection.weight)), grad \(NumberFormat.exact(connection.grad))"))
                }
                result["u\(layer)_\(index)"] = rows
            }
        }
        return result
    }
}

typealias HTMLViewerDetail = (name: String, value: String)
