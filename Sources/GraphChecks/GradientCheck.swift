public import GraphModel

/// Every node's gradient checked against a central finite difference: the node's value is
/// nudged up and down and the graph recomputed forward from it.
public struct GradientCheck: Sendable {
    public enum Status: String, Sendable {
        case ok
        case mismatch
        /// The difference straddles a kink (relu at 0): the two one-sided slopes disagree and
        /// the analytic gradient matches one of them. Not a failure.
        case nonSmooth = "non-smooth"
        /// The gradient or the difference is NaN or infinite.
        case nonFinite = "non-finite"
    }

    public struct Result: Sendable {
        public var id: Int
        public var analytic: Double
        public var numeric: Double
        public var absoluteError: Double
        public var relativeError: Double
        public var status: Status
    }

    public var results: [Result]
    /// The results that fail a check: a mismatch, or a non-finite gradient or difference.
    public var failures: [Result] { results.filter { $0.status == .mismatch || $0.status == .nonFinite } }

    /// Checks every node of `snapshot` (its `grad`s against differences of its forward pass).
    /// - Parameters:
    ///   - snapshot: the graph, with the gradients to check.
    ///   - absoluteTolerance: a node passes when its absolute error is within this…
    ///   - relativeTolerance: …or its relative error within this.
    ///   - step: relative size of the nudge (`h = step * max(1, |x|)`).
    public init(
        snapshot: GraphSnapshot, absoluteTolerance: Double = 1e-6, relativeTolerance: Double = 1e-5, step: Double = 1e-6
    ) {
        let data = snapshot.forwardData()
        let base = data[snapshot.root]
        var results: [Result] = []
        for node in snapshot.nodes {
            let x = data[node.id]
            let h = step * max(1, abs(x))
            let up = snapshot.rootValue(setting: node.id, to: x + h, data: data)
            let down = snapshot.rootValue(setting: node.id, to: x - h, data: data)
            let numeric = (up - down) / (2 * h)
            let analytic = node.grad
            let absolute = abs(analytic - numeric)
            let scale = max(abs(analytic), abs(numeric))
            let relative = scale > 0 ? absolute / scale : 0
            var status: Status
            if !analytic.isFinite || !numeric.isFinite {
                status = analytic.isNaN && numeric.isNaN || analytic == numeric ? .ok : .nonFinite
            } else if absolute <= absoluteTolerance || relative <= relativeTolerance {
                status = .ok
            } else {
                status = .mismatch
                // One-sided slopes that disagree mean a kink inside [x - h, x + h].
                let right = (up - base) / h
                let left = (base - down) / h
                let kink = abs(right - left) > max(absoluteTolerance, relativeTolerance * max(abs(right), abs(left)))
                let matchesOneSide =
                    abs(analytic - right) <= max(absoluteTolerance, relativeTolerance * abs(right)) * 10
                    || abs(analytic - left) <= max(absoluteTolerance, relativeTolerance * abs(left)) * 10
                if kink && matchesOneSide { status = .nonSmooth }
            }
            results.append(
                Result(
                    id: node.id, analytic: analytic, numeric: numeric, absoluteError: absolute, relativeError: relative,
                    status: status))
        }
        self.results = results
    }
}
