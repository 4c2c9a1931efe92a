/// JSON text pieces written the same way everywhere gradviz writes JSON.
public enum JSONText {
    /// A number that reads back as the same `Double`; NaN and infinities as the strings
    /// `"nan"`, `"inf"`, `"-inf"` (JSON has no such numbers).
    public static func number(_ value: Double) -> String {
        value.isFinite ? NumberFormat.exact(value) : "\"\(NumberFormat.exact(value))\""
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped.
    ///
    /// With `forScript`, also `<`, `>`, `&`, U+2028 and U+2029, so the literal can sit inside
    /// an HTML `<script>` (no `</script>`, no line terminator JavaScript would choke on).
    public static func string(_ string: String, forScript: Bool = false) -> String {
        var result = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                let unsafeInScript = forScript && ["<", ">", "&", "\u{2028}", "\u{2029}"].contains(scalar)
                if scalar.value < 0x20 || unsafeInScript {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
