import ArgumentParser
import Autograd
import ExpressionLanguage
import Foundation
import GraphModel

/// The program and its input values, shared by `expr` and `check`.
struct ProgramOptions: ParsableArguments {
    @Argument(
        help: ArgumentHelp(
            "The program, e.g. \"a*b + c\" or \"a = 2; b = a + a\"; '-' reads it from stdin. One that starts with '-' (\"-x**2\") is still the program.",
            valueName: "program"))
    var programArgument: String?

    @Option(
        name: [.customShort("f"), .customLong("file")],
        help: ArgumentHelp(
            "Read the program from this file ('-' for stdin). Command-line arguments are limited to 128 KiB; files are not.",
            valueName: "file"))
    var file: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Give inputs values: --set a=2,b=-3 or --set a=2 --set b=-3. Also nan, inf, -inf.", valueName: "name=value")
    )
    var set: [String] = []

    @Option(name: .long, help: ArgumentHelp("Seed for the values of inputs not given by --set.", valueName: "n"))
    var seed: UInt64 = ExpressionProgram.defaultSeed

    func validate() throws {
        _ = try InputValues.parse(set)
        switch (programArgument, file) {
        case (nil, nil): throw ValidationError("give a program, e.g. gradviz expr \"a*b + c\", or a file with -f")
        case (.some, .some): throw ValidationError("give the program either as an argument or with -f, not both")
        default: break
        }
    }

    /// Where the program came from, for error positions: a file name, "stdin", or nil.
    var sourceName: String? {
        if let file { return file == "-" ? "stdin" : file }
        return programArgument == "-" ? "stdin" : nil
    }

    /// The program's text, read once (stdin cannot be read twice): at most
    /// ``ExpressionProgram/maximumLength`` bytes, so an endless stdin is refused, not stored.
    func programText() throws(CommandFailure) -> String {
        let path = file ?? (programArgument == "-" ? "-" : nil)
        guard let path else { return programArgument ?? "" }
        let bytes = try InputFile.read(path, limit: ExpressionProgram.maximumLength, what: "programs")
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The program read and evaluated, with one clear error (and a caret) when it cannot be.
    func evaluate() throws(CommandFailure) -> Evaluation {
        try evaluate(try programText())
    }

    /// `program` (the text from ``programText()``) evaluated, with one clear error (and a
    /// caret) when it cannot be.
    func evaluate(_ program: String, dropCompoundResults: Bool = false) throws(CommandFailure) -> Evaluation {
        let values: [String: Double]
        do { values = try InputValues.parse(set) } catch { throw CommandFailure("\(error)", exitCode: .usage) }
        do {
            let evaluation = try ExpressionProgram.evaluate(
                program, values: values, seed: seed, dropCompoundResults: dropCompoundResults)
            warnAboutUnusedStatements(evaluation)
            return evaluation
        } catch {
            if case .syntax(let parseError) = error {
                let message =
                    sourceName.map { "\($0):\(parseError.line):\(parseError.column): \(parseError.message)" }
                    ?? parseError.description
                throw CommandFailure(message, context: parseError.excerpt, exitCode: .usage)
            }
            throw CommandFailure(error.description, exitCode: .usage)
        }
    }

    /// Warns on stderr about statements the root does not use (`a` in `a; b`): they are
    /// computed, then left out of the graph, which is rarely what was meant.
    func warnAboutUnusedStatements(_ evaluation: Evaluation) {
        let unused = evaluation.unusedStatements
        guard !unused.isEmpty else { return }
        func shown(_ statement: UnusedStatement) -> String {
            let text = statement.text.count > 40 ? String(statement.text.prefix(39)) + "…" : statement.text
            let place =
                sourceName.map { "\($0):\(statement.line):\(statement.column)" }
                ?? "line \(statement.line), column \(statement.column)"
            return "'\(text)' (\(place))"
        }
        let root = "the result (the last statement's value)"
        if unused.count == 1 {
            Diagnostics.warning("statement \(shown(unused[0])) is not used by \(root), so it is not in the graph")
            return
        }
        let more = unused.count > 3 ? " and \(unused.count - 3) more" : ""
        Diagnostics.warning(
            "\(unused.count) statements are not used by \(root), so they are not in the graph: "
                + unused.prefix(3).map(shown).joined(separator: ", ") + more)
    }

    /// Says on stderr which inputs got values from the seed.
    func noteDrawnInputs(_ evaluation: Evaluation) {
        let drawn = evaluation.inputs.filter { !$0.wasGiven }
        guard !drawn.isEmpty else { return }
        let shown = drawn.prefix(8).map { "\($0.name) = \(NumberFormat.exact($0.value.data))" }.joined(separator: ", ")
        let more = drawn.count > 8 ? " and \(drawn.count - 8) more (the table and --format json list them)" : ""
        Diagnostics.note("inputs not given by --set, drawn from seed \(seed): \(shown)\(more)")
    }

    /// A caption for drawings: the program when it is a short one-line argument, else the file name.
    var title: String? {
        if let program = programArgument, program != "-" {
            return program.count <= 80 && !program.contains("\n") ? program : nil
        }
        return sourceName
    }
}
