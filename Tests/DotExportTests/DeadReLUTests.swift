import DotExport
import GraphModel
import Testing

/// A dead ReLU's drawing says what its non-zero grad means (issue 15, item 5): the grad that
/// reaches its output, none of which it passes back.
@Suite struct DeadReLUTests {
    @Test func aDeadReLUSaysNoGradPassesBack() {
        let network = NetworkSnapshot(
            layers: [
                [.init(name: "x1", data: 1, grad: 0)],
                [.init(name: "L1.N1", activation: "relu", data: 0, grad: 0.7, bias: -2, isDead: true)],
            ],
            connections: [.init(fromLayer: 0, from: 0, to: 0, name: "L1.N1.w1", weight: 0.5, grad: 0)],
            caption: "sample 1 of 1")
        let dot = DotExport.dot(for: network)
        #expect(dot.contains("grad 0.7000"))
        #expect(dot.contains("<B>dead ReLU</B>: no grad passes back"))
        #expect(dot.contains("passes nothing back to its weights and bias"))
    }
}
