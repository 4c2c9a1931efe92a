/// How the command line reads numbers the user writes and shows fractions: one parser for
/// every number option and file value that may be `nan` or infinite, one percentage format.
enum NumberText {
    /// A decimal number, or `nan`, `inf`, `+inf`, `-inf`, `infinity`, `-infinity` (any case):
    /// `--set` values and the strings of a weights file, for checking how a graph handles them.
    ///
    /// `nil` for anything else (hexadecimal and `Double`'s other spellings included).
    static func number(_ text: String) -> Double? {
        switch text.lowercased() {
        case "nan": return .nan
        case "inf", "+inf", "infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        default:
            guard text.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }) else { return nil }
            return Double(text)
        }
    }

    /// A fraction as a percentage with one decimal: `0.855` is `85.5%`.
    static func percent(_ fraction: Double) -> String {
        let tenths = Int((fraction * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }

    /// A count and its noun, singular for 1: `1 step`, `100 steps`.
    static func count(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }
}
