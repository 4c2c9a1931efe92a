public import GraphModel

/// An autograd engine test-engine can drive: it runs a program and answers every
/// statement's data and grad. ``EngineSession`` is one (the protocol over a child process or
/// stdin/stdout); tests implement it in process.
public protocol Engine {
    /// The operations the engine has; programs use only these.
    var operations: Set<Operator> { get }
    /// Runs `program` (forward, then backward from its last value) and returns its numbers.
    mutating func run(_ program: Program) throws(EngineSessionError) -> EngineNumbers
}
