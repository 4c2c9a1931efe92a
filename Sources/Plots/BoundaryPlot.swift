import Foundation

/// A classifier's decision boundary over two features: the plane shaded by the model's score
/// (blue where it predicts +1, red where it predicts -1, paler near the boundary), with the
/// data points on top, like the last picture of micrograd's demo.
public enum BoundaryPlot {
    /// - Parameters:
    ///   - scores: `scores[row][column]` for a `rows × columns` grid over `xRange × yRange`,
    ///     row 0 at the bottom.
    ///   - xRange: the first feature's range, drawn left to right.
    ///   - yRange: the second feature's range, drawn bottom to top.
    ///   - points: the samples' two features and targets.
    ///   - title: the caption under the plot.
    /// - Returns: the plot as DOT text with every node placed, for Graphviz's `nop2` engine to
    ///   draw as it is.
    public static func dot(
        scores: [[Double]], xRange: ClosedRange<Double>, yRange: ClosedRange<Double>,
        points: [(x: Double, y: Double, target: Double)], title: String
    ) -> String {
        draw(
            cells: scores.map { $0.map(shade) }, xRange: xRange, yRange: yRange,
            points: points.map { (x: $0.x, y: $0.y, fill: $0.target > 0 ? classColors[0] : classColors[1]) },
            legend: pointLegend(outputCount: 1), title: title)
    }

    /// What the data points' colours mean: target +1 and −1 for a model with one output, the
    /// first `atMost` classes for one with an output per class.
    public static func pointLegend(outputCount: Int, atMost: Int = 6) -> [(color: String, meaning: String)] {
        guard outputCount > 1 else { return [(classColors[0], "target +1"), (classColors[1], "target −1")] }
        return (0..<min(outputCount, atMost)).map { (classColor($0), "class \($0)") }
    }

    /// A classifier with several classes: each cell coloured by the class it predicts (one
    /// colour per class, paler where the winning probability is low), points by their class.
    ///
    /// - Parameters:
    ///   - classes: `classes[row][column]`, the predicted class of each cell, row 0 at the bottom.
    ///   - confidence: the winning class's probability in each cell (1/K to 1).
    ///   - classCount: K, the number of classes (at least 2 are coloured).
    ///   - xRange: the first feature's range, drawn left to right.
    ///   - yRange: the second feature's range, drawn bottom to top.
    ///   - points: the samples' two features and class indices.
    ///   - title: the caption under the plot.
    /// - Returns: the plot as DOT text with every node placed, for Graphviz's `nop2` engine to
    ///   draw as it is.
    public static func dot(
        classes: [[Int]], confidence: [[Double]], classCount: Int, xRange: ClosedRange<Double>,
        yRange: ClosedRange<Double>, points: [(x: Double, y: Double, target: Double)], title: String
    ) -> String {
        let count = max(classCount, 2)
        let cells = classes.enumerated().map { row, line in
            line.enumerated().map { column, predicted in
                let probability =
                    row < confidence.count && column < confidence[row].count ? confidence[row][column] : .nan
                // 0 at chance (1/K), 1 when certain.
                let strength =
                    probability.isFinite
                    ? min(max((probability - 1 / Double(count)) / (1 - 1 / Double(count)), 0), 1) : 0
                return classShade(predicted, strength: strength)
            }
        }
        return draw(
            cells: cells, xRange: xRange, yRange: yRange,
            points: points.map {
                (x: $0.x, y: $0.y, fill: classColor($0.target.isFinite ? Int(exactly: $0.target.rounded()) ?? -1 : -1))
            },
            legend: pointLegend(outputCount: count), title: title)
    }

    /// The plane as cells of colour (row 0 at the bottom), the points on top, axes, title and
    /// a legend of point colours.
    private static func draw(
        cells: [[String]], xRange: ClosedRange<Double>, yRange: ClosedRange<Double>,
        points: [(x: Double, y: Double, fill: String)], legend: [(color: String, meaning: String)], title: String
    ) -> String {
        let width = 620.0
        let height = 610.0
        let left = 60.0
        let right = 580.0
        let bottom = 55.0
        let top = 530.0
        var canvas = Canvas(width: width, height: height)
        func px(_ x: Double) -> Double {
            left + (x - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * (right - left)
        }
        func py(_ y: Double) -> Double {
            bottom + (y - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound) * (top - bottom)
        }
        let rows = cells.count
        let columns = cells.first?.count ?? 0
        if rows > 0 && columns > 0 {
            let cellWidth = (right - left) / Double(columns)
            let cellHeight = (top - bottom) / Double(rows)
            for row in 0..<rows {
                for column in 0..<min(columns, cells[row].count) {
                    canvas.rectangle(
                        left + (Double(column) + 0.5) * cellWidth, bottom + (Double(row) + 0.5) * cellHeight,
                        width: cellWidth + 0.6, height: cellHeight + 0.6, fill: cells[row][column])
                }
            }
        }
        for point in points {
            canvas.dot(px(point.x), py(point.y), diameter: 8, fill: point.fill, border: "#111827")
        }
        canvas.polyline([(left, top), (left, bottom), (right, bottom), (right, top), (left, top)], color: "#374151")
        let xTicks = niceTicks(xRange.lowerBound, xRange.upperBound)
        let xStep = xTicks.count > 1 ? xTicks[1] - xTicks[0] : 1
        for value in xTicks {
            canvas.polyline([(px(value), bottom), (px(value), bottom - 5)], color: "#374151")
            canvas.text(tickLabel(value, step: xStep), px(value), bottom - 15, size: 9)
        }
        let yTicks = niceTicks(yRange.lowerBound, yRange.upperBound)
        let yStep = yTicks.count > 1 ? yTicks[1] - yTicks[0] : 1
        for value in yTicks {
            canvas.polyline([(left, py(value)), (left - 5, py(value))], color: "#374151")
            canvas.text(tickLabel(value, step: yStep), left - 20, py(value), size: 9)
        }
        canvas.text("x1", (left + right) / 2, bottom - 35, size: 10)
        canvas.text("x2", left - 45, (bottom + top) / 2, size: 10)
        canvas.text(title, width / 2, height - 22, size: 13, bold: true)
        // Legend, right-aligned above the plot.
        var x = right - 80 * Double(legend.count) + 10
        for entry in legend {
            canvas.dot(x, top + 18, diameter: 8, fill: entry.color, border: "#111827")
            canvas.text(entry.meaning, x + 35, top + 18, size: 9)
            x += 80
        }
        return canvas.dotText(name: "boundary")
    }

    /// Point colours of the classes (class 0 blue, 1 red, as the two-class plot; then green,
    /// amber, violet, teal, pink, grey, repeating); grey for what is not a class.
    ///
    /// The plot's colours by name, for pages that shade a boundary themselves (the training
    /// replay): `positiveScore` and `negativeScore` (paled towards zero), `unknown` (nan, no
    /// class), and the class colours in ``classColors``.
    public static let colors: [(name: String, color: String)] = [
        ("positiveScore", positiveScore), ("negativeScore", negativeScore), ("unknown", unknown),
    ]
    static let positiveScore = "#93c5fd"
    static let negativeScore = "#fca5a5"
    static let unknown = "#9ca3af"

    /// A colour per class (target +1 and −1 for one output take the first two).
    public static let classColors = [
        "#1d4ed8", "#dc2626", "#15803d", "#d97706", "#7c3aed", "#0f766e", "#db2777", "#4b5563",
    ]

    static func classColor(_ index: Int) -> String {
        index >= 0 ? classColors[index % classColors.count] : unknown
    }

    /// A cell of class `index`: its colour mixed with white, stronger with `strength` (0...1).
    static func classShade(_ index: Int, strength: Double) -> String {
        mixed(classColor(index), 0.15 + 0.35 * strength)
    }

    /// `color` (`#rrggbb`) mixed with white: `mix` 1 is the colour, 0 white.
    static func mixed(_ color: String, _ mix: Double) -> String {
        var text = "#"
        for offset in [1, 3, 5] {
            let start = color.index(color.startIndex, offsetBy: offset)
            let value = Double(Int(color[start..<color.index(start, offsetBy: 2)], radix: 16) ?? 0)
            text += hex(255 - (255 - value) * mix)
        }
        return text
    }

    static func hex(_ value: Double) -> String {
        let clamped = Int(min(max(value.rounded(), 0), 255))
        let text = String(clamped, radix: 16)
        return text.count == 1 ? "0" + text : text
    }

    /// Blue for positive scores, red for negative, paler towards zero.
    static func shade(_ score: Double) -> String {
        guard score.isFinite else { return unknown }
        let strength = min(abs(score), 2) / 2  // 0 at the boundary, 1 far from it
        return mixed(score >= 0 ? positiveScore : negativeScore, 0.25 + 0.75 * strength)
    }
}
