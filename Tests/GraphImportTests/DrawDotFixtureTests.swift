import Foundation
import GraphImport
import GraphChecks
import GraphModel
import Testing

/// The DOT fixtures written by scripts/make_dot_fixtures: micrograd's draw_dot styles (record,
/// lecture, box) on graphs built by real micrograd, correct and with planted bugs, and
/// `expected.json`, which states what a local, rounding-aware check must flag in each.
@Suite struct DrawDotFixtureTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/dot")

    struct Expected: Sendable, CustomTestStringConvertible {
        var file: String
        var correct: Bool
        var values: Int
        var mismatches: [(node: String, quantity: String, expected: Double, found: Double)]
        var testDescription: String { file }
    }

    static func expectations() throws -> [Expected] {
        let data = try Data(contentsOf: folder.appendingPathComponent("expected.json"))
        let top = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let files = try #require(top["files"] as? [String: [String: Any]])
        return try files.keys.sorted().map { name in
            let entry = files[name]!
            let list = try #require(entry["mismatches"] as? [[String: Any]])
            return Expected(
                file: name, correct: try #require(entry["correct"] as? Bool),
                values: try #require(entry["values"] as? Int),
                mismatches: list.map {
                    (
                        $0["node"] as! String, $0["quantity"] as! String, ($0["expected"] as! NSNumber).doubleValue,
                        ($0["found"] as! NSNumber).doubleValue
                    )
                })
        }
    }

    @Test(arguments: try expectations())
    func localCheckFlagsExactlyThePlantedBugs(_ expected: Expected) throws {
        let text = try String(contentsOf: Self.folder.appendingPathComponent(expected.file), encoding: .utf8)
        let graph = try DrawDotGraph.read(text)
        #expect(graph.snapshot.nodes.count == expected.values)
        let verification = Verification(snapshot: graph.snapshot, printed: graph.printed)
        let found = verification.mismatches.map { (graph.fileIDs[$0.id], $0.quantity.rawValue) }.sorted {
            $0.0 + $0.1 < $1.0 + $1.1
        }
        let wanted = expected.mismatches.map { ($0.node, $0.quantity) }.sorted { $0.0 + $0.1 < $1.0 + $1.1 }
        #expect(found.map { "\($0.0) \($0.1)" } == wanted.map { "\($0.0) \($0.1)" })
        #expect(expected.correct == verification.mismatches.isEmpty)
        for mismatch in verification.mismatches {
            guard
                let reference = expected.mismatches.first(where: {
                    $0.node == graph.fileIDs[mismatch.id] && $0.quantity == mismatch.quantity.rawValue
                })
            else { continue }
            #expect(mismatch.found == reference.found)
            #expect(
                abs(mismatch.expected - reference.expected) <= 1e-5 * max(1, abs(reference.expected)),
                "expected.json rounds to 5 decimals")
        }
    }

    @Test func setBasedAPlusAIsReadAsBothSlots() throws {
        let graph = try DrawDotGraph.read(
            try String(contentsOf: Self.folder.appendingPathComponent("a-plus-a.record.dot"), encoding: .utf8))
        let sum = try #require(graph.snapshot.nodes.first { $0.operation == .add })
        #expect(sum.operands.count == 2 && sum.operands[0] == sum.operands[1])
        #expect(graph.assumptions.count == 1)
        #expect(graph.assumptions[0].contains("both slots"))
        // micrograd's correct a + a: grad 2 passes; the overwrite bug's grad 1 is flagged.
        #expect(Verification(snapshot: graph.snapshot, printed: graph.printed).mismatches.isEmpty)
    }
}

@Suite struct DrawDotReadingTests {
    /// A bare `**` with two edges into it is a value exponent (base first, by edge order); a
    /// wrong exponent gradient is caught, rounding-aware.
    @Test func bareStarStarWithTwoOperandsIsAValueExponent() throws {
        func dot(exponentGrad: String) -> String {
            """
            digraph {
              "a" [shape=record, label="{ a | data 2.0000 | grad 12.0000 }"]
              "b" [shape=record, label="{ b | data 3.0000 | grad \(exponentGrad) }"]
              "c" [shape=record, label="{ c | data 8.0000 | grad 1.0000 }"]
              "c**" [label="**"]
              "a" -> "c**"; "b" -> "c**"; "c**" -> "c"
            }
            """
        }
        let graph = try DrawDotGraph.read(dot(exponentGrad: "5.5452"))  // ln 2 · 8
        #expect(graph.snapshot.nodes[2].operation == .powerOfValue && graph.snapshot.nodes[2].operands == [0, 1])
        #expect(Verification(snapshot: graph.snapshot, printed: graph.printed).mismatches.isEmpty)
        let wrong = try DrawDotGraph.read(dot(exponentGrad: "8.0000"))
        #expect(Verification(snapshot: wrong.snapshot, printed: wrong.printed).mismatches.map(\.id) == [1])
        let one = dot(exponentGrad: "5.5452").replacingOccurrences(of: #""b" -> "c**"; "#, with: "")
        #expect(throws: ImportError.self) { try DrawDotGraph.read(one) }
    }

    /// Real line breaks in a plain label split its lines whatever their kind: Swift reads
    /// "\r\n" as one Character, which is neither "\n" nor "\r".
    @Test(arguments: ["\n", "\r\n", "\r"]) func realLineBreaksInALabelSplitItsLines(_ lineBreak: String) throws {
        let dot = """
            digraph {
              "0x1" [shape=box, label="a\(lineBreak)data: 2.0000\(lineBreak)grad: 3.0000"]
              "0x2" [shape=box, label="b\(lineBreak)data 3.0000\(lineBreak)grad 2.0000"]
              "0x3" [shape=box, label="out\(lineBreak)data 6.0000\(lineBreak)grad 1.0000"]
              "0x3*" [label="*"]
              "0x1" -> "0x3*"; "0x2" -> "0x3*"; "0x3*" -> "0x3"
            }
            """
        let graph = try DrawDotGraph.read(dot)
        #expect(graph.snapshot.nodes.map(\.label) == ["a", "b", "out"])
        #expect(graph.snapshot.nodes.map(\.data) == [2, 3, 6])
        #expect(graph.snapshot.nodes.map(\.grad) == [3, 2, 1])
    }

    @Test func readsNamesNumbersAndPrintedPrecision() throws {
        let dot = #"""
            strict digraph { rankdir=TB
              "0x2" [shape=box, label="b\ndata: 3.5\ngrad: -1.0000"]
              "0x1" [shape=record, label="{ a | data 2.0000 | grad 1.5e-04 }"]
              "0x3" [shape=record, label="{ out | { data | 7.0000 } | { grad | 1.0000 } }"]
              "0x3*" [label="*"]
              "0x1" -> "0x3*"; "0x2" -> "0x3*"; "0x3*" -> "0x3"
            }
            """#
        let graph = try DrawDotGraph.read(dot)
        #expect(graph.fileIDs == ["0x2", "0x1", "0x3"])
        #expect(graph.snapshot.nodes.map(\.label) == ["b", "a", "out"])
        #expect(graph.snapshot.nodes[2].operation == .multiply)
        #expect(graph.snapshot.nodes[2].operands == [1, 0])  // edge order in the text
        #expect(graph.snapshot.root == 2)
        let printed = try #require(graph.printed)
        #expect(printed.data == [0.05, 0.00005, 0.00005])
        #expect(abs(printed.grad[1] - 0.000005) < 1e-20)
    }

    @Test(arguments: [
        (
            "digraph { a [label=\"{ data 1 | grad 2 }\" shape=record]; b [label=\"sin\"]; a -> b }",
            "node b: label 'sin' is neither a value"
        ),
        ("digraph { a [label=\"{ data 1 }\" shape=record] }", "node a: the label has data but no grad"),
        (
            "digraph { a [label=\"data 1 grad 1\"]; b [label=\"data 1 grad 1\"]; a -> b }",
            "edge a -> b joins two values"
        ),
        (
            "digraph { a [label=\"data 1 grad 1\"]; o [label=\"relu\"]; a -> o }",
            "node o: the operation 'relu' has no edge to the value it makes"
        ),
        (
            "digraph { a [label=\"data 1 grad 1\"]; b [label=\"data 1 grad 1\"]; c [label=\"data 1 grad 1\"]; o [label=\"tanh\"]; a -> o; b -> o; o -> c }",
            "node o: 'tanh' takes 1 operand, found 2"
        ),
        ("digraph { a [label=\"data 1 grad 1\"]; b [label=\"data 1 grad 1\"] }", "2 values are used by no operation"),
        ("digraph { a -> }", "not DOT that Graphviz can read"),
        ("graph { a [label=\"data 1 grad 1\"] }", "undirected"),
    ])
    func unreadableGraphsSayWhichNodeAndWhy(_ dot: String, _ message: String) {
        do {
            _ = try DrawDotGraph.read(dot)
            Issue.record("expected an error containing \(message)")
        } catch {
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test(arguments: [
        ("2.0000", 0.00005), ("-3.5", 0.05), ("12", 0.5), ("1.2346e-07", 0.00005e-07), ("24.70408163265306", 0),
        ("nan", 0),
    ])
    func printedPrecisionIsHalfTheLastPlace(_ text: String, _ uncertainty: Double) {
        let found = PrintedPrecision.uncertainty(ofNumberText: text)
        #expect(abs(found - uncertainty) <= 1e-15 * max(1, uncertainty))
    }
}

@Suite struct GraphFileReadingTests {
    @Test func numbersReadBackToTheLastBit() throws {
        // Foundation's JSONSerialization on Linux read this one unit in the last place off.
        let file = try GraphFile(
            bytes: Array(#"{"nodes": [{"id": 0, "data": 3.4088225196511455, "grad": -0.1}]}"#.utf8))
        #expect(file.snapshot.nodes[0].data == 3.4088225196511455)
        #expect(file.snapshot.nodes[0].grad == -0.1)
    }

    @Test(arguments: [
        (#"{"nodes": [{"id": 0, "data": 1}]} x"#, "unexpected text after the end at line 1, column 35"),
        (#"{"nodes": [{"id": 0, "data": 01}]}"#, "leading zero"),
        ("{\"nodes\": [{\"id\": \"a\u{01}\", \"data\": 1}]}", "control character"),
        (#"{"nodes": [{"id": 0, "data": true}]}"#, "node 0: \"data\" is true, not a number"),
        (#"{"nodes": [{"id": 0, "data": 1, "extra": [[[[]]]]}], "more": {"a": null}}"#, ""),
        (String(repeating: "[", count: 100), "nested more than 64"),
        ("[1, 2]", "expected a JSON object with \"nodes\", found an array"),
        (#"{"nodes": [{"id": 0, "data": 1, "x": "# + String(repeating: "[", count: 100), "nested more than 64"),
    ])
    func syntaxAndMeaningErrorsSayWhereAndWhat(_ json: String, _ message: String) {
        do {
            _ = try GraphFile(bytes: Array(json.utf8))
            #expect(message.isEmpty, "expected an error containing \(message)")
        } catch {
            #expect(!message.isEmpty && error.message.contains(message), "\(error.message)")
        }
    }
}
