public import GraphModel

/// An autograd engine test-engine can drive: it runs a program and answers every statement's
/// data and grad.
///
/// ``EngineSession`` is one (the protocol over a child process or stdin/stdout); tests
/// implement it in process.
public protocol Engine {
    /// The operations the engine has; programs use only these.
    var operations: Set<Operator> { get }
    /// Runs `program` (forward, then backward from its last value) and returns its numbers.
    mutating func run(_ program: Program) throws(EngineSessionError) -> EngineNumbers
    /// Runs `programs` in order. An engine in another process is sent them all before their
    /// answers are read, so it never waits for gradviz between programs. Stops at the first
    /// program that fails: the numbers of those before it, and the error.
    mutating func run(batch programs: [Program]) -> EngineBatch
}

/// The numbers of a run of programs, up to the first that failed.
public struct EngineBatch: Sendable {
    /// The numbers of the first `numbers.count` programs.
    public var numbers: [EngineNumbers]
    /// Why the program after those has none, if one did not run.
    public var error: EngineSessionError?

    public init(numbers: [EngineNumbers], error: EngineSessionError? = nil) {
        self.numbers = numbers
        self.error = error
    }
}

extension Engine {
    public mutating func run(batch programs: [Program]) -> EngineBatch {
        var numbers: [EngineNumbers] = []
        numbers.reserveCapacity(programs.count)
        for program in programs {
            do throws(EngineSessionError) {
                numbers.append(try run(program))
            } catch {
                return EngineBatch(numbers: numbers, error: error)
            }
        }
        return EngineBatch(numbers: numbers)
    }
}
