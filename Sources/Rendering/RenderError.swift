/// Why Graphviz could not turn DOT text into an image.
public struct RenderError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Stage: String, Sendable {
        /// The DOT text did not parse.
        case parse
        /// The layout engine failed or reported errors (such as a bad label).
        case layout
        /// The output device failed.
        case render
    }

    public var stage: Stage
    /// Graphviz's own message, trimmed, or a description when it gave none.
    public var message: String

    public init(stage: Stage, message: String) {
        self.stage = stage
        self.message = message
    }

    public var description: String { "Graphviz \(stage.rawValue) failed: \(message)" }
}
