import NeuralNet
import Testing

@Suite struct TrainingRunTests {
    @Test func runTrainsAsTheRecipeDoesWhenNothingDiverges() {
        var recipe = TrainingRecipe.moonsDemo
        recipe.steps = 10
        let trained = recipe.train()
        let data = recipe.dataset()
        let model = recipe.model(inputs: data.featureCount)
        var seen: [Int] = []
        let run = TrainingRun(recipe: recipe, model: model, data: data) { seen.append($0.index) }
        #expect(run.history == trained.history)
        #expect(model.parameterData == trained.model.parameterData)
        #expect(seen == Array(0..<10))
        #expect(run.divergence == nil && !run.wasStopped)
        #expect(run.finalLoss.isFinite && run.finalLoss < run.history[0].loss)
    }

    @Test func runStopsAtTheFirstDivergentStep() {
        var recipe = TrainingRecipe.moonsDemo
        recipe.learningRate = 1000
        recipe.steps = 20
        let data = recipe.dataset()
        let run = TrainingRun(recipe: recipe, model: recipe.model(inputs: data.featureCount), data: data)
        guard let divergence = run.divergence else {
            Issue.record("a learning rate of 1000 did not diverge")
            return
        }
        #expect(divergence.step == run.history.count)
        #expect(run.history.count < 20)
    }

    @Test func divergenceOfTheTrainedModelIsOnePastTheLastStep() {
        var recipe = TrainingRecipe.moonsDemo
        recipe.learningRate = 40
        recipe.steps = 2
        let data = recipe.dataset()
        let run = TrainingRun(recipe: recipe, model: recipe.model(inputs: data.featureCount), data: data)
        #expect(run.history.count == 2)
        #expect(run.divergence?.step == 3)
    }

    @Test func stopCheckEndsTheRunBeforeAStep() {
        var recipe = TrainingRecipe.moonsDemo
        recipe.steps = 10
        let data = recipe.dataset()
        var asked = 0
        let run = TrainingRun(
            recipe: recipe, model: recipe.model(inputs: data.featureCount), data: data,
            shouldStop: {
                asked += 1
                return asked > 3
            })
        #expect(run.history.count == 3 && run.wasStopped && run.divergence == nil)
        #expect(run.finalLoss.isFinite)
    }
}
