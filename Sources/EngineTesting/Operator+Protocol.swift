public import GraphModel

// MARK: - Operation names of the test-engine protocol

extension Operator {
    /// The operation's name in the test-engine protocol (`add sub mul div neg pow powv exp log
    /// tanh relu sigmoid`): short, lowercase words any language can match without a library.
    public var protocolName: String { staticProtocolName.description }

    /// ``protocolName`` as a static string, for the writer of every program's lines.
    var staticProtocolName: StaticString {
        switch self {
        case .add: "add"
        case .subtract: "sub"
        case .multiply: "mul"
        case .divide: "div"
        case .negate: "neg"
        case .power: "pow"
        case .powerOfValue: "powv"
        case .exp: "exp"
        case .log: "log"
        case .tanh: "tanh"
        case .relu: "relu"
        case .sigmoid: "sigmoid"
        }
    }

    /// The operation a protocol name stands for, `nil` for a name the protocol does not have.
    public init?(protocolName: String) {
        guard let match = Operator.allCases.first(where: { $0.protocolName == protocolName }) else { return nil }
        self = match
    }
}
