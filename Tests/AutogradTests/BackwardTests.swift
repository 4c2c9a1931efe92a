import Autograd
import Foundation
import GraphModel
import Testing

@Suite struct BackwardTests {
    @Test func accumulatesGradientWhenOperandRepeats() {
        let tape = Tape()
        let a = Value(3, label: "a", on: tape)
        let b = a + a
        b.backward()
        #expect(b.operands.map(\.id) == [a.id, a.id])
        #expect(a.grad == 2)
    }

    /// The seed write-up's case: naive recursion gives 16 or 12; the right answer is 10.
    @Test func visitsEachNodeOnceInReverseTopologicalOrder() {
        let tape = Tape()
        let a = Value(2, label: "a", on: tape)
        let b = a + a
        let c = a * b
        let d = c + b
        d.backward()
        #expect(d.data == 12)
        #expect(a.grad == 10)
        #expect(b.grad == 3)
        #expect(c.grad == 1)
    }

    @Test func nodeUsedInTwoBranchesSumsBothContributions() {
        let tape = Tape()
        let a = Value(3, on: tape)
        let b = Value(-2, on: tape)
        let d = a * b
        let e = a + b
        let f = d * e
        f.backward()
        // f = a*b*(a+b): df/da = b*(a+b) + a*b = -2*1 + -6 = -8; df/db = a*(a+b) + a*b = 3 - 6 = -3.
        #expect(a.grad == -8)
        #expect(b.grad == -3)
    }

    @Test func secondBackwardAddsUntilZeroGrad() {
        let tape = Tape()
        let a = Value(2, on: tape)
        let b = Value(5, on: tape)
        let c = a * b
        c.backward()
        c.backward()
        #expect(a.grad == 10)
        c.zeroGrad()
        #expect(a.grad == 0 && b.grad == 0 && c.grad == 0)
        c.backward()
        #expect(a.grad == 5)
        tape.zeroGrad()
        #expect(a.grad == 0)
    }

    @Test func backwardTouchesOnlyWhatTheRootDependsOn() {
        let tape = Tape()
        let a = Value(2, on: tape)
        let b = Value(7, on: tape)
        let unrelated = b * 3
        let root = a * 4
        unrelated.grad = 9  // stale gradient on a node the root does not depend on
        root.backward()
        #expect(a.grad == 4)
        #expect(b.grad == 0)
        #expect(unrelated.grad == 9)
    }

    @Test func topologicalOrderPutsOperandsFirstAndSkipsUnreachable() {
        let tape = Tape()
        let a = Value(1, label: "a", on: tape)
        let b = Value(2, label: "b", on: tape)
        _ = b * 10
        let c = (a + b) * a
        let order = c.topologicalOrder()
        var seen = Set<Int32>()
        for value in order {
            for operand in value.operands { #expect(seen.contains(operand.id)) }
            seen.insert(value.id)
        }
        #expect(order.count == 4)
        #expect(order.last?.id == c.id)
        #expect(order.map(\.id) == order.map(\.id).sorted())
    }

    @Test func nonFiniteValuesPropagateAsInDouble() {
        let tape = Tape()
        let zero = Value(0, on: tape)
        let logZero = zero.log()
        #expect(logZero.data == -.infinity)
        let nan = Value(.nan, on: tape)
        let product = nan * 2
        product.backward()
        #expect(product.data.isNaN)
        #expect(nan.grad == 2)
        let relu = nan.relu()
        #expect(relu.data.isNaN)
        let quotient = Value(0, on: tape) / zero
        #expect(quotient.data.isNaN)
    }

    @Test func forwardRecomputesFromChangedLeaves() {
        let tape = Tape()
        let a = Value(2, on: tape)
        let b = (a * a + 1).tanh()
        a.data = 0.5
        tape.forward()
        #expect(b.data == Foundation.tanh(0.5 * 0.5 + 1))
    }

    @Test func millionNodeChainBuildsBackpropagatesSnapshotsAndFrees() {
        var root: Value?
        do {
            let tape = Tape(capacity: 16)
            let x = Value(1, label: "x", on: tape)
            var y = x
            for _ in 0..<500_000 { y = (y * 1.000001) }  // 1,000,001 nodes with the constants
            y.backward()
            #expect(tape.count == 1_000_001)
            #expect(abs(x.grad - 1.6487206) < 1e-6)  // 1.000001^500000 ≈ e^0.5
            let snapshot = y.snapshot()
            #expect(snapshot.nodes.count == 1_000_001)
            #expect(snapshot.nodes.last?.operands.count == 2)
            root = y
        }
        root = nil  // the last reference: the whole tape is freed here, without recursion
        #expect(root == nil)
    }

    @Test func reachMarksStayRightOverHundredsOfPassesOnOneTape() {
        // Each pass uses a new mark; after 255 the marks are cleared and counting restarts.
        let tape = Tape()
        let a = Value(2, label: "a", on: tape)
        let unrelated = Value(5, on: tape) * 3
        let d = a * (a + a) + (a + a)
        for pass in 0..<600 {
            tape.zeroGrad()
            if pass % 97 == 0 { _ = unrelated + 1 }  // nodes made between passes are not reached
            d.backward()
            #expect(a.grad == 10, "pass \(pass)")
            #expect(unrelated.grad == 0)
        }
    }
}
