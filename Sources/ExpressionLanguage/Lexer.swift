/// Splits program text into tokens.
///
/// `#` starts a comment that runs to the end of the line.
struct Lexer {
    let scalars: [Unicode.Scalar]
    let lines: [String]
    private var position = 0
    private var line = 1
    private var lineStart = 0

    init(source: String) {
        scalars = Array(source.unicodeScalars)
        lines = source.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map {
            String(String.UnicodeScalarView($0.last == "\r" ? $0.dropLast() : $0))
        }
    }

    func error(_ message: String, line: Int, column: Int) -> ParseError {
        let text = line - 1 < lines.count ? lines[line - 1] : ""
        return ParseError(line: line, column: column, message: message, sourceLine: text)
    }

    /// All tokens, ending with `.end`.
    mutating func tokenize() throws(ParseError) -> [Token] {
        var tokens: [Token] = []
        while true {
            let token = try next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        position + ahead < scalars.count ? scalars[position + ahead] : nil
    }

    /// The next token (`.end` at the end, again on every later call).
    mutating func next() throws(ParseError) -> Token {
        // Skip blanks and comments.
        while let scalar = peek() {
            if scalar == " " || scalar == "\t" || scalar == "\r" {
                position += 1
            } else if scalar == "#" {
                while let inComment = peek(), inComment != "\n" { position += 1 }
            } else {
                break
            }
        }
        let start = position
        let column = start - lineStart + 1
        func token(_ kind: Token.Kind, length: Int) -> Token {
            position = start + length
            return Token(kind: kind, offset: start, line: line, column: column)
        }
        guard let scalar = peek() else { return token(.end, length: 0) }
        switch scalar {
        case "\n":
            let result = token(.separator, length: 1)
            line += 1
            lineStart = position
            return result
        case ";": return token(.separator, length: 1)
        case "(": return token(.leftParen, length: 1)
        case ")": return token(.rightParen, length: 1)
        case "^": return token(.power, length: 1)
        case "+": return peek(1) == "=" ? token(.plusAssign, length: 2) : token(.plus, length: 1)
        case "-": return peek(1) == "=" ? token(.minusAssign, length: 2) : token(.minus, length: 1)
        case "/": return peek(1) == "=" ? token(.slashAssign, length: 2) : token(.slash, length: 1)
        case "=":
            if peek(1) == "=" {
                throw error("'==' is not an operator here; use '=' to assign", line: line, column: column)
            }
            return token(.assign, length: 1)
        case "*":
            if peek(1) == "*" { return token(.power, length: 2) }
            return peek(1) == "=" ? token(.starAssign, length: 2) : token(.star, length: 1)
        case "0"..."9":
            return try number(start: start, column: column)
        case ".":
            // `.5` is a number; any other '.' calls a function as a method: `x.tanh()`.
            if let after = peek(1), ("0"..."9").contains(after) { return try number(start: start, column: column) }
            return token(.dot, length: 1)
        default:
            if Self.isNameStart(scalar) {
                var end = start + 1
                while end < scalars.count, Self.isNameContinue(scalars[end]) { end += 1 }
                var name = String.UnicodeScalarView()
                name.append(contentsOf: scalars[start..<end])
                return token(.name(String(name)), length: end - start)
            }
            let shown =
                scalar.properties.generalCategory == .control
                ? "U+\(String(scalar.value, radix: 16, uppercase: true))" : String(scalar)
            throw error("unexpected character '\(shown)'", line: line, column: column)
        }
    }

    static func isNameStart(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    static func isNameContinue(_ scalar: Unicode.Scalar) -> Bool {
        isNameStart(scalar) || ("0"..."9").contains(scalar)
    }

    private mutating func number(start: Int, column: Int) throws(ParseError) -> Token {
        var end = start
        func digits() -> Int {
            let from = end
            while end < scalars.count, ("0"..."9").contains(scalars[end]) { end += 1 }
            return end - from
        }
        _ = digits()
        if end < scalars.count, scalars[end] == "." {
            end += 1
            _ = digits()
        }
        if end < scalars.count, scalars[end] == "e" || scalars[end] == "E" {
            end += 1
            if end < scalars.count, scalars[end] == "+" || scalars[end] == "-" { end += 1 }
            if digits() == 0 {
                throw error("malformed number: expected digits after the exponent 'e'", line: line, column: column)
            }
        }
        if end < scalars.count, Self.isNameStart(scalars[end]) || scalars[end] == "." {
            throw error(
                "malformed number: unexpected '\(scalars[end])' after it", line: line, column: end - lineStart + 1)
        }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars[start..<end])
        guard let value = Double(String(text)), value.isFinite else {
            throw error("number \(String(text)) is too large for a Double", line: line, column: column)
        }
        position = end
        return Token(kind: .number(value), offset: start, line: line, column: column)
    }
}
