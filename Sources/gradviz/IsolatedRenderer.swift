import Foundation
import Rendering

/// Renders in a child process of gradviz itself (`gradviz render-dot`), so a layout that runs
/// too long can be stopped, and a Graphviz crash or `exit()` ends the child, not gradviz.
///
/// The child dies with gradviz: it asks the kernel for SIGKILL when its parent exits (even by
/// SIGKILL), it is given the time left as its own limit, gradviz passes SIGINT and SIGTERM on
/// to it, and the drawing deadline kills it.
///
/// Its memory is capped (`--memory-limit`, `RLIMIT_AS` set in the child): Graphviz's `dot`
/// on a few thousand nodes with long edges asks for tens of gigabytes. A child that dies of
/// the cap (a failed allocation ends in abort, a trap or a bad pointer) or is killed is one
/// line naming the limit.
enum IsolatedRenderer {
    /// The child's memory ceiling and what to say when a drawing needs more.
    struct Memory {
        var limit: MemoryLimit
        var nodeCount: Int
        /// The command's options for fewer values (`--max-nodes`), if it has them.
        var fewerValues: String?

        var message: String {
            let remedy =
                fewerValues.map { "Draw fewer values (\($0)), use --layout layered, or allow" } ?? "Allow"
            return
                "Graphviz needed more than \(limit) of memory laying out \(NumberText.count(nodeCount, "node")) and was stopped; nothing was written. \(remedy) more with --memory-limit"
        }
    }

    /// What the child writes on stderr when it died of its memory ceiling (`CSystem`'s
    /// `GRADVIZ_MEMORY_LIMIT_MARKER`).
    static let memoryLimitMarker = "gradviz-render-dot: memory limit reached"

    static func render(
        _ dot: String, as format: RenderFormat, engine: LayoutEngine, deadline: DrawingDeadline, memory: Memory
    ) throws(CommandFailure) -> [UInt8] {
        signal(SIGPIPE, SIG_IGN)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executablePath)
        process.arguments = [
            "render-dot", "--format", format.rawValue, "--engine", engine.rawValue,
            "--parent", String(getpid()), "--seconds", String(deadline.remaining),
            "--memory-limit", String(memory.limit.bytes),
        ]
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        // Started from this (the main) thread: the child's parent-death signal follows the
        // thread that created it.
        do { try process.run() } catch {
            throw CommandFailure("could not start a renderer process: \(error.localizedDescription)")
        }
        ProcessCleanup.registerChild(process.processIdentifier)
        defer { ProcessCleanup.clearChild() }
        let bytes = Data(dot.utf8)
        DispatchQueue.global().async {
            try? input.fileHandleForWriting.write(contentsOf: bytes)
            try? input.fileHandleForWriting.close()
        }
        let errorText = Collector()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errorText.data = errors.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let result = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        group.wait()
        let message = String(decoding: errorText.data.prefix(4096), as: UTF8.self).trimmingCharacters(
            in: .whitespacesAndNewlines)
        switch process.terminationReason {
        case .uncaughtSignal where process.terminationStatus == SIGKILL:
            // Not the deadline (which ends this process first): the system, out of memory.
            throw CommandFailure(memory.message)
        case _ where message.contains(memoryLimitMarker) || message.lowercased().contains("out of memory"):
            throw CommandFailure(memory.message)
        case .uncaughtSignal:
            throw CommandFailure(
                "Graphviz crashed (signal \(process.terminationStatus)) while drawing; nothing was written. Try --layout layered or another format"
            )
        case .exit where process.terminationStatus != 0:
            var firstLine = message.split(separator: "\n").first.map(String.init) ?? ""
            if firstLine.hasPrefix("error: ") { firstLine.removeFirst("error: ".count) }
            // The child ran out of the time it was given: say it as this command would.
            if firstLine.contains("did not finish within") { firstLine = deadline.message }
            throw CommandFailure(
                firstLine.isEmpty ? "the renderer failed (status \(process.terminationStatus))" : firstLine)
        default:
            return [UInt8](result)
        }
    }

    static var executablePath: String {
        #if os(Linux)
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return resolved
        }
        #endif
        return Bundle.main.executablePath ?? CommandLine.arguments[0]
    }

    final class Collector: @unchecked Sendable {
        var data = Data()
    }
}
