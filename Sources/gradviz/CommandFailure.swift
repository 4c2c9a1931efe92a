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
///
/// Written with `write(2)` on descriptor 2, never through `FileHandle` (which traps on a
/// closed descriptor or a broken pipe): a stderr that is closed or whose reader went away
/// loses the message and nothing else. Text that came from the user (labels, names, file
/// contents) is shown with control characters replaced, so it cannot drive the terminal.
enum Diagnostics {
    static func error(_ message: String) { print("error: \(message)") }
    static func note(_ message: String) { print("note: \(message)") }
    static func warning(_ message: String) { print("warning: \(message)") }

    /// `text` with terminal control characters made harmless, then a line break.
    static func print(_ text: String) {
        write(sanitized(text) + "\n")
    }

    /// `text` as it is (for gradviz's own escape sequences, such as the progress bar).
    static func write(_ text: String) {
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(STDERR_FILENO, base + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return  // EBADF (closed), EPIPE (reader gone), anything else: drop the message.
                }
                offset += written
            }
        }
    }

    /// Control characters other than line breaks and tabs (C0, DEL and C1, which include the
    /// escape that starts terminal sequences) replaced by U+FFFD.
    static func sanitized(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            result.append(isControl(scalar) ? "\u{FFFD}" : scalar)
        }
        return String(result)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "\n" || scalar == "\t" { return false }
        return scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
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
