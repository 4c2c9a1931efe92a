import ArgumentParser
import Foundation
import GraphChecks
import GraphModel

extension Gradviz {
    struct Bugs: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bugs",
            abstract: "List the backward-pass bugs that --inject re-enacts.",
            discussion:
                "Example: gradviz expr \"a = 2; b = a + a; c = a*b; d = c + b\" --inject recursive --order --out bug.svg"
        )

        func run() throws {
            let width = BackwardBug.allCases.map(\.rawValue.count).max() ?? 0
            let lines = BackwardBug.allCases.map {
                $0.rawValue.padding(toLength: width + 2, withPad: " ", startingAt: 0) + $0.explanation
            }
            try runReportingFailures { () throws(CommandFailure) -> Bool in
                try OutputWriter.printLine(lines.joined(separator: "\n"))
                return true
            }
        }
    }
}
