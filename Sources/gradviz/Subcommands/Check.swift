import ArgumentParser
import Autograd
import DotExport
import ExpressionLanguage
import Foundation
import GraphChecks
import GraphModel
import Pages

extension Gradviz {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Check every node's gradient against a central finite difference.",
            discussion: """
                Each node's value is nudged by ±h (h = step × max(1, |value|)) and the graph \
                recomputed forward from it; the difference of the root's values over 2h is \
                compared with the gradient backward() computed. A node passes when its absolute \
                or its relative error is within tolerance. When it is not, a step relative to the \
                value (step × |value|) is tried, and where a nudge leaves an operation's domain \
                (log(x) at 1e-9, x**0.5 at 1e-8) a one-sided difference on the side that stays \
                inside. Where the nudge crosses a kink (relu at 0) the node is reported as \
                non-smooth, and where every step leaves the domain as not checked; neither is a \
                failure, and the summary counts each.

                Prints a table; exits with status 1 when any node fails, so it can run in CI. \
                --out draws the graph with each node's numeric gradient, failures in red.

                Examples:
                  gradviz check "tanh(x*w + b) ** 2" --set x=0.5,w=-1.2,b=0.3
                  gradviz check "relu(a) * b" --set a=0,b=2
                """
        )

        @OptionGroup var input: ProgramOptions
        @OptionGroup var output: OutputOptions

        @Option(help: ArgumentHelp("Absolute tolerance.", valueName: "x"))
        var atol = 1e-6

        @Option(help: ArgumentHelp("Relative tolerance.", valueName: "x"))
        var rtol = 1e-5

        @Option(help: ArgumentHelp("Relative size of the nudge.", valueName: "x"))
        var step = 1e-6

        @Option(
            name: .customLong("max-nodes"),
            help: ArgumentHelp(
                "Refuse graphs larger than this (checking costs a forward pass per node).", valueName: "n"))
        var maxNodes = 20_000

        mutating func validate() throws {
            guard atol >= 0, rtol >= 0 else { throw ValidationError("tolerances must not be negative") }
            guard step > 0, step < 1 else { throw ValidationError("--step must be between 0 and 1") }
        }

        func run() throws {
            try runReportingFailures(execute)
        }

        private func execute() throws(CommandFailure) -> Bool {
            let evaluation = try input.evaluate()
            evaluation.root.backward()
            input.noteDrawnInputs(evaluation)
            let snapshot = evaluation.root.snapshot()
            guard snapshot.nodes.count <= maxNodes else {
                throw CommandFailure(
                    "the graph has \(snapshot.nodes.count) nodes; checking costs one forward pass per node, so the limit is --max-nodes \(maxNodes)",
                    exitCode: .usage)
            }
            let check = GradientCheck(snapshot: snapshot, absoluteTolerance: atol, relativeTolerance: rtol, step: step)
            var annotations: [Int: Annotation] = [:]
            for result in check.results {
                switch result.status {
                case .ok: annotations[result.id] = Annotation(["numeric \(NumberFormat.short(result.numeric))"])
                case .nonSmooth:
                    annotations[result.id] = Annotation([
                        "numeric \(NumberFormat.short(result.numeric))", "non-smooth point",
                    ])
                case .outsideDomain:
                    annotations[result.id] = Annotation(["not checked: every step left the domain"])
                case .mismatch, .nonFinite:
                    annotations[result.id] = Annotation(
                        [
                            "numeric \(NumberFormat.short(result.numeric))",
                            "error \(NumberFormat.short(result.absoluteError))",
                        ], isProblem: true)
                }
            }
            let failures = check.failures
            let summary = Self.summary(check)
            if output.out != nil || output.format != nil {
                let (format, destination) = output.resolved
                if format == .table {
                    try OutputWriter.write(Array(table(snapshot, check).utf8), to: destination, timeout: output.timeout)
                } else {
                    var options = output.dotOptions(for: snapshot, title: "check: \(summary)")
                    options.annotations = annotations
                    try OutputWriter.write(
                        try GraphOutput.bytes(
                            for: snapshot, format: format, options: options, timeout: output.timeout,
                            check: .init(step: step, absoluteTolerance: atol, relativeTolerance: rtol),
                            fewerValues: nil,
                            memoryLimit: output.memoryLimit),
                        to: destination, timeout: output.timeout)
                }
                Diagnostics.line(summary)
            } else {
                try OutputWriter.printLine(table(snapshot, check) + summary)
            }
            return failures.isEmpty
        }

        /// One line on the whole check: "all 4 gradients match finite differences", or the
        /// count of each outcome ("3 match, 1 non-smooth (a kink such as relu at 0; not a
        /// failure)").
        static func summary(_ check: GradientCheck) -> String {
            let total = check.results.count
            let matching = check.count(.ok)
            if matching == total { return "all \(total) gradients match finite differences" }
            var parts = ["\(matching) match"]
            let nonSmooth = check.count(.nonSmooth)
            if nonSmooth > 0 { parts.append("\(nonSmooth) non-smooth (a kink such as relu at 0; not a failure)") }
            let outside = check.count(.outsideDomain)
            if outside > 0 { parts.append("\(outside) not checked (every step left the domain)") }
            let failing = check.failures.count
            if failing > 0 { parts.append("\(failing) \(failing == 1 ? "does" : "do") not match") }
            return "\(total) gradients against finite differences: " + parts.joined(separator: ", ")
        }

        func table(_ snapshot: GraphSnapshot, _ check: GradientCheck) -> String {
            snapshot.tableText(extraColumns: [
                ("numeric", check.results.map { NumberFormat.exact($0.numeric) }),
                ("abs error", check.results.map { String(format: "%.2e", $0.absoluteError) }),
                ("rel error", check.results.map { String(format: "%.2e", $0.relativeError) }),
                ("status", check.results.map { $0.status == .ok ? "ok" : $0.status.rawValue.uppercased() }),
            ])
        }
    }
}
