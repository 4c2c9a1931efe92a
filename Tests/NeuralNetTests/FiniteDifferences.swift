import Autograd
import NeuralNet
import Testing

/// Every parameter's gradient of `model`'s loss on `data` against a central finite difference.
func expectParameterGradientsMatchFiniteDifferences(
    _ model: MLP, on data: Dataset, loss kind: Loss, l2: Double, sourceLocation: SourceLocation = #_sourceLocation
) {
    func loss() -> Double {
        model.resetGraph()
        return model.tape.data(model.lossGraph(on: data, loss: kind, l2: l2).total)
    }
    model.resetGraph()
    let graph = model.lossGraph(on: data, loss: kind, l2: l2)
    model.zeroGrad()
    model.tape.backward(from: graph.total)
    let analytic = model.parameterIDs.map { model.tape.grad($0) }
    for (index, id) in model.parameterIDs.enumerated() {
        let original = model.tape.data(id)
        let step = 1e-6
        model.tape.setData(id, original + step)
        let up = loss()
        model.tape.setData(id, original - step)
        let down = loss()
        model.tape.setData(id, original)
        let numeric = (up - down) / (2 * step)
        #expect(
            abs(analytic[index] - numeric) <= 1e-7 * max(1, abs(numeric)), "\(model.parameterPlaces[index])",
            sourceLocation: sourceLocation)
    }
}
