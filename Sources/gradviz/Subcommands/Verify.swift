import ArgumentParser
import DotExport
import Foundation
import GraphModel

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a graph exported by another engine: recompute every value and gradient.",
        discussion: """
            Reads a graph in the gradviz-graph JSON format (as `gradviz expr --format json` \
            writes it; micrograd's spellings such as "**2", "ReLU" and "" for leaves, and \
            string or integer ids, are accepted). Recomputes every value from the leaves and \
            every gradient from the root with a correct backward pass over the file's own \
            values, and reports each node where the file differs: a wrong value (forward bug) \
            or a wrong gradient (backward bug). Exits with status 1 on any mismatch.

            scripts/micrograd_export.py writes this format from a micrograd Value; the README \
            describes it for engines in other languages.

            Examples:
              gradviz verify graph.json
              gradviz verify graph.json --out mismatches.svg
            """
    )

    @Argument(help: ArgumentHelp("The graph file ('-' for stdin).", valueName: "file.json"))
    var file: String

    @OptionGroup var output: OutputOptions

    @Option(help: ArgumentHelp("Absolute tolerance for equal numbers.", valueName: "x"))
    var atol = 1e-12

    @Option(help: ArgumentHelp("Relative tolerance for equal numbers (engines that divide as x * y**-1 differ in the last bits).", valueName: "x"))
    var rtol = 1e-9

    func validate() throws {
        guard atol.isFinite && atol >= 0 else { throw ValidationError("--atol must be a finite number, 0 or more") }
        guard rtol.isFinite && rtol >= 0 else { throw ValidationError("--rtol must be a finite number, 0 or more") }
    }

    func run() throws {
        try runReportingFailures(execute)
    }

    private func execute() throws(CommandFailure) -> Bool {
        let data: Data
        do {
            data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw CommandFailure("cannot read '\(file)': \((error as NSError).localizedFailureReason ?? "no such file or not readable")", exitCode: .usage)
        }
        let graph: GraphFile
        do { graph = try GraphFile(data: data) } catch { throw CommandFailure("\(file): \(error)", exitCode: .usage) }
        let snapshot = graph.snapshot
        let verification = Verification(snapshot: snapshot, absoluteTolerance: atol, relativeTolerance: rtol)
        var annotations: [Int: Annotation] = [:]
        var lines: [String] = []
        for mismatch in verification.mismatches {
            let node = snapshot.nodes[mismatch.id]
            let name = "node \(graph.fileIDs[mismatch.id])" + (node.label.map { " (\($0))" } ?? "")
            let kind = mismatch.quantity == .data ? "forward" : "backward"
            lines.append("\(name), \(node.operation?.name ?? "leaf"): \(kind): \(mismatch.quantity.rawValue) is \(NumberFormat.exact(mismatch.found)), expected \(NumberFormat.exact(mismatch.expected))")
            var annotation = annotations[mismatch.id] ?? Annotation([], isProblem: true)
            annotation.lines.append("expected \(mismatch.quantity.rawValue) \(NumberFormat.short(mismatch.expected))")
            annotations[mismatch.id] = annotation
        }
        let summary = verification.mismatches.isEmpty
            ? "all \(snapshot.nodes.count) values and gradients check out"
            : "\(verification.mismatches.count) mismatch\(verification.mismatches.count == 1 ? "" : "es") in \(Set(verification.mismatches.map(\.id)).count) of \(snapshot.nodes.count) nodes"
        if output.out != nil || output.format != nil {
            let (format, destination) = output.resolved
            var options = output.dotOptions(valueCount: snapshot.nodes.count, title: "verify \((file as NSString).lastPathComponent): \(summary)")
            options.annotations = annotations
            try OutputWriter.write(try GraphOutput.bytes(for: snapshot, format: format, options: options, timeout: output.timeout), to: destination)
            for line in lines { Diagnostics.print(line) }
            Diagnostics.print(summary)
        } else {
            for line in lines { print(line) }
            print(summary)
        }
        return verification.mismatches.isEmpty
    }
}
