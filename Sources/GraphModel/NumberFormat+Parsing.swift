#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension NumberFormat {
    /// The number `bytes` spell, as C's `strtod` reads it (decimal, `1e-07`, `nan`, `inf`;
    /// correctly rounded, as `Double(String)` is), when it reads every one of them; `nil` for
    /// no bytes or any left over.
    ///
    /// Read from a copy on the stack, so a reader of millions of numbers (a graph file, an
    /// adapter's answers) makes no string per number.
    public static func double(parsing bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard !bytes.isEmpty else { return nil }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: bytes.count + 1) { text -> Double? in
            for (offset, byte) in bytes.enumerated() { text[offset] = CChar(bitPattern: byte) }
            text[bytes.count] = 0
            guard let start = text.baseAddress else { return nil }
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(start, &end)
            guard let end, end - start == bytes.count else { return nil }
            return value
        }
    }
}
