import Foundation
import Rendering
import Testing

@Suite struct RendererTests {
    static let dot = """
        digraph { rankdir=LR; node [shape=plain]; n0 [label=<<TABLE><TR><TD>a &amp; b</TD></TR></TABLE>>]; n1 [label="x"]; n0 -> n1; n0 -> n1; }
        """

    @Test(arguments: RenderFormat.allCases)
    func startsWithTheFormatsMagicBytes(_ format: RenderFormat) throws {
        let bytes = try Renderer().render(Self.dot, as: format)
        #expect(bytes.count > 100)
        #expect(Array(bytes.prefix(format.magic.count)) == format.magic)
    }

    @Test func svgHasBothEdgesAndTheEscapedLabel() throws {
        let svg = String(decoding: try Renderer().render(Self.dot, as: .svg), as: UTF8.self)
        #expect(svg.contains("<svg"))
        #expect(svg.components(separatedBy: "class=\"edge\"").count - 1 == 2)
        #expect(svg.contains("a &amp; b"))
    }

    @Test func syntaxErrorIsAParseErrorWithGraphvizMessage() {
        #expect {
            try Renderer().render("digraph { a -> ; }", as: .svg)
        } throws: { error in
            guard let error = error as? RenderError else { return false }
            return error.stage == .parse && error.message.contains("syntax error")
        }
    }

    @Test func emptyTextIsAParseError() {
        #expect(throws: RenderError(stage: .parse, message: "the DOT text is empty")) {
            try Renderer().render("", as: .png)
        }
    }

    @Test func badHTMLLabelIsCaughtAfterLayout() {
        #expect {
            try Renderer().render("digraph { a [label=<<TABLE><TR><TD>x</TD></TABLE>>]; }", as: .svg)
        } throws: { error in
            guard let error = error as? RenderError else { return false }
            return error.stage == .parse || error.stage == .layout
        }
    }

    /// Graphviz names an anonymous graph `%N` with a process-wide counter, so only named
    /// graphs (gradviz always names its graph) render to the same bytes twice.
    @Test func namedGraphRendersToTheSameBytesTwice() throws {
        let first = try Renderer().render("digraph g { a -> b }", as: .svg)
        let second = try Renderer().render("digraph g { a -> b }", as: .svg)
        #expect(first == second)
    }

    @Test func rendererWorksAgainAfterAnError() throws {
        _ = try? Renderer().render("digraph { ", as: .svg)
        let bytes = try Renderer().render("digraph { a -> b }", as: .svg)
        #expect(Array(bytes.prefix(5)) == RenderFormat.svg.magic)
    }

    @Test func concurrentRendersGiveTheSameBytesAsSerialOnes() async throws {
        let sources = (0..<16).map { index in
            "digraph g\(index) { rankdir=LR; a\(index) -> b -> c; b -> \"node \(index)\" }"
        }
        let serial = try sources.map { try Renderer().render($0, as: .svg) }
        let concurrent = try await withThrowingTaskGroup(of: (Int, [UInt8]).self) { group in
            for _ in 0..<4 {
                for (index, source) in sources.enumerated() {
                    group.addTask { (index, try Renderer().render(source, as: .svg)) }
                }
            }
            var results: [(Int, [UInt8])] = []
            for try await result in group { results.append(result) }
            return results
        }
        #expect(concurrent.count == 64)
        for (index, bytes) in concurrent {
            let same = bytes == serial[index]
            #expect(same, "render \(index) differs")
        }
    }
}
