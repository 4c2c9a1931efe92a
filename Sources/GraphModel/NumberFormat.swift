import Foundation

/// The fixed ways gradviz writes numbers, so output is the same on every run and machine.
public enum NumberFormat {
    /// Shortest text that reads back as exactly the same `Double` (`0.1`, `24.70408163265306`,
    /// `1e-05`), with `nan`, `inf` and `-inf` for non-finite values.
    public static func exact(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return "\(value)"
    }

    /// An integer when `value` is whole and under 1e15 in magnitude, else ``exact(_:)``'s text.
    ///
    /// `2`, `-3`, `0` for `-0.0`; `0.5`, `1e+19`, `nan`, `inf` otherwise: counts, seconds, plot
    /// coordinates and program constants as a person writes them, and never a trapping
    /// conversion, whatever the value.
    public static func integerOrExact(_ value: Double) -> String {
        guard abs(value) < 1e15, value == value.rounded() else { return exact(value) }
        return String(Int64(value))
    }

    /// Four decimals as micrograd's `draw_dot` shows them (`2.0000`), switching to scientific
    /// notation for magnitudes where four decimals would hide the value (`1.2346e-07`).
    public static func short(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        let magnitude = abs(value)
        if value == 0 { return "0.0000" }
        if magnitude >= 1e-4 && magnitude < 1e7 {
            let text = String(format: "%.4f", value)
            return text == "-0.0000" ? "0.0000" : text
        }
        return String(format: "%.4e", value)
    }
}

extension StringProtocol {
    /// The text without spaces and tabs at either end: what `trimmingCharacters(in:
    /// .whitespaces)` gives, without Foundation's bridging (a quarter of reading a 14 MB DOT
    /// file went there).
    public func trimmingSpaces() -> String {
        func isSpace(_ character: Character) -> Bool { character.isWhitespace && !character.isNewline }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
