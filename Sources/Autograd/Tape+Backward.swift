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
            let g = node.grad
            // Each case: operand.grad += d(out)/d(operand) * out.grad, in micrograd's order.
            switch operation {
            case .add:
                let rhs = Int(node.rhs)
                nodes[lhs].grad += g
                nodes[rhs].grad += g
                nodes[rhs].isReached = true
            case .subtract:
                let rhs = Int(node.rhs)
                nodes[lhs].grad += g
                nodes[rhs].grad -= g
                nodes[rhs].isReached = true
            case .multiply:
                let rhs = Int(node.rhs)
                let a = nodes[lhs].data
                let b = nodes[rhs].data
                nodes[lhs].grad += b * g
                nodes[rhs].grad += a * g
                nodes[rhs].isReached = true
            case .divide:
                let rhs = Int(node.rhs)
                let b = nodes[rhs].data
                nodes[lhs].grad += g / b
                nodes[rhs].grad -= g * node.data / b
                nodes[rhs].isReached = true
            case .negate:
                nodes[lhs].grad -= g
            case .exp:
                nodes[lhs].grad += node.data * g
            case .tanh:
                nodes[lhs].grad += (1 - node.data * node.data) * g
            case .relu:
                nodes[lhs].grad += (node.data > 0 ? 1 : 0) * g
            case .power:
                let a = nodes[lhs].data
                let exponent = exponent(of: node)
                // micrograd: (other * self.data**(other-1)) * out.grad; x**0 is the constant 1,
                // whose gradient is 0 (the formula gives 0 * 0**-1 = NaN at x = 0). Only pow
                // nodes pay for the test.
                nodes[lhs].grad += exponent == 0 ? 0 : (exponent * Foundation.pow(a, exponent - 1)) * g
            case .log, .sigmoid:
                let (contribution, _) = operation.contributions(nodes[lhs].data, 0, output: node.data, exponent: 0, grad: g)
                nodes[lhs].grad += contribution
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
