import Foundation
import GraphModel

/// A value node's label as draw_dot-style code writes it: an optional name, then `data` and
/// `grad` numbers in any of the usual spellings (`data 2.0000`, `data: 2.0000`, `data=2.0`).
struct ValueLabel {
    struct Number {
        var value: Double
        /// Half a unit in the last printed place (see ``PrintedPrecision``).
        var uncertainty: Double
    }

    var name: String?
    var data: Number
    var grad: Number

    /// The value a label's fields describe, `nil` when they name neither data nor grad (an
    /// operation node), and an error when only one of them is there.
    init?(fields: [String], node: String) throws(ImportError) {
        var data: Number?
        var grad: Number?
        var name: String?
        // A keyword alone in its field with the number in the next (`{ data | 7.0 }`).
        var joined: [String] = []
        var position = 0
        while position < fields.count {
            let word = fields[position].lowercased()
            if Self.keywords.contains(word), position + 1 < fields.count,
                Self.number(Substring(fields[position + 1])) != nil
            {
                joined.append(fields[position] + " " + fields[position + 1])
                position += 2
            } else {
                joined.append(fields[position])
                position += 1
            }
        }
        for field in joined {
            let tokens = field.split { $0 == " " || $0 == ":" || $0 == "=" || $0 == "," || $0 == "\t" }
            var consumed = false
            var index = 0
            while index < tokens.count {
                let word = tokens[index].lowercased()
                let isData = word == "data" || word == "value" || word == "val"
                let isGrad = word == "grad" || word == "gradient"
                if (isData || isGrad), index + 1 < tokens.count, let number = Self.number(tokens[index + 1]) {
                    if isData { data = number } else { grad = number }
                    consumed = true
                    index += 2
                    continue
                }
                index += 1
            }
            if !consumed && name == nil && Self.number(Substring(field)) == nil { name = field }
        }
        switch (data, grad) {
        case (nil, nil): return nil
        case (let data?, let grad?):
            self.name = name
            self.data = data
            self.grad = grad
        case (nil, _): throw ImportError("node \(node): the label has a grad but no data")
        case (_, nil):
            throw ImportError("node \(node): the label has data but no grad (draw the graph after backward())")
        }
    }

    static let keywords: Set<String> = ["data", "value", "val", "grad", "gradient"]

    /// A number as printed: decimal or scientific, or nan/inf.
    static func number(_ text: Substring) -> Number? {
        let lowered = text.lowercased()
        switch lowered {
        case "nan", "+nan", "-nan": return Number(value: .nan, uncertainty: 0)
        case "inf", "+inf", "infinity", "+infinity": return Number(value: .infinity, uncertainty: 0)
        case "-inf", "-infinity": return Number(value: -.infinity, uncertainty: 0)
        default: break
        }
        guard let first = text.first, first.isNumber || first == "-" || first == "+" || first == "." else { return nil }
        guard let value = Double(text) else { return nil }
        return Number(value: value, uncertainty: PrintedPrecision.uncertainty(ofNumberText: text))
    }
}
