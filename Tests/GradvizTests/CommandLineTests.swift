import Foundation
import Testing

/// Runs the built `gradviz` binary the way a user would.
@Suite struct CommandLineTests {
    struct Run {
        var status: Int32
        var stdout: Data
        var stderr: String
        var text: String { String(decoding: stdout, as: UTF8.self) }
    }

    static let binary: URL = {
        if let path = ProcessInfo.processInfo.environment["GRADVIZ_BINARY"] { return URL(fileURLWithPath: path) }
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
            "gradviz")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/gradviz")
    }()

    func gradviz(_ arguments: String...) throws -> Run {
        try gradviz(arguments: arguments)
    }

    func gradviz(arguments: [String], input: String? = nil) throws -> Run {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let stdin = Pipe()
        if input != nil { process.standardInput = stdin }
        try process.run()
        if let input {
            try stdin.fileHandleForWriting.write(contentsOf: Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: stdout, stderr: String(decoding: stderr, as: UTF8.self))
    }

    func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gradviz-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test(arguments: [("svg", Array("<?xml".utf8)), ("png", [0x89, 0x50, 0x4E, 0x47]), ("pdf", Array("%PDF-".utf8))])
    func writesEachImageFormatFromTheExtension(_ fileExtension: String, _ magic: [UInt8]) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("graph.\(fileExtension)")
        let run = try gradviz("expr", "a*b+c", "--set", "a=2,b=-3,c=10", "--out", file.path)
        #expect(run.status == 0)
        #expect(run.stderr.isEmpty, "stderr: \(run.stderr)")
        let bytes = [UInt8](try Data(contentsOf: file))
        #expect(Array(bytes.prefix(magic.count)) == magic)
        if fileExtension == "svg" {
            let svg = String(decoding: bytes, as: UTF8.self)
            #expect(svg.contains("data 4.0000") && svg.contains("grad &#45;3.0000") && svg.contains("grad 2.0000"))
        }
    }

    @Test func reproducesMicrogradReferenceNumbersThroughJSON() throws {
        let program =
            "a = -4; b = 2; c = a + b; d = a * b + b**3; c += c + 1; c += 1 + c + (-a); d += d * 2 + relu(b + a); d += 3 * d + relu(b - a); e = c - d; f = e**2; g = f / 2.0; g += 10.0 / f"
        let run = try gradviz("expr", program, "--format", "json")
        #expect(run.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])
        #expect(object["format"] as? String == "gradviz-graph")
        let nodes = try #require(object["nodes"] as? [[String: Any]])
        let root = try #require(object["root"] as? Int)
        func node(_ label: String) -> [String: Any]? { nodes.first { $0["label"] as? String == label } }
        let g = try #require(nodes[root]["data"] as? Double)
        let aGrad = try #require(node("a")?["grad"] as? Double)
        let bGrad = try #require(node("b")?["grad"] as? Double)
        // micrograd's test_engine.py: 24.7041, 138.8338, 645.5773.
        #expect(abs(g - 24.7041) < 5e-5 && abs(aGrad - 138.8338) < 5e-5 && abs(bGrad - 645.5773) < 5e-5)
    }

    @Test func repeatedOperandGetsGradientTwo() throws {
        let run = try gradviz("expr", "b = a + a", "--set", "a=3")
        #expect(run.status == 0)
        #expect(
            run.text == """
                id  label  op     operands  data  grad
                 0  a      input             3.0   2.0
                 1  b      +      0,0        6.0   1.0

                """)
    }

    @Test func parseErrorShowsPositionAndCaretAndWritesNothing() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fresh = folder.appendingPathComponent("new.svg")
        let existing = folder.appendingPathComponent("old.svg")
        try Data("keep me".utf8).write(to: existing)
        let first = try gradviz("expr", "a * foo(b)", "--out", fresh.path)
        #expect(first.status == 64)
        #expect(
            first.stderr
                == "error: unknown function 'foo' (the functions are exp, log, relu, sigmoid, tanh) (line 1, column 5)\n  a * foo(b)\n      ^\n"
        )
        #expect(!FileManager.default.fileExists(atPath: fresh.path))
        let second = try gradviz("expr", "a ** exp", "--out", existing.path)
        #expect(second.status == 64)
        #expect(second.stderr.hasPrefix("error: 'exp' is a function: call it as exp(...) (line 1, column 6)"))
        #expect(try Data(contentsOf: existing) == Data("keep me".utf8))
    }

    @Test func emptyProgramHasItsOwnMessage() throws {
        let run = try gradviz("expr", "")
        #expect(run.status == 64)
        #expect(run.stderr.hasPrefix("error: the program is empty"))
    }

    @Test func settingANameNotInTheProgramIsAnError() throws {
        let run = try gradviz("expr", "a*b", "--set", "a=1,z=2")
        #expect(run.status == 64)
        #expect(run.stderr == "error: a value was set for 'z', which is not in the program (its inputs are a, b)\n")
    }

    @Test(arguments: [
        (["--set", "a"], "expected NAME=NUMBER"),
        (["--set", "a=two"], "'two' is not a number"),
        (["--set", "a=1", "--set", "a=2"], "'a' is given more than once"),
        (["--out", "graph.xyz"], "cannot tell the format of 'graph.xyz'"),
        (["--out", "-"], "--out - writes to stdout and needs --format"),
        (["--format", "gif"], "gif"),
    ])
    func badOptionsAreUsageErrors(_ options: [String], _ message: String) throws {
        let process = try gradviz(arguments: ["expr", "a*b"] + options)
        #expect(process.status == 64)
        #expect(process.stderr.contains(message), "stderr: \(process.stderr)")
        #expect(process.stdout.isEmpty)
    }

    @Test func missingFolderIsAClearError() throws {
        let run = try gradviz("expr", "a", "--set", "a=1", "--out", "/nonexistent-gradviz-folder/graph.svg")
        #expect(run.status == 1)
        #expect(
            run.stderr
                == "error: cannot write '/nonexistent-gradviz-folder/graph.svg': the folder '/nonexistent-gradviz-folder' does not exist\n"
        )
    }

    @Test func unsetInputsAreReportedWithTheirSeededValues() throws {
        let run = try gradviz("expr", "x * y", "--set", "y=2", "--seed", "5")
        #expect(run.status == 0)
        #expect(run.stderr.hasPrefix("note: inputs not given by --set, drawn from seed 5: x = "))
        let again = try gradviz("expr", "x * y", "--set", "y=2", "--seed", "5")
        #expect(again.text == run.text)
    }

    @Test func sameInputGivesByteIdenticalDOTAcrossRuns() throws {
        let program = "x = 0.5; w = -1.25; b = 2; y = tanh(x*w + b) ** 2 / sigmoid(x) - exp(-x) + log(b)"
        let first = try gradviz("expr", program, "--format", "dot", "--rankdir", "TB")
        let second = try gradviz("expr", program, "--format", "dot", "--rankdir", "TB")
        #expect(first.status == 0)
        #expect(first.text.contains("rankdir=TB"))
        #expect(first.stdout == second.stdout)
    }

    @Test func nonFiniteInputsFlowThroughToJSON() throws {
        let run = try gradviz("expr", "log(a) * b", "--set", "a=0,b=nan", "--format", "json")
        #expect(run.status == 0)
        #expect(run.text.contains(#""op": "*", "operands": [1, 2], "data": "nan", "grad": 1.0}"#))
        #expect(run.text.contains(#""op": "log", "operands": [0], "data": "-inf""#))
    }
}
