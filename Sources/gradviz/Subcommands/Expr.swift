import ArgumentParser
import Autograd
import DotExport
import ExpressionLanguage
import GraphModel
import Rendering

struct Expr: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate an expression program, backpropagate from its last value, and show the graph.",
        discussion: """
            The program is statements separated by ';' or new lines: 'name = expr', \
            'name += expr' (also -=, *=, /=) or a bare expression. The last statement's value \
            is the root that backward() starts from. Operators: + - * / ** ^ (constant \
            exponent), unary -, parentheses; functions: \(ExpressionProgram.functionNames.joined(separator: ", ")). \
            A name used twice is one node; names read before they are assigned are inputs.

            Without --out the nodes are printed as a table (id, label, op, operands, data, grad).

            Examples:
              gradviz expr "a*b + c" --set a=2,b=-3,c=10
              gradviz expr "a = 2; b = a + a; c = a*b; d = c + b" --out graph.svg
              gradviz expr "tanh(x1*w1 + x2*w2 + b)" --set x1=2,x2=0,w1=-3,w2=1,b=6.88 --out neuron.png
            """
    )

    @Argument(help: ArgumentHelp("The program, e.g. \"a*b + c\" or \"a = 2; b = a + a\".", valueName: "program"))
    var program: String

    @Option(name: .long, help: ArgumentHelp("Give inputs values: --set a=2,b=-3 or --set a=2 --set b=-3. Also nan, inf, -inf.", valueName: "name=value"))
    var set: [String] = []

    @Option(name: .long, help: ArgumentHelp("Seed for the values of inputs not given by --set.", valueName: "n"))
    var seed: UInt64 = ExpressionProgram.defaultSeed

    @OptionGroup var output: OutputOptions

    mutating func validate() throws {
        _ = try InputValues.parse(set)
    }

    func run() throws {
        do {
            try execute()
        } catch {
            throw error.report()
        }
    }

    private func execute() throws(CommandFailure) {
        let values: [String: Double]
        do { values = try InputValues.parse(set) } catch { throw CommandFailure("\(error)", exitCode: .usage) }
        let evaluation: Evaluation
        do {
            evaluation = try ExpressionProgram.evaluate(program, values: values, seed: seed)
        } catch {
            if case .syntax(let parseError) = error {
                throw CommandFailure(parseError.description, context: parseError.excerpt, exitCode: .usage)
            }
            throw CommandFailure(error.description, exitCode: .usage)
        }
        evaluation.root.backward()
        let drawn = evaluation.inputs.filter { !$0.wasGiven }
        if !drawn.isEmpty {
            let shown = drawn.prefix(8).map { "\($0.name) = \(NumberFormat.exact($0.value.data))" }.joined(separator: ", ")
            let more = drawn.count > 8 ? " and \(drawn.count - 8) more (the table and --format json list them)" : ""
            Diagnostics.note("inputs not given by --set, drawn from seed \(seed): \(shown)\(more)")
        }
        let snapshot = evaluation.root.snapshot()
        let (format, destination) = output.resolved
        let title = program.count <= 80 && !program.contains("\n") ? program : nil
        let bytes = try GraphOutput.bytes(for: snapshot, format: format, options: output.dotOptions(valueCount: snapshot.nodes.count, title: title))
        try OutputWriter.write(bytes, to: destination)
    }
}
