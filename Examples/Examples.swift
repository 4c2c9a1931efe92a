// swift-format-ignore-file
// (This file holds the documentation's snippets exactly as docs/library.md and docs/engines.md show them.)
// The Swift snippets of the README and docs/*.md, compiled and run by CI (scripts/checks/e2e checks that
// every ```swift block there appears here word for word). Uses only gradviz's public API.
import Autograd
import DotExport
import Foundation
import GraphImport
import GraphChecks
import GraphModel
import NeuralNet
import Rendering

@main
struct Examples {
    static func main() throws {
        try firstGraph()
        trainingLoop()
        try network()
        try yourOwnEngine()
        print("all examples ran")
    }

    static func firstGraph() throws {
        // docs/library.md: a first graph
        let tape = Tape()
        let a = Value(-4, label: "a", on: tape)
        let b = Value(3, label: "b", on: tape)
        let c = (a * b + b ** 3).relu()
        c.backward()          // a.grad == 3, b.grad == 23
        let snapshot = c.snapshot()   // for DotExport.dot(for:) and Renderer().render(_:as:)
        let svg = try Renderer().render(DotExport.dot(for: snapshot), as: .svg)
        // end of snippet
        precondition(a.grad == 3 && b.grad == 23, "a.grad \(a.grad), b.grad \(b.grad)")
        precondition(svg.starts(with: Array("<?xml".utf8)))
        print("a.grad = \(a.grad), b.grad = \(b.grad), \(svg.count) bytes of SVG")
    }

    static func trainingLoop() {
        let tape = Tape()
        // docs/library.md: a training loop
        let w = Value(0.5, label: "w", on: tape), b = Value(0, label: "b", on: tape)
        for _ in 0..<200 {
            tape.scope {
                let loss = ((w * 3 + b) - 2) ** 2
                w.grad = 0; b.grad = 0
                loss.backward()
                w.data -= 0.01 * w.grad; b.data -= 0.01 * b.grad
            }
        }
        // end of snippet
        precondition(tape.count == 2 && abs(w.data * 3 + b.data - 2) < 1e-6)
        print("w = \(w.data), b = \(b.data), \(tape.count) nodes left on the tape")
    }

    static func network() throws {
        // docs/library.md: a network
        var generator = SeededGenerator(seed: 1337)
        let model = MLP(inputs: 2, layerSizes: [16, 16, 1], generator: &generator)
        var trainer = Trainer(model: model, data: .moons(), loss: .hinge, l2: 1e-4,
                              schedule: .linear(start: 1.0, end: 0.1, steps: 100))
        for _ in 0..<100 { _ = trainer.step() }
        let picture = model.networkSnapshot(data: .moons(), sample: 0, loss: .hinge, l2: 1e-4)
        let png = try Renderer().render(DotExport.dot(for: picture), as: .png)
        // end of snippet
        precondition(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        print("trained \(model.parameterIDs.count) parameters, drew \(png.count) bytes of PNG")
    }

    static func yourOwnEngine() throws {
        // docs/engines.md: your own engine
        // gradviz knows nothing of Scalar; three lines teach it to read one.
        // extension Scalar: TraceableValue {
        //     var traceOperation: String? { op }
        //     var traceOperands: [Scalar] { children }
        //     var traceLabel: String? { label }
        // }
        Scalar.overwriteBug = true              // a planted bug: grad = … instead of +=
        let a = Scalar(2, label: "a")
        let b = a + a
        b.backward()                            // a.grad is 1: wrong, it should be 2
        let graph = try b.tracedGraph()
        let check = Verification(snapshot: graph.snapshot)
        for mismatch in check.mismatches {      // node #0 (a): grad is 1.0, expected 2.0
            print("\(graph.name(of: mismatch.id)): \(mismatch.quantity) is \(mismatch.found), expected \(mismatch.expected)")
        }
        let svg = try Renderer().render(DotExport.dot(for: graph.snapshot), as: .svg)
        // end of snippet
        precondition(check.mismatches.map(\.id) == [0] && check.mismatches[0].expected == 2 && check.mismatches[0].found == 1)
        precondition(svg.starts(with: Array("<?xml".utf8)))
        Scalar.overwriteBug = false
        let x1 = Scalar(2, label: "x1"), w1 = Scalar(-3, label: "w1"), x2 = Scalar(0, label: "x2"), w2 = Scalar(1, label: "w2")
        let bias = Scalar(6.8813735870195432, label: "b")
        let o = (x1 * w1 + x2 * w2 + bias).tanh()
        o.backward()
        let neuron = try o.tracedGraph()
        precondition(neuron.snapshot.nodes.count == 10 && Verification(snapshot: neuron.snapshot).mismatches.isEmpty)
        print("your own engine: the planted bug is found on \(graph.name(of: 0)); the correct tanh neuron verifies")
    }
}

extension Scalar: TraceableValue {
    var traceOperation: String? { op }
    var traceOperands: [Scalar] { children }
    var traceLabel: String? { label }
}
