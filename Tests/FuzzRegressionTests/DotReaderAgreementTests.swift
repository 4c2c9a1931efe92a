import Foundation
import FuzzTargets
import GraphImport
import Testing

/// gradviz reads DOT with its own reader; Graphviz's parser (cgraph) is the reference it must
/// agree with on every graph gradviz interprets.
@Suite struct DotReaderAgreementTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// Every DOT fixture (micrograd's styles and the engine corpus) reads the same both ways.
    @Test func fixturesReadAsCgraphReadsThem() throws {
        var count = 0
        for folder in ["dot", "engines"] {
            let directory = Self.fixtures.appendingPathComponent(folder)
            guard let enumerator = FileManager.default.enumerator(atPath: directory.path) else { continue }
            for case let path as String in enumerator where path.hasSuffix(".dot") || path.hasSuffix(".gv") {
                let text = try String(contentsOf: directory.appendingPathComponent(path), encoding: .utf8)
                #expect(DotSample.difference(readingBoth: text) == nil, "\(folder)/\(path)")
                count += 1
            }
        }
        #expect(count >= 60)
    }

    /// 3,000 generated graphs (subgraphs as edge ends, reopened subgraphs, defaults, ports,
    /// strict, concatenated and continued strings, comments, CRLF) read the same both ways.
    @Test func generatedGraphsReadAsCgraphReadsThem() {
        var state: UInt64 = 20_261_204
        var read = 0
        for _ in 0..<3_000 {
            let bytes = (0..<120).map { _ -> UInt8 in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return UInt8(truncatingIfNeeded: state >> 56)
            }
            let text = DotSample.text(from: bytes)
            let difference = DotSample.difference(readingBoth: text)
            #expect(difference == nil, "\(difference ?? "")\n\(text)")
            if difference != nil { return }
            if (try? DotDocument(parsing: text)) != nil { read += 1 }
        }
        #expect(read > 2_000)
    }
}
