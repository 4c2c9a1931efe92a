import Foundation

/// Writes finished output: whole files or nothing.
enum OutputWriter {
    /// Writes `bytes` to `path` through a temporary file in the same folder and a rename, so
    /// a failure never leaves a partial file and never touches an existing one. `nil` path:
    /// stdout.
    static func write(_ bytes: [UInt8], to path: String?) throws(CommandFailure) {
        guard let path else {
            writeToStandardOutput(bytes)
            return
        }
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) {
            throw CommandFailure("cannot write '\(path)': the folder '\(folder)' does not exist")
        }
        if !isDirectory.boolValue {
            throw CommandFailure("cannot write '\(path)': '\(folder)' is not a folder")
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw CommandFailure("cannot write '\(path)': it is a folder")
        }
        do {
            try Data(bytes).write(to: url, options: .atomic)
        } catch {
            let reason = (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
            throw CommandFailure("cannot write '\(path)': \(reason)")
        }
    }

    /// Writes all of `bytes` to stdout. A reader that went away (`| head`) ends the output
    /// quietly instead of killing the process with SIGPIPE.
    static func writeToStandardOutput(_ bytes: [UInt8]) {
        signal(SIGPIPE, SIG_IGN)
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(STDOUT_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}
