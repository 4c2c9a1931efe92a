import Autograd
import GraphModel

/// Recursive-descent parser that builds nodes on a tape as it reads, so long sums and products
/// are loops, not recursion.
///
/// Tokens are read from the lexer as they are needed (two at most are held), so a 64 MiB
/// program never has all its tokens in memory at once. Recursion happens only for nesting
/// (parentheses, unary signs, calls), which is bounded by ``maximumNesting``.
struct Parser {
    static let maximumNesting = 256

    private var lexer: Lexer
    /// The current token and, when looked at, the one after it (before newline skipping).
    private var window: [Token] = []
    private let values: [String: Double]
    private let seed: UInt64
    private let dropCompoundResults: Bool
    private var nesting = 0
    private var parenthesisDepth = 0
    private var bindings: [String: Int32] = [:]

    let tape: Tape
    /// The program text.
    var source: [Unicode.Scalar] { lexer.scalars }
    private(set) var inputs: [Evaluation.Input] = []
    private(set) var firstAssignment: [String: (line: Int, column: Int)] = [:]
    /// Where each statement starts and ends and the node it left, for the first
    /// ``maximumRecordedStatements`` statements (to find those that do not reach the root).
    private(set) var statements: [Statement] = []

    /// One statement of the program: its node and where its text lies.
    struct Statement {
        var node: Int32
        var start: Int32
        var end: Int32
        var line: Int32
        var column: Int32
    }

    /// Statements recorded for the unused-statement warning (12 bytes each): a program of
    /// millions of statements has the first million checked.
    static let maximumRecordedStatements = 1_000_000

    init(lexer: Lexer, values: [String: Double], seed: UInt64, dropCompoundResults: Bool = false) {
        self.dropCompoundResults = dropCompoundResults
        self.lexer = lexer
        // A node takes at least one character of program text: room for them all up front
        // (up to the node limit) spares the tape's doubling copies on long programs.
        tape = Tape(capacity: min(lexer.scalars.count + 64, ExpressionProgram.maximumNodes + 64))
        self.values = values
        self.seed = seed
    }

    // MARK: - Tokens

    /// The token `ahead` places after the current one, read from the lexer when needed.
    private mutating func token(_ ahead: Int) throws(ParseError) -> Token {
        while window.count <= ahead {
            if let last = window.last, last.kind == .end {
                window.append(last)
            } else {
                window.append(try lexer.next())
            }
        }
        return window[ahead]
    }

    /// The current token; line breaks inside parentheses are skipped.
    private mutating func current() throws(ParseError) -> Token {
        while parenthesisDepth > 0 {
            let token = try self.token(0)
            guard token.kind == .separator, lexer.scalars[token.offset] == "\n" else { break }
            window.removeFirst()
        }
        return try self.token(0)
    }

    private mutating func advance() throws(ParseError) -> Token {
        let token = try current()
        if token.kind != .end { window.removeFirst() }
        return token
    }

    private func error(_ message: String, at token: Token) -> ParseError {
        lexer.error(message, line: token.line, column: token.column)
    }

    private mutating func expect(_ kind: Token.Kind, _ what: String) throws(ParseError) {
        let token = try current()
        guard token.kind == kind else { throw error("expected \(what), found \(token.kind.spelling)", at: token) }
        _ = try advance()
    }

    private mutating func enter(_ token: Token) throws(ParseError) {
        nesting += 1
        if nesting > Self.maximumNesting {
            throw error("expression nested too deeply (more than \(Self.maximumNesting) levels)", at: token)
        }
    }

    /// Refuses a program whose graph passes ``ExpressionProgram/maximumNodes`` while it is
    /// being built (a single long statement would otherwise build it all first).
    private func checkSize(at token: Token) throws(ParseError) {
        if tape.count >= ExpressionProgram.maximumNodes {
            throw error("the program makes more than \(ExpressionProgram.maximumNodes) nodes", at: token)
        }
    }

    // MARK: - Statements

    mutating func parseProgram() throws(ParseError) -> Int32 {
        var root: Int32?
        while true {
            let token = try current()
            switch token.kind {
            case .end:
                guard let root else {
                    throw error("the program is empty: write an expression such as a*b+c", at: token)
                }
                return root
            case .separator:
                _ = try advance()
                continue
            default:
                let node = try parseStatement()
                root = node
                if statements.count < Self.maximumRecordedStatements {
                    let end = try current().offset
                    statements.append(
                        Statement(
                            node: node, start: Int32(clamping: token.offset), end: Int32(clamping: end),
                            line: Int32(clamping: token.line), column: Int32(clamping: token.column)))
                }
                if tape.count > ExpressionProgram.maximumNodes {
                    throw error("the program makes more than \(ExpressionProgram.maximumNodes) nodes", at: token)
                }
                let after = try current()
                switch after.kind {
                case .separator, .end: break
                case .assign, .plusAssign, .minusAssign, .starAssign, .slashAssign:
                    throw error("only a name can be assigned to", at: after)
                case .rightParen:
                    throw error("unmatched ')'", at: after)
                default:
                    throw error(
                        "expected an operator or the end of the statement, found \(after.kind.spelling)", at: after)
                }
            }
        }
    }

    private mutating func parseStatement() throws(ParseError) -> Int32 {
        let first = try current()
        guard case .name(let name) = first.kind else { return try parseExpression() }
        let operation: Operator?
        switch try self.token(1).kind {
        case .assign: operation = nil
        case .plusAssign: operation = .add
        case .minusAssign: operation = .subtract
        case .starAssign: operation = .multiply
        case .slashAssign: operation = .divide
        default: return try parseExpression()
        }
        if ExpressionProgram.functions[name] != nil {
            throw error("'\(name)' is a function and cannot be assigned to", at: first)
        }
        _ = try advance()
        _ = try advance()
        let value = try parseExpression()
        let result: Int32
        if let operation {
            let target = try resolve(name, at: first)
            result = tape.apply(operation, target, value)
            if dropCompoundResults {
                // The bug: the result is computed and thrown away; the name keeps its node.
                if firstAssignment[name] == nil { firstAssignment[name] = (first.line, first.column) }
                return target
            }
        } else {
            result = value
        }
        if firstAssignment[name] == nil { firstAssignment[name] = (first.line, first.column) }
        // `b = a` binds b to a's node (it is the same value); anything new takes the name.
        if tape.label(result) == nil { tape.setLabel(result, name) }
        bindings[name] = result
        return result
    }

    /// The node a name stands for, creating an input leaf on first use.
    private mutating func resolve(_ name: String, at token: Token) throws(ParseError) -> Int32 {
        if let bound = bindings[name] { return bound }
        if ExpressionProgram.functions[name] != nil {
            throw error("'\(name)' is a function: call it as \(name)(...)", at: token)
        }
        let given = values[name]
        let leaf = tape.leaf(given ?? ExpressionProgram.defaultValue(for: name, seed: seed))
        tape.setLabel(leaf, name)
        bindings[name] = leaf
        inputs.append(Evaluation.Input(name: name, value: Value(id: leaf, on: tape), wasGiven: given != nil))
        return leaf
    }

    // MARK: - Expressions

    private mutating func parseExpression() throws(ParseError) -> Int32 {
        var result = try parseTerm()
        while true {
            switch try current().kind {
            case .plus:
                try checkSize(at: try advance())
                result = tape.apply(.add, result, try parseTerm())
            case .minus:
                try checkSize(at: try advance())
                result = tape.apply(.subtract, result, try parseTerm())
            default: return result
            }
        }
    }

    private mutating func parseTerm() throws(ParseError) -> Int32 {
        var result = try parseUnary()
        while true {
            switch try current().kind {
            case .star:
                try checkSize(at: try advance())
                result = tape.apply(.multiply, result, try parseUnary())
            case .slash:
                try checkSize(at: try advance())
                result = tape.apply(.divide, result, try parseUnary())
            default: return result
            }
        }
    }

    private mutating func parseUnary() throws(ParseError) -> Int32 {
        let token = try current()
        switch token.kind {
        case .minus:
            _ = try advance()
            // `-3.5` is one constant, but `-2 ** 2` is -(2 ** 2) as in Python.
            if case .number(let number) = try current().kind, try self.token(1).kind != .power {
                _ = try advance()
                return tape.leaf(-number)
            }
            try enter(token)
            defer { nesting -= 1 }
            return tape.apply(.negate, try parseUnary())
        case .plus:
            _ = try advance()
            try enter(token)
            defer { nesting -= 1 }
            return try parseUnary()
        default:
            return try parsePower()
        }
    }

    private mutating func parsePower() throws(ParseError) -> Int32 {
        let base = try parseMethodCalls(on: try parsePrimary())
        guard try current().kind == .power else { return base }
        let operatorToken = try advance()
        try checkSize(at: operatorToken)
        try enter(operatorToken)
        defer { nesting -= 1 }
        // The exponent is a unary expression (`x ** -2`, `x ** (1/2)`, `a ** b ** c` from the
        // right). Made of numbers only, it is folded into a constant exponent (`pow`, one
        // operand); with a value in it, it is the second operand of `powv`.
        let mark = tape.count
        let exponent = try parseUnary()
        if isConstant(exponent, builtFrom: mark) {
            let value = tape.data(exponent)
            tape.truncate(to: mark)
            return tape.apply(.power, base, exponent: value)
        }
        return tape.apply(.powerOfValue, base, exponent)
    }

    /// Whether `node` and everything built for it since `mark` are numbers and operations on
    /// numbers only: no name, no node made before `mark`.
    private func isConstant(_ node: Int32, builtFrom mark: Int) -> Bool {
        guard Int(node) >= mark else { return false }
        for index in Int32(mark)..<Int32(tape.count) {
            if tape.operation(index) == nil {
                if tape.label(index) != nil { return false }
            } else if tape.operands(index).contains(where: { Int($0) < mark }) {
                return false
            }
        }
        return true
    }

    private mutating func parsePrimary() throws(ParseError) -> Int32 {
        let token = try advance()
        switch token.kind {
        case .number(let number):
            return tape.leaf(number)
        case .name(let name):
            guard try current().kind == .leftParen else { return try resolve(name, at: token) }
            guard let operation = ExpressionProgram.functions[name] else {
                let known = ExpressionProgram.functionNames.joined(separator: ", ")
                throw error("unknown function '\(name)' (the functions are \(known))", at: token)
            }
            let argument = try parseParenthesized(open: try advance(), what: "\(name)(...)")
            return tape.apply(operation, argument)
        case .leftParen:
            return try parseParenthesized(open: token, what: "'('")
        default:
            throw error("expected a number, a name or '(', found \(token.kind.spelling)", at: token)
        }
    }

    /// `x.tanh()`, `(a*b).relu().exp()`: micrograd's method form of a function call, the same
    /// as `tanh(x)`.
    ///
    /// Binds tighter than `**` and unary minus, as in Python.
    private mutating func parseMethodCalls(on value: Int32) throws(ParseError) -> Int32 {
        var result = value
        while try current().kind == .dot {
            let dot = try advance()
            let nameToken = try advance()
            let known = ExpressionProgram.functionNames.joined(separator: ", ")
            guard case .name(let name) = nameToken.kind else {
                throw error(
                    "expected a function after '.', as in x.tanh() (the functions are \(known)), found \(nameToken.kind.spelling)",
                    at: nameToken)
            }
            guard let operation = ExpressionProgram.functions[name] else {
                throw error("unknown function '\(name)' (the functions are \(known))", at: nameToken)
            }
            let open = try current()
            guard open.kind == .leftParen else {
                throw error("expected '()' after .\(name), as in x.\(name)()", at: open)
            }
            _ = try advance()
            let close = try current()
            guard close.kind == .rightParen else {
                throw error("expected ')': .\(name)() takes no argument; write x.\(name)() or \(name)(x)", at: close)
            }
            _ = try advance()
            try checkSize(at: dot)
            result = tape.apply(operation, result)
        }
        return result
    }

    /// `( expression )`, with line breaks allowed inside.
    private mutating func parseParenthesized(open: Token, what: String) throws(ParseError) -> Int32 {
        try enter(open)
        parenthesisDepth += 1
        defer { nesting -= 1 }
        let value = try parseExpression()
        if try current().kind == .rightParen {
            parenthesisDepth -= 1
            _ = try advance()
            return value
        }
        let found = try current()
        parenthesisDepth -= 1
        if found.kind == .end || found.kind == .separator {
            throw error("missing ')' to close \(what) opened at line \(open.line), column \(open.column)", at: found)
        }
        throw error("expected ')' to close \(what), found \(found.kind.spelling)", at: found)
    }
}
