import DotExport
import GraphImport

extension ImportedGraph {
    /// Drawing options that keep a redrawing true to the file: its numbers as printed and its
    /// clusters, keyed by the ids of the snapshot drawn (`newID` maps the file's snapshot ids to
    /// those of a cut-down picture; `nil` when nothing was cut).
    func applyFileLook(to options: inout DotExport.Options, newID: [Int]?) {
        func drawnID(_ id: Int) -> Int? {
            guard let newID else { return id }
            return newID.indices.contains(id) && newID[id] >= 0 ? newID[id] : nil
        }
        if let printedText {
            for (id, text) in printedText.enumerated() {
                guard let drawn = drawnID(id) else { continue }
                options.printedNumbers[drawn] = DotExport.PrintedNumber(
                    data: String(text.data), grad: text.grad.map(String.init))
            }
        }
        if let clusters, !clusterBoxes.isEmpty {
            var membership: [Int: Int] = [:]
            for (id, cluster) in clusters.enumerated() {
                if let cluster, let drawn = drawnID(id) { membership[drawn] = cluster }
            }
            options.fileClusters = DotExport.FileClusters(
                clusters: clusterBoxes.map { DotExport.FileClusters.Cluster(label: $0.label, parent: $0.parent) },
                membership: membership)
        }
    }
}
