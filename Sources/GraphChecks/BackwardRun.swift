import Foundation
public import GraphModel

/// A backward pass over a snapshot, done right or with one of the classic bugs, recording
/// the order in which nodes ran their backward step and how many times each did.
public struct BackwardRun: Sendable {
    /// Gradient of every node at the end of the pass.
    public var grads: [Double]
    /// Node ids in the order their backward step ran (a node may appear more than once).
    public var order: [Int]
    /// How many times each node's backward step ran (1 when correct, 0 for leaves).
    public var runs: [Int]

    public init(snapshot: GraphSnapshot, data: [Double], bug: BackwardBug?, startingGrads: [Double]? = nil) {
        self.init(snapshot: snapshot, data: data, rule: bug?.rule, startingGrads: startingGrads)
    }

    /// A backward pass with one of the catalogue's wrong rules (`nil`: the right one).
    ///
    /// For ``WrongRule/recursiveSet``, `setOrder` says which of the nodes with two distinct
    /// operands (``setOrderChoices(_:)``, bit `i` for the `i`-th of them in id order) visit
    /// their right operand first.
    /// `alongside` is a second rule, of an operation, made at the same time.
    public init(
        snapshot: GraphSnapshot, data: [Double], rule: WrongRule?, alongside other: WrongRule? = nil,
        startingGrads: [Double]? = nil, setOrder: UInt64 = 0
    ) {
        let bug = rule
        let nodes = snapshot.nodes
        var grads = startingGrads ?? [Double](repeating: 0, count: nodes.count)
        var order: [Int] = []
        var runs = [Int](repeating: 0, count: nodes.count)
        grads[snapshot.root] = 1

        func step(_ id: Int) {
            let node = nodes[id]
            guard let operation = node.operation else { return }
            order.append(id)
            runs[id] += 1
            let g = grads[id]
            if node.isNarySum {
                for operand in node.operands { add(g, to: operand, slot: 0, operation: operation) }
                return
            }
            let a = data[node.operands[0]]
            let b = node.operands.count > 1 ? data[node.operands[1]] : 0
            let (first, second) = WrongRule.contributions(
                bug, alongside: other, operation, a, b, output: data[id], exponent: node.exponent ?? 0, grad: g)
            add(first, to: node.operands[0], slot: 0, operation: operation)
            if node.operands.count > 1 { add(second, to: node.operands[1], slot: 1, operation: operation) }
        }
        func add(_ amount: Double, to operand: Int, slot: Int, operation: Operator) {
            if bug == .overwrite { grads[operand] = amount } else { grads[operand] += amount }
        }

        switch bug {
        case .recursive, .recursiveRightFirst:
            // Naive recursion: each node runs its step, then recurses into every operand,
            // without a topological order or a visited set. Iterative, with an explicit stack.
            var stack = [snapshot.root]
            while let id = stack.popLast() {
                step(id)
                let operands = nodes[id].operands
                stack += bug == .recursive ? operands.reversed() : operands
            }
        case .recursiveSet:
            // The same recursion into each node's distinct operands (a set), in the order the
            // choice bits give: a set's order is fixed for the set, not for the visit.
            var choice = [Int](repeating: -1, count: nodes.count)
            for (index, id) in Self.setOrderChoices(snapshot).enumerated() { choice[id] = index }
            var stack = [snapshot.root]
            while let id = stack.popLast() {
                step(id)
                var operands: [Int] = []
                for operand in nodes[id].operands where !operands.contains(operand) { operands.append(operand) }
                let rightFirst = choice[id] >= 0 && choice[id] < 64 && setOrder & (1 << UInt64(choice[id])) != 0
                stack += rightFirst ? operands : operands.reversed()
            }
        default:
            var reached = [Bool](repeating: false, count: nodes.count)
            reached[snapshot.root] = true
            for node in nodes.reversed() where reached[node.id] {
                step(node.id)
                for operand in node.operands { reached[operand] = true }
            }
        }
        self.grads = grads
        self.order = order
        self.runs = runs
    }
}

extension BackwardRun {
    /// The nodes whose operand order a set-based recursion (``WrongRule/recursiveSet``) can
    /// choose: those with two distinct operands that are both made by an operation (visiting a
    /// leaf does nothing, so its place in the order changes nothing), in id order.
    ///
    /// Their `2^count` orders are all the passes such an engine can make.
    public static func setOrderChoices(_ snapshot: GraphSnapshot) -> [Int] {
        let nodes = snapshot.nodes
        return nodes.filter { node in
            node.operation != nil && !node.isNarySum && node.operands.count == 2 && node.operands[0] != node.operands[1]
                && node.operands.allSatisfy { nodes[$0].operation != nil }
        }.map(\.id)
    }

    /// Most choice nodes (``setOrderChoices(_:)``) whose orders are all tried: 2^12 passes.
    ///
    /// Beyond it no order is tried: the orders cannot all be searched, and one of them fitting
    /// by chance is not to be counted on (a large graph's set recursion goes unnamed).
    public static let setOrderLimit = 12

    /// Whether some order of a set-based recursion (``WrongRule/recursiveSet``) over `data`
    /// gives grads that `accept` takes.
    public static func someSetOrder(
        _ snapshot: GraphSnapshot, data: [Double], alongside other: WrongRule? = nil, accept: ([Double]) -> Bool
    ) -> Bool {
        let choices = setOrderChoices(snapshot).count
        guard choices <= setOrderLimit else { return false }
        let orders: UInt64 = 1 << UInt64(choices)
        for order in 0..<orders {
            let run = BackwardRun(
                snapshot: snapshot, data: data, rule: .recursiveSet, alongside: other, setOrder: order)
            if accept(run.grads) { return true }
        }
        return false
    }
}

extension BackwardBug {
    /// The catalogue's entry for a bug that is a wrong rule of the backward pass; `nil` for bugs
    /// of the program around it (a missing `zero_grad`, a dropped result).
    public var rule: WrongRule? {
        switch self {
        case .overwrite: .overwrite
        case .recursive: .recursive
        case .recursiveRightToLeft: .recursiveRightFirst
        case .subtractionSign: .subtractionSign
        case .noZeroGrad, .droppedResult: nil
        }
    }
}

extension BackwardRun {
    /// How many nodes the naive recursion (``BackwardBug/recursive``) visits, counted without
    /// doing it: a node is visited once for every path from the root to it, so the counts add
    /// up from the root down in reverse topological order.
    ///
    /// Saturates at `Int.max` (a chain of `b = a + a` doublings passes it after 63 statements).
    public static func recursiveVisitCount(_ snapshot: GraphSnapshot) -> Int {
        var visits = [Int](repeating: 0, count: snapshot.nodes.count)
        guard visits.indices.contains(snapshot.root) else { return 0 }
        visits[snapshot.root] = 1
        var total = 0
        for node in snapshot.nodes.reversed() where visits[node.id] > 0 {
            let count = visits[node.id]
            total = saturatingSum(total, count)
            for operand in node.operands { visits[operand] = saturatingSum(visits[operand], count) }
        }
        return total
    }

    private static func saturatingSum(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? Int.max : sum
    }
}

extension GraphSnapshot {
    /// Gradients of the root with respect to every node, by a correct backward pass over
    /// `data` (reverse topological order, visiting only what the root depends on, adding
    /// each contribution): the numbers gradviz's engine computes, to the last bit.
    public func backwardGradients(data: [Double]) -> [Double] {
        BackwardRun(snapshot: self, data: data, bug: nil).grads
    }
}
