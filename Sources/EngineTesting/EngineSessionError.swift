import GraphModel

/// What an adapter did wrong, in one sentence naming it: the one error of the protocol boundary.
public enum EngineSessionError: Error, Sendable, Equatable {
    /// Where in the conversation something happened.
    public enum Moment: Sendable, Equatable {
        /// Before the adapter said `ready …`.
        case handshake
        /// While gradviz waited for the answer to program N.
        case program(Int)
    }

    /// The adapter could not be started at all.
    case couldNotStart(String)
    /// Its first line was not `ready …` (or named an operation the protocol does not have).
    case noHandshake(answer: String)
    case unknownOperation(String)
    /// Nothing (or not all of the answer) within the time limit.
    case timedOut(Moment, seconds: Double)
    /// More than the line limit without a line break.
    case lineTooLong(Moment, bytes: Int)
    /// It exited, or closed its output, before answering.
    case exited(Moment, status: Int32?, signal: Int32?)
    /// A line that is not the expected `I DATA GRAD` or `end`.
    case unexpectedAnswer(Moment, line: String, expected: String)
    /// `I DATA GRAD` for another value than the one expected.
    case wrongValue(Moment, found: Int, expected: Int)
    /// It answered `error MESSAGE`.
    case reportedError(Moment, message: String)

    /// Whether the adapter did not speak the protocol (exit 64) rather than failing part-way
    /// through a conversation it had started correctly (exit 1).
    public var isProtocolViolation: Bool {
        switch self {
        case .couldNotStart, .noHandshake, .unknownOperation, .lineTooLong, .unexpectedAnswer, .wrongValue: true
        case .timedOut(let moment, _), .exited(let moment, _, _): moment == .handshake
        case .reportedError: false
        }
    }

    /// The program the error happened in, if any.
    public var programNumber: Int? {
        switch self {
        case .timedOut(.program(let number), _), .lineTooLong(.program(let number), _),
            .exited(.program(let number), _, _), .unexpectedAnswer(.program(let number), _, _),
            .wrongValue(.program(let number), _, _), .reportedError(.program(let number), _):
            number
        default: nil
        }
    }

    /// One line naming what the adapter did.
    public var message: String {
        switch self {
        case .couldNotStart(let reason): return "could not start the adapter: \(reason)"
        case .noHandshake(let answer):
            return "the adapter did not say `ready …` after `gradviz-engine 1`: it answered \(Self.quoted(answer))"
        case .unknownOperation(let name):
            return
                "the adapter's `ready` line names \(Self.quoted(name)), which is not an operation of the protocol (add sub mul div neg pow powv exp log tanh relu sigmoid)"
        case .timedOut(let moment, let seconds):
            let what = moment == .handshake ? "`gradviz-engine 1`" : "program \(Self.number(moment))"
            return "the adapter did not answer \(what) within \(Self.seconds(seconds))"
        case .lineTooLong(let moment, let bytes):
            return "the adapter printed more than \(Self.size(bytes)) without a line break \(Self.place(moment))"
        case .exited(let moment, let status, let signal):
            let how =
                signal.map { "was killed by signal \($0)" } ?? status.map { "exited (status \($0))" }
                ?? "closed its output"
            let hint = status == 127 ? " (command not found?)" : ""
            switch moment {
            case .handshake: return "the adapter \(how) before saying `ready …`\(hint)"
            case .program(let number): return "the adapter \(how) in the middle of program \(number)"
            }
        case .unexpectedAnswer(let moment, let line, let expected):
            return "the adapter answered \(Self.quoted(line)) where `\(expected)` was expected \(Self.place(moment))"
        case .wrongValue(let moment, let found, let expected):
            return "the adapter answered for value \(found) where value \(expected) was expected \(Self.place(moment))"
        case .reportedError(let moment, let message):
            return "the adapter reported an error \(Self.place(moment)): \(Self.shown(message))"
        }
    }

    private static func number(_ moment: Moment) -> Int {
        if case .program(let number) = moment { return number }
        return 0
    }

    private static func place(_ moment: Moment) -> String {
        switch moment {
        case .handshake: "(before `ready …`)"
        case .program(let number): "(program \(number))"
        }
    }

    private static func seconds(_ value: Double) -> String {
        "\(NumberFormat.integerOrExact(value)) s"
    }

    private static func size(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? "\(bytes >> 20) MiB" : bytes >= 1 << 10 ? "\(bytes >> 10) KiB" : "\(bytes) bytes"
    }

    /// A line of the adapter's, quoted, at most 60 characters, control characters escaped.
    static func quoted(_ text: String) -> String { "'\(shown(text))'" }

    static func shown(_ text: String) -> String {
        var shown = ""
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                shown += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                shown.unicodeScalars.append(scalar)
            }
            if shown.count >= 60 {
                shown += "…"
                break
            }
        }
        return shown
    }
}
