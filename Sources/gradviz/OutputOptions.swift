import ArgumentParser
import DotExport
import Foundation
import GraphModel
import Rendering

/// Everything gradviz can write.
enum OutputFormat: String, CaseIterable, ExpressibleByArgument {
    case table, dot, json, svg, png, pdf, html

    /// The format for a file name's extension, if gradviz knows it.
    init?(fileExtension: String) {
        switch fileExtension.lowercased() {
        case "svg": self = .svg
        case "png": self = .png
        case "pdf": self = .pdf
        case "dot", "gv": self = .dot
        case "json": self = .json
        case "txt": self = .table
        case "html", "htm": self = .html
        default: return nil
        }
    }

    /// The image format, for formats Graphviz renders.
    var renderFormat: RenderFormat? { self == .html ? .svg : RenderFormat(rawValue: rawValue) }
}

extension DotExport.RankDirection: ExpressibleByArgument {}

/// `--out`, `--format` and drawing options shared by commands that draw a graph.
struct OutputOptions: ParsableArguments {
    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "Write the result to this file ('-' for stdout). The format comes from the extension (.svg .png .pdf .html .dot .json .txt) unless --format says otherwise. .html is an interactive page: pan, zoom, search, click for details.",
            valueName: "file"))
    var out: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Output format. Default: from --out's extension, or a table on stdout.",
            valueName: "format"))
    var format: OutputFormat?

    @Option(
        name: .long,
        help: ArgumentHelp("Layout direction: LR (inputs left of the root) or TB (top to bottom).", valueName: "dir"))
    var rankdir: DotExport.RankDirection = .leftToRight

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Who lays the graph out: dot (Graphviz, best for small graphs), layered (gradviz's own, seconds for 10,000 nodes where dot takes minutes) or auto (dot with its quick settings, or layered above \(OutputOptions.autoLayeredAbove) values or when long edges would make dot slow).",
            valueName: "layout"))
    var layout: LayoutChoice = .auto

    enum LayoutChoice: String, CaseIterable, ExpressibleByArgument { case auto, dot, layered }

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Stop a drawing that takes longer than this many seconds, counted from the start of the drawing (DOT, layout and rendering; for draw and verify from the start of reading the graph file); nothing is written then. Also the longest wait for the reader of a FIFO given to --out.",
            valueName: "seconds"))
    var timeout: Double = 60

    @Option(
        name: .customLong("memory-limit"),
        help: ArgumentHelp(
            "Most memory Graphviz may use when it draws in a child process (drawings above \(RenderCost.inProcessNodes) nodes, \(RenderCost.inProcessEdges) edges or \(RenderCost.inProcessBytes >> 10) KiB of DOT): a size such as 2GiB, 512MiB or 4G (a bare number is MiB; at least 256MiB). Beyond it the drawing stops with one line and nothing is written.",
            valueName: "size"))
    var memoryLimit: MemoryLimit = .standard

    static let autoLayeredAbove = 2_000
    /// Above this many values Graphviz's `dot` runs with its quick settings (see
    /// `DotExport.Options.quickRanking`): below it the default takes milliseconds anyway.
    static let quickRankingAbove = 150

    /// Drawing options for a graph of `valueCount` values.
    func dotOptions(for snapshot: GraphSnapshot, title: String?, clustersByPlace: Bool = false) -> DotExport.Options {
        let layered =
            layout == .layered
            || (layout == .auto && DotExport.prefersLayeredLayout(snapshot, maximumValues: Self.autoLayeredAbove))
        return DotExport.Options(
            rankDirection: rankdir, title: title, clustersByPlace: clustersByPlace, precomputedLayout: layered,
            quickRanking: snapshot.nodes.count > Self.quickRankingAbove)
    }

    func validate() throws {
        guard timeout > 0 else { throw ValidationError("--timeout must be more than 0 seconds") }
        guard memoryLimit.bytes >= MemoryLimit.minimum.bytes else {
            throw ValidationError(
                "--memory-limit must be at least \(MemoryLimit.minimum) (the renderer needs about 200 MiB to start)")
        }
        guard let out else { return }
        var status = stat()
        if out != "-", stat(out, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
            let folder = out.hasSuffix("/") ? String(out.dropLast()) : out
            throw ValidationError("--out '\(out)' is a folder: name a file in it, such as \(folder)/graph.svg")
        }
        guard format == nil else { return }
        if out == "-" {
            throw ValidationError(
                "--out - writes to stdout and needs --format (one of \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")))"
            )
        }
        let fileExtension = (out as NSString).pathExtension
        if OutputFormat(fileExtension: fileExtension) == nil {
            let why = fileExtension.isEmpty ? ": it has no extension" : " from its extension '.\(fileExtension)'"
            throw ValidationError(
                "cannot tell the format of '\(out)'\(why); use .svg, .png, .pdf, .html, .dot, .json or .txt, or give --format"
            )
        }
    }

    /// The chosen format and where it goes (`nil` destination: stdout).
    var resolved: (format: OutputFormat, destination: String?) {
        let destination = out == "-" ? nil : out
        if let format { return (format, destination) }
        if let out, let inferred = OutputFormat(fileExtension: (out as NSString).pathExtension) {
            return (inferred, destination)
        }
        return (.table, destination)
    }
}
