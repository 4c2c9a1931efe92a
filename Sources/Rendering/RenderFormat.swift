/// The image formats the renderer produces.
///
/// An allow-list: Graphviz is never asked for a format it was not built and tested for.
public enum RenderFormat: String, CaseIterable, Sendable {
    case svg, png, pdf

    /// The bytes every file of this format starts with.
    public var magic: [UInt8] {
        switch self {
        case .svg: Array("<?xml".utf8)
        case .png: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        case .pdf: Array("%PDF-".utf8)
        }
    }

    /// Resolution used when the DOT text sets none: bitmaps at 1.5x screen resolution so
    /// they stay sharp on high-density displays; vector formats keep Graphviz's default.
    var defaultDPI: String? { self == .png ? "144" : nil }

    /// Graphviz's name for the output device.
    var device: String {
        switch self {
        case .svg: "svg"
        case .png: "png:cairo"
        case .pdf: "pdf:cairo"
        }
    }
}

/// Graphviz layout engines gradviz uses.
public enum LayoutEngine: String, CaseIterable, Sendable {
    /// Layered drawing for directed graphs (the default).
    case dot
    /// Positions given in the DOT text (`pos` attributes), edges routed by Graphviz.
    case neato
    /// Node positions given in the DOT text (`pos`); edges without splines drawn straight.
    case nop
    /// Node positions and any edge splines given in the DOT text, used as they are.
    case nop2
}
