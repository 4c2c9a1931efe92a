import Autograd
import GraphModel
import NeuralNet
import Testing

@testable import EngineTesting

/// test-model's checker on documents written here: a correct micrograd MLP's, and the same
/// with each of the Go write-up's structural bugs (and the plainer ones) planted in its numbers.
@Suite struct ModelCheckTests {
    // MARK: - Documents

    /// micrograd's lecture network, `MLP(3, [4, 4, 1])`: 41 parameters.
    static let inputs = 3
    static let layers = [4, 4, 1]

    /// What a correct micrograd MLP reports: gradviz's own numbers, every parameter in the graph.
    static func correct(samples count: Int = 4) -> ModelObservation {
        var generator = SeededGenerator(seed: 7)
        let model = MLP(inputs: inputs, layerSizes: layers, generator: &generator)
        var weights = model.parameterData
        // Biases away from 0 (micrograd starts them at 0; any weights must do).
        for index in weights.indices where index % 4 == 3 { weights[index] = generator.uniform(-0.5, 0.5) }
        let inputs = (0..<count).map { _ in (0..<Self.inputs).map { _ in generator.uniform(-2, 2) } }
        let targets = (0..<count).map { [$0 % 2 == 0 ? 1.0 : -1.0] }
        let samples = zip(inputs, targets).map { ModelObservation.Sample(inputs: $0, targets: $1, outputs: []) }
        let draft = ModelObservation(
            inputs: Self.inputs, layers: layers, samples: samples,
            parameters: .init(data: weights, grads: [], inLossGraph: []), loss: 0, lossNodes: 0)
        let reference = ModelReference(observation: draft, weights: weights)
        let everywhere = [Bool](repeating: true, count: weights.count)
        let parameters = ModelObservation.Parameters(data: weights, grads: reference.grads, inLossGraph: everywhere)
        return ModelObservation(
            inputs: Self.inputs, layers: layers,
            samples: samples.indices.map {
                .init(
                    inputs: inputs[$0], targets: targets[$0], outputs: reference.outputs[$0],
                    layerOutputs: reference.layerOutputs[$0])
            },
            parameters: parameters, neurons: parameters, loss: reference.loss, lossNodes: reference.lossNodes)
    }

    /// The document as the Python module writes it (read back through the JSON reader, so
    /// every test also covers it).
    static func json(_ observation: ModelObservation, format: String = "gradviz-model") -> [UInt8] {
        func list(_ numbers: [Double]) -> String { "[" + numbers.map(JSONText.number).joined(separator: ", ") + "]" }
        func parameters(_ p: ModelObservation.Parameters) -> String {
            "{\"data\": \(list(p.data)), \"grad\": \(list(p.grads)), \"in_loss_graph\": [\(p.inLossGraph.map(String.init).joined(separator: ", "))]}"
        }
        let samples = observation.samples.map { sample in
            var fields = [
                "\"inputs\": \(list(sample.inputs))", "\"targets\": \(list(sample.targets))",
                "\"outputs\": \(list(sample.outputs))",
            ]
            if let layers = sample.layerOutputs {
                fields.append("\"layer_outputs\": [" + layers.map(list).joined(separator: ", ") + "]")
            }
            return "{" + fields.joined(separator: ", ") + "}"
        }
        var fields = [
            "\"format\": \"\(format)\"", "\"version\": 1", "\"inputs\": \(observation.inputs)",
            "\"layers\": [\(observation.layers.map(String.init).joined(separator: ", "))]",
            "\"hidden_activation\": \"\(observation.hiddenActivation.rawValue)\"",
            "\"output_activation\": \"\(observation.outputActivation.rawValue)\"",
            "\"samples\": [" + samples.joined(separator: ", ") + "]",
            "\"parameters\": " + parameters(observation.parameters),
            "\"loss\": \(JSONText.number(observation.loss))", "\"loss_nodes\": \(observation.lossNodes)",
        ]
        if let neurons = observation.neurons { fields.append("\"neurons\": " + parameters(neurons)) }
        return Array(("{" + fields.joined(separator: ", ") + "}").utf8)
    }

    static func check(_ observation: ModelObservation) throws -> ModelCheck {
        ModelCheck(try ModelObservation(json: json(observation)))
    }

    /// Indices of layer `layer`'s parameters (0-based) in `MLP(3, [4, 4, 1])`: 16, 20, 5.
    static func layer(_ layer: Int) -> Range<Int> { [0..<16, 16..<36, 36..<41][layer] }

    static func isBias(_ index: Int) -> Bool {
        let fanIn = index < 16 ? 3 : 4
        let start = index < 16 ? 0 : index < 36 ? 16 : 36
        return (index - start) % (fanIn + 1) == fanIn
    }

    // MARK: - A correct model

    @Test func correctModelIsTheSame() throws {
        let check = try Self.check(Self.correct())
        #expect(check.kind == .same)
        #expect(check.sentence.hasPrefix("your model agrees with gradviz's MLP(3, [4, 4, 1])"))
        #expect(check.note == nil)
        // micrograd counts, per sample: 4 first-layer neurons × (3 wrapped inputs, 3 *, 3 +, relu),
        // 4 × (4 *, 4 +, relu), 1 × (4 *, 4 +), the loss term (a leaf −t, +, *); 3 adds
        // joining the 4 terms; 41 parameters: 4·(40 + 36 + 8 + 3) + 3 + 41 = 392, what
        // micrograd 0.1.0's MLP(3, [4, 4, 1]) gives in python/test_gradviz.py.
        #expect(check.reference?.lossNodes == 392)
    }

    @Test func roundingDifferencesAreNotReported() throws {
        var observation = Self.correct()
        for index in observation.samples.indices {
            observation.samples[index].outputs = observation.samples[index].outputs.map { $0 * (1 + 3e-14) }
        }
        observation.parameters.grads = observation.parameters.grads.map { $0 * (1 - 5e-13) + 1e-15 }
        observation.neurons = observation.parameters
        observation.loss *= 1 + 1e-12
        #expect(try Self.check(observation).kind == .same)
    }

    @Test func anotherGraphSizeAloneIsANote() throws {
        var observation = Self.correct()
        observation.lossNodes = 200  // an engine with fused operations
        let check = try Self.check(observation)
        #expect(check.kind == .same)
        #expect(
            check.note?.contains("the loss graph holds 200 values; micrograd's MLP(3, [4, 4, 1]) builds 392") == true)
    }

    // MARK: - The Go write-up's structural bugs

    /// `act.Add(w*x)` whose result is dropped: each neuron outputs its bias, so only the last
    /// layer's bias reaches the loss and every sample gives the same output.
    @Test func droppedSumGivesTheSameOutputForEverySample() throws {
        var observation = Self.correct()
        let bias = observation.parameters.data[40]
        for index in observation.samples.indices {
            observation.samples[index].outputs = [bias]
            observation.samples[index].layerOutputs = nil
        }
        let reached = (0..<41).map { $0 == 40 }
        observation.parameters.inLossGraph = reached
        observation.parameters.grads = (0..<41).map { _ in 0 }
        observation.neurons = observation.parameters
        observation.lossNodes = 16
        let check = try Self.check(observation)
        #expect(check.kind == .sameOutput)
        #expect(check.sentence.hasPrefix("every sample gives the same output"))
        #expect(check.details.contains { $0.contains("drops the result (write act = act + wi*xi)") })
    }

    /// The model's `__call__` runs each layer on the inputs again: only the last layer's first
    /// three weights and its bias reach the loss, a graph a seventh of micrograd's.
    @Test func layerNotFedThePreviousOutputsShrinksTheGraph() throws {
        var observation = Self.correct()
        let reached = (0..<41).map { $0 >= 36 && $0 != 39 }
        observation.parameters.inLossGraph = reached
        observation.neurons = observation.parameters
        for index in observation.samples.indices { observation.samples[index].outputs[0] += 0.25 }
        observation.lossNodes = 55
        let check = try Self.check(observation)
        #expect(check.kind == .layerNotFed)
        #expect(
            check.sentence == "the loss graph has 1/7 of the nodes it should (layer 3 is not fed layer 2's outputs)")
        #expect(
            check.details.contains(
                "37 of 41 parameters never reach the loss: all of layer 1's 16, all of layer 2's 20, model.layers[2].neurons[0].w[3]"
            ))
    }

    /// A graph of about the right size, but layer 1's parameters unreached: named without a ratio.
    @Test func layerNotFedWithoutASmallGraphIsStillNamed() throws {
        var observation = Self.correct()
        observation.parameters.inLossGraph = (0..<41).map { $0 >= 16 }
        observation.neurons = observation.parameters
        let check = try Self.check(observation)
        #expect(check.kind == .layerNotFed)
        #expect(
            check.sentence == "layer 2 is not fed layer 1's outputs: none of layer 1's 16 parameters reach the loss")
    }

    /// `parameters()` returns fresh values: they are not in the graph and keep grad 0, while
    /// the neurons' own values got the right gradients.
    @Test func copiedParametersKeepGradZero() throws {
        var observation = Self.correct()
        observation.parameters.inLossGraph = [Bool](repeating: false, count: 41)
        observation.parameters.grads = [Double](repeating: 0, count: 41)
        let check = try Self.check(observation)
        #expect(check.kind == .copies)
        #expect(check.sentence == "backward ran but the model's parameters kept grad 0 (the graph holds copies)")
        #expect(check.details.contains { $0.contains("did get the right gradients") })
    }

    /// The same without the neurons exposed: the outputs being right says the weights were used.
    @Test func copiedParametersAreFoundWithoutTheNeurons() throws {
        var observation = Self.correct()
        observation.neurons = nil
        for index in observation.samples.indices { observation.samples[index].layerOutputs = nil }
        observation.parameters.inLossGraph = [Bool](repeating: false, count: 41)
        observation.parameters.grads = [Double](repeating: 0, count: 41)
        #expect(try Self.check(observation).kind == .copies)
    }

    // MARK: - Plainer differences

    /// `for i in range(len(x) - 1)`: every neuron's last weight never reaches the loss.
    @Test func unreachedParametersAreCountedAndPlaced() throws {
        var observation = Self.correct()
        let lastWeights: Set<Int> = [2, 6, 10, 14, 19, 24, 29, 34, 39]
        observation.parameters.inLossGraph = (0..<41).map { !lastWeights.contains($0) }
        observation.neurons = observation.parameters
        observation.samples[1].outputs[0] -= 0.5
        let check = try Self.check(observation)
        #expect(check.kind == .unreachedParameters)
        #expect(check.sentence == "9 of 41 parameters never reach the loss")
        #expect(
            check.details.first
                == "9 of 41 parameters never reach the loss: model.layers[0].neurons[0].w[2], model.layers[0].neurons[1].w[2], model.layers[0].neurons[2].w[2], and 6 more"
        )
        #expect(check.details.contains { $0.hasPrefix("the outputs differ at sample 2") })
    }

    @Test func outputsDifferAtTheFirstLayerThatDiffers() throws {
        var observation = Self.correct()
        observation.samples[2].outputs[0] += 0.125
        observation.samples[2].layerOutputs?[1][3] += 0.5
        let check = try Self.check(observation)
        #expect(check.kind == .outputs)
        #expect(check.sentence.hasPrefix("the outputs differ at sample 3: the output is "))
        #expect(
            check.details.first?.hasPrefix(
                "called layer by layer, layer 2 is the first to differ: model.layers[1].neurons[3] gives") == true)
    }

    @Test func outputsWrongWithEveryLayerRightBlamesTheModelsCall() throws {
        var observation = Self.correct()
        observation.samples[0].outputs[0] += 1
        let check = try Self.check(observation)
        #expect(check.kind == .outputs)
        #expect(
            check.details == [
                "called layer by layer, every layer's outputs are right: the model's __call__ does not pass each layer's outputs to the next (x = layer(x))"
            ])
    }

    @Test func aWrongLossIsNamed() throws {
        var observation = Self.correct()
        observation.loss += 1
        let check = try Self.check(observation)
        #expect(check.kind == .loss)
        #expect(check.sentence.hasPrefix("the outputs are right but the loss is "))
    }

    @Test func gradientsDifferByPlace() throws {
        var observation = Self.correct()
        observation.parameters.grads[16 + 3 * 5 + 2] += 0.75  // layer 2, neuron 4, w[2]
        observation.neurons = observation.parameters
        let check = try Self.check(observation)
        #expect(check.kind == .gradients)
        #expect(check.sentence.hasPrefix("1 of 41 gradients differ, first model.layers[1].neurons[3].w[2]: "))
    }

    @Test func gradZeroEverywhereSaysBackwardNeverReachedThem() throws {
        var observation = Self.correct()
        observation.parameters.grads = [Double](repeating: 0, count: 41)
        observation.neurons = observation.parameters
        let check = try Self.check(observation)
        #expect(check.kind == .gradients)
        #expect(check.sentence.hasPrefix("every parameter's grad is still 0 after loss.backward()"))
    }

    @Test func aParameterCountThatDoesNotFitIsTheVerdict() throws {
        var observation = Self.correct()
        observation.neurons = nil
        let kept = (0..<41).filter { !Self.isBias($0) }
        observation.parameters = .init(
            data: kept.map { observation.parameters.data[$0] }, grads: kept.map { observation.parameters.grads[$0] },
            inLossGraph: kept.map { _ in true })
        let check = try Self.check(observation)
        #expect(check.kind == .parameterCount)
        #expect(check.sentence == "parameters() returns 32 values, but MLP(3, [4, 4, 1]) has 41")
    }

    @Test func placesFollowMicrogradsOrder() {
        #expect(ModelCheck.place(of: 0, inputs: 3, layers: [4, 4, 1]) == "model.layers[0].neurons[0].w[0]")
        #expect(ModelCheck.place(of: 3, inputs: 3, layers: [4, 4, 1]) == "model.layers[0].neurons[0].b")
        #expect(
            ModelCheck.place(of: 16 + 3 * 5 + 2, inputs: 3, layers: [4, 4, 1]) == "model.layers[1].neurons[3].w[2]")
        #expect(ModelCheck.place(of: 40, inputs: 3, layers: [4, 4, 1]) == "model.layers[2].neurons[0].b")
    }

    // MARK: - Documents gradviz cannot read

    @Test(arguments: [
        ("not json", "not a gradviz-model document: not JSON"),
        ("{\"format\": \"gradviz-graph\", \"version\": 1}", "not a gradviz-model document: missing \"inputs\""),
    ])
    func unreadableDocumentsAreOneLine(_ text: String, _ message: String) {
        #expect(throws: ModelDocumentError.self) { try ModelObservation(json: Array(text.utf8)) }
        do {
            _ = try ModelObservation(json: Array(text.utf8))
        } catch {
            #expect(error.message == message)
        }
    }

    @Test func aSampleWithTheWrongInputCountIsRejected() {
        var observation = Self.correct()
        observation.samples[1].inputs.removeLast()
        do {
            _ = try ModelObservation(json: Self.json(observation))
            Issue.record("expected an error")
        } catch {
            #expect(error.message == "sample 2 has 2 inputs, the model takes 3")
        }
    }

    @Test func anotherFormatIsRejected() {
        do {
            _ = try ModelObservation(json: Self.json(Self.correct(), format: "gradviz-graph"))
            Issue.record("expected an error")
        } catch {
            #expect(error.message == "\"format\" is \"gradviz-graph\", expected \"gradviz-model\"")
        }
    }
}
