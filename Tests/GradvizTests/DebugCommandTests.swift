import Foundation
import Testing

@Suite struct DebugCommandTests {
    let runner = CommandLineTests()
    static let seed = "a = 2; b = a + a; c = a * b; d = c + b"

    func row(_ table: String, label: String) -> [Substring]? {
        table.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true) }.first {
            $0.count > 1 && $0[1] == label
        }
    }

    @Test func injectRecursiveShowsSixteenBesideTen() throws {
        let run = try runner.gradviz(arguments: ["expr", Self.seed, "--inject", "recursive", "--order"])
        #expect(run.status == 0)
        let a = try #require(row(run.text, label: "a"))
        #expect(a.contains("16.0") && a.contains("10.0") && a.contains("yes"))
        let b = try #require(row(run.text, label: "b"))
        #expect(b.contains("×2"))
        #expect(run.stderr.contains("note: backward by recursion"))
    }

    @Test func injectOverwriteGivesOneForAPlusA() throws {
        let run = try runner.gradviz(arguments: ["expr", "b = a + a", "--set", "a=3", "--inject", "overwrite"])
        let a = try #require(row(run.text, label: "a"))
        #expect(a[a.count - 3] == "1.0" && a[a.count - 2] == "2.0")
    }

    @Test func injectNoZeroGradWarnsAboutStaleGradients() throws {
        let run = try runner.gradviz(arguments: ["expr", "c = a * b", "--set", "a=2,b=5", "--inject", "no-zero-grad"])
        #expect(run.stderr.contains("warning: backward ran while 2 nodes already held non-zero gradients"))
        let a = try #require(row(run.text, label: "a"))
        #expect(a.contains("10.0") && a.contains("5.0"))
    }

    @Test func injectedPictureMarksDifferingNodesInRed() throws {
        let run = try runner.gradviz(arguments: ["expr", Self.seed, "--inject", "recursive", "--format", "dot"])
        let dot = String(decoding: run.stdout, as: UTF8.self)
        #expect(dot.contains("<B>correct grad 10.0000</B>"))
        #expect(dot.contains("grad 16.0000"))
    }

    @Test func edgeGradientsOfAPlusASumToTheGradient() throws {
        let run = try runner.gradviz(arguments: [
            "expr", "b = a + a", "--set", "a=3", "--edge-grads", "--format", "dot",
        ])
        let dot = String(decoding: run.stdout, as: UTF8.self)
        #expect(dot.components(separatedBy: "n0 -> o1 [label=\"1.0000\"").count - 1 == 2)
    }

    @Test func checkPassesAndFailsWithTheRightExitStatus() throws {
        let good = try runner.gradviz(arguments: [
            "check", "tanh(x*w + b) ** 2 / sigmoid(x)", "--set", "x=0.5,w=-1.2,b=0.3",
        ])
        #expect(good.status == 0)
        #expect(good.text.hasSuffix("all 9 gradients match finite differences\n"))
        let kink = try runner.gradviz(arguments: ["check", "relu(a) * b", "--set", "a=0,b=2"])
        #expect(kink.status == 0)
        #expect(kink.text.contains("NON-SMOOTH"))
    }

    @Test func bugsListsEveryInjectableBug() throws {
        let run = try runner.gradviz(arguments: ["bugs"])
        for name in ["overwrite", "recursive", "recursive-right-first", "no-zero-grad", "sub-sign", "dropped-result"] {
            #expect(run.text.contains("\n\(name) ") || run.text.hasPrefix("\(name) "), "\(name)")
        }
    }

    @Test func verifyRoundTripsAnExportAndFlagsAPlantedGradient() throws {
        let folder = try runner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("graph.json")
        let export = try runner.gradviz(arguments: ["expr", Self.seed, "--out", file.path])
        #expect(export.status == 0)
        let ok = try runner.gradviz(arguments: ["verify", file.path])
        #expect(ok.status == 0)
        #expect(ok.text == "all 4 values and gradients check out\n")
        let text = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(
            of: "\"data\": 2.0, \"grad\": 10.0", with: "\"data\": 2.0, \"grad\": 16.0")
        try Data(text.utf8).write(to: file)
        let bad = try runner.gradviz(arguments: ["verify", file.path])
        #expect(bad.status == 1)
        #expect(bad.text.hasPrefix("node 0 (a), leaf: backward: grad is 16.0, expected 10.0\n"))
        let picture = folder.appendingPathComponent("mismatch.svg")
        let drawn = try runner.gradviz(arguments: ["verify", file.path, "--out", picture.path])
        #expect(drawn.status == 1)
        #expect(try String(contentsOf: picture, encoding: .utf8).contains("expected grad 10.0000"))
    }

    @Test func verifyRejectsABadFileWithItsReason() throws {
        let folder = try runner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("graph.json")
        try Data(#"{"nodes": [{"id": 0, "op": "sin", "operands": [], "data": 1}]}"#.utf8).write(to: file)
        let run = try runner.gradviz(arguments: ["verify", file.path])
        #expect(run.status == 64)
        #expect(run.stderr.hasPrefix("error: \(file.path): node 0: unknown op 'sin'"))
    }

    /// A wrong gradient no rule explains at a value its sender reads twice (`o + o`) points at
    /// `+=` as well as the derivative (`=` in one operation only is no catalogue rule, and
    /// `+=` is as likely a culprit there); one read once keeps the derivative alone.
    @Test func verifyPointsAtPlusEqualsForAValueReadTwice() throws {
        let twice = """
            digraph {
              "1" [shape=record, label="{ o | data 0.5000 | grad 3.0000 }"]
              "2" [shape=record, label="{ p | data 1.0000 | grad 1.0000 }"]
              "2+" [label="+"]
              "1" -> "2+"; "1" -> "2+"; "2+" -> "2"
            }
            """
        let run = try runner.gradviz(arguments: ["verify", "-"], input: twice)
        #expect(run.status == 1)
        #expect(
            run.text.contains(
                "every wrong gradient was sent by +'s backward to a value it reads twice: check its local derivative, and that it adds to each operand's grad (+=) instead of assigning (=)"
            ), "\(run.text)")
        let single = try runner.gradviz(
            arguments: ["verify", "-"],
            input: """
                digraph {
                  "1" [shape=record, label="{ o | data 0.5000 | grad 2.0000 }"]
                  "2" [shape=record, label="{ p | data 0.4621 | grad 1.0000 }"]
                  "2t" [label="tanh"]
                  "1" -> "2t"; "2t" -> "2"
                }
                """)
        #expect(single.text.contains("check the tanh rule's local derivative"), "\(single.text)")
        #expect(!single.text.contains("reads twice"), "\(single.text)")
    }
}
