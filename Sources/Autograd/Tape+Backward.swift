import Foundation
public import GraphModel

// MARK: - Backward pass, zeroing, order

extension Tape {
    /// Backpropagates from `root`: sets its gradient to 1 and adds (`+=`) each node's
    /// contribution to its operands' gradients, visiting only nodes the root depends on, in
    /// reverse creation order (a reverse topological order).
    ///
    /// Gradients already on the nodes are kept and added to, as in micrograd: call
    /// ``zeroGrad()`` between passes.
    @inlinable
    public func backward(from root: Int32) {
        let end = checked(root)
        let nodes = storage.pointee.nodes
        let mark = nextReachMark()
        nodes[end].reachMark = mark
        nodes[end].grad = 1
        var index = end
        while index >= 0 {
            defer { index -= 1 }
            guard nodes[index].reachMark == mark, let operation = nodes[index].operation else { continue }
            let node = nodes[index]
            let lhs = Int(node.lhs)
            let rhs = Int(node.rhs)
            let g = node.grad
            // operand.grad += what `Operator.contributions` says it receives: the one
            // definition of each local derivative, in micrograd's order. Each case passes its
            // operator as a constant, so the inlined definition folds to that case's formula
            // (one dispatch per node, as if it were written out here).
            switch operation {
            case .add: Self.binaryStep(.add, nodes, lhs, rhs, output: node.data, grad: g, mark: mark)
            case .subtract: Self.binaryStep(.subtract, nodes, lhs, rhs, output: node.data, grad: g, mark: mark)
            case .multiply: Self.binaryStep(.multiply, nodes, lhs, rhs, output: node.data, grad: g, mark: mark)
            case .divide: Self.binaryStep(.divide, nodes, lhs, rhs, output: node.data, grad: g, mark: mark)
            case .negate: Self.unaryStep(.negate, nodes, lhs, output: node.data, grad: g)
            case .power: Self.unaryStep(.power, nodes, lhs, output: node.data, grad: g, exponent: exponent(of: node))
            case .exp: Self.unaryStep(.exp, nodes, lhs, output: node.data, grad: g)
            case .log: Self.unaryStep(.log, nodes, lhs, output: node.data, grad: g)
            case .tanh: Self.unaryStep(.tanh, nodes, lhs, output: node.data, grad: g)
            case .relu: Self.unaryStep(.relu, nodes, lhs, output: node.data, grad: g)
            case .sigmoid: Self.unaryStep(.sigmoid, nodes, lhs, output: node.data, grad: g)
            case .powerOfValue: Self.powerOfValueStep(nodes, lhs, rhs, output: node.data, grad: g, mark: mark)
            }
            nodes[lhs].reachMark = mark
        }
    }

    /// A mark no node carries yet: the last pass's plus one; after 255 passes every node's
    /// mark is cleared once and counting starts again.
    @inlinable
    func nextReachMark() -> UInt8 {
        if storage.pointee.reachMark == UInt8.max {
            let nodes = storage.pointee.nodes
            for index in 0..<count { nodes[index].reachMark = 0 }
            storage.pointee.reachMark = 0
        }
        storage.pointee.reachMark += 1
        return storage.pointee.reachMark
    }

    /// One two-operand node's backward step: each operand's grad += its contribution.
    @inlinable @inline(__always)
    static func binaryStep(
        _ operation: Operator, _ nodes: UnsafeMutablePointer<Node>, _ lhs: Int, _ rhs: Int, output: Double,
        grad: Double,
        mark: UInt8
    ) {
        let (toLeft, toRight) = operation.contributions(
            nodes[lhs].data, nodes[rhs].data, output: output, exponent: 0, grad: grad)
        nodes[lhs].grad += toLeft
        nodes[rhs].grad += toRight
        nodes[rhs].reachMark = mark
    }

    /// A value exponent's backward step, kept out of line: it is rare, and inlined into the
    /// loop (with its `pow` and `log` calls) it made the moons step slower (alternating A/B
    /// against main, medians of 10 runs: inlined 227.1 µs against 223.2; out of line 224.0
    /// against 224.5).
    @usableFromInline @inline(never)
    static func powerOfValueStep(
        _ nodes: UnsafeMutablePointer<Node>, _ lhs: Int, _ rhs: Int, output: Double, grad: Double, mark: UInt8
    ) {
        binaryStep(.powerOfValue, nodes, lhs, rhs, output: output, grad: grad, mark: mark)
    }

    /// One one-operand node's backward step.
    @inlinable @inline(__always)
    static func unaryStep(
        _ operation: Operator, _ nodes: UnsafeMutablePointer<Node>, _ lhs: Int, output: Double, grad: Double,
        exponent: Double = 0
    ) {
        nodes[lhs].grad += operation.contributions(nodes[lhs].data, 0, output: output, exponent: exponent, grad: grad).0
    }

    /// Sets every gradient on the tape to zero.
    public func zeroGrad() {
        let nodes = storage.pointee.nodes
        for index in 0..<count { nodes[index].grad = 0 }
    }

    /// The nodes `root` depends on, itself included, in topological order (operands first).
    public func topologicalOrder(from root: Int32) -> [Int32] {
        let end = checked(root)
        let nodes = storage.pointee.nodes
        var reached = [Bool](repeating: false, count: end + 1)
        reached[end] = true
        var count = 0
        for index in stride(from: end, through: 0, by: -1) where reached[index] {
            count += 1
            let node = nodes[index]
            guard let operation = node.operation else { continue }
            reached[Int(node.lhs)] = true
            if operation.arity == 2 { reached[Int(node.rhs)] = true }
        }
        var order: [Int32] = []
        order.reserveCapacity(count)
        for index in 0...end where reached[index] { order.append(Int32(index)) }
        return order
    }

    /// For each node up to `root`, whether `root` depends on it (itself included): one pass
    /// down the tape, since operands always come before the nodes that use them.
    public func reached(from root: Int32) -> [Bool] {
        let end = checked(root)
        let nodes = storage.pointee.nodes
        var reached = [Bool](repeating: false, count: end + 1)
        reached[end] = true
        for index in stride(from: end, through: 0, by: -1) where reached[index] {
            let node = nodes[index]
            guard let operation = node.operation else { continue }
            reached[Int(node.lhs)] = true
            if operation.arity == 2 { reached[Int(node.rhs)] = true }
        }
        return reached
    }

    /// Recomputes every node's data from the leaves, in creation order (after leaves or
    /// parameters changed).
    ///
    /// No new nodes are made.
    public func forward() {
        let nodes = storage.pointee.nodes
        for index in 0..<count {
            let node = nodes[index]
            guard let operation = node.operation else { continue }
            let a = nodes[Int(node.lhs)].data
            let b = operation.arity == 2 ? nodes[Int(node.rhs)].data : 0
            let exponent = operation == .power ? exponent(of: node) : 0
            nodes[index].data = operation.forward(a, b, exponent: exponent)
        }
    }
}
