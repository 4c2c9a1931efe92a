import Foundation
import GraphImport
import GraphModel

/// A graph file another engine wrote: gradviz-graph JSON or draw_dot-style DOT, told apart by
/// the extension (`.json`, `.dot`, `.gv`) or, for other names and stdin, by the first
/// character (`{` is JSON).
enum GraphInput {
    static func read(_ path: String) throws(CommandFailure) -> ImportedGraph {
        let bytes = try InputFile.read(
            path, limit: max(GraphFile.maximumBytes, DrawDotGraph.maximumBytes), what: "graph files")
        let name = path == "-" ? "stdin" : path
        let fileExtension = (path as NSString).pathExtension.lowercased()
        let isJSON: Bool
        switch fileExtension {
        case "json": isJSON = true
        case "dot", "gv": isJSON = false
        default: isJSON = bytes.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) } == UInt8(ascii: "{")
        }
        if isJSON {
            do {
                return ImportedGraph(try GraphFile(bytes: bytes))
            } catch {
                throw CommandFailure("\(name): \(error)", exitCode: .usage)
            }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw CommandFailure("\(name): not UTF-8 text (a graph file is JSON or DOT)", exitCode: .usage)
        }
        do { return try DrawDotGraph.read(text) } catch {
            throw CommandFailure("\(name): \(error)", exitCode: .usage)
        }
    }
}
