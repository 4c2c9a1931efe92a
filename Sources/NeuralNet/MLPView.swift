/// What a picture of a trained MLP shows (`gradviz mlp --view`).
public enum MLPView: String, CaseIterable, Sendable {
    /// One sample's graph, every scalar, neurons in clusters inside layer clusters.
    case sample
    /// One node per neuron, one edge per weight.
    case neurons
    /// The whole loss over the batch, each sample folded into one node.
    case loss
}
