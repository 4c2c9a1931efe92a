import Autograd
import GraphModel
import NeuralNet
import Testing

@Suite struct TrainingRecorderTests {
    /// Trains the recipe for `steps` steps with a recorder, as `gradviz mlp` does, and returns
    /// the replay with each step's gradients as the trainer applied them.
    func record(_ recipe: TrainingRecipe, steps: Int) throws -> (replay: TrainingReplay, grads: [[Double]]) {
        let data = recipe.dataset()
        let model = recipe.model(inputs: data.featureCount)
        var recorder = try #require(TrainingRecorder(steps: steps, model: model, sampleCount: data.count))
        var trainer = recipe.trainer(for: model, on: data)
        var history: [Trainer.Step] = []
        var grads: [[Double]] = []
        for index in 0..<steps {
            recorder.observe(model, afterUpdates: index)
            history.append(trainer.step())
            // The update has run; the tape still holds the gradients it used.
            grads.append(model.parameterIDs.map { model.tape.grad($0) })
        }
        recorder.observe(model, afterUpdates: steps)
        model.resetGraph()
        let final = model.lossGraph(on: data, loss: recipe.loss, l2: recipe.l2)
        let measured = (model.tape.data(final.total), final.accuracy)
        model.resetGraph()
        let replay = recorder.replay(
            model: model, history: history, final: measured, data: data, loss: recipe.loss, l2: recipe.l2, sample: nil,
            title: "test")
        return (replay, grads)
    }

    /// A frame's parameters in micrograd's order (each neuron's weights, then its bias), and the
    /// gradient of each (`nil` for biases: a frame keeps the weights' gradients).
    func parameters(of frame: TrainingReplay.Frame) -> (data: [Double], grads: [Double?]) {
        var data: [Double] = []
        var grads: [Double?] = []
        for (layerIndex, layer) in frame.network.layers.enumerated().dropFirst() {
            for (index, unit) in layer.enumerated() {
                let incoming = frame.network.connections.filter { $0.fromLayer == layerIndex - 1 && $0.to == index }
                data += incoming.map(\.weight) + [unit.bias ?? .nan]
                grads += incoming.map(\.grad) + [nil]
            }
        }
        return (data, grads)
    }

    @Test func eachFrameIsTheModelAfterThatManyUpdatesWithTheGradientsItsStepApplies() throws {
        var recipe = TrainingRecipe.moonsDemo
        recipe.steps = 12
        let (replay, grads) = try record(recipe, steps: 12)
        #expect(replay.frames.map(\.step) == Array(0...12))
        // Replaying the updates from the first frame's parameters reaches every later frame, bit for bit.
        let rates = (0..<12).map { Trainer.Schedule.linear(start: 1.0, end: 0.1, steps: 12).rate(at: $0) }
        var expected = parameters(of: replay.frames[0]).data
        for step in 0..<12 {
            let frame = parameters(of: replay.frames[step])
            // The frame's weight gradients are the ones its step's update applied.
            for (recorded, applied) in zip(frame.grads, grads[step]) where recorded != nil {
                #expect(recorded == applied, "step \(step)")
            }
            expected = zip(expected, grads[step]).map { $0 - rates[step] * $1 }
            #expect(parameters(of: replay.frames[step + 1]).data == expected, "step \(step + 1)")
        }
        #expect(replay.frames.last?.learningRate == nil)
        #expect(replay.frames[3].learningRate == rates[3])
    }

    @Test func lossesAndAccuraciesAreEachStepsBeforeItsUpdateAndTheTrainedModelsAtTheEnd() throws {
        var recipe = TrainingRecipe.lecture
        recipe.steps = 7
        let data = recipe.dataset()
        let model = recipe.model(inputs: data.featureCount)
        var trainer = recipe.trainer(for: model, on: data)
        let history = (0..<7).map { _ in trainer.step() }
        let (replay, _) = try record(recipe, steps: 7)
        #expect(replay.frames.dropLast().map(\.loss) == history.map(\.loss))
        #expect(replay.losses.dropLast() == history.map(\.loss)[...])
        #expect(replay.accuracies.dropLast() == history.map(\.accuracy)[...])
        model.resetGraph()
        let final = model.lossGraph(on: data, loss: recipe.loss, l2: recipe.l2)
        #expect(replay.frames.last?.loss == model.tape.data(final.total))
        #expect(replay.losses.last == model.tape.data(final.total))
        #expect(replay.plane == nil)  // three features: no boundary
        #expect(replay.note == nil)
    }

    @Test func aLongRunRecordsRoundStepsWithinTheBudgetAndSaysSo() throws {
        // micrograd's demo network for a million steps: 337 parameters, 35 units.
        let strides = try #require(TrainingReplay.strides(steps: 1_000_000, parameterCount: 337, unitCount: 35))
        #expect([1, 2, 5].contains(strides.frame / Int(pow10(of: strides.frame))))
        #expect(strides.curve == 50)
        let frames = 1_000_000 / strides.frame + 2
        let bytes =
            frames * (2 * 337 + 2 * 35 + 8) * 25 + 2 * (1_000_000 / strides.curve + 2) * 25 + 337 * 48 + 35 * 96
        #expect(bytes <= TrainingReplay.recordBudget)
        // A million samples: the boundary shows every 200th.
        #expect(
            TrainingReplay.strides(steps: 100, parameterCount: 337, unitCount: 35, sampleCount: 1_000_000)?.point == 200
        )
        // Twice the stride would not have been needed: the stride is the smallest round one.
        #expect(TrainingReplay.strides(steps: 100, parameterCount: 337, unitCount: 35)! == (1, 1, 1))
        // A network whose first and last steps do not fit is refused.
        #expect(TrainingReplay.strides(steps: 10, parameterCount: 100_000, unitCount: 400) == nil)
    }

    func pow10(of value: Int) -> Double {
        var power = 1
        while power * 10 <= value { power *= 10 }
        return Double(power)
    }

    @Test func aRecordedRunWritesItsNumbersExactlyInItsJSON() throws {
        var recipe = TrainingRecipe.moonsDemo
        recipe.steps = 3
        let (replay, _) = try record(recipe, steps: 3)
        let text = replay.jsonText
        let frame = try #require(replay.frames.last)
        for weight in frame.network.connections.prefix(20).map(\.weight) {
            #expect(text.contains(JSONText.number(weight)))
        }
        #expect(text.contains("\"steps\": 3"))
        #expect(text.contains("\"plane\": {\"x\": ["))
        #expect(replay.plane?.points.count == 100)
        #expect(!text.contains("</"))
    }

    @Test func aRunThatStopsEarlyEndsItsReplayAtTheStepThatDivergedEvenOffTheStride() throws {
        var recipe = TrainingRecipe.lecture
        recipe.learningRate = 1e200
        recipe.finalLearningRate = 1e200
        let data = recipe.dataset()
        let model = recipe.model(inputs: data.featureCount)
        // 400 steps with a big network: frames every 2nd step, so an odd step is off the stride.
        var recorder = try #require(TrainingRecorder(steps: 400_000, model: model, sampleCount: data.count))
        #expect(recorder.frameStride > 1)
        var trainer = recipe.trainer(for: model, on: data)
        var history: [Trainer.Step] = []
        var stop = 0
        for index in 0..<400_000 {
            recorder.observe(model, afterUpdates: index)
            history.append(trainer.step())
            if Divergence(history[index], firstLoss: history[0].loss) != nil {
                stop = index
                break
            }
        }
        #expect(stop > 0 && stop % recorder.frameStride != 0)
        recorder.stopped(because: "training diverged")
        let replay = recorder.replay(
            model: model, history: history, final: (.nan, .nan), data: data, loss: recipe.loss, l2: recipe.l2,
            sample: nil, title: "test")
        #expect(replay.steps == stop && replay.frames.last?.step == stop)
        #expect(replay.frames.last?.loss == history[stop].loss)
        #expect(replay.frames.last?.learningRate == nil)
        #expect(replay.losses.last == history[stop].loss)
        #expect(replay.stopped == "training diverged")
        #expect(recorder.stoppedAt == stop)
    }
}
