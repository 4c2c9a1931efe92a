import DotExport
import GraphModel
import Rendering

/// A snapshot in any output format, as bytes ready to write.
enum GraphOutput {
    static func bytes(for snapshot: GraphSnapshot, format: OutputFormat, options: DotExport.Options) throws(CommandFailure) -> [UInt8] {
        switch format {
        case .table: return Array(snapshot.tableText().utf8)
        case .json: return Array(snapshot.jsonText().utf8)
        case .dot: return Array(DotExport.dot(for: snapshot, options: options).utf8)
        case .svg, .png, .pdf:
            return try bytes(forDOT: DotExport.dot(for: snapshot, options: options), format: format, engine: options.precomputedLayout ? .nop2 : .dot)
        }
    }

    /// DOT text as itself or rendered to an image.
    static func bytes(forDOT dot: String, format: OutputFormat, engine: LayoutEngine = .dot) throws(CommandFailure) -> [UInt8] {
        guard let renderFormat = format.renderFormat else { return Array(dot.utf8) }
        do {
            return try Renderer().render(dot, as: renderFormat, engine: engine)
        } catch {
            throw CommandFailure("could not draw the graph: \(error)")
        }
    }
}
