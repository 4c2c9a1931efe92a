import Foundation
import GraphModel
import Synchronization

/// The `--timeout` of a command's drawing work, counted from when that work starts (DOT
/// generation, gradviz's own layout and Graphviz's, in this process or in the child).
///
/// For `draw` and `verify` one deadline covers reading the graph file too
/// (``reading(_:seconds:)``), and says which of the two was stopped.
///
/// Work in this process cannot be cancelled (a Graphviz layout holds a lock and has no way to
/// stop), so when the time is up a watchdog thread ends the process: it stops the child
/// renderer, removes a temporary output file, prints one line and exits with status 1.
/// Nothing has been written by then: output is written only after drawing finished.
final class DrawingDeadline: Sendable {
    let seconds: Double
    private let start: UInt64
    private let finished = Atomic<Bool>(false)
    private let currentMessage: Mutex<String>

    /// What is said when time is up: what was stopped (reading or drawing) and the remedy.
    var message: String { currentMessage.withLock { $0 } }

    /// Starts the clock for drawing `what` (such as "1,000 nodes"), for at most `seconds`.
    ///
    /// `remedy` ends the message when time is up: what this command offers for a smaller or
    /// quicker drawing (only options it has).
    convenience init(seconds: Double, what: String, remedy: String = "Allow longer with --timeout") {
        self.init(seconds: seconds, message: Self.message(doing: "drawing \(what)", seconds: seconds, remedy: remedy))
    }

    /// Starts the clock before reading the graph file `name` ("stdin" or a path): reading and
    /// then drawing have `seconds` together.
    static func reading(_ name: String, seconds: Double) -> DrawingDeadline {
        DrawingDeadline(
            seconds: seconds,
            message: message(
                doing: "reading \(name)", seconds: seconds,
                remedy: "--timeout counts reading and drawing; allow longer with --timeout"))
    }

    /// From now on the work is drawing `what`: the message says so.
    func drawing(_ what: String, remedy: String) {
        let text = Self.message(doing: "reading and drawing \(what)", seconds: seconds, remedy: remedy)
        currentMessage.withLock { $0 = text }
    }

    private static func message(doing work: String, seconds: Double, remedy: String) -> String {
        "\(work) did not finish within \(NumberFormat.integerOrExact(seconds)) s and was stopped; nothing was written. \(remedy)"
    }

    private init(seconds: Double, message: String) {
        self.seconds = seconds
        start = DispatchTime.now().uptimeNanoseconds
        currentMessage = Mutex(message)
        guard seconds.isFinite, seconds < 1e9 else { return }
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [self] in
            guard !self.finished.load(ordering: .acquiring) else { return }
            ProcessCleanup.stop(message: self.message, status: 1)
        }
    }

    /// Seconds left (at least a millisecond, so a child is always given a positive limit).
    var remaining: Double {
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return max(seconds - elapsed, 0.001)
    }

    /// The drawing is done: the watchdog stands down.
    func finish() { finished.store(true, ordering: .releasing) }

    /// The remedy for a whole graph: fewer values with `fewerValues` (the command's options
    /// for that, such as "--max-nodes"; `nil` when it has none), gradviz's own layout, or more
    /// time.
    static func graphRemedy(fewerValues: String?) -> String {
        guard let fewerValues else { return "Use --layout layered, or allow longer with --timeout" }
        return "Draw fewer values (\(fewerValues)), use --layout layered, or allow longer with --timeout"
    }
}
