import Autograd
public import GraphModel

/// A picture of a trained MLP, ready for DotExport: what `gradviz mlp --out` draws, chosen
/// and folded here so a Swift user of the libraries gets the command's pictures.
public struct MLPPicture: Sendable {
    /// The graph to draw.
    public enum Content: Sendable {
        /// A value graph (the sample and loss views).
        case graph(GraphSnapshot)
        /// A network drawn neuron by neuron (the neurons view).
        case network(NetworkSnapshot)
    }

    /// Why a picture cannot be made.
    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        /// No node of the sample graph has the focus's label.
        case unknownFocus(String)
        /// The loss does not depend on the focus.
        case focusNotOnLoss(String)

        public var description: String {
            switch self {
            case .unknownFocus:
                "no node has that name; use a parameter such as L1.N1.w1, an input x1, or score (score1, score2, … with several outputs)"
            case .focusNotOnLoss: "the loss does not depend on it"
            }
        }
    }

    public var content: Content
    /// The caption: which sample, or what the loss graph holds.
    public var title: String
    /// What was folded to fit, for the user; `nil` when the graph is drawn whole.
    public var note: String?
    /// Whether values are grouped in a cluster per neuron inside a cluster per layer.
    public var clustersByPlace: Bool
    /// How many nodes the picture draws (values, or inputs and neurons).
    public var nodeCount: Int {
        switch content {
        case .graph(let snapshot): snapshot.nodes.count
        case .network(let network): network.layers.joined().count
        }
    }
}

extension MLP {
    /// The picture `view` draws of this model on `data`.
    ///
    /// - Parameters:
    ///   - view: what to draw: one sample's graph, the neurons, or the loss over the batch.
    ///   - data: the samples the pictures are computed on.
    ///   - loss: the loss the model is trained with.
    ///   - l2: the weight of the L2 penalty in the loss.
    ///   - sample: the sample the sample and neurons views show (0-based); `nil`: the one
    ///     with the largest loss, said so in the title.
    ///   - focus: sample view only: keep the paths from the node with this label (such as
    ///     `L1.N3.w2`, `x1` or `score`) to the loss, each neuron's partial sums as one Σ.
    ///   - maxNodes: largest graph drawn node for node; a bigger sample graph is fitted with
    ///     `GraphSnapshot.fittedByNeuron(maximumNodes:)`, a bigger loss graph folds samples
    ///     into groups.
    ///   - batch: loss view only: draw the loss over these samples (indices into `data`, such
    ///     as a training step's minibatch), each named by its place in `data`.
    /// - Returns: the picture: its title, the graph or network to draw, and a note when it was
    ///   folded to fit `maxNodes`.
    /// - Throws: ``MLPPicture/Problem`` when `focus` names no node or the loss does not depend
    ///   on it.
    public func picture(
        _ view: MLPView, data: Dataset, loss: Loss, l2: Double, sample: Int? = nil, focus: String? = nil,
        maxNodes: Int = 400, batch: [Int]? = nil
    ) throws(MLPPicture.Problem) -> MLPPicture {
        if view == .loss {
            let batchData = batch.map {
                Dataset(inputs: $0.map { data.inputs[$0] }, targets: $0.map { data.targets[$0] })
            }
            let summary = lossSummary(data: batchData ?? data, loss: loss, l2: l2, maxNodes: maxNodes, indices: batch)
            let what =
                batch.map { "loss over a batch of \($0.count) of \(data.count) samples" }
                ?? "loss over \(data.count) samples"
            let title = "\(what): \(summary.fullNodeCount) nodes, each sample folded"
            return MLPPicture(
                content: .graph(summary.snapshot), title: title, note: summary.note, clustersByPlace: false)
        }
        let index = sample ?? sampleWithLargestLoss(data: data, loss: loss)
        let which = "sample \(index + 1) of \(data.count)" + (sample == nil ? " (largest loss)" : "")
        if view == .neurons {
            let network = networkSnapshot(data: data, sample: index, loss: loss, l2: l2, isLargestLoss: sample == nil)
            return MLPPicture(content: .network(network), title: network.caption, note: nil, clustersByPlace: false)
        }
        var snapshot = sampleGraph(input: data.inputs[index], target: data.targets[index], loss: loss)
        if let focus {
            guard let node = snapshot.nodes.first(where: { $0.label == focus }) else { throw .unknownFocus(focus) }
            guard let paths = snapshot.paths(from: node.id) else { throw .focusNotOnLoss(focus) }
            // On a path, a neuron's partial sums are one step each: draw them as one Σ.
            snapshot = paths.collapsingSums()
        }
        let fitted = snapshot.fittedByNeuron(maximumNodes: maxNodes)
        let title = which + (focus.map { ": paths from \($0) to the loss" } ?? "")
        return MLPPicture(
            content: .graph(fitted?.snapshot ?? snapshot), title: title, note: fitted?.note, clustersByPlace: true)
    }
}
