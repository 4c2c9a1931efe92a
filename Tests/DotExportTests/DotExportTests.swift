import Autograd
import DotExport
import ExpressionLanguage
import Foundation
import GraphModel
import Testing

@Suite struct DotExportTests {
    @Test func matchesGoldenTextForSharedOperand() throws {
        let evaluation = try ExpressionProgram.evaluate("a*b + a", values: ["a": 2, "b": -3])
        evaluation.root.backward()
        let dot = DotExport.dot(for: evaluation.root.snapshot(), options: .init(title: "a*b + a"))
        #expect(dot == Self.golden)
    }

    @Test func valueExponentIsDrawnAsStarStarWithBaseAndExponentEdges() throws {
        let evaluation = try ExpressionProgram.evaluate("c = a ** b", values: ["a": 2, "b": 3])
        evaluation.root.backward()
        let dot = DotExport.dot(for: evaluation.root.snapshot())
        #expect(dot.contains("o2 [label=\"**\"];"))
        #expect(dot.contains("n0 -> o2 [headlabel=\"base\"];"))
        #expect(dot.contains("n1 -> o2 [headlabel=\"exponent\"];"))
        #expect(DotExport.symbol(.powerOfValue, exponent: nil) == "**")
    }

    static let golden = """
        digraph gradviz {
          graph [rankdir=LR, bgcolor="white", pad=0.25, nodesep=0.25, ranksep=0.4, fontname="Helvetica", fontsize=12, label="a*b + a", labelloc=b, fontcolor="#6b7280"];
          node [shape=plain, fontname="Helvetica", fontsize=11];
          n0 [label=<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4" COLOR="#3b6fb6" BGCOLOR="#dbeafe"><TR><TD><B>a</B><FONT POINT-SIZE="8" COLOR="#b91c1c"> used ×2</FONT></TD><TD>data 2.0000</TD><TD>grad -2.0000</TD></TR></TABLE>>, tooltip="a #0: data = 2.0, grad = -2.0"];
          n1 [label=<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4" COLOR="#3b6fb6" BGCOLOR="#dbeafe"><TR><TD><B>b</B></TD><TD>data -3.0000</TD><TD>grad 2.0000</TD></TR></TABLE>>, tooltip="b #1: data = -3.0, grad = 2.0"];
          n2 [label=<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4" COLOR="#6b7280" BGCOLOR="#ffffff"><TR><TD>data -6.0000</TD><TD>grad 1.0000</TD></TR></TABLE>>, tooltip="value #2: data = -6.0, grad = 1.0"];
          n3 [label=<<TABLE BORDER="0" CELLBORDER="2" CELLSPACING="0" CELLPADDING="4" COLOR="#b45309" BGCOLOR="#fde68a"><TR><TD>data -4.0000</TD><TD>grad 1.0000</TD></TR></TABLE>>, tooltip="value #3: data = -4.0, grad = 1.0"];
          node [shape=ellipse, style=filled, fillcolor="#ede9fe", color="#7c3aed", fontsize=10, margin="0.04,0.02", height=0.3, ordering=in];
          o2 [label="×"];
          o3 [label="+"];
          edge [color="#4b5563", arrowsize=0.6, penwidth=1.1, fontname="Helvetica", labelfontname="Helvetica", labelfontsize=8, labelfontcolor="#6b7280"];
          n0 -> o2;
          n1 -> o2;
          o2 -> n2;
          n2 -> o3;
          n0 -> o3;
          o3 -> n3;
        }

        """

    @Test func drawsOneEdgePerOperandSlot() throws {
        let evaluation = try ExpressionProgram.evaluate("a + a", values: ["a": 1])
        evaluation.root.backward()
        let dot = DotExport.dot(for: evaluation.root.snapshot())
        #expect(dot.components(separatedBy: "n0 -> o1;").count - 1 == 2)
        #expect(dot.contains("grad 2.0000"))
    }

    @Test func marksOperandSlotsOfSubtractionAndDivision() throws {
        let evaluation = try ExpressionProgram.evaluate("a - b / c", values: ["a": 1, "b": 2, "c": 4])
        let dot = DotExport.dot(for: evaluation.root.snapshot())
        #expect(dot.contains("n1 -> o3 [headlabel=\"left\"];"))
        #expect(dot.contains("n2 -> o3 [headlabel=\"right\"];"))
        #expect(dot.contains("n0 -> o4 [headlabel=\"left\"];"))
        #expect(dot.contains("n3 -> o4 [headlabel=\"right\"];"))
    }

    @Test func escapesUserTextInLabelsTooltipsAndTitle() {
        let label = "x<1> & \"q\" \\N {a|b}\nnext\u{1}"
        let snapshot = GraphSnapshot(nodes: [GraphSnapshot.Node(id: 0, label: label, data: 1, grad: 1)], root: 0)
        let dot = DotExport.dot(for: snapshot, options: .init(title: "say \"hi\" \\G"))
        #expect(dot.contains("<B>x&lt;1&gt; &amp; &quot;q&quot; \\\\N {a|b}<BR/>next\u{FFFD}</B>"))
        // Tooltips: `&` as `&amp;`, backslashes doubled twice (Graphviz unescapes tooltips twice).
        #expect(
            dot.contains("tooltip=\"x<1> &amp; \\\"q\\\" \\\\\\\\N {a|b}\\nnext\u{FFFD} #0: data = 1.0, grad = 1.0\""))
        #expect(dot.contains("label=\"say \\\"hi\\\" \\\\G\""))
    }

    @Test func flagsNonFiniteNumbers() {
        let snapshot = GraphSnapshot(
            nodes: [
                GraphSnapshot.Node(id: 0, label: "z", data: 0, grad: .nan),
                GraphSnapshot.Node(id: 1, operation: .log, operands: [0], data: -.infinity, grad: 1),
            ], root: 1)
        let dot = DotExport.dot(for: snapshot)
        #expect(dot.contains("<TD BGCOLOR=\"#fee2e2\"><FONT COLOR=\"#b91c1c\"><B>grad nan</B></FONT></TD>"))
        #expect(dot.contains("<B>data -inf</B>"))
    }

    @Test func sameInputGivesSameBytes() throws {
        func dot() throws -> String {
            let evaluation = try ExpressionProgram.evaluate(ProgramSamples.mixed)
            evaluation.root.backward()
            return DotExport.dot(for: evaluation.root.snapshot()) + evaluation.root.snapshot().jsonText()
        }
        #expect(try dot() == dot())
    }

    @Test func exportsAMillionNodeChainWithoutRecursion() {
        var nodes: [GraphSnapshot.Node] = [GraphSnapshot.Node(id: 0, label: "x", data: 1, grad: 1)]
        for id in 1..<1_000_000 {
            nodes.append(GraphSnapshot.Node(id: id, operation: .tanh, operands: [id - 1], data: 0.5, grad: 1))
        }
        let dot = DotExport.dot(for: GraphSnapshot(nodes: nodes, root: 999_999))
        #expect(dot.hasSuffix("  o999999 -> n999999;\n}\n"))
    }
}

enum ProgramSamples {
    static let mixed = "x = 0.5; w = -1.25; b = 2\ny = tanh(x*w + b) ** 2 / sigmoid(x) - exp(-x) + log(b)\nrelu(y - 1)"
}
