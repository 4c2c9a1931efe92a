import Autograd
import DotExport
import ExpressionLanguage
import GraphModel
import Testing

@Suite struct NodeDetailsTests {
    /// The names of the nodes a DOT text declares (`  n0 [label=…`, `  o2 [label=…`).
    func declaredNodes(_ dot: String) -> Set<String> {
        Set(
            dot.split(separator: "\n").compactMap { line -> String? in
                guard line.hasPrefix("  "), let end = line.dropFirst(2).firstIndex(of: " "),
                    line[end...].hasPrefix(" [label=")
                else { return nil }
                return String(line[line.index(line.startIndex, offsetBy: 2)..<end])
            })
    }

    @Test func everyValueAndOperationNodeOfTheDrawingHasDetailsByItsDotName() throws {
        let evaluation = try ExpressionProgram.evaluate("a = 2; b = a + a; c = a*b; d = c + b ** 2", values: [:])
        evaluation.root.backward()
        let snapshot = evaluation.root.snapshot()
        let details = DotExport.details(
            for: snapshot, annotations: [0: Annotation(["correct grad 10"], isProblem: true)])
        #expect(Set(details.keys) == declaredNodes(DotExport.dot(for: snapshot)))
        #expect(Set(details.keys).contains(DotExport.valueName(snapshot.root)))
        #expect(DotExport.valueName(3) == "n3" && DotExport.operationName(3) == "o3")
        let a = try #require(details["n0"])
        #expect(a.contains { $0 == ("node", "#0 a") })
        #expect(a.contains { $0 == ("problem", "correct grad 10") })
        let power = try #require(details.first { $0.value.contains { $0 == ("operation", "pow 2.0") } })
        #expect(power.key.hasPrefix("o"))
    }

    @Test func everyUnitOfANetworkDrawingHasDetailsByItsDotName() throws {
        let network = NetworkSnapshot(
            layers: [
                [.init(name: "x1", data: 1, grad: 0.5), .init(name: "x2", data: -1, grad: 0.25)],
                [.init(name: "L1.N1", activation: "relu", data: 0, grad: 0, bias: 0.1, isDead: true)],
            ],
            connections: [
                .init(fromLayer: 0, from: 0, to: 0, name: "L1.N1.w1", weight: 0.5, grad: 0),
                .init(fromLayer: 0, from: 1, to: 0, name: "L1.N1.w2", weight: -0.5, grad: 0),
            ],
            caption: "sample 1 of 1")
        let details = DotExport.details(for: network)
        #expect(Set(details.keys) == declaredNodes(DotExport.dot(for: network)))
        #expect(DotExport.unitName(layer: 1, index: 0) == "u1_0")
        let neuron = try #require(details["u1_0"])
        #expect(neuron.contains { $0 == ("problem", "dead ReLU: zero output on every sample") })
        #expect(neuron.contains { $0 == ("L1.N1.w2", "weight -0.5, grad 0.0") })
    }
}
