import ArgumentParser
import Autograd
import DotExport
import ExpressionLanguage
import Foundation
import GraphChecks
import GraphModel
import Rendering

extension Gradviz {
    struct Expr: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "expr",
            abstract: "Evaluate an expression program, backpropagate from its last value, and show the graph.",
            discussion: """
                The program is statements separated by ';' or new lines: 'name = expr', \
                'name += expr' (also -=, *=, /=) or a bare expression. The last statement's value \
                is the root that backward() starts from. Operators: + - * / ** ^ (x ** 2, or a \
                value exponent a ** b with a gradient for both), unary -, parentheses; functions: \(ExpressionProgram.functionNames.joined(separator: ", ")), \
                called as tanh(x) or, as in micrograd, x.tanh() and (a*b).relu(). A name used twice is one node; names read before they are assigned are inputs. \
                '#' starts a comment.

                Without --out the nodes are printed as a table (id, label, op, operands, data, grad).

                Examples:
                  gradviz expr "a*b + c" --set a=2,b=-3,c=10
                  gradviz expr "b = a + a; c = a*b; d = c + b" --edge-grads -o g.svg
                  gradviz expr "b = a + a; c = a*b; d = c + b" --inject recursive --order
                  gradviz expr -f program.gv --out graph.html
                """
        )

        @OptionGroup var input: ProgramOptions
        @OptionGroup var output: OutputOptions

        @Flag(
            name: .customLong("edge-grads"),
            help:
                "Label each operand edge with the gradient it carries back; a value's grad is the sum of its edges' labels."
        )
        var edgeGradients = false

        @Flag(
            help:
                "Number the nodes in the order the backward pass visited them, with how many times each one's backward step ran (x1 when correct)."
        )
        var order = false

        @Option(
            help: ArgumentHelp(
                "Re-run backward with a classic bug and show its gradients beside the correct ones: \(BackwardBug.allCases.map(\.rawValue).joined(separator: ", ")). See `gradviz bugs`.",
                valueName: "bug"))
        var inject: BackwardBug?

        @OptionGroup var size: DrawingSizeOptions

        func run() throws {
            try runReportingFailures { () throws(CommandFailure) -> Bool in
                try execute()
                return true
            }
        }

        private func execute() throws(CommandFailure) {
            let programText = try input.programText()
            let evaluation = try input.evaluate(programText)
            evaluation.root.backward()
            input.noteDrawnInputs(evaluation)
            var snapshot = evaluation.root.snapshot()
            var annotations: [Int: Annotation] = [:]
            var title = input.title
            var tableExtra: [String: [String]] = [:]
            if let inject {
                let result: BugReenactment
                do {
                    var dropped: GraphSnapshot?
                    if inject == .droppedResult {
                        let rerun = try input.evaluate(programText, dropCompoundResults: true)
                        rerun.root.backward()
                        dropped = rerun.root.snapshot()
                    }
                    result = try BugReenactment(bug: inject, correct: snapshot, droppedResultGraph: dropped)
                } catch let error as BugReenactmentError {
                    throw CommandFailure("--inject \(inject.rawValue): \(error.message)", exitCode: .usage)
                } catch let error as CommandFailure {
                    throw error
                } catch {
                    throw CommandFailure("\(error)")
                }
                snapshot = result.buggy
                for (id, differs) in result.differs.enumerated() where differs {
                    annotations[id] = Annotation(
                        ["correct grad \(NumberFormat.short(result.correctGrads[id]))"], isProblem: true)
                }
                title = "--inject \(inject.rawValue): \(result.summary)"
                tableExtra = [
                    "correct grad": result.correctGrads.map(NumberFormat.exact),
                    "differs": result.differs.map { $0 ? "yes" : "" },
                ]
                Diagnostics.note(result.summary)
                if let warning = result.warning { Diagnostics.warning(warning) }
            }
            if order {
                if let bug = inject?.orderBug {
                    do { try BugReenactment.checkRecursionBudget(snapshot, bug: bug) } catch {
                        throw CommandFailure("--inject \(bug.rawValue) --order: \(error.message)", exitCode: .usage)
                    }
                }
                let run = BackwardRun(
                    snapshot: snapshot, data: snapshot.nodes.map(\.data), bug: inject.flatMap(\.orderBug))
                var position: [Int: Int] = [:]
                for (step, id) in run.order.enumerated() where position[id] == nil { position[id] = step + 1 }
                for node in snapshot.nodes where node.operation != nil {
                    guard let step = position[node.id] else { continue }
                    let runs = run.runs[node.id]
                    var annotation = annotations[node.id] ?? Annotation([])
                    annotation.lines.append("backward step \(step), ran ×\(runs)")
                    annotation.isProblem = annotation.isProblem || runs != 1
                    annotations[node.id] = annotation
                }
                tableExtra["backward step"] = snapshot.nodes.map { position[$0.id].map(String.init) ?? "" }
                tableExtra["runs"] = snapshot.nodes.map { $0.operation == nil ? "" : "×\(run.runs[$0.id])" }
            }
            let (format, destination) = output.resolved
            size.fit(&snapshot, annotations: &annotations, title: &title, format: format)
            var options = output.dotOptions(for: snapshot, title: title)
            options.edgeGradients = edgeGradients
            options.annotations = annotations
            let bytes: [UInt8]
            if format == .table && !tableExtra.isEmpty {
                let columns = ["correct grad", "differs", "backward step", "runs"].compactMap { name in
                    tableExtra[name].map { (name, $0) }
                }
                bytes = Array(snapshot.tableText(extraColumns: columns).utf8)
            } else {
                bytes = try GraphOutput.bytes(
                    for: snapshot, format: format, options: options, timeout: output.timeout, bug: inject,
                    memoryLimit: output.memoryLimit)
            }
            try OutputWriter.write(bytes, to: destination, timeout: output.timeout)
            // On a terminal, say what was written and where (scripts and pipes get no extra line).
            if let destination, !destination.hasPrefix("/dev/"), isatty(STDERR_FILENO) == 1 {
                let path = URL(fileURLWithPath: destination).standardizedFileURL.path
                Diagnostics.line("wrote \(path) (\(format.rawValue.uppercased()))")
            }
        }
    }
}

extension BackwardBug: ExpressibleByArgument {
    /// The bug to re-enact when numbering the backward pass.
    var orderBug: BackwardBug? {
        switch self {
        case .recursive, .recursiveRightToLeft: self
        default: nil
        }
    }
}
