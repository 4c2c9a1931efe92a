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
        if let context { Diagnostics.context(context) }
        return exitCode
    }
}

/// Messages for the user on stderr.
///
/// Written with `write(2)` on descriptor 2, never through `FileHandle` (which traps on a
/// closed descriptor or a broken pipe): a stderr that is closed or whose reader went away
/// loses the message and nothing else.
///
/// Every message is one line of at most ``lineLimit`` characters, whatever text from the user
/// (labels, names, paths, file contents) it carries: line breaks and other control characters
/// in it are escaped (`\n`, `\r`, `\t`, `\u{1B}`), so it can neither add lines nor drive the
/// terminal, and a longer line is cut in the middle, the cut marked with `…`, so that both its
/// start (what failed) and its end (the reason and the remedy) stay.
enum Diagnostics {
    /// Most characters (Unicode scalars) of one line on stderr, its prefix included.
    static let lineLimit = 300

    static func error(_ message: String) { line("error: \(message)") }
    static func note(_ message: String) { line("note: \(message)") }
    static func warning(_ message: String) { line("warning: \(message)") }

    /// `text` as one line: escaped and capped (see the type's documentation).
    static func line(_ text: String) {
        write(oneLine(text) + "\n")
    }

    /// Context under a message (a program line and a caret under its column): each of its
    /// lines capped, and control characters replaced one for one by U+FFFD, so the caret
    /// stays under its column.
    static func context(_ text: String) {
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            write(capped(sanitized(String(line))) + "\n")
        }
    }

    /// `text` as it is (for gradviz's own escape sequences, such as the progress bar).
    static func write(_ text: String) {
        // EBADF (closed), EPIPE (reader gone), anything else: the message is dropped.
        _ = OutputWriter.writeAll(Array(text.utf8), to: STDERR_FILENO)
    }

    /// `text` on one line: line breaks, tabs and other control characters escaped, then
    /// capped to ``lineLimit`` characters.
    static func oneLine(_ text: String) -> String {
        capped(escaped(text))
    }

    /// `text` with control characters (C0 including line breaks and tabs, DEL, C1, and the
    /// Unicode line and paragraph separators) written as escapes: `\n`, `\r`, `\t`, `\u{1B}`.
    static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { isControl($0) || $0 == "\n" || $0 == "\t" || isSeparator($0) })
        else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where isControl(scalar) || isSeparator(scalar):
                result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// `text` cut to ``lineLimit`` Unicode scalars, in the middle: its first two thirds and
    /// its last third kept, `…` between them.
    static func capped(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard scalars.count > lineLimit else { return text }
        let head = (lineLimit - 1) * 2 / 3
        let tail = lineLimit - 1 - head
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars.prefix(head))
        result.append("…")
        result.append(contentsOf: scalars.suffix(tail))
        return String(result)
    }

    /// Control characters other than line breaks and tabs (C0, DEL and C1, which include the
    /// escape that starts terminal sequences) replaced by U+FFFD.
    static func sanitized(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { isControl($0) || isSeparator($0) }) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            result.append(isControl(scalar) || isSeparator(scalar) ? "\u{FFFD}" : scalar)
        }
        return String(result)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "\n" || scalar == "\t" { return false }
        return scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// U+2028 and U+2029, which some terminals and editors break lines at.
    private static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value == 0x2028 || scalar.value == 0x2029
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
