import ArgumentParser
import Foundation
import GraphModel

/// `--memory-limit`: the address space the child renderer may use (its `RLIMIT_AS`), such as
/// `2GiB`, `512MiB` or `3G` (binary units; a bare number is MiB).
struct MemoryLimit: ExpressibleByArgument, CustomStringConvertible, Sendable {
    var bytes: UInt64

    /// The default: Graphviz laying out a few thousand nodes with `dot` can ask for tens of
    /// gigabytes; 2 GiB draws anything gradviz draws in reasonable time.
    static let standard = MemoryLimit(bytes: 2 << 30)
    /// The least the child needs to start (Swift, Foundation and libgvc take about 200 MiB of
    /// address space before any drawing).
    static let minimum = MemoryLimit(bytes: 256 << 20)

    init(bytes: UInt64) { self.bytes = bytes }

    init?(argument: String) {
        let text = argument.trimmingCharacters(in: .whitespaces)
        let digits = text.prefix { $0.isNumber || $0 == "." }
        let unit = text.dropFirst(digits.count).trimmingCharacters(in: .whitespaces).lowercased()
        let scale: Double
        switch unit {
        case "k", "kb", "kib": scale = 1024
        case "", "m", "mb", "mib": scale = 1024 * 1024
        case "g", "gb", "gib": scale = 1024 * 1024 * 1024
        case "t", "tb", "tib": scale = 1024 * 1024 * 1024 * 1024
        default: return nil
        }
        guard let number = Double(digits), number.isFinite, number > 0, number * scale < 0x1p62 else { return nil }
        bytes = UInt64(number * scale)
    }

    /// "2 GiB", "512 MiB", "1.5 GiB".
    var description: String {
        let gibibytes = Double(bytes) / Double(1 << 30)
        if gibibytes >= 1 { return "\(NumberFormat.integerOrExact((gibibytes * 100).rounded() / 100)) GiB" }
        return "\(NumberFormat.integerOrExact((Double(bytes) / Double(1 << 20)).rounded())) MiB"
    }

    static var defaultCompletionKind: CompletionKind { .default }
}
