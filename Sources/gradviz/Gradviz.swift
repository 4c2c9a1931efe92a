import ArgumentParser
import Foundation

@main
struct Gradviz: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gradviz",
        abstract: "See and debug backpropagation: expression graphs with every value and gradient.",
        discussion: """
            Examples:
              gradviz expr "a*b + c" --set a=2,b=-3,c=10
              gradviz expr "a = 2; b = a + a; c = a*b; d = c + b" --out graph.svg
              gradviz expr "x = 0.5; tanh(x*w + b)" --format dot
              gradviz mlp --out neurons.png --view neurons
              gradviz check -f program.gv
              gradviz verify graph.json --out mismatches.svg

            Exit status: 0 success; 1 failure (a check or verify mismatch, a drawing that \
            failed or ran out of time, a file that could not be written); 64 usage error (a bad \
            option, program, value or input file).
            """,
        version: "0.1.0",
        subcommands: [Expr.self, MLP.self, Check.self, Verify.self, Draw.self, Bugs.self, RenderDot.self]
    )

    /// Installs the signal handlers (temporary files removed, the child renderer stopped, exit
    /// 128 + signal) before any command runs.
    static func main() {
        ProcessCleanup.install()
        main(nil)
    }
}
