public import GraphModel

extension Tape {
    /// A snapshot of the graph `root` depends on: its nodes in topological order, renumbered
    /// `0..<n` in that order, with labels, data and gradients as they are now.
    public func snapshot(from root: Int32) -> GraphSnapshot {
        let order = topologicalOrder(from: root)
        var position = [Int32](repeating: -1, count: Int(root) + 1)
        for (newID, index) in order.enumerated() { position[Int(index)] = Int32(newID) }
        let nodes = storage.pointee.nodes
        var result: [GraphSnapshot.Node] = []
        result.reserveCapacity(order.count)
        for (newID, index) in order.enumerated() {
            let node = nodes[Int(index)]
            let operands = operands(index).map { Int(position[Int($0)]) }
            result.append(
                GraphSnapshot.Node(
                    id: newID,
                    label: labels[index],
                    operation: node.operation,
                    operands: operands,
                    exponent: node.operation == .power ? exponent(of: node) : nil,
                    data: node.data,
                    grad: node.grad,
                    place: places.isEmpty ? nil : place(index)
                ))
        }
        return GraphSnapshot(nodes: result, root: order.count - 1)
    }
}
