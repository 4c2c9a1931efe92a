import Autograd
import ExpressionLanguage
import Testing

@Suite struct ErrorTests {
    func syntaxError(_ source: String, values: [String: Double] = [:]) -> ParseError? {
        do {
            _ = try ExpressionProgram.evaluate(source, values: values)
            return nil
        } catch {
            if case .syntax(let parseError) = error { return parseError }
            return nil
        }
    }

    @Test(arguments: [
        ("", 1, 1, "the program is empty"),
        ("  ;\n ; ", 2, 4, "the program is empty"),
        ("a * foo(b)", 1, 5, "unknown function 'foo'"),
        ("a ** exp", 1, 6, "'exp' is a function: call it as exp(...)"),
        ("x = 1\ny = x ** (2 * exp)", 2, 15, "'exp' is a function"),
        ("a +", 1, 4, "expected a number, a name or '(', found end of program"),
        ("a + * b", 1, 5, "found '*'"),
        ("(a + b", 1, 7, "missing ')'"),
        ("a + b)", 1, 6, "unmatched ')'"),
        ("a b", 1, 3, "expected an operator or the end of the statement, found 'b'"),
        ("a = 1\nb = a @ 2", 2, 7, "unexpected character '@'"),
        ("exp = 3", 1, 1, "'exp' is a function and cannot be assigned to"),
        ("exp + 1", 1, 1, "'exp' is a function: call it as exp(...)"),
        ("1.2.3", 1, 4, "malformed number"),
        ("2e", 1, 1, "expected digits after the exponent"),
        ("1e999", 1, 1, "too large"),
        ("a == b", 1, 3, "'==' is not an operator here"),
        ("a + b = 3", 1, 7, "only a name can be assigned to"),
        ("a.", 1, 3, "expected a function after '.', as in x.tanh()"),
        ("a.foo()", 1, 3, "unknown function 'foo'"),
        ("a.tanh", 1, 7, "expected '()' after .tanh, as in x.tanh()"),
        ("a.tanh(b)", 1, 8, ".tanh() takes no argument; write x.tanh() or tanh(x)"),
        ("1 + .", 1, 5, "expected a number, a name or '(', found '.'"),
    ])
    func reportsProblemWithItsPosition(_ source: String, _ line: Int, _ column: Int, _ message: String) throws {
        let error = try #require(syntaxError(source))
        #expect(error.line == line)
        #expect(error.column == column)
        #expect(error.message.contains(message), "message: \(error.message)")
    }

    @Test func excerptPutsCaretUnderTheColumn() throws {
        let error = try #require(syntaxError("x = 1\ny = x ** exp"))
        #expect(error.excerpt == "  y = x ** exp\n           ^")
    }

    @Test func deepNestingIsAnErrorNotACrash() throws {
        let source = String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000)
        let error = try #require(syntaxError(source))
        #expect(error.message.contains("nested too deeply"))
        let minus = try #require(syntaxError(String(repeating: "-", count: 100_000) + "a"))
        #expect(minus.message.contains("nested too deeply"))
    }

    @Test func longFlatSumIsNotRecursive() throws {
        let source = Array(repeating: "a", count: 200_000).joined(separator: " + ")
        let evaluation = try ExpressionProgram.evaluate(source, values: ["a": 1])
        evaluation.root.backward()
        #expect(evaluation.root.data == 200_000)
        #expect(evaluation.inputs[0].value.grad == 200_000)
    }

    @Test func valueForANameNotInTheProgramIsRejected() {
        #expect(throws: ExpressionError.unknownName(name: "z", inputs: ["a", "b"])) {
            try ExpressionProgram.evaluate("a * b", values: ["a": 1, "z": 2])
        }
    }

    @Test func valueForAnAssignedNameIsRejected() {
        #expect(throws: ExpressionError.notAnInput(name: "a", line: 1, column: 1)) {
            try ExpressionProgram.evaluate("a = 2; a * b", values: ["a": 1])
        }
    }
}

@Suite struct LineEndingTests {
    @Test func windowsLineEndingsCountLinesAndColumnsTheSame() throws {
        do {
            _ = try ExpressionProgram.evaluate("a = 1\r\nb = a @ 2\r\n")
            Issue.record("expected an error")
        } catch {
            guard case .syntax(let parseError) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(parseError.line == 2 && parseError.column == 7)
            #expect(parseError.sourceLine == "b = a @ 2")
        }
    }
}

@Suite struct ExcerptTests {
    /// A syntax error on a 2 MiB line used to echo the whole line (and a 2 MiB name in the
    /// message): the excerpt is a window of 60 characters either side of the caret.
    @Test func longLinesAreCutAroundTheCaret() throws {
        let name = String(repeating: "x", count: 2_000_000)
        var caught: ParseError?
        do { _ = try ExpressionProgram.evaluate("a = 1; b = (\(name) +") } catch {
            if case .syntax(let parseError) = error { caught = parseError }
        }
        let error = try #require(caught)
        let lines = error.excerpt.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2)
        #expect(lines[0].count <= 2 * ParseError.excerptRadius + 4)
        #expect(lines[0].hasPrefix("  …"))
        // The caret sits under the column: 60 characters of context before it, plus "  …".
        #expect(lines[1] == "  " + String(repeating: " ", count: ParseError.excerptRadius + 1) + "^")
        #expect(error.message.count < 200)
    }

    @Test func shortLinesAreShownWhole() throws {
        var caught: ParseError?
        do { _ = try ExpressionProgram.evaluate("a * foo(b)") } catch {
            if case .syntax(let parseError) = error { caught = parseError }
        }
        let error = try #require(caught)
        #expect(error.excerpt == "  a * foo(b)\n      ^")
    }
}
