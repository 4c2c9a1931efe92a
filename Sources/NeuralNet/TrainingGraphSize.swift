/// How big one training step's graph is, from the sizes alone (before anything is
/// allocated), so a model and data too big to train can be refused up front.
public struct TrainingGraphSize: Sendable, Equatable {
    /// Nodes of the step's graph (saturating at `Int.max`).
    public var nodes: Int
    /// The model's parameters (saturating at `Int.max`).
    public var parameters: Int

    /// Each sample's inputs; for each neuron of k inputs, k products, k sums and an
    /// activation; the sample's loss (with cross-entropy, four nodes per output and three
    /// more); then the mean and the L2 penalty over the parameters.
    public init(inputs: Int, layers: [Int], samples: Int, loss: Loss = .hinge) {
        func add(_ a: Int, _ b: Int) -> Int {
            let (r, o) = a.addingReportingOverflow(b)
            return o ? .max : r
        }
        func multiply(_ a: Int, _ b: Int) -> Int {
            let (r, o) = a.multipliedReportingOverflow(by: b)
            return o ? .max : r
        }
        var parameters = 0
        var perSample = add(inputs, 8)
        var fanIn = inputs
        for size in layers {
            parameters = add(parameters, multiply(add(fanIn, 1), size))
            perSample = add(perSample, multiply(size, add(multiply(2, fanIn), 1)))
            fanIn = size
        }
        if loss.usesEveryOutput { perSample = add(perSample, add(multiply(4, layers.last ?? 1), 3)) }
        self.nodes = add(multiply(3, parameters), multiply(add(perSample, 2), samples))
        self.parameters = parameters
    }
}
