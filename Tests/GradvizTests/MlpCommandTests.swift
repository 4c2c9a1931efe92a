import Foundation
import Testing

@Suite struct MlpCommandTests {
    let runner = CommandLineTests()

    @Test func tinyTrainingIsDeterministicAndReportsLossAndAccuracy() throws {
        let first = try runner.gradviz(arguments: ["mlp", "--data", "tiny", "--steps", "20", "--no-progress"])
        let second = try runner.gradviz(arguments: ["mlp", "--data", "tiny", "--steps", "20", "--no-progress"])
        #expect(first.status == 0)
        #expect(
            first.text.hasPrefix("trained 4,4,1-MLP (41 parameters) on micrograd's 4-sample set for 20 steps: loss "))
        #expect(first.text == second.text)
    }

    @Test func progressIsPlainLinesWhenStderrIsNotATerminal() throws {
        let run = try runner.gradviz(arguments: ["mlp", "--data", "tiny", "--steps", "10"])
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count >= 2)
        #expect(lines.allSatisfy { $0.hasPrefix("step ") && $0.contains("loss") && $0.contains("steps/s") })
        #expect(lines.last?.hasPrefix("step 10/10") == true)
    }

    @Test func sampleViewHasNeuronClustersInsideLayerClusters() throws {
        let run = try runner.gradviz(arguments: [
            "mlp", "--data", "tiny", "--steps", "5", "--no-progress", "--format", "dot", "--sample", "2",
        ])
        #expect(run.status == 0)
        let dot = String(decoding: run.stdout, as: UTF8.self)
        #expect(dot.contains("subgraph cluster_L1 {"))
        #expect(dot.contains("subgraph cluster_L1_N4 {"))
        #expect(dot.contains("subgraph cluster_L3_N1 {"))
        #expect(dot.contains("<B>L2.N3.w4</B>"))
        #expect(dot.contains("<B>loss</B>"))
    }

    @Test func focusKeepsOnlyPathsFromTheParameter() throws {
        let run = try runner.gradviz(arguments: [
            "mlp", "--data", "tiny", "--steps", "5", "--no-progress", "--format", "json", "--focus", "L1.N2.w3",
        ])
        #expect(run.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])
        let nodes = try #require(object["nodes"] as? [[String: Any]])
        let labels = nodes.compactMap { $0["label"] as? String }
        #expect(labels.first == "L1.N2.w3")
        #expect(labels.contains("score") && labels.last == "loss")
        #expect(!labels.contains { $0.hasPrefix("L1.N1") || $0 == "x1" || $0.hasSuffix(".b") })
    }

    @Test func lossViewFoldsSamplesAndDrawsOneSigma() throws {
        let run = try runner.gradviz(arguments: [
            "mlp", "--steps", "3", "--no-progress", "--view", "loss", "--format", "dot", "--max-nodes", "30",
        ])
        #expect(run.status == 0)
        let dot = String(decoding: run.stdout, as: UTF8.self)
        #expect(dot.contains("label=\"Σ\""))
        #expect(dot.contains("samples 1–5 (Σ of 5)"))
        #expect(run.stderr.contains("note: folded 100 samples into groups of 5"))
    }

    @Test func neuronsViewHasOneNodePerNeuronAndAnEdgePerWeight() throws {
        let run = try runner.gradviz(arguments: [
            "mlp", "--data", "tiny", "--steps", "5", "--no-progress", "--view", "neurons", "--format", "dot",
        ])
        #expect(run.status == 0)
        let dot = String(decoding: run.stdout, as: UTF8.self)
        let units = dot.split(separator: "\n").filter { $0.hasPrefix("  u") && $0.contains("[label=<") }
        #expect(units.count == 3 + 4 + 4 + 1)
        let weights = dot.split(separator: "\n").filter { $0.contains("tooltip=\"L") && $0.contains("-> u") }
        #expect(weights.count == 3 * 4 + 4 * 4 + 4)
    }

    @Test(arguments: ["svg", "png"])
    func everyViewAndPlotRendersForTheMoonsModel(_ fileExtension: String) throws {
        let folder = try runner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for view in ["sample", "neurons", "loss"] {
            let file = folder.appendingPathComponent("\(view).\(fileExtension)")
            let run = try runner.gradviz(arguments: [
                "mlp", "--steps", "2", "--no-progress", "--view", view, "--out", file.path,
            ])
            #expect(run.status == 0, "\(view): \(run.stderr)")
            #expect(FileManager.default.fileExists(atPath: file.path))
        }
        let plot = folder.appendingPathComponent("training.\(fileExtension)")
        let boundary = folder.appendingPathComponent("boundary.\(fileExtension)")
        let run = try runner.gradviz(arguments: [
            "mlp", "--steps", "2", "--no-progress", "--loss-plot", plot.path, "--boundary", boundary.path,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try Data(contentsOf: plot).count > 1000 && Data(contentsOf: boundary).count > 1000)
    }

    @Test func weightsRoundTripThroughAFile() throws {
        let folder = try runner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let saved = folder.appendingPathComponent("w.json")
        let first = try runner.gradviz(arguments: [
            "mlp", "--data", "tiny", "--steps", "0", "--no-progress", "--save-weights", saved.path,
        ])
        #expect(first.status == 0)
        let again = try runner.gradviz(arguments: [
            "mlp", "--data", "tiny", "--steps", "0", "--no-progress", "--seed", "99", "--weights", saved.path,
        ])
        #expect(again.text == first.text)
        try Data("[1, 2, 3]".utf8).write(to: saved)
        let wrong = try runner.gradviz(arguments: ["mlp", "--data", "tiny", "--no-progress", "--weights", saved.path])
        #expect(wrong.status == 64)
        #expect(wrong.stderr == "error: \(saved.path) has 3 numbers, but the model has 41 parameters\n")
    }

    /// Numbers JSON cannot hold are strings, read by the same parser as `--set` values; a
    /// string holding a finite number is not a weight.
    @Test func weightsFileReadsNonFiniteNumbersFromStrings() throws {
        let folder = try runner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("w.json")
        let numbers = ["\"-inf\"", "\"NaN\""] + Array(repeating: "0.5", count: 39)
        try Data("[\(numbers.joined(separator: ","))]".utf8).write(to: file)
        let run = try runner.gradviz(arguments: [
            "mlp", "--data", "tiny", "--steps", "0", "--no-progress", "--weights", file.path,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.text.contains("loss nan"))
        try Data("[\"0.5\"\(String(repeating: ", 0.5", count: 40))]".utf8).write(to: file)
        let quoted = try runner.gradviz(arguments: [
            "mlp", "--data", "tiny", "--steps", "0", "--no-progress", "--weights", file.path,
        ])
        #expect(quoted.status == 64)
    }

    @Test(arguments: [
        ("1,2\n3\n", "line 2: expected 2 values like the rows before, found 1"),
        ("1,x\n", "line 1: column 2 is 'x', not a finite number"),
        ("", "the file has no data rows"),
    ])
    func badCSVGivesAClearError(_ text: String, _ message: String) throws {
        let folder = try runner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("data.csv")
        try Data(text.utf8).write(to: file)
        let run = try runner.gradviz(arguments: ["mlp", "--data", file.path, "--loss", "mse", "--no-progress"])
        #expect(run.status == 64)
        #expect(run.stderr == "error: \(file.path): \(message)\n")
    }

    // MARK: - Divergence

    /// Unscaled features (0 to 19) with the squared error at a rate of 1.0: the loss explodes.
    static let unscaledCSV = (0..<20).map { "\($0),\($0 % 5),\(Double($0) / 4)\n" }.joined()

    @Test func divergingTrainingStopsWithOneLineAndWritesOnlyTheLosses() throws {
        let folder = try runner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = folder.appendingPathComponent("points.csv")
        try Data(Self.unscaledCSV.utf8).write(to: data)
        let losses = folder.appendingPathComponent("losses.txt")
        let plot = folder.appendingPathComponent("training.svg")
        let weights = folder.appendingPathComponent("w.json")
        let boundary = folder.appendingPathComponent("boundary.svg")
        let picture = folder.appendingPathComponent("net.svg")
        let run = try runner.gradviz(arguments: [
            "mlp", "--data", data.path, "--loss", "mse", "--lr", "1", "--layers", "8,1", "--no-progress",
            "--losses", losses.path, "--loss-plot", plot.path, "--save-weights", weights.path,
            "--boundary", boundary.path, "--out", picture.path,
        ])
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(run.stderr)")
        let line = try #require(lines.first)
        #expect(line.hasPrefix("error: the loss "))
        // Two long temporary paths make the line longer than gradviz's 300 characters: it is
        // cut in the middle, keeping the start and the end.
        let whole =
            "training diverged; try a smaller --lr than 1.0 (wrote \(losses.path) and \(plot.path); --save-weights, --boundary, --out not written)"
        #expect(line.contains(whole) || (line.contains("…") && line.hasSuffix(String(whole.suffix(60)))), "\(line)")
        let step = try #require(line.split(separator: "at step ").last?.prefix { $0.isNumber }).description
        let written = try String(contentsOf: losses, encoding: .utf8).split(separator: "\n")
        #expect(written.count == Int(step))
        #expect(FileManager.default.fileExists(atPath: plot.path))
        for missing in [weights, boundary, picture] { #expect(!FileManager.default.fileExists(atPath: missing.path)) }
    }

    @Test func divergingWithNothingToWriteSaysSo() throws {
        let folder = try runner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = folder.appendingPathComponent("points.csv")
        try Data(Self.unscaledCSV.utf8).write(to: data)
        let run = try runner.gradviz(arguments: [
            "mlp", "--data", data.path, "--loss", "mse", "--lr", "1", "--layers", "8,1", "--no-progress",
        ])
        #expect(run.status == 1)
        #expect(run.stderr.hasSuffix("try a smaller --lr than 1.0 (nothing written)\n"), "\(run.stderr)")
    }

    @Test func nonFiniteStartingWeightsAreNotBlamedOnTheLearningRate() throws {
        let folder = try runner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("w.json")
        try Data("[\"nan\"\(String(repeating: ", 0.5", count: 40))]".utf8).write(to: file)
        let run = try runner.gradviz(arguments: [
            "mlp", "--data", "tiny", "--steps", "3", "--no-progress", "--weights", file.path,
        ])
        #expect(run.status == 1)
        #expect(
            run.stderr
                == "error: the loss is nan at step 1: the data or the starting weights give a non-finite loss (nothing written)\n"
        )
    }

    @Test func nonFiniteLearningRateIsAUsageError() throws {
        let run = try runner.gradviz(arguments: ["mlp", "--lr", "inf", "--no-progress"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("--lr must be a finite number"))
    }

    @Test func helpStatesTheDefaultLearningRateOfEachLoss() throws {
        let run = try runner.gradviz(arguments: ["mlp", "--help"])
        let words = run.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("default by --loss: 1.0 for hinge, 0.05 for mse"))
    }

    // MARK: - Many classes

    /// The issue's done-when line: iris, 8,3 with cross-entropy, default steps, ≥ 95%.
    @Test func irisTrainsToNinetyFivePercentWithCrossEntropy() throws {
        let run = try runner.gradviz(arguments: [
            "mlp", "--data", "iris", "--layers", "8,3", "--loss", "cross-entropy", "--no-progress",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            run.text.hasPrefix(
                "trained 8,3-MLP (67 parameters) on Fisher's iris (150 samples, 3 classes) for 100 steps"))
        let percent = try #require(run.text.split(separator: "accuracy ").last?.prefix { $0 != "%" })
        #expect(try #require(Double(percent)) >= 95, "\(run.text)")
        // The CSV in docs/ is the same data: the same line but for the name.
        let csv = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/data/iris.csv")
        let fromFile = try runner.gradviz(arguments: [
            "mlp", "--data", csv.path, "--layers", "8,3", "--loss", "cross-entropy", "--no-progress", "--activation",
            "tanh",
        ])
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        #expect(fromFile.text.split(separator: ":").last == run.text.split(separator: ":").last)
    }

    @Test func classIndexTargetsGetOneOutputPerClassByDefault() throws {
        let folder = try runner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = folder.appendingPathComponent("blobs.csv")
        let rows = (0..<30).map { index -> String in
            let centre = [(0.0, 1.0), (-1.0, -0.6), (1.0, -0.6)][index % 3]
            let jitter = Double(index % 7) / 20 - 0.15
            return "\(centre.0 + jitter),\(centre.1 - jitter),\(index % 3)\n"
        }
        try Data(("x,y,class\n" + rows.joined()).utf8).write(to: data)
        let boundary = folder.appendingPathComponent("boundary.svg")
        let run = try runner.gradviz(arguments: [
            "mlp", "--data", data.path, "--loss", "cross-entropy", "--no-progress", "--boundary", boundary.path,
            "--view", "sample", "--format", "dot", "--focus", "score3",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("trained 16,16,3-MLP"))
        let dot = String(decoding: run.stdout, as: UTF8.self)
        // Only the paths from score3 to the loss: its shift, exp, the sum's log; not score1.
        #expect(dot.contains("<B>score3</B>") && dot.contains("<B>log Σ exp</B>") && !dot.contains("<B>score1</B>"))
        let svg = try String(contentsOf: boundary, encoding: .utf8)
        #expect(svg.contains("class 0") && svg.contains("class 2") && !svg.contains("target +1"))
    }

    @Test(arguments: [
        (
            ["--layers", "16,3"],
            "error: --loss hinge trains one output neuron, but --layers ends in 3; use --loss cross-entropy for several classes\n"
        ),
        (
            ["--loss", "cross-entropy", "--layers", "8,1"],
            "error: --loss cross-entropy needs an output neuron per class: --layers must end in 2 or more, such as 16,3\n"
        ),
        (
            ["--data", "iris", "--layers", "8,2"],
            "error: the cross-entropy loss needs class indices 0 to 1 as targets, one per output neuron (the output layer has 2); found 2.0\n"
        ),
    ])
    func outputLayerMustFitTheLoss(_ options: [String], _ message: String) throws {
        let run = try runner.gradviz(arguments: ["mlp", "--no-progress", "--steps", "1"] + options)
        #expect(run.status == 64)
        #expect(run.stderr == message)
    }

    // MARK: - Minibatches

    @Test func batchSizeTrainsOnSeededBatchesAndTheLossViewShowsTheLastOne() throws {
        let arguments = [
            "mlp", "--batch-size", "10", "--steps", "3", "--no-progress", "--view", "loss", "--format", "dot",
        ]
        let run = try runner.gradviz(arguments: arguments)
        #expect(run.status == 0, "\(run.stderr)")
        let dot = String(decoding: run.stdout, as: UTF8.self)
        #expect(dot.contains("loss over a batch of 10 of 100 samples"))
        #expect(try runner.gradviz(arguments: arguments).stdout == run.stdout)
        let otherSeed = try runner.gradviz(arguments: arguments + ["--seed", "2"])
        #expect(otherSeed.stdout != run.stdout)
        let bad = try runner.gradviz(arguments: ["mlp", "--batch-size", "0"])
        #expect(bad.status == 64 && bad.stderr.contains("--batch-size must be at least 1"))
    }
}
