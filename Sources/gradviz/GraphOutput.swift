import DotExport
import Foundation
import GraphModel
import Rendering

/// A snapshot in any output format, as bytes ready to write.
enum GraphOutput {
    static func bytes(for snapshot: GraphSnapshot, format: OutputFormat, options: DotExport.Options, timeout: Double) throws(CommandFailure) -> [UInt8] {
        switch format {
        case .table: return Array(snapshot.tableText().utf8)
        case .json: return Array(snapshot.jsonText().utf8)
        case .dot, .svg, .png, .pdf, .html:
            let image = try bytes(
                forDOT: DotExport.dot(for: snapshot, options: options), format: format,
                engine: options.precomputedLayout ? .nop2 : .dot, nodeCount: snapshot.nodes.count, timeout: timeout)
            guard format == .html else { return image }
            let page = HTMLViewer.page(
                svg: String(decoding: image, as: UTF8.self), title: options.title ?? "graph",
                details: NodeDetails.rows(for: snapshot, annotations: options.annotations), legend: DotExport.legend)
            return Array(page.utf8)
        }
    }

    /// Graphs up to this many nodes are drawn in this process (their layout takes well under a
    /// second); larger ones in a child process that a time limit can stop.
    static let inProcessLimit = 200

    /// DOT text as itself or rendered to an image.
    static func bytes(forDOT dot: String, format: OutputFormat, engine: LayoutEngine = .dot, nodeCount: Int, timeout: Double) throws(CommandFailure) -> [UInt8] {
        guard let renderFormat = format.renderFormat else { return Array(dot.utf8) }
        if nodeCount > inProcessLimit {
            return try IsolatedRenderer.render(dot, as: renderFormat, engine: engine, nodeCount: nodeCount, timeout: timeout)
        }
        do {
            return try Renderer().render(dot, as: renderFormat, engine: engine)
        } catch {
            throw CommandFailure("could not draw the graph: \(error)")
        }
    }
}
