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
        try writeAtomically(bytes, to: path, folder: folder)
    }

    /// Temporary file in the same folder (so the rename cannot cross file systems), every byte
    /// written, then renamed over the destination. On any failure the temporary file is
    /// removed and an existing file is left as it was.
    private static func writeAtomically(_ bytes: [UInt8], to path: String, folder: String) throws(CommandFailure) {
        let name = (path as NSString).lastPathComponent
        var template = Array((folder as NSString).appendingPathComponent(".\(name).gradviz-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw CommandFailure("cannot write '\(path)': cannot create a file in '\(folder)' (\(String(cString: strerror(errno))))")
        }
        let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var failure: String?
        // mkstemp makes the file private (0600); give it the usual permissions for new files.
        let mask = umask(0)
        umask(mask)
        fchmod(descriptor, 0o666 & ~mask)
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = String(cString: strerror(errno))
                    return
                }
                offset += written
            }
        }
        if close(descriptor) != 0 && failure == nil { failure = String(cString: strerror(errno)) }
        if failure == nil && rename(temporary, path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary)
            throw CommandFailure("cannot write '\(path)': \(failure)")
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
