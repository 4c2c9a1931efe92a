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

extension EngineNumbers {
    /// Whether `other` holds the same numbers bit for bit (a NaN is identical to the same NaN).
    func isIdentical(to other: EngineNumbers) -> Bool {
        count == other.count
            && zip(data, other.data).allSatisfy { $0.bitPattern == $1.bitPattern }
            && zip(grads, other.grads).allSatisfy { $0.bitPattern == $1.bitPattern }
    }
}
