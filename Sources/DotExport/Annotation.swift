/// Extra lines drawn inside a value's table: a numeric gradient, an expected value, the step of
/// the backward pass that visited it.
///
/// Problems are drawn in red.
public struct Annotation: Sendable, Equatable {
    public var lines: [String]
    public var isProblem: Bool

    public init(_ lines: [String], isProblem: Bool = false) {
        self.lines = lines
        self.isProblem = isProblem
    }
}
