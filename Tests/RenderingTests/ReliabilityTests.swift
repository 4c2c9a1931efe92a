import Foundation
import Rendering
import Testing

@Suite struct ReliabilityTests {
    /// Resident memory of this process, from /proc.
    func residentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kilobytes * 1024
    }

    /// Skipped under AddressSanitizer, whose quarantine holds freed memory on purpose.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["GRADVIZ_SANITIZER"] == nil))
    func tenThousandRendersDoNotGrowMemoryWithoutBound() throws {
        let dot = "digraph g { rankdir=LR; a [label=<<B>a</B>>]; a -> b; b -> c [label=\"x\"]; }"
        for _ in 0..<500 { _ = try Renderer().render(dot, as: .svg) }
        let before = residentBytes()
        for _ in 0..<10_000 { _ = try Renderer().render(dot, as: .svg) }
        let growth = residentBytes() - before
        #expect(growth < 16 << 20, "grew by \(growth >> 10) KiB over 10,000 renders")
    }
}
