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
    /// The operator for an op as engines spell it: gradviz's names, micrograd's (`**2`, `ReLU`)
    /// and the ports' (`mul`, `add`, `^2`, `pow`, `negate`, `inv`, `e` for exp, `x²`, `x ^ 2`,
    /// `tanh(x)`, `op: +`, `+(-)` for a subtraction built from `+`).
    ///
    /// A power spelling carries its exponent (`**2` gives `(.power, 2)`); a bare `**`, `^` or
    /// `pow` has none, and with two operands it is a value exponent (see
    /// ``resolvingPower(exponent:operandCount:)``). `nil` when the spelling is not an operation
    /// gradviz knows; an empty spelling is not an operation (a leaf).
    ///
    /// This is the one table of spellings for every importer (JSON, DOT, `TraceableValue`, the
    /// Python module's graphs).
    public static func parse(spelling text: String) -> (operation: Operator, exponent: Double?)? {
        // The common spellings as written (`+`, `*`, `ReLU`, `tanh`): one lookup.
        if let operation = exactSpellings[text] { return (operation, nil) }
        var spelling = text.trimmingSpaces()
        // `op: +`, `op=*`, `operation: tanh`
        for prefix in ["operation", "op"] {
            let lowered = spelling.lowercased()
            guard lowered.hasPrefix(prefix) else { continue }
            let rest = spelling.dropFirst(prefix.count).drop { $0 == " " }
            if let first = rest.first, first == ":" || first == "=" {
                spelling = rest.dropFirst().trimmingSpaces()
                break
            }
        }
        guard !spelling.isEmpty else { return nil }
        // Superscripts: `x²`, `³`, `⁻¹`.
        if spelling.contains(where: { superscripts[$0] != nil }) {
            spelling = String(spelling.map { superscripts[$0] ?? $0 })
            if let start = spelling.firstIndex(where: { "-0123456789".contains($0) }),
                spelling[..<start].allSatisfy({ $0.isLetter || $0 == " " })
            {
                spelling = "**" + spelling[start...]
            }
        }
        // `x ^ 2`, `x**2`, `a^b`: a variable before the power sign.
        if let first = spelling.first, first.isLetter, spelling.count > 1 {
            let rest = spelling.dropFirst().drop { $0 == " " }
            if rest.hasPrefix("**") || rest.hasPrefix("^") { spelling = String(rest) }
        }
        if spelling.hasPrefix("**") || spelling.hasPrefix("^") {
            var digits = spelling.drop { $0 == "*" || $0 == "^" }.trimmingSpaces()
            if digits.hasPrefix("(") && digits.hasSuffix(")") { digits = String(digits.dropFirst().dropLast()) }
            if digits.isEmpty || digits.allSatisfy(\.isLetter) { return (.power, nil) }
            guard let exponent = Double(digits), exponent.isFinite else { return nil }
            return (.power, exponent)
        }
        // `tanh(x)`, `exp(a)`, `+(-)`, `*(/)`: the operation before the parenthesis.
        if spelling.hasSuffix(")"), let open = spelling.firstIndex(of: "("), open != spelling.startIndex {
            let head = spelling[..<open].trimmingSpaces()
            if let known = parse(spelling: head) { return known }
        }
        let lowered = spelling.lowercased()
        if let exponent = powerAliases[lowered] { return (.power, exponent) }
        if lowered.hasPrefix("pow") {
            let digits = lowered.dropFirst(3).trimmingCharacters(in: CharacterSet(charactersIn: " ()"))
            if let exponent = Double(digits), exponent.isFinite { return (.power, exponent) }
        }
        guard let operation = spellings[lowered] else { return nil }
        return (operation, nil)
    }

    private static let exactSpellings: [String: Operator] = spellings.merging(
        [("ReLU", .relu), ("Tanh", .tanh), ("Exp", .exp), ("Log", .log), ("Sigmoid", .sigmoid)],
        uniquingKeysWith: { a, _ in a })

    private static let superscripts: [Character: Character] = [
        "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9", "⁻": "-",
    ]

    private static let powerAliases: [String: Double] = [
        "inv": -1, "reciprocal": -1, "1/x": -1, "sqrt": 0.5, "√": 0.5, "square": 2, "sq": 2,
    ]

    private static let spellings: [String: Operator] = [
        "+": .add, "add": .add, "plus": .add, "sum": .add, "-": .subtract, "−": .subtract, "sub": .subtract,
        "minus": .subtract, "subtract": .subtract, "*": .multiply, "×": .multiply, "·": .multiply, "mul": .multiply,
        "times": .multiply, "multiply": .multiply, "/": .divide, "÷": .divide, "div": .divide, "divide": .divide,
        "neg": .negate, "negate": .negate, "negative": .negate, "pow": .power, "power": .power, "**": .power,
        "^": .power,
        "exp": .exp, "e": .exp, "log": .log, "ln": .log, "tanh": .tanh, "relu": .relu, "sigmoid": .sigmoid,
        "σ": .sigmoid, "sigm": .sigmoid, "powv": .powerOfValue,
    ]

    /// A power read without a constant exponent but with two operands is a value exponent
    /// (`a ** b` written by an engine as `pow` or `**` with the base and the exponent as
    /// operands); every other operation is itself.
    public func resolvingPower(exponent: Double?, operandCount: Int) -> Operator {
        self == .power && exponent == nil && operandCount == 2 ? .powerOfValue : self
    }
}
