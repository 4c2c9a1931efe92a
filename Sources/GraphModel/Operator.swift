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

    /// Number of value operands: 2 for `+ - * /`, 1 for the rest (the exponent of `power`
    /// is a constant, not an operand).
    public var arity: Int {
        switch self {
        case .add, .subtract, .multiply, .divide: 2
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
        }
    }

    /// The operation for a JSON name, or `nil` when the name is unknown.
    public init?(name: String) {
        guard let match = Operator.allCases.first(where: { $0.name == name }) else { return nil }
        self = match
    }

    /// Whether swapping the two operands can change the result (so drawings mark the slots).
    public var isOrderSensitive: Bool { self == .subtract || self == .divide }
}

// MARK: - Spellings other engines use

extension Operator {
    /// The operator for an op as engines spell it: gradviz's names, micrograd's (`**2`,
    /// `ReLU`) and common ports' (`mul`, `add`, `^2`, `pow`). A power spelling carries its
    /// exponent (`**2` gives `(.power, 2)`). `nil` when the spelling is not an operation
    /// gradviz knows; an empty spelling is not an operation (a leaf).
    public static func parse(spelling text: String) -> (operation: Operator, exponent: Double?)? {
        let spelling = text.trimmingCharacters(in: .whitespaces)
        if spelling.hasPrefix("**") || spelling.hasPrefix("^") {
            let digits = spelling.drop { $0 == "*" || $0 == "^" }.trimmingCharacters(in: .whitespaces)
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
    ]
}
