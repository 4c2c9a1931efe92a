import Autograd
public import GraphModel

/// Random programs over a set of operations, reproducible from a seed: program `k` of seed `s`
/// is the same on every machine and every run, whatever came before it.
///
/// The shapes are the ones that break engines: a value reused in both slots (`a + a`,
/// `a * a`), a value read by several nodes (diamonds, the naive-recursion bug), chains, every
/// operation the engine has (a value exponent included), `+=`-style rebinding, and sizes from
/// a single leaf up. Every program stays inside ``ProgramDomain`` (away from kinks and domain
/// edges), checked on the oracle's numbers as it is built.
public struct ProgramGenerator: Sendable {
    /// The operations programs may use, in `Operator` order.
    public var operations: [Operator]
    /// Most statements in a program (leaves included).
    public var maximumSize: Int

    public init(operations: Set<Operator>, maximumSize: Int = 12) {
        precondition(maximumSize >= 1, "a program has at least one statement")
        self.operations = Operator.allCases.filter(operations.contains)
        self.maximumSize = maximumSize
    }

    /// Program number `index` of `seed`.
    public func program(seed: UInt64, index: Int) -> Program {
        programAndNumbers(seed: seed, index: index).program
    }

    /// Program number `index` of `seed` and the oracle's numbers for it (computed to check it
    /// stays in the domain, so a caller comparing them need not run the oracle again).
    public func programAndNumbers(seed: UInt64, index: Int) -> (program: Program, numbers: EngineNumbers) {
        programAndNumbers(seed: seed, index: index, tape: Tape(capacity: maximumSize))
    }

    /// The same, the oracle running on `tape` (a caller making many programs keeps one).
    func programAndNumbers(seed: UInt64, index: Int, tape: Tape) -> (program: Program, numbers: EngineNumbers) {
        var random = SeededGenerator(
            seed: SeededGenerator.mix(seed &+ SeededGenerator.mix(UInt64(truncatingIfNeeded: index))))
        // Sizes: all from 1 up, the small ones (where minimal failures live) more often.
        let size = random.pick(3) == 0 ? 1 + random.pick(min(maximumSize, 4)) : 1 + random.pick(maximumSize)
        for _ in 0..<20 {
            if let made = attempt(size: size, random: &random, tape: tape) { return made }
        }
        let leaf = Program([.leaf(leafValue(&random))])
        return (leaf, Oracle.run(leaf, on: tape))
    }

    /// `program` with each operation whose value is exactly 0 (`b - b`, `relu` of a negative)
    /// made a leaf of another value (drawn as the generator draws leaves, from `seed`), staying
    /// in the domain; `nil` when no value is 0, or when 20 tries leave the domain.
    public func withoutComputedZeros(_ program: Program, seed: UInt64) -> Program? {
        let data = Oracle.run(program).data
        let zeros = program.statements.indices.filter { program.statements[$0].operation != nil && data[$0] == 0 }
        guard !zeros.isEmpty else { return nil }
        var random = SeededGenerator(seed: SeededGenerator.mix(seed ^ 0x5EED_0F_1EAF))
        for _ in 0..<20 {
            var statements = program.statements
            for index in zeros { statements[index] = .leaf(leafValue(&random)) }
            let other = Program(statements, rebinds: program.rebinds)
            if ProgramDomain.contains(other, numbers: Oracle.run(other)) { return other }
        }
        return nil
    }

    /// Leaf values: one decimal, in [-3, 3], never within 0.2 of 0 (a zero multiplier hides
    /// a wrong gradient).
    func leafValue(_ random: inout SeededGenerator) -> Double {
        while true {
            let value = (random.uniform(-3, 3) * 10).rounded() / 10
            if abs(value) >= 0.2 { return value }
        }
    }

    static let exponents: [Double] = [2, 3, -1, 0.5, -2, 1.5]

    private func attempt(size: Int, random: inout SeededGenerator, tape: Tape) -> (Program, EngineNumbers)? {
        var statements: [Program.Statement] = [.leaf(leafValue(&random))]
        var data: [Double] = [statements[0].leafValue]
        var uses = [0]
        var rebinds: Set<Int> = []
        // Values that lost their name to a `+=` and may not be read again.
        var retired = [false]
        var retiredCount = 0
        // Room for the whole program up front: these arrays are made for every program.
        statements.reserveCapacity(size)
        data.reserveCapacity(size)
        uses.reserveCapacity(size)
        retired.reserveCapacity(size)
        var leaves = 1

        /// The `k`-th value (from 0) that `isCandidate` accepts.
        func nth(_ k: Int, _ isCandidate: (Int) -> Bool) -> Int {
            var seen = 0
            for index in statements.indices where isCandidate(index) {
                if seen == k { return index }
                seen += 1
            }
            preconditionFailure("fewer candidates than counted")
        }

        func pickOperand() -> Int {
            // Counted in place (no arrays made): this runs for every operand of every program.
            let candidates = statements.count - retiredCount
            var unused = 0
            var last = 0
            for index in statements.indices where !retired[index] {
                last = index
                if uses[index] == 0 { unused += 1 }
            }
            switch random.pick(10) {
            case 0..<4: return last  // a chain
            case 4..<7 where unused > 0:
                return nth(random.pick(unused)) { !retired[$0] && uses[$0] == 0 }
            default: return nth(random.pick(candidates)) { !retired[$0] }  // reuse: diamonds, fan-out
            }
        }

        while statements.count < size {
            let isLast = statements.count == size - 1
            if operations.isEmpty || (!isLast && leaves < 3 && random.pick(4) == 0) {
                statements.append(.leaf(leafValue(&random)))
                data.append(statements[statements.count - 1].leafValue)
                uses.append(0)
                retired.append(false)
                leaves += 1
                continue
            }
            var made: (Program.Statement, Double)?
            for _ in 0..<12 {
                let operation = operations[random.pick(operations.count)]
                let a = pickOperand()
                var statement: Program.Statement
                var b = a
                var exponent = 0.0
                switch operation.arity {
                case 2:
                    // Both slots the same value a quarter of the time: `a + a`, `a * a`.
                    b = random.pick(4) == 0 ? a : pickOperand()
                    statement = .binary(operation, a, b)
                default:
                    if operation == .power {
                        exponent = Self.exponents[random.pick(Self.exponents.count)]
                        statement = .power(a, exponent: exponent)
                    } else {
                        statement = .unary(operation, a)
                    }
                }
                guard ProgramDomain.accepts(operation, data[a], data[b], exponent: exponent) else { continue }
                let value = operation.forward(data[a], data[b], exponent: exponent)
                guard ProgramDomain.acceptsValue(value) else { continue }
                made = (statement, value)
                break
            }
            guard let (statement, value) = made else {
                statements.append(.leaf(leafValue(&random)))
                data.append(statements[statements.count - 1].leafValue)
                uses.append(0)
                retired.append(false)
                leaves += 1
                continue
            }
            let index = statements.count
            if case .binary(let operation, let left, let right) = statement,
                Self.rebindable(operation), left != right,
                statements[left].operation != nil, random.pick(3) == 0
            {
                rebinds.insert(index)
                if !retired[left] { retiredCount += 1 }
                retired[left] = true
            }
            let (first, second) = statement.operandPair
            if let first { uses[first] += 1 }
            if let second { uses[second] += 1 }
            statements.append(statement)
            data.append(value)
            uses.append(0)
            retired.append(false)
        }
        let program = Program(statements, rebinds: rebinds)
        let numbers = Oracle.run(program, on: tape)
        return ProgramDomain.contains(program, numbers: numbers) ? (program, numbers) : nil
    }
}

extension ProgramGenerator {
    /// The operations that have a `+=`-style form (`a += b`).
    static func rebindable(_ operation: Operator) -> Bool {
        switch operation {
        case .add, .subtract, .multiply, .divide: true
        default: false
        }
    }
}

extension Program.Statement {
    /// A leaf's number (0 for other statements).
    var leafValue: Double {
        if case .leaf(let value) = self { return value }
        return 0
    }
}
