import ArgumentParser
import DotExport
import GraphModel

/// `--max-nodes` for the commands that draw a whole graph (`expr`, `draw`, `verify`), and the
/// one place that applies it.
struct DrawingSizeOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Largest graph drawn whole. A bigger one has each chain of additions drawn as one Σ; if still too big, what matters (mismatches or --inject differences with their shortest paths to the root, else the nodes nearest the root) is drawn and the rest folded, with a note.",
            valueName: "n"))
    var maxNodes = 400

    func validate() throws {
        guard maxNodes >= 1 else { throw ValidationError("--max-nodes must be at least 1") }
    }

    /// Shrinks `snapshot` to fit (for pictures; tables and JSON stay whole), keeping the
    /// annotations of the nodes still drawn, adding the note to `title` and to stderr.
    ///
    /// Returns each old node id's new id (-1: not drawn) when the snapshot was cut down.
    @discardableResult
    func fit(
        _ snapshot: inout GraphSnapshot, annotations: inout [Int: Annotation], title: inout String?,
        format: OutputFormat
    ) -> [Int]? {
        guard format != .table && format != .json else { return nil }
        let focus = annotations.filter(\.value.isProblem).keys.sorted()
        guard let fitted = snapshot.fitted(maximumNodes: maxNodes, focus: focus) else { return nil }
        snapshot = fitted.snapshot
        annotations = Dictionary(
            uniqueKeysWithValues: annotations.compactMap { id, annotation in
                fitted.newID.indices.contains(id) && fitted.newID[id] >= 0 ? (fitted.newID[id], annotation) : nil
            })
        Diagnostics.note(fitted.note)
        title = (title.map { $0 + "\n" } ?? "") + fitted.note
        return fitted.newID
    }
}
