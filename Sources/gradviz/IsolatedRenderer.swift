import Foundation
import Rendering

/// Renders in a child process of gradviz itself (`gradviz render-dot`), so a layout that runs
/// too long can be stopped, and a Graphviz crash or `exit()` ends the child, not gradviz.
enum IsolatedRenderer {
    static func render(_ dot: String, as format: RenderFormat, engine: LayoutEngine, nodeCount: Int, timeout: Double) throws(CommandFailure) -> [UInt8] {
        signal(SIGPIPE, SIG_IGN)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executablePath)
        process.arguments = ["render-dot", "--format", format.rawValue, "--engine", engine.rawValue]
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch {
            throw CommandFailure("could not start a renderer process: \(error.localizedDescription)")
        }
        let pid = process.processIdentifier
        let timedOut = Flag()
        let deadline = DispatchWorkItem {
            if process.isRunning {
                timedOut.set()
                kill(pid, SIGKILL)
            }
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: deadline)
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
        deadline.cancel()
        if timedOut.isSet {
            throw CommandFailure("Graphviz did not finish drawing \(nodeCount) nodes within \(Int(timeout)) s and was stopped; draw fewer (--max-nodes, --focus), use --layout layered, or allow longer with --timeout")
        }
        switch process.terminationReason {
        case .uncaughtSignal:
            throw CommandFailure("Graphviz crashed (signal \(process.terminationStatus)) while drawing; nothing was written. Try --layout layered or another format")
        case .exit where process.terminationStatus != 0:
            let message = String(decoding: errorText.data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw CommandFailure(message.isEmpty ? "the renderer failed (status \(process.terminationStatus))" : message)
        default:
            return [UInt8](result)
        }
    }

    static var executablePath: String {
        #if os(Linux)
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return resolved }
        #endif
        return Bundle.main.executablePath ?? CommandLine.arguments[0]
    }

    final class Flag: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false
        func set() { lock.withLock { value = true } }
        var isSet: Bool { lock.withLock { value } }
    }

    final class Collector: @unchecked Sendable {
        var data = Data()
    }
}
