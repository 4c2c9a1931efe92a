import Foundation
import GraphModel
import Testing

@testable import EngineTesting

/// Adapters that misbehave, each a few lines of shell: every one gives one error naming what
/// it did, within the time limit, and leaves no process behind.
@Suite struct EngineSessionTests {
    static let program = Program([.leaf(2), .binary(.add, 0, 0)])

    /// Starts `script` with sh, runs one program, and returns the error, how long it took and
    /// whether the adapter's process group is gone afterwards.
    func failure(_ script: String, timeout: Double = 1) -> (error: EngineSessionError?, seconds: Double, gone: Bool) {
        let start = Date()
        var leader: Int32 = 0
        var caught: EngineSessionError?
        do {
            let session = try EngineSession(command: script, timeout: timeout) { leader = $0 }
            _ = try session.run(Self.program)
            session.close()
        } catch {
            caught = error
        }
        let seconds = Date().timeIntervalSince(start)
        // Killed children of the adapter are reaped by init a moment later.
        var gone = leader == 0
        for _ in 0..<200 where !gone {
            gone = kill(-leader, 0) == -1 && errno == ESRCH
            if !gone { usleep(10_000) }
        }
        return (caught, seconds, gone)
    }

    static let ready = "read line; echo 'ready add mul'; read line"

    @Test func answersAProgram() throws {
        let script =
            "read line; echo 'ready add mul'; while read line; do case $line in end) printf '0 2.0 2.0\\n1 4 1\\nend\\n';; quit) exit 0;; esac; done"
        let session = try EngineSession(command: script)
        #expect(session.operations == [.add, .multiply])
        let numbers = try session.run(Self.program)
        #expect(numbers == EngineNumbers(data: [2, 4], grads: [2, 1]))
        session.close()
    }

    @Test func hangingAdapterTimesOut() {
        let (error, seconds, gone) = failure("\(Self.ready); sleep 1000")
        #expect(error == .timedOut(.program(1), seconds: 1))
        #expect(error?.message == "the adapter did not answer program 1 within 1 s")
        #expect(seconds < 3)
        #expect(gone)
    }

    @Test func floodWithoutLineBreaks() {
        let (error, seconds, gone) = failure("\(Self.ready); head -c 2000000 /dev/zero | tr '\\0' x; sleep 1000")
        #expect(error == .lineTooLong(.program(1), bytes: EngineSession.maximumLineLength))
        #expect(error?.message == "the adapter printed more than 64 KiB without a line break (program 1)")
        #expect(seconds < 3)
        #expect(gone)
    }

    @Test func exitInTheMiddleOfAProgram() {
        let (error, _, gone) = failure("\(Self.ready); exit 2")
        #expect(error == .exited(.program(1), status: 2, signal: nil))
        #expect(error?.message == "the adapter exited (status 2) in the middle of program 1")
        #expect(error?.isProtocolViolation == false)
        #expect(gone)
    }

    @Test func garbageAnswer() {
        let (error, _, gone) = failure("\(Self.ready); echo 'hello world'; sleep 1000")
        #expect(error?.message == "the adapter answered 'hello world' where `0 DATA GRAD` was expected (program 1)")
        #expect(error?.isProtocolViolation == true)
        #expect(gone)
    }

    @Test func answerForTheWrongValue() {
        let (error, _, gone) = failure("\(Self.ready); echo '1 2 2'; sleep 1000")
        #expect(error == .wrongValue(.program(1), found: 1, expected: 0))
        #expect(error?.message == "the adapter answered for value 1 where value 0 was expected (program 1)")
        #expect(gone)
    }

    @Test func noReadyLine() {
        let (error, _, gone) = failure("read line; echo 'hello'; sleep 1000")
        #expect(error == .noHandshake(answer: "hello"))
        #expect(error?.isProtocolViolation == true)
        #expect(gone)
    }

    @Test func silentAdapterTimesOutInTheHandshake() {
        let (error, seconds, gone) = failure("sleep 1000")
        #expect(error?.message == "the adapter did not answer `gradviz-engine 1` within 1 s")
        #expect(seconds < 3)
        #expect(gone)
    }

    @Test func commandNotFound() {
        let (error, _, gone) = failure("/nonexistent/adapter")
        #expect(error == .exited(.handshake, status: 127, signal: nil))
        #expect(error?.message.contains("command not found") == true)
        #expect(gone)
    }

    @Test func adapterError() {
        let (error, _, _) = failure("\(Self.ready); echo 'error no such op'; sleep 1000")
        #expect(error == .reportedError(.program(1), message: "no such op"))
    }
}
