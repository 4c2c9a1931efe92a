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
}
