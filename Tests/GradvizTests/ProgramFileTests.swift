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
        try Data("a = 2\n\nb = a ** exp\n".utf8).write(to: file)
        let bad = try runner.gradviz(arguments: ["check", "-f", file.path])
        #expect(bad.status == 64)
        #expect(bad.stderr.hasPrefix("error: \(file.path):3:10: 'exp' is a function"))
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

@Suite struct OutputSafetyTests {
    let runner = CommandLineTests()

    @Test func nonFiniteValuesAreFlaggedInTheTable() throws {
        let run = try runner.gradviz(arguments: ["expr", "log(a) / b", "--set", "a=0,b=0"])
        #expect(run.status == 0)
        let lines = run.text.split(separator: "\n")
        #expect(lines[0].hasSuffix("flag"))
        #expect(lines[2].hasSuffix("NON-FINITE") && lines[2].contains("-inf"))
    }

    @Test func anUnwritableFolderIsOneClearLine() throws {
        let run = try runner.gradviz(arguments: ["expr", "a", "--set", "a=1", "--out", "/proc/graph.svg"])
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("error: cannot write '/proc/graph.svg': cannot create a file in '/proc' ("))
        #expect(run.stderr.split(separator: "\n").count == 1)
    }

    @Test func aLayoutOverTheTimeLimitIsStoppedAndWritesNothing() throws {
        let folder = try runner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("big.svg")
        // 15,000 values drawn whole by Graphviz's dot: over a second even with its quick settings.
        let program = (1...3_000).map { "h\($0) = tanh(h\($0 - 1) * w\($0) + h\(max(0, $0 - 3)) * 0.5)" }.joined(
            separator: "; ")
        let run = try runner.gradviz(arguments: [
            "expr", "h0 = 1; " + program, "--layout", "dot", "--max-nodes", "1000000", "--timeout", "0.5", "--out",
            file.path,
        ])
        #expect(run.status == 1)
        #expect(run.stderr.contains("within 0 s and was stopped") || run.stderr.contains("and was stopped"))
        #expect(!FileManager.default.fileExists(atPath: file.path))
    }
}

/// Memory is measured in a process of its own: in the test runner, other suites running in
/// parallel would move the figure.
@Suite struct RenderMemoryTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["GRADVIZ_SANITIZER"] == nil))
    func tenThousandRendersInOneProcessDoNotGrowMemoryWithoutBound() throws {
        let folder = try CommandLineTests().temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let dot = folder.appendingPathComponent("small.dot")
        try Data("digraph g { rankdir=LR; a [label=<<B>a</B>>]; a -> b; b -> c [label=\"x\"]; }".utf8).write(to: dot)
        let process = Process()
        process.executableURL = CommandLineTests.binary.deletingLastPathComponent().appendingPathComponent(
            "gradviz-bench")
        process.arguments = ["render", "--dot", dot.path, "--runs", "10000"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let growth = try #require(object["rss_growth_bytes"] as? Int)
        #expect((object["times"] as? [Double])?.count == 10_000)
        #expect(growth < 8 << 20, "resident memory grew by \(growth >> 10) KiB over 10,000 renders")
    }
}
