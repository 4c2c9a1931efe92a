import ArgumentParser
import Foundation
import Rendering

/// The child side of `IsolatedRenderer`: DOT on stdin, the image on stdout, one line on
/// stderr and status 1 on failure. Not shown in help.
struct RenderDot: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render-dot", abstract: "Render DOT from stdin (used by gradviz itself).", shouldDisplay: false)

    @Option var format: String = "svg"
    @Option var engine: String = "dot"

    func run() throws {
        guard let renderFormat = RenderFormat(rawValue: format), let layout = LayoutEngine(rawValue: engine) else {
            throw ValidationError("unknown format or engine")
        }
        let dot = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        do {
            OutputWriter.writeToStandardOutput(try Renderer().render(dot, as: renderFormat, engine: layout))
        } catch {
            Diagnostics.print("could not draw the graph: \(error)")
            throw ExitCode.failure
        }
    }
}
