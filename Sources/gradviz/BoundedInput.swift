import Foundation

/// Reads a file or stdin up to a size limit, so an endless or huge input (`yes | gradviz …`,
/// `/dev/zero`) is refused after reading at most `limit + 1` bytes instead of filling memory.
enum BoundedInput {
    enum Failure: Error {
        /// The input has more than `limit` bytes.
        case tooLarge
        /// It could not be opened or read; the system's reason.
        case unreadable(String)
    }

    /// The bytes of `path` ("-": stdin), at most `limit` of them.
    static func read(_ path: String, limit: Int) throws(Failure) -> [UInt8] {
        let descriptor: Int32
        if path == "-" {
            descriptor = STDIN_FILENO
        } else {
            descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw .unreadable(String(cString: strerror(errno))) }
            var info = stat()
            if fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
                close(descriptor)
                throw .unreadable("it is a folder")
            }
        }
        defer { if descriptor != STDIN_FILENO { close(descriptor) } }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while bytes.count <= limit {
            let count = chunk.withUnsafeMutableBytes { buffer in
                Foundation.read(descriptor, buffer.baseAddress, min(buffer.count, limit + 1 - bytes.count))
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(String(cString: strerror(errno)))
            }
            if count == 0 { return bytes }
            bytes += chunk.prefix(count)
        }
        throw .tooLarge
    }
}
