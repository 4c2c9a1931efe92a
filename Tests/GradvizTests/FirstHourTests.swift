import Foundation
import Testing

/// What a new user trips over in the first hour (issue 15): errors in one voice, programs that
/// start with '-', `check` near a domain edge, and words that say what happens.
@Suite struct FirstHourTests {
    let runner = CommandLineTests()

    /// Runs gradviz and expects a usage error: status 64 and exactly one line on stderr,
    /// starting `error: `.
    ///
    /// Returns that line.
    func usageError(_ arguments: String...) throws -> String {
        let run = try runner.gradviz(arguments: arguments)
        #expect(run.status == 64, "\(arguments): status \(run.status), stderr: \(run.stderr)")
        let lines = run.stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 1, "\(arguments): stderr is not one line: \(run.stderr)")
        #expect(run.stderr.hasPrefix("error: "), "\(arguments): \(run.stderr)")
        #expect(run.stdout.isEmpty)
        return String(lines.first ?? "")
    }

    // MARK: - 1. Errors speak with one voice

    @Test func anUnknownOptionIsNamedBeforeAnyOtherProblem() throws {
        #expect(try usageError("expr", "--bogus").hasPrefix("error: unknown option '--bogus'"))
        #expect(try usageError("expr", "-f", "big.gv", "--bogus", "5").hasPrefix("error: unknown option '--bogus'"))
        #expect(try usageError("check", "--bogus=3", "a*b").hasPrefix("error: unknown option '--bogus'"))
    }

    @Test func aNearMissSuggestsTheOption() throws {
        let line = try usageError("expr", "a*b", "--outt", "g.svg")
        #expect(line.contains("did you mean '--out'?"), "\(line)")
        let command = try usageError("exprr", "a*b")
        #expect(command.contains("unknown command 'exprr'; did you mean 'expr'?"), "\(command)")
    }

    @Test func argumentParserErrorsAreOneLineInGradvizsVoice() throws {
        let badValue = try usageError("expr", "a*b", "--format", "xyz")
        #expect(badValue.contains("'xyz'") && !badValue.contains("Error:"), "\(badValue)")
        #expect(try usageError("expr").hasPrefix("error: give a program"))
        #expect(try usageError("expr", "a", "--out").contains("--out"))
        #expect(try usageError("check", "a", "--atol", "x").contains("'x'"))
        #expect(try usageError("verify").lowercased().contains("missing"))
        #expect(try usageError("expr", "a", "b").contains("'b'"))
    }

    @Test func helpAndVersionStillGoToStandardOutputWithStatusZero() throws {
        for arguments in [["--help"], ["expr", "--help"], ["help", "check"], ["--version"], ["expr", "-h"]] {
            let run = try runner.gradviz(arguments: arguments)
            #expect(run.status == 0, "\(arguments)")
            #expect(!run.stdout.isEmpty && run.stderr.isEmpty, "\(arguments): \(run.stderr)")
        }
    }

    // MARK: - 2. Programs that start with '-'

    @Test func aLeadingDashProgramIsTheProgram() throws {
        for arguments in [
            ["expr", "-x**2", "--set", "x=3", "--format", "json"],
            ["expr", "--set", "x=3", "-x**2", "--format", "json"],
            ["expr", "--format", "json", "--set", "x=3", "--", "-x**2"],
        ] {
            let run = try runner.gradviz(arguments: arguments)
            #expect(run.status == 0, "\(arguments): \(run.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])
            let nodes = try #require(object["nodes"] as? [[String: Any]])
            let root = try #require(object["root"] as? Int)
            #expect(nodes[root]["data"] as? Double == -9)
        }
        let check = try runner.gradviz(arguments: ["check", "-x**2", "--set", "x=3"])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.text.contains("gradients match"))
    }

    @Test func anUnknownShortOptionBesideAProgramSaysToWriteDoubleDash() throws {
        let line = try usageError("expr", "a*b", "-z")
        #expect(line.contains("unknown option '-z'") && line.contains("'--'"), "\(line)")
    }

    // MARK: - 3. check near a domain edge

    @Test(arguments: [("log(x)", "x=1e-9"), ("x**0.5", "x=1e-8")])
    func checkNearADomainEdgePasses(_ program: String, _ set: String) throws {
        let run = try runner.gradviz(arguments: ["check", program, "--set", set])
        #expect(run.status == 0, "\(run.text)\(run.stderr)")
        #expect(run.text.contains("gradients match finite differences"), "\(run.text)")
        #expect(!run.text.contains("MISMATCH"))
    }

    @Test func checkSummaryCountsNonSmoothRowsSeparately() throws {
        let run = try runner.gradviz(arguments: ["check", "relu(a) * b", "--set", "a=0,b=2"])
        #expect(run.status == 0)
        let summary = try #require(run.text.split(separator: "\n").last)
        #expect(summary.contains("3 match, 1 non-smooth"), "\(summary)")
        #expect(!summary.contains("all 4"))
    }

    // MARK: - 4. Words that say what happens

    @Test func noZeroGradIsDescribedWithTheNumberItGives() throws {
        let bugs = try runner.gradviz(arguments: ["bugs"])
        let line = try #require(bugs.text.split(separator: "\n").first { $0.hasPrefix("no-zero-grad") })
        #expect(line.contains("34") && !line.contains("doubles"), "\(line)")
        let run = try runner.gradviz(arguments: [
            "expr", "a = 2; b = a + a; c = a*b; d = c + b", "--inject", "no-zero-grad",
        ])
        let a = try #require(
            run.text.split(separator: "\n").first { $0.split(separator: " ").dropFirst().first == "a" })
        #expect(a.contains(" 34.0 ") && a.contains(" 10.0 "), "\(a)")
    }

    @Test func droppedResultWithoutCompoundAssignmentSaysThereIsNothingToDrop() throws {
        let run = try runner.gradviz(arguments: ["expr", "a = 2; b = a * 3", "--inject", "dropped-result"])
        #expect(run.status == 0)
        #expect(run.stderr.contains("has no `x op= y`"), "\(run.stderr)")
        #expect(!run.stderr.contains("instead of"))
    }

    @Test func unusedStatementsAreWarnedAbout() throws {
        let run = try runner.gradviz(arguments: ["expr", "a; b", "--set", "a=1,b=2"])
        #expect(run.status == 0)
        #expect(run.stderr.contains("warning: statement 'a' (line 1, column 1) is not used"), "\(run.stderr)")
        let used = try runner.gradviz(arguments: ["expr", "a = 2; b = a + a; c = a*b; d = c + b"])
        #expect(used.stderr.isEmpty, "\(used.stderr)")
        let several = try runner.gradviz(arguments: ["expr", "x = 1\ny = 2 # unused\nz = 3\nx * 2"])
        #expect(several.stderr.contains("2 statements are not used"), "\(several.stderr)")
        #expect(several.stderr.contains("'y = 2' (line 2, column 1)"), "\(several.stderr)")
    }

    @Test func oneStepIsSingular() throws {
        let run = try runner.gradviz(arguments: ["mlp", "--data", "tiny", "--steps", "1", "--no-progress"])
        #expect(run.status == 0)
        #expect(run.text.contains("for 1 step: loss"), "\(run.text)")
    }

    @Test func theSummarySaysWhichLossItShows() throws {
        let folder = try runner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let losses = folder.appendingPathComponent("losses.txt").path
        let run = try runner.gradviz(arguments: [
            "mlp", "--data", "tiny", "--steps", "3", "--no-progress", "--losses", losses,
        ])
        #expect(run.status == 0)
        #expect(run.text.contains("after the last update (--losses has each step's loss before its update)"))
    }

    @Test func activationHelpListsEveryActivation() throws {
        let help = try runner.gradviz(arguments: ["mlp", "--help"]).text.replacingOccurrences(of: "\n", with: " ")
            .split(separator: " ").joined(separator: " ")
        #expect(help.contains("relu, tanh, linear"), "\(help)")
    }

    @Test func exprTimeoutSuggestsOnlyExprOptions() throws {
        // 50 nodes but 1,200 operand edges: Graphviz's dot takes seconds.
        var program = "s0 = a"
        for index in 1...48 { program += "; s\(index) = s\(index - 1)" + String(repeating: " + a", count: 25) }
        let run = try runner.gradviz(arguments: [
            "expr", program, "--layout", "dot", "--format", "svg", "--timeout", "0.2",
        ])
        if run.status == 1 {
            #expect(run.stderr.contains("did not finish within 0.2 s"), "\(run.stderr)")
            #expect(run.stderr.contains("--max-nodes") && !run.stderr.contains("--focus"), "\(run.stderr)")
            #expect(!run.stderr.contains("error: error:"))
        }
    }
}

/// Pictures that help (issue 15, item 5).
@Suite struct PictureTests {
    let runner = CommandLineTests()

    @Test func theSampleViewKeepsNeuronsInOrder() throws {
        let run = try runner.gradviz(arguments: ["mlp", "--no-progress", "--format", "svg"])
        #expect(run.status == 0, "\(run.stderr)")
        let svg = run.text
        // The first y of each neuron's bold name, in drawing order top to bottom (rankdir LR).
        let pattern = try NSRegularExpression(pattern: #"<text[^>]*y="([-0-9.]+)"[^>]*>(L1\.N\d+)</text>"#)
        var firstY: [String: Double] = [:]
        for match in pattern.matches(in: svg, range: NSRange(svg.startIndex..., in: svg)) {
            guard let y = Range(match.range(at: 1), in: svg), let name = Range(match.range(at: 2), in: svg) else {
                continue
            }
            if firstY[String(svg[name])] == nil { firstY[String(svg[name])] = Double(svg[y]) }
        }
        let names = (1...16).map { "L1.N\($0)" }
        let ys = names.compactMap { firstY[$0] }
        #expect(ys.count == 16, "\(firstY)")
        #expect(ys == ys.sorted(), "neurons top to bottom: \(firstY.sorted { $0.value < $1.value }.map(\.key))")
    }

    @Test func aHugePNGSaysThatSVGOrHTMLReadsBetter() throws {
        let folder = try runner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("wide.png").path
        // 300 terms in one row of the layered layout: a PNG far wider than 8,000 pixels.
        let program = "s = a0" + (1..<300).map { " + a\($0)" }.joined()
        let run = try runner.gradviz(arguments: ["expr", program, "--layout", "layered", "--out", file])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("reads better as .svg or .html"), "\(run.stderr)")
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)).prefix(24))
        let side = { (offset: Int) in bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) } }
        #expect(max(side(16), side(20)) <= 16_384)
    }
}
