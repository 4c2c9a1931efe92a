public import GraphModel

extension DotExport {
    /// A network drawn one node per input and neuron, in columns by layer, with one edge per
    /// weight: blue for positive weights, red for negative, wider for larger magnitudes, and a
    /// tooltip with the weight and its gradient.
    ///
    /// Dead ReLUs are grey with a red note; outputs whose gradient vanished or exploded are
    /// flagged.
    public static func dot(for network: NetworkSnapshot, options: Options = Options()) -> String {
        var out = DotWriter()
        out.line("digraph gradviz_network {")
        out.line(
            "  graph [rankdir=\(options.rankDirection.rawValue), bgcolor=\"white\", pad=0.3, nodesep=0.12, ranksep=1.6, splines=line, outputorder=edgesfirst, fontname=\"Helvetica\", fontsize=12, label=\(DotText.quoted(options.title ?? network.caption)), labelloc=b, fontcolor=\"\(Palette.caption)\"];"
        )
        out.line("  node [shape=plain, fontname=\"Helvetica\", fontsize=10];")
        for (layerIndex, layer) in network.layers.enumerated() {
            for (unitIndex, unit) in layer.enumerated() {
                out.line(
                    "  \(unitName(layer: layerIndex, index: unitIndex)) [label=<\(unitTable(unit, isInput: layerIndex == 0, isOutput: layerIndex == network.layers.count - 1))>, tooltip=\(DotText.tooltip(unitTooltip(unit)))];"
                )
            }
            let members = layer.indices.map { unitName(layer: layerIndex, index: $0) }
            out.line("  { rank=same; \(members.joined(separator: "; ")); }")
            // Keep units in their natural order down the column: one edge statement per pair
            // (a single chain statement of thousands of nodes exhausts Graphviz's parser stack).
            for (upper, lower) in zip(members, members.dropFirst()) {
                out.line("  \(upper) -> \(lower) [style=invis];")
            }
        }
        let largest = network.connections.map { abs($0.weight) }.filter(\.isFinite).max() ?? 1
        out.line("  edge [arrowhead=none];")
        for connection in network.connections {
            let magnitude = largest > 0 && connection.weight.isFinite ? abs(connection.weight) / largest : 0
            let width = 0.3 + 3.2 * magnitude
            let color =
                !connection.weight.isFinite
                ? Palette.nonFiniteText
                : connection.weight >= 0 ? Palette.positiveWeight : Palette.negativeWeight
            let alpha = String(Int(40 + 180 * magnitude), radix: 16, uppercase: true)
            let tooltip =
                "\(connection.name): weight \(NumberFormat.short(connection.weight)), grad \(NumberFormat.short(connection.grad))"
            out.line(
                "  \(unitName(layer: connection.fromLayer, index: connection.from)) -> \(unitName(layer: connection.fromLayer + 1, index: connection.to)) [penwidth=\(DotText.number(width)), color=\"\(color)\(alpha.count == 1 ? "0" + alpha : alpha)\", tooltip=\(DotText.tooltip(tooltip))];"
            )
        }
        out.line("}")
        return out.text
    }

    static func unitTable(_ unit: NetworkSnapshot.Unit, isInput: Bool, isOutput: Bool) -> String {
        let fill =
            isInput
            ? Palette.inputFill
            : unit.isDead ? Palette.deadFill : isOutput ? Palette.rootFill : Palette.intermediateFill
        let border =
            isInput
            ? Palette.inputBorder
            : unit.isDead ? Palette.constantBorder : isOutput ? Palette.rootBorder : Palette.neuronBorder
        var rows = [
            "<TR><TD><B>\(DotText.html(unit.name))</B>\(unit.activation.map { " <FONT COLOR=\"\(Palette.caption)\">\(DotText.html($0))</FONT>" } ?? "")</TD></TR>"
        ]
        rows.append("<TR><TD>\(isInput ? "value" : "out") \(NumberFormat.short(unit.data))</TD></TR>")
        rows.append("<TR>\(gradientCell(unit.grad, dead: unit.isDead))</TR>")
        if let total = unit.batchGradient {
            rows.append(
                "<TR><TD><FONT COLOR=\"\(Palette.caption)\">Σ|grad| \(NumberFormat.short(total))</FONT></TD></TR>")
        }
        if let bias = unit.bias {
            rows.append("<TR><TD><FONT COLOR=\"\(Palette.caption)\">b \(NumberFormat.short(bias))</FONT></TD></TR>")
        }
        // The grad above is what reaches the neuron's output; a dead ReLU sends none of it on.
        if unit.isDead {
            rows.append(
                "<TR><TD><FONT COLOR=\"\(Palette.shared)\"><B>dead ReLU</B>: no grad passes back</FONT></TD></TR>")
        }
        return
            "<TABLE BORDER=\"1\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"2\" STYLE=\"ROUNDED\" COLOR=\"\(border)\" BGCOLOR=\"\(fill)\">\(rows.joined())</TABLE>"
    }

    /// The gradient cell: red when huge or not finite, amber when vanishing.
    static func gradientCell(_ grad: Double, dead: Bool) -> String {
        let text = "grad \(NumberFormat.short(grad))"
        if !grad.isFinite || abs(grad) > GradientScale.huge {
            return
                "<TD BGCOLOR=\"\(Palette.nonFiniteFill)\"><FONT COLOR=\"\(Palette.nonFiniteText)\"><B>\(text)</B></FONT></TD>"
        }
        if !dead && grad != 0 && abs(grad) < GradientScale.vanishing {
            return "<TD BGCOLOR=\"\(Palette.vanishingFill)\">\(text)</TD>"
        }
        return grad == 0 ? "<TD><FONT COLOR=\"\(Palette.zeroGrad)\">\(text)</FONT></TD>" : "<TD>\(text)</TD>"
    }

    static func unitTooltip(_ unit: NetworkSnapshot.Unit) -> String {
        var text = "\(unit.name): out = \(NumberFormat.exact(unit.data)), grad = \(NumberFormat.exact(unit.grad))"
        if let bias = unit.bias { text += ", bias = \(NumberFormat.exact(bias))" }
        if let total = unit.batchGradient { text += ", sum of |grad| over the batch = \(NumberFormat.exact(total))" }
        if unit.isDead {
            text +=
                " (dead: zero output on every sample, so the grad at its output passes nothing back to its weights and bias)"
        }
        return text
    }
}

/// Thresholds for flagging gradients in network drawings.
public enum GradientScale {
    /// Larger than this is flagged as exploding.
    public static let huge = 10.0
    /// Non-zero and smaller than this is flagged as vanishing.
    public static let vanishing = 1e-6
}
