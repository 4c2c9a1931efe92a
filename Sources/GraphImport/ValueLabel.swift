import Foundation
import GraphModel

/// A value node's label as draw_dot-style code writes it: an optional name, a `data` number,
/// usually a `grad` number, sometimes the operation that made it, in any of the usual
/// spellings: `data 2.0000`, `data: 2.0000`, `data=2.0`, `v: 2.00`, `d 2.00 | g 1.0`, `∇=1`, `gradient 2.0`, `a = 2` (a
/// graph of values only), a bare number, `op=+`, HTML tables with a header row (`data | grad`
/// above the numbers).
struct ValueLabel {
    struct Number {
        var value: Double
        /// The text as printed, for the precision inferred across the file.
        var text: Substring
    }

    var data: Number
    /// `nil` when the label prints no gradient.
    var grad: Number?
    /// What the label says made the value (`op=+`), if it says so with a keyword.
    var operation: String?
    /// The other fields, in order: the name, or an operation written as a field of its own
    /// (`{ + | d | data 4.0 | grad 1.0 }`), which only a graph without operation nodes uses.
    var extras: [String]

    /// The value a label's fields describe, `nil` when they hold no data number (an operation
    /// node), and an error when they have a grad but no data.
    init?(fields rawFields: [String], node: String) throws(ImportError) {
        // `a | data=2.0 | grad=1.0` outside a record shape: the bars still separate fields.
        let split =
            rawFields.contains { $0.utf8.contains(UInt8(ascii: "|")) }
            ? rawFields.flatMap { $0.split(separator: "|").map { $0.trimmingSpaces() } }.filter { !$0.isEmpty }
            : rawFields
        let fields = Self.pairingKeywords(split)
        var data: Number?
        var grad: Number?
        var operation: String?
        var extras: [String] = []
        var bareNumbers: [Number] = []
        for field in fields {
            let tokens = Self.tokens(of: field)
            var consumed = false
            var index = 0
            while index < tokens.count {
                // A one-letter keyword (`v 2.0`, `d 2.00`, `g 1.0`) is not one in `d = 4`: there
                // it is a value named `d` in a graph that prints values only.
                let word =
                    tokens[index].utf8.count == 1 && field.utf8.contains(UInt8(ascii: "="))
                    ? nil : Self.keyword(tokens[index])
                if word == .data, index + 1 < tokens.count, let number = Self.number(tokens[index + 1]) {
                    data = number
                    consumed = true
                    index += 2
                } else if word == .grad, index + 1 < tokens.count, let number = Self.number(tokens[index + 1]) {
                    grad = number
                    consumed = true
                    index += 2
                } else if word == .name, index == 0, tokens.count > 1 {
                    // `Name: (a + b)`: the rest of the field is the name.
                    extras.append(String(field[tokens[1].startIndex...]))
                    consumed = true
                    index = tokens.count
                } else if word == .operation, index + 1 < tokens.count {
                    operation = tokens[(index + 1)...].joined(separator: " ")
                    consumed = true
                    index = tokens.count
                } else {
                    index += 1
                }
            }
            if consumed { continue }
            if let number = Self.number(Substring(field)) {
                bareNumbers.append(number)
            } else if tokens.count == 2, field.contains("="), let number = Self.number(tokens[1]),
                Self.number(tokens[0]) == nil
            {
                // `a = 2`: a graph that prints values only.
                extras.append(String(tokens[0]))
                bareNumbers.append(number)
            } else if tokens.count >= 2, let number = Self.number(tokens[0]), !field.contains("=") {
                // `-8.00 (*)`: the number, then what made it (attentionmech/gpt.c).
                bareNumbers.append(number)
                extras.append(String(field[tokens[1].startIndex...]))
            } else {
                extras.append(field)
            }
        }
        // A number with no keyword is the data (`12.0 | + | ∇=1`, `a = 2`, a constant `20`).
        if data == nil, let first = bareNumbers.first { data = first }
        guard let data else {
            if grad != nil { throw ImportError("node \(node): the label has a grad but no data") }
            return nil
        }
        self.data = data
        self.grad = grad
        self.operation = operation
        self.extras = extras
    }

    enum Keyword { case data, grad, operation, name }

    static let keywords: [String: Keyword] = [
        "data": .data, "value": .data, "val": .data, "v": .data, "d": .data, "grad": .grad, "g": .grad,
        "gradient": .grad, "∇": .grad,
        "∂": .grad,
        "op": .operation, "operation": .operation, "_op": .operation, "name": .name,
    ]

    /// The keyword a token is, in any letter case (`Data`, `GRAD`).
    static func keyword(_ token: Substring) -> Keyword? {
        guard token.utf8.count <= 9 else { return nil }
        if let exact = keywords[String(token)] { return exact }
        return keywords[token.lowercased()]
    }

    /// A field's words: split at spaces, tabs, `:`, `=` and `,` (all ASCII, so by bytes).
    static func tokens(of field: String) -> [Substring] {
        var tokens: [Substring] = []
        var start: String.Index?
        var index = field.startIndex
        let utf8 = field.utf8
        while index != field.endIndex {
            let byte = utf8[index]
            let separates =
                byte == 0x20 || byte == 0x09 || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "=")
                || byte == UInt8(ascii: ",")
            if separates {
                if let begun = start { tokens.append(field[begun..<index]) }
                start = nil
            } else if start == nil {
                start = index
            }
            index = utf8.index(after: index)
        }
        if let begun = start { tokens.append(field[begun..<field.endIndex]) }
        return tokens
    }

    /// Fields as a human writes a table: a keyword with its number in the next field
    /// (`{ data | 7.0 }`) or a header row of keywords above a row of numbers
    /// (`data | grad` then `2.0 | 1.0`) become `keyword number` fields.
    static func pairingKeywords(_ fields: [String]) -> [String] {
        func isKeyword(_ field: String) -> Bool {
            let word = keyword(Substring(field))
            return word == .data || word == .grad
        }
        var result: [String] = []
        var position = 0
        while position < fields.count {
            var keywords = 0
            while position + keywords < fields.count && isKeyword(fields[position + keywords]) { keywords += 1 }
            guard keywords > 0 else {
                result.append(fields[position])
                position += 1
                continue
            }
            let numbers = fields[(position + keywords)...].prefix(keywords)
            if numbers.count == keywords && numbers.allSatisfy({ number(Substring($0)) != nil }) {
                for offset in 0..<keywords {
                    result.append(fields[position + offset] + " " + fields[position + keywords + offset])
                }
                position += 2 * keywords
            } else {
                result.append(fields[position])
                position += 1
            }
        }
        return result
    }

    /// A number as printed: decimal or scientific, or nan/inf.
    static func number(_ text: Substring) -> Number? {
        switch text.lowercased() {
        case "nan", "+nan", "-nan": return Number(value: .nan, text: text)
        case "inf", "+inf", "infinity", "+infinity", "∞": return Number(value: .infinity, text: text)
        case "-inf", "-infinity", "-∞": return Number(value: -.infinity, text: text)
        default: break
        }
        guard let first = text.first, first.isNumber || first == "-" || first == "+" || first == "." else { return nil }
        guard let value = Double(text) else { return nil }
        return Number(value: value, text: text)
    }
}
