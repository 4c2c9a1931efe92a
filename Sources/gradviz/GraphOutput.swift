import DotExport
import Foundation
import GraphChecks
import GraphModel
import Pages
import Rendering

/// A snapshot in any output format, as bytes ready to write.
enum GraphOutput {
    /// The snapshot as `format`.
    ///
    /// For drawn formats, `--timeout` (`timeout`) bounds the whole drawing from here: DOT
    /// generation, gradviz's own layout and Graphviz's. An HTML page replays the backward pass
    /// as it ran: correctly, or with `bug` (`--inject`); with `check` (`gradviz check`'s
    /// settings) it redoes the drawn check after an edit. `fewerValues` names the command's
    /// options for a smaller picture, for the message when time is up. `reading`: the deadline
    /// that started before the graph file was read (`draw`, `verify`), which the drawing
    /// continues instead of a deadline of its own; the caller finishes it.
    static func bytes(
        for snapshot: GraphSnapshot, format: OutputFormat, options: DotExport.Options, timeout: Double,
        bug: BackwardBug? = nil, check: HTMLViewer.Replay.CheckSettings? = nil, fewerValues: String? = "--max-nodes",
        continuing reading: DrawingDeadline? = nil, memoryLimit: MemoryLimit = .standard,
        verified: [HTMLViewer.Replay.Finding]? = nil
    ) throws(CommandFailure) -> [UInt8] {
        switch format {
        case .table: return Array(snapshot.tableText().utf8)
        case .json: return Array(snapshot.jsonText().utf8)
        case .dot, .svg, .png, .pdf, .html:
            try checkBitmapSize(format: format, valueCount: snapshot.nodes.count)
            let what = "the graph (\(snapshot.nodes.count) values)"
            let remedy = DrawingDeadline.graphRemedy(fewerValues: fewerValues)
            let deadline = reading ?? DrawingDeadline(seconds: timeout, what: what, remedy: remedy)
            reading?.drawing(what, remedy: remedy)
            defer { if reading == nil { deadline.finish() } }
            let image = try bytes(
                forDOT: DotExport.dot(for: snapshot, options: options), format: format,
                engine: options.precomputedLayout ? .nop2 : .dot, nodeCount: snapshot.nodes.count, deadline: deadline,
                memoryLimit: memoryLimit, fewerValues: fewerValues)
            guard format == .html else { return image }
            let page = HTMLViewer.page(
                svg: String(decoding: image, as: UTF8.self), title: options.title ?? "graph",
                details: DotExport.details(for: snapshot, annotations: options.annotations), legend: DotExport.legend,
                replay: replay(of: snapshot, bug: bug, check: check).map {
                    var replay = $0
                    replay.verified = verified
                    return replay
                })
            return Array(page.utf8)
        }
    }

    /// Most values a page replays (its numbers take about 100 bytes a value) and most backward
    /// steps (a naive recursion repeats nodes once per path).
    static let replayValueLimit = 20_000
    static let replayStepLimit = 200_000

    /// What an HTML page needs to step through the backward pass of `snapshot` and recompute
    /// it: the order backward ran (`bug`'s for a re-enacted recursion; two passes for a missing
    /// `zero_grad`).
    ///
    /// `nil` for a summary (folded nodes stand for parts not drawn) and for graphs beyond the
    /// limits above.
    static func replay(
        of snapshot: GraphSnapshot, bug: BackwardBug?, check: HTMLViewer.Replay.CheckSettings? = nil
    ) -> HTMLViewer.Replay? {
        guard snapshot.nodes.count <= replayValueLimit, snapshot.nodes.indices.contains(snapshot.root),
            !snapshot.nodes.contains(where: { $0.foldedCount != nil })
        else { return nil }
        if bug == .recursive || bug == .recursiveRightToLeft {
            guard BackwardRun.recursiveVisitCount(snapshot) <= replayStepLimit else { return nil }
        }
        // The order only; the page computes the grads (and `bug`'s rule for each step) itself.
        let order = BackwardRun(snapshot: snapshot, data: snapshot.nodes.map(\.data), bug: bug).order
        switch bug {
        case .noZeroGrad:
            return HTMLViewer.Replay(snapshot: snapshot, passes: [order, order], bug: bug?.rawValue, check: check)
        // The drawn graph is the one the dropped results made, backpropagated correctly.
        case .droppedResult, nil: return HTMLViewer.Replay(snapshot: snapshot, passes: [order], check: check)
        default: return HTMLViewer.Replay(snapshot: snapshot, passes: [order], bug: bug?.rawValue, check: check)
        }
    }

    /// Most values drawn as a PNG: beyond this the bitmap (at most 32,000 pixels a side) shows
    /// nodes too small to read, and cairo takes minutes.
    static let pngValueLimit = 5_000

    /// Refuses a PNG of a graph too big to be readable as a bitmap, before any work.
    static func checkBitmapSize(format: OutputFormat, valueCount: Int) throws(CommandFailure) {
        guard format == .png, valueCount > pngValueLimit else { return }
        throw CommandFailure(
            "a PNG of \(valueCount) values would be too small to read (gradviz draws PNGs of up to \(pngValueLimit) values); write .svg or .html, which stay sharp at any zoom, or draw fewer values",
            exitCode: .usage)
    }

    /// A PNG larger than this many pixels a side gets a note that SVG or HTML reads better.
    static let largePNGSide = 8_000

    /// Says on stderr when a PNG came out so large that it is hard to look at (its text small
    /// or far apart): SVG and HTML stay sharp at any zoom, and HTML can search.
    static func noteLargePNG(_ bytes: [UInt8]) {
        guard bytes.count >= 24, bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) else { return }
        let number = { (offset: Int) in bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) } }
        let width = number(16)
        let height = number(20)
        guard max(width, height) > largePNGSide else { return }
        Diagnostics.note(
            "the PNG is \(width)×\(height) pixels; a graph this size reads better as .svg or .html (sharp at any zoom; .html adds pan, zoom and search)"
        )
    }

    /// DOT text as itself or rendered to an image, within `deadline`: in this process when
    /// the estimated cost is small, else in a child process whose memory is capped at
    /// `memoryLimit` (`fewerValues`: the command's options for a smaller drawing, for the
    /// message when that is not enough).
    static func bytes(
        forDOT dot: String, format: OutputFormat, engine: LayoutEngine = .dot, nodeCount: Int,
        deadline: DrawingDeadline,
        memoryLimit: MemoryLimit = .standard, fewerValues: String? = nil
    ) throws(CommandFailure) -> [UInt8] {
        guard let renderFormat = format.renderFormat else { return Array(dot.utf8) }
        let cost = RenderCost(dot: dot, nodeCount: nodeCount)
        let image: [UInt8]
        if !cost.isSmall {
            image = try IsolatedRenderer.render(
                dot, as: renderFormat, engine: engine, deadline: deadline,
                memory: .init(limit: memoryLimit, nodeCount: nodeCount, fewerValues: fewerValues))
        } else {
            do { image = try Renderer().render(dot, as: renderFormat, engine: engine) } catch {
                throw CommandFailure("could not draw the graph: \(error)")
            }
        }
        if format == .png { noteLargePNG(image) }
        return image
    }
}

/// What a Graphviz drawing will cost, estimated from the DOT text before any layout: nodes,
/// edges (layout time grows with both, and with many parallel edges between few nodes) and
/// bytes (labels are measured and drawn character by character).
struct RenderCost {
    var nodes: Int
    var edges: Int
    var bytes: Int

    /// Limits of a drawing done in this process: milliseconds each on this machine.
    ///
    /// Beyond any of them the drawing goes to a child process.
    static let inProcessNodes = 200
    static let inProcessEdges = 400
    static let inProcessBytes = 256 << 10

    init(nodes: Int, edges: Int, bytes: Int) {
        self.nodes = nodes
        self.edges = edges
        self.bytes = bytes
    }

    /// `edges` counts `->` in the text (an overestimate when labels contain it, which only
    /// sends a drawing to the child sooner).
    init(dot: String, nodeCount: Int) {
        var edges = 0
        var previous: UInt8 = 0
        for byte in dot.utf8 {
            if byte == UInt8(ascii: ">") && previous == UInt8(ascii: "-") { edges += 1 }
            previous = byte
        }
        self.init(nodes: nodeCount, edges: edges, bytes: dot.utf8.count)
    }

    var isSmall: Bool { nodes <= Self.inProcessNodes && edges <= Self.inProcessEdges && bytes <= Self.inProcessBytes }
}
