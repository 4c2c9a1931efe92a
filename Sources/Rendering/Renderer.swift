internal import CGraphviz
import Synchronization

/// Renders DOT text to image bytes with Graphviz's libgvc, in this process.
///
/// Graphviz is not thread-safe in any part, so every render (parse, layout, render, free)
/// runs under one process-wide lock, against one Graphviz context created once for the life
/// of the process. Graphviz's messages never reach stderr: they are captured and returned
/// in a ``RenderError``. Errors are checked after parsing, after layout (where Graphviz
/// reports a bad label or a dropped edge but still returns success) and after rendering, and
/// nothing is rendered unless the layout succeeded.
public struct Renderer: Sendable {
    public init() {}

    /// The image for `dot` in `format`, laid out by `engine`.
    public func render(
        _ dot: String, as format: RenderFormat, engine: LayoutEngine = .dot
    ) throws(RenderError) -> [UInt8] {
        try GraphvizSession.shared.render(dot, device: format.device, engine: engine.rawValue, dpi: format.defaultDPI)
    }
}

/// The process's Graphviz context, reachable only while holding the lock.
final class GraphvizSession: Sendable {
    static let shared = GraphvizSession()

    private let context: Mutex<GraphvizContext>

    private init() {
        context = Mutex(GraphvizContext())
    }

    /// Runs `body` under the process-wide lock: one Graphviz call sequence at a time.
    func withContext<Result: Sendable>(
        _ body: (inout GraphvizContext) throws(RenderError) -> Result
    ) throws(RenderError) -> Result {
        try context.withLock { (context: inout GraphvizContext) throws(RenderError) -> Result in try body(&context) }
    }

    /// Renders under the process-wide lock: one Graphviz call sequence at a time.
    func render(_ dot: String, device: String, engine: String, dpi: String?) throws(RenderError) -> [UInt8] {
        try context.withLock { (context: inout GraphvizContext) throws(RenderError) -> [UInt8] in
            try context.render(dot, device: device, engine: engine, dpi: dpi)
        }
    }
}

/// One `GVC_t`, never freed: freeing and recreating contexts makes the pango plugin read
/// freed memory.
struct GraphvizContext: ~Copyable {
    private let gvc: OpaquePointer?

    init() {
        gradviz_capture_errors()
        gvc = gvContext()
    }

    func render(_ dot: String, device: String, engine: String, dpi: String?) throws(RenderError) -> [UInt8] {
        guard let gvc else { throw RenderError(stage: .layout, message: "could not create a Graphviz context") }
        let graph = try parse(dot)
        defer { agclose(graph) }
        if let dpi { gradviz_default_dpi(graph, dpi) }
        let layoutStatus = gvLayout(gvc, graph, engine)
        if layoutStatus != 0 {
            throw RenderError(stage: .layout, message: lastMessage() ?? "layout engine '\(engine)' failed")
        }
        defer { gvFreeLayout(gvc, graph) }
        if gradviz_error_count() > 0 {
            throw RenderError(stage: .layout, message: lastMessage() ?? "layout reported errors")
        }
        if device.hasPrefix("png") {
            let scale = gradviz_limit_bitmap(graph, 96, Self.largestBitmapSide, Self.largestBitmapArea)
            // Shrunk this much, text is under a pixel high: say so instead of writing a bitmap
            // nobody can read (and that cairo takes minutes to fill).
            if scale < Self.smallestBitmapScale {
                throw RenderError(
                    stage: .render,
                    message:
                        "the picture is too large for a readable PNG (it would be drawn at \(Int((scale * 1000).rounded()) / 10 > 0 ? "\(Int(scale * 100))%" : "under 1%") of its size, within \(Int(Self.largestBitmapSide)) pixels a side); write SVG or HTML, which stay sharp at any size"
                )
            }
        }
        var data: UnsafeMutablePointer<CChar>?
        var length = 0
        let renderStatus = gradviz_render_data(gvc, graph, device, &data, &length)
        defer { if let data { gvFreeRenderData(data) } }
        if renderStatus != 0 || gradviz_error_count() > 0 {
            throw RenderError(stage: .render, message: lastMessage() ?? "output format '\(device)' failed")
        }
        guard let data, length > 0 else { throw RenderError(stage: .render, message: "Graphviz produced no output") }
        return data.withMemoryRebound(to: UInt8.self, capacity: length) {
            Array(UnsafeBufferPointer(start: $0, count: length))
        }
    }

    /// The smallest resolution scale a PNG is drawn at (1/16: 10-point text about a pixel).
    static let smallestBitmapScale = 1.0 / 16
    /// The largest PNG drawn, in pixels a side and in all (about 200 MB of RGBA while cairo
    /// draws it): a bigger drawing is drawn at a lower resolution to fit.
    ///
    /// Image viewers and browsers show up to 16,384 pixels a side; the margin is for the page's
    /// padding, which the estimate leaves out.
    static let largestBitmapSide = 16_000.0
    static let largestBitmapArea = 50_000_000.0

    /// DOT text parsed by cgraph, with its messages checked (Graphviz reports some syntax
    /// problems and still returns a graph).
    ///
    /// The caller closes the graph (`agclose`).
    func parse(_ dot: String) throws(RenderError) -> UnsafeMutablePointer<Agraph_t> {
        if dot.allSatisfy(\.isWhitespace) { throw RenderError(stage: .parse, message: "the DOT text is empty") }
        gradviz_reset_errors()
        guard let graph = agmemread(dot) else {
            throw RenderError(stage: .parse, message: lastMessage() ?? "the DOT text is not valid")
        }
        if gradviz_error_count() > 0 {
            agclose(graph)
            throw RenderError(stage: .parse, message: lastMessage() ?? "the DOT text has errors")
        }
        return graph
    }

    /// The last message Graphviz captured, without its trailing line break.
    func lastMessage() -> String? {
        guard let pointer = gradviz_last_error() else { return nil }
        defer { free(pointer) }
        let text = String(cString: pointer)
        let trimmed = text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed()
        return trimmed.isEmpty ? nil : String(trimmed)
    }
}
