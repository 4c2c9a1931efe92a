import ArgumentParser
import Foundation
import GraphChecks
import GraphModel

extension Gradviz {
    struct Bugs: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the backward-pass bugs that --inject re-enacts.",
            discussion:
                "Example: gradviz expr \"a = 2; b = a + a; c = a*b; d = c + b\" --inject recursive --order --out bug.svg"
        )

        func run() {
            let width = BackwardBug.allCases.map(\.rawValue.count).max() ?? 0
            for bug in BackwardBug.allCases {
                print(bug.rawValue.padding(toLength: width + 2, withPad: " ", startingAt: 0) + bug.explanation)
            }
        }
    }
}
