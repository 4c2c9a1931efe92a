/// A problem in a program's text, with the place it was found.
public struct ParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// 1-based line and column (columns count Unicode scalars).
    public var line: Int
    public var column: Int
    /// What is wrong, in one sentence without a trailing period.
    public var message: String
    /// The text of the offending line, for showing a caret under `column`.
    public var sourceLine: String

    public init(line: Int, column: Int, message: String, sourceLine: String) {
        self.line = line
        self.column = column
        self.message = message
        self.sourceLine = sourceLine
    }

    public var description: String { "\(message) (line \(line), column \(column))" }

    /// Most characters of the offending line shown on each side of the caret.
    public static let excerptRadius = 60

    /// The offending line with a caret under the column, two lines of text.
    ///
    /// A long line is cut to a window around the column, with `…` where text was left out.
    public var excerpt: String {
        let scalars = Array(sourceLine.unicodeScalars)
        let caret = min(max(column - 1, 0), scalars.count)
        let start = max(caret - Self.excerptRadius, 0)
        let end = min(caret + Self.excerptRadius, scalars.count)
        var shown = String(String.UnicodeScalarView(scalars[start..<end]))
        var padding = start > 0 ? " " : ""
        if start > 0 { shown = "…" + shown }
        if end < scalars.count { shown += "…" }
        for scalar in scalars[start..<caret] {
            padding += scalar == "\t" ? "\t" : " "
        }
        return "  \(shown)\n  \(padding)^"
    }
}
