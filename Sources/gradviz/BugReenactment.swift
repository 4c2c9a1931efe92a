import Autograd
import DotExport
import ExpressionLanguage
import GraphModel

/// A program's graph with the gradients a classic bug computes, and notes on every node whose
/// gradient differs from the correct one.
struct BugReenactment {
    /// The graph as the bug leaves it (its grads, and for `dropped-result` its values).
    var buggy: GraphSnapshot
    var annotations: [Int: Annotation] = [:]
    var correctGradColumn: [String] = []
    var differsColumn: [String] = []
    var summary: String
    var warning: String?

    /// `programText` is the program as already read (stdin cannot be read again).
    init(bug: BackwardBug, correct: GraphSnapshot, program: ProgramOptions, programText: String) throws(CommandFailure) {
        let data = correct.nodes.map(\.data)
        var buggy = correct
        var correctGrads = correct.nodes.map(\.grad)
        switch bug {
        case .droppedResult:
            let evaluation = try program.evaluate(programText, dropCompoundResults: true)
            evaluation.root.backward()
            buggy = evaluation.root.snapshot()
            // Match nodes by label (inputs and named values): the correct run's last value of each name.
            var correctByLabel: [String: GraphSnapshot.Node] = [:]
            for node in correct.nodes { if let label = node.label { correctByLabel[label] = node } }
            correctGrads = buggy.nodes.map { node in node.label.flatMap { correctByLabel[$0]?.grad } ?? .nan }
            let rootLabel = buggy.nodes[buggy.root].label ?? "the root"
            summary = "each `x op= y` computed its result and dropped it: \(rootLabel) is \(NumberFormat.short(buggy.nodes[buggy.root].data)) instead of \(NumberFormat.short(correct.nodes[correct.root].data))"
        case .noZeroGrad:
            let first = BackwardRun(snapshot: correct, data: data, bug: nil)
            let second = BackwardRun(snapshot: correct, data: data, bug: nil, startingGrads: first.grads)
            for node in buggy.nodes { buggy.nodes[node.id].grad = second.grads[node.id] }
            let stale = first.grads.enumerated().filter { $0.offset != correct.root && $0.element != 0 }.count
            warning = "backward ran while \(stale) node\(stale == 1 ? "" : "s") already held non-zero gradients: call zero_grad() (zeroGrad()) before each backward pass"
            summary = "backward ran twice without zeroing: gradients added up"
        default:
            if bug == .recursive || bug == .recursiveRightToLeft { try Self.checkRecursionBudget(correct, option: "--inject \(bug.rawValue)") }
            let run = BackwardRun(snapshot: correct, data: data, bug: bug)
            for node in buggy.nodes { buggy.nodes[node.id].grad = run.grads[node.id] }
            summary = bug.explanation
        }
        var differing = 0
        for node in buggy.nodes {
            let expected = correctGrads[node.id]
            let differs = !(expected == node.grad || (expected.isNaN && node.grad.isNaN))
            correctGradColumn.append(NumberFormat.exact(expected))
            differsColumn.append(differs ? "yes" : "")
            if differs {
                differing += 1
                annotations[node.id] = Annotation(["correct grad \(NumberFormat.short(expected))"], isProblem: true)
            }
        }
        if bug != .droppedResult { summary += "; \(differing == 1 ? "1 node differs" : "\(differing) nodes differ")" }
        self.buggy = buggy
    }

    /// Most backward steps a re-enacted naive recursion may run (each is recorded for
    /// `--order`: about 16 bytes a step).
    static let recursionBudget = 10_000_000

    /// Refuses a naive recursion that would run more than ``recursionBudget`` steps, saying
    /// how many it would run (counted without running them).
    static func checkRecursionBudget(_ snapshot: GraphSnapshot, option: String) throws(CommandFailure) {
        let visits = BackwardRun.recursiveVisitCount(snapshot)
        guard visits > recursionBudget else { return }
        let count = visits == Int.max ? "more than \(Int.max)" : "\(visits)"
        throw CommandFailure("\(option): the naive recursion would visit nodes \(count) times on this graph of \(snapshot.nodes.count) nodes (a correct backward pass visits each once); gradviz re-enacts up to \(recursionBudget) visits, so try a smaller program", exitCode: .usage)
    }
}
