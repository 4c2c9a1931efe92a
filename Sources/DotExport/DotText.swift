import Foundation

/// User text made safe for the places it can appear in DOT that Graphviz reads: quoted strings,
/// tooltips and HTML-like labels.
///
/// Used by everything gradviz writes as DOT (graphs and charts), so each rule Graphviz imposes
/// is written once.
public enum DotText {
    /// A DOT double-quoted string.
    ///
    /// Backslashes are doubled so `\N`, `\G` and `\l` in user text stay literal; line breaks
    /// become `\n`.
    public static func quoted(_ string: String) -> String {
        var result = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            case "\r": break
            default:
                if isInvalidInXML(scalar) { result += "\u{FFFD}" } else { result.unicodeScalars.append(scalar) }
            }
        }
        return result + "\""
    }

    /// A tooltip: a quoted string whose backslashes are doubled twice (Graphviz 2.42 unescapes
    /// tooltips twice: `\\\\N` in the DOT text shows `\\N`, `\\\\N` would show the node's name)
    /// and whose `&` is written `&amp;`: Graphviz copies an `&…;` entity into the SVG as
    /// markup, so a label `&amp;` would otherwise show as `&`.
    ///
    /// Measured: a character reference for `\\` does not work, Graphviz decodes it before
    /// expanding `\\N`.
    public static func tooltip(_ string: String) -> String {
        var escaped = ""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "\\": escaped += "\\\\"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return quoted(escaped)
    }

    /// Characters an XML document cannot hold (Graphviz writes SVG and fails on them):
    /// controls other than line breaks, DEL, and the non-characters U+FFFE and U+FFFF.
    public static func isInvalidInXML(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value < 0x20 || value == 0x7f || value == 0xFFFE || value == 0xFFFF
    }

    /// Text inside an HTML-like label: XML entities, doubled backslashes (Graphviz expands
    /// `\N` and friends there too), `<BR/>` for line breaks, and control characters, which
    /// XML cannot hold (and U+FFFE, U+FFFF), replaced by U+FFFD.
    public static func html(_ string: String) -> String {
        var result = ""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            // Graphviz 2.42's HTML-label lexer reports a syntax error on a bare `]` (found by
            // the label property test); as a character reference it passes through.
            case "]": result += "&#93;"
            case "\\": result += "\\\\"
            case "\n": result += "<BR/>"
            case "\r": break
            default:
                if isInvalidInXML(scalar) { result += "\u{FFFD}" } else { result.unicodeScalars.append(scalar) }
            }
        }
        return result
    }

    /// A number for a DOT attribute (coordinates, widths): two decimals, never `-0.00`.
    public static func number(_ value: Double) -> String {
        let text = String(format: "%.2f", value)
        return text == "-0.00" ? "0.00" : text
    }
}
