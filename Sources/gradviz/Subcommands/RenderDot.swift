import ArgumentParser
import CSystem
import Foundation
import Rendering

extension Gradviz {
    /// The child side of `IsolatedRenderer`: DOT on stdin, the image on stdout, one line on
    /// stderr and status 1 on failure.
    ///
    /// Not shown in help.
    struct RenderDot: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "render-dot", abstract: "Render DOT from stdin (used by gradviz itself).", shouldDisplay: false
        )

        @Option var format: String = "svg"
        @Option var engine: String = "dot"

        @Option(help: "The gradviz process that started this one: when it exits, this one is killed.")
        var parent: Int32?

        @Option(help: "Stop after this many seconds.")
        var seconds: Double?

        @Option(help: "Most address space this process may use, in bytes (RLIMIT_AS).")
        var memoryLimit: UInt64?

        func run() throws {
            guard let renderFormat = RenderFormat(rawValue: format), let layout = LayoutEngine(rawValue: engine) else {
                throw ValidationError("unknown format or engine")
            }
            if let parent, !ProcessCleanup.dieWithParent(expectedParent: parent) {
                throw ExitCode.failure  // The parent is already gone: nobody would read the result.
            }
            if let memoryLimit, gradviz_limit_memory(memoryLimit) != 0 {
                Diagnostics.line("could not set the memory limit: \(String(cString: strerror(errno)))")
                throw ExitCode.failure
            }
            let deadline = seconds.map { DrawingDeadline(seconds: $0, what: "the graph") }
            defer { deadline?.finish() }
            let dot = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            let image: [UInt8]
            do { image = try Renderer().render(dot, as: renderFormat, engine: layout) } catch {
                Diagnostics.line("could not draw the graph: \(error)")
                throw ExitCode.failure
            }
            // A failed write must not look like a finished (shorter) image to the parent.
            do { try OutputWriter.writeToStandardOutput(image) } catch {
                Diagnostics.line(error.message)
                throw ExitCode.failure
            }
        }
    }
}
