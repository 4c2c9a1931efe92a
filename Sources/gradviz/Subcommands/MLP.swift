import ArgumentParser
import Foundation
import NeuralNet

extension Gradviz {
    struct MLP: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mlp",
            abstract: "Train a small MLP, then draw its graph, its neurons, its loss and its decision boundary.",
            discussion: """
                The defaults reproduce micrograd's demo: 100 moons samples (noise 0.1), \
                MLP(2, [16, 16, 1]) with ReLU, SVM max-margin (hinge) loss + 1e-4 L2, learning rate \
                1.0 falling to 0.1 over 100 steps. With --data tiny the defaults follow micrograd's \
                lecture instead: MLP(3, [4, 4, 1]) with tanh, mean squared error, learning rate 0.05.
                With --data iris: MLP(4, [8, 3]) with tanh, softmax cross-entropy + 1e-4 L2, learning \
                rate 0.2 falling to 0.02 over 100 steps.
                Without --lr the learning rate depends on the loss: 1.0 for hinge, 0.05 for mse, \
                0.2 for cross-entropy. \
                A loss that becomes nan or inf, or grows a million-fold, stops training with one \
                line naming the step (exit status 1); only --losses and --loss-plot are then written.

                Views (--out FILE):
                  sample   one sample's graph, every scalar, neurons in clusters
                           inside layer clusters (--sample N; default: largest loss)
                  neurons  one node per neuron, one edge per weight (colour: sign,
                           width: size; hover for weight and gradient)
                  loss     the whole loss over the batch, each sample folded into
                           one node, long sums drawn as one Σ

                Examples:
                  gradviz mlp --view neurons --out neurons.png
                  gradviz mlp --loss-plot training.svg --boundary boundary.png
                  gradviz mlp --focus L1.N3.w2 --out path.svg
                  gradviz mlp --data iris --view neurons --out iris.svg
                  gradviz mlp --data classes.csv --loss cross-entropy --batch-size 32
                  gradviz mlp --data points.csv --layers 8,1 --view loss -o loss.html
                """
        )

        // MARK: Data and model

        @Option(
            help: ArgumentHelp(
                "Training data: moons, tiny (micrograd's 4-sample set), iris (Fisher's 150 flowers, 3 classes) or a CSV file with rows of features then target (a class index 0..K-1 for cross-entropy).",
                valueName: "moons|tiny|iris|file.csv"))
        var data = "moons"

        @Option(help: ArgumentHelp("Number of moons samples.", valueName: "n"))
        var samples = TrainingRecipe.DataSource.Moons.demo.count

        @Option(help: ArgumentHelp("Standard deviation of the noise added to the moons.", valueName: "x"))
        var noise = TrainingRecipe.DataSource.Moons.demo.noise

        @Option(name: .customLong("data-seed"), help: ArgumentHelp("Seed for the moons data.", valueName: "n"))
        var dataSeed: UInt64 = TrainingRecipe.DataSource.Moons.demo.seed

        @Option(
            help: ArgumentHelp(
                "Layer sizes after the inputs, e.g. 16,16,1. The last layer is the output: one neuron, or one per class with --loss cross-entropy (16,3; by default as many as the data has classes).",
                valueName: "sizes"))
        var layers: String?

        @Option(
            help: ArgumentHelp(
                "Hidden-layer activation: \(Activation.allCases.map(\.rawValue).joined(separator: ", ")) (linear: none). The output layer is linear.",
                valueName: "fn"))
        var activation: Activation?

        @Option(
            help: ArgumentHelp(
                "Loss: hinge (SVM max-margin, targets ±1), mse (mean squared error) or cross-entropy (softmax over one output per class, targets 0..K-1; accuracy by the largest output).",
                valueName: "loss"))
        var loss: Loss?

        @Option(help: ArgumentHelp("Weight of the L2 penalty on the parameters.", valueName: "x"))
        var l2: Double?

        @Option(help: ArgumentHelp("Seed for the initial weights (uniform in [-1, 1]).", valueName: "n"))
        var seed: UInt64 = TrainingRecipe.moonsDemo.weightSeed

        @Option(
            help: ArgumentHelp(
                "Start from these parameters: a JSON array of numbers in micrograd's parameters() order (each neuron's weights, then its bias).",
                valueName: "file.json"))
        var weights: String?

        @Option(
            name: .customLong("save-weights"),
            help: ArgumentHelp(
                "Write the trained parameters as a JSON array, in the same order.", valueName: "file.json"))
        var saveWeights: String?

        // MARK: Training

        @Option(help: ArgumentHelp("Training steps (each on the whole dataset).", valueName: "n"))
        var steps = TrainingRecipe.moonsDemo.steps

        @Option(
            help: ArgumentHelp(
                "Learning rate at the first step (default by --loss: 1.0 for hinge, 0.05 for mse, 0.2 for cross-entropy). Training stops with an error when the loss becomes non-finite or grows a million-fold.",
                valueName: "x"))
        var lr: Double?

        @Option(
            name: .customLong("lr-end"),
            help: ArgumentHelp(
                "Learning rate reached after the last step, falling linearly from --lr (default: --lr / 10 for moons, iris and CSV files, --lr for tiny).",
                valueName: "x"))
        var lrEnd: Double?

        @Option(
            name: .customLong("batch-size"),
            help: ArgumentHelp(
                "Train each step on this many samples, drawn at random by a generator seeded from --seed (same seed, same batches); the loss view shows the last step's batch. Default: every sample.",
                valueName: "n"))
        var batchSize: Int?

        @Option(
            help: ArgumentHelp(
                "Write each step's loss, one exact number per line: the loss the step computed before its update (the summary's loss is after the last update).",
                valueName: "file"))
        var losses: String?

        @Flag(name: .customLong("no-progress"), help: "Do not show training progress on stderr.")
        var noProgress = false

        // MARK: Pictures

        @OptionGroup var output: OutputOptions

        @Option(help: ArgumentHelp("What --out draws: sample, neurons or loss.", valueName: "view"))
        var view: MLPView = .sample

        @Option(
            help: ArgumentHelp(
                "Which sample the sample and neurons views show (1-based; default: the one with the largest loss).",
                valueName: "n"))
        var sample: Int?

        @Option(
            help: ArgumentHelp(
                "Sample view: keep only the paths from this node (a parameter such as L1.N3.w2, an input x1, or score) to the loss.",
                valueName: "name"))
        var focus: String?

        @Option(
            name: .customLong("max-nodes"),
            help: ArgumentHelp(
                "Largest graph drawn node for node; bigger ones are folded (neurons into one node each, samples into groups).",
                valueName: "n"))
        var maxNodes = 400

        @Option(
            name: .customLong("loss-plot"),
            help: ArgumentHelp("Draw loss and accuracy per step (.svg, .png or .pdf).", valueName: "file"))
        var lossPlot: String?

        @Option(
            help: ArgumentHelp(
                "Draw the decision boundary with the data points (.svg, .png or .pdf; two-feature data).",
                valueName: "file"))
        var boundary: String?

        mutating func validate() throws {
            if steps < 0 { throw ValidationError("--steps must be 0 or more") }
            if samples < 2 { throw ValidationError("--samples must be at least 2") }
            if samples > Dataset.maximumRows {
                throw ValidationError("--samples \(samples): gradviz trains on up to \(Dataset.maximumRows) samples")
            }
            if steps > Self.maximumSteps {
                throw ValidationError("--steps \(steps): gradviz trains for up to \(Self.maximumSteps) steps")
            }
            if !noise.isFinite || noise < 0 { throw ValidationError("--noise must be a finite number, 0 or more") }
            for (name, rate) in [("--lr", lr), ("--lr-end", lrEnd)] {
                if let rate, !rate.isFinite { throw ValidationError("\(name) must be a finite number") }
            }
            if maxNodes < 20 { throw ValidationError("--max-nodes must be at least 20") }
            if let batchSize, batchSize < 1 { throw ValidationError("--batch-size must be at least 1") }
            if let sample, sample < 1 { throw ValidationError("--sample counts from 1") }
            if focus != nil && view != .sample { throw ValidationError("--focus works with --view sample") }
            if let layers { _ = try Self.parseLayers(layers) }
            for path in [lossPlot, boundary].compactMap({ $0 }) {
                let fileExtension = (path as NSString).pathExtension.lowercased()
                guard ["svg", "png", "pdf"].contains(fileExtension) else {
                    throw ValidationError("plots are written as .svg, .png or .pdf, not '\(path)'")
                }
            }
        }

        func run() throws {
            try runReportingFailures { () throws(CommandFailure) -> Bool in
                try execute()
                return true
            }
        }
    }
}

extension Activation: ExpressibleByArgument {}
extension Loss: ExpressibleByArgument {}
extension MLPView: ExpressibleByArgument {}
