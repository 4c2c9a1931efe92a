import GraphModel

/// Reduces a failing program to a small one that fails the same way (the same diagnosis).
///
/// Greedy, smallest candidates first: end the program at an earlier value; drop a statement,
/// letting its users read one of its operands instead; replace a computed value by a leaf
/// holding the oracle's number for it; replace a leaf by a simpler number (1, 2, -1, 0.5, -2,
/// 3) and a constant exponent by 2. A candidate is kept only if it stays inside
/// ``ProgramDomain`` and the engine still gets it wrong with the same diagnosis; the loop ends
/// when no candidate is kept or the run budget is spent.
public struct Shrinker {
    /// Most engine runs one shrink may make.
    public var budget: Int
    /// The engine's operations: a candidate may turn an operation into `add` or `mul` only if
    /// the engine has them.
    public var operations: Set<Operator>

    public init(budget: Int = 2_000, operations: Set<Operator> = Set(Operator.allCases)) {
        self.budget = budget
        self.operations = operations
    }

    /// Simplest numbers first; a leaf only moves to one earlier in this list.
    static let simpleNumbers: [Double] = [1, 2, -1, 0.5, -2, 3]

    /// The smallest program reached from `program` for which `failure` returns `diagnosis`, and
    /// the diagnosis it ends with.
    ///
    /// `failure` runs a candidate in the engine and returns its diagnosis, or `nil` when the
    /// engine gets it right.
    ///
    /// A candidate is kept only with the diagnosis of the program it came from: a failure no
    /// rule explains is not let turn into one a rule happens to explain on a smaller program
    /// (with leaves of 1, `relu` without a backward and `=` instead of `+=` give the same
    /// numbers), so a rule is named only when it explains the program that first failed.
    public func shrink<Failure: Error>(
        _ program: Program, diagnosis: Diagnosis, failure: (Program) throws(Failure) -> Diagnosis?
    ) throws(Failure) -> (program: Program, diagnosis: Diagnosis) {
        var current = program
        let target = diagnosis
        var runs = 0
        var tried: Set<String> = []
        improving: while runs < budget {
            for candidate in candidates(current) {
                let key = candidate.protocolText(number: 0)
                guard tried.insert(key).inserted else { continue }
                guard ProgramDomain.contains(candidate, numbers: Oracle.run(candidate)) else { continue }
                runs += 1
                let found = try failure(candidate)
                if found == target {
                    current = candidate
                    continue improving
                }
                if runs >= budget { break improving }
            }
            break
        }
        return (current, target)
    }

    /// Candidates for one step, fewest statements first.
    func candidates(_ program: Program) -> [Program] {
        var result: [Program] = []
        let statements = program.statements
        // End at an earlier value.
        for end in 0..<(program.count - 1) {
            result.append(Program(Array(statements[...end]), rebinds: program.rebinds).pruned())
        }
        // Drop a statement: its users read one of its operands instead, or any earlier value
        // (two leaves become one, a diamond closes).
        for index in statements.indices where index > 0 {
            let operands = Set(statements[index].operands).sorted()
            let others = program.count <= 24 ? (0..<index).filter { !operands.contains($0) } : []
            for replacement in operands + others {
                if let bypassed = program.replacingUses(of: index, with: replacement) { result.append(bypassed) }
            }
        }
        // A computed value becomes a leaf with the oracle's number.
        let data = Oracle.run(program).data
        for index in statements.indices where statements[index].operation != nil {
            var changed = statements
            changed[index] = .leaf(data[index])
            result.append(Program(changed, rebinds: program.rebinds).pruned())
        }
        result = result.filter { $0.count < program.count }.sorted { $0.count < $1.count }
        // Simpler numbers, same size.
        for (index, statement) in statements.enumerated() {
            switch statement {
            case .leaf(let value):
                let rank = Self.simpleNumbers.firstIndex(of: value) ?? Self.simpleNumbers.count
                for simpler in Self.simpleNumbers.prefix(rank) {
                    var changed = statements
                    changed[index] = .leaf(simpler)
                    result.append(Program(changed, rebinds: program.rebinds))
                }
            case .power(let operand, let exponent) where exponent != 2:
                var changed = statements
                changed[index] = .power(operand, exponent: 2)
                result.append(Program(changed, rebinds: program.rebinds))
            case .binary(let operation, let a, let b):
                // The plainest operations: `+`, then `*`.
                let plainer: [Operator] = operation == .add ? [] : operation == .multiply ? [.add] : [.add, .multiply]
                for simpler in plainer where operations.contains(simpler) {
                    var changed = statements
                    changed[index] = .binary(simpler, a, b)
                    result.append(Program(changed, rebinds: program.rebinds))
                }
            default: break
            }
        }
        return result
    }
}

extension Program {
    /// The program without statement `index`, its users reading `operand` instead (when
    /// `index` is the root, the program ends at `operand`); `nil` when nothing would be left.
    func replacingUses(of index: Int, with operand: Int) -> Program? {
        var statements: [Statement] = []
        var rebinds: Set<Int> = []
        func mapped(_ old: Int) -> Int {
            let target = old == index ? operand : old
            return target > index ? target - 1 : target
        }
        for (position, statement) in self.statements.enumerated() where position != index {
            if self.rebinds.contains(position) { rebinds.insert(position > index ? position - 1 : position) }
            statements.append(statement.replacingOperands(statement.operands.map(mapped)))
        }
        guard !statements.isEmpty else { return nil }
        if index == root {
            // The operand becomes the root: end the program there.
            return Program(Array(statements[...operand]), rebinds: rebinds).pruned()
        }
        return Program(statements, rebinds: rebinds).pruned()
    }
}
