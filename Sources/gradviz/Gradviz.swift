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
              gradviz test-engine --command "node adapter.js"

            Exit status: 0 success; 1 failure (a check or verify mismatch, a drawing that \
            failed or ran out of time, a file that could not be written); 64 usage error (a bad \
            option, program, value or input file).
            """,
        version: "0.1.0",
        subcommands: [
            Expr.self, MLP.self, Check.self, Verify.self, TestEngine.self, TestModel.self, Draw.self, Bugs.self,
            RenderDot.self,
        ]
    )

    /// Installs the signal handlers (temporary files removed, the child renderer stopped, exit
    /// 128 + signal) before any command runs, then parses and runs the command.
    ///
    /// Every error is one line on stderr in gradviz's voice (see ``CommandLineArguments``);
    /// help, version and completion scripts go to stdout with status 0, as
    /// swift-argument-parser writes them.
    static func main() {
        ProcessCleanup.install()
        let arguments = Array(CommandLine.arguments.dropFirst())
        var command: any ParsableCommand
        switch CommandLineArguments.resolve(arguments) {
        case .cleanExit(let error): exit(withError: error)
        case .fail(let message, let exitCode): fail(message, exitCode: exitCode)
        case .run(let parsed): command = parsed
        }
        do {
            try command.run()
        } catch {
            if exitCode(for: error) == .success || error is ExitCode { exit(withError: error) }
            fail(CommandLineArguments.oneLine(message(for: error)), exitCode: exitCode(for: error))
        }
    }

    /// Prints `error: message` (nothing for an empty message) and exits with `exitCode`.
    private static func fail(_ message: String, exitCode: ExitCode) -> Never {
        if !message.isEmpty { Diagnostics.error(message) }
        exit(withError: exitCode)
    }
}
