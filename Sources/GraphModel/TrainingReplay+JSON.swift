extension TrainingReplay {
    /// The replay as the training page's JSON (safe inside a `<script>` element): the network's
    /// shape once (units with their names and activations, connections with their ends and
    /// names), then each frame's numbers in that order, the curves and the plane.
    ///
    /// Numbers are written exactly (they read back to the same bits); `"nan"`, `"inf"` and
    /// `"-inf"` stand for what JSON cannot hold.
    public var jsonText: String {
        var text = "{\"title\": \(JSONText.string(title, forScript: true)), "
        text += "\"loss\": \(JSONText.string(loss, forScript: true)), \"steps\": \(steps),\n"
        text += "\"note\": \(note.map { JSONText.string($0, forScript: true) } ?? "null"), "
        text += "\"stopped\": \(stopped.map { JSONText.string($0, forScript: true) } ?? "null"), "
        text += "\"batchSize\": \(batchSize.map(String.init) ?? "null"),\n"
        let shape = frames.last?.network ?? NetworkSnapshot(layers: [], connections: [], caption: "")
        text += "\"caption\": \(JSONText.string(shape.caption, forScript: true)),\n\"layers\": ["
        text +=
            shape.layers.map { layer in
                "["
                    + layer.map { unit in
                        "{\"name\": \(JSONText.string(unit.name, forScript: true)), \"activation\": \(unit.activation.map { JSONText.string($0, forScript: true) } ?? "null")}"
                    }.joined(separator: ", ") + "]"
            }.joined(separator: ",\n") + "],\n\"connections\": ["
        text +=
            shape.connections.map {
                "[\($0.fromLayer), \($0.from), \($0.to), \(JSONText.string($0.name, forScript: true))]"
            }.joined(separator: ",") + "],\n"
        text += "\"curveStride\": \(curveStride), \"losses\": \(Self.numbers(losses)),\n"
        text += "\"accuracies\": \(Self.numbers(accuracies)),\n"
        if let plane {
            text +=
                "\"plane\": {\"x\": [\(JSONText.number(plane.xRange.lowerBound)), \(JSONText.number(plane.xRange.upperBound))], "
            text +=
                "\"y\": [\(JSONText.number(plane.yRange.lowerBound)), \(JSONText.number(plane.yRange.upperBound))], "
            text +=
                "\"cells\": \(plane.cells), \"points\": [" + plane.points.map(Self.numbers).joined(separator: ",")
                + "]},\n"
        } else {
            text += "\"plane\": null,\n"
        }
        text += "\"frames\": [\n"
        text += frames.map { frame in
            let units = Array(frame.network.layers.joined())
            var line = "{\"step\": \(frame.step), \"loss\": \(JSONText.number(frame.loss)), "
            line += "\"accuracy\": \(JSONText.number(frame.accuracy)), "
            line += "\"lr\": \(frame.learningRate.map(JSONText.number) ?? "null"),\n"
            line += " \"out\": \(Self.numbers(units.map(\.data))),\n \"grad\": \(Self.numbers(units.map(\.grad))),\n"
            line += " \"bias\": \(Self.numbers(units.compactMap(\.bias))),\n"
            let dead = units.indices.filter { units[$0].isDead }.map { String($0) }
            line += " \"dead\": [\(dead.joined(separator: ","))],\n"
            line += " \"weight\": \(Self.numbers(frame.network.connections.map(\.weight))),\n"
            line += " \"weightGrad\": \(Self.numbers(frame.network.connections.map(\.grad)))}"
            return line
        }.joined(separator: ",\n")
        return text + "\n]}"
    }

    static func numbers(_ values: [Double]) -> String {
        "[" + values.map(JSONText.number).joined(separator: ",") + "]"
    }
}
