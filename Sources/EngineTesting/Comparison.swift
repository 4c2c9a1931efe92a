public import GraphChecks

/// Every statement's data and grad from the user's engine against the oracle's, within the
/// rounding tolerance.
public struct Comparison: Sendable {
    /// One number that differs.
    public struct Difference: Sendable, Equatable {
        public var statement: Int
        public var quantity: Verification.Quantity
        public var expected: Double
        public var found: Double
        public var tolerance: Double
    }

    public var expected: EngineNumbers
    public var found: EngineNumbers
    public var tolerance: RoundingTolerance
    /// Differences in statement order, data before grad.
    public var differences: [Difference]

    public init(program: Program, expected: EngineNumbers, found: EngineNumbers) {
        self.expected = expected
        self.found = found
        tolerance = RoundingTolerance(program: program, numbers: expected)
        var differences: [Difference] = []
        for index in program.statements.indices {
            if !RoundingTolerance.agrees(found.data[index], expected.data[index], within: tolerance.data[index]) {
                differences.append(
                    Difference(
                        statement: index, quantity: .data, expected: expected.data[index], found: found.data[index],
                        tolerance: tolerance.data[index]))
            }
            if !RoundingTolerance.agrees(found.grads[index], expected.grads[index], within: tolerance.grads[index]) {
                differences.append(
                    Difference(
                        statement: index, quantity: .grad, expected: expected.grads[index],
                        found: found.grads[index], tolerance: tolerance.grads[index]))
            }
        }
        self.differences = differences
    }

    public var agrees: Bool { differences.isEmpty }

    /// Whether `found` agrees with `expected` everywhere, as ``agrees`` says, without building
    /// the bounds when every number is the same bits (most programs, for most engines).
    public static func agrees(program: Program, expected: EngineNumbers, found: EngineNumbers) -> Bool {
        if Self.identical(expected.data, found.data) && Self.identical(expected.grads, found.grads) { return true }
        return Comparison(program: program, expected: expected, found: found).agrees
    }

    private static func identical(_ a: [Double], _ b: [Double]) -> Bool {
        guard a.count == b.count else { return false }
        for index in a.indices where a[index].bitPattern != b[index].bitPattern { return false }
        return true
    }

    /// Whether a statement's data (or grad) differs.
    public func differs(_ statement: Int, _ quantity: Verification.Quantity) -> Bool {
        differences.contains { $0.statement == statement && $0.quantity == quantity }
    }
}
