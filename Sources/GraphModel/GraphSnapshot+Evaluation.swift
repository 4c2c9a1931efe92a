// MARK: - Recomputing a snapshot's numbers

extension GraphSnapshot {
    /// The forward value of a node from its operands' values in `data`.
    @inlinable
    func forwardValue(of node: Node, data: [Double]) -> Double {
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

    /// Gradients of the root with respect to every node, by a correct backward pass over
    /// `data` (reverse topological order, visiting only what the root depends on, adding
    /// each contribution): the numbers gradviz's engine computes, to the last bit.
    public func backwardGradients(data: [Double]) -> [Double] {
        BackwardRun(snapshot: self, data: data, bug: nil).grads
    }
}

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
            var (first, second) = operation.contributions(a, b, output: data[id], exponent: node.exponent ?? 0, grad: g)
            if bug == .subtractionSign && operation == .subtract { second = g }
            add(first, to: node.operands[0], slot: 0, operation: operation)
            if node.operands.count > 1 { add(second, to: node.operands[1], slot: 1, operation: operation) }
        }
        func add(_ amount: Double, to operand: Int, slot: Int, operation: Operator) {
            if bug == .overwrite { grads[operand] = amount } else { grads[operand] += amount }
        }

        switch bug {
        case .recursive, .recursiveRightToLeft:
            // Naive recursion: each node runs its step, then recurses into every operand,
            // without a topological order or a visited set. Iterative, with an explicit stack.
            var stack = [snapshot.root]
            while let id = stack.popLast() {
                step(id)
                let operands = nodes[id].operands
                stack += bug == .recursive ? operands.reversed() : operands
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
    /// How many nodes the naive recursion (``BackwardBug/recursive``) visits, counted without
    /// doing it: a node is visited once for every path from the root to it, so the counts
    /// add up from the root down in reverse topological order. Saturates at `Int.max` (a
    /// chain of `b = a + a` doublings passes it after 63 statements).
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

/// The backward-pass bugs that people re-implementing micrograd run into, which gradviz can
/// re-enact to show what they do to the gradients.
public enum BackwardBug: String, CaseIterable, Sendable {
    /// `grad = …` instead of `grad += …`: a value used twice keeps only its last contribution.
    case overwrite
    /// Recursion into operands (left first) instead of one pass in reverse topological order:
    /// shared nodes run their backward step more than once.
    case recursive
    /// The same recursion visiting operands right to left.
    case recursiveRightToLeft = "recursive-right-first"
    /// Backward run twice without zeroing gradients in between: they pile up.
    case noZeroGrad = "no-zero-grad"
    /// The right operand of `-` receives `+out.grad` instead of `-out.grad`.
    case subtractionSign = "sub-sign"
    /// Each `x += y` computes the sum but drops it: `x` keeps its old value.
    case droppedResult = "dropped-result"

    /// One line on what the bug is and where it comes from.
    public var explanation: String {
        switch self {
        case .overwrite: "gradients assigned (grad = ...) instead of accumulated (grad += ...): b = a + a gives a.grad 1, not 2"
        case .recursive: "backward by recursion into operands, left first, with no topological order: a=2; b=a+a; c=a*b; d=c+b gives a.grad 16, not 10"
        case .recursiveRightToLeft: "the same naive recursion visiting the right operand first: the seed example gives 12"
        case .noZeroGrad: "backward run again without zero_grad: every gradient doubles (in training, they pile up across steps)"
        case .subtractionSign: "subtraction's backward sends +grad to its right operand instead of -grad"
        case .droppedResult: "x += y written as a call whose result is thrown away (act.Add(y) in Go): x never changes"
        }
    }
}
