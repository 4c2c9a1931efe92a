import Foundation
import Synchronization

/// The `--timeout` of a command's drawing work, counted from when that work starts (DOT
/// generation, gradviz's own layout and Graphviz's, in this process or in the child).
///
/// Work in this process cannot be cancelled (a Graphviz layout holds a lock and has no way to
/// stop), so when the time is up a watchdog thread ends the process: it stops the child
/// renderer, removes a temporary output file, prints one line and exits with status 1.
/// Nothing has been written by then: output is written only after drawing finished.
final class DrawingDeadline: Sendable {
    let seconds: Double
    private let start: UInt64
    private let finished = Atomic<Bool>(false)

    /// Starts the clock for drawing `what` (e.g. "1,000 nodes"), for at most `seconds`.
    init(seconds: Double, what: String) {
        self.seconds = seconds
        start = DispatchTime.now().uptimeNanoseconds
        let message =
            "drawing \(what) did not finish within \(DrawingDeadline.format(seconds)) s and was stopped; nothing was written. Draw fewer values (--max-nodes, --focus), use --layout layered, or allow longer with --timeout"
        guard seconds.isFinite, seconds < 1e9 else { return }
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [self] in
            guard !self.finished.load(ordering: .acquiring) else { return }
            ProcessCleanup.stop(message: message, status: 1)
        }
    }

    /// Seconds left (at least a millisecond, so a child is always given a positive limit).
    var remaining: Double {
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return max(seconds - elapsed, 0.001)
    }

    /// The drawing is done: the watchdog stands down.
    func finish() { finished.store(true, ordering: .releasing) }

    static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() && seconds < 1e15 ? String(Int(seconds)) : String(seconds)
    }
}
