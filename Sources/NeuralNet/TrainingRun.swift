import Autograd

/// A whole training run, as `gradviz mlp` trains: the recipe's ``TrainingRecipe/steps`` steps
/// of its ``Trainer``, stopped at the first step whose loss diverges (``Divergence``), then the
/// trained model's own loss and accuracy after the last update, which is checked for divergence
/// too.
///
/// A ``TrainingRecorder``, when given, observes the model before every step and after the last
/// one, for a replay.
///
/// ```swift
/// let recipe = TrainingRecipe.moonsDemo
/// let data = recipe.dataset()
/// let model = recipe.model(inputs: data.featureCount)
/// let run = TrainingRun(recipe: recipe, model: model, data: data) { step in print(step.loss) }
/// ```
public struct TrainingRun {
    /// Each step's measurements (before its update), in order.
    public private(set) var history: [Trainer.Step] = []
    /// Where training went wrong, if it did: a step's loss, or the trained model's (its
    /// ``Divergence/step`` is then one past the last step).
    public private(set) var divergence: Divergence?
    /// The recorder given, having observed the run.
    public private(set) var recorder: TrainingRecorder?
    /// The trained model's loss on the whole data after the last update.
    public private(set) var finalLoss: Double
    /// The trained model's accuracy on the whole data after the last update.
    public private(set) var finalAccuracy: Double
    /// Whether `shouldStop` ended the run before its last step.
    public private(set) var wasStopped = false

    /// Trains `model` on `data` with `recipe`'s loss, penalty, schedule, batches and steps.
    ///
    /// - Parameters:
    ///   - recipe: how to train (its data source is not used: `data` is).
    ///   - model: the network to train, in place.
    ///   - data: the training set.
    ///   - recorder: records the run for replay, if given (see ``recorder``).
    ///   - onStep: called after each step with its measurements (such as for a progress bar).
    ///   - shouldStop: asked before each step; `true` ends the run there (such as on an
    ///     interrupt). The final loss and accuracy are still measured.
    public init(
        recipe: TrainingRecipe, model: MLP, data: Dataset, recorder: TrainingRecorder? = nil,
        onStep: (Trainer.Step) -> Void = { _ in }, shouldStop: () -> Bool = { false }
    ) {
        var trainer = recipe.trainer(for: model, on: data)
        var recorder = recorder
        for index in 0..<recipe.steps {
            if shouldStop() {
                wasStopped = true
                break
            }
            recorder?.observe(model, afterUpdates: index)
            let step = trainer.step()
            history.append(step)
            onStep(step)
            divergence = Divergence(step, firstLoss: history[0].loss)
            if divergence != nil { break }
        }
        if divergence == nil && !wasStopped { recorder?.observe(model, afterUpdates: recipe.steps) }
        // The trained model's own loss and accuracy (after the last update).
        model.resetGraph()
        let final = model.lossGraph(on: data, loss: recipe.loss, l2: recipe.l2)
        finalLoss = model.tape.data(final.total)
        finalAccuracy = final.accuracy
        model.resetGraph()
        if divergence == nil, !wasStopped, let first = history.first {
            divergence = Divergence(step: recipe.steps + 1, loss: finalLoss, firstLoss: first.loss)
        }
        self.recorder = recorder
    }
}
