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
            let dot = DotExport.dot(for: snapshot, options: options)
            do {
                return try Renderer().render(dot, as: format.renderFormat ?? .svg)
            } catch {
                throw CommandFailure("could not draw the graph: \(error)")
            }
        }
    }
}
