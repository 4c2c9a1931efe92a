import ArgumentParser
import DotExport
import Foundation
import GraphChecks
import GraphImport
import GraphModel
import Pages
import Rendering

extension Gradviz {
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Check a graph another engine computed: every value and gradient, node by node.",
            discussion: """
                Reads a graph in the gradviz-graph JSON format (as `gradviz expr --format json` \
                writes it; micrograd's spellings such as "**2", "ReLU" and "" for leaves, and \
                string or integer ids, are accepted) or the DOT that micrograd's draw_dot and its \
                ports write (.dot/.gv, or sniffed: JSON starts with '{').

                Each node is checked locally, against the file's own numbers: its value against \
                its operation applied to its operands' values (a forward bug), its gradient \
                against the sum of what its users send back (a backward bug). So a wrong number \
                is reported where it went wrong, not at everything computed from it. Numbers \
                printed with few digits (draw_dot's %.4f) are compared within what that rounding \
                allows, carried through each operation. Exits with status 1 on any mismatch.

                A two-operand operation with one operand (micrograd keeps operands in a set, so \
                `a + a` has one edge) is read as that operand in both slots.

                Examples:
                  gradviz verify graph.json
                  gradviz verify graph.dot --out mismatches.svg
                  gradviz verify graph.json --report json
                """
        )

        @Argument(help: ArgumentHelp("The graph file: .json, .dot or .gv ('-' for stdin).", valueName: "file"))
        var file: String

        @OptionGroup var output: OutputOptions

        @Option(help: ArgumentHelp("Absolute tolerance for equal numbers.", valueName: "x"))
        var atol = 1e-12

        @Option(
            help: ArgumentHelp(
                "Relative tolerance for equal numbers (engines that divide as x * y**-1 differ in the last bits).",
                valueName: "x"))
        var rtol = 1e-9

        @OptionGroup var size: DrawingSizeOptions

        enum Report: String, CaseIterable, ExpressibleByArgument { case text, json }

        @Option(
            help: ArgumentHelp(
                "How to report on stdout: text lines, or one JSON object {\"nodes\", \"mismatches\": [...]} for programs.",
                valueName: "kind"))
        var report: Report = .text

        func validate() throws {
            for (name, value) in [("--atol", atol), ("--rtol", rtol)] where !(value >= 0 && value.isFinite) {
                throw ValidationError("\(name) must be a finite number of at least 0")
            }
        }

        func run() throws {
            try runReportingFailures(execute)
        }

        private func execute() throws(CommandFailure) -> Bool {
            // One --timeout for reading, checking and drawing: a hostile file cannot take longer.
            let deadline = DrawingDeadline.reading(file == "-" ? "stdin" : "'\(file)'", seconds: output.timeout)
            defer { deadline.finish() }
            let graph = try GraphInput.read(file)
            for assumption in graph.assumptions { Diagnostics.note(assumption) }
            let snapshot = graph.snapshot
            let verification = Verification(
                snapshot: snapshot, absoluteTolerance: atol, relativeTolerance: rtol, printed: graph.printed)
            let diagnosis = RuleDiagnosis(snapshot: snapshot, printed: graph.printed, verification: verification)
            var annotations: [Int: Annotation] = [:]
            var lines: [String] = []
            for mismatch in verification.mismatches {
                let node = snapshot.nodes[mismatch.id]
                let kind = mismatch.quantity == .data ? "forward" : "backward"
                let within =
                    mismatch.tolerance > 0 ? " (±\(NumberFormat.short(mismatch.tolerance)) for printed rounding)" : ""
                // Numbers printed with few digits are compared, and so shown, at that precision:
                // the expected number with as many decimals as the file printed the found one.
                let found = printedNumber(graph, mismatch)
                let expected =
                    mismatch.tolerance > 0
                    ? Self.number(mismatch.expected, like: found) : NumberFormat.exact(mismatch.expected)
                // A wrong gradient is sent by its user's backward rule: name that operation.
                let sentBy = diagnosis.sender[mismatch.id].map { user in
                    "; sent by \(snapshot.nodes[user].operation?.name ?? "?")'s backward at \(graph.name(of: user))"
                }
                lines.append(
                    "\(graph.name(of: mismatch.id)), \(node.operation?.name ?? "leaf"): \(kind): \(mismatch.quantity.rawValue) is \(found), expected \(expected)\(within)\(sentBy ?? "")"
                )
                var annotation = annotations[mismatch.id] ?? Annotation([], isProblem: true)
                annotation.lines.append(
                    "expected \(mismatch.quantity.rawValue) \(mismatch.tolerance > 0 ? expected : NumberFormat.short(mismatch.expected))"
                )
                annotations[mismatch.id] = annotation
            }
            let summary =
                verification.mismatches.isEmpty
                ? "all \(snapshot.nodes.count) values and gradients check out"
                : "\(verification.mismatches.count) mismatch\(verification.mismatches.count == 1 ? "" : "es") in \(Set(verification.mismatches.map(\.id)).count) of \(snapshot.nodes.count) nodes"
            let drawing = output.out != nil || output.format != nil
            if drawing {
                let (format, destination) = output.resolved
                var picture = snapshot
                var title: String? = "verify \((file as NSString).lastPathComponent): \(summary)"
                let newID = size.fit(&picture, annotations: &annotations, title: &title, format: format)
                var options = output.dotOptions(for: picture, title: title)
                options.annotations = annotations
                graph.applyFileLook(to: &options, newID: newID)
                // The page says what this report says, node by node, in the drawing's ids.
                let verified = verification.mismatches.compactMap { mismatch -> HTMLViewer.Replay.Finding? in
                    let id = newID.map { $0.indices.contains(mismatch.id) ? $0[mismatch.id] : -1 } ?? mismatch.id
                    guard id >= 0 else { return nil }
                    return HTMLViewer.Replay.Finding(
                        id: id, name: graph.name(of: mismatch.id), isGrad: mismatch.quantity == .grad,
                        expected: mismatch.expected)
                }
                let bytes = try GraphOutput.bytes(
                    for: picture, format: format, options: options, timeout: output.timeout, continuing: deadline,
                    memoryLimit: output.memoryLimit, verified: verified)
                deadline.finish()
                try OutputWriter.write(bytes, to: destination, timeout: output.timeout)
            }
            deadline.finish()
            lines += Self.ruleLines(diagnosis, snapshot: snapshot, verification: verification)
            switch report {
            case .json:
                try OutputWriter.writeToStandardOutput(Array(jsonReport(graph, verification, diagnosis).utf8))
            case .text:
                // With a picture on stdout, the report goes to stderr.
                let toStandardError = drawing && output.resolved.destination == nil
                if toStandardError {
                    for line in lines + [summary] { Diagnostics.line(line) }
                } else {
                    // Labels come from the file: each stays on its line, and no terminal escape
                    // of theirs reaches the terminal.
                    try OutputWriter.printLine((lines + [summary]).map(Diagnostics.escaped).joined(separator: "\n"))
                }
            }
            return verification.mismatches.isEmpty
        }

        /// `value` written the way `printed` is: as many decimals, in scientific notation when
        /// it is (`16.0` → `10.0`, `2.1900` → `0.5000`, `1.5e-07` → `3.0e-07`); the shortest
        /// exact spelling when `printed` is no plain number.
        static func number(_ value: Double, like printed: String) -> String {
            guard value.isFinite, printed.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }) else {
                return NumberFormat.exact(value)
            }
            let mantissa = printed.prefix { $0 != "e" && $0 != "E" }
            let decimals =
                mantissa.firstIndex(of: ".").map { mantissa.distance(from: $0, to: mantissa.endIndex) - 1 } ?? 0
            let scientific = mantissa.count < printed.count
            let text = String(format: scientific ? "%.\(decimals)e" : "%.\(decimals)f", value)
            // `-0.0` reads as a sign that is not there.
            return text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text
        }

        /// The number as the file printed it (`16.0000`, `2.19`), else written exactly.
        private func printedNumber(_ graph: ImportedGraph, _ mismatch: Verification.Mismatch) -> String {
            if let text = graph.printedText?[mismatch.id] {
                if mismatch.quantity == .data { return String(text.data) }
                if let grad = text.grad { return String(grad) }
            }
            return NumberFormat.exact(mismatch.found)
        }

        /// What the wrong numbers say about the rule: the operation whose backward sent every
        /// wrong gradient, when one does, and the catalogue entry that reproduces them all.
        static func ruleLines(
            _ diagnosis: RuleDiagnosis, snapshot: GraphSnapshot, verification: Verification
        )
            -> [String]
        {
            var lines: [String] = []
            let gradMismatches = verification.mismatches.filter { $0.quantity == .grad }
            let senders = gradMismatches.compactMap { diagnosis.sender[$0.id] }
            let operations = Set(senders.compactMap { snapshot.nodes[$0].operation })
            let wholePass = diagnosis.rules.first.map { $0.operation == nil } ?? false
            if !wholePass && !gradMismatches.isEmpty && senders.count == gradMismatches.count && operations.count == 1,
                let operation = operations.first
            {
                // A value its sender reads twice (`o + o`) goes wrong as easily by `=` for `+=`.
                let readTwice = gradMismatches.allSatisfy { mismatch in
                    diagnosis.sender[mismatch.id].map { sender in
                        snapshot.nodes[sender].operands.filter { $0 == mismatch.id }.count > 1
                    } ?? false
                }
                lines.append(
                    readTwice
                        ? "every wrong gradient was sent by \(operation.name)'s backward to a value it reads twice: check its local derivative, and that it adds to each operand's grad (+=) instead of assigning (=)"
                        : "every wrong gradient was sent by \(operation.name)'s backward: check the \(operation.name) rule's local derivative"
                )
            }
            if let rule = diagnosis.rules.first {
                lines.append("rule: \(rule.rawValue): your numbers are exactly those of \(rule.explanation)")
            }
            return lines
        }

        /// `{"nodes": N, "mismatches": [{"node", "label", "op", "quantity", "expected", "found", "tolerance",
        /// "sent_by"}], "rules": [...]}`.
        private func jsonReport(
            _ graph: ImportedGraph, _ verification: Verification, _ diagnosis: RuleDiagnosis
        )
            -> String
        {
            let items = verification.mismatches.map { mismatch in
                let node = graph.snapshot.nodes[mismatch.id]
                let fields = [
                    "\"node\": \(JSONText.string(graph.fileIDs[mismatch.id]))",
                    "\"label\": \(node.label.map { JSONText.string($0) } ?? "null")",
                    "\"op\": \(node.operation.map { JSONText.string($0.name) } ?? "null")",
                    "\"quantity\": \"\(mismatch.quantity.rawValue)\"",
                    "\"expected\": \(JSONText.number(mismatch.expected))",
                    "\"found\": \(JSONText.number(mismatch.found))",
                    "\"tolerance\": \(JSONText.number(mismatch.tolerance))",
                    "\"sent_by\": \(diagnosis.sender[mismatch.id].map { JSONText.string(graph.fileIDs[$0]) } ?? "null")",
                    "\"sent_by_op\": \(diagnosis.sender[mismatch.id].flatMap { graph.snapshot.nodes[$0].operation.map { JSONText.string($0.name) } } ?? "null")",
                ]
                return "  {" + fields.joined(separator: ", ") + "}"
            }
            let list = items.isEmpty ? "[]" : "[\n" + items.joined(separator: ",\n") + "\n]"
            let rules = diagnosis.rules.map { JSONText.string($0.rawValue) }.joined(separator: ", ")
            return "{\"nodes\": \(graph.snapshot.nodes.count), \"mismatches\": \(list), \"rules\": [\(rules)]}\n"
        }
    }
}
