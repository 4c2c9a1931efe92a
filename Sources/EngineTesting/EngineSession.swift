import Foundation
public import GraphModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The test-engine protocol (version 1) spoken with an adapter: a child process started from
/// a command, or a caller on the other end of two file descriptors (`--stdio`).
///
/// gradviz sends `gradviz-engine 1`; the adapter answers `ready OP OP …`. Then, per program,
/// gradviz sends `program N`, its statements (`I leaf X`, `I OP J`, `I OP J K`, `I pow J E`),
/// `backward I` and `end`; the adapter answers `I DATA GRAD` for every statement in order and
/// `end` (or, with ``AnswerEncoding/binary``, one record of doubles), or one line
/// `error MESSAGE`. `quit` or end of input ends it. With ``RequestEncoding/binary`` the
/// programs go as records instead of lines. See docs/test-engine-protocol.md.
///
/// Everything the adapter does is bounded: each program's whole answer must arrive within
/// ``timeout`` seconds, a line may be at most ``maximumLineLength`` bytes, and an answer has
/// exactly one line per statement plus `end` (a record, exactly the count of the program's
/// statements), so its output is bounded too. Any misbehaviour
/// ends the session with one ``EngineSessionError`` naming it, and the child's process group
/// is killed: nothing is left running.
public final class EngineSession: Engine {
    public let operations: Set<Operator>
    /// Seconds the adapter has to answer the handshake and each program.
    public let timeout: Double
    public static let maximumLineLength = 64 << 10

    /// How the adapter writes its numbers.
    public let answers: AnswerEncoding
    /// How gradviz writes programs to the adapter.
    public let requests: RequestEncoding
    private let reading: Int32
    private let writing: Int32
    private let process: AdapterProcess?
    private var buffer: [UInt8] = []
    private var chunk = [UInt8](repeating: 0, count: 64 << 10)
    /// Program text not yet taken by the adapter: `unsent[unsentStart...]` (the bytes before
    /// it were written; they are dropped when all are, not moved after every write).
    private var unsent: [UInt8] = []
    private var unsentStart = 0
    /// Batches sent whose answers are not yet read, oldest first, by ticket.
    private var pending: [(ticket: Int, answers: AnswerReader)] = []
    /// Batches read before their own `receive`.
    private var received: [Int: EngineBatch] = [:]
    private var nextTicket = 0
    private var nextProgram = 1
    private var isClosed = false
    /// What ended the session, if something did: every later program fails with it.
    private var ended: EngineSessionError?

    /// Starts `/bin/sh -c command` and shakes hands.
    ///
    /// `started` is told the child's process id (which is also its process group's), for a
    /// signal handler that must stop it.
    public init(
        command: String, timeout: Double = 10, answers: AnswerEncoding = .text, requests: RequestEncoding = .text,
        started: (Int32) -> Void = { _ in }
    ) throws(EngineSessionError) {
        self.answers = answers
        self.requests = requests
        let process = try AdapterProcess(command: command)
        started(process.pid)
        self.process = process
        reading = process.output
        writing = process.input
        self.timeout = timeout
        do {
            operations = try Self.handshake(
                reading: reading, writing: writing, timeout: timeout, buffer: &buffer, process: process)
        } catch {
            process.killGroup()
            process.stop(grace: 0)
            isClosed = true
            throw error
        }
    }

    /// Speaks the protocol over descriptors another program holds the other ends of: answers
    /// are read from `reading` and programs written to `writing` (gradviz's own stdin and
    /// stdout for `--stdio`).
    public init(
        reading: Int32, writing: Int32, timeout: Double = 10, answers: AnswerEncoding = .text,
        requests: RequestEncoding = .text
    ) throws(EngineSessionError) {
        self.answers = answers
        self.requests = requests
        process = nil
        self.reading = reading
        self.writing = writing
        self.timeout = timeout
        signal(SIGPIPE, SIG_IGN)
        var buffer: [UInt8] = []
        operations = try Self.handshake(
            reading: reading, writing: writing, timeout: timeout, buffer: &buffer, process: nil)
        self.buffer = buffer
    }

    deinit { close() }

    /// Says `quit` and ends the adapter (its process group killed after a short grace).
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        _ = Self.send(requests.quit, to: writing, deadline: Date().addingTimeInterval(0.5))
        process?.stop(grace: 1)
    }

    /// Ends the session after a misbehaviour: the child's group killed at once.
    private func abandon(_ error: EngineSessionError) {
        ended = error
        guard !isClosed else { return }
        isClosed = true
        process?.killGroup()
        process?.stop(grace: 0)
    }

    // MARK: - Running programs

    public func run(_ program: Program) throws(EngineSessionError) -> EngineNumbers {
        let batch = run(batch: [program])
        if let error = batch.error { throw error }
        return batch.numbers[0]
    }

    /// Sends every program before reading their answers, writing only as the adapter reads and
    /// reading as it answers, so neither side ever blocks the other and the adapter never waits
    /// for gradviz between programs.
    ///
    /// Each program's answer must be complete within ``timeout`` seconds of the one before it.
    /// An `error` answer stops the batch but not the session (the answers to the programs after
    /// it are read and set aside); anything else that goes wrong ends the session.
    public func run(batch programs: [Program]) -> EngineBatch {
        receive(send(programs))
    }

    /// Queues `programs` for the adapter and writes what it has room for now; their numbers
    /// come from ``receive(_:)`` with the ticket returned.
    ///
    /// While gradviz compares one batch, the adapter is already working on the next.
    @discardableResult
    public func send(_ programs: [Program]) -> Int {
        let first = nextProgram
        nextProgram += programs.count
        let ticket = nextTicket
        nextTicket += 1
        pending.append((ticket, AnswerReader(programs: programs, firstNumber: first, encoding: answers)))
        guard !isClosed else { return ticket }
        if unsentStart > 0 && unsentStart >= unsent.count / 2 {
            // Written bytes make up half the buffer: drop them (amortized, a copy per doubling).
            unsent.removeFirst(unsentStart)
            unsentStart = 0
        }
        switch requests {
        case .text:
            for (offset, program) in programs.enumerated() {
                program.appendProtocolText(number: first + offset, to: &unsent)
            }
        case .binary:
            for program in programs { program.appendProtocolRecords(to: &unsent) }
        }
        do throws(EngineSessionError) {
            try transfer(waiting: 0, moment: .program(first))
        } catch {
            abandon(error)
        }
        return ticket
    }

    /// The numbers of the batch sent with `ticket` (the answers to batches sent before it are
    /// read first, and kept for their own `receive`).
    public func receive(_ ticket: Int) -> EngineBatch {
        if let batch = received.removeValue(forKey: ticket) { return batch }
        while let (oldest, answers) = pending.first {
            pending.removeFirst()
            let batch = receive(answers)
            if oldest == ticket { return batch }
            received[oldest] = batch
        }
        preconditionFailure("receive(\(ticket)): no such batch was sent")
    }

    private func receive(_ answers: AnswerReader) -> EngineBatch {
        var answers = answers
        if isClosed {
            return EngineBatch(
                numbers: [], error: ended ?? .exited(answers.moment, status: nil, signal: nil))
        }
        do throws(EngineSessionError) {
            var deadline = Date().addingTimeInterval(timeout)
            var answered = 0
            while true {
                try answers.consume(&buffer)
                if answers.isComplete { break }
                if answers.answered > answered {
                    answered = answers.answered
                    deadline = Date().addingTimeInterval(timeout)
                }
                if buffer.count > Self.maximumLineLength + answers.awaitedBytes {
                    throw .lineTooLong(answers.moment, bytes: Self.maximumLineLength)
                }
                let remaining = deadline.timeIntervalSinceNow
                guard remaining > 0 else { throw .timedOut(answers.moment, seconds: timeout) }
                try transfer(waiting: remaining, moment: answers.moment)
            }
        } catch {
            abandon(error)
            return EngineBatch(numbers: answers.numbers, error: answers.error ?? error)
        }
        return EngineBatch(numbers: answers.numbers, error: answers.error)
    }

    /// Waits up to `seconds` for the adapter to read or answer, then writes what it has room
    /// for and reads what it has answered.
    ///
    /// To a child, whose pipe gradviz made non-blocking, everything unsent is offered and the
    /// pipe takes what fits (up to 64 KiB), so the adapter finds a whole batch waiting; to a
    /// descriptor of the caller's (`--stdio`, which may block) at most a page: a pipe has room
    /// for that when poll says it is writable, so that write never blocks either.
    private func transfer(waiting seconds: Double, moment: EngineSessionError.Moment) throws(EngineSessionError) {
        var requests = [
            pollfd(fd: reading, events: Int16(POLLIN), revents: 0),
            pollfd(fd: writing, events: Int16(POLLOUT), revents: 0),
        ]
        let ready = poll(
            &requests, unsentStart == unsent.count ? 1 : 2, Int32(min(seconds * 1000 + (seconds > 0 ? 1 : 0), 1e9)))
        if ready < 0 {
            if errno == EINTR { return }
            throw exitError(moment)
        }
        if ready == 0 { return }
        if unsentStart < unsent.count, requests[1].revents != 0 {
            let count = min(unsent.count - unsentStart, process == nil ? 4096 : 1 << 20)
            let start = unsentStart
            let result = unsent.withUnsafeBytes { Foundation.write(writing, $0.baseAddress.map { $0 + start }, count) }
            if result > 0 {
                unsentStart += result
                if unsentStart == unsent.count {
                    unsent.removeAll(keepingCapacity: true)
                    unsentStart = 0
                }
            } else if result < 0 && errno != EAGAIN && errno != EINTR {
                throw exitError(moment)
            }
        }
        if requests[0].revents != 0 {
            let count = chunk.withUnsafeMutableBytes { Foundation.read(reading, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { return }
                throw exitError(moment)
            }
            if count == 0 { throw exitError(moment) }
            buffer.append(contentsOf: chunk[..<count])
        }
    }

    // MARK: - Handshake

    private static func handshake(
        reading: Int32, writing: Int32, timeout: Double, buffer: inout [UInt8], process: AdapterProcess?
    ) throws(EngineSessionError) -> Set<Operator> {
        let deadline = Date().addingTimeInterval(timeout)
        guard send(Array("gradviz-engine 1\n".utf8), to: writing, deadline: deadline) else {
            throw exitError(.handshake, process: process)
        }
        let line = try readLine(
            from: reading, buffer: &buffer, moment: .handshake, deadline: deadline, timeout: timeout, process: process)
        let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard fields.first == "ready" else {
            if fields.first == "error" {
                throw .reportedError(.handshake, message: String(line.dropFirst(6)))
            }
            throw .noHandshake(answer: line)
        }
        var operations: Set<Operator> = []
        for name in fields.dropFirst() {
            guard let operation = Operator(protocolName: String(name)) else { throw .unknownOperation(String(name)) }
            operations.insert(operation)
        }
        return operations
    }

    // MARK: - Lines

    /// The next line (without its `\n`, and a `\r` before it), waiting until `deadline`.
    private static func readLine(
        from descriptor: Int32, buffer: inout [UInt8], moment: EngineSessionError.Moment, deadline: Date,
        timeout: Double, process: AdapterProcess?
    ) throws(EngineSessionError) -> String {
        var scanned = 0
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            if let newline = buffer[scanned...].firstIndex(of: UInt8(ascii: "\n")) {
                var end = newline
                if end > 0 && buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let line = String(decoding: buffer[..<end], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return line
            }
            scanned = buffer.count
            if buffer.count > maximumLineLength { throw .lineTooLong(moment, bytes: maximumLineLength) }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { throw .timedOut(moment, seconds: timeout) }
            var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&request, 1, Int32(min(remaining * 1000 + 1, 1e9)))
            if ready < 0 {
                if errno == EINTR { continue }
                throw exitError(moment, process: process)
            }
            if ready == 0 { continue }  // the deadline check above ends the wait
            let count = chunk.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw exitError(moment, process: process)
            }
            if count == 0 { throw exitError(moment, process: process) }
            buffer += chunk[..<count]
        }
    }

    /// Writes all of `bytes`, waiting until `deadline` for room; false when the reader is gone
    /// or time is up.
    private static func send(_ bytes: [UInt8], to descriptor: Int32, deadline: Date) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            if written >= 0 {
                offset += written
                continue
            }
            guard errno == EAGAIN || errno == EINTR else { return false }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { return false }
            var request = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
            _ = poll(&request, 1, Int32(min(remaining * 1000 + 1, 1e9)))
        }
        return true
    }

    private func exitError(_ moment: EngineSessionError.Moment) -> EngineSessionError {
        Self.exitError(moment, process: process)
    }

    /// The adapter stopped reading or closed its output: how it exited, if it did.
    private static func exitError(_ moment: EngineSessionError.Moment, process: AdapterProcess?) -> EngineSessionError {
        guard let process else { return .exited(moment, status: nil, signal: nil) }
        guard let (status, signal) = process.waitForExit(seconds: 1) else {
            return .exited(moment, status: nil, signal: nil)
        }
        return .exited(moment, status: status, signal: signal)
    }
}
