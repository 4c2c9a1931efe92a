import Foundation
import GraphModel
import NeuralNet

/// Training progress on stderr: a redrawn bar on a terminal, a few plain lines otherwise.
struct TrainingProgress {
    let total: Int
    let enabled: Bool
    let isTerminal = isatty(STDERR_FILENO) == 1
    let start = DispatchTime.now().uptimeNanoseconds
    var lastDraw: UInt64 = 0

    init(total: Int, enabled: Bool) {
        self.total = total
        self.enabled = enabled && total > 0
    }

    /// Shows `step`: at most every 50 ms on a terminal, about ten lines in all otherwise.
    mutating func update(_ step: Trainer.Step) {
        guard enabled else { return }
        let done = step.index + 1
        let now = DispatchTime.now().uptimeNanoseconds
        if isTerminal {
            if now - lastDraw < 50_000_000 && done < total { return }
            lastDraw = now
            let width = 24
            let filled = width * done / total
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            Diagnostics.write("\r\u{1B}[2K\(bar) \(line(step, now: now))")
        } else {
            let interval = max(total / 10, 1)
            if step.index % interval == 0 || done == total { Diagnostics.line(line(step, now: now)) }
        }
    }

    func line(_ step: Trainer.Step, now: UInt64) -> String {
        let seconds = Double(now - start) / 1e9
        let rate = seconds > 0 ? Double(step.index + 1) / seconds : 0
        return
            "step \(step.index + 1)/\(total)  loss \(NumberFormat.short(step.loss))  accuracy \(NumberText.percent(step.accuracy))  \(Int(rate.rounded())) steps/s"
    }

    /// Ends the bar's line on a terminal.
    func finish() {
        if enabled && isTerminal { Diagnostics.write("\n") }
    }
}
