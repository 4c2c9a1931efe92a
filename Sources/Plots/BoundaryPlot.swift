import Foundation

/// A classifier's decision boundary over two features: the plane shaded by the model's score
/// (blue where it predicts +1, red where it predicts -1, paler near the boundary), with the
/// data points on top, like the last picture of micrograd's demo.
public enum BoundaryPlot {
    /// - Parameters:
    ///   - scores: `scores[row][column]` for a `rows × columns` grid over `xRange × yRange`,
    ///     row 0 at the bottom.
    ///   - points: the samples' two features and targets.
    public static func dot(
        scores: [[Double]], xRange: ClosedRange<Double>, yRange: ClosedRange<Double>,
        points: [(x: Double, y: Double, target: Double)], title: String
    ) -> String {
        let width = 620.0, height = 610.0
        let left = 60.0, right = 580.0, bottom = 55.0, top = 530.0
        var canvas = Canvas(width: width, height: height)
        func px(_ x: Double) -> Double {
            left + (x - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * (right - left)
        }
        func py(_ y: Double) -> Double {
            bottom + (y - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound) * (top - bottom)
        }
        let rows = scores.count
        let columns = scores.first?.count ?? 0
        if rows > 0 && columns > 0 {
            let cellWidth = (right - left) / Double(columns)
            let cellHeight = (top - bottom) / Double(rows)
            for row in 0..<rows {
                for column in 0..<columns {
                    let score = scores[row][column]
                    canvas.rectangle(
                        left + (Double(column) + 0.5) * cellWidth, bottom + (Double(row) + 0.5) * cellHeight,
                        width: cellWidth + 0.6, height: cellHeight + 0.6, fill: shade(score))
                }
            }
        }
        for point in points {
            let positive = point.target > 0
            canvas.dot(px(point.x), py(point.y), diameter: 8, fill: positive ? "#1d4ed8" : "#dc2626", border: "#111827")
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
        // Legend.
        canvas.dot(right - 150, top + 18, diameter: 8, fill: "#1d4ed8", border: "#111827")
        canvas.text("target +1", right - 115, top + 18, size: 9)
        canvas.dot(right - 70, top + 18, diameter: 8, fill: "#dc2626", border: "#111827")
        canvas.text("target −1", right - 35, top + 18, size: 9)
        return canvas.dotText(name: "boundary")
    }

    /// Blue for positive scores, red for negative, paler towards zero.
    static func shade(_ score: Double) -> String {
        guard score.isFinite else { return "#9ca3af" }
        let strength = min(abs(score), 2) / 2  // 0 at the boundary, 1 far from it
        let (r, g, b): (Double, Double, Double) = score >= 0 ? (147, 197, 253) : (252, 165, 165)
        let mix = 0.25 + 0.75 * strength
        func channel(_ value: Double) -> String {
            let mixed = Int((255 - (255 - value) * mix).rounded())
            let hex = String(mixed, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }
        return "#\(channel(r))\(channel(g))\(channel(b))"
    }
}
