import ArgumentParser
import EngineTesting
import GraphModel

extension Gradviz {
    struct TestModel: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "test-model",
            abstract: "Test your MLP: its weights loaded into gradviz's, outputs, loss graph and gradients compared.",
            discussion: """
                Reads what a micrograd-style MLP did (a gradviz-model JSON document, as Python's \
                gradviz.test_model writes it: the architecture, the weights, each sample's \
                outputs, the loss, the loss graph's size and every parameter's gradient after \
                loss.backward()), rebuilds the same model in gradviz's MLP (micrograd's: ReLU on \
                hidden layers, a linear last layer) with those weights, and says in one sentence \
                what is wrong: a dropped `act + w*x` (every sample gives the same output), a layer \
                not fed the previous layer's outputs (a loss graph a fraction of the size), \
                parameters() handing out copies (their grads stay 0), parameters that never reach \
                the loss, or the first output, the loss or the gradient that differs (named by its \
                place, model.layers[1].neurons[4].w[2]).

                Numbers agree within a relative 1e-9 plus 1e-12 of the largest number compared: \
                a correct engine that orders its sums otherwise is never reported.

                Exit status: 0 the model agrees; 1 a difference; 64 a document gradviz cannot read.

                Examples:
                  python -c 'import gradviz, mymodule; print(gradviz.test_model(mymodule.MLP, nin=2, nouts=[4, 4, 1]))'
                  python -m gradviz test-model mymodule:MLP --nin 2 --nouts 4,4,1
                  gradviz test-model model.json --report json
                """
        )

        @Argument(help: ArgumentHelp("The gradviz-model JSON document ('-' for stdin).", valueName: "file"))
        var file: String

        enum Report: String, CaseIterable, ExpressibleByArgument { case text, json }

        @Option(help: ArgumentHelp("Report as text lines or one JSON object.", valueName: "kind"))
        var report: Report = .text

        /// Largest document read (a micrograd-size model is a few kilobytes).
        static let maximumBytes = 64 << 20

        func run() throws {
            try runReportingFailures(execute)
        }

        private func execute() throws(CommandFailure) -> Bool {
            let bytes = try InputFile.read(file, limit: Self.maximumBytes, what: "model documents")
            let observation: ModelObservation
            do {
                observation = try ModelObservation(json: bytes)
            } catch {
                throw CommandFailure("\(file == "-" ? "stdin" : file): \(error.message)", exitCode: .usage)
            }
            let check = ModelCheck(observation)
            let text =
                switch report {
                case .text: Self.textReport(check)
                case .json: Self.jsonReport(check)
                }
            try OutputWriter.writeToStandardOutput(Array(text.utf8))
            return check.isSame
        }

        // MARK: - Reports

        static func summary(_ check: ModelCheck) -> String {
            let observation = check.observation
            var parts = [
                "\(observation.architectureText)", "\(observation.parameterCount) parameters",
                "\(observation.samples.count) sample\(observation.samples.count == 1 ? "" : "s")",
            ]
            if let reference = check.reference {
                parts.append("loss graph \(observation.lossNodes) values (micrograd: \(reference.lossNodes))")
            }
            return parts.joined(separator: ", ") + ": "
                + (check.isSame ? "no difference" : "differs (\(check.kind.rawValue))")
        }

        static func textReport(_ check: ModelCheck) -> String {
            var lines = [check.sentence]
            lines += check.details.map { "  " + $0 }
            if let note = check.note { lines.append("note: \(note)") }
            lines.append(summary(check))
            return lines.joined(separator: "\n") + "\n"
        }

        static func jsonReport(_ check: ModelCheck) -> String {
            let observation = check.observation
            func list(_ numbers: [Double]) -> String {
                "[" + numbers.map(JSONText.number).joined(separator: ", ") + "]"
            }
            func rows(_ rows: [[Double]]) -> String { "[" + rows.map(list).joined(separator: ", ") + "]" }
            var fields = [
                "\"same\": \(check.isSame)",
                "\"kind\": \(JSONText.string(check.kind.rawValue))",
                "\"sentence\": \(JSONText.string(check.sentence))",
                "\"details\": [" + check.details.map { JSONText.string($0) }.joined(separator: ", ") + "]",
                "\"note\": \(check.note.map { JSONText.string($0) } ?? "null")",
                "\"summary\": \(JSONText.string(summary(check)))",
                "\"architecture\": {\"inputs\": \(observation.inputs), \"layers\": [\(observation.layers.map(String.init).joined(separator: ", "))]}",
                "\"parameters\": \(observation.parameterCount)",
                "\"samples\": \(observation.samples.count)",
            ]
            if let reference = check.reference {
                let grads =
                    observation.parameters.count == observation.parameterCount
                    ? observation.parameters.grads : (observation.neurons ?? observation.parameters).grads
                fields += [
                    "\"loss\": {\"found\": \(JSONText.number(observation.loss)), \"expected\": \(JSONText.number(reference.loss))}",
                    "\"loss_nodes\": {\"found\": \(observation.lossNodes), \"expected\": \(reference.lossNodes)}",
                    "\"outputs\": {\"found\": \(rows(observation.samples.map(\.outputs))), \"expected\": \(rows(reference.outputs))}",
                    "\"grads\": {\"found\": \(list(grads)), \"expected\": \(list(reference.grads))}",
                    "\"places\": ["
                        + (0..<observation.parameterCount).map {
                            JSONText.string(
                                ModelCheck.place(of: $0, inputs: observation.inputs, layers: observation.layers))
                        }.joined(separator: ", ") + "]",
                ]
            }
            return "{\n  " + fields.joined(separator: ",\n  ") + "\n}\n"
        }
    }
}
