public import GraphModel

/// Which rule a graph's wrong numbers come from: for each wrong gradient, the operation whose
/// backward step sent the wrong amount (when the graph determines it), and the entry of the
/// catalogue of wrong rules (``WrongRule``) that reproduces every printed number.
///
/// A wrong gradient lands on an operand, but the mistake is in its user's backward rule: a
/// wrong tanh derivative shows at tanh's input `n` (whose own operation may be `+`). Naming
/// the user's operation points the learner at the code to fix.
public struct RuleDiagnosis: Sendable {
    /// For a wrong gradient at a node used by exactly one operation: that operation's node.
    public var sender: [Int: Int]
    /// The catalogue entries whose re-enactment gives every printed number, most specific first
    /// (empty when none does).
    public var rules: [WrongRule]

    public init(snapshot: GraphSnapshot, printed: PrintedPrecision? = nil, verification: Verification) {
        var users = [[Int]](repeating: [], count: snapshot.nodes.count)
        for node in snapshot.nodes {
            for (slot, operand) in node.operands.enumerated() where !node.operands[..<slot].contains(operand) {
                users[operand].append(node.id)
            }
        }
        var sender: [Int: Int] = [:]
        for mismatch in verification.mismatches where mismatch.quantity == .grad {
            if users[mismatch.id].count == 1 { sender[mismatch.id] = users[mismatch.id][0] }
        }
        self.sender = sender
        guard !verification.mismatches.isEmpty else {
            rules = []
            return
        }
        var rules: [WrongRule] = []
        // Only rules that could have made these numbers: of an operation a wrong number is made
        // or sent by, or of the whole pass where a wrong gradient lands on a shared value.
        var operations: Set<Operator> = []
        var shared = false
        // Whole-pass rules show where a value is shared: at it (`a + a` under `=`), or at what
        // a shared value was made from (a recursion runs its step once per path).
        func isShared(_ id: Int) -> Bool {
            users[id].count > 1
                || users[id].contains { user in snapshot.nodes[user].operands.filter { $0 == id }.count > 1 }
        }
        for mismatch in verification.mismatches {
            if mismatch.quantity == .data, let operation = snapshot.nodes[mismatch.id].operation {
                operations.insert(operation)
            }
            guard mismatch.quantity == .grad else { continue }
            for user in users[mismatch.id] {
                if let operation = snapshot.nodes[user].operation { operations.insert(operation) }
            }
            if isShared(mismatch.id) || users[mismatch.id].contains(where: isShared) { shared = true }
        }
        // Rules of one operation first (they say more), then those of the whole pass.
        for rule in WrongRule.allCases.sorted(by: { ($0.operation == nil ? 1 : 0) < ($1.operation == nil ? 1 : 0) }) {
            if let operation = rule.operation, !operations.contains(operation) { continue }
            if rule.operation == nil && !shared { continue }
            switch rule {
            case .recursive, .recursiveRightFirst, .recursiveSet:
                if Self.reproducesByReenactment(rule, snapshot: snapshot, printed: printed) { rules.append(rule) }
            default:
                if Verification(snapshot: snapshot, printed: printed, rule: rule).mismatches.isEmpty {
                    rules.append(rule)
                }
            }
        }
        self.rules = rules
    }

    /// Rules that change the order of the backward pass are checked by running it from the
    /// printed data, and comparing every printed gradient within its printed precision.
    static func reproducesByReenactment(_ rule: WrongRule, snapshot: GraphSnapshot, printed: PrintedPrecision?) -> Bool
    {
        guard BackwardRun.recursiveVisitCount(snapshot) <= 1_000_000 else { return false }
        let data = snapshot.nodes.map(\.data)
        if rule == .recursiveSet {
            return BackwardRun.someSetOrder(snapshot, data: data) { matches($0, snapshot: snapshot, printed: printed) }
        }
        return matches(
            BackwardRun(snapshot: snapshot, data: data, rule: rule).grads, snapshot: snapshot, printed: printed)
    }

    /// Whether every printed gradient is `grads`' within its printed precision.
    private static func matches(_ grads: [Double], snapshot: GraphSnapshot, printed: PrintedPrecision?) -> Bool {
        for node in snapshot.nodes {
            let uncertainty = printed?.grad[node.id] ?? 0
            guard uncertainty.isFinite else { continue }
            let expected = grads[node.id]
            let found = node.grad
            if expected.isNaN || found.isNaN {
                if expected.isNaN != found.isNaN { return false }
                continue
            }
            let allowed = 1e-9 * max(abs(expected), abs(found)) + 1e-12 + 1.25 * uncertainty + 1e-6 * abs(expected)
            if abs(expected - found) > allowed { return false }
        }
        return true
    }
}
