// MARK: - Targets a loss can train on

extension Dataset {
    /// The data with targets the loss can train on, and a note when they were changed: the
    /// hinge loss needs targets -1 and 1, so 0/1 targets are read as -1/+1; other targets
    /// are refused. The mean squared error takes any targets.
    public func preparedTargets(for loss: Loss) throws(DatasetError) -> (data: Dataset, note: String?) {
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
}
