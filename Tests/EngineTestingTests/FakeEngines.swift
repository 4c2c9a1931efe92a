import Foundation
import GraphChecks
import GraphModel

@testable import EngineTesting

/// An engine with one of the catalogue's wrong rules, in process.
struct RuleEngine: Engine {
    var rule: WrongRule
    var operations = Set(Operator.allCases)

    func run(_ program: Program) -> EngineNumbers {
        let (data, grads) = rule.reenact(program.snapshot(Oracle.run(program)))
        return EngineNumbers(data: data, grads: grads)
    }
}

/// A correct engine that computes everything another way: `a - b` as `a + (-b)`, `a / b` as
/// `a * b**-1`, tanh and sigmoid through exp, powers through exp and log, exp as e**x, each
/// derivative in another (equivalent) formula, and every gradient summed in reverse order.
struct AlternativeEngine: Engine {
    var operations = Set(Operator.allCases)

    func run(_ program: Program) -> EngineNumbers {
        var data: [Double] = []
        for statement in program.statements {
            let value: Double
            switch statement {
            case .leaf(let x): value = x
            case .unary(let operation, let i):
                let x = data[i]
                switch operation {
                case .negate: value = -x
                case .exp: value = pow(M_E, x)
                case .log: value = log2(x) / log2(M_E)
                case .tanh:
                    let e = exp(2 * x)
                    value = (e - 1) / (e + 1)
                case .relu: value = x > 0 ? x : 0
                case .sigmoid: value = exp(x) / (1 + exp(x))
                default: preconditionFailure()
                }
            case .power(let i, let e): value = Self.power(data[i], e)
            case .binary(let operation, let i, let j):
                let a = data[i]
                let b = data[j]
                switch operation {
                case .add: value = a + b
                case .subtract: value = a + (-b)
                case .multiply: value = a * b
                case .divide: value = a * pow(b, -1)
                case .powerOfValue: value = exp(b * log(a))
                default: preconditionFailure()
                }
            }
            data.append(value)
        }
        // Contributions collected per value, then summed last first.
        var pending = [[Double]](repeating: [], count: program.count)
        var grads = [Double](repeating: 0, count: program.count)
        pending[program.root] = [1]
        for index in program.statements.indices.reversed() {
            let g = pending[index].reversed().reduce(0, +)
            grads[index] = g
            let out = data[index]
            switch program.statements[index] {
            case .leaf: break
            case .unary(let operation, let i):
                let x = data[i]
                let local: Double
                switch operation {
                case .negate: local = -1
                case .exp: local = exp(x)
                case .log: local = 1 / x
                case .tanh: local = (1 - out) * (1 + out)
                case .relu: local = out > 0 ? 1 : 0
                case .sigmoid: local = out - out * out
                default: preconditionFailure()
                }
                pending[i].append(g * local)
            case .power(let i, let e): pending[i].append(g * e * Self.power(data[i], e - 1))
            case .binary(let operation, let i, let j):
                let a = data[i]
                let b = data[j]
                switch operation {
                case .add:
                    pending[i].append(g)
                    pending[j].append(g)
                case .subtract:
                    pending[i].append(g)
                    pending[j].append(-1 * g)
                case .multiply:
                    pending[i].append(g * b)
                    pending[j].append(g * a)
                case .divide:
                    pending[i].append(pow(b, -1) * g)
                    pending[j].append(-1 * pow(b, -2) * (a * g))
                case .powerOfValue:
                    pending[i].append(b * exp((b - 1) * log(a)) * g)
                    pending[j].append(log(a) * exp(b * log(a)) * g)
                default: preconditionFailure()
                }
            }
        }
        return EngineNumbers(data: data, grads: grads)
    }

    static func power(_ a: Double, _ e: Double) -> Double {
        if e == e.rounded(), abs(e) <= 4 {
            var result = 1.0
            for _ in 0..<Int(abs(e)) { result *= a }
            return e < 0 ? 1 / result : result
        }
        return exp(e * log(a))
    }
}

/// An engine whose one operation's backward assigns its operands' gradients where the others add.
///
/// `grad = …` in `operation`, `+=` elsewhere: the `=` a learner left in one method. With
/// `microgradStyle`, `a - b` is `a + (-1 * b)`, `-a` is `a * -1` and `a / b` is `a * b**-1`,
/// as micrograd builds them, so a `+` that assigns also assigns for `-`'s left operand.
struct AssigningEngine: Engine {
    var operation: Operator
    var microgradStyle = false
    var operations = Set(Operator.allCases)

    func run(_ program: Program) -> EngineNumbers {
        let (run, places) =
            microgradStyle
            ? (program.microgradExpansion ?? (program, Array(program.statements.indices)))
            : (program, Array(program.statements.indices))
        let data = Oracle.run(run).data
        var grads = [Double](repeating: 0, count: run.count)
        grads[run.root] = 1
        // Only what the root depends on runs its backward step, as micrograd's topological sort.
        var reached = [Bool](repeating: false, count: run.count)
        reached[run.root] = true
        for index in run.statements.indices.reversed() where reached[index] {
            for operand in run.statements[index].operands { reached[operand] = true }
        }
        // Creation order reversed is a topological order (micrograd's differs; any will do).
        for index in run.statements.indices.reversed() where reached[index] {
            guard let user = run.statements[index].operation else { continue }
            let (first, second) = run.statements[index].operandPair
            var exponent = 0.0
            if case .power(_, let value) = run.statements[index] { exponent = value }
            let amounts = user.contributions(
                first.map { data[$0] } ?? 0, second.map { data[$0] } ?? 0, output: data[index], exponent: exponent,
                grad: grads[index])
            for (operand, amount) in [(first, amounts.0), (second, amounts.1)] {
                guard let operand else { continue }
                if user == operation { grads[operand] = amount } else { grads[operand] += amount }
            }
        }
        return EngineNumbers(data: places.map { data[$0] }, grads: places.map { grads[$0] })
    }
}
