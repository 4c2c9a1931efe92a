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
        let html = try tinyNeuronsPage(runner, steps: 3)
        #expect(html.contains("\"u2_3\":[[\"unit\",\"L2.N4\"]"))
        #expect(html.contains("[\"L2.N4.w1\",\"weight "))
        #expect(html.contains("dead ReLU (zero on every sample)"))
    }
}

@Suite struct HTMLViewerCodeTests {
    let runner = CommandLineTests()

    /// The script and styles live in Sources/Pages/Viewer and are embedded at build time:
    /// the page carries every script file, in order (the model first, the page's behaviour
    /// that puts the others together last), and the styles.
    @Test func pageInlinesTheViewerFilesEmbeddedAtBuildTime() throws {
        let run = try runner.gradviz(arguments: ["expr", "a*b", "--set", "a=1,b=2", "--format", "html", "--out", "-"])
        #expect(run.status == 0)
        let html = run.text
        let headers = [
            "// gradviz viewer: the model.", "// gradviz pan and zoom", "// gradviz step player",
            "// gradviz viewer: the drawing.", "// gradviz viewer: the details panel.", "// gradviz viewer: search.",
            "// gradviz viewer: the debugger's index", "// gradviz viewer: the debugger's painting.",
            "// gradviz viewer: a `gradviz check` page's notes", "// gradviz viewer: the backward stepper's caption.",
            "// gradviz viewer: what if.", "// gradviz viewer: the debugger,", "// gradviz viewer: the page's address.",
            "// gradviz viewer: the page's behaviour",
        ]
        let starts = try headers.map { try #require(html.range(of: $0), "\($0)").lowerBound }
        #expect(starts == starts.sorted())
        #expect(html.contains("/* gradviz pages: what the graph viewer and the training replay share"))
        #expect(html.contains("/* gradviz viewer: the graph page's styles"))
        #expect(html.contains(":focus-visible"))
        // One inline script of code and two of data (details, replay): nothing in the code ends
        // a <script> early.
        #expect(html.components(separatedBy: "</script>").count == 4)
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

@Suite struct HTMLViewerReplayTests {
    let runner = CommandLineTests()
    let seed = "a = 2; b = a + a; c = a*b; d = c + b"

    /// The page's replay: the graph's numbers and the order backward ran, as JSON.
    func replay(_ arguments: [String], input: String? = nil) throws -> [String: Any] {
        let run = try runner.gradviz(arguments: arguments + ["--format", "html", "--out", "-"], input: input)
        #expect(run.status == 0)
        let html = run.text
        let start = try #require(html.range(of: "<script type=\"application/json\" id=\"graph-values\">"))
        let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
        return try #require(
            try JSONSerialization.jsonObject(with: Data(html[start.upperBound..<end.lowerBound].utf8))
                as? [String: Any])
    }

    @Test func pageCarriesTheGraphAndTheCorrectBackwardOrder() throws {
        let json = try replay(["expr", seed])
        #expect(json["root"] as? Int == 3)
        #expect(json["passes"] as? [[Int]] == [[3, 2, 1]])
        let nodes = try #require(json["nodes"] as? [[String: Any]])
        #expect(nodes.map { $0["label"] as? String } == ["a", "b", "c", "d"])
        #expect(nodes.map { $0["op"] as? String } == [nil, "+", "*", "+"])
        #expect(nodes.map { $0["operands"] as? [Int] } == [[], [0, 0], [0, 1], [2, 1]])
        #expect(nodes.map { $0["grad"] as? Double } == [10, 3, 1, 1])
        #expect(json["bug"] is NSNull)
    }

    @Test func injectedRecursionReplaysItsOrderWithRepeatedVisits() throws {
        let json = try replay(["expr", seed, "--inject", "recursive"])
        #expect(json["passes"] as? [[Int]] == [[3, 2, 1, 1]])
        #expect(json["bug"] as? String == "recursive")
        let nodes = try #require(json["nodes"] as? [[String: Any]])
        #expect(nodes[0]["grad"] as? Double == 16)
    }

    @Test func missingZeroGradReplaysTwoPasses() throws {
        let json = try replay(["expr", seed, "--inject", "no-zero-grad"])
        #expect(json["passes"] as? [[Int]] == [[3, 2, 1], [3, 2, 1]])
        #expect(json["bug"] as? String == "no-zero-grad")
    }

    /// Labels come from files other engines wrote: none of them can end the replay's <script>.
    @Test func hostileLabelsStayInsideTheReplaysScript() throws {
        let graph = """
            {"format": "gradviz-graph", "version": 1, "root": 2, "nodes": [
              {"id": 0, "label": "</script><script>alert(1)</script>", "op": null, "operands": [], "data": 2.0, "grad": 3.0},
              {"id": 1, "label": "line\\u2028break & <b>", "op": null, "operands": [], "data": 3.0, "grad": 2.0},
              {"id": 2, "label": "y", "op": "*", "operands": [0, 1], "data": 6.0, "grad": 1.0}
            ]}
            """
        let run = try runner.gradviz(arguments: ["draw", "-", "--format", "html", "--out", "-"], input: graph)
        #expect(run.status == 0)
        #expect(!run.text.contains("<script>alert"))
        let json = try replay(["draw", "-"], input: graph)
        let nodes = try #require(json["nodes"] as? [[String: Any]])
        #expect(
            nodes.map { $0["label"] as? String } == [
                "</script><script>alert(1)</script>", "line\u{2028}break & <b>", "y",
            ])
    }

    @Test func checkPagesReplayAndNetworkPagesDoNot() throws {
        let check = try replay(["check", "tanh(x*w + b)", "--set", "x=0.5,w=-1.2,b=0.3"])
        #expect((check["nodes"] as? [Any])?.count == 6)
        let html = try tinyNeuronsPage(runner, steps: 2)
        #expect(!html.contains("id=\"graph-values\""))
        #expect(!html.contains("id=\"stepper\""))
    }
}

@Suite struct HTMLViewerAddressTests {
    let runner = CommandLineTests()

    /// `#q=100%` is not a valid percent escape: decoding it threw `URIError` and stopped the
    /// page's script (scripts/checks/browser-test loads such an address in Chromium).
    @Test func addressDecodingToleratesABarePercent() throws {
        let run = try runner.gradviz(arguments: ["expr", "a*b", "--set", "a=1,b=2", "--format", "html", "--out", "-"])
        #expect(run.status == 0)
        #expect(run.text.contains("try { hash = decodeURIComponent(hash); } catch (error) {}"))
        #expect(!run.text.contains("const hash = decodeURIComponent("))
    }
}

/// The neurons view's page of micrograd's lecture model after `steps` steps, as written by the
/// binary.
func tinyNeuronsPage(_ runner: CommandLineTests, steps: Int) throws -> String {
    let folder = try runner.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("neurons.html")
    let run = try runner.gradviz(arguments: [
        "mlp", "--data", "tiny", "--steps", "\(steps)", "--no-progress", "--view", "neurons", "--out", file.path,
    ])
    #expect(run.status == 0)
    return try String(contentsOf: file, encoding: .utf8)
}
