import Foundation
import Testing

@Suite struct ProgramFileTests {
    let runner = CommandLineTests()

    @Test func readsAProgramFromAFileWithCommentsAndPointsErrorsAtFileLineColumn() throws {
        let folder = try runner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("seed.gv")
        try Data("# the seed write-up's graph\na = 2\nb = a + a  # shared\nc = a * b\nd = c + b\n".utf8).write(to: file)
        let run = try runner.gradviz(arguments: ["expr", "-f", file.path, "--format", "json"])
        #expect(run.status == 0)
        #expect(run.text.contains(#""label": "a", "op": null, "operands": [], "data": 2.0, "grad": 10.0"#))
        try Data("a = 2\n\nb = a ** c\n".utf8).write(to: file)
        let bad = try runner.gradviz(arguments: ["check", "-f", file.path])
        #expect(bad.status == 64)
        #expect(bad.stderr.hasPrefix("error: \(file.path):3:10: the exponent must be a constant number"))
    }

    @Test func readsAProgramFromStandardInput() throws {
        let run = try runner.gradviz(arguments: ["expr", "-", "--set", "a=3"], input: "b = a + a\n")
        #expect(run.status == 0)
        #expect(run.text.contains(" 0  a      input             3.0   2.0"))
        let viaFlag = try runner.gradviz(arguments: ["expr", "-f", "-", "--set", "a=3"], input: "b = a + a\n")
        #expect(viaFlag.text == run.text)
    }

    /// Far beyond the 128 KiB a command-line argument may hold.
    @Test func runsAProgramOfTwoHundredThousandStatements() throws {
        let folder = try runner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("long.gv")
        var text = "x0 = 1\n"
        for index in 1...200_000 { text += "x\(index) = x\(index - 1) * 1.000001\n" }
        try Data(text.utf8).write(to: file)
        let run = try runner.gradviz(arguments: ["expr", "-f", file.path, "--format", "json"])
        #expect(run.status == 0)
        #expect(run.text.contains(#""label": "x200000""#))
    }

    @Test func programAndFileTogetherIsAUsageError() throws {
        let run = try runner.gradviz(arguments: ["expr", "a", "-f", "x.gv"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("either as an argument or with -f, not both"))
    }
}

@Suite struct ShellIntegrationTests {
    let runner = CommandLineTests()

    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptsKnowTheSubcommandsAndOptions(_ shell: String) throws {
        let run = try runner.gradviz(arguments: ["--generate-completion-script", shell])
        #expect(run.status == 0)
        for word in ["expr", "mlp", "check", "verify", "bugs", "edge-grads", "inject"] {
            #expect(run.text.contains(word), "\(shell): \(word)")
        }
        #expect(!run.text.contains("render-dot"))
    }

    @Test func helpDocumentsTheExitStatuses() throws {
        let run = try runner.gradviz(arguments: ["--help"])
        #expect(run.text.contains("64 usage error"))
    }
}
