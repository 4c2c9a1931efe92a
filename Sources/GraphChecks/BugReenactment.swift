public import GraphModel

/// A graph with the gradients a classic backward bug computes, beside the correct ones: what
/// `gradviz expr --inject BUG` draws.
public struct BugReenactment: Sendable {
    /// The graph as the bug leaves it (its grads, and for `dropped-result` its values).
    public var buggy: GraphSnapshot
    /// The correct gradient of each node of `buggy` (NaN where there is no counterpart).
    public var correctGrads: [Double]
    /// Whether each node's gradient differs from the correct one.
    public var differs: [Bool]
    /// One sentence on what the bug did.
    public var summary: String
    /// A warning to show beside it, if any.
    public var warning: String?

    /// Most backward steps a re-enacted naive recursion may run (each is recorded for
    /// `--order`: about 16 bytes a step).
    public static let recursionBudget = 10_000_000

    /// Re-enacts `bug` on `correct` (a graph with correct gradients).
    /// - Parameters:
    ///   - bug: the classic mistake to re-enact.
    ///   - correct: the graph, with its correct gradients.
    ///   - droppedResultGraph: for ``BackwardBug/droppedResult``, the graph the program
    ///     makes when every `x op= y` drops its result (re-run by the caller, who has the
    ///     program), already backpropagated.
    /// - Throws: ``BugReenactmentError`` when ``BackwardBug/droppedResult`` has no
    ///   `droppedResultGraph`, or a naive recursion would run past ``recursionBudget`` steps.
    public init(
        bug: BackwardBug, correct: GraphSnapshot, droppedResultGraph: GraphSnapshot? = nil
    ) throws(BugReenactmentError) {
        let data = correct.nodes.map(\.data)
        var buggy = correct
        var correctGrads = correct.nodes.map(\.grad)
        var comparable = [Bool](repeating: true, count: correct.nodes.count)
        switch bug {
        case .droppedResult:
            guard let dropped = droppedResultGraph else {
                throw BugReenactmentError(
                    message: "dropped-result needs the program run again with its results dropped")
            }
            buggy = dropped
            // Match nodes by label (inputs and named values): the correct run's last value of each name.
            var correctByLabel: [String: GraphSnapshot.Node] = [:]
            for node in correct.nodes { if let label = node.label { correctByLabel[label] = node } }
            // Nodes with no counterpart (unnamed intermediates) get NaN and are not compared.
            correctGrads = buggy.nodes.map { node in
                node.id == buggy.root
                    ? correct.nodes[correct.root].grad : node.label.flatMap { correctByLabel[$0]?.grad } ?? .nan
            }
            comparable = buggy.nodes.map { node in
                node.id == buggy.root || node.label.map { correctByLabel[$0] != nil } == true
            }
            let rootLabel = buggy.nodes[buggy.root].label ?? "the root"
            let before = correct.nodes[correct.root].data
            let after = buggy.nodes[buggy.root].data
            summary =
                before == after || (before.isNaN && after.isNaN)
                ? "the program has no `x op= y` whose result could be dropped: \(rootLabel) is \(NumberFormat.short(after)) either way"
                : "each `x op= y` computed its result and dropped it: \(rootLabel) is \(NumberFormat.short(after)) instead of \(NumberFormat.short(before))"
        case .noZeroGrad:
            let first = BackwardRun(snapshot: correct, data: data, bug: nil)
            let second = BackwardRun(snapshot: correct, data: data, bug: nil, startingGrads: first.grads)
            for node in buggy.nodes { buggy.nodes[node.id].grad = second.grads[node.id] }
            let stale = first.grads.enumerated().filter { $0.offset != correct.root && $0.element != 0 }.count
            warning =
                "backward ran while \(stale) node\(stale == 1 ? "" : "s") already held non-zero gradients: call zero_grad() (zeroGrad()) before each backward pass"
            summary = "backward ran twice without zeroing: gradients added up"
        default:
            if bug == .recursive || bug == .recursiveRightToLeft { try Self.checkRecursionBudget(correct, bug: bug) }
            let run = BackwardRun(snapshot: correct, data: data, bug: bug)
            for node in buggy.nodes { buggy.nodes[node.id].grad = run.grads[node.id] }
            summary = bug.explanation
        }
        differs = zip(zip(buggy.nodes, correctGrads), comparable).map { pair, compared in
            compared && !(pair.1 == pair.0.grad || (pair.1.isNaN && pair.0.grad.isNaN))
        }
        let differing = differs.filter { $0 }.count
        if bug != .droppedResult { summary += "; \(differing == 1 ? "1 node differs" : "\(differing) nodes differ")" }
        self.buggy = buggy
        self.correctGrads = correctGrads
    }

    /// Refuses a naive recursion that would run more than ``recursionBudget`` steps, saying
    /// how many it would run (counted without running them).
    public static func checkRecursionBudget(_ snapshot: GraphSnapshot, bug: BackwardBug) throws(BugReenactmentError) {
        let visits = BackwardRun.recursiveVisitCount(snapshot)
        guard visits > recursionBudget else { return }
        let count = visits == Int.max ? "more than \(Int.max)" : "\(visits)"
        throw BugReenactmentError(
            message:
                "the naive recursion would visit nodes \(count) times on this graph of \(snapshot.nodes.count) nodes (a correct backward pass visits each once); gradviz re-enacts up to \(recursionBudget) visits, so try a smaller program"
        )
    }
}

/// Why a bug could not be re-enacted.
public struct BugReenactmentError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
