// MARK: - Fitting a network's graph

extension GraphSnapshot {
    /// A network's graph ready to draw within `maximumNodes`, or `nil` when it already fits:
    /// each neuron's running sum drawn as one Σ (``collapsingSums()``) when that is enough,
    /// else each neuron folded into one node (``foldedByNeuron()``).
    ///
    /// `note` says which, and how to see every value (`--max-nodes`, `--focus` in
    /// `gradviz mlp`).
    ///
    /// Unlike ``fitted(maximumNodes:focus:)``, nothing is dropped: the picture keeps every
    /// neuron, so the network's shape stays readable at any size.
    public func fittedByNeuron(maximumNodes: Int) -> (snapshot: GraphSnapshot, note: String)? {
        guard nodes.count > maximumNodes else { return nil }
        let full = nodes.count
        let summed = collapsingSums()
        if summed.nodes.count <= maximumNodes {
            return (
                summed,
                "the sample graph has \(full) values, more than --max-nodes \(maximumNodes): each neuron's running sum is drawn as one Σ (raise --max-nodes to see every partial sum)"
            )
        }
        return (
            foldedByNeuron(),
            "the sample graph has \(full) values, more than --max-nodes \(maximumNodes): each neuron is folded into one node (raise --max-nodes to \(full) to see every scalar, or --focus on one parameter)"
        )
    }
}
