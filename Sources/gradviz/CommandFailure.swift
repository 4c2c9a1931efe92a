import ArgumentParser
import Foundation

/// A failure to report as one line on stderr (plus optional context lines) and an exit code.
struct CommandFailure: Error {
    var message: String
    /// Lines shown under the message, such as the program line with a caret.
    var context: String?
    var exitCode: ExitCode

    init(_ message: String, context: String? = nil, exitCode: ExitCode = .failure) {
        self.message = message
        self.context = context
        self.exitCode = exitCode
    }

    /// Prints the failure and returns the exit code to throw from `run()`.
    func report() -> ExitCode {
        Diagnostics.error(message)
        if let context { Diagnostics.print(context) }
        return exitCode
    }
}

/// Messages for the user on stderr.
enum Diagnostics {
    static func error(_ message: String) { print("error: \(message)") }
    static func note(_ message: String) { print("note: \(message)") }
    static func warning(_ message: String) { print("warning: \(message)") }

    static func print(_ text: String) {
        write(text + "\n")
    }

    static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}

/// Runs a command's work: a `CommandFailure` is printed and becomes its exit code; a check
/// that ran but did not pass (`false`) exits with status 1.
func runReportingFailures(_ body: () throws(CommandFailure) -> Bool) throws {
    let passed: Bool
    do { passed = try body() } catch { throw error.report() }
    if !passed { throw ExitCode.failure }
}

extension ExitCode {
    /// Bad input from the user: a program, a value or an option (EX_USAGE).
    static let usage = ExitCode(64)
}
