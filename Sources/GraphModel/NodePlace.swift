/// Where a node sits in a neural network: which layer and neuron built it, and whether it is
/// one of that neuron's parameters.
///
/// Structure, not text, so drawings can group and search by it.
public struct NodePlace: Hashable, Sendable, Comparable, CustomStringConvertible {
    public enum Part: Hashable, Sendable, Comparable {
        /// The neuron's weight for input `index` (1-based).
        case weight(Int)
        case bias
        /// A value the neuron computes: a product, a partial sum, its activation.
        case computation
    }

    /// 1-based layer number (`L1` is the first layer after the inputs).
    public var layer: Int
    /// 1-based neuron number within the layer.
    public var neuron: Int
    public var part: Part

    public init(layer: Int, neuron: Int, part: Part) {
        self.layer = layer
        self.neuron = neuron
        self.part = part
    }

    /// `L1.N3.w2`, `L1.N3.b`, or `L1.N3` for a computed value.
    public var description: String {
        switch part {
        case .weight(let index): "L\(layer).N\(neuron).w\(index)"
        case .bias: "L\(layer).N\(neuron).b"
        case .computation: "L\(layer).N\(neuron)"
        }
    }

    /// Whether this is a weight or a bias.
    public var isParameter: Bool { part != .computation }

    /// Parses `L1.N3.w2`, `L1.N3.b` or `L1.N3`.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3,
            parts[0].first == "L", let layer = Int(parts[0].dropFirst()), layer > 0,
            parts[1].first == "N", let neuron = Int(parts[1].dropFirst()), neuron > 0
        else { return nil }
        if parts.count == 2 {
            self.init(layer: layer, neuron: neuron, part: .computation)
        } else if parts[2] == "b" {
            self.init(layer: layer, neuron: neuron, part: .bias)
        } else if parts[2].first == "w", let index = Int(parts[2].dropFirst()), index > 0 {
            self.init(layer: layer, neuron: neuron, part: .weight(index))
        } else {
            return nil
        }
    }

    public static func < (lhs: NodePlace, rhs: NodePlace) -> Bool {
        (lhs.layer, lhs.neuron) < (rhs.layer, rhs.neuron)
            || ((lhs.layer, lhs.neuron) == (rhs.layer, rhs.neuron) && lhs.part < rhs.part)
    }
}
