import Foundation
import Testing

/// Reproductions from issue 10, run through the built binary.
@Suite struct GuaranteeCommandTests {
    let cli = CommandLineTests()

    func run(_ arguments: String..., input: String? = nil) throws -> CommandLineTests.Run {
        try cli.gradviz(arguments: arguments, input: input)
    }

    // MARK: - Output destinations

    @Test func writesDevicesInPlace() throws {
        let run = try run("expr", "a*b", "--out", "/dev/null", "--format", "svg")
        #expect(run.status == 0)
        var info = stat()
        #expect(stat("/dev/null", &info) == 0 && info.st_mode & S_IFMT == S_IFCHR)
        let full = try self.run("expr", "a*b", "--out", "/dev/full", "--format", "svg", "--set", "a=1,b=2")
        #expect(full.status == 1)
        #expect(full.stderr == "error: cannot write '/dev/full': No space left on device\n")
        #expect(stat("/dev/full", &info) == 0 && info.st_mode & S_IFMT == S_IFCHR)
    }

    @Test func devStdoutIsStandardOutput() throws {
        let run = try run("expr", "a*b", "--set", "a=1,b=2", "--out", "/dev/stdout", "--format", "dot")
        #expect(run.status == 0)
        #expect(run.text.hasPrefix("digraph"))
    }

    @Test func followsSymbolicLinksAndKeepsPermissions() throws {
        let folder = try cli.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("target.svg").path
        let link = folder.appendingPathComponent("link.svg").path
        try Data("old".utf8).write(to: URL(fileURLWithPath: target))
        chmod(target, 0o600)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "target.svg")
        let run = try run("expr", "a*b", "--set", "a=1,b=2", "--out", link)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "target.svg")
        #expect(try String(contentsOfFile: target, encoding: .utf8).hasPrefix("<?xml"))
        var info = stat()
        #expect(stat(target, &info) == 0 && info.st_mode & 0o777 == 0o600)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["link.svg", "target.svg"])
    }

    @Test func refusesDanglingLinkInOneLine() throws {
        let folder = try cli.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let link = folder.appendingPathComponent("link.svg").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "missing.svg")
        let run = try run("expr", "a*b", "--set", "a=1,b=2", "--out", link)
        #expect(run.status == 1)
        #expect(run.stderr.split(separator: "\n").count == 1)
        #expect(run.stderr.contains("which does not exist"))
    }

    @Test func writesIntoAFIFO() async throws {
        let folder = try cli.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("pipe.dot").path
        #expect(mkfifo(fifo, 0o600) == 0)
        // The reader has a thread of its own (a task could wait behind the tests that block the
        // cooperative pool's two threads, past gradviz's --timeout, and then open the FIFO
        // forever): it opens without blocking and reads until the writer closes, for 30 s at most.
        let received = FIFOReader(path: fifo)
        let run = try run("expr", "a*b", "--set", "a=1,b=2", "--out", fifo)
        #expect(run.status == 0, "\(run.stderr)")
        let bytes = received.wait()
        #expect(String(decoding: bytes, as: UTF8.self).hasPrefix("digraph"))
        var info = stat()
        #expect(lstat(fifo, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
    }

    // MARK: - No trap

    @Test func closedStderrIsAQuietExitStatus() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "\"$0\" expr 'a*' 2>&-", CommandLineTests.binary.path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 64)
    }

    @Test func hugeLayersAreRefusedBeforeAllocating() throws {
        for layers in ["100000,100000,1", "9223372036854775807,1", "5000,5000,1"] {
            let run = try run("mlp", "--layers", layers, "--steps", "1", "--no-progress")
            #expect(run.status == 64, "\(layers): \(run.stderr)")
            #expect(run.stderr.contains("nodes") || run.stderr.contains("neurons"))
        }
    }

    @Test func plotsOfHugeLossesAndNoise() throws {
        let folder = try cli.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let plot = folder.appendingPathComponent("loss.svg").path
        let boundary = folder.appendingPathComponent("boundary.svg").path
        // Training on noise 1e20 diverges: the loss plot (which shows it) is drawn, the
        // boundary of the diverged model is not, and one line says so.
        let run = try run(
            "mlp", "--noise", "1e20", "--steps", "3", "--no-progress", "--loss-plot", plot, "--boundary", boundary)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.hasSuffix("(wrote \(plot); --boundary not written)\n"), "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: plot) && !FileManager.default.fileExists(atPath: boundary))
        // The untrained model's boundary over the same huge data is drawn.
        let untrained = try self.run("mlp", "--noise", "1e20", "--steps", "0", "--no-progress", "--boundary", boundary)
        #expect(untrained.status == 0, "\(untrained.stderr)")
        #expect(FileManager.default.fileExists(atPath: boundary))
        let nan = try self.run("mlp", "--noise", "nan", "--boundary", boundary)
        #expect(nan.status == 64)
    }

    // MARK: - Bounded memory

    @Test func recursiveReenactmentIsCappedWithTheVisitCount() throws {
        var program = "a = 2; b0 = a + a"
        for index in 1...40 { program += "; b\(index) = b\(index - 1) + b\(index - 1)" }
        let run = try run("expr", program, "--inject", "recursive")
        #expect(run.status == 64)
        #expect(run.stderr.contains("4398046511103 times"))
    }

    @Test func samplesAndStepsHaveLimits() throws {
        #expect(try run("mlp", "--samples", "100000000").status == 64)
        #expect(try run("mlp", "--steps", "1000000000").status == 64)
    }

    @Test func stdinProgramIsReadWithALimit() throws {
        let text = String(repeating: "a+", count: (64 << 20) / 2 + 8)
        let run = try run("expr", "-", input: text)
        #expect(run.status == 64)
        #expect(run.stderr == "error: stdin holds more than 64 MiB; gradviz reads programs up to 64 MiB\n")
    }

    @Test func droppedResultReadsStdinOnce() throws {
        let run = try run("expr", "-", "--inject", "dropped-result", "--set", "a=2", input: "x = a; x += a; x")
        #expect(run.status == 0, "\(run.stderr)")
        // Before, the second reading of stdin found it empty: "the program is empty", status 64.
        #expect(run.stderr.contains("instead of 4"))
    }

    // MARK: - Smaller ones

    @Test func parseErrorsShowAWindowAroundTheCaret() throws {
        let folder = try cli.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("long.gv")
        try Data(("a = 1; b = (" + String(repeating: "x", count: 2_000_000) + " +").utf8).write(to: file)
        let run = try run("expr", "-f", file.path)
        #expect(run.status == 64)
        #expect(run.stderr.utf8.count < 600, "\(run.stderr.utf8.count) bytes")
    }

    @Test func terminalEscapesInMessagesAreReplaced() throws {
        let run = try run("expr", "a*b", "--set", "\u{1B}[31mred=1")
        #expect(run.status == 64)
        #expect(!run.stderr.contains("\u{1B}"))
    }

    @Test func nonFiniteWeightsRoundTrip() throws {
        let folder = try cli.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let weights = folder.appendingPathComponent("w.json").path
        // Training that overflows stops before saving weights nobody can use...
        let diverged = try run(
            "mlp", "--data", "tiny", "--lr", "1e308", "--steps", "3", "--no-progress", "--save-weights", weights)
        #expect(diverged.status == 1)
        #expect(diverged.stderr.hasSuffix("try a smaller --lr than 1e+308 (nothing written)\n"), "\(diverged.stderr)")
        #expect(!FileManager.default.fileExists(atPath: weights))
        // ...while non-finite weights given on purpose are saved and read back.
        let given = folder.appendingPathComponent("given.json").path
        try Data("[\"inf\", \"nan\", \"-inf\"\(String(repeating: ", 0.5", count: 38))]".utf8).write(
            to: URL(fileURLWithPath: given))
        let saved = try run(
            "mlp", "--data", "tiny", "--steps", "0", "--no-progress", "--weights", given, "--save-weights", weights)
        #expect(saved.status == 0, "\(saved.stderr)")
        let text = try String(contentsOfFile: weights, encoding: .utf8)
        #expect(text.contains("\"nan\"") || text.contains("\"inf\"") || text.contains("\"-inf\""))
        #expect(try JSONSerialization.jsonObject(with: Data(text.utf8)) is [Any])
        let loaded = try run("mlp", "--data", "tiny", "--steps", "0", "--no-progress", "--weights", weights)
        #expect(loaded.status == 0, "\(loaded.stderr)")
    }

    @Test(arguments: ["inf", "-1", "nan"])
    func verifyRefusesBadTolerances(_ value: String) throws {
        let run = try run("verify", "-", "--rtol", value, input: "{}")
        #expect(run.status == 64)
        #expect(run.stderr.contains("--rtol"))
    }

    @Test func unreadablePNGIsRefusedWithAHint() throws {
        let folder = try cli.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("big.png").path
        let program = "a" + String(repeating: "+a", count: 6_000)
        let run = try run("expr", program, "--max-nodes", "100000", "--out", file)
        #expect(run.status == 64)
        #expect(run.stderr.contains(".svg or .html"))
        #expect(!FileManager.default.fileExists(atPath: file))
    }

    @Test func timeoutCountsFromTheStartOfDrawing() throws {
        // 50 nodes but 1,200 operand edges: drawn in the child by the cost estimate, stopped.
        var program = "s0 = a"
        for index in 1...48 { program += "; s\(index) = s\(index - 1)" + String(repeating: " + a", count: 25) }
        let start = Date()
        let run = try run("expr", program, "--layout", "dot", "--format", "svg", "--timeout", "1")
        let elapsed = Date().timeIntervalSince(start)
        #expect(elapsed < 20)
        #expect(run.status == 0 || (run.status == 1 && run.stderr.contains("did not finish within 1 s")))
    }
}

/// Reads a FIFO on a thread of its own: opened without blocking, read until the writer closes
/// it (or 30 s pass), so a test never waits on it forever.
final class FIFOReader: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes: [UInt8] = []
    private let done = DispatchSemaphore(value: 0)

    init(path: String) {
        Thread.detachNewThread { [self] in
            defer { done.signal() }
            let descriptor = open(path, O_RDONLY | O_NONBLOCK)
            guard descriptor >= 0 else { return }
            defer { close(descriptor) }
            let deadline = Date().addingTimeInterval(30)
            var sawData = false
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while Date() < deadline {
                var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                _ = poll(&request, 1, 100)
                let count = read(descriptor, &buffer, buffer.count)
                if count > 0 {
                    sawData = true
                    lock.withLock { bytes += buffer[..<count] }
                } else if count == 0 && sawData {
                    return  // the writer closed it
                } else if count == 0 {
                    usleep(20_000)  // no writer yet: read gives end of file at once
                }
            }
        }
    }

    func wait() -> [UInt8] {
        done.wait()
        return lock.withLock { bytes }
    }
}
