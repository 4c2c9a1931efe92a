import Foundation
import Testing

/// Reproductions from issue 19 ("untrusted DOT can't crash gradviz"), run through the built
/// binary: output never lost silently, every message one line.
@Suite struct UntrustedInputCommandTests {
    let cli = CommandLineTests()

    /// Runs `script` with `sh -c`, the gradviz binary as `$0`: for redirections and `ulimit`.
    func shell(_ script: String, in folder: URL? = nil) throws -> CommandLineTests.Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script, CommandLineTests.binary.path]
        if let folder { process.currentDirectoryURL = folder }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return .init(status: process.terminationStatus, stdout: stdout, stderr: String(decoding: stderr, as: UTF8.self))
    }

    // MARK: - Reading within --timeout

    /// A graph that never finishes arriving (stdin kept open) is stopped by --timeout, which
    /// counts reading as well as drawing.
    @Test(arguments: ["draw", "verify"])
    func readingCountsAgainstTheTimeout(_ command: String) throws {
        let process = Process()
        process.executableURL = CommandLineTests.binary
        process.arguments = [command, "-", "--timeout", "1", "--format", "svg", "--out", "-"]
        let input = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        let start = Date()
        try process.run()
        try input.fileHandleForWriting.write(contentsOf: Data("digraph {\n".utf8))
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try input.fileHandleForWriting.close()
        #expect(Date().timeIntervalSince(start) < 5)
        #expect(process.terminationStatus == 1)
        #expect(
            stderr
                == "error: reading stdin did not finish within 1 s and was stopped; nothing was written. --timeout counts reading and drawing; allow longer with --timeout\n"
        )
    }

    // MARK: - A memory ceiling for the child renderer

    /// `dot` on 3,000 nodes with long edges asks for tens of gigabytes; the child's ceiling
    /// stops it with one line naming the limit. (Not under a sanitizer: there the child sets no
    /// limit, as the sanitizer's shadow memory alone is terabytes of address space.)
    @Test(.enabled(if: ProcessInfo.processInfo.environment["GRADVIZ_SANITIZER"] == nil))
    func theRendererStopsAtItsMemoryLimitWithOneLine() throws {
        let folder = try cli.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let program =
            "x0 = a\n" + (1..<1500).map { "x\($0) = x\($0 - 1)*b\($0 % 37) + x\(($0 * 7919) % $0)\n" }.joined()
        let file = folder.appendingPathComponent("big.gv")
        try Data(program.utf8).write(to: file)
        let out = folder.appendingPathComponent("big.svg").path
        let run = try cli.gradviz(
            "expr", "-f", file.path, "--max-nodes", "100000", "--layout", "dot", "--memory-limit", "400MiB", "--out",
            out)
        #expect(run.status == 1)
        let lines = run.stderr.split(separator: "\n").filter { !$0.hasPrefix("note: ") }
        #expect(
            lines == [
                "error: Graphviz needed more than 400 MiB of memory laying out 3036 nodes and was stopped; nothing was written. Draw fewer values (--max-nodes), use --layout layered, or allow more with --memory-limit"
            ], "\(run.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["big.gv"])
    }

    @Test(arguments: ["100MiB", "3X", "-1G"])
    func memoryLimitsBelowTheMinimumOrUnreadableAreUsageErrors(_ size: String) throws {
        let run = try cli.gradviz("expr", "a*b", "--memory-limit", size)
        #expect(run.status == 64)
        #expect(run.stderr.split(separator: "\n").count == 1)
    }

    // MARK: - No output lost silently

    @Test(arguments: [
        "\"$0\" expr 'a*b' --set a=1,b=2 > /dev/full",
        "\"$0\" expr 'a*b' --set a=1,b=2 --out - --format svg > /dev/full",
        "\"$0\" mlp --data tiny --steps 2 --no-progress > /dev/full",
        "\"$0\" bugs > /dev/full",
        "printf '{\"format\": \"gradviz-graph\", \"version\": 1, \"root\": 0, \"nodes\": [{\"id\": 0, \"op\": null, \"operands\": [], \"data\": 1, \"grad\": 1}]}' | \"$0\" verify - --report json > /dev/full",
    ])
    func aFullStandardOutputIsOneLineAndStatus1(_ script: String) throws {
        let run = try shell(script)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.hasSuffix("error: cannot write to stdout: No space left on device\n"), "\(run.stderr)")
    }

    @Test func aReaderThatGoesAwayStaysQuiet() throws {
        let run = try shell(
            "\"$0\" expr 'a*b' --set a=1,b=2 --format dot | head -c 3 >/dev/null; exit ${PIPESTATUS:-0}")
        #expect(run.stderr.isEmpty, "\(run.stderr)")
    }

    @Test func aFilePastUlimitIsOneLineAndLeavesNoTemporaryFile() throws {
        let folder = try cli.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let program = (0..<300).map { "a\($0)" }.joined(separator: "+")
        let run = try shell(
            "ulimit -f 1; \"$0\" expr '\(program)' --out x.svg 2>&1 >/dev/null | grep -v '^note:' >&2", in: folder)
        #expect(run.stderr == "error: cannot write 'x.svg': File too large\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test(arguments: [240, 251])
    func longFileNamesAreWritable(_ length: Int) throws {
        let folder = try cli.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let name =
            String(repeating: "é", count: (length - 4) / 2) + String(repeating: "n", count: (length - 4) % 2)
            + ".svg"
        #expect(name.utf8.count == length)
        let run = try cli.gradviz("expr", "a*b", "--set", "a=1,b=2", "--out", folder.appendingPathComponent(name).path)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [name])
    }

    @Test func aFIFOWithNoReaderIsBoundedByTheTimeout() throws {
        let folder = try cli.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("pipe.svg").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let start = Date()
        let run = try cli.gradviz("expr", "a*b", "--set", "a=1,b=2", "--out", fifo, "--timeout", "1")
        #expect(Date().timeIntervalSince(start) < 5)
        #expect(run.status == 1)
        #expect(run.stderr.hasSuffix("nothing opened it for reading within 1 s (--timeout); nothing was written\n"))
    }

    // MARK: - Usage errors before work

    /// Found before a million steps of training, not after them.
    @Test(arguments: [
        (["--data", "iris", "--boundary", "b.svg"], "error: --boundary needs data with two features; this data has 4"),
        (["--focus", "score4", "--out", "f.svg"], "error: --focus score4: no node has that name"),
    ])
    func mlpUsageErrorsAreFoundBeforeTraining(_ options: [String], _ message: String) throws {
        let start = Date()
        let run = try cli.gradviz(arguments: ["mlp", "--steps", "1000000", "--no-progress"] + options)
        #expect(Date().timeIntervalSince(start) < 10)
        #expect(run.status == 64)
        #expect(run.stderr.hasPrefix(message) && run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
    }

    // MARK: - One line, always

    @Test func aLineBreakInAPathStaysOnOneLine() throws {
        let run = try cli.gradviz("expr", "a*b", "--set", "a=1,b=2", "--out", "/nonexistent\r\nfolder/x.svg")
        #expect(run.status == 1)
        #expect(
            run.stderr
                == "error: cannot write '/nonexistent\\r\\nfolder/x.svg': the folder '/nonexistent\\r\\nfolder' does not exist\n"
        )
    }

    @Test func longMessagesAreCutInTheMiddle() throws {
        let name = String(repeating: "x", count: 5_000)
        let run = try cli.gradviz("expr", "a*b", "--set", "\(name)=1")
        #expect(run.status == 64)
        let line = try #require(run.stderr.split(separator: "\n").first)
        #expect(run.stderr.split(separator: "\n").count == 1)
        #expect(line.unicodeScalars.count == 300)
        #expect(line.contains("…") && line.hasSuffix("which is not in the program (its inputs are a, b)"))
    }

    @Test func namesWithLineBreaksFromADotFileStayOnTheirLines() throws {
        let dot = """
            digraph {
              "0x\n1" [shape=record, label="{ a | data 2.0000 | grad 3.0000 }"]
              "0x\r\n2" [shape=record, label="{ b | data 3.0000 | grad 2.0000 }"]
              "0x3" [shape=record, label="{ out | data 6.0000 | grad 1.0000 }"]
              "0x3*" [label="+"]
              "0x\n1" -> "0x3*"; "0x\r\n2" -> "0x3*"; "0x3*" -> "0x3"
            }
            """
        let run = try cli.gradviz(arguments: ["verify", "-"], input: dot)
        #expect(run.status == 1)
        // Mismatches, the operation that sent the wrong gradients, and the summary: one line
        // each, whatever the names hold.
        let lines = run.text.split(separator: "\n")
        #expect(lines.last?.hasPrefix("3 mismatches") == true, "\(run.text)")
        #expect(lines.count == 5, "\(run.text)")
        #expect(lines.contains { $0.hasPrefix("every wrong gradient was sent by +'s backward") }, "\(run.text)")
        #expect(run.text.contains("node 0x\\n1 (a)") && run.text.contains("node 0x\\r\\n2 (b)"), "\(run.text)")
        #expect(!run.text.contains("\r"))
    }
}
