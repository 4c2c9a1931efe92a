import Autograd
import Foundation
import GraphModel
import NeuralNet
import Rendering

/// `gradviz-bench WORKLOAD [options]`: runs one workload and prints one JSON line,
/// `{"engine": "gradviz", "workload": …, "nodes": …, "times": [seconds per run…], "note": …}`,
/// for `scripts/bench` to put beside micrograd's figures.
@main
struct BenchMain {
    static func main() throws {
        var arguments = Array(CommandLine.arguments.dropFirst())
        guard !arguments.isEmpty else {
            FileHandle.standardError.write(Data("usage: gradviz-bench moons|chain|wide [--runs N] …\n".utf8))
            exit(64)
        }
        let workload = arguments.removeFirst()
        var options: [String: String] = [:]
        while arguments.count >= 2, arguments[0].hasPrefix("--") {
            options[String(arguments[0].dropFirst(2))] = arguments[1]
            arguments.removeFirst(2)
        }
        let runs = Int(options["runs"] ?? "5") ?? 5
        let result: [String: Any]
        switch workload {
        case "moons": result = try moons(options)
        case "chain": result = chain(depth: Int(options["depth"] ?? "1000000") ?? 1_000_000, runs: runs)
        case "wide": result = wide(terms: Int(options["terms"] ?? "100000") ?? 100_000, runs: runs)
        case "render": result = try render(options, runs: runs)
        default:
            FileHandle.standardError.write(Data("gradviz-bench: unknown workload '\(workload)'\n".utf8))
            exit(64)
        }
        var line = result
        line["engine"] = "gradviz"
        line["workload"] = workload
        let json = try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys])
        print(String(decoding: json, as: UTF8.self))
    }

    static func seconds(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// micrograd's demo: MLP(2, [16, 16, 1]), hinge loss + 1e-4 L2, lr 1.0 → 0.1, 100 steps.
    ///
    /// With `--data` and `--weights` it starts from micrograd's exact data and weights and
    /// writes each step's loss to `--losses`.
    static func moons(_ options: [String: String]) throws -> [String: Any] {
        let data: Dataset
        if let path = options["data"] {
            data = try Dataset(csv: String(contentsOfFile: path, encoding: .utf8))
        } else {
            data = Dataset.moons(count: 100, noise: 0.1, seed: 1)
        }
        let steps = Int(options["steps"] ?? "100") ?? 100
        var generator = SeededGenerator(seed: 1337)
        let model = MLP(inputs: 2, layerSizes: [16, 16, 1], generator: &generator)
        if let path = options["weights"] {
            let weights = try JSONDecoder().decode([Double].self, from: Data(contentsOf: URL(fileURLWithPath: path)))
            model.parameterData = weights
        }
        var trainer = Trainer(
            model: model, data: data, loss: .hinge, l2: 1e-4, schedule: .linear(start: 1.0, end: 0.1, steps: 100))
        var times: [Double] = []
        var losses: [Double] = []
        var accuracy = 0.0
        var nodes = 0
        for _ in 0..<steps {
            var step: Trainer.Step?
            times.append(seconds { step = trainer.step() })
            if nodes == 0 { nodes = model.tape.count }
            losses.append(step?.loss ?? .nan)
            accuracy = step?.accuracy ?? 0
        }
        if let path = options["losses"] {
            try losses.map { "\($0)" }.joined(separator: "\n").appending("\n").write(
                toFile: path, atomically: true, encoding: .utf8)
        }
        return ["nodes": nodes, "times": times, "note": "final loss \(losses.last ?? .nan), accuracy \(accuracy)"]
    }

    /// Renders a DOT file in process: `--dot FILE --format svg|png|pdf --engine dot|nop2 [--out FILE]`.
    static func render(_ options: [String: String], runs: Int) throws -> [String: Any] {
        let dot = try String(contentsOfFile: options["dot"] ?? "", encoding: .utf8)
        let format = RenderFormat(rawValue: options["format"] ?? "svg") ?? .svg
        let engine = LayoutEngine(rawValue: options["engine"] ?? "dot") ?? .dot
        var bytes: [UInt8] = []
        var times: [Double] = []
        var residentAfterWarmUp = 0
        for run in 0...runs {
            if run == min(500, runs) { residentAfterWarmUp = residentBytes() }
            var failure: RenderError?
            let time = seconds {
                do { bytes = try Renderer().render(dot, as: format, engine: engine) } catch let error as RenderError {
                    failure = error
                } catch { failure = RenderError(stage: .render, message: "\(error)") }
            }
            if let failure { return ["nodes": 0, "times": [], "note": "\(failure)"] }
            if run > 0 { times.append(time) }
        }
        if let out = options["out"] { try Data(bytes).write(to: URL(fileURLWithPath: out)) }
        return [
            "nodes": dot.components(separatedBy: "\n").count, "times": times,
            "rss_growth_bytes": residentBytes() - residentAfterWarmUp,
        ]
    }

    /// This process's resident memory, from /proc.
    static func residentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kilobytes * 1024
    }

    /// `y = x * 1.000001` repeated: build, backward, release.
    static func chain(depth: Int, runs: Int) -> [String: Any] {
        var times: [Double] = []
        var grad = 0.0
        for run in 0...runs {
            let time = seconds {
                let tape = Tape(capacity: 1024)
                let x = tape.leaf(1)
                var y = x
                for _ in 0..<depth { y = tape.apply(.multiply, y, tape.leaf(1.000001)) }
                tape.backward(from: y)
                grad = tape.grad(x)
            }
            if run > 0 { times.append(time) }
        }
        return ["nodes": 2 * depth + 1, "times": times, "note": "x.grad \(grad)"]
    }

    /// `Σ a_i * b_i` over `terms` pairs of leaves: build, backward, release.
    static func wide(terms: Int, runs: Int) -> [String: Any] {
        var generator = SeededGenerator(seed: 3)
        let a = (0..<terms).map { _ in generator.uniform(-1, 1) }
        let b = (0..<terms).map { _ in generator.uniform(-1, 1) }
        var times: [Double] = []
        var nodes = 0
        for run in 0...runs {
            let time = seconds {
                let tape = Tape(capacity: 1024)
                var sum = tape.leaf(0)
                for index in 0..<terms {
                    sum = tape.apply(.add, sum, tape.apply(.multiply, tape.leaf(a[index]), tape.leaf(b[index])))
                }
                tape.backward(from: sum)
                nodes = tape.count
            }
            if run > 0 { times.append(time) }
        }
        return ["nodes": nodes, "times": times]
    }
}
