public import GraphModel

/// A Swift autograd engine's value, as `EngineTest.check` drives it: made from a `Double`,
/// combined with its own operators, then `backward()` from the last value.
///
/// Values must be objects (a class): a program reuses one value in several places (`a + a`),
/// and that reuse is what the classic bugs need to show.
///
/// Implement what your engine has and list it in ``testedOperations``; for operations it lacks,
/// write `fatalError()` (they are never called when not listed). A micrograd-style engine:
///
/// ```swift
/// extension Value: TestableValue {
///     static var testedOperations: Set<Operator> { [.add, .subtract, .multiply, .divide, .negate, .power, .tanh, .relu] }
///     func power(_ exponent: Double) -> Value { self ** exponent }
///     func exp() -> Value { fatalError() }
///     func log() -> Value { fatalError() }
/// }
/// print(EngineTest.check(Value.self))
/// ```
public protocol TestableValue: AnyObject {
    /// A leaf with this data.
    init(_ data: Double)
    var data: Double { get }
    /// The gradient after ``backward()``.
    var grad: Double { get }
    /// Backpropagates from this value (its gradient seeded with 1).
    func backward()

    static func + (lhs: Self, rhs: Self) -> Self
    static func - (lhs: Self, rhs: Self) -> Self
    static func * (lhs: Self, rhs: Self) -> Self
    static func / (lhs: Self, rhs: Self) -> Self
    static prefix func - (operand: Self) -> Self
    /// This value to a constant power (`x ** 2`, `x ** -1.5`).
    func power(_ exponent: Double) -> Self
    func exp() -> Self
    func log() -> Self
    func tanh() -> Self
    func relu() -> Self

    /// The operations generated programs may use (all of the above by default).
    static var testedOperations: Set<Operator> { get }
}

extension TestableValue {
    public static var testedOperations: Set<Operator> {
        [.add, .subtract, .multiply, .divide, .negate, .power, .exp, .log, .tanh, .relu]
    }
}

/// A ``TestableValue`` type run in process as an ``Engine``.
public struct InProcessEngine<Value: TestableValue>: Engine {
    public let operations: Set<Operator>

    public init(_ type: Value.Type = Value.self) {
        operations = Value.testedOperations.intersection(
            [.add, .subtract, .multiply, .divide, .negate, .power, .exp, .log, .tanh, .relu])
    }

    public mutating func run(_ program: Program) throws(EngineSessionError) -> EngineNumbers {
        var values: [Value] = []
        values.reserveCapacity(program.count)
        for statement in program.statements {
            switch statement {
            case .leaf(let number): values.append(Value(number))
            case .power(let a, let exponent): values.append(values[a].power(exponent))
            case .unary(let operation, let a):
                let x = values[a]
                switch operation {
                case .negate: values.append(-x)
                case .exp: values.append(x.exp())
                case .log: values.append(x.log())
                case .tanh: values.append(x.tanh())
                case .relu: values.append(x.relu())
                default: preconditionFailure("\(operation) is not a one-operand operation of TestableValue")
                }
            case .binary(let operation, let a, let b):
                let (x, y) = (values[a], values[b])
                switch operation {
                case .add: values.append(x + y)
                case .subtract: values.append(x - y)
                case .multiply: values.append(x * y)
                case .divide: values.append(x / y)
                default: preconditionFailure("\(operation) is not a two-operand operation of TestableValue")
                }
            }
        }
        values[program.root].backward()
        return EngineNumbers(data: values.map(\.data), grads: values.map(\.grad))
    }
}

extension EngineTest {
    /// What ``check(_:programs:seed:maximumSize:all:)`` found: the outcome, and the report as
    /// text (its `description`).
    public struct Report: Sendable, CustomStringConvertible {
        public var outcome: Outcome
        public var description: String
        /// Whether no difference was found.
        public var passed: Bool { outcome.failures.isEmpty }
    }

    /// Tests a Swift engine in one call: `programs` generated programs run with `Value` and
    /// with gradviz's engine, every value's data and grad compared; the first difference is
    /// shrunk to a minimal program and its wrong rule named.
    ///
    /// In use: `print(EngineTest.check(Value.self))`.
    public static func check<Value: TestableValue>(
        _ type: Value.Type, programs: Int = 1000, seed: UInt64 = 1, maximumSize: Int = 12, all: Bool = false
    ) -> Report {
        var engine = InProcessEngine(type)
        let test = EngineTest(programs: programs, seed: seed, maximumSize: maximumSize, all: all)
        let outcome: Outcome
        do {
            outcome = try test.run(&engine)
        } catch {
            preconditionFailure("an engine in process does not fail the protocol: \(error)")
        }
        let text = outcome.text(seed: seed) { failure in
            "EngineTest.check(\(Value.self).self, programs: \(failure.programIndex + 1), seed: \(seed)\(maximumSize == 12 ? "" : ", maximumSize: \(maximumSize)"))"
        }
        return Report(outcome: outcome, description: text)
    }
}
