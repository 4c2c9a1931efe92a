import Autograd
import GraphModel
import NeuralNet
import Testing

@Suite struct MLPPictureTests {
    func trainedTinyModel() -> MLP {
        var recipe = TrainingRecipe.lecture
        recipe.steps = 5
        return recipe.train().model
    }

    @Test func sampleViewShowsTheLargestLossSampleInClusters() throws {
        let model = trainedTinyModel()
        let picture = try model.picture(.sample, data: .tiny, loss: .meanSquaredError, l2: 0)
        let index = model.sampleWithLargestLoss(data: .tiny, loss: .meanSquaredError)
        #expect(picture.title == "sample \(index + 1) of 4 (largest loss)")
        #expect(picture.clustersByPlace && picture.note == nil)
        guard case .graph(let snapshot) = picture.content else {
            Issue.record("not a graph")
            return
        }
        #expect(
            snapshot
                == model.sampleGraph(
                    input: Dataset.tiny.inputs[index], target: Dataset.tiny.targets[index], loss: .meanSquaredError))
        #expect(picture.nodeCount == snapshot.nodes.count)
    }

    @Test func aSampleGraphOverMaxNodesIsFittedNeuronByNeuron() throws {
        let model = trainedTinyModel()
        let whole = model.sampleGraph(
            input: Dataset.tiny.inputs[1], target: Dataset.tiny.targets[1], loss: .meanSquaredError)
        let picture = try model.picture(.sample, data: .tiny, loss: .meanSquaredError, l2: 0, sample: 1, maxNodes: 20)
        let fitted = try #require(whole.fittedByNeuron(maximumNodes: 20))
        #expect(picture.title == "sample 2 of 4")
        #expect(picture.note == fitted.note)
        guard case .graph(let snapshot) = picture.content else {
            Issue.record("not a graph")
            return
        }
        #expect(snapshot == fitted.snapshot)
    }

    @Test func focusKeepsThePathsFromTheParameterAndNamesThem() throws {
        let model = trainedTinyModel()
        let picture = try model.picture(
            .sample, data: .tiny, loss: .meanSquaredError, l2: 0, sample: 0, focus: "L1.N2.w3")
        #expect(picture.title == "sample 1 of 4: paths from L1.N2.w3 to the loss")
        guard case .graph(let snapshot) = picture.content else {
            Issue.record("not a graph")
            return
        }
        #expect(snapshot.nodes.first?.label == "L1.N2.w3" && snapshot.nodes.last?.label == "loss")
        #expect(throws: MLPPicture.Problem.unknownFocus("nope")) {
            try model.picture(.sample, data: .tiny, loss: .meanSquaredError, l2: 0, focus: "nope")
        }
    }

    @Test func neuronsViewCaptionSaysWhySampleWasChosen() throws {
        let model = trainedTinyModel()
        let chosen = try model.picture(.neurons, data: .tiny, loss: .meanSquaredError, l2: 0)
        let index = model.sampleWithLargestLoss(data: .tiny, loss: .meanSquaredError)
        #expect(chosen.title.hasPrefix("sample \(index + 1) of 4 (largest loss): x = ("))
        let given = try model.picture(.neurons, data: .tiny, loss: .meanSquaredError, l2: 0, sample: 2)
        #expect(given.title.hasPrefix("sample 3 of 4: x = ("))
        guard case .network(let network) = given.content else {
            Issue.record("not a network")
            return
        }
        #expect(network == model.networkSnapshot(data: .tiny, sample: 2, loss: .meanSquaredError, l2: 0))
        #expect(given.nodeCount == 3 + 4 + 4 + 1)
    }

    @Test func lossViewFoldsSamplesIntoGroupsOverMaxNodes() throws {
        let (model, data, _) = TrainingRecipe.moonsDemo.withSteps(2).train()
        let picture = try model.picture(.loss, data: data, loss: .hinge, l2: 1e-4, maxNodes: 30)
        #expect(
            picture.title.hasPrefix("loss over 100 samples: ") && picture.title.hasSuffix(" nodes, each sample folded"))
        #expect(
            picture.note
                == "folded 100 samples into groups of 5 to stay within --max-nodes 30; raise --max-nodes to see each sample"
        )
        #expect(!picture.clustersByPlace)
    }

    @Test func boundaryScoresAreTheModelsOutputAtEachCellCentre() throws {
        let (model, data, _) = TrainingRecipe.moonsDemo.withSteps(3).train()
        let boundary = try DecisionBoundary(model: model, data: data, cells: 8)
        let xs = data.inputs.map { $0[0] }
        let ys = data.inputs.map { $0[1] }
        #expect(boundary.xRange == (xs.min()! - 0.5)...(xs.max()! + 0.5))
        #expect(boundary.yRange == (ys.min()! - 0.5)...(ys.max()! + 0.5))
        #expect(boundary.scores.count == 8 && boundary.scores.allSatisfy { $0.count == 8 })
        #expect(
            boundary.points.count == 100 && boundary.points[7].x == xs[7]
                && boundary.points[7].target == data.targets[7])
        // Row 2, column 5: the cell's centre, through the model by Value arithmetic.
        let x = boundary.xRange.lowerBound + 5.5 / 8 * (boundary.xRange.upperBound - boundary.xRange.lowerBound)
        let y = boundary.yRange.lowerBound + 2.5 / 8 * (boundary.yRange.upperBound - boundary.yRange.lowerBound)
        model.resetGraph()
        #expect(boundary.scores[2][5] == model([Value(x, on: model.tape), Value(y, on: model.tape)])[0].data)
    }

    @Test func boundaryNeedsTwoFiniteFeatures() {
        let model = TrainingRecipe.lecture.model(inputs: 3)
        #expect(throws: DecisionBoundary.Problem.notTwoFeatures(3)) { try DecisionBoundary(model: model, data: .tiny) }
        let twoFeatures = TrainingRecipe.moonsDemo.model(inputs: 2)
        let infinite = Dataset(inputs: [[0, 1], [.infinity, 2]], targets: [1, -1])
        #expect(throws: DecisionBoundary.Problem.nonFiniteData) {
            try DecisionBoundary(model: twoFeatures, data: infinite)
        }
    }
}

extension TrainingRecipe {
    /// The recipe with another number of steps.
    func withSteps(_ steps: Int) -> TrainingRecipe {
        var recipe = self
        recipe.steps = steps
        return recipe
    }
}
