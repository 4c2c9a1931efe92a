import Autograd
import GraphChecks
import GraphModel
import Testing

@Suite struct BugReenactmentTests {
    @Test func recursiveVisitCountWithoutVisiting() {
        // a=2; b=a+a; c=a*b; d=c+b: recursion visits d, c, a, b, a, a, b, a, a = 9.
        let tape = Tape()
        let a = Value(2, label: "a", on: tape)
        let b = a + a
        let c = a * b
        let d = c + b
        d.backward()
        let snapshot = d.snapshot()
        #expect(
            BackwardRun.recursiveVisitCount(snapshot) == BackwardRun(
                snapshot: snapshot, data: snapshot.nodes.map(\.data), bug: .recursive
            ).order.count + 5)
        #expect(BackwardRun.recursiveVisitCount(snapshot) == 9)
        // 70 doublings: 2^70 paths, saturated.
        var x = a
        for _ in 0..<70 { x = x + x }
        #expect(BackwardRun.recursiveVisitCount(x.snapshot()) == Int.max)
    }

    @Test func aNaiveRecursionOverTheBudgetIsRefusedWithItsCount() {
        let tape = Tape()
        var x = Value(1, label: "x", on: tape)
        for _ in 0..<30 { x = x + x }  // 2^31 visits
        x.backward()
        do {
            _ = try BugReenactment(bug: .recursive, correct: x.snapshot())
            Issue.record("expected the budget to refuse")
        } catch {
            #expect(
                error.message.contains("would visit nodes 4294967295 times")
                    || error.message.contains("times on this graph of 31 nodes"))
        }
    }

    @Test func droppedResultWithoutCompoundAssignmentsSaysThereIsNothingToDrop() throws {
        let tape = Tape()
        let a = Value(2, label: "a", on: tape)
        let d = a * a
        d.backward()
        let graph = d.snapshot()
        let result = try BugReenactment(bug: .droppedResult, correct: graph, droppedResultGraph: graph)
        #expect(result.summary.contains("has no `x op= y`"))
        #expect(!result.differs.contains(true))
    }
}
