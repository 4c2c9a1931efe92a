import Foundation
import Testing

/// Issue 23, item 5: each message a user met in the first hour, in gradviz's voice (one line,
/// `error: ...`, a suggestion where one can be made), one test per message.
@Suite struct VoiceCommandTests {
    let runner = CommandLineTests()
    let firstHour = FirstHourTests()

    @Test func aRankdirInTheWrongCaseSuggestsTheRightOne() throws {
        let line = try firstHour.usageError("expr", "a*b", "--rankdir", "tb")
        #expect(line == "error: --rankdir does not take 'tb'; did you mean 'TB'? (it takes LR, TB)")
        #expect(try firstHour.usageError("check", "a*b", "--rankdir=lr").contains("did you mean 'LR'?"))
    }

    @Test func aMisspelledBugSuggestsTheNearestOne() throws {
        let line = try firstHour.usageError("expr", "a*b", "--inject", "overwrit")
        #expect(
            line.hasPrefix("error: --inject does not take 'overwrit'; did you mean 'overwrite'? (it takes overwrite, "))
        let far = try firstHour.usageError("expr", "a*b", "--inject", "zzz")
        #expect(!far.contains("did you mean"), "\(far)")
    }

    @Test func setValuesSeparatedBySpacesSuggestCommas() throws {
        let line = try firstHour.usageError("expr", "a*b+c", "--set", "a=2", "b=3", "c=4")
        #expect(
            line
                == "error: unexpected argument 'b=3': --set takes its values in one argument, separated by commas: --set a=2,b=3,c=4"
        )
    }

    @Test func aMisspelledDatasetSuggestsTheBuiltInOne() throws {
        let line = try firstHour.usageError("mlp", "--data", "moon")
        #expect(
            line == "error: --data 'moon' is neither a dataset (moons, tiny, iris) nor a file; did you mean 'moons'?")
        #expect(!line.contains("doesn’t exist"))
    }

    @Test func anOutWithoutExtensionSaysSoInPlainWords() throws {
        let line = try firstHour.usageError("expr", "a*b", "--out", "g")
        #expect(line.hasPrefix("error: cannot tell the format of 'g': it has no extension; use .svg"), "\(line)")
        let other = try firstHour.usageError("expr", "a*b", "--out", "g.xyz")
        #expect(other.hasPrefix("error: cannot tell the format of 'g.xyz' from its extension '.xyz'"), "\(other)")
    }

    @Test func anOutThatIsAFolderIsNamedAsOne() throws {
        let folder = try runner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let line = try firstHour.usageError("expr", "a*b", "--out", folder.path)
        #expect(
            line == "error: --out '\(folder.path)' is a folder: name a file in it, such as \(folder.path)/graph.svg")
        let withFormat = try firstHour.usageError("expr", "a*b", "--format", "svg", "--out", folder.path)
        #expect(withFormat.contains("is a folder"))
    }

    @Test func theLecturesMethodCallsAreAccepted() throws {
        let method = try runner.gradviz("expr", "(a*b).relu() + a.tanh()", "--set", "a=0.5,b=2", "--format", "json")
        let function = try runner.gradviz("expr", "relu(a*b) + tanh(a)", "--set", "a=0.5,b=2", "--format", "json")
        #expect(method.status == 0, "\(method.stderr)")
        #expect(method.stderr.isEmpty)
        #expect(method.stdout == function.stdout)
        let unknown = try runner.gradviz("expr", "a.grad()")
        #expect(unknown.status == 64)
        #expect(
            unknown.stderr.hasPrefix("error: unknown function 'grad' (the functions are exp, log, relu, sigmoid, tanh)")
        )
    }

    @Test func viewWithoutOutIsAnError() throws {
        let line = try firstHour.usageError("mlp", "--view", "neurons", "--steps", "1")
        #expect(
            line
                == "error: --view neurons picks what --out draws, and no --out was given: add one, such as --out neurons.svg"
        )
    }

    @Test func ctrlCDuringTrainingSaysWhatWasStoppedAndWritesTheLosses() throws {
        let folder = try runner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let losses = folder.appendingPathComponent("losses.txt")
        let process = Process()
        process.executableURL = CommandLineTests.binary
        process.arguments = [
            "mlp", "--steps", "1000000", "--losses", losses.path, "--out", folder.appendingPathComponent("g.svg").path,
        ]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Ctrl-C once training runs: its first progress line (stderr is no terminal) says so.
        var stderr = ""
        while !stderr.contains("step 1/") {
            let chunk = err.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            stderr += String(decoding: chunk, as: UTF8.self)
        }
        kill(process.processIdentifier, SIGINT)
        stderr += String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        let lines = stderr.split(separator: "\n").filter { !$0.hasPrefix("step ") }
        #expect(lines.count == 1, "\(stderr)")
        let line = String(lines.first ?? "")
        let written = try String(contentsOf: losses, encoding: .utf8).split(separator: "\n").count
        #expect(written > 0)
        #expect(
            line
                == "error: training stopped by Ctrl-C after \(written) of 1000000 steps; wrote --losses \(losses.path) (\(written) step\(written == 1 ? "" : "s")); --out not written"
        )
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("g.svg").path))
    }

    @Test func aSummaryOfOneNodeSaysOnlyTheRoot() throws {
        // A product of two 40-term sums: with room for 3 nodes, only the root is kept.
        let sum = { (x: String, y: String) in (1...40).map { "\(x)\($0)*\(y)\($0)" }.joined(separator: " + ") }
        let run = try runner.gradviz(
            "expr", "(\(sum("x", "y"))) * (\(sum("u", "v")))", "--max-nodes", "3", "--format", "dot")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("showing only the root, with one hop of context"), "\(run.stderr)")
        #expect(!run.stderr.contains("the 1 nodes"), "\(run.stderr)")
    }

    // MARK: - Item 6: big pictures a learner can read

    @Test func aLongSumShowsAsManyTermsAsFit() throws {
        // 1,000 products summed: 3,999 values; 400 allowed. About 130 terms (a product and its
        // two inputs each) fit, the rest are one grouped node.
        let program = (1...1000).map { "x\($0)*y\($0)" }.joined(separator: " + ")
        let run = try runner.gradviz("expr", program, "--format", "dot")
        #expect(run.status == 0, "\(run.stderr)")
        let note = try #require(run.stderr.split(separator: "\n").first { $0.contains("too many to draw") })
        let numbers = note.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        // "3999 nodes are too many ...: showing the K nodes ...; F nodes are folded ..."
        #expect(numbers.count == 3, "\(note)")
        let (total, kept, folded) = (numbers[0], numbers[1], numbers[2])
        #expect(total == 3999)
        #expect(kept >= 300, "\(note)")
        #expect(total - folded <= 400, "\(note)")
        #expect(run.text.contains("more terms"))
    }

    @Test func aPNGOfTheLectureMLPIsReadableBySize() throws {
        let folder = try runner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("tiny.png")
        let run = try runner.gradviz("mlp", "--data", "tiny", "--no-progress", "--out", file.path)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("note: drew the neurons view: a PNG of a sample's whole graph is too big to read"))
        let bytes = [UInt8](try Data(contentsOf: file))
        let number = { (offset: Int) in bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) } }
        #expect(number(16) <= 4000 && number(20) <= 4000, "\(number(16))×\(number(20))")
        // Asked for, the sample view is still drawn.
        let sample = try runner.gradviz(
            "mlp", "--data", "tiny", "--no-progress", "--view", "sample", "--out", file.path)
        #expect(sample.status == 0 && !sample.stderr.contains("drew the neurons view"))
    }

    @Test func verifyWritesExpectedAsTheFilePrintedTheFoundNumber() throws {
        let folder = try runner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // draw_dot's records with one decimal, and a's gradient from the recursive bug (16, not 10).
        let file = folder.appendingPathComponent("graph.gv")
        let dot = """
            digraph { graph [rankdir=LR]
             "1" [label="{ a | data 2.0 | grad 16.0 }", shape=record]
             "2" [label="{ b | data 4.0 | grad 3.0 }", shape=record]
             "2+" [label="+"]
             "2+" -> "2"
             "1" -> "2+"
             "1" -> "2+"
             "3" [label="{ c | data 8.0 | grad 1.0 }", shape=record]
             "3*" [label="*"]
             "3*" -> "3"
             "1" -> "3*"
             "2" -> "3*"
             "4" [label="{ d | data 12.0 | grad 1.0 }", shape=record]
             "4+" [label="+"]
             "4+" -> "4"
             "3" -> "4+"
             "2" -> "4+"
            }
            """
        try Data(dot.utf8).write(to: file)
        let run = try runner.gradviz("verify", file.path)
        #expect(run.status == 1)
        #expect(run.text.hasPrefix("node 1 (a), leaf: backward: grad is 16.0, expected 10.0 ("), "\(run.text)")
    }
}
