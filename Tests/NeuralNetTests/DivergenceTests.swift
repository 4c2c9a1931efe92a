import Autograd
import NeuralNet
import Testing

@Suite struct DivergenceTests {
    @Test(arguments: [
        (1.0, 0.98, false), (1e5, 0.98, false), (1.1e6, 0.98, true), (1e6, 0.5, false), (2e12, 1e6, true),
        (9e11, 1e6, false), (Double.nan, 1, true), (Double.infinity, 1, true), (-Double.infinity, 1, true),
        (0, 0, false), (3, Double.nan, false), (2e6, Double.nan, true),
    ])
    func divergesWhenTheLossIsNonFiniteOrGrowsAMillionFold(_ loss: Double, _ first: Double, _ diverged: Bool) {
        #expect((Divergence(step: 5, loss: loss, firstLoss: first) != nil) == diverged)
    }

    @Test func describesTheStepAndTheGrowth() throws {
        let nan = try #require(Divergence(step: 7, loss: .nan, firstLoss: 1))
        #expect(nan.description == "the loss is nan at step 7")
        #expect(!nan.isBeforeTraining)
        let grown = try #require(Divergence(step: 3, loss: 3.1e12, firstLoss: 0.98))
        #expect(
            grown.description == "the loss reached 3.1000e+12 at step 3, over a million times the first step's 0.9800")
        #expect(Divergence(step: 1, loss: .infinity, firstLoss: .infinity)?.isBeforeTraining == true)
    }

    /// The squared error on unscaled data (features up to 19) with the hinge loss's rate of
    /// 1.0 explodes within a few steps, and the trainer's steps show it; the squared error's
    /// own default rate trains on the same data.
    @Test func squaredErrorWithTheHingeRateDivergesAndItsOwnRateDoesNot() {
        let data = Dataset(
            inputs: (0..<20).map { [Double($0), Double($0 % 5)] }, targets: (0..<20).map { Double($0) / 4 })
        func firstDivergence(rate: Double) -> (Divergence?, Double) {
            var generator = SeededGenerator(seed: 1337)
            let model = MLP(inputs: 2, layerSizes: [8, 1], activation: .tanh, generator: &generator)
            var trainer = Trainer(model: model, data: data, loss: .meanSquaredError, l2: 0, schedule: .constant(rate))
            var first: Double?
            var last = Double.nan
            for _ in 0..<50 {
                let step = trainer.step()
                first = first ?? step.loss
                last = step.loss
                if let divergence = Divergence(step, firstLoss: first ?? step.loss) { return (divergence, last) }
            }
            return (nil, last)
        }
        #expect(Loss.meanSquaredError.defaultLearningRate == 0.05 && Loss.hinge.defaultLearningRate == 1.0)
        let (diverged, _) = firstDivergence(rate: 1.0)
        #expect(diverged != nil && (diverged?.step ?? 99) < 20)
        let (fine, last) = firstDivergence(rate: Loss.meanSquaredError.defaultLearningRate)
        #expect(fine == nil && last < 1)
    }
}
