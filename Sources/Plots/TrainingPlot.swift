import Foundation
import GraphModel

/// Loss and accuracy per training step, on one chart: loss on the left axis (log scale when
/// it spans more than a decade), accuracy in percent on the right.
///
/// A long run is thinned before it is drawn (each point is a Graphviz node): at most
/// ``maximumPoints`` a curve, the lowest and the highest value of each stretch of steps, so
/// spikes stay visible, and the first and last steps.
public enum TrainingPlot {
    /// Most points drawn for one curve.
    public static let maximumPoints = 2_000

    public static func dot(losses: [Double], accuracies: [Double], title: String) -> String {
        let width = 720.0
        let height = 420.0
        let left = 70.0
        let right = 650.0
        let bottom = 60.0
        let top = 360.0
        var canvas = Canvas(width: width, height: height)
        // Positive finite losses, kept within 1e-300...1e300 so the axis's powers of ten exist.
        let finite = losses.filter { $0.isFinite && $0 > 0 }.map { min(max($0, 1e-300), 1e300) }
        let useLog = (finite.max() ?? 1) / max(finite.min() ?? 1, 1e-300) > 10
        let low = useLog ? Foundation.pow(10, Foundation.floor(Foundation.log10(finite.min() ?? 1))) : 0
        let high =
            useLog
            ? Foundation.pow(10, Foundation.ceil(Foundation.log10(finite.max() ?? 1)))
            : max(finite.max() ?? 1, 1e-12) * 1.05
        func lossY(_ value: Double) -> Double {
            let clamped = min(max(value, low), high)
            let fraction =
                useLog
                ? (Foundation.log10(clamped) - Foundation.log10(low)) / (Foundation.log10(high) - Foundation.log10(low))
                : (clamped - low) / (high - low)
            return bottom + fraction * (top - bottom)
        }
        let steps = max(losses.count - 1, 1)
        func stepX(_ step: Int) -> Double { left + Double(step) / Double(steps) * (right - left) }
        // Accuracy is a fraction; anything else is clamped to the chart (NaN is left out).
        func accuracyY(_ value: Double) -> Double { bottom + min(max(value, 0), 1) * (top - bottom) }

        // Grid and left axis (loss).
        var lossTicks: [(Double, String)] = []
        if useLog {
            var value = low
            while value <= high * 1.0001 && lossTicks.count < 700 {
                lossTicks.append((value, value >= 1 ? NumberFormat.integerOrExact(value) : "\(value)"))
                value *= 10
            }
        } else {
            let ticks = niceTicks(low, high)
            let step = ticks.count > 1 ? ticks[1] - ticks[0] : 1
            lossTicks = ticks.map { ($0, tickLabel($0, step: step)) }
        }
        for (value, label) in lossTicks {
            let y = lossY(value)
            canvas.polyline([(left, y), (right, y)], color: "#e5e7eb", width: 0.8)
            canvas.text(label, left - 22, y, size: 9, color: "#2563eb")
        }
        for percent in stride(from: 0, through: 100, by: 25) {
            canvas.text("\(percent)%", right + 22, accuracyY(Double(percent) / 100), size: 9, color: "#d97706")
        }
        let stepTicks = niceTicks(0, Double(steps), count: 6)
        let stepSize = stepTicks.count > 1 ? stepTicks[1] - stepTicks[0] : 1
        for value in stepTicks {
            let x = left + value / Double(steps) * (right - left)
            canvas.polyline([(x, bottom), (x, bottom - 5)], color: "#6b7280")
            canvas.text(tickLabel(value, step: stepSize), x, bottom - 15, size: 9)
        }
        canvas.polyline([(left, top), (left, bottom), (right, bottom), (right, top)], color: "#6b7280")
        canvas.text("step", (left + right) / 2, bottom - 35, size: 10)
        canvas.text(useLog ? "loss (log scale)" : "loss", left - 10, top + 18, size: 10, color: "#2563eb", bold: true)
        canvas.text("accuracy", right + 10, top + 18, size: 10, color: "#d97706", bold: true)
        canvas.text(title, width / 2, height - 18, size: 13, bold: true)

        canvas.polyline(
            thinned(accuracies).map { (stepX($0.offset), accuracyY($0.element)) }, color: "#f59e0b", width: 1.6)
        canvas.polyline(
            thinned(losses).compactMap { $0.element.isFinite ? (stepX($0.offset), lossY($0.element)) : nil },
            color: "#2563eb", width: 1.8)
        // Legend.
        let middle = (left + right) / 2
        canvas.polyline([(middle - 90, top + 18), (middle - 70, top + 18)], color: "#2563eb", width: 1.8)
        canvas.text("loss", middle - 52, top + 18, size: 9)
        canvas.polyline([(middle + 10, top + 18), (middle + 30, top + 18)], color: "#f59e0b", width: 1.6)
        canvas.text("accuracy", middle + 60, top + 18, size: 9)
        return canvas.dotText(name: "training")
    }

    /// `values` with their steps, all of them up to ``maximumPoints``; beyond, per stretch of
    /// steps its lowest and highest finite value (in step order), and the first and last step.
    static func thinned(_ values: [Double]) -> [(offset: Int, element: Double)] {
        guard values.count > maximumPoints else { return Array(values.enumerated().map { ($0.offset, $0.element) }) }
        let stretches = (maximumPoints - 2) / 2
        let length = (values.count + stretches - 1) / stretches
        var points: [(offset: Int, element: Double)] = [(0, values[0])]
        for start in stride(from: 0, to: values.count, by: length) {
            var lowest: Int?
            var highest: Int?
            for index in start..<min(start + length, values.count) where values[index].isFinite {
                if lowest.map({ values[index] < values[$0] }) ?? true { lowest = index }
                if highest.map({ values[index] > values[$0] }) ?? true { highest = index }
            }
            for index in Set([lowest, highest].compactMap { $0 }).sorted() where index != 0 && index != values.count - 1
            {
                points.append((index, values[index]))
            }
        }
        points.append((values.count - 1, values[values.count - 1]))
        return points
    }
}
