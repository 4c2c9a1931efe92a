import ArgumentParser
import DotExport
import Foundation
import GraphImport
import GraphModel

extension Gradviz {
    struct Draw: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "draw",
            abstract: "Draw a graph another engine wrote (draw_dot DOT or gradviz-graph JSON) in gradviz's style.",
            discussion: """
                Reads the DOT that micrograd's draw_dot and its ports write (record, lecture and \
                plain labels with data and grad, operation nodes between operands and result) or \
                the gradviz-graph JSON format, and draws it again: inputs, constants, shared \
                values and the root told apart, every operand slot its own edge. Nothing is \
                checked; `gradviz verify` checks the numbers.

                Examples:
                  gradviz draw graph.dot --out graph.svg
                  gradviz draw graph.json --out graph.html
                  python my_engine.py | gradviz draw - --format svg --out -
                """
        )

        @Argument(help: ArgumentHelp("The graph file: .dot/.gv or .json ('-' for stdin).", valueName: "file"))
        var file: String

        @OptionGroup var output: OutputOptions

        @Flag(help: "Label each operand edge with the gradient it carries back.")
        var edgeGrads = false

        @OptionGroup var size: DrawingSizeOptions

        func run() throws {
            try runReportingFailures(execute)
        }

        private func execute() throws(CommandFailure) -> Bool {
            // One --timeout for reading and drawing: a hostile file cannot take longer to read.
            let deadline = DrawingDeadline.reading(file == "-" ? "stdin" : "'\(file)'", seconds: output.timeout)
            defer { deadline.finish() }
            let graph = try GraphInput.read(file)
            for assumption in graph.assumptions { Diagnostics.note(assumption) }
            var snapshot = graph.snapshot
            let (format, destination) = output.resolved
            var title = file == "-" ? nil : file
            var annotations: [Int: Annotation] = [:]
            let newID = size.fit(&snapshot, annotations: &annotations, title: &title, format: format)
            var options = output.dotOptions(for: snapshot, title: title)
            options.edgeGradients = edgeGrads
            graph.applyFileLook(to: &options, newID: newID)
            let bytes = try GraphOutput.bytes(
                for: snapshot, format: format, options: options, timeout: output.timeout, continuing: deadline,
                memoryLimit: output.memoryLimit)
            deadline.finish()
            try OutputWriter.write(bytes, to: destination, timeout: output.timeout)
            return true
        }
    }
}
