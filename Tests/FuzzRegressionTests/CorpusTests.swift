import Foundation
import FuzzTargets
import Testing

/// Every committed fuzz input (the seed corpora and each finding, kept as a regression) runs
/// through its target without crashing.
@Suite struct CorpusTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("Fuzz")

    @Test(arguments: FuzzTarget.allCases)
    func everyCommittedInputRuns(_ target: FuzzTarget) throws {
        var count = 0
        for folder in ["Corpus", "Regressions"] {
            let directory = Self.root.appendingPathComponent(folder).appendingPathComponent(target.rawValue)
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { continue }
            for name in names.sorted() {
                let bytes = try Data(contentsOf: directory.appendingPathComponent(name))
                bytes.withUnsafeBytes { target.run($0) }
                count += 1
            }
        }
        #expect(count >= 5)
    }

    /// 300 random option combinations through the mlp harness (a third of them with
    /// cross-entropy, half of those with minibatches): hostile numbers, every loss, no trap.
    @Test func randomMlpOptionsRunWithoutTrapping() {
        var state: UInt64 = 14
        for _ in 0..<300 {
            let bytes = (0..<160).map { _ -> UInt8 in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return UInt8(truncatingIfNeeded: state >> 56)
            }
            bytes.withUnsafeBytes { FuzzTarget.mlp.run($0) }
        }
    }
}
