/// A graph's numbers checked by recomputing them: every value from the leaves (forward) and
/// every gradient from the root (a correct backward pass over the file's own values, so a
/// wrong forward value does not hide or fake a backward bug).
public struct Verification: Sendable {
    public enum Quantity: String, Sendable { case data, grad }

    public struct Mismatch: Sendable, Equatable {
        public var id: Int
        public var quantity: Quantity
        public var expected: Double
        public var found: Double

        public init(id: Int, quantity: Quantity, expected: Double, found: Double) {
            self.id = id
            self.quantity = quantity
            self.expected = expected
            self.found = found
        }
    }

    public var mismatches: [Mismatch]
    public var expectedData: [Double]
    public var expectedGrads: [Double]

    public init(snapshot: GraphSnapshot, absoluteTolerance: Double = 1e-12, relativeTolerance: Double = 1e-9) {
        let fileData = snapshot.nodes.map(\.data)
        expectedData = snapshot.forwardData()
        expectedGrads = snapshot.backwardGradients(data: fileData)
        func same(_ a: Double, _ b: Double) -> Bool {
            if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
            if a == b { return true }
            let difference = abs(a - b)
            return difference <= absoluteTolerance || difference <= relativeTolerance * max(abs(a), abs(b))
        }
        var mismatches: [Mismatch] = []
        for node in snapshot.nodes {
            if node.operation != nil && !same(expectedData[node.id], node.data) {
                mismatches.append(Mismatch(id: node.id, quantity: .data, expected: expectedData[node.id], found: node.data))
            }
            if !same(expectedGrads[node.id], node.grad) {
                mismatches.append(Mismatch(id: node.id, quantity: .grad, expected: expectedGrads[node.id], found: node.grad))
            }
        }
        self.mismatches = mismatches
    }
}
