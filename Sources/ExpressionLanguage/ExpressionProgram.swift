public import Autograd
public import GraphModel

/// Programs in gradviz's small expression language, evaluated into a `Value` graph (`Autograd`).
///
/// ```
/// a = -4; b = 2
/// c = a + b
/// d = a * b + b ** 3
/// d += relu(b - a)
/// ```
/// Statements are separated by `;` or line breaks; each is `name = expr`, `name op= expr`
/// or a bare expression, and the last statement's value is the root. A name used twice is
/// the same node. Names read before they are assigned are inputs, given by `values` or
/// drawn deterministically from `seed`.
public enum ExpressionProgram {
    /// The functions a program may call.
    public static let functions: [String: Operator] = [
        "exp": .exp, "log": .log, "tanh": .tanh, "relu": .relu, "sigmoid": .sigmoid,
    ]

    /// Sorted names of ``functions``, for messages and help.
    public static let functionNames = functions.keys.sorted()

    /// Longest program text read, in bytes, and most nodes a program may make.
    public static let maximumLength = 64 << 20
    public static let maximumNodes = 20_000_000

    /// Seed used when the caller gives none.
    public static let defaultSeed: UInt64 = 1

    /// Parses and evaluates `source` on a new tape.
    ///
    /// - Parameters:
    ///   - source: the program text.
    ///   - values: input values by name; every name must be an input of the program.
    ///   - seed: picks the values of inputs not in `values`.
    ///   - dropCompoundResults: re-enacts the "dropped result" bug: each `x op= y` computes
    ///     its result but `x` keeps its old value (as `act.Add(y)` without assignment does).
    /// - Returns: the tape, the last statement's value (the root), the inputs and where their
    ///   values came from, and the statements the root does not use.
    /// - Throws: ``ExpressionError``: a syntax error (with its line and column), a value for a
    ///   name the program does not read as an input.
    public static func evaluate(
        _ source: String, values: [String: Double] = [:], seed: UInt64 = defaultSeed, dropCompoundResults: Bool = false
    ) throws(ExpressionError) -> Evaluation {
        guard source.utf8.count <= maximumLength else {
            throw .syntax(
                ParseError(
                    line: 1, column: 1,
                    message:
                        "the program is \(source.utf8.count >> 20) MiB; gradviz reads programs up to \(maximumLength >> 20) MiB",
                    sourceLine: ""))
        }
        var parser = Parser(
            lexer: Lexer(source: source), values: values, seed: seed, dropCompoundResults: dropCompoundResults)
        let root: Int32
        do { root = try parser.parseProgram() } catch { throw .syntax(error) }
        let inputNames = Set(parser.inputs.map(\.name))
        for name in values.keys.sorted() where !inputNames.contains(name) {
            if let place = parser.firstAssignment[name] {
                throw .notAnInput(name: name, line: place.line, column: place.column)
            }
            throw .unknownName(name: name, inputs: parser.inputs.map(\.name))
        }
        let tape = parser.tape
        let unused = dropCompoundResults ? [] : unusedStatements(parser, root: root, source: parser.source)
        return Evaluation(
            tape: tape, root: Value(id: root, on: tape), inputs: parser.inputs, unusedStatements: unused)
    }

    /// The statements whose values the root does not depend on (`a; b` drops `a`): they are
    /// computed and then not part of the graph, which is almost always a mistake.
    static func unusedStatements(_ parser: Parser, root: Int32, source: [Unicode.Scalar]) -> [UnusedStatement] {
        guard parser.statements.count > 1 else { return [] }
        let reached = parser.tape.reached(from: root)
        var unused: [UnusedStatement] = []
        for statement in parser.statements.dropLast()
        where Int(statement.node) >= reached.count || !reached[Int(statement.node)] {
            let start = min(Int(statement.start), source.count)
            let end = min(max(Int(statement.end), start), source.count)
            var scalars = source[start..<end]
            if let comment = scalars.firstIndex(of: "#") { scalars = scalars[..<comment] }
            while let last = scalars.last, last.properties.isWhitespace { scalars = scalars.dropLast() }
            let text = String(String.UnicodeScalarView(scalars))
            unused.append(UnusedStatement(text: text, line: Int(statement.line), column: Int(statement.column)))
        }
        return unused
    }

    /// The value an input gets when none is given: a function of its name and the seed only
    /// (so adding a statement never changes other inputs), a multiple of 0.01 with magnitude
    /// in [0.1, 3], away from the kinks of `relu` at 0.
    public static func defaultValue(for name: String, seed: UInt64) -> Double {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let state = SeededGenerator.mix(hash ^ (seed &* SeededGenerator.increment))
        let hundredths = 10 + Int(state % 291)  // 10...300
        let negative = (state >> 40) & 1 == 1
        return Double(negative ? -hundredths : hundredths) / 100
    }
}

/// The result of running a program.
public struct Evaluation {
    public let tape: Tape
    /// The last statement's value.
    public let root: Value
    /// Every input in order of first use, with where its value came from.
    public let inputs: [Input]
    /// Statements the root does not depend on, in program order (`a` in `a; b`).
    public var unusedStatements: [UnusedStatement] = []

    /// A name read before it was assigned.
    public struct Input {
        public let name: String
        public let value: Value
        /// `true` when the caller gave the value, `false` when it came from the seed.
        public let wasGiven: Bool
    }
}

/// A statement whose value the root does not use: computed, then left out of the graph.
public struct UnusedStatement: Equatable, Sendable {
    /// The statement as written, without comments (it may be long; callers shorten it).
    public var text: String
    public var line: Int
    public var column: Int

    public init(text: String, line: Int, column: Int) {
        self.text = text
        self.line = line
        self.column = column
    }
}

/// Why a program could not be evaluated.
public enum ExpressionError: Error, Equatable, CustomStringConvertible {
    /// The text is not a valid program.
    case syntax(ParseError)
    /// A value was given for a name the program never uses.
    case unknownName(name: String, inputs: [String])
    /// A value was given for a name the program assigns before it reads it.
    case notAnInput(name: String, line: Int, column: Int)

    public var description: String {
        switch self {
        case .syntax(let error):
            return error.description
        case .unknownName(let name, let inputs):
            let known = inputs.isEmpty ? "it has no inputs" : "its inputs are " + inputs.joined(separator: ", ")
            return "a value was set for '\(name)', which is not in the program (\(known))"
        case .notAnInput(let name, let line, let column):
            return
                "a value was set for '\(name)', but the program assigns it (line \(line), column \(column)) before reading it"
        }
    }
}
