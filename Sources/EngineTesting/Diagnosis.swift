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
    /// No rule of the catalogue does, but this operation's backward step assigning its
    /// operands' gradients (`grad = …`) while every other operation adds (`+=`) does: a `=`
    /// left in one operation (the catalogue's `overwrite` is every operation's).
    case assigns(Operator)
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
        } else if let operation = Self.assigningOperation(program: program, found: found) {
            self = .assigns(operation)
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
        if case .assigns(let operation) = preferred,
            Self.assignmentExplains(operation, program: program, found: found)
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

    /// The one operation whose backward step assigning its operands' gradients (`grad = …`),
    /// while the others add (`+=`), gives `found` in some order of the backward pass; `nil`
    /// when none or more than one does.
    ///
    /// Each step sends the right amount, so no operation is wrong given correct inputs, and the
    /// operation-level diagnosis would blame a correct user of the value that lost part of its
    /// gradient (a right `tanh` for `c = b + a; c += a` with `=` in `+`). Checked from the
    /// engine's own numbers: the forward pass right, and each value's grad what one of its
    /// assigning users sent (the last to run) plus what some of its adding users sent (those
    /// that ran after it), or the whole sum where no assigning user reads it. Also over
    /// micrograd's inner values (`a - b` as `a + (-b)`), whose grads follow from their one user.
    static func assigningOperation(program: Program, found: EngineNumbers) -> Operator? {
        let fitting = assigningOperations(program: program, found: found)
        return fitting.count == 1 ? fitting[0] : nil
    }

    /// Every operation whose assigning explains `found` (see ``assigningOperation(program:found:)``).
    static func assigningOperations(program: Program, found: EngineNumbers) -> [Operator] {
        let graphs = assignmentGraphs(program: program, found: found)
        return Operator.allCases.filter { operation in graphs.contains { assignmentExplains(operation, in: $0) } }
    }

    /// Every diagnosis that explains `found` exactly: the catalogue's rules and each operation assigning.
    ///
    /// More than one when the program cannot tell them apart.
    static func candidates(program: Program, found: EngineNumbers) -> [Diagnosis] {
        matchingRules(program: program, found: found).map { .rule($0) }
            + assigningOperations(program: program, found: found).map { .assigns($0) }
    }

    /// Whether `operation` assigning where the others add explains `found` (see
    /// ``assigningOperation(program:found:)``).
    static func assignmentExplains(_ operation: Operator, program: Program, found: EngineNumbers) -> Bool {
        assignmentGraphs(program: program, found: found).contains { assignmentExplains(operation, in: $0) }
    }

    /// The engine's numbers as graphs to check an assignment on: over the program, and over
    /// micrograd's inner values when it has some; none when the forward pass is wrong.
    private static func assignmentGraphs(program: Program, found: EngineNumbers) -> [GraphSnapshot] {
        let expected = Oracle.run(program)
        let tolerance = RoundingTolerance(program: program, numbers: expected)
        let forwardRight = program.statements.indices.allSatisfy {
            RoundingTolerance.agrees(found.data[$0], expected.data[$0], within: tolerance.data[$0])
        }
        guard forwardRight else { return [] }
        let direct = program.snapshot(found, labelled: false)
        guard let expansion = program.microgradExpansion else { return [direct] }
        // The inner values' data as a right forward pass makes them; their grads what their one
        // user sends (assigned or added alike), from the last statement down.
        var data = Oracle.run(expansion.program).data
        var grads = [Double](repeating: 0, count: data.count)
        for (index, place) in expansion.places.enumerated() {
            data[place] = found.data[index]
            grads[place] = found.grads[index]
        }
        let placed = Set(expansion.places)
        let statements = expansion.program.statements
        for index in statements.indices.reversed() {
            guard let user = statements.indices.first(where: { $0 > index && statements[$0].operands.contains(index) }),
                !placed.contains(index)
            else { continue }
            let (first, second) = statements[user].operandPair
            let a = first.map { data[$0] } ?? 0
            let b = second.map { data[$0] } ?? 0
            var exponent = 0.0
            if case .power(_, let value) = statements[user] { exponent = value }
            guard let userOperation = statements[user].operation else { continue }
            let amounts = userOperation.contributions(a, b, output: data[user], exponent: exponent, grad: grads[user])
            grads[index] = (first == index ? amounts.0 : 0) + (second == index ? amounts.1 : 0)
        }
        return [direct, expansion.program.snapshot(EngineNumbers(data: data, grads: grads), labelled: false)]
    }

    /// ``assignmentExplains(_:program:found:)`` on a graph of the engine's numbers: never
    /// where no node is `assigning` (nothing is explained).
    private static func assignmentExplains(_ assigning: Operator, in snapshot: GraphSnapshot) -> Bool {
        let nodes = snapshot.nodes
        var reached = [Bool](repeating: false, count: nodes.count)
        reached[snapshot.root] = true
        for node in nodes.reversed() where reached[node.id] {
            for operand in node.operands { reached[operand] = true }
        }
        // Per value: each adding user's amount (its slots summed), and every amount an
        // assigning user may have left (a + a assigns twice: either slot's may be the last).
        var added = [[Double]](repeating: [], count: nodes.count)
        var assigned = [[Double]](repeating: [], count: nodes.count)
        var explainsSomething = false
        for node in nodes where reached[node.id] {
            guard let operation = node.operation, !node.operands.isEmpty else { continue }
            let a = nodes[node.operands[0]].data
            let b = node.operands.count > 1 ? nodes[node.operands[1]].data : 0
            let (toFirst, toSecond) = operation.contributions(
                a, b, output: node.data, exponent: node.exponent ?? 0, grad: node.grad)
            let amounts = [toFirst, toSecond]
            if operation == assigning {
                for (slot, operand) in node.operands.enumerated() { assigned[operand].append(amounts[slot]) }
                continue
            }
            for operand in Set(node.operands) {
                added[operand].append(
                    node.operands.indices.filter { node.operands[$0] == operand }.reduce(0) { $0 + amounts[$1] })
            }
        }
        func agrees(_ found: Double, _ terms: [Double]) -> Bool {
            let sum = terms.reduce(0, +)
            return abs(found - sum) <= 1e-12 + 1e-9 * max(abs(found), terms.reduce(0) { $0 + abs($1) })
        }
        for node in nodes where reached[node.id] && node.id != snapshot.root {
            let adding = added[node.id]
            guard !assigned[node.id].isEmpty else {
                guard agrees(node.grad, adding) else { return false }
                continue
            }
            // The last assigning user's amount, plus the adding users that ran after it.
            guard adding.count <= 12 else { return false }
            var fits = false
            for last in assigned[node.id] where !fits {
                for subset in 0..<(1 << adding.count) where !fits {
                    let after = adding.indices.filter { subset & (1 << $0) != 0 }.map { adding[$0] }
                    fits = agrees(node.grad, [last] + after)
                }
            }
            guard fits else { return false }
            // Something was lost here (it is not also the right sum): the assignment shows.
            if !agrees(node.grad, adding + assigned[node.id]) { explainsSomething = true }
        }
        return explainsSomething
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

    /// The operations that may have sent the wrong gradients in `found`, the likeliest first;
    /// empty when every grad is the sum of what its users send back.
    ///
    /// Each value whose grad is not the sum of what its users send back (from the engine's own
    /// data and grads) counts against its users' operations; the operations whose operands
    /// are most often wrong (as a share of all their operands) come first, the one used last
    /// first among equals. Only users the root depends on count: a user off that path sends
    /// nothing back. The numbers cannot tell which user of a value sent the wrong amount (`a`
    /// used by `exp` and by `a - a`, where `a - a` reads it twice and so has the larger share):
    /// test-engine runs each suspect alone in the engine (see `EngineTest`).
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
        // Every operation that reads a wrong grad is a suspect: the largest share first (shares
        // compared as fractions, exactly: wrong·all' against wrong'·all), then the one used last.
        return score.filter { $0.value.wrong > 0 }
            .sorted { first, second in
                let (one, other) = (first.value.wrong * second.value.all, second.value.wrong * first.value.all)
                return one != other ? one > other : first.value.last > second.value.last
            }
            .map { Suspect(operation: $0.key, statement: $0.value.last) }
    }

    /// The catalogue id for `rule:` lines; `nil` when no rule explains the numbers.
    public var ruleID: String? {
        switch self {
        case .rule(let rule): rule.rawValue
        case .rules(let first, let second): "\(first.rawValue)+\(second.rawValue)"
        case .assigns(let operation): "overwrite-in-\(operation.protocolName)"
        case .operation, .unexplained: nil
        }
    }

    /// One sentence for the report.
    public var sentence: String {
        switch self {
        case .rule(let rule): "your numbers are exactly those of \(rule.explanation)"
        case .rules(let first, let second):
            "your numbers are exactly those of two mistakes at once: \(first.explanation); and \(second.explanation)"
        case .assigns(let operation):
            "your numbers are exactly those of a backward pass in which '\(operation.protocolName)' assigns its operands' gradients (grad = …) instead of adding to them (grad += …) while every other operation adds: a value it reads twice, or that is also used elsewhere, keeps only part of its gradient"
        case .operation(let operation, .data):
            "no catalogued mistake explains your numbers; the first wrong value is computed by '\(operation.protocolName)' (its forward step, given correct operands)"
        case .operation(let operation, .grad):
            "no catalogued mistake explains your numbers; the first wrong gradient is sent back by '\(operation.protocolName)' (its backward step, given a correct upstream gradient)"
        case .unexplained:
            "no catalogued mistake explains your numbers, and no single step is wrong given its inputs"
        }
    }
}
