import GraphModel

/// One number of a weights file: a JSON number, or for values JSON cannot hold the strings
/// `"nan"`, `"inf"` and `"-inf"` (as the graph JSON writes them).
struct WeightNumber: Decodable {
    var value: Double

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Double.self) {
            value = number
            return
        }
        switch try container.decode(String.self) {
        case "nan": value = .nan
        case "inf": value = .infinity
        case "-inf": value = -.infinity
        default:
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a number, \"nan\", \"inf\" or \"-inf\"")
        }
    }

    /// `value` as JSON: a number, or a string for NaN and the infinities.
    static func json(_ value: Double) -> String {
        value.isFinite ? NumberFormat.exact(value) : "\"\(NumberFormat.exact(value))\""
    }
}
