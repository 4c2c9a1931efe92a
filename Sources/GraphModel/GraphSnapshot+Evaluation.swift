// MARK: - Recomputing a snapshot's numbers

extension GraphSnapshot {
    /// The forward value of a node from its operands' values in `data`.
    @inlinable
    public func forwardValue(of node: Node, data: [Double]) -> Double {
        guard let operation = node.operation else { return data[node.id] }
        if node.isNarySum {
            return node.operands.dropFirst().reduce(data[node.operands[0]]) { $0 + data[$1] }
        }
        let a = data[node.operands[0]]
        let b = node.operands.count > 1 ? data[node.operands[1]] : 0
        return operation.forward(a, b, exponent: node.exponent ?? 0)
    }

    /// Every node's data recomputed from the leaves' data, in order.
    public func forwardData() -> [Double] {
        var data = nodes.map(\.data)
        for node in nodes where node.operation != nil { data[node.id] = forwardValue(of: node, data: data) }
        return data
    }

    /// The root's value when node `id` is set to `value` and everything after it recomputed.
    public func rootValue(setting id: Int, to value: Double, data base: [Double]) -> Double {
        var data = base
        data[id] = value
        for node in nodes[(id + 1)...] where node.operation != nil {
            data[node.id] = forwardValue(of: node, data: data)
        }
        return data[root]
    }
}

extension GraphSnapshot {
    /// Whether the root depends on each node (the nodes a backward pass from the root visits).
    public func upstreamOfRoot() -> [Bool] {
        var upstream = [Bool](repeating: false, count: nodes.count)
        guard nodes.indices.contains(root) else { return upstream }
        upstream[root] = true
        for node in nodes.reversed() where upstream[node.id] {
            for operand in node.operands { upstream[operand] = true }
        }
        return upstream
    }
}
