public import GraphChecks
public import GraphModel

/// What a difference says about the user's engine: the catalogue's wrong rule that reproduces
/// its numbers exactly, or else the operation they implicate.
public enum Diagnosis: Sendable, Equatable {
    /// Re-enacting this rule on the program gives the engine's numbers, every one of them.
    case rule(WrongRule)
    /// No one rule does, but these two made at once do (a port with two mistakes in one
    /// operation, or a wrong pass and a wrong rule). The first is the whole-pass rule, if any.
    case rules(WrongRule, WrongRule)
    /// No rule explains the numbers; this operation's forward step (data) or backward step
    /// (grad) is where they first go wrong.
    case operation(Operator, Verification.Quantity)
    /// Neither: numbers wrong in no way a local check can place.
    case unexplained

    /// Most paths a re-enacted naive recursion may walk (it visits a node once per path).
    static let recursionBudget = 1_000_000

    /// The diagnosis of `found`, the user's numbers for `program`: the first rule of the
    /// catalogue that reproduces them (see ``matchingRules(program:found:)``), else the
    /// implicated operation.
    public init(program: Program, found: EngineNumbers) {
        self.init(program: program, found: found, matching: Self.matchingRules(program: program, found: found))
    }

    /// The diagnosis given `matching`, the rules that reproduce `found` alone.
    private init(program: Program, found: EngineNumbers, matching: [WrongRule]) {
        if let rule = matching.first {
            self = .rule(rule)
        } else if let (first, second) = Self.matchingPair(program: program, found: found) {
            self = .rules(first, second)
        } else {
            self = Self.implicated(program: program, found: found)
        }
    }

    /// The diagnosis of `found`, keeping `preferred` when it still fits.
    ///
    /// A program both recursions explain stays the right-first recursion's while shrinking a
    /// program only it explains.
    public init(program: Program, found: EngineNumbers, preferring preferred: Diagnosis) {
        if case .rules(let first, let second) = preferred,
            Self.reproducesTogether(first, second, program: program, found: found)
        {
            self = preferred
            return
        }
        let matching = Self.matchingRules(program: program, found: found)
        if case .rule(let rule) = preferred, matching.contains(rule) {
            self = preferred
            return
        }
        self.init(program: program, found: found, matching: matching)
        // An operation tied for the blame with the one named stays named.
        if case .operation(let operation, .grad) = preferred, case .operation(_, .grad) = self,
            Self.gradientSuspects(program: program, found: found).contains(where: { $0.operation == operation })
        {
            self = preferred
        }
    }

    /// Whether `first` and `second` made at once give `found`, over the program or over micrograd's inner values.
    static func reproducesTogether(
        _ first: WrongRule, _ second: WrongRule, program: Program, found: EngineNumbers
    )
        -> Bool
    {
        if reproduces(first, alongside: second, over: program, places: Array(program.statements.indices), found: found)
        {
            return true
        }
        guard let expansion = program.microgradExpansion else { return false }
        return reproduces(first, alongside: second, over: expansion.program, places: expansion.places, found: found)
    }

    /// The first two rules (in catalogue order; a whole-pass rule first) that reproduce `found` together.
    ///
    /// Tried over the program and over micrograd's inner values, only when no one rule fits.
    /// Pairs of two whole-pass rules are not tried (one pass cannot be two ways at once).
    public static func matchingPair(program: Program, found: EngineNumbers) -> (WrongRule, WrongRule)? {
        let used = Set(program.operations + (program.microgradExpansion?.program.operations ?? []))
        // Only rules of operations the program uses, or of the whole pass.
        let rules = WrongRule.allCases.filter { $0.operation.map(used.contains) ?? true }
        for (index, first) in rules.enumerated() {
            for second in rules[(index + 1)...] where second.operation != nil {
                if reproducesTogether(first, second, program: program, found: found) { return (first, second) }
            }
        }
        return nil
    }

    /// Every rule of the catalogue whose re-enactment on `program` gives exactly `found`
    /// (within the rounding tolerance), in catalogue order.
    ///
    /// More than one when the program cannot tell them apart (both recursions agree on
    /// `a + a; b + b`). Rules are also re-enacted over micrograd's inner values
    /// (``Program/microgradExpansion``): an engine that builds `a / b` as `a * b**-1` walks
    /// those in its backward pass, and a wrong `*` shows in its `-a` and `a / b` too.
    public static func matchingRules(program: Program, found: EngineNumbers) -> [WrongRule] {
        let expansion = program.microgradExpansion
        return WrongRule.allCases.filter { rule in
            if reproducesDirectly(rule, program: program, found: found) { return true }
            guard let expansion else { return false }
            return reproduces(rule, over: expansion.program, places: expansion.places, found: found)
        }
    }

    /// Whether `rule` reproduces `found` over `program`'s own statements, not micrograd's inner values.
    ///
    /// When a matching rule does not, the report says it was re-enacted over them.
    public static func reproducesDirectly(_ rule: WrongRule, program: Program, found: EngineNumbers) -> Bool {
        reproduces(rule, over: program, places: Array(program.statements.indices), found: found)
            || (rule == .overwrite && overwritesInSomeOrder(program: program, found: found))
    }

    /// Whether re-enacting `rule` on `program` gives `found` at `places` (statement `i`'s
    /// numbers are `program`'s value `places[i]`).
    private static func reproduces(
        _ rule: WrongRule, alongside other: WrongRule? = nil, over program: Program, places: [Int],
        found: EngineNumbers
    )
        -> Bool
    {
        let correct = program.snapshot(Oracle.run(program), labelled: false)
        if rule == .recursive || rule == .recursiveRightFirst || rule == .recursiveSet,
            BackwardRun.recursiveVisitCount(correct) > Self.recursionBudget
        {
            return false
        }
        let (data, grads) = rule.reenact(correct, alongside: other)
        func agree(_ grads: [Double]) -> Bool {
            let tolerance = RoundingTolerance(
                program: program, numbers: EngineNumbers(data: data, grads: grads))
            return places.indices.allSatisfy { index in
                let place = places[index]
                return RoundingTolerance.agrees(found.data[index], data[place], within: tolerance.data[place])
                    && RoundingTolerance.agrees(found.grads[index], grads[place], within: tolerance.grads[place])
            }
        }
        return rule == .recursiveSet
            ? BackwardRun.someSetOrder(correct, data: data, alongside: other, accept: agree) : agree(grads)
    }

    /// Whether `found` are the numbers of `=` instead of `+=` with the users of a value run in
    /// some other topological order than micrograd's (the re-enactment uses micrograd's): the
    /// forward pass right, and each value's grad exactly what one of its users sent (the one
    /// that ran last), given the users' own grads.
    static func overwritesInSomeOrder(program: Program, found: EngineNumbers) -> Bool {
        let expected = Oracle.run(program)
        let tolerance = RoundingTolerance(program: program, numbers: expected)
        let forwardRight = program.statements.indices.allSatisfy {
            RoundingTolerance.agrees(found.data[$0], expected.data[$0], within: tolerance.data[$0])
        }
        guard forwardRight else { return false }
        let local = Verification(
            snapshot: program.snapshot(found, labelled: false), absoluteTolerance: 1e-12, relativeTolerance: 1e-9,
            rule: .overwrite)
        return local.mismatches.isEmpty
    }

    /// The operation whose step is wrong given correct inputs.
    ///
    /// Data: the first value (in program order) that is not its operation applied to its
    /// operands' data as the engine computed them. Grads: the first of
    /// ``gradientSuspects(program:found:)``.
    static func implicated(program: Program, found: EngineNumbers) -> Diagnosis {
        let snapshot = program.snapshot(found, labelled: false)
        let verification = Verification(snapshot: snapshot, absoluteTolerance: 1e-12, relativeTolerance: 1e-9)
        if let mismatch = verification.mismatches.first(where: { $0.quantity == .data }),
            let operation = snapshot.nodes[mismatch.id].operation
        {
            return .operation(operation, .data)
        }
        return gradientSuspects(snapshot, verification).first.map { .operation($0.operation, .grad) } ?? .unexplained
    }

    /// An operation that may send a wrong gradient back, and the last statement where it uses a
    /// value whose grad is wrong.
    public struct Suspect: Sendable, Equatable {
        public var operation: Operator
        public var statement: Int
    }

    /// The operations tied for the blame of the wrong gradients in `found`, the one used last
    /// first; empty when every grad is the sum of what its users send back.
    ///
    /// Each value whose grad is not the sum of what its users send back (from the engine's own
    /// data and grads) counts against its users' operations; the operations whose operands
    /// are most often wrong (as a share of all their operands) are the suspects. Only users
    /// the root depends on count: a user off that path sends nothing back. Where two tie
    /// (`a` used by `exp` and by `a * a`), the numbers cannot tell which of them sent the wrong
    /// amount: test-engine then runs each alone in the engine (see `EngineTest`).
    public static func gradientSuspects(program: Program, found: EngineNumbers) -> [Suspect] {
        let snapshot = program.snapshot(found, labelled: false)
        return gradientSuspects(
            snapshot, Verification(snapshot: snapshot, absoluteTolerance: 1e-12, relativeTolerance: 1e-9))
    }

    /// ``gradientSuspects(program:found:)`` given the engine's numbers as a graph and their
    /// local check.
    private static func gradientSuspects(_ snapshot: GraphSnapshot, _ verification: Verification) -> [Suspect] {
        let wrong = Set(verification.mismatches.filter { $0.quantity == .grad }.map(\.id))
        guard !wrong.isEmpty else { return [] }
        var reached = [Bool](repeating: false, count: snapshot.nodes.count)
        reached[snapshot.root] = true
        for node in snapshot.nodes.reversed() where reached[node.id] {
            for operand in node.operands { reached[operand] = true }
        }
        var score: [Operator: (wrong: Int, all: Int, last: Int)] = [:]
        for node in snapshot.nodes where reached[node.id] {
            guard let operation = node.operation else { continue }
            var entry = score[operation] ?? (0, 0, 0)
            for operand in node.operands {
                entry.all += 1
                if wrong.contains(operand) {
                    entry.wrong += 1
                    entry.last = node.id
                }
            }
            score[operation] = entry
        }
        let blamed = score.filter { $0.value.wrong > 0 }
        // Shares compared as fractions, exactly: wrong·all' against wrong'·all.
        guard let best = blamed.max(by: { $0.value.wrong * $1.value.all < $1.value.wrong * $0.value.all }) else {
            return []
        }
        return blamed.filter { $0.value.wrong * best.value.all == best.value.wrong * $0.value.all }
            .map { Suspect(operation: $0.key, statement: $0.value.last) }
            .sorted { $0.statement > $1.statement }
    }

    /// The catalogue id for `rule:` lines; `nil` when no rule explains the numbers.
    public var ruleID: String? {
        switch self {
        case .rule(let rule): rule.rawValue
        case .rules(let first, let second): "\(first.rawValue)+\(second.rawValue)"
        case .operation, .unexplained: nil
        }
    }

    /// One sentence for the report.
    public var sentence: String {
        switch self {
        case .rule(let rule): "your numbers are exactly those of \(rule.explanation)"
        case .rules(let first, let second):
            "your numbers are exactly those of two mistakes at once: \(first.explanation); and \(second.explanation)"
        case .operation(let operation, .data):
            "no catalogued mistake explains your numbers; the first wrong value is computed by '\(operation.protocolName)' (its forward step, given correct operands)"
        case .operation(let operation, .grad):
            "no catalogued mistake explains your numbers; the first wrong gradient is sent back by '\(operation.protocolName)' (its backward step, given a correct upstream gradient)"
        case .unexplained:
            "no catalogued mistake explains your numbers, and no single step is wrong given its inputs"
        }
    }
}
