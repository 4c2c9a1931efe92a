import Foundation
/// The text fields of a Graphviz label: record fields, lines of a plain label, or cells and
/// lines of an HTML-like table, with Graphviz's escapes and entities undone.
enum LabelText {
    /// Shapes whose labels Graphviz parses as records (`{ a | b }`).
    static func isRecordShape(_ shape: String) -> Bool {
        let lowered = shape.lowercased()
        return lowered == "record" || lowered == "mrecord"
    }

    static func fields(of label: String, isHTML: Bool, isRecord: Bool) -> [String] {
        if isHTML { return htmlFields(label) }
        var fields: [String] = []
        var current = ""
        var characters = label.makeIterator()
        var inPort = false
        while let character = characters.next() {
            if character == "\\" {
                guard let escaped = characters.next() else { break }
                switch escaped {
                case "n", "l", "r":
                    fields.append(current)
                    current = ""
                default: current.append(escaped)
                }
                continue
            }
            if character.isNewline {
                fields.append(current)
                current = ""
                continue
            }
            if isRecord {
                if inPort {
                    if character == ">" { inPort = false }
                    continue
                }
                switch character {
                case "{", "}", "|":
                    fields.append(current)
                    current = ""
                    continue
                case "<":
                    inPort = true
                    continue
                default: break
                }
            }
            current.append(character)
        }
        fields.append(current)
        return fields.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Cells and lines of an HTML-like label: tags end a field (`<BR/>`, `</TD>`) or vanish,
    /// entities become characters.
    static func htmlFields(_ label: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var tag = ""
        var inTag = false
        for character in label {
            if inTag {
                if character == ">" {
                    inTag = false
                    let name = tag.lowercased().trimmingCharacters(in: .whitespaces)
                    if name.hasPrefix("br") || name.hasPrefix("/td") || name.hasPrefix("/tr") || name.hasPrefix("td")
                        || name.hasPrefix("tr")
                    {
                        fields.append(current)
                        current = ""
                    }
                    tag = ""
                } else {
                    tag.append(character)
                }
            } else if character == "<" {
                inTag = true
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields.map { decodingEntities($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func decodingEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var rest = Substring(text)
        while let ampersand = rest.firstIndex(of: "&") {
            result += rest[..<ampersand]
            let after = rest[rest.index(after: ampersand)...]
            guard let semicolon = after.prefix(10).firstIndex(of: ";") else {
                result.append("&")
                rest = after
                continue
            }
            let name = after[..<semicolon]
            var replacement: Character?
            switch name {
            case "amp": replacement = "&"
            case "lt": replacement = "<"
            case "gt": replacement = ">"
            case "quot": replacement = "\""
            case "apos": replacement = "'"
            case "nbsp": replacement = " "
            default:
                if name.hasPrefix("#x") || name.hasPrefix("#X"), let code = UInt32(name.dropFirst(2), radix: 16),
                    let scalar = Unicode.Scalar(code)
                {
                    replacement = Character(scalar)
                } else if name.hasPrefix("#"), let code = UInt32(name.dropFirst()), let scalar = Unicode.Scalar(code) {
                    replacement = Character(scalar)
                }
            }
            if let replacement {
                result.append(replacement)
                rest = after[after.index(after: semicolon)...]
            } else {
                result.append("&")
                rest = after
            }
        }
        return result + rest
    }

    /// A label shortened for a message.
    static func excerpt(_ text: String) -> String {
        let flat = String(text.map { $0.isNewline ? " " : $0 }.filter { !$0.isASCII || $0.asciiValue! >= 32 })
        return flat.count > 60 ? String(flat.prefix(57)) + "..." : flat
    }
}
