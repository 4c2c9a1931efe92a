import ArgumentParser
import Autograd
import ExpressionLanguage
import GraphModel

/// The program and its input values, shared by `expr` and `check`.
struct ProgramOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The program, e.g. \"a*b + c\" or \"a = 2; b = a + a\".", valueName: "program"))
    var program: String

    @Option(name: .long, help: ArgumentHelp("Give inputs values: --set a=2,b=-3 or --set a=2 --set b=-3. Also nan, inf, -inf.", valueName: "name=value"))
    var set: [String] = []

    @Option(name: .long, help: ArgumentHelp("Seed for the values of inputs not given by --set.", valueName: "n"))
    var seed: UInt64 = ExpressionProgram.defaultSeed

    func validate() throws {
        _ = try InputValues.parse(set)
    }

    /// The program evaluated, with one clear error (and a caret) when it cannot be.
    func evaluate(dropCompoundResults: Bool = false) throws(CommandFailure) -> Evaluation {
        let values: [String: Double]
        do { values = try InputValues.parse(set) } catch { throw CommandFailure("\(error)", exitCode: .usage) }
        do {
            return try ExpressionProgram.evaluate(program, values: values, seed: seed, dropCompoundResults: dropCompoundResults)
        } catch {
            if case .syntax(let parseError) = error {
                throw CommandFailure(parseError.description, context: parseError.excerpt, exitCode: .usage)
            }
            throw CommandFailure(error.description, exitCode: .usage)
        }
    }

    /// Says on stderr which inputs got values from the seed.
    func noteDrawnInputs(_ evaluation: Evaluation) {
        let drawn = evaluation.inputs.filter { !$0.wasGiven }
        guard !drawn.isEmpty else { return }
        let shown = drawn.prefix(8).map { "\($0.name) = \(NumberFormat.exact($0.value.data))" }.joined(separator: ", ")
        let more = drawn.count > 8 ? " and \(drawn.count - 8) more (the table and --format json list them)" : ""
        Diagnostics.note("inputs not given by --set, drawn from seed \(seed): \(shown)\(more)")
    }

    /// A caption for drawings: the program when it is short and on one line.
    var title: String? { program.count <= 80 && !program.contains("\n") ? program : nil }
}
