// MARK: - The gradviz-graph JSON interchange format

extension GraphSnapshot {
    /// The name in every file's `"format"` field.
    public static let jsonFormatName = "gradviz-graph"
    public static let jsonVersion = 1

    /// The snapshot as gradviz-graph JSON, one node per line, keys in a fixed order.
    ///
    /// ```json
    /// {"format": "gradviz-graph", "version": 1, "root": 2, "nodes": [
    ///   {"id": 0, "label": "a", "op": null, "operands": [], "data": 2.0, "grad": 3.0},
    ///   ...
    /// ]}
    /// ```
    ///
    /// Numbers are written so they read back as the same `Double`; NaN and infinities, which
    /// JSON cannot hold, are the strings `"nan"`, `"inf"` and `"-inf"`.
    public func jsonText() -> String {
        var text = "{\n  \"format\": \"\(Self.jsonFormatName)\",\n  \"version\": \(Self.jsonVersion),\n"
        text += "  \"root\": \(root),\n  \"nodes\": [\n"
        for (position, node) in nodes.enumerated() {
            text += "    {\"id\": \(node.id), \"label\": \(node.label.map(Self.jsonString) ?? "null"), "
            text += "\"op\": \(node.operation.map { Self.jsonString($0.name) } ?? "null"), "
            text += "\"operands\": [\(node.operands.map(String.init).joined(separator: ", "))], "
            if let exponent = node.exponent { text += "\"exponent\": \(Self.jsonNumber(exponent)), " }
            text += "\"data\": \(Self.jsonNumber(node.data)), \"grad\": \(Self.jsonNumber(node.grad))}"
            text += position == nodes.count - 1 ? "\n" : ",\n"
        }
        text += "  ]\n}\n"
        return text
    }

    static func jsonNumber(_ value: Double) -> String { JSONText.number(value) }

    static func jsonString(_ string: String) -> String { JSONText.string(string) }
}
