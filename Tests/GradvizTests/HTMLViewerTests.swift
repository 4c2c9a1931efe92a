import Foundation
import Testing

@Suite struct HTMLViewerTests {
    let runner = CommandLineTests()

    @Test func htmlIsOneSelfContainedPageWithTheGraphAndEveryNodesDetails() throws {
        let folder = try runner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("graph.html")
        let run = try runner.gradviz(arguments: [
            "expr", "a = 2; b = a + a; c = a*b; d = c + b", "--inject", "recursive", "--out", file.path,
        ])
        #expect(run.status == 0)
        let html = try String(contentsOf: file, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<svg") && !html.contains("<?xml"))
        for external in ["<script src", "<link", "@import", "url(http", "src=\"http", "fetch("] {
            #expect(!html.contains(external), "\(external)")
        }
        let start = try #require(html.range(of: "<script type=\"application/json\" id=\"graph-data\">"))
        let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(html[start.upperBound..<end.lowerBound].utf8))
                as? [String: [[String]]])
        #expect(json.keys.sorted() == ["n0", "n1", "n2", "n3", "o1", "o2", "o3"])
        let a = try #require(json["n0"])
        #expect(a.contains(["grad", "16.0"]))
        #expect(a.contains(["problem", "correct grad 10.0000"]))
        #expect(html.contains("root (backward starts here)"))
    }

    @Test func neuronsViewPageHasUnitDetailsWithWeights() throws {
        let folder = try runner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("neurons.html")
        let run = try runner.gradviz(arguments: [
            "mlp", "--data", "tiny", "--steps", "3", "--no-progress", "--view", "neurons", "--out", file.path,
        ])
        #expect(run.status == 0)
        let html = try String(contentsOf: file, encoding: .utf8)
        #expect(html.contains("\"u2_3\":[[\"unit\",\"L2.N4\"]"))
        #expect(html.contains("[\"L2.N4.w1\",\"weight "))
        #expect(html.contains("dead ReLU (zero on every sample)"))
    }
}

@Suite struct HTMLViewerCodeTests {
    let runner = CommandLineTests()

    /// The script and styles live in Sources/Rendering/Viewer and are embedded at build time:
    /// the page carries both script files, in order, and the styles.
    @Test func pageInlinesTheViewerFilesEmbeddedAtBuildTime() throws {
        let run = try runner.gradviz(arguments: ["expr", "a*b", "--set", "a=1,b=2", "--format", "html", "--out", "-"])
        #expect(run.status == 0)
        let html = run.text
        let model = try #require(html.range(of: "// gradviz viewer: the model."))
        let viewer = try #require(html.range(of: "// gradviz viewer: the page's behaviour"))
        #expect(model.lowerBound < viewer.lowerBound)
        #expect(html.contains("/* gradviz viewer: the page's styles"))
        #expect(html.contains(":focus-visible"))
        // One inline script of code and one of data: nothing in the code ends a <script> early.
        #expect(html.components(separatedBy: "</script>").count == 3)
    }

    /// Keyboard and screen-reader basics: every button and field says what it is.
    @Test func everyControlHasALabel() throws {
        let run = try runner.gradviz(arguments: ["expr", "a*b", "--set", "a=1,b=2", "--format", "html", "--out", "-"])
        for tag in ["<button", "<input", "<select"] {
            for piece in run.text.components(separatedBy: tag).dropFirst() {
                let element = String(piece.prefix { $0 != ">" })
                #expect(element.contains("aria-label="), "\(tag)\(element)>")
            }
        }
    }
}

@Suite struct HTMLViewerAddressTests {
    let runner = CommandLineTests()

    /// `#q=100%` is not a valid percent escape: decoding it threw `URIError` and stopped the
    /// page's script (scripts/browser-test loads such an address in Chromium).
    @Test func addressDecodingToleratesABarePercent() throws {
        let run = try runner.gradviz(arguments: ["expr", "a*b", "--set", "a=1,b=2", "--format", "html", "--out", "-"])
        #expect(run.status == 0)
        #expect(run.text.contains("try { hash = decodeURIComponent(hash); } catch (error) {}"))
        #expect(!run.text.contains("const hash = decodeURIComponent("))
    }
}
