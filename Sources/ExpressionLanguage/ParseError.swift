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

    /// The offending line with a caret under the column, two lines of text.
    public var excerpt: String {
        var padding = ""
        for scalar in sourceLine.unicodeScalars.prefix(max(column - 1, 0)) {
            padding += scalar == "\t" ? "\t" : " "
        }
        return "  \(sourceLine)\n  \(padding)^"
    }
}
