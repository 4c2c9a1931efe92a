public import GraphModel

/// A graph's numbers checked locally: every value against its operation applied to its
/// operands' values as the file gives them (a forward bug shows at the node where it
/// happens, not at everything after it), and every gradient against the sum of what its
/// users send back, computed from the file's own values and gradients (a backward bug shows at
/// the node that received the wrong amount, not at everything before it).
///
/// Numbers written with few digits (micrograd's `draw_dot` prints `%.4f`) are checked with
/// a tolerance derived from the printed precision: each printed number stands for any value
/// within half a unit of its last digit, and that uncertainty is carried through the
/// operation (or the backward step) by evaluating it at the corners of the operands' ranges.
public struct Verification: Sendable {
    public enum Quantity: String, Sendable { case data, grad }

    public struct Mismatch: Sendable, Equatable {
        public var id: Int
        public var quantity: Quantity
        public var expected: Double
        public var found: Double
        /// How far apart the two may be before they differ (0: exact numbers, only the
        /// absolute and relative tolerances apply).
        public var tolerance: Double

        public init(id: Int, quantity: Quantity, expected: Double, found: Double, tolerance: Double = 0) {
            self.id = id
            self.quantity = quantity
            self.expected = expected
            self.found = found
            self.tolerance = tolerance
        }
    }

    public var mismatches: [Mismatch]
    /// Each node's value as its operation gives it from the file's operand values (leaves:
    /// the file's value).
    public var expectedData: [Double]
    /// Each node's gradient as the sum of what its users send back (the root: 1; nodes the
    /// root does not depend on: 0).
    public var expectedGrads: [Double]

    /// - Parameters:
    ///   - snapshot: the graph another engine computed, with its own data and grads.
    ///   - absoluteTolerance: the difference from the expected number always allowed.
    ///   - relativeTolerance: the difference allowed relative to the larger of the two numbers
    ///     (the larger allowance counts, plus what printed rounding explains).
    ///   - printed: how precisely the file wrote each number; `nil` for exact numbers.
    ///   - rule: check against one of the catalogue's wrong rules instead of the right ones
    ///     (how gradviz tells which mistake an engine's numbers are exactly those of); rules
    ///     that change the order of the backward pass (`recursive`) cannot be checked locally.
    public init(
        snapshot: GraphSnapshot, absoluteTolerance: Double = 1e-12, relativeTolerance: Double = 1e-9,
        printed: PrintedPrecision? = nil, rule: WrongRule? = nil
    ) {
        let nodes = snapshot.nodes
        let data = nodes.map(\.data)
        let grads = nodes.map(\.grad)
        let noUncertainty = [Double](repeating: 0, count: nodes.count)
        let dataUncertainty = printed?.data ?? noUncertainty
        let gradUncertainty = printed?.grad ?? noUncertainty

        var expectedData = data
        var dataTolerance = noUncertainty
        var expectedGrads = noUncertainty
        var gradTolerance = gradUncertainty
        let upstream = snapshot.upstreamOfRoot()
        expectedGrads[snapshot.root] = 1
        // With `grad =` instead of `grad +=`, the amount that stays is the last one sent. Which
        // user's backward runs last depends on the engine's topological order (micrograd's runs
        // users from the last made to the first, so the first user's stays), so every user's
        // amount is a candidate: the one the file's number matches is taken (the first user's,
        // its later slot for `a + a`, when none does).
        var sent = [[(user: Int, amount: Double, spread: Double)]](
            repeating: [], count: rule == .overwrite ? nodes.count : 0)
        func receive(_ amount: Double, _ spread: Double, at operand: Int, from user: Int) {
            if rule == .overwrite {
                sent[operand].append((user, amount, spread))
                return
            }
            expectedGrads[operand] += amount
            gradTolerance[operand] += spread
        }

        for node in nodes {
            guard let operation = node.operation, !node.operands.isEmpty else { continue }
            let exponent = node.exponent ?? 0
            let g = grads[node.id]
            if node.isNarySum {
                expectedData[node.id] = node.operands.dropFirst().reduce(data[node.operands[0]]) { $0 + data[$1] }
                dataTolerance[node.id] = dataUncertainty[node.id] + node.operands.reduce(0) { $0 + dataUncertainty[$1] }
                if upstream[node.id] {
                    for operand in node.operands { receive(g, gradUncertainty[node.id], at: operand, from: node.id) }
                }
                continue
            }
            let first = node.operands[0]
            let second = node.operands.count > 1 ? node.operands[1] : nil
            let a = data[first]
            let b = second.map { data[$0] } ?? 0
            let ua = dataUncertainty[first]
            let ub = second.map { dataUncertainty[$0] } ?? 0
            expectedData[node.id] = WrongRule.forward(rule, operation, a, b, exponent: exponent)
            dataTolerance[node.id] =
                dataUncertainty[node.id]
                + Self.spread(center: [a, b], uncertainty: [ua, ub]) {
                    WrongRule.forward(rule, operation, $0[0], $0[1], exponent: exponent)
                }
            guard upstream[node.id] else { continue }
            let output = data[node.id]
            let center = [a, b, output, g]
            let uncertainty = [ua, ub, dataUncertainty[node.id], gradUncertainty[node.id]]
            let (toFirst, toSecond) = WrongRule.contributions(
                rule, operation, a, b, output: output, exponent: exponent, grad: g)
            let firstSpread = Self.spread(center: center, uncertainty: uncertainty) {
                WrongRule.contributions(rule, operation, $0[0], $0[1], output: $0[2], exponent: exponent, grad: $0[3]).0
            }
            receive(toFirst, firstSpread, at: first, from: node.id)
            if let second {
                let secondSpread = Self.spread(center: center, uncertainty: uncertainty) {
                    WrongRule.contributions(
                        rule, operation, $0[0], $0[1], output: $0[2], exponent: exponent, grad: $0[3]
                    ).1
                }
                receive(toSecond, secondSpread, at: second, from: node.id)
            }
        }

        func differ(_ expected: Double, _ found: Double, by tolerance: Double) -> Bool {
            Self.differs(
                expected, found, by: tolerance, absoluteTolerance: absoluteTolerance,
                relativeTolerance: relativeTolerance)
        }
        if rule == .overwrite {
            for (operand, amounts) in sent.enumerated() where !amounts.isEmpty {
                // micrograd's: the first user (in graph order), its later slot.
                let firstUser = amounts[0].user
                let micrograds = amounts.last(where: { $0.user == firstUser }) ?? amounts[0]
                let fits = { (candidate: (user: Int, amount: Double, spread: Double)) in
                    !differ(candidate.amount, grads[operand], by: gradUncertainty[operand] + candidate.spread)
                }
                let chosen = fits(micrograds) ? micrograds : amounts.first(where: fits) ?? micrograds
                expectedGrads[operand] = chosen.amount
                gradTolerance[operand] = gradUncertainty[operand] + chosen.spread
            }
        }
        var mismatches: [Mismatch] = []
        for node in nodes {
            if node.operation != nil && !node.operands.isEmpty
                && differ(expectedData[node.id], node.data, by: dataTolerance[node.id])
            {
                mismatches.append(
                    Mismatch(
                        id: node.id, quantity: .data, expected: expectedData[node.id], found: node.data,
                        tolerance: dataTolerance[node.id]))
            }
            if differ(expectedGrads[node.id], node.grad, by: gradTolerance[node.id]) {
                mismatches.append(
                    Mismatch(
                        id: node.id, quantity: .grad, expected: expectedGrads[node.id], found: node.grad,
                        tolerance: gradTolerance[node.id]))
            }
        }
        self.mismatches = mismatches
        self.expectedData = expectedData
        self.expectedGrads = expectedGrads
    }

    /// Whether a number differs from what was expected by more than the tolerances allow: the
    /// larger of the absolute and relative ones, plus the printed-rounding `tolerance` with a
    /// 25% margin for the second-order terms the corner evaluation can miss.
    ///
    /// NaN matches NaN.
    static func differs(
        _ expected: Double, _ found: Double, by tolerance: Double, absoluteTolerance: Double = 1e-12,
        relativeTolerance: Double = 1e-9
    ) -> Bool {
        if expected.isNaN || found.isNaN { return !(expected.isNaN && found.isNaN) }
        if expected == found { return false }
        let difference = abs(expected - found)
        let allowed = max(absoluteTolerance, relativeTolerance * max(abs(expected), abs(found))) + 1.25 * tolerance
        return !(difference <= allowed)
    }

    /// How far `function` can move from its value at `center` when each argument moves by up to
    /// its uncertainty: the largest change over the corners of that box (arguments with no
    /// uncertainty stay put).
    ///
    /// Corners where the function is not a number are skipped.
    static func spread(center: [Double], uncertainty: [Double], _ function: ([Double]) -> Double) -> Double {
        let varying = uncertainty.indices.filter { uncertainty[$0] > 0 }
        guard !varying.isEmpty else { return 0 }
        let base = function(center)
        guard base.isFinite else { return 0 }
        var largest = 0.0
        var point = center
        for corner in 0..<(1 << varying.count) {
            for (bit, index) in varying.enumerated() {
                point[index] = center[index] + (corner & (1 << bit) == 0 ? -uncertainty[index] : uncertainty[index])
            }
            let value = function(point)
            if value.isFinite { largest = max(largest, abs(value - base)) } else if !value.isNaN { return .infinity }
        }
        return largest
    }
}
