import GraphModel
import Testing

@testable import EngineTesting

/// The binary answers gradviz's Python module writes (`--answers binary`): per program the
/// count and each value's data and grad as little-endian doubles, or the count 0 and an
/// `error` line; read whole or in pieces, and refused with the adapter's words otherwise.
@Suite struct AnswerReaderTests {
    static let programs = [
        Program([.leaf(2), .binary(.add, 0, 0)]), Program([.leaf(-1.5)]), Program([.leaf(3), .unary(.exp, 0)]),
    ]

    static func record(_ numbers: [Double]) -> [UInt8] {
        numbers.flatMap { number -> [UInt8] in
            withUnsafeBytes(of: number.bitPattern.littleEndian) { Array($0) }
        }
    }

    static let answers: [UInt8] =
        record([2, 2, 2, 4, 1]) + record([0]) + Array("error your log said no\n".utf8) + record([2, 3, 7, 20.5, 1])

    @Test func readsRecordsAndErrorsWholeOrInPieces() throws {
        for pieceSize in [Self.answers.count, 1, 3, 8, 13] {
            var reader = AnswerReader(programs: Self.programs, firstNumber: 1, encoding: .binary)
            var buffer: [UInt8] = []
            var offset = 0
            while offset < Self.answers.count {
                let end = min(offset + pieceSize, Self.answers.count)
                buffer += Self.answers[offset..<end]
                offset = end
                try reader.consume(&buffer)
            }
            #expect(reader.isComplete)
            #expect(buffer.isEmpty)
            #expect(reader.numbers == [EngineNumbers(data: [2, 4], grads: [2, 1])])
            #expect(reader.error == .reportedError(.program(2), message: "your log said no"))
        }
    }

    @Test func readsTheLastProgramAfterAnError() throws {
        var reader = AnswerReader(programs: Array(Self.programs[2...]), firstNumber: 3, encoding: .binary)
        var buffer = Self.record([2, 3, 7, 20.5, 1])
        try reader.consume(&buffer)
        #expect(reader.numbers == [EngineNumbers(data: [3, 20.5], grads: [7, 1])])
    }

    @Test func refusesAWrongCountAndTextWhereARecordBelongs() {
        var reader = AnswerReader(programs: Self.programs, firstNumber: 1, encoding: .binary)
        var buffer = Self.record([3, 2, 2, 4, 1, 0, 0])
        let wrongCount = EngineSessionError.unexpectedAnswer(
            .program(1), line: "a record of 3 values", expected: "2 values")
        #expect(throws: wrongCount) { try reader.consume(&buffer) }
        var text = AnswerReader(programs: Self.programs, firstNumber: 1, encoding: .binary)
        var line = Array("0 2.0 2.0\n1 4.0 1.0\nend\n".utf8)
        #expect(throws: EngineSessionError.self) { try text.consume(&line) }
        var notError = AnswerReader(programs: Self.programs, firstNumber: 1, encoding: .binary)
        var afterZero = Self.record([0]) + Array("fine\n".utf8)
        #expect(throws: EngineSessionError.unexpectedAnswer(.program(1), line: "fine", expected: "error MESSAGE")) {
            try notError.consume(&afterZero)
        }
    }
}
