import ArgumentParser
import Foundation
import NeuralNet

extension Gradviz {
    struct MLP: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mlp",
            abstract: "Train a small MLP, then draw its graph, its neurons, its loss and its decision boundary.",
            discussion: helpText
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

        @Option(
            help: ArgumentHelp(
                "What --out draws: sample, neurons, loss, or training (an .html page that replays the run step by step). Default: training for .html, neurons for .png (a sample's whole graph is too big for a bitmap), sample otherwise.",
                valueName: "view"))
        var view: ViewChoice?

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
