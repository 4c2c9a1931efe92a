/// One number of a weights file: a JSON number, or for values JSON cannot hold the strings
/// `"nan"`, `"inf"` and `"-inf"` (as the graph JSON writes them, `JSONText.number`).
struct WeightNumber: Decodable {
    var value: Double

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Double.self) {
            value = number
            return
        }
        // A string stands only for a number JSON cannot write.
        guard let number = NumberText.number(try container.decode(String.self)), !number.isFinite else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected a number, \"nan\", \"inf\" or \"-inf\"")
        }
        value = number
    }
}
