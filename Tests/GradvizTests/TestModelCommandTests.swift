import Foundation
import Testing

/// `gradviz test-model` run the way the Python module runs it: a document on stdin.
@Suite struct TestModelCommandTests {
    let cli = CommandLineTests()

    /// `MLP(1, [1])`, linear: w = 2, b = 0.5, x = 1, target 1.
    ///
    /// By hand: out = 0.5 + 2·1 = 2.5, loss = (2.5 − 1)² = 2.25, d loss/d out = 3, so
    /// w.grad = 3·x = 3 and b.grad = 3; micrograd's graph: w, b, the wrapped x, *, +, the leaf
    /// −1, +, * = 8 values.
    static func document(outputs: String = "[2.5]", grads: String = "[3, 3]", loss: String = "2.25") -> String {
        """
        {"format": "gradviz-model", "version": 1, "inputs": 1, "layers": [1],
         "samples": [{"inputs": [1], "targets": [1], "outputs": \(outputs)}],
         "parameters": {"data": [2, 0.5], "grad": \(grads), "in_loss_graph": [true, true]},
         "loss": \(loss), "loss_nodes": 8}
        """
    }

    @Test func aCorrectModelExitsZero() throws {
        let run = try cli.gradviz(arguments: ["test-model", "-"], input: Self.document())
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            run.text == """
                your model agrees with gradviz's MLP(1, [1]): the outputs on 1 sample, the loss and all 2 gradients
                MLP(1, [1]), 2 parameters, 1 sample, loss graph 8 values (micrograd: 8): no difference

                """)
    }

    @Test func aWrongGradientExitsOneAndReportsJSON() throws {
        let run = try cli.gradviz(
            arguments: ["test-model", "-", "--report", "json"], input: Self.document(grads: "[6, 3]"))
        #expect(run.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])
        #expect(report["kind"] as? String == "gradients")
        #expect(
            report["sentence"] as? String
                == "1 of 2 gradients differ, first model.layers[0].neurons[0].w[0]: 6.0 where it should be 3.0")
    }

    @Test(arguments: ["{", "{\"format\": \"gradviz-model\"}"])
    func anUnreadableDocumentIsOneLineAndExit64(_ text: String) throws {
        let run = try cli.gradviz(arguments: ["test-model", "-"], input: text)
        #expect(run.status == 64)
        #expect(run.stderr.hasPrefix("error: stdin: not a gradviz-model document"))
        #expect(run.stderr.split(separator: "\n").count == 1)
    }
}

/// `gradviz test-engine --write-programs`: the conversation written for a replay by hand.
@Suite struct TestEngineWriteProgramsTests {
    let cli = CommandLineTests()

    @Test func writesTheHandshakeEveryProgramAndQuitForTheAdaptersOperations() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("programs-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: file) }
        let adapter = "read line; echo ready add mul; cat >/dev/null"
        let run = try cli.gradviz(arguments: [
            "test-engine", "--command", adapter, "--programs", "7", "--seed", "3", "--write-programs", file.path,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr == "wrote 7 programs of seed 3 for the operations add mul to \(file.path)\n")
        let lines = try String(contentsOf: file, encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "gradviz-engine 1")
        #expect(lines.suffix(2).map(String.init) == ["quit", ""])
        #expect(lines.filter { $0.hasPrefix("program ") }.map(String.init) == (1...7).map { "program \($0)" })
        #expect(lines.filter { $0.hasPrefix("backward ") }.count == 7)
        #expect(lines.filter { $0 == "end" }.count == 7)
        let operations = Set(
            lines.compactMap { line -> Substring? in
                let fields = line.split(separator: " ")
                return fields.count >= 3 && fields[0].allSatisfy(\.isNumber) ? fields[1] : nil
            })
        #expect(operations.isSubset(of: ["leaf", "add", "mul"]) && operations.contains("add"))
    }
}
