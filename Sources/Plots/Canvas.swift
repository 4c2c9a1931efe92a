import DotExport
import Foundation
import GraphModel

/// A drawing in points (y up) written as DOT with every node placed, for Graphviz's `nop2`
/// engine to draw as it is: the plots go through the same renderer as graphs, so they come
/// out as SVG, PNG or PDF alike.
struct Canvas {
    let width: Double
    let height: Double
    private var nodes: [String] = []
    private var edges: [String] = []
    private var count = 0

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    private mutating func id() -> String {
        defer { count += 1 }
        return "p\(count)"
    }

    static func number(_ value: Double) -> String {
        // Past 1e15 hundredths cannot be written anyway (and `value * 100` could overflow).
        guard abs(value) < 1e15 else { return "\(value)" }
        return NumberFormat.integerOrExact((value * 100).rounded() / 100)
    }

    static func position(_ x: Double, _ y: Double) -> String { "\"\(number(x)),\(number(y))!\"" }

    /// An invisible anchor for lines.
    mutating func anchor(_ x: Double, _ y: Double) -> String {
        let name = id()
        nodes.append("\(name) [shape=point, width=0.01, style=invis, pos=\(Canvas.position(x, y))];")
        return name
    }

    /// A straight line through the points; a point with a non-finite coordinate (a value
    /// no axis can place) breaks the line there instead of reaching Graphviz as `nan`.
    mutating func polyline(_ points: [(Double, Double)], color: String, width: Double = 1) {
        var run: [(Double, Double)] = []
        for point in points + [(Double.nan, Double.nan)] {
            if point.0.isFinite && point.1.isFinite {
                run.append(point)
                continue
            }
            if run.count >= 2 {
                let names = run.map { anchor($0.0, $0.1) }
                for (from, to) in zip(names, names.dropFirst()) {
                    edges.append("\(from) -> \(to) [color=\"\(color)\", penwidth=\(Canvas.number(width))];")
                }
            }
            run.removeAll()
        }
    }

    /// Text centred at a point (or starting at it, with `anchor: "l"`).
    mutating func text(
        _ string: String, _ x: Double, _ y: Double, size: Double = 10, color: String = "#374151", bold: Bool = false
    ) {
        guard x.isFinite && y.isFinite else { return }
        let escaped = DotText.html(string)
        let body = bold ? "<B>\(escaped)</B>" : escaped
        nodes.append(
            "\(id()) [shape=plaintext, margin=0, width=0, height=0, fontsize=\(Canvas.number(size)), fontcolor=\"\(color)\", label=<\(body)>, pos=\(Canvas.position(x, y))];"
        )
    }

    /// A filled rectangle centred at a point.
    mutating func rectangle(
        _ x: Double, _ y: Double, width: Double, height: Double, fill: String, border: String? = nil
    ) {
        guard x.isFinite && y.isFinite && width.isFinite && height.isFinite else { return }
        let line = border.map { "color=\"\($0)\", penwidth=0.8" } ?? "color=\"\(fill)\", penwidth=0"
        nodes.append(
            "\(id()) [shape=box, fixedsize=true, label=\"\", style=filled, fillcolor=\"\(fill)\", \(line), width=\(Canvas.number(width / 72)), height=\(Canvas.number(height / 72)), pos=\(Canvas.position(x, y))];"
        )
    }

    /// A filled circle centred at a point.
    mutating func dot(_ x: Double, _ y: Double, diameter: Double, fill: String, border: String) {
        guard x.isFinite && y.isFinite else { return }
        nodes.append(
            "\(id()) [shape=circle, fixedsize=true, label=\"\", style=filled, fillcolor=\"\(fill)\", color=\"\(border)\", penwidth=0.8, width=\(Canvas.number(diameter / 72)), pos=\(Canvas.position(x, y))];"
        )
    }

    /// The DOT text; the bounding box is the whole canvas.
    func dotText(name: String) -> String {
        var text = "digraph \(name) {\n"
        text +=
            "  graph [bb=\"0,0,\(Canvas.number(width)),\(Canvas.number(height))\", bgcolor=\"white\", pad=0.3, splines=line, outputorder=edgesfirst, fontname=\"Helvetica\"];\n"
        text += "  node [fontname=\"Helvetica\"];\n  edge [arrowhead=none, headclip=false, tailclip=false];\n"
        for node in nodes { text += "  \(node)\n" }
        for edge in edges { text += "  \(edge)\n" }
        return text + "}\n"
    }
}

/// Round tick values for an axis: about `count` steps of 1, 2 or 5 times a power of ten.
func niceTicks(_ low: Double, _ high: Double, count: Int = 5) -> [Double] {
    guard high > low, low.isFinite, high.isFinite else { return [low] }
    let raw = (high - low) / Double(count)
    guard raw.isFinite, raw > 0 else { return [low, high] }
    let power = pow10(floorLog10(raw))
    let step = [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= raw } ?? raw
    var ticks: [Double] = []
    var value = (low / step).rounded(.up) * step
    while value <= high + step * 1e-9 {
        ticks.append(abs(value) < step * 1e-9 ? 0 : value)
        value += step
    }
    return ticks
}

func floorLog10(_ x: Double) -> Int {
    guard x.isFinite, x > 0 else { return 0 }
    return Int(Foundation.log10(x).rounded(.down))
}

func pow10(_ exponent: Int) -> Double { Foundation.pow(10, Double(exponent)) }

/// Tick label text: as few decimals as the step needs.
func tickLabel(_ value: Double, step: Double) -> String {
    let decimals = max(0, -floorLog10(step))
    if decimals == 0 { return NumberFormat.integerOrExact(value.rounded()) }
    guard decimals <= 15, value.isFinite else { return "\(value)" }
    let text = String(format: "%.\(decimals)f", value)
    return text.hasPrefix("-") && text.dropFirst().allSatisfy { $0 == "0" || $0 == "." }
        ? String(text.dropFirst()) : text
}
