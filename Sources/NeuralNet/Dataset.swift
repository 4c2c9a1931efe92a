import Autograd
import Foundation

/// Samples for training: feature rows and one target per row.
public struct Dataset: Sendable, Equatable {
    public var inputs: [[Double]]
    public var targets: [Double]

    public init(inputs: [[Double]], targets: [Double]) {
        precondition(inputs.count == targets.count, "one target per sample")
        self.inputs = inputs
        self.targets = targets
    }

    public var count: Int { inputs.count }
    public var featureCount: Int { inputs.first?.count ?? 0 }

    /// The 4-sample set from micrograd's lecture: three features, targets ±1.
    public static let tiny = Dataset(
        inputs: [[2, 3, -1], [3, -1, 0.5], [0.5, 1, 1], [1, 1, -1]],
        targets: [1, -1, -1, 1])

    /// Two interleaving half circles, like scikit-learn's `make_moons`: `n / 2` points on the
    /// upper moon (target -1) and the rest on the lower one (target 1), with Gaussian noise of
    /// standard deviation `noise`, shuffled.
    ///
    /// The same `seed` gives the same data everywhere.
    public static func moons(count n: Int = 100, noise: Double = 0.1, seed: UInt64 = 1) -> Dataset {
        var generator = SeededGenerator(seed: seed)
        let outer = n / 2
        let inner = n - outer
        var samples: [([Double], Double)] = []
        func angle(_ index: Int, of total: Int) -> Double {
            total > 1 ? Double.pi * Double(index) / Double(total - 1) : 0
        }
        for index in 0..<outer {
            let t = angle(index, of: outer)
            samples.append(([Foundation.cos(t), Foundation.sin(t)], -1))
        }
        for index in 0..<inner {
            let t = angle(index, of: inner)
            samples.append(([1 - Foundation.cos(t), 1 - Foundation.sin(t) - 0.5], 1))
        }
        for index in samples.indices {
            samples[index].0[0] += noise * generator.gaussian()
            samples[index].0[1] += noise * generator.gaussian()
        }
        for index in stride(from: samples.count - 1, to: 0, by: -1) {
            let other = Int(generator.next() % UInt64(index + 1))
            samples.swapAt(index, other)
        }
        return Dataset(inputs: samples.map(\.0), targets: samples.map(\.1))
    }
}

// MARK: - CSV

/// Why a CSV file could not be read as a dataset.
public struct DatasetError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    /// 1-based line, when the problem is on one line.
    public var line: Int?

    public init(message: String, line: Int?) {
        self.message = message
        self.line = line
    }

    public var description: String { line.map { "line \($0): \(message)" } ?? message }
}

extension Dataset {
    /// Largest CSV text read, in bytes, and most rows and columns.
    public static let maximumCSVBytes = 256 << 20
    public static let maximumRows = 1_000_000
    public static let maximumColumns = 10_000

    /// Reads CSV text: one sample per line, the features then the target, all numbers.
    ///
    /// A first line that is not numeric is taken as a header; blank lines and `#` comments are
    /// skipped.
    public init(csv text: String) throws(DatasetError) {
        guard text.utf8.count <= Self.maximumCSVBytes else {
            throw DatasetError(
                message:
                    "the file is \(text.utf8.count >> 20) MiB; gradviz reads CSV files up to \(Self.maximumCSVBytes >> 20) MiB",
                line: nil)
        }
        var inputs: [[Double]] = []
        var targets: [Double] = []
        var width: Int?
        var sawHeader = false
        for (offset, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let lineNumber = offset + 1
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let cells = trimmed.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            var row: [Double] = []
            for (column, cell) in cells.enumerated() {
                guard let value = Double(cell), value.isFinite else {
                    if inputs.isEmpty && !sawHeader && cells.allSatisfy({ Double($0) == nil }) {
                        sawHeader = true
                        row = []
                        break
                    }
                    let shown = cell.isEmpty ? "an empty cell" : "'\(cell)'"
                    throw DatasetError(
                        message: "column \(column + 1) is \(shown), not a finite number", line: lineNumber)
                }
                row.append(value)
            }
            if row.isEmpty { continue }
            if row.count > Self.maximumColumns {
                throw DatasetError(
                    message: "\(row.count) columns; gradviz reads up to \(Self.maximumColumns)", line: lineNumber)
            }
            if inputs.count >= Self.maximumRows {
                throw DatasetError(message: "more than \(Self.maximumRows) rows", line: lineNumber)
            }
            if let width, row.count != width {
                throw DatasetError(
                    message: "expected \(width) values like the rows before, found \(row.count)", line: lineNumber)
            }
            guard row.count >= 2 else {
                throw DatasetError(
                    message: "a row needs at least one feature and a target, found \(row.count) value", line: lineNumber
                )
            }
            width = row.count
            inputs.append(Array(row.dropLast()))
            targets.append(row[row.count - 1])
        }
        guard !inputs.isEmpty else { throw DatasetError(message: "the file has no data rows", line: nil) }
        self.init(inputs: inputs, targets: targets)
    }
}
