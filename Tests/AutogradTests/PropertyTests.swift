import Autograd
import Foundation
import GraphChecks
import GraphModel
import Testing

/// The engine's fast path against an independent reference: the snapshot evaluator, which
/// recomputes every value from the leaves and every gradient from the root one node at a time.
///
/// Random programs must agree bit for bit.
@Suite struct PropertyTests {
    @Test func randomProgramsMatchTheReferenceEvaluatorBitForBit() {
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<400 {
            let tape = Tape()
            var values = (0..<3).map { _ in Value(generator.uniform(0, 1) * 4 - 2, on: tape) }
            for _ in 0..<(5 + generator.pick(25)) {
                let a = values[generator.pick(values.count)]
                let b = values[generator.pick(values.count)]
                let next: Value
                switch generator.pick(13) {
                case 0: next = a + b
                case 1: next = a - b
                case 2: next = a * b
                case 3: next = a / (b * b + 1)
                case 4: next = -a
                case 5: next = (a ** Double(generator.pick(4) + 1))
                case 6: next = (a * 0.1).exp()
                case 7: next = (a * a + 0.5).log()
                case 8: next = a.tanh()
                case 9: next = a.relu()
                case 10: next = a.sigmoid()
                case 11: next = ((a * a + 0.5) ** b.tanh())
                default: next = a + 2.5
                }
                values.append(next)
            }
            let root = values[values.count - 1]
            root.backward()
            let snapshot = root.snapshot()
            let data = snapshot.forwardData()
            let same = zip(data, snapshot.nodes.map(\.data)).allSatisfy { $0.bitPattern == $1.bitPattern }
            #expect(same)
            let grads = snapshot.backwardGradients(data: data)
            let sameGrads = zip(grads, snapshot.nodes.map(\.grad)).allSatisfy {
                $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN)
            }
            #expect(sameGrads)
        }
    }

    @Test func scopeFreesAStepsNodesAndKeepsTheParameters() {
        let tape = Tape()
        let w = Value(0.5, label: "w", on: tape)
        let b = Value(0, label: "b", on: tape)
        for _ in 0..<200 {
            tape.scope {
                let loss = ((w * 3 + b) - 2) ** 2
                w.grad = 0
                b.grad = 0
                loss.backward()
                w.data -= 0.01 * w.grad
                b.data -= 0.01 * b.grad
            }
        }
        #expect(tape.count == 2)
        #expect(abs(w.data * 3 + b.data - 2) < 1e-6)
        #expect(w.label == "w")
    }
}
