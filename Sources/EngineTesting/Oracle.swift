import Autograd
import GraphModel

/// gradviz's own engine running a program: the trusted numbers a user's engine is compared with.
///
/// Each statement becomes one node of a fresh `Tape` (`Autograd`) (micrograd's semantics: forward when a
/// node is made, one backward pass in reverse topological order adding each contribution),
/// and backward runs from the last value.
public enum Oracle {
    public static func run(_ program: Program) -> EngineNumbers {
        run(program, on: Tape(capacity: program.count))
    }

    /// The same on `tape`, emptied first: a caller that runs many programs keeps one tape and
    /// its buffer instead of making a tape for each.
    static func run(_ program: Program, on tape: Tape) -> EngineNumbers {
        tape.removeAll()
        // On an empty tape every statement makes exactly one node, so node `i` is statement `i`.
        for (index, statement) in program.statements.enumerated() {
            let node: Int32
            switch statement {
            case .leaf(let value): node = tape.leaf(value)
            case .unary(let operation, let a): node = tape.apply(operation, Int32(a))
            case .power(let a, let exponent): node = tape.apply(.power, Int32(a), exponent: exponent)
            case .binary(let operation, let a, let b): node = tape.apply(operation, Int32(a), Int32(b))
            }
            assert(Int(node) == index, "one node per statement")
        }
        tape.backward(from: Int32(program.root))
        var data = [Double](repeating: 0, count: program.count)
        var grads = data
        for index in data.indices {
            data[index] = tape.data(Int32(index))
            grads[index] = tape.grad(Int32(index))
        }
        return EngineNumbers(data: data, grads: grads)
    }
}
