import Foundation
import GraphModel

/// The text fields of a Graphviz label: record fields, lines of a plain label, or cells and
/// lines of an HTML-like table, with Graphviz's escapes and entities undone.
enum LabelText {
    /// Shapes whose labels Graphviz parses as records (`{ a | b }`).
    static func isRecordShape(_ shape: String) -> Bool {
        let lowered = shape.lowercased()
        return lowered == "record" || lowered == "mrecord"
    }

    /// A plain or record label's fields, read byte by byte (every character that separates
    /// fields is ASCII): `\n`, `\l`, `\r` and real line breaks (LF, CR or CRLF) end a field, as
    /// do record braces and bars; record ports (`<p>`) vanish; other escapes keep their
    /// character.
    ///
    /// Fields are trimmed of spaces and tabs; empty ones are dropped.
    static func fields(of rawLabel: String, isHTML: Bool, isRecord: Bool) -> [String] {
        if isHTML { return htmlFields(rawLabel) }
        let label = rawLabel.contains("&#") ? backslashEntitiesAsEscapes(rawLabel) : rawLabel
        var fields: [String] = []
        var current: [UInt8] = []
        func finish() {
            var start = 0
            var end = current.count
            while start < end && (current[start] == 0x20 || current[start] == 0x09) { start += 1 }
            while end > start && (current[end - 1] == 0x20 || current[end - 1] == 0x09) { end -= 1 }
            if start < end { fields.append(String(decoding: current[start..<end], as: UTF8.self)) }
            current.removeAll(keepingCapacity: true)
        }
        var bytes = label.utf8.makeIterator()
        var inPort = false
        while let byte = bytes.next() {
            if byte == UInt8(ascii: "\\") {
                guard let escaped = bytes.next() else { break }
                switch escaped {
                case UInt8(ascii: "n"), UInt8(ascii: "l"), UInt8(ascii: "r"): finish()
                default: current.append(escaped)
                }
                continue
            }
            if byte == 0x0A || byte == 0x0D {
                finish()
                continue
            }
            if isRecord {
                if inPort {
                    if byte == UInt8(ascii: ">") { inPort = false }
                    continue
                }
                switch byte {
                case UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "|"):
                    finish()
                    continue
                case UInt8(ascii: "<"):
                    inPort = true
                    continue
                default: break
                }
            }
            current.append(byte)
        }
        finish()
        return fields
    }

    /// Graphviz turns a label's entities into characters before it reads its escapes, so a
    /// backslash written as an entity still starts one: `d&#92;ng 1.0` is two lines
    /// (irobot/micrograd-rs).
    ///
    /// Only `&#92;` (and `&#x5c;`) before `n`, `l`, `r` is undone here; other entities stay as
    /// written, so an entity bar `&#124;` never splits a record.
    static func backslashEntitiesAsEscapes(_ label: String) -> String {
        var result = label
        for entity in ["&#92;", "&#x5c;", "&#x5C;", "&#X5c;", "&#X5C;"] where result.contains(entity) {
            for letter in ["n", "l", "r"] {
                result = result.replacingOccurrences(of: entity + letter, with: "\\" + letter)
            }
        }
        return result
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
                    let name = tag.lowercased().trimmingSpaces()
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
        return fields.map { decodingEntities($0).trimmingSpaces() }.filter { !$0.isEmpty }
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
        let flat = String(text.map { $0.isNewline ? " " : $0 }.filter { !$0.isASCII || ($0.asciiValue ?? 0) >= 32 })
        return flat.count > 60 ? String(flat.prefix(57)) + "..." : flat
    }
}
