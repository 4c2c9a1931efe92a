import Autograd
import GraphChecks
import GraphModel
import Testing

@Suite struct PowerZeroTests {
    /// x**0 is the constant 1: its gradient is 0 everywhere, also at x = 0 where the general
    /// formula 0 * 0**-1 gives NaN.
    @Test(arguments: [0.0, -2, 3])
    func powerZeroHasGradientZero(_ x: Double) {
        let tape = Tape()
        let a = Value(x, label: "a", on: tape)
        let b = a ** 0
        b.backward()
        #expect(b.data == 1)
        #expect(a.grad == 0)
        // The snapshot evaluator (used by verify and the bug re-enactments) agrees.
        let snapshot = b.snapshot()
        #expect(snapshot.backwardGradients(data: snapshot.nodes.map(\.data))[0] == 0)
    }
}
