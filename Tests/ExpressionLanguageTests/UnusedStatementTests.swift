import ExpressionLanguage
import Testing

/// Statements the root does not use are reported (issue 15, item 4: `a; b` dropped `a` silently).
@Suite struct UnusedStatementTests {
    @Test func aBareStatementBeforeTheLastIsReported() throws {
        let evaluation = try ExpressionProgram.evaluate("a; b", values: ["a": 1, "b": 2])
        #expect(evaluation.unusedStatements == [UnusedStatement(text: "a", line: 1, column: 1)])
    }

    @Test func assignmentsTheRootNeverReadsAreReportedWithoutTheirComments() throws {
        let evaluation = try ExpressionProgram.evaluate("x = 1\ny = 2 # spare\nz = x * 3\nz + x")
        #expect(evaluation.unusedStatements == [UnusedStatement(text: "y = 2", line: 2, column: 1)])
    }

    @Test(arguments: [
        "a = 2; b = a + a; c = a*b; d = c + b", "a = -4; b = 2; c = a + b; c += c + 1; c * b", "x", "b = a; b * 2",
    ])
    func programsThatUseEveryStatementReportNone(_ program: String) throws {
        #expect(try ExpressionProgram.evaluate(program).unusedStatements.isEmpty)
    }

    @Test func theDroppedResultReenactmentReportsNothing() throws {
        let evaluation = try ExpressionProgram.evaluate("a = 1; a += 2; a", dropCompoundResults: true)
        #expect(evaluation.unusedStatements.isEmpty)
    }
}
