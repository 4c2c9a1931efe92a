// MARK: - Plain-text table

extension GraphSnapshot {
    /// A table of every node in topological order: id, label, operation and operands, data and
    /// grad written exactly (shortest text that reads back as the same `Double`).
    ///
    /// Rows with a NaN or infinite value or gradient get a `NON-FINITE` flag in a last column.
    public func tableText(extraColumns: [(name: String, cells: [String])] = []) -> String {
        var extraColumns = extraColumns
        if nodes.contains(where: { !$0.data.isFinite || !$0.grad.isFinite }) {
            extraColumns.append(("flag", nodes.map { $0.data.isFinite && $0.grad.isFinite ? "" : "NON-FINITE" }))
        }
        var rows: [[String]] = [["id", "label", "op", "operands", "data", "grad"] + extraColumns.map(\.name)]
        for node in nodes {
            let operation: String
            if let op = node.operation {
                operation = op == .power ? "pow \(NumberFormat.exact(node.exponent ?? .nan))" : op.name
            } else {
                operation = node.isConstant ? "const" : "input"
            }
            rows.append(
                [
                    "\(node.id)",
                    node.label.map(Self.printable) ?? "",
                    operation,
                    node.operands.map(String.init).joined(separator: ","),
                    NumberFormat.exact(node.data),
                    NumberFormat.exact(node.grad),
                ] + extraColumns.map { $0.cells[node.id] })
        }
        var widths = [Int](repeating: 0, count: rows[0].count)
        for row in rows {
            for (column, cell) in row.enumerated() { widths[column] = max(widths[column], cell.count) }
        }
        let rightAligned = Set([0, 4, 5] + extraColumns.indices.map { $0 + 6 })
        var text = ""
        for row in rows {
            var cells: [String] = []
            for (column, cell) in row.enumerated() {
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                cells.append(rightAligned.contains(column) ? padding + cell : cell + padding)
            }
            text += cells.joined(separator: "  ").reversed().drop(while: { $0 == " " }).reversed() + "\n"
        }
        return text
    }

    /// A label on one line, with control characters made visible.
    static func printable(_ label: String) -> String {
        String(
            String.UnicodeScalarView(label.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7f ? "\u{FFFD}" : $0 })
        )
    }
}
