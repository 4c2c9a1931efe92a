import GraphModel

// MARK: - Targets a loss can train on

extension Dataset {
    /// The data with targets the loss can train on, and a note when they were changed: the
    /// hinge loss needs targets -1 and 1, so 0/1 targets are read as -1/+1; other targets are
    /// refused.
    ///
    /// The mean squared error takes any targets. With cross-entropy targets are class indices
    /// `0..<outputs` (one output neuron per class); -1/+1 targets are read as classes 0 and 1.
    public func preparedTargets(for loss: Loss, outputs: Int = 1) throws(DatasetError) -> (data: Dataset, note: String?)
    {
        if loss == .crossEntropy { return try classTargets(outputs: outputs) }
        guard loss == .hinge else { return (self, nil) }
        let values = Set(targets)
        if values.isSubset(of: [-1, 1]) { return (self, nil) }
        guard values.isSubset(of: [0, 1]) else {
            throw DatasetError(
                message: "the hinge loss needs targets -1 and 1 (or 0 and 1); use --loss mse for other targets",
                line: nil)
        }
        var data = self
        data.targets = targets.map { $0 == 0 ? -1 : 1 }
        return (data, "targets 0/1 read as -1/+1 for the hinge loss")
    }

    private func classTargets(outputs: Int) throws(DatasetError) -> (data: Dataset, note: String?) {
        var data = self
        var note: String?
        if Set(targets) == [-1, 1] {
            data.targets = targets.map { $0 < 0 ? 0 : 1 }
            note = "targets -1/+1 read as classes 0/1 for the cross-entropy loss"
        }
        if let bad = data.targets.first(where: { !($0 >= 0 && $0 < Double(outputs) && $0 == $0.rounded()) }) {
            throw DatasetError(
                message:
                    "the cross-entropy loss needs class indices 0 to \(outputs - 1) as targets, one per output neuron (the output layer has \(outputs)); found \(NumberFormat.exact(bad))",
                line: nil)
        }
        return (data, note)
    }

    /// How many classes the targets name: the largest plus one when every target is a
    /// class index (0, 1, 2, …), 2 for -1/+1 targets; `nil` otherwise.
    public var classCount: Int? {
        let values = Set(targets)
        if values == [-1, 1] { return 2 }
        guard !values.isEmpty, values.allSatisfy({ $0 >= 0 && $0 < 1_000_000 && $0 == $0.rounded() }) else {
            return nil
        }
        return Int(values.max() ?? 0) + 1
    }
}
