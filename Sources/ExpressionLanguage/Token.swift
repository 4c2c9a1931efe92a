/// A lexical unit of the expression language.
struct Token: Equatable {
    enum Kind: Equatable {
        case number(Double)
        case name(String)
        case plus, minus, star, slash, power
        case leftParen, rightParen
        /// `.` between a value and a function name: `x.tanh()`.
        case dot
        case assign, plusAssign, minusAssign, starAssign, slashAssign
        /// `;` or a line break.
        case separator
        case end
    }

    var kind: Kind
    /// Offset of the first scalar in the source's Unicode scalars.
    var offset: Int
    var line: Int
    var column: Int
}

extension Token.Kind {
    /// How the token reads in an error message.
    var spelling: String {
        switch self {
        case .number(let value): "number \(value)"
        case .name(let name):
            name.unicodeScalars.count > 40
                ? "'\(String(String.UnicodeScalarView(name.unicodeScalars.prefix(32))))…' (a name of \(name.unicodeScalars.count) characters)"
                : "'\(name)'"
        case .plus: "'+'"
        case .minus: "'-'"
        case .star: "'*'"
        case .slash: "'/'"
        case .power: "'**'"
        case .leftParen: "'('"
        case .rightParen: "')'"
        case .dot: "'.'"
        case .assign: "'='"
        case .plusAssign: "'+='"
        case .minusAssign: "'-='"
        case .starAssign: "'*='"
        case .slashAssign: "'/='"
        case .separator: "end of statement"
        case .end: "end of program"
        }
    }
}
