import Autograd
import Foundation

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
    ///
    /// With several outputs (one per class), the softmax probability of the winning class.
    public var scores: [[Double]]
    /// With several outputs: `classes[row][column]`, the class with the largest output in each
    /// cell; empty for a one-output model.
    public var classes: [[Int]]
    /// The model's number of outputs (classes when there are more than one).
    public var outputCount: Int
    /// The samples' two features and targets.
    public var points: [(x: Double, y: Double, target: Double)]

    /// Cells along each side of the grid `--boundary` draws.
    public static let defaultCells = 64

    /// The plane around two-feature `data`: its range widened by `margin` on every side.
    public static func plane(
        of data: Dataset, margin: Double = 0.5
    ) throws(Problem) -> (xRange: ClosedRange<Double>, yRange: ClosedRange<Double>) {
        guard data.featureCount == 2 else { throw .notTwoFeatures(data.featureCount) }
        let xs = data.inputs.map { $0[0] }
        let ys = data.inputs.map { $0[1] }
        guard (xs + ys).allSatisfy({ $0.isFinite && abs($0) < 1e300 }) else { throw .nonFiniteData }
        return (
            ((xs.min() ?? 0) - margin)...((xs.max() ?? 1) + margin),
            ((ys.min() ?? 0) - margin)...((ys.max() ?? 1) + margin)
        )
    }

    /// Evaluates `model` at the centre of each of `cells × cells` cells over `data`'s range
    /// widened by `margin` on every side (micrograd's demo: 0.5).
    public init(model: MLP, data: Dataset, cells: Int = defaultCells, margin: Double = 0.5) throws(Problem) {
        precondition(cells > 0, "a grid needs cells")
        let (xRange, yRange) = try Self.plane(of: data, margin: margin)
        func coordinate(_ index: Int, in range: ClosedRange<Double>) -> Double {
            range.lowerBound + (Double(index) + 0.5) / Double(cells) * (range.upperBound - range.lowerBound)
        }
        let outputCount = model.layerSizes.last ?? 1
        var scores: [[Double]] = []
        var classes: [[Int]] = []
        for row in 0..<cells {
            let y = coordinate(row, in: yRange)
            var scoreRow: [Double] = []
            var classRow: [Int] = []
            for column in 0..<cells {
                model.resetGraph()
                let outputs = model([model.tape.leaf(coordinate(column, in: xRange)), model.tape.leaf(y)])
                guard outputCount > 1 else {
                    scoreRow.append(model.tape.data(outputs[0]))
                    continue
                }
                let winner = model.predictedClass(outputs)
                let values = outputs.map { model.tape.data($0) }
                let top = values[winner]
                // Softmax probability of the winner: 1 / Σ exp(z − z_winner).
                let total = values.reduce(0.0) { $0 + Foundation.exp($1 - top) }
                scoreRow.append(1 / total)
                classRow.append(winner)
            }
            scores.append(scoreRow)
            if outputCount > 1 { classes.append(classRow) }
        }
        model.resetGraph()
        self.classes = classes
        self.outputCount = outputCount
        self.xRange = xRange
        self.yRange = yRange
        self.scores = scores
        self.points = data.inputs.indices.map {
            (x: data.inputs[$0][0], y: data.inputs[$0][1], target: data.targets[$0])
        }
    }
}
