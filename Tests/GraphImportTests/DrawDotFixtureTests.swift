import Foundation
import GraphChecks
import GraphImport
import GraphModel
import Testing

/// The DOT fixtures written by scripts/make/make_dot_fixtures: micrograd's draw_dot styles (record,
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
        return try files.sorted { $0.key < $1.key }.map { name, entry in
            let list = try #require(entry["mismatches"] as? [[String: Any]])
            return Expected(
                file: name, correct: try #require(entry["correct"] as? Bool),
                values: try #require(entry["values"] as? Int),
                mismatches: try list.map {
                    (
                        try #require($0["node"] as? String), try #require($0["quantity"] as? String),
                        try #require($0["expected"] as? NSNumber).doubleValue,
                        try #require($0["found"] as? NSNumber).doubleValue
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
        // With one operand, the exponent is read from the numbers (2^3 = 8)...
        let one = dot(exponentGrad: "5.5452").replacingOccurrences(of: #""b" -> "c**"; "#, with: "")
            .replacingOccurrences(of: "grad 12.0000", with: "grad 12.0000").replacingOccurrences(
                of: #""b" [shape=record, label="{ b | data 3.0000 | grad 5.5452 }"]"#, with: "")
        let inferred = try DrawDotGraph.read(one)
        #expect(inferred.snapshot.nodes.last?.exponent == 3)
        #expect(Verification(snapshot: inferred.snapshot, printed: inferred.printed).mismatches.isEmpty)
        #expect(inferred.assumptions.contains { $0.contains("read from the values' numbers") })
        // ...and where they do not determine it (a base of 1), that power is checked as given and
        // its operand's gradient is not checked: never a refusal of the whole file.
        let undetermined = try DrawDotGraph.read(
            one.replacingOccurrences(of: "data 2.0000", with: "data 1.0000").replacingOccurrences(
                of: "data 8.0000", with: "data 1.0000"))
        #expect(undetermined.snapshot.nodes.last?.operation == nil)
        #expect(undetermined.assumptions.contains { $0.contains("do not determine") })
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
        // One writer's data field prints up to 4 decimals: its 3.5 stands for 3.5000 ± 0.00005.
        #expect(printed.data == [0.00005, 0.00005, 0.00005])
        #expect(abs(printed.grad[1] - 0.000005) < 1e-20)
    }

    @Test(arguments: [
        (
            "digraph { a [label=\"{ data 1 | grad 2 }\" shape=record]; b [label=\"sin\"]; a -> b }",
            "node b: label 'sin' has no data number (a value: 'data 2.0', 'a = 2') and names no operation gradviz knows"
        ),
        ("digraph { a [label=\"{ grad 1 }\" shape=record] }", "node a: the label has a grad but no data"),
        (
            "digraph { a [label=\"data 1 grad 1\"]; b [label=\"data 1 grad 1\"]; a -> b }",
            "node b: values lead to it directly, but its label names no operation"
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
        ("digraph { a -> }", "not DOT gradviz can read: line 1, column 16: expected a node or a subgraph after '->'"),
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

/// Styles real writers use, beyond micrograd's own.
@Suite struct DrawDotStyleTests {
    func verdict(_ dot: String) throws -> (graph: ImportedGraph, flagged: [String]) {
        let graph = try DrawDotGraph.read(dot)
        let verification = Verification(snapshot: graph.snapshot, printed: graph.printed)
        return (graph, verification.mismatches.map { graph.fileIDs[$0.id] })
    }

    /// Swift's NumberFormatter with at most 4 fraction digits prints `12`, `0.5`, `0.7071`: the
    /// lecture's `=`-instead-of-`+=` bug (`a.grad` 1 where it must be 2) must not pass as
    /// "±0.5 for printed rounding".
    @Test func trailingZeroWriterStillCatchesOverwrite() throws {
        func dot(aGrad: String) -> String {
            """
            digraph { rankdir=LR
              a [shape=record, label="{ a | data 0.7071 | grad \(aGrad) }"]
              b [shape=record, label="{ b | data 1.4142 | grad 1 }"]
              "b+" [label="+"]; a -> "b+"; "b+" -> b
            }
            """
        }
        let right = try verdict(dot(aGrad: "2"))
        #expect(right.flagged.isEmpty)
        #expect(right.graph.assumptions.contains { $0.contains("trims trailing zeros") })
        #expect(try verdict(dot(aGrad: "1")).flagged == ["a"])
    }

    @Test(
        arguments: [
            // iliasaz/micrograd-swift's prefixed operation labels
            ("op: +", Operator.add, nil), ("op: **-1.0", .power, -1.0), ("negate", .negate, nil), ("inv", .power, -1),
            ("x ^ 2", .power, 2), ("e", .exp, nil), ("x²", .power, 2), ("tanh(x)", .tanh, nil), ("+(-)", .add, nil),
            ("*(/)", .multiply, nil), ("ReLU", .relu, nil), ("^", .power, nil), ("**", .power, nil),
            ("op=*", .multiply, nil),
        ] as [(String, Operator, Double?)])
    func operationSpellingsAreRead(_ spelling: String, _ operation: Operator, _ exponent: Double?) throws {
        let parsed = try #require(Operator.parse(spelling: spelling))
        #expect(parsed.operation == operation && parsed.exponent == exponent)
    }

    /// The operation inside the value's label, edges value → value (no operation nodes).
    @Test(arguments: [
        #"digraph { a [label="{ a | data 2.0000 | grad 3.0000 }" shape=record]; b [label="{ b | data 3.0000 | grad 2.0000 }" shape=record]; d [label="{ * | d | data 6.0000 | grad 1.0000 }" shape=record]; a -> d; b -> d }"#,
        #"digraph { a [label="2.0 | ∇=3"]; b [label="3.0 | ∇=2"]; d [label="6.0 | * | ∇=1"]; a -> d; b -> d }"#,
        #"digraph { a [label="a | data=2.0000 | grad=3.0000"]; b [label="b | data=3.0000 | grad=2.0000"]; d [label="d | data=6.0000 | grad=1.0000 | op=*"]; a -> d; b -> d }"#,
    ])
    func operationInsideTheValueLabel(_ dot: String) throws {
        let (graph, flagged) = try verdict(dot)
        #expect(graph.snapshot.nodes.last?.operation == .multiply)
        #expect(flagged.isEmpty)
        let wrong = try verdict(
            dot.replacingOccurrences(of: "3.0000 }\" shape=record]; b", with: "9.0000 }\" shape=record]; b")
                .replacingOccurrences(of: "∇=3", with: "∇=9").replacingOccurrences(
                    of: "grad=3.0000", with: "grad=9.0000"))
        #expect(wrong.flagged.count == 1)
    }

    /// LukasGardberg/gograd: `strict digraph`, `v: 2.00 | grad: 3.00` records (`v` is the data),
    /// operation nodes drawn as records too, and a `weight` on every statement.
    @Test func shortDataKeywordV() throws {
        let dot = #"""
            strict digraph {
            	rankdir=LR;
            	"a" [ label="v: 2.00 | grad: 3.00",  shape=record, weight=0 ];
            	"a" -> "d*" [  weight=0 ];
            	"b" [ label="v: 3.00 | grad: 2.00",  shape=record, weight=0 ];
            	"b" -> "d*" [  weight=0 ];
            	"d*" [ label="*",  shape=record, weight=0 ];
            	"d*" -> "d" [  weight=0 ];
            	"d" [ label="v: 6.00 | grad: 1.00",  shape=record, weight=0 ];
            }
            """#
        let (graph, flagged) = try verdict(dot)
        #expect(graph.snapshot.nodes.map(\.data) == [2, 3, 6])
        #expect(graph.snapshot.nodes.last?.operation == .multiply)
        #expect(flagged.isEmpty)
        #expect(
            try verdict(dot.replacingOccurrences(of: "v: 2.00 | grad: 3.00", with: "v: 2.00 | grad: 1.00")).flagged
                .count == 1)
    }

    /// LukasGardberg/gograd keeps operands in a Go map and writes each node's edges after it
    /// (source by source), so an operation's operand edges are apart and their order is not the
    /// operands' order: `-` and `/` take the order their numbers fit.
    ///
    /// Written operation by operation, the same edges keep their order, and `b - a` where
    /// `a - b` was printed is flagged.
    @Test func operandEdgesWrittenSourceBySourceAreUnordered() throws {
        let grouped = #"""
            strict digraph {
              "b" [ label="v: 2.00 | grad: -2.25", shape=record ]; "b" -> "c-"; "b" -> "d/";
              "d" [ label="v: 1.50 | grad: 1.00", shape=record ]; "d" -> "e*";
              "d/" [ label="/", shape=record ]; "d/" -> "d";
              "e" [ label="v: 1.50 | grad: 1.00", shape=record ]; "e*" [ label="*", shape=record ]; "e*" -> "e";
              "c" [ label="v: 1.00 | grad: 1.50", shape=record ]; "c" -> "e*";
              "c-" [ label="-", shape=record ]; "c-" -> "c";
              "a" [ label="v: 3.00 | grad: 2.00", shape=record ]; "a" -> "c-"; "a" -> "d/";
            }
            """#
        let (graph, flagged) = try verdict(grouped)
        #expect(flagged.isEmpty)
        #expect(graph.assumptions.contains { $0.contains("the order their numbers fit") })
        let byOperation = #"""
            digraph {
              b [label="{ b | data 2.0 | grad -2.25 }", shape=record]; a [label="{ a | data 3.0 | grad 2.0 }", shape=record];
              m [label="-"]; b -> m; a -> m; m -> c; c [label="{ c | data 1.0 | grad 1.5 }", shape=record];
              q [label="/"]; a -> q; b -> q; q -> d; d [label="{ d | data 1.5 | grad 1.0 }", shape=record];
              t [label="*"]; c -> t; d -> t; t -> e; e [label="{ e | data 1.5 | grad 1.0 }", shape=record];
            }
            """#
        #expect(try verdict(byOperation).flagged.contains("c"))
    }

    /// irobot/micrograd-rs: ovals labelled `L  *&#92;nd -8.00 | g 1.0` (name and operation, an
    /// entity backslash that Graphviz reads as a line break, `d`/`g` for data and grad) and
    /// edges from each result to its operands (`6 -> { 4 5 }`).
    @Test func resultToOperandEdgesWithEntityLineBreaks() throws {
        let dot = #"""
            digraph "graph" {6 [label="L  *&#92;nd -8.00 | g 1.0", shape="oval"]
            6 -> { 4 5  }
            5 [label="f  &#92;nd -2.00 | g 4.0", shape="oval"]
            5 -> {  }
            4 [label="d  +&#92;nd 4.00 | g -2.0", shape="oval"]
            4 -> { 3 2  }
            2 [label="c  &#92;nd 10.00 | g -2.0", shape="oval"]
            2 -> {  }
            3 [label=" op *&#92;nd -6.00 | g -2.0", shape="trapezium"]
            3 -> { 0 1  }
            1 [label="b  &#92;nd -3.00 | g -4.0", shape="oval"]
            1 -> {  }
            0 [label="a  &#92;nd 2.00 | g 6.0", shape="oval"]
            0 -> {  }
            }
            """#
        let (graph, flagged) = try verdict(dot)
        #expect(flagged.isEmpty)
        #expect(graph.snapshot.nodes.count == 7)
        #expect(graph.snapshot.nodes[graph.snapshot.root].label == "L")
        #expect(graph.snapshot.nodes[graph.snapshot.root].operation == .multiply)
        #expect(Set(graph.snapshot.nodes.compactMap(\.label)) == ["L", "f", "d", "c", "b", "a"])
        #expect(try verdict(dot.replacingOccurrences(of: "g 6.0", with: "g -3.0")).flagged == ["0"])
    }

    /// `d`, `g` and `v` are data and grad only where no `=` follows: `d = 4` is a value named `d`.
    @Test func oneLetterKeywordsAreNotNames() throws {
        let values = try verdict(
            #"digraph { a [label="a = 2"]; d [label="d = 6"]; m [label="*"]; a -> m; a -> m; m -> d }"#)
        #expect(values.graph.snapshot.nodes.map(\.label) == ["a", "d"])
        #expect(values.flagged == ["d"])
    }

    /// attentionmech/gpt.c prints `%.2f (%s)`: the value, then the operation in parentheses
    /// (`(null)` for a leaf), values only, edges written depth first: the edges of the first
    /// operand's inputs come between an operation's two operand edges, and the written order
    /// still holds, so a `-` that computes b - a is caught.
    @Test func valueThenOperationInParenthesesDepthFirst() throws {
        let dot = #"""
            digraph G {
              node12 [label="1.00 (sub)"];
              node11 -> node12;
              node11 [label="6.00 (*)"];
              node0 -> node11;
              node0 [label="3.00 ((null))"];
              node1 -> node11;
              node1 [label="2.00 ((null))"];
              node10 -> node12;
              node10 [label="5.00 (+)"];
              node0 -> node10;
              node1 -> node10;
            }
            """#
        let (graph, flagged) = try verdict(dot)
        #expect(flagged.isEmpty)
        #expect(graph.snapshot.nodes[graph.snapshot.root].operation == .subtract)
        #expect(graph.snapshot.nodes.allSatisfy { $0.label == nil })
        #expect(try verdict(dot.replacingOccurrences(of: "1.00 (sub)", with: "-1.00 (sub)")).flagged == ["node12"])
    }

    /// KishalayP/j-micrograd writes the operation on the edges into a value (`[+]`) and labels
    /// values `Name: (a - b) | Value: 1.0000 | Grad: 1.5000`.
    @Test func operationOnTheEdgesIntoAValue() throws {
        let dot = #"""
            digraph G {
              rankdir=LR;
              node [shape=box, fontname="Monospace"];
              n0 [label="Name: a | Value: 3.0000 | Grad: 2.0000"];
              n1 [label="Name: b | Value: 2.0000 | Grad: -2.2500"];
              n2 [label="Name: (a - b) | Value: 1.0000 | Grad: 1.5000"];
              n3 [label="Name: (a / b) | Value: 1.5000 | Grad: 1.0000"];
              n4 [label="Name: ((a - b) * (a / b)) | Value: 1.5000 | Grad: 1.0000"];
              n0 -> n2 [label="[-]"];
              n1 -> n2 [label="[-]"];
              n0 -> n3 [label="[/]"];
              n1 -> n3 [label="[/]"];
              n2 -> n4 [label="[*]"];
              n3 -> n4 [label="[*]"];
            }
            """#
        let (graph, flagged) = try verdict(dot)
        #expect(flagged.isEmpty)
        #expect(graph.snapshot.nodes.map(\.operation) == [nil, nil, .subtract, .divide, .multiply])
        #expect(graph.snapshot.nodes.map(\.label) == ["a", "b", "(a - b)", "(a / b)", "((a - b) * (a / b))"])
        #expect(try verdict(dot.replacingOccurrences(of: "Grad: -2.2500", with: "Grad: 0.7500")).flagged == ["n1"])
    }

    /// An HTML table with a name row, a `data | grad` header row, then the numbers.
    @Test func htmlTableWithHeaderRow() throws {
        let dot = #"""
            digraph {
              a [shape=plain, label=<<table><tr><td colspan="2">a</td></tr><tr><td>data</td><td>grad</td></tr><tr><td>2.0000</td><td>2.0000</td></tr></table>>]
              b [shape=plain, label=<<table><tr><td colspan="2">b</td></tr><tr><td>data</td><td>grad</td></tr><tr><td>4.0000</td><td>1.0000</td></tr></table>>]
              p [label="+"]; a -> p; p -> b
            }
            """#
        let (graph, flagged) = try verdict(dot)
        #expect(graph.snapshot.nodes.map(\.label) == ["a", "b"])
        #expect(graph.snapshot.nodes.map(\.grad) == [2, 1])
        #expect(flagged.isEmpty)
    }

    /// mickvangelderen/micrograd-rs prints values only (`a = 2` boxes, diamond operations):
    /// the forward pass is checked, and the user is told that no gradients were printed.
    @Test func valuesOnlyGraphsCheckTheForwardPass() throws {
        let dot = #"""
            digraph { a [label="a = 3", shape=box]; b [label="b = 2", shape=box]; c [label="c = 1", shape=box];
              op [label="-", shape=diamond]; a -> op; b -> op; op -> c }
            """#
        let (graph, flagged) = try verdict(dot)
        #expect(flagged.isEmpty)
        #expect(graph.assumptions.contains { $0.contains("prints no gradients") })
        #expect(try verdict(dot.replacingOccurrences(of: "c = 1", with: "c = -1")).flagged == ["c"])
    }
}
