/// What an engine computed for a program: every statement's data and grad, in statement order.
public struct EngineNumbers: Sendable, Equatable {
    public var data: [Double]
    public var grads: [Double]

    public init(data: [Double], grads: [Double]) {
        precondition(data.count == grads.count, "one data and one grad per statement")
        self.data = data
        self.grads = grads
    }

    public var count: Int { data.count }
}
