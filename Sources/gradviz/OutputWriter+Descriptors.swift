import Foundation
import GraphModel

// MARK: - Destinations that are not files to replace

extension OutputWriter {
    /// A path that names one of this process's descriptors.
    static func ownDescriptor(_ path: String) -> Int32? {
        switch path {
        case "/dev/stdout": return STDOUT_FILENO
        case "/dev/stderr": return STDERR_FILENO
        default:
            for prefix in ["/dev/fd/", "/proc/self/fd/"] where path.hasPrefix(prefix) {
                if let number = Int32(path.dropFirst(prefix.count)), number >= 0 { return number }
            }
            return nil
        }
    }

    /// Writes into an open descriptor (a device, a FIFO, a socket, a terminal, stdout or
    /// stderr): there is no file to replace, so no temporary file either.
    static func writeInPlace(_ bytes: [UInt8], descriptor: Int32, path: String) throws(CommandFailure) {
        // A reader that went away (EPIPE) ends the output quietly, as on stdout.
        if let failure = writeAll(bytes, to: descriptor), failure != EPIPE {
            throw CommandFailure("cannot write '\(path)': \(String(cString: strerror(failure)))")
        }
    }

    /// Writes into a FIFO without blocking past `timeout` seconds: opened without blocking
    /// (which fails while no reader has it open) and retried until a reader comes, then
    /// written as fast as the reader takes it.
    static func writeToFIFO(_ bytes: [UInt8], path: String, timeout: Double) throws(CommandFailure) {
        let start = DispatchTime.now().uptimeNanoseconds
        func secondsLeft() -> Double { timeout - Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        let limit = NumberFormat.integerOrExact(timeout)
        var descriptor: Int32
        while true {
            descriptor = open(path, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
            if descriptor >= 0 { break }
            let failure = errno
            guard failure == ENXIO || failure == EINTR else {
                throw CommandFailure("cannot write '\(path)': \(String(cString: strerror(failure)))")
            }
            guard secondsLeft() > 0 else {
                throw CommandFailure(
                    "cannot write '\(path)': it is a FIFO and nothing opened it for reading within \(limit) s (--timeout); nothing was written"
                )
            }
            usleep(20_000)
        }
        defer { close(descriptor) }
        // The reason it stopped short, if it did.
        let failure = bytes.withUnsafeBytes { buffer -> String? in
            guard let base = buffer.baseAddress else { return nil }
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, base + offset, buffer.count - offset)
                if written >= 0 {
                    offset += written
                    continue
                }
                switch errno {
                case EINTR: continue
                case EPIPE: return nil  // The reader went away: quietly, as on stdout.
                case EAGAIN:
                    let left = secondsLeft()
                    var request = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                    if left <= 0 || poll(&request, 1, Int32(min(left * 1000, 1e6)) + 1) == 0 && secondsLeft() <= 0 {
                        return
                            "its reader took \(offset) of \(buffer.count) bytes within \(limit) s (--timeout) and the rest was not written"
                    }
                case let code: return String(cString: strerror(code))
                }
            }
            return nil
        }
        if let failure { throw CommandFailure("cannot write '\(path)': \(failure)") }
    }

    /// Writes every byte to a blocking descriptor; the `errno` on failure.
    ///
    /// A write a signal interrupted (`EINTR`) is retried. Files, stdout and ``Diagnostics``'
    /// stderr all write through this one loop.
    static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Int32? {
        bytes.withUnsafeBytes { buffer -> Int32? in
            guard let base = buffer.baseAddress else { return nil }
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, base + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
    }

    /// Writes all of `bytes` to stdout.
    ///
    /// A reader that went away (`| head`) ends the output quietly instead of killing the
    /// process with SIGPIPE; any other failure (a full disk, a file past `ulimit -f`) is one
    /// line and exit status 1.
    static func writeToStandardOutput(_ bytes: [UInt8]) throws(CommandFailure) {
        signal(SIGPIPE, SIG_IGN)
        if let failure = writeAll(bytes, to: STDOUT_FILENO), failure != EPIPE {
            throw CommandFailure("cannot write to stdout: \(String(cString: strerror(failure)))")
        }
    }

    /// `text` and a line break on stdout, checked like ``writeToStandardOutput(_:)``.
    static func printLine(_ text: String) throws(CommandFailure) {
        try writeToStandardOutput(Array((text + "\n").utf8))
    }
}
