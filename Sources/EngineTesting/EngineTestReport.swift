import GraphChecks
import GraphModel

extension EngineTest.Outcome {
    /// One line: how much was compared and what was found (`1,000 programs, 14,212 values
    /// compared: no difference`).
    public var summary: String {
        let counts =
            "\(Self.grouped(programsRun)) program\(programsRun == 1 ? "" : "s"), \(Self.grouped(valuesCompared)) values compared"
        guard !failures.isEmpty else { return "\(counts): no difference" }
        let rules = failures.map { $0.diagnosis.ruleID.map { "rule: \($0)" } ?? "no rule" }
        let noun = failures.count == 1 ? "difference" : "distinct differences"
        return "\(counts): \(failures.count) \(noun) (\(rules.joined(separator: "; ")))"
    }

    /// The report as text: each failure's minimal program (in gradviz's language and as Python
    /// micrograd code), both engines' numbers, the rule or the sentence, how to reproduce it
    /// (`reproduction`), then the summary.
    public func text(seed: UInt64, reproduction: (EngineTest.Failure) -> String) -> String {
        var lines: [String] = []
        for failure in failures {
            let minimal = failure.minimal
            lines.append(
                "difference in program \(failure.programIndex + 1) of seed \(seed), shrunk from \(failure.original.count) to \(minimal.count) statement\(minimal.count == 1 ? "" : "s"):"
            )
            lines.append("")
            lines.append("  gradviz:  \(minimal.expressionText)")
            lines.append("  Python:   " + minimal.pythonText().replacing("\n", with: "; "))
            lines.append("")
            lines += failure.numbersTable.map { "  " + $0 }
            lines.append("")
            if let id = failure.diagnosis.ruleID { lines.append("rule: \(id)") }
            lines.append(failure.diagnosis.sentence)
            if failure.ruleNeedsInnerValues { lines.append(Self.innerValuesSentence) }
            if failure.varies { lines.append(Self.variesSentence) }
            lines.append("reproduce: \(reproduction(failure))")
            lines.append("")
        }
        lines.append(summary)
        return lines.joined(separator: "\n") + "\n"
    }

    /// Said when the rule gives the engine's numbers only over micrograd's inner values.
    public static let innerValuesSentence =
        "(your engine builds '-', unary '-' and '/' from '+', '*' and '**', as micrograd does: the rule was re-enacted over those inner values)"

    /// Said of a minimal program whose numbers changed when it was run again.
    public static let variesSentence =
        "run again, your engine gave other numbers for this same program: its backward pass depends on an order that changes from run to run (operands kept in a set, say), so a run that passes proves little"

    /// `number` with thousands separated by commas (`14,212`).
    public static func grouped(_ number: Int) -> String {
        let digits = Array(String(number))
        var text = number < 0 ? "-" : ""
        let body = number < 0 ? Array(digits.dropFirst()) : digits
        for (index, digit) in body.enumerated() {
            if index > 0 && (body.count - index) % 3 == 0 { text.append(",") }
            text.append(digit)
        }
        return text
    }
}

extension EngineTest.Failure {
    /// Whether the failure's rule gives the engine's numbers only over micrograd's inner values
    /// (``Program/microgradExpansion``), not over the program's own statements.
    public var ruleNeedsInnerValues: Bool {
        guard case .rule(let rule) = diagnosis else { return false }
        return !Diagnosis.reproducesDirectly(rule, program: minimal, found: comparison.found)
    }

    /// Both engines' numbers per statement of the minimal program, differing ones marked ✗,
    /// in aligned columns.
    public var numbersTable: [String] {
        let program = minimal
        let names = program.rowNames
        var rows = [["value", "statement", "data (yours)", "data (gradviz)", "grad (yours)", "grad (gradviz)"]]
        for index in program.statements.indices {
            let dataMark = comparison.differs(index, .data) ? " ✗" : ""
            let gradMark = comparison.differs(index, .grad) ? " ✗" : ""
            rows.append([
                names[index], program.statementText(index),
                NumberFormat.exact(comparison.found.data[index]) + dataMark,
                NumberFormat.exact(comparison.expected.data[index]),
                NumberFormat.exact(comparison.found.grads[index]) + gradMark,
                NumberFormat.exact(comparison.expected.grads[index]),
            ])
        }
        let widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count)
            }.joined(separator: "  ")
        }
    }
}
