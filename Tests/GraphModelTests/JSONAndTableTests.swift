import Autograd
import ExpressionLanguage
import GraphModel
import Testing

@Suite struct JSONAndTableTests {
    @Test func writesTheDocumentedJSONLayout() throws {
        let evaluation = try ExpressionProgram.evaluate("y = a ** 2 / b", values: ["a": 3, "b": 0.1])
        evaluation.root.backward()
        let json = evaluation.root.snapshot().jsonText()
        #expect(
            json == """
                {
                  "format": "gradviz-graph",
                  "version": 1,
                  "root": 3,
                  "nodes": [
                    {"id": 0, "label": "a", "op": null, "operands": [], "data": 3.0, "grad": 60.0},
                    {"id": 1, "label": null, "op": "pow", "operands": [0], "exponent": 2.0, "data": 9.0, "grad": 10.0},
                    {"id": 2, "label": "b", "op": null, "operands": [], "data": 0.1, "grad": -900.0},
                    {"id": 3, "label": "y", "op": "/", "operands": [1, 2], "data": 90.0, "grad": 1.0}
                  ]
                }

                """)
    }

    @Test func writesNonFiniteNumbersAsStringsAndEscapesLabels() {
        let snapshot = GraphSnapshot(
            nodes: [
                GraphSnapshot.Node(id: 0, label: "q\"\\\n\u{1}", data: .nan, grad: .infinity),
                GraphSnapshot.Node(id: 1, operation: .negate, operands: [0], data: -.infinity, grad: 1),
            ], root: 1)
        let json = snapshot.jsonText()
        #expect(
            json.contains(
                #"{"id": 0, "label": "q\"\\\n\u0001", "op": null, "operands": [], "data": "nan", "grad": "inf"}"#))
        #expect(json.contains(#""op": "neg", "operands": [0], "data": "-inf", "grad": 1.0}"#))
    }

    @Test func tableListsNodesInTopologicalOrderWithExactNumbers() throws {
        let evaluation = try ExpressionProgram.evaluate("c = a * b + 0.1", values: ["a": 0.2, "b": 3])
        evaluation.root.backward()
        #expect(
            evaluation.root.snapshot().tableText() == """
                id  label  op     operands                data  grad
                 0  a      input                           0.2   3.0
                 1  b      input                           3.0   0.2
                 2         *      0,1       0.6000000000000001   1.0
                 3         const                           0.1   1.0
                 4  c      +      2,3       0.7000000000000001   1.0

                """)
    }
}
