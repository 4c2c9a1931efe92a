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
        /// Every step, on both sides and at every size tried, left the domain of an operation
        /// (a non-finite value where the node's own value is finite): the gradient could not
        /// be compared. Not a failure.
        case outsideDomain = "step left the domain"
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

    /// How many results have each status.
    public func count(_ status: Status) -> Int { results.lazy.filter { $0.status == status }.count }

    /// Checks every node of `snapshot` (its `grad`s against differences of its forward pass).
    ///
    /// The first difference is central with `h = step * max(1, |x|)`. When it does not
    /// match, the step may be too large for the value (`1/x` at 1e-9) or cross the edge of a
    /// domain (`log(x)` at 1e-9, `x ** 0.5` at 1e-8): gradviz then tries a step relative to the
    /// value (`step * |x|`), and where one side leaves the domain (a non-finite value) a
    /// one-sided second-order difference on the other side. Only when every step leaves the
    /// domain is the node reported as ``Status/outsideDomain`` instead of being compared.
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
        func passes(_ analytic: Double, _ numeric: Double) -> Bool {
            let absolute = abs(analytic - numeric)
            let scale = max(abs(analytic), abs(numeric))
            return absolute <= absoluteTolerance || (scale > 0 ? absolute / scale : 0) <= relativeTolerance
        }
        var results: [Result] = []
        for node in snapshot.nodes {
            let x = data[node.id]
            let h = step * max(1, abs(x))
            let rootValue = { (value: Double) in snapshot.rootValue(setting: node.id, to: value, data: data) }
            let up = rootValue(x + h)
            let down = rootValue(x - h)
            var numeric = (up - down) / (2 * h)
            let analytic = node.grad
            var status: Status
            if !analytic.isFinite || !numeric.isFinite {
                status = analytic.isNaN && numeric.isNaN || analytic == numeric ? .ok : .nonFinite
            } else if passes(analytic, numeric) {
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
            let leftDomain = base.isFinite && analytic.isFinite && (!up.isFinite || !down.isFinite)
            if (status == .mismatch || status == .nonSmooth || leftDomain) && base.isFinite && analytic.isFinite {
                let closer = Self.closerLook(
                    at: x, step: step, wideStep: h, base: base, leftDomain: leftDomain, rootValue: rootValue)
                if let match = closer.first(where: { passes(analytic, $0) }) {
                    numeric = match
                    status = .ok
                } else if leftDomain {
                    if let estimate = closer.first {
                        numeric = estimate
                        status = .mismatch
                    } else {
                        status = .outsideDomain
                    }
                }
            }
            let absolute = abs(analytic - numeric)
            let scale = max(abs(analytic), abs(numeric))
            results.append(
                Result(
                    id: node.id, analytic: analytic, numeric: numeric, absoluteError: absolute,
                    relativeError: scale > 0 ? absolute / scale : 0, status: status))
        }
        self.results = results
    }

    /// Finite estimates of the slope at `x` with smaller steps, best first: central with a step
    /// relative to the value, then (when a side of the first difference left the domain)
    /// one-sided second-order differences, `(-3f(x) + 4f(x+s) - f(x+2s)) / 2s`, on whichever
    /// side stays inside, with steps shrinking toward the edge.
    static func closerLook(
        at x: Double, step: Double, wideStep: Double, base: Double, leftDomain: Bool,
        rootValue: (Double) -> Double
    ) -> [Double] {
        var estimates: [Double] = []
        let relative = step * abs(x)
        let useRelative = relative > 0 && relative < wideStep
        if useRelative {
            let up = rootValue(x + relative)
            let down = rootValue(x - relative)
            let central = (up - down) / (2 * relative)
            if up.isFinite && down.isFinite && central.isFinite { estimates.append(central) }
        }
        guard leftDomain else { return estimates }
        let steps = (useRelative ? [relative] : []) + [wideStep, wideStep * 1e-3, wideStep * 1e-6]
        for size in steps where size > 0 && x + 2 * size != x {
            for direction in [1.0, -1.0] {
                let near = rootValue(x + direction * size)
                let far = rootValue(x + direction * 2 * size)
                guard near.isFinite && far.isFinite else { continue }
                let slope = direction * (-3 * base + 4 * near - far) / (2 * size)
                if slope.isFinite { estimates.append(slope) }
            }
        }
        return estimates
    }
}
