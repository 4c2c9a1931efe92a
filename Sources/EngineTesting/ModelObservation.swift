import Foundation
public import NeuralNet

/// What a user's micrograd-style MLP did on a few samples, as the Python module (or any
/// caller) reports it: the architecture, the weights, each sample's outputs, the loss, how
/// many values the loss graph holds, and every parameter's gradient after `loss.backward()`.
///
/// The document (`"format": "gradviz-model"`) is JSON; numbers JSON cannot hold are the
/// strings `"nan"`, `"inf"` and `"-inf"`. Parameters come twice when the model exposes its
/// structure: `parameters` as `model.parameters()` returned them (what a training loop
/// updates) and `neurons` read from `model.layers[i].neurons[j].w` and `.b` (the values the
/// forward pass used); a model whose `parameters()` hands out copies differs between the two.
public struct ModelObservation: Sendable {
    /// Inputs to the network (`nin`).
    public var inputs: Int
    /// Neurons per layer (`nouts`).
    public var layers: [Int]
    public var hiddenActivation: Activation
    public var outputActivation: Activation
    public var samples: [Sample]
    /// As `model.parameters()` returned them, in its order.
    public var parameters: Parameters
    /// Read from the model's layers and neurons in micrograd's order (each neuron's weights,
    /// then its bias), when the model exposes them.
    public var neurons: Parameters?
    /// The loss (sum over samples and outputs of `(output - target) * (output - target)`).
    public var loss: Double
    /// Values reachable from the loss through their operands, the loss included.
    public var lossNodes: Int

    public struct Sample: Sendable {
        public var inputs: [Double]
        public var targets: [Double]
        /// The model's outputs for `inputs`.
        public var outputs: [Double]
        /// Each layer's outputs when the layers are called one after another on `inputs`, when
        /// the model exposes callable layers.
        public var layerOutputs: [[Double]]?

        public init(inputs: [Double], targets: [Double], outputs: [Double], layerOutputs: [[Double]]? = nil) {
            self.inputs = inputs
            self.targets = targets
            self.outputs = outputs
            self.layerOutputs = layerOutputs
        }
    }

    /// A list of parameters: their data, their grad after backward, and whether each object
    /// is one of the values reachable from the loss.
    public struct Parameters: Sendable {
        public var data: [Double]
        public var grads: [Double]
        public var inLossGraph: [Bool]

        public init(data: [Double], grads: [Double], inLossGraph: [Bool]) {
            self.data = data
            self.grads = grads
            self.inLossGraph = inLossGraph
        }

        public var count: Int { data.count }
    }

    public init(
        inputs: Int, layers: [Int], hiddenActivation: Activation = .relu, outputActivation: Activation = .linear,
        samples: [Sample], parameters: Parameters, neurons: Parameters? = nil, loss: Double, lossNodes: Int
    ) {
        self.inputs = inputs
        self.layers = layers
        self.hiddenActivation = hiddenActivation
        self.outputActivation = outputActivation
        self.samples = samples
        self.parameters = parameters
        self.neurons = neurons
        self.loss = loss
        self.lossNodes = lossNodes
    }

    // MARK: - Limits

    /// Most inputs, layers, neurons per layer and samples a document may declare.
    public static let maximumWidth = 10_000
    public static let maximumLayers = 100
    public static let maximumSamples = 10_000
    /// Most values gradviz builds to check a document (samples × parameters, about): a
    /// micrograd-size model is thousands; this is a few seconds' work.
    public static let maximumWork = 20_000_000

    /// The parameter count of `MLP(inputs, layers)`: each neuron has a weight per input and a bias.
    public var parameterCount: Int {
        zip([inputs] + layers, layers).reduce(0) { $0 + ($1.0 + 1) * $1.1 }
    }

    /// `MLP(3, [4, 4, 1])`.
    public var architectureText: String {
        "MLP(\(inputs), [\(layers.map(String.init).joined(separator: ", "))])"
    }
}

/// A model document gradviz cannot check: one line saying what is wrong with it.
public struct ModelDocumentError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

// MARK: - Reading the JSON document

extension ModelObservation {
    /// Reads and checks a `gradviz-model` JSON document.
    public init(json bytes: [UInt8]) throws(ModelDocumentError) {
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw ModelDocumentError("not a gradviz-model document: \(Self.describe(error))")
        } catch {
            throw ModelDocumentError("not a gradviz-model document: \(error)")
        }
        guard document.format == "gradviz-model" else {
            throw ModelDocumentError("\"format\" is \"\(document.format)\", expected \"gradviz-model\"")
        }
        guard document.version == 1 else {
            throw ModelDocumentError("\"version\" is \(document.version); this gradviz reads version 1")
        }
        guard let hidden = Activation(rawValue: document.hiddenActivation ?? "relu"),
            let output = Activation(rawValue: document.outputActivation ?? "linear")
        else {
            throw ModelDocumentError("activations are \"relu\", \"tanh\" or \"linear\"")
        }
        self.init(
            inputs: document.inputs, layers: document.layers, hiddenActivation: hidden, outputActivation: output,
            samples: document.samples.map {
                Sample(
                    inputs: $0.inputs.map(\.value), targets: $0.targets.map(\.value), outputs: $0.outputs.map(\.value),
                    layerOutputs: $0.layerOutputs?.map { $0.map(\.value) })
            },
            parameters: document.parameters.values, neurons: document.neurons?.values,
            loss: document.loss.value, lossNodes: document.lossNodes)
        try validate()
    }

    /// Checks the document is self-consistent and small enough; what the model got wrong is
    /// not checked here (that is ``ModelCheck``'s job).
    public func validate() throws(ModelDocumentError) {
        let width = 1...Self.maximumWidth
        guard width.contains(inputs) else {
            throw ModelDocumentError("\"inputs\" must be from 1 to \(Self.maximumWidth)")
        }
        guard (1...Self.maximumLayers).contains(layers.count) else {
            throw ModelDocumentError("\"layers\" must list from 1 to \(Self.maximumLayers) layer sizes")
        }
        guard layers.allSatisfy(width.contains) else {
            throw ModelDocumentError("every layer size must be from 1 to \(Self.maximumWidth)")
        }
        guard (1...Self.maximumSamples).contains(samples.count) else {
            throw ModelDocumentError("\"samples\" must hold from 1 to \(Self.maximumSamples) samples")
        }
        guard samples.count * (parameterCount + inputs * (layers.first ?? 0)) <= Self.maximumWork else {
            throw ModelDocumentError(
                "\(architectureText) on \(samples.count) sample\(samples.count == 1 ? "" : "s") is more than gradviz checks (at most \(Self.maximumWork) values): a smaller model or fewer samples"
            )
        }
        let outputs = layers.last ?? 0
        for (index, sample) in samples.enumerated() {
            let name = "sample \(index + 1)"
            guard sample.inputs.count == inputs else {
                throw ModelDocumentError("\(name) has \(sample.inputs.count) inputs, the model takes \(inputs)")
            }
            guard sample.targets.count == outputs else {
                throw ModelDocumentError(
                    "\(name) has \(sample.targets.count) targets, the model has \(outputs) outputs")
            }
            guard (sample.inputs + sample.targets).allSatisfy(\.isFinite) else {
                throw ModelDocumentError("\(name): inputs and targets must be finite numbers")
            }
        }
        for (name, list) in [("parameters", parameters), ("neurons", neurons)] {
            guard let list else { continue }
            guard list.grads.count == list.count, list.inLossGraph.count == list.count else {
                throw ModelDocumentError(
                    "\"\(name)\": \"data\", \"grad\" and \"in_loss_graph\" must be as long as each other")
            }
        }
        if let neurons {
            guard neurons.count == parameterCount else {
                throw ModelDocumentError(
                    "\"neurons\" has \(neurons.count) parameters, but \(architectureText) has \(parameterCount)")
            }
        }
        guard (neurons ?? parameters).data.allSatisfy(\.isFinite) else {
            throw ModelDocumentError("the model's weights must be finite numbers")
        }
        guard lossNodes >= 0 else { throw ModelDocumentError("\"loss_nodes\" must not be negative") }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return keys.isEmpty ? "" : " at \(keys.hasPrefix(".") ? String(keys.dropFirst()) : keys)"
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing \"\(key.stringValue)\"\(path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "wrong kind of value\(path(context)): \(context.debugDescription)"
        case .dataCorrupted(let context):
            let reason = context.codingPath.isEmpty ? "not JSON" : context.debugDescription
            return reason + path(context)
        @unknown default: return "unreadable"
        }
    }
}

// MARK: - The document's shape

private struct Document: Decodable {
    var format: String
    var version: Int
    var inputs: Int
    var layers: [Int]
    var hiddenActivation: String?
    var outputActivation: String?
    var samples: [SampleDocument]
    var parameters: ParametersDocument
    var neurons: ParametersDocument?
    var loss: Number
    var lossNodes: Int

    enum CodingKeys: String, CodingKey {
        case format, version, inputs, layers, samples, parameters, neurons, loss
        case hiddenActivation = "hidden_activation"
        case outputActivation = "output_activation"
        case lossNodes = "loss_nodes"
    }
}

private struct SampleDocument: Decodable {
    var inputs: [Number]
    var targets: [Number]
    var outputs: [Number]
    var layerOutputs: [[Number]]?

    enum CodingKeys: String, CodingKey {
        case inputs, targets, outputs
        case layerOutputs = "layer_outputs"
    }
}

private struct ParametersDocument: Decodable {
    var data: [Number]
    var grad: [Number]
    var inLossGraph: [Bool]

    enum CodingKeys: String, CodingKey {
        case data, grad
        case inLossGraph = "in_loss_graph"
    }

    var values: ModelObservation.Parameters {
        .init(data: data.map(\.value), grads: grad.map(\.value), inLossGraph: inLossGraph)
    }
}

/// A JSON number, or `"nan"`, `"inf"`, `"-inf"` for the numbers JSON cannot write.
private struct Number: Decodable {
    var value: Double

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Double.self) {
            value = number
            return
        }
        switch try container.decode(String.self) {
        case "nan": value = .nan
        case "inf": value = .infinity
        case "-inf": value = -.infinity
        default:
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected a number, \"nan\", \"inf\" or \"-inf\"")
        }
    }
}
