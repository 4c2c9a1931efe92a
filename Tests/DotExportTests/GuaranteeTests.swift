import Autograd
import DotExport
import Foundation
import GraphModel
import Rendering
import Testing

/// Reproductions from issue 10 at the DOT and snapshot level.
@Suite struct GuaranteeTests {
    @Test func tooltipsKeepBackslashesAndEntitiesLiteral() throws {
        let tape = Tape()
        let a = Value(1, label: "a\\N&amp;\u{FFFE}", on: tape)
        let b = a * 2
        let dot = DotExport.dot(for: b.snapshot())
        #expect(dot.contains("tooltip=\"a\\\\\\\\N&amp;amp;\u{FFFD}"))
        #expect(!dot.contains("\u{FFFE}"))
        let svg = String(decoding: try Renderer().render(dot, as: .svg), as: UTF8.self)
        // The browser shows the title attribute decoded once: a\N&amp; as the label reads.
        #expect(svg.contains("xlink:title=\"a\\N&amp;amp;"))
    }

    @Test func networkColumnsAreOrderedByPairwiseEdges() {
        let layer = (0..<3).map { NetworkSnapshot.Unit(name: "x\($0)", data: 0, grad: 0) }
        let network = NetworkSnapshot(
            layers: [layer, [NetworkSnapshot.Unit(name: "o", data: 0, grad: 0)]], connections: [], caption: "c")
        let dot = DotExport.dot(for: network)
        #expect(dot.contains("u0_0 -> u0_1 [style=invis];"))
        #expect(dot.contains("u0_1 -> u0_2 [style=invis];"))
        #expect(!dot.contains("u0_0 -> u0_1 -> u0_2"))
    }
}
