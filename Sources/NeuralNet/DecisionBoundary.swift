import Autograd

/// A two-feature classifier's score over the plane around its data: what a decision-boundary
/// plot shades, with the data points to draw on top (Plots' `BoundaryPlot` draws it).
public struct DecisionBoundary: Sendable {
    /// Why a boundary cannot be computed.
    public enum Problem: Error, Equatable, Sendable {
        /// The data does not have exactly two features (how many it has).
        case notTwoFeatures(Int)
        /// A feature is not finite or so large (1e300 and up) that the plane overflows.
        case nonFiniteData
    }

    /// The plane covered: the data's range with a margin on each side.
    public var xRange: ClosedRange<Double>
    public var yRange: ClosedRange<Double>
    /// `scores[row][column]`: the model's output at the centre of each cell of a square grid
    /// over `xRange × yRange`, row 0 at the bottom.
    public var scores: [[Double]]
    /// The samples' two features and targets.
    public var points: [(x: Double, y: Double, target: Double)]

    /// Evaluates `model` at the centre of each of `cells × cells` cells over `data`'s range
    /// widened by `margin` on every side (micrograd's demo: 0.5).
    public init(model: MLP, data: Dataset, cells: Int = 64, margin: Double = 0.5) throws(Problem) {
        precondition(cells > 0, "a grid needs cells")
        guard data.featureCount == 2 else { throw .notTwoFeatures(data.featureCount) }
        let xs = data.inputs.map { $0[0] }
        let ys = data.inputs.map { $0[1] }
        guard (xs + ys).allSatisfy({ $0.isFinite && abs($0) < 1e300 }) else { throw .nonFiniteData }
        let xRange = ((xs.min() ?? 0) - margin)...((xs.max() ?? 1) + margin)
        let yRange = ((ys.min() ?? 0) - margin)...((ys.max() ?? 1) + margin)
        func coordinate(_ index: Int, in range: ClosedRange<Double>) -> Double {
            range.lowerBound + (Double(index) + 0.5) / Double(cells) * (range.upperBound - range.lowerBound)
        }
        var scores: [[Double]] = []
        for row in 0..<cells {
            let y = coordinate(row, in: yRange)
            scores.append(
                (0..<cells).map { column in
                    model.resetGraph()
                    let output = model([model.tape.leaf(coordinate(column, in: xRange)), model.tape.leaf(y)])[0]
                    return model.tape.data(output)
                })
        }
        model.resetGraph()
        self.xRange = xRange
        self.yRange = yRange
        self.scores = scores
        self.points = data.inputs.indices.map { (x: xs[$0], y: ys[$0], target: data.targets[$0]) }
    }
}
