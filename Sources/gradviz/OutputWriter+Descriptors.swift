import Foundation

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

    /// Writes every byte; the `errno` on failure.
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

    /// Writes all of `bytes` to stdout. A reader that went away (`| head`) ends the output
    /// quietly instead of killing the process with SIGPIPE.
    static func writeToStandardOutput(_ bytes: [UInt8]) {
        signal(SIGPIPE, SIG_IGN)
        _ = writeAll(bytes, to: STDOUT_FILENO)
    }
}
