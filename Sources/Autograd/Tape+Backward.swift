import Foundation
public import GraphModel

// MARK: - Backward pass, zeroing, order

extension Tape {
    /// Backpropagates from `root`: sets its gradient to 1 and adds (`+=`) each node's
    /// contribution to its operands' gradients, visiting only nodes the root depends on, in
    /// reverse creation order (a reverse topological order). Gradients already on the nodes are
    /// kept and added to, as in micrograd: call ``zeroGrad()`` between passes.
    @inlinable
    public func backward(from root: Int32) {
        let end = checked(root)
        let nodes = storage.pointee.nodes
        nodes[end].isReached = true
        nodes[end].grad = 1
        var index = end
        while index >= 0 {
            defer { index -= 1 }
            guard nodes[index].isReached else { continue }
            nodes[index].isReached = false
            guard let operation = nodes[index].operation else { continue }
            let node = nodes[index]
            let lhs = Int(node.lhs)
            // operand.grad += what `Operator.contributions` says it receives: the one
            // definition of each local derivative, in micrograd's order. Each case passes its
            // operator as a constant, so the inlined definition folds to that case's formula
            // (one dispatch per node, as if it were written out here).
            @inline(__always) func binary(_ operation: Operator) {
                let rhs = Int(node.rhs)
                let (toLeft, toRight) = operation.contributions(
                    nodes[lhs].data, nodes[rhs].data, output: node.data, exponent: 0, grad: node.grad)
                nodes[lhs].grad += toLeft
                nodes[rhs].grad += toRight
                nodes[rhs].isReached = true
            }
            @inline(__always) func unary(_ operation: Operator, exponent: Double = 0) {
                nodes[lhs].grad +=
                    operation.contributions(nodes[lhs].data, 0, output: node.data, exponent: exponent, grad: node.grad)
                    .0
            }
            switch operation {
            case .add: binary(.add)
            case .subtract: binary(.subtract)
            case .multiply: binary(.multiply)
            case .divide: binary(.divide)
            case .negate: unary(.negate)
            case .power: unary(.power, exponent: exponent(of: node))
            case .exp: unary(.exp)
            case .log: unary(.log)
            case .tanh: unary(.tanh)
            case .relu: unary(.relu)
            case .sigmoid: unary(.sigmoid)
            }
            nodes[lhs].isReached = true
        }
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
    /// parameters changed). No new nodes are made.
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
