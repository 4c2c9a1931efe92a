import ArgumentParser
import DotExport
import EngineTesting
import Foundation
import GraphChecks
import GraphModel

extension Gradviz {
    struct TestEngine: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "test-engine",
            abstract: "Test your autograd engine: generated programs run in it and in gradviz, every value compared.",
            discussion: """
                Your engine is driven through a small adapter that speaks gradviz's line-based \
                protocol on its stdin and stdout (docs/test-engine-protocol.md): gradviz sends \
                programs (`0 leaf 2`, `1 add 0 0`, `backward 1`), the adapter answers every \
                value's data and grad. The same programs run in gradviz's engine (micrograd's \
                semantics), and every value's data and grad is compared within a rounding bound \
                computed for that value, so a correct engine that divides natively or writes tanh \
                through exp is never reported.

                The first program that differs is shrunk to a minimal one that fails the same \
                way, printed in gradviz's language and as Python micrograd code with both engines' \
                numbers, and matched against the catalogue of wrong rules (a line `rule: <id>` \
                and the sentence) or, failing that, the operation it implicates.

                Exit status: 0 no difference; 1 a difference, or an adapter that crashed or went \
                silent part-way; 64 an adapter that did not speak the protocol.

                Examples:
                  gradviz test-engine --command "go run ./adapter"
                  gradviz test-engine --command "node adapter.js" --programs 300 --seed 1 --out minimal.svg
                  gradviz test-engine --stdio        (the caller is the adapter: python -m gradviz test-engine)
                """
        )

        @Option(
            help: ArgumentHelp(
                "The adapter to start (run with /bin/sh -c), speaking the protocol on its stdin and stdout.",
                valueName: "command"))
        var command: String?

        @Flag(
            help:
                "Speak the protocol on gradviz's own stdin and stdout (the caller is the adapter); the report goes to stderr or --report-file."
        )
        var stdio = false

        @Option(
            help: ArgumentHelp(
                "How the adapter writes its numbers: text lines (the protocol's `I DATA GRAD`), or binary (per program the count N then N data-and-grad pairs, little-endian doubles, as gradviz's Python module writes them; docs/test-engine-protocol.md).",
                valueName: "encoding"))
        var answers: AnswerEncoding = .text

        @Option(
            help: ArgumentHelp(
                "How gradviz writes the programs: text lines (`0 leaf 2`, `1 add 0 0`), or binary (a 20-byte little-endian record per line, as gradviz's Python module reads them; docs/test-engine-protocol.md). The handshake is text either way.",
                valueName: "encoding"))
        var requests: RequestEncoding = .text

        @Option(help: ArgumentHelp("How many programs to run.", valueName: "n"))
        var programs = 1000

        @Option(
            help: ArgumentHelp("Seed of the generated programs (the same seed, the same programs).", valueName: "s"))
        var seed: UInt64 = 1

        @Option(name: .customLong("max-size"), help: ArgumentHelp("Most statements in a program.", valueName: "k"))
        var maximumSize = 12

        @Option(help: ArgumentHelp("Seconds the adapter has to answer each program.", valueName: "seconds"))
        var timeout = 10.0

        @Flag(help: "Keep going after the first failure: one minimal program per distinct diagnosis.")
        var all = false

        @Option(
            name: .shortAndLong,
            help: ArgumentHelp(
                "Draw the (first) minimal program with your engine's numbers, mismatches red and the right values beside them: .svg, .png or .html.",
                valueName: "file"))
        var out: String?

        enum Report: String, CaseIterable, ExpressibleByArgument { case text, json }

        @Option(help: ArgumentHelp("Report as text lines or one JSON object.", valueName: "kind"))
        var report: Report = .text

        @Option(
            name: .customLong("report-file"),
            help: ArgumentHelp(
                "Write the report to this file instead of stdout (stderr with --stdio).", valueName: "file"))
        var reportFile: String?

        @Option(
            name: .customLong("write-programs"),
            help: ArgumentHelp(
                "Ask the adapter which operations it has, then write the programs this run would send (the handshake, every program, quit; as text lines, whatever --requests says) to this file instead of running them; replay with ADAPTER < FILE, in a debugger or a profiler.",
                valueName: "file"))
        var writePrograms: String?

        func validate() throws {
            if (command == nil) == !stdio {
                throw ValidationError(
                    "give the adapter with --command \"CMD\", or --stdio when the caller is the adapter")
            }
            if let command, command.trimmingCharacters(in: .whitespaces).isEmpty {
                throw ValidationError("--command is empty")
            }
            guard programs >= 1 else { throw ValidationError("--programs must be at least 1") }
            guard (1...1_000).contains(maximumSize) else { throw ValidationError("--max-size must be from 1 to 1000") }
            guard timeout > 0, timeout.isFinite else { throw ValidationError("--timeout must be more than 0 seconds") }
            if let out {
                let format = OutputFormat(fileExtension: (out as NSString).pathExtension)
                guard let format, [.svg, .png, .html, .dot, .pdf].contains(format) else {
                    throw ValidationError(
                        "--out draws the minimal program: give a file ending in .svg, .png, .pdf, .html or .dot")
                }
            }
        }

        func run() throws {
            try runReportingFailures(execute)
        }

        private func execute() throws(CommandFailure) -> Bool {
            var session: EngineSession
            do {
                if let command {
                    session = try EngineSession(
                        command: command, timeout: timeout, answers: answers, requests: requests
                    ) {
                        ProcessCleanup.registerChildGroup($0)
                    }
                } else {
                    session = try EngineSession(
                        reading: STDIN_FILENO, writing: STDOUT_FILENO, timeout: timeout, answers: answers,
                        requests: requests)
                }
            } catch {
                ProcessCleanup.clearChildGroup()
                throw CommandFailure(error.message, exitCode: .usage)
            }
            defer {
                session.close()
                ProcessCleanup.clearChildGroup()
            }
            if let writePrograms {
                let generator = ProgramGenerator(operations: session.operations, maximumSize: maximumSize)
                var text = "gradviz-engine 1\n"
                for index in 0..<programs {
                    text += generator.program(seed: seed, index: index).protocolText(number: index + 1)
                }
                text += "quit\n"
                try OutputWriter.write(Array(text.utf8), to: writePrograms)
                Diagnostics.line(
                    "wrote \(EngineTest.Outcome.grouped(programs)) program\(programs == 1 ? "" : "s") of seed \(seed) for the operations \(generator.operations.map(\.protocolName).joined(separator: " ")) to \(writePrograms)"
                )
                return true
            }
            let test = EngineTest(programs: programs, seed: seed, maximumSize: maximumSize, all: all)
            let progress = ProgressLine(total: programs)
            let outcome: EngineTest.Outcome
            do {
                outcome = try test.run(&session) { progress.update($0) }
            } catch {
                progress.clear()
                throw CommandFailure(error.message, exitCode: error.isProtocolViolation ? .usage : .failure)
            }
            progress.clear()
            session.close()
            let text: String
            switch report {
            case .text: text = outcome.text(seed: seed, reproduction: reproduction)
            case .json: text = jsonReport(outcome)
            }
            if let reportFile {
                try OutputWriter.write(Array(text.utf8), to: reportFile)
            } else if stdio {
                Diagnostics.write(Diagnostics.sanitized(text))
            } else {
                try OutputWriter.writeToStandardOutput(Array(text.utf8))
            }
            if let out, let failure = outcome.failures.first {
                try draw(failure, to: out)
            }
            return outcome.failures.isEmpty
        }

        // MARK: - Reports

        /// The command that gives the same programs up to and including the failing one.
        private func reproduction(_ failure: EngineTest.Failure) -> String {
            let count = failure.programIndex + 1
            guard let command else {
                return "the same engine with seed \(seed) and \(count) programs (--seed \(seed) --programs \(count))"
            }
            var words = [
                "gradviz test-engine --command \(Self.shellQuoted(command)) --seed \(seed) --programs \(count)"
            ]
            if maximumSize != 12 { words.append("--max-size \(maximumSize)") }
            return words.joined(separator: " ")
        }

        static func shellQuoted(_ text: String) -> String {
            let safe = text.unicodeScalars.allSatisfy {
                CharacterSet.alphanumerics.contains($0) || "-_./=:,".unicodeScalars.contains($0)
            }
            return safe ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }

        private func jsonReport(_ outcome: EngineTest.Outcome) -> String {
            let failures = outcome.failures.map { failure -> String in
                let program = failure.minimal
                let comparison = failure.comparison
                let names = program.rowNames
                let values = program.statements.indices.map { index in
                    let fields = [
                        "\"name\": \(JSONText.string(names[index]))",
                        "\"statement\": \(JSONText.string(program.statementText(index)))",
                        "\"data\": \(JSONText.number(comparison.found.data[index]))",
                        "\"expected_data\": \(JSONText.number(comparison.expected.data[index]))",
                        "\"grad\": \(JSONText.number(comparison.found.grads[index]))",
                        "\"expected_grad\": \(JSONText.number(comparison.expected.grads[index]))",
                        "\"data_differs\": \(comparison.differs(index, .data))",
                        "\"grad_differs\": \(comparison.differs(index, .grad))",
                    ]
                    return "      {" + fields.joined(separator: ", ") + "}"
                }
                let fields = [
                    "\"program\": \(failure.programIndex + 1)",
                    "\"original_statements\": \(failure.original.count)",
                    "\"statements\": \(program.count)",
                    "\"expression\": \(JSONText.string(program.expressionText))",
                    "\"python\": \(JSONText.string(program.pythonText()))",
                    "\"rule\": \(failure.diagnosis.ruleID.map { JSONText.string($0) } ?? "null")",
                    "\"diagnosis\": \(JSONText.string(failure.diagnosis.sentence))",
                    "\"varies\": \(failure.varies)",
                    "\"inner_values\": \(failure.ruleNeedsInnerValues)",
                    "\"reproduce\": \(JSONText.string(reproduction(failure)))",
                    "\"values\": [\n" + values.joined(separator: ",\n") + "\n    ]",
                ]
                return "    {\n      " + fields.joined(separator: ",\n      ") + "\n    }"
            }
            let list = failures.isEmpty ? "[]" : "[\n" + failures.joined(separator: ",\n") + "\n  ]"
            return """
                {
                  "programs": \(outcome.programsRun),
                  "values": \(outcome.valuesCompared),
                  "seed": \(seed),
                  "operations": [\(outcome.operations.map { JSONText.string($0.protocolName) }.joined(separator: ", "))],
                  "summary": \(JSONText.string(outcome.summary)),
                  "failures": \(list)
                }

                """
        }

        // MARK: - Picture

        /// The minimal program drawn with the user's numbers; a differing value red, with
        /// gradviz's numbers beside it (as `expr --inject` draws the correct grads).
        private func draw(_ failure: EngineTest.Failure, to path: String) throws(CommandFailure) {
            let comparison = failure.comparison
            let snapshot = failure.minimal.snapshot(comparison.found)
            var annotations: [Int: Annotation] = [:]
            for index in failure.minimal.statements.indices {
                var lines: [String] = []
                if comparison.differs(index, .data) {
                    lines.append("correct data \(NumberFormat.short(comparison.expected.data[index]))")
                }
                if comparison.differs(index, .grad) {
                    lines.append("correct grad \(NumberFormat.short(comparison.expected.grads[index]))")
                }
                if !lines.isEmpty { annotations[index] = Annotation(lines, isProblem: true) }
            }
            let headline = failure.diagnosis.ruleID.map { "rule: \($0)" } ?? failure.diagnosis.sentence
            var options = DotExport.Options(title: "test-engine: your engine's numbers (\(headline))")
            options.annotations = annotations
            let format = OutputFormat(fileExtension: (path as NSString).pathExtension) ?? .svg
            try OutputWriter.write(
                try GraphOutput.bytes(for: snapshot, format: format, options: options, timeout: 60), to: path)
        }
    }
}

/// `  312/1000 programs` on stderr, redrawn in place, only when stderr is a terminal.
final class ProgressLine {
    private let total: Int
    private let enabled = isatty(STDERR_FILENO) == 1
    private var shown = -1
    private var lastDraw = Date.distantPast

    init(total: Int) { self.total = total }

    func update(_ done: Int) {
        guard enabled, done != shown, Date().timeIntervalSince(lastDraw) > 0.1 || done == total else { return }
        shown = done
        lastDraw = Date()
        Diagnostics.write("\r\u{1B}[2K  \(done)/\(total) programs")
    }

    func clear() {
        guard enabled, shown >= 0 else { return }
        Diagnostics.write("\r\u{1B}[2K")
        shown = -1
    }
}

extension AnswerEncoding: ExpressibleByArgument {}
extension RequestEncoding: ExpressibleByArgument {}
