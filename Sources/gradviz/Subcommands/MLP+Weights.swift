import Autograd
import Foundation
import GraphModel
import NeuralNet
import Plots

extension Gradviz.MLP {
    /// The parameters in a weights file: exactly `count` numbers.
    func loadWeights(_ path: String, count: Int) throws(CommandFailure) -> [Double] {
        let bytes = try InputFile.read(path, limit: Self.maximumWeightsBytes, what: "weights files")
        let numbers: [Double]
        do {
            numbers = try JSONDecoder().decode([WeightNumber].self, from: Data(bytes)).map(\.value)
        } catch {
            throw CommandFailure(
                "\(path): expected a JSON array of numbers (\"nan\", \"inf\" and \"-inf\" as strings)", exitCode: .usage
            )
        }
        guard numbers.count == count else {
            throw CommandFailure(
                "\(path) has \(numbers.count) numbers, but the model has \(count) parameters", exitCode: .usage)
        }
        return numbers
    }
}
