import GraphModel

/// How gradviz writes programs to an adapter (the handshake stays text either way).
public enum RequestEncoding: String, Sendable, CaseIterable {
    /// The protocol's lines: `program N`, `I leaf X`, `I OP J K`, `backward I`, `end`.
    case text
    /// One 20-byte little-endian record per line: a `UInt32` code, two `UInt32` operands and a
    /// `Double` (a leaf's data or `pow`'s exponent), where the code is 0 to 11 for the
    /// operations in the order `add sub mul div powv leaf neg exp log tanh relu sigmoid` (5 is a
    /// leaf), 12 `pow`, 13 `backward`, 14 `end` and 15 `quit`; no `program N` record. For an
    /// adapter whose reading of lines is a large share of its time: gradviz's Python module,
    /// where one `struct.iter_unpack` reads a batch and no line is split or looked up.
    case binary

    /// The code of a leaf record.
    static let leafCode: UInt32 = 5
    /// The code of a `backward I` record.
    static let backwardCode: UInt32 = 13
    /// The code of the record that ends a program.
    static let endCode: UInt32 = 14
    /// The code of the record that ends the conversation.
    static let quitCode: UInt32 = 15

    /// The `quit` request in this encoding.
    var quit: [UInt8] {
        switch self {
        case .text: Array("quit\n".utf8)
        case .binary:
            {
                var bytes: [UInt8] = []
                Program.appendRecord(Self.quitCode, 0, 0, 0, to: &bytes)
                return bytes
            }()
        }
    }
}

extension Operator {
    /// The operation's code in a binary request record (``RequestEncoding/binary``): the binary
    /// operations first, so a reader tests the commonest case with one comparison.
    var requestCode: UInt32 {
        switch self {
        case .add: 0
        case .subtract: 1
        case .multiply: 2
        case .divide: 3
        case .powerOfValue: 4
        case .negate: 6
        case .exp: 7
        case .log: 8
        case .tanh: 9
        case .relu: 10
        case .sigmoid: 11
        case .power: 12
        }
    }
}
