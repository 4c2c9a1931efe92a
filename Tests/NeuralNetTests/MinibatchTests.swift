import Autograd
import GraphModel
import NeuralNet
import Testing

@Suite struct MinibatchTests {
    func batches(seed: UInt64, size: Int?, steps: Int = 5) -> [Trainer.Step] {
        var recipe = TrainingRecipe.moonsDemo
        recipe.weightSeed = seed
        recipe.batchSize = size
        let data = recipe.dataset()
        var trainer = recipe.trainer(for: recipe.model(inputs: 2), on: data)
        return (0..<steps).map { _ in trainer.step() }
    }

    @Test func eachStepDrawsDistinctSamplesAndTheSameSeedDrawsTheSameBatches() throws {
        let first = batches(seed: 1337, size: 16)
        let again = batches(seed: 1337, size: 16)
        let other = batches(seed: 7, size: 16)
        #expect(first == again)
        #expect(first.map(\.batch) != other.map(\.batch))
        for step in first {
            let batch = try #require(step.batch)
            #expect(batch.count == 16 && Set(batch).count == 16 && batch.allSatisfy { (0..<100).contains($0) })
        }
        #expect(first[0].batch != first[1].batch)
    }

    @Test func aStepsLossIsTheLossOnItsBatch() throws {
        var recipe = TrainingRecipe.moonsDemo
        recipe.batchSize = 10
        let data = recipe.dataset()
        let model = recipe.model(inputs: 2)
        let before = model.parameterData
        var trainer = recipe.trainer(for: model, on: data)
        let step = trainer.step()
        let batch = try #require(step.batch)
        let check = recipe.model(inputs: 2)
        check.parameterData = before
        let subset = Dataset(inputs: batch.map { data.inputs[$0] }, targets: batch.map { data.targets[$0] })
        let graph = check.lossGraph(on: subset, loss: .hinge, l2: 1e-4)
        #expect(check.tape.data(graph.total) == step.loss)
        #expect(step.accuracy == graph.accuracy)
    }

    @Test func aBatchAsLargeAsTheDataIsTheWholeData() {
        #expect(batches(seed: 1337, size: 100, steps: 2) == batches(seed: 1337, size: nil, steps: 2))
        #expect(batches(seed: 1337, size: nil, steps: 1)[0].batch == nil)
    }

    @Test func minibatchTrainingStillLearnsTheMoons() {
        var recipe = TrainingRecipe.moonsDemo
        recipe.batchSize = 32
        let (model, data, _) = recipe.train()
        model.resetGraph()
        #expect(model.lossGraph(on: data, loss: .hinge, l2: 1e-4).accuracy >= 0.9)
    }

    @Test func lossViewOfABatchNamesSamplesByTheirPlaceInTheData() throws {
        let data = TrainingRecipe.moonsDemo.dataset()
        let model = TrainingRecipe.moonsDemo.model(inputs: 2)
        let picture = try model.picture(.loss, data: data, loss: .hinge, l2: 1e-4, batch: [41, 7, 93])
        #expect(picture.title.hasPrefix("loss over a batch of 3 of 100 samples"))
        guard case .graph(let graph) = picture.content else {
            Issue.record("not a graph")
            return
        }
        let labels = graph.nodes.compactMap(\.label)
        #expect(labels.contains { $0.hasPrefix("sample 42 ") } && labels.contains { $0.hasPrefix("sample 94 ") })
    }
}
