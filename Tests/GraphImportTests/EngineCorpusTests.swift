import Foundation
import GraphChecks
import GraphImport
import GraphModel
import Testing

/// DOT written by public micrograd-family writers in many languages, each by running the
/// writer's own code on its own engine (`Tests/Fixtures/engines/manifest.json` records where
/// each file comes from, the program, and which nodes carry wrong numbers).
///
/// Every file is read (none refused), every correct file checks out (no false alarm), and every
/// buggy file is flagged only at nodes whose numbers really are wrong.
@Suite struct EngineCorpusTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/engines")

    struct Case: Sendable, CustomTestStringConvertible {
        var path: String
        var correct: Bool
        var wrongNodes: Set<String>
        var testDescription: String { path }
    }

    static func cases() throws -> [Case] {
        let data = try Data(contentsOf: folder.appendingPathComponent("manifest.json"))
        let top = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let writers = try #require(top["writers"] as? [[String: Any]])
        var result: [Case] = []
        for writer in writers {
            let directory = try #require(writer["dir"] as? String)
            for file in try #require(writer["files"] as? [[String: Any]]) {
                result.append(
                    Case(
                        path: directory + "/" + (try #require(file["file"] as? String)),
                        correct: try #require(file["correct"] as? Bool),
                        wrongNodes: Set(try #require(file["wrong_nodes"] as? [String]))))
            }
        }
        return result
    }

    @Test func corpusCoversManyWritersAndLanguages() throws {
        let data = try Data(contentsOf: Self.folder.appendingPathComponent("manifest.json"))
        let top = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let writers = try #require(top["writers"] as? [[String: Any]])
        #expect(writers.count >= 20)
        #expect(Set(writers.compactMap { $0["language"] as? String }).count >= 6)
        #expect(try Self.cases().filter { !$0.correct }.count >= 20)
    }

    @Test(arguments: try cases())
    func eachFileGetsTheRightVerdict(_ item: Case) throws {
        let text = try String(contentsOf: Self.folder.appendingPathComponent(item.path), encoding: .utf8)
        let graph = try DrawDotGraph.read(text)
        let verification = Verification(snapshot: graph.snapshot, printed: graph.printed)
        let flagged = Set(verification.mismatches.map { graph.fileIDs[$0.id] })
        if item.correct {
            #expect(flagged.isEmpty, "false alarm at \(flagged.sorted())")
        } else {
            #expect(!flagged.isEmpty, "the bug passed")
            #expect(
                flagged.isSubset(of: item.wrongNodes), "flagged \(flagged.sorted()), wrong \(item.wrongNodes.sorted())")
        }
    }
}
