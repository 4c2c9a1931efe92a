import Autograd
import GraphModel

/// gradviz's own engine running a program: the trusted numbers a user's engine is compared with.
///
/// Each statement becomes one node of a fresh `Tape` (`Autograd`) (micrograd's semantics: forward when a
/// node is made, one backward pass in reverse topological order adding each contribution),
/// and backward runs from the last value.
public enum Oracle {
    public static func run(_ program: Program) -> EngineNumbers {
        let tape = Tape(capacity: program.count)
        var ids: [Int32] = []
        ids.reserveCapacity(program.count)
        for statement in program.statements {
            switch statement {
            case .leaf(let value): ids.append(tape.leaf(value))
            case .unary(let operation, let a): ids.append(tape.apply(operation, ids[a]))
            case .power(let a, let exponent): ids.append(tape.apply(.power, ids[a], exponent: exponent))
            case .binary(let operation, let a, let b): ids.append(tape.apply(operation, ids[a], ids[b]))
            }
        }
        tape.backward(from: ids[program.root])
        return EngineNumbers(data: ids.map(tape.data), grads: ids.map(tape.grad))
    }
}
