import Foundation

/// An operator that makes a value from its operands (an operation of the graph).
///
/// This one enum names every operation in every stage: the engine switches on it to run
/// forward and backward steps, the JSON format writes its `name`, and drawings show its
/// `symbol`. A leaf (an input or a constant) has no operation.
public enum Operator: UInt8, CaseIterable, Sendable, Hashable {
    case add
    case subtract
    case multiply
    case divide
    case negate
    /// Power with a constant exponent, stored beside the node (`x ** 2`).
    case power
    case exp
    case log
    case tanh
    case relu
    case sigmoid
    /// Power with a value as the exponent (`a ** b`): two operands, base then exponent, and a
    /// gradient for each. Its own case (not `power` with a flag) so the engine's backward pass
    /// dispatches to it without a test on every `power` node.
    case powerOfValue

    /// Number of value operands: 2 for `+ - * /` and `powv`, 1 for the rest (the exponent of
    /// `power` is a constant, not an operand).
    public var arity: Int {
        switch self {
        case .add, .subtract, .multiply, .divide, .powerOfValue: 2
        case .negate, .power, .exp, .log, .tanh, .relu, .sigmoid: 1
        }
    }

    /// The operation's name in the JSON interchange format.
    public var name: String {
        switch self {
        case .add: "+"
        case .subtract: "-"
        case .multiply: "*"
        case .divide: "/"
        case .negate: "neg"
        case .power: "pow"
        case .exp: "exp"
        case .log: "log"
        case .tanh: "tanh"
        case .relu: "relu"
        case .sigmoid: "sigmoid"
        // Not "pow": a reader that knows only the constant-exponent `pow` rejects it by name
        // rather than misreading its second operand.
        case .powerOfValue: "powv"
        }
    }

    /// The operation for a JSON name, or `nil` when the name is unknown.
    public init?(name: String) {
        guard let match = Operator.allCases.first(where: { $0.name == name }) else { return nil }
        self = match
    }

    /// Whether swapping the two operands can change the result (so drawings mark the slots).
    public var isOrderSensitive: Bool { self == .subtract || self == .divide || self == .powerOfValue }
}

// MARK: - Spellings other engines use

extension Operator {
    /// The operator for an op as engines spell it: gradviz's names, micrograd's (`**2`,
    /// `ReLU`) and common ports' (`mul`, `add`, `^2`, `pow`). A power spelling carries its
    /// exponent (`**2` gives `(.power, 2)`); a bare `**`, `^` or `pow` has none, and with two
    /// operands it is a value exponent (see ``resolvingPower(exponent:operandCount:)``).
    /// `nil` when the spelling is not an operation gradviz knows; an empty spelling is not an
    /// operation (a leaf).
    public static func parse(spelling text: String) -> (operation: Operator, exponent: Double?)? {
        let spelling = text.trimmingCharacters(in: .whitespaces)
        if spelling.hasPrefix("**") || spelling.hasPrefix("^") {
            let digits = spelling.drop { $0 == "*" || $0 == "^" }.trimmingCharacters(in: .whitespaces)
            if digits.isEmpty { return (.power, nil) }
            guard let exponent = Double(digits), exponent.isFinite else { return nil }
            return (.power, exponent)
        }
        guard let operation = spellings[spelling.lowercased()] else { return nil }
        return (operation, nil)
    }

    private static let spellings: [String: Operator] = [
        "+": .add, "add": .add, "-": .subtract, "sub": .subtract, "*": .multiply, "×": .multiply, "mul": .multiply,
        "/": .divide, "÷": .divide, "div": .divide, "neg": .negate, "pow": .power, "**": .power, "exp": .exp,
        "log": .log, "ln": .log, "tanh": .tanh, "relu": .relu, "sigmoid": .sigmoid, "σ": .sigmoid,
        "powv": .powerOfValue,
    ]

    /// A power read without a constant exponent but with two operands is a value exponent
    /// (`a ** b` written by an engine as `pow` or `**` with the base and the exponent as
    /// operands); every other operation is itself.
    public func resolvingPower(exponent: Double?, operandCount: Int) -> Operator {
        self == .power && exponent == nil && operandCount == 2 ? .powerOfValue : self
    }
}
