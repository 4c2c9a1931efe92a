import Foundation

/// Writes finished output: whole files or nothing.
///
/// - A regular file (new or existing) is written to a temporary file in the same folder and
///   renamed over it, so a failure never leaves a partial file and never touches an existing
///   one. An existing file keeps its permission bits (and, when gradviz may set them, its
///   owner and group). Like every atomic replace, the rename gives the path a new file: other
///   hard links to the old file keep the old contents.
/// - A symbolic link is followed: the file it points to is replaced atomically, the link
///   stays. A link to nothing is refused.
/// - Anything that is not a regular file (a device such as /dev/null, a FIFO, a socket, a
///   terminal) is opened and written in place: there is no file to replace.
/// - A FIFO is waited on for at most `timeout` seconds (`--timeout`): for a reader to open it
///   and for the reader to take every byte. With no reader by then it is one line and exit
///   status 1 (a reader that took part of the output has that part).
/// - `/dev/stdout`, `/dev/stderr` and `/dev/fd/N` are the process's own descriptors.
/// - Any write error (a full disk, EFBIG past `ulimit -f`) is one line and exit status 1, the
///   temporary file removed.
enum OutputWriter {
    /// Writes `bytes` to `path` (see the type's documentation).
    ///
    /// `nil` path: stdout. `timeout`: the longest wait for a FIFO's reader.
    static func write(_ bytes: [UInt8], to path: String?, timeout: Double = 60) throws(CommandFailure) {
        guard let path else {
            try writeToStandardOutput(bytes)
            return
        }
        if let descriptor = ownDescriptor(path) {
            try writeInPlace(bytes, descriptor: descriptor, path: path)
            return
        }
        var linkInfo = stat()
        guard lstat(path, &linkInfo) == 0 else {
            try writeNewFile(bytes, to: path)
            return
        }
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw CommandFailure(
                "cannot write '\(path)': it is a symbolic link to '\(linkTarget(path))', which does not exist")
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            throw CommandFailure("cannot write '\(path)': it is a folder")
        case S_IFREG:
            var target = path
            if linkInfo.st_mode & S_IFMT == S_IFLNK {
                guard let resolved = realPath(path) else {
                    throw CommandFailure(
                        "cannot write '\(path)': cannot resolve the symbolic link (\(String(cString: strerror(errno))))"
                    )
                }
                target = resolved
            }
            let folder = (target as NSString).deletingLastPathComponent
            try writeAtomically(
                bytes, to: target, shownAs: path, folder: folder.isEmpty ? "." : folder, replacing: info)
        case S_IFIFO:
            try writeToFIFO(bytes, path: path, timeout: timeout)
        default:
            let descriptor = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC)
            guard descriptor >= 0 else {
                throw CommandFailure("cannot write '\(path)': \(String(cString: strerror(errno)))")
            }
            defer { close(descriptor) }
            try writeInPlace(bytes, descriptor: descriptor, path: path)
        }
    }

    private static func writeNewFile(_ bytes: [UInt8], to path: String) throws(CommandFailure) {
        let folder = (path as NSString).deletingLastPathComponent
        let shownFolder = folder.isEmpty ? "." : folder
        var info = stat()
        guard stat(shownFolder, &info) == 0 else {
            throw CommandFailure("cannot write '\(path)': the folder '\(shownFolder)' does not exist")
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw CommandFailure("cannot write '\(path)': '\(shownFolder)' is not a folder")
        }
        try writeAtomically(bytes, to: path, shownAs: path, folder: shownFolder, replacing: nil)
    }

    /// Temporary file in the same folder (so the rename cannot cross file systems), every byte
    /// written, then renamed over the destination.
    ///
    /// On any failure the temporary file is removed and an existing file is left as it was. The
    /// temporary file is registered with ``ProcessCleanup`` so SIGINT or SIGTERM removes it
    /// too.
    private static func writeAtomically(
        _ bytes: [UInt8], to path: String, shownAs shown: String, folder: String, replacing existing: stat?
    ) throws(CommandFailure) {
        let name = temporaryName(for: (path as NSString).lastPathComponent)
        var template = Array((folder as NSString).appendingPathComponent(name).utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.map { mkstemp($0) } ?? -1
        }
        guard descriptor >= 0 else {
            throw CommandFailure(
                "cannot write '\(shown)': cannot create a file in '\(folder)' (\(String(cString: strerror(errno))))")
        }
        let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        ProcessCleanup.registerTemporaryFile(temporary)
        defer { ProcessCleanup.clearTemporaryFile() }
        if let existing {
            // Keep the replaced file's permissions, and its owner where allowed (root).
            fchmod(descriptor, existing.st_mode & 0o7777)
            if existing.st_uid != geteuid() || existing.st_gid != getegid() {
                _ = fchown(descriptor, existing.st_uid, existing.st_gid)
                fchmod(descriptor, existing.st_mode & 0o7777)
            }
        } else {
            // mkstemp makes the file private (0600); give it the usual permissions for new files.
            let mask = umask(0)
            umask(mask)
            fchmod(descriptor, 0o666 & ~mask)
        }
        var failure = writeAll(bytes, to: descriptor).map { String(cString: strerror($0)) }
        if close(descriptor) != 0 && failure == nil { failure = String(cString: strerror(errno)) }
        if failure == nil && rename(temporary, path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary)
            throw CommandFailure("cannot write '\(shown)': \(failure)")
        }
    }

    /// Longest file name (bytes) on the usual file systems (ext4, xfs, btrfs, tmpfs).
    static let fileNameLimit = 255

    /// The temporary file's name for a destination named `name`: `.NAME.gradviz-XXXXXX`, with
    /// NAME cut (at a character boundary) so that the whole stays within ``fileNameLimit``
    /// bytes: a valid name of 240–255 bytes must not make the temporary name invalid.
    static func temporaryName(for name: String) -> String {
        let suffix = ".gradviz-XXXXXX"
        let room = fileNameLimit - 1 - suffix.utf8.count
        var kept = Substring(name)
        while kept.utf8.count > room { kept = kept.dropLast() }
        return ".\(kept)\(suffix)"
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func linkTarget(_ path: String) -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
    }
}
