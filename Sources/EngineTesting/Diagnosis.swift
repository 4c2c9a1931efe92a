public import GraphChecks
public import GraphModel

/// What a difference says about the user's engine: the catalogue's wrong rule that reproduces
/// its numbers exactly, or else the operation they implicate.
public enum Diagnosis: Sendable, Equatable {
    /// Re-enacting this rule on the program gives the engine's numbers, every one of them.
    case rule(WrongRule)
    /// No rule explains the numbers; this operation's forward step (data) or backward step
    /// (grad) is where they first go wrong.
    case operation(Operator, Verification.Quantity)
    /// Neither: numbers wrong in no way a local check can place.
    case unexplained

    /// Most paths a re-enacted naive recursion may walk (it visits a node once per path).
    static let recursionBudget = 1_000_000

    /// The diagnosis of `found`, the user's numbers for `program`.
    public init(program: Program, found: EngineNumbers) {
        let correct = program.snapshot(Oracle.run(program))
        for rule in WrongRule.allCases {
            if rule == .recursive || rule == .recursiveRightFirst,
                BackwardRun.recursiveVisitCount(correct) > Self.recursionBudget
            {
                continue
            }
            let (data, grads) = rule.reenact(correct)
            let reenacted = EngineNumbers(data: data, grads: grads)
            let tolerance = RoundingTolerance(snapshot: program.snapshot(reenacted))
            let matches = program.statements.indices.allSatisfy { index in
                RoundingTolerance.agrees(found.data[index], data[index], within: tolerance.data[index])
                    && RoundingTolerance.agrees(found.grads[index], grads[index], within: tolerance.grads[index])
            }
            if matches {
                self = .rule(rule)
                return
            }
        }
        self = Self.implicated(program: program, found: found)
    }

    /// The operation whose step is wrong given correct inputs: the first value (in program
    /// order) whose data is not its operation applied to its operands' data as the engine
    /// computed them; else the first value in backward order whose grad is not the sum of
    /// what its users send back (from the engine's own data and grads), which implicates the
    /// operation of its last user.
    static func implicated(program: Program, found: EngineNumbers) -> Diagnosis {
        let snapshot = program.snapshot(found)
        let verification = Verification(snapshot: snapshot, absoluteTolerance: 1e-12, relativeTolerance: 1e-9)
        if let mismatch = verification.mismatches.first(where: { $0.quantity == .data }),
            let operation = snapshot.nodes[mismatch.id].operation
        {
            return .operation(operation, .data)
        }
        let grads = verification.mismatches.filter { $0.quantity == .grad }.map(\.id)
        if let worst = grads.max(),
            let user = snapshot.nodes.last(where: { $0.operands.contains(worst) }),
            let operation = user.operation
        {
            return .operation(operation, .grad)
        }
        return .unexplained
    }

    /// The catalogue id for `rule:` lines; `nil` when no rule explains the numbers.
    public var ruleID: String? {
        if case .rule(let rule) = self { return rule.rawValue }
        return nil
    }

    /// One sentence for the report.
    public var sentence: String {
        switch self {
        case .rule(let rule): "your numbers are exactly those of \(rule.explanation)"
        case .operation(let operation, .data):
            "no catalogued mistake explains your numbers; the first wrong value is computed by '\(operation.protocolName)' (its forward step, given correct operands)"
        case .operation(let operation, .grad):
            "no catalogued mistake explains your numbers; the first wrong gradient is sent back by '\(operation.protocolName)' (its backward step, given a correct upstream gradient)"
        case .unexplained:
            "no catalogued mistake explains your numbers, and no single step is wrong given its inputs"
        }
    }
}
