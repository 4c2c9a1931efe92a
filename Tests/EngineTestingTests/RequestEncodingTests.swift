import Foundation
import GraphModel
import Testing

@testable import EngineTesting

/// Binary requests (`--requests binary`): the records are read back here by hand, against the
/// table in docs/test-engine-protocol.md, not through the code that wrote them.
@Suite struct RequestEncodingTests {
    /// (code, J, K, X) of each record in `bytes`, read as little-endian fields.
    static func records(_ bytes: [UInt8]) -> [[Double]] {
        #expect(bytes.count % 20 == 0)
        func word(_ at: Int) -> UInt64 {
            (0..<4).reduce(0) { $0 | UInt64(bytes[at + $1]) << (8 * UInt64($1)) }
        }
        return stride(from: 0, to: bytes.count, by: 20).map { start in
            let low = word(start + 12)
            let high = word(start + 16)
            let fields = [Double(word(start)), Double(word(start + 4)), Double(word(start + 8))]
            return fields + [Double(bitPattern: low | high << 32)]
        }
    }

    @Test func everyStatementIsTheDocumentedRecord() {
        let program = Program([
            .leaf(2), .leaf(-0.1), .binary(.add, 0, 1), .binary(.subtract, 2, 0), .binary(.multiply, 3, 3),
            .binary(.divide, 4, 1), .binary(.powerOfValue, 0, 5), .unary(.negate, 6), .unary(.exp, 7),
            .unary(.log, 0), .unary(.tanh, 9), .unary(.relu, 10), .unary(.sigmoid, 11), .power(12, exponent: -1.5),
        ])
        var bytes: [UInt8] = []
        program.appendProtocolRecords(to: &bytes)
        let expected: [[Double]] = [
            [5, 0, 0, 2], [5, 0, 0, -0.1], [0, 0, 1, 0], [1, 2, 0, 0], [2, 3, 3, 0], [3, 4, 1, 0], [4, 0, 5, 0],
            [6, 6, 0, 0], [7, 7, 0, 0], [8, 0, 0, 0], [9, 9, 0, 0], [10, 10, 0, 0], [11, 11, 0, 0],
            [12, 12, 0, -1.5], [13, 13, 0, 0], [14, 0, 0, 0],
        ]
        #expect(Self.records(bytes) == expected)
        #expect(Self.records(RequestEncoding.binary.quit) == [[15, 0, 0, 0]])
        #expect(RequestEncoding.text.quit == Array("quit\n".utf8))
    }

    @Test func aSessionSendsRecordsAfterATextHandshake() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gradviz-requests-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let received = directory.appendingPathComponent("requests").path
        // The adapter keeps the handshake line and the program's 4 records (80 bytes), answers
        // in text, then keeps the rest (the quit record) until gradviz closes its end.
        let script = """
            read line; echo "$line" > '\(received).handshake'; echo 'ready add'; \
            head -c 80 > '\(received)'; printf '0 2 2\\n1 4 1\\nend\\n'; head -c 20 > '\(received).quit'
            """
        let session = try EngineSession(command: script, requests: .binary)
        let numbers = try session.run(Program([.leaf(2), .binary(.add, 0, 0)]))
        #expect(numbers == EngineNumbers(data: [2, 4], grads: [2, 1]))
        session.close()
        let handshake = try String(contentsOfFile: received + ".handshake", encoding: .utf8)
        #expect(handshake == "gradviz-engine 1\n")
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: received)))
        #expect(Self.records(bytes) == [[5, 0, 0, 2], [0, 0, 0, 0], [13, 1, 0, 0], [14, 0, 0, 0]])
        let quit = try [UInt8](Data(contentsOf: URL(fileURLWithPath: received + ".quit")))
        #expect(Self.records(quit) == [[15, 0, 0, 0]])
    }
}
