import GraphModel

/// How an adapter writes each program's numbers.
public enum AnswerEncoding: String, Sendable, CaseIterable {
    /// `I DATA GRAD` per statement and `end`: the protocol's plain text.
    case text
    /// Per program a record of little-endian IEEE 754 doubles: the statement count N, then
    /// each statement's data and grad (8·(2N + 1) bytes); or the count 0 followed by a line
    /// `error MESSAGE`. For an adapter whose text printing is a large share of its time
    /// (gradviz's own Python module, where `repr` of a float costs CPython more than
    /// micrograd's arithmetic, and where a batch of records is one `struct.pack`).
    case binary
}

/// Reads an adapter's answers to a batch of programs from the bytes it has sent so far: per
/// program, `I DATA GRAD` for every statement in order and `end` (or, with ``AnswerEncoding/binary``,
/// one record of doubles: the count, then each statement's data and grad), or one line
/// `error MESSAGE`.
///
/// Lines are read in place from the bytes (no string per line), since a fast adapter answers
/// tens of thousands of programs a second and this is gradviz's share of that time.
struct AnswerReader {
    private let programs: [Program]
    private let firstNumber: Int
    private let encoding: AnswerEncoding
    /// Binary answers: statements whose numbers' bytes are awaited after a record's count.
    private var awaitedValues = 0
    /// Binary answers: a count of 0 was read, so an `error` line comes next.
    private var awaitingError = false
    /// Programs answered in full (or with `error`).
    private(set) var answered = 0
    private var statement = 0
    private var data: [Double] = []
    private var grads: [Double] = []
    /// The numbers of the programs answered before the first `error`.
    private(set) var numbers: [EngineNumbers] = []
    /// The first `error` answer; the answers after it are read and set aside.
    private(set) var error: EngineSessionError?

    init(programs: [Program], firstNumber: Int, encoding: AnswerEncoding = .text) {
        self.programs = programs
        self.firstNumber = firstNumber
        self.encoding = encoding
        numbers.reserveCapacity(programs.count)
        startProgram()
    }

    var isComplete: Bool { answered == programs.count }

    /// Bytes of numbers awaited for the program being read (binary answers), beyond any line.
    var awaitedBytes: Int { awaitedValues * 16 }

    /// The program whose answer is being read.
    var moment: EngineSessionError.Moment { .program(firstNumber + min(answered, programs.count - 1)) }

    /// Reads every whole line in `buffer` and removes them from it.
    mutating func consume(_ buffer: inout [UInt8]) throws(EngineSessionError) {
        var start = 0
        defer { if start > 0 { buffer.removeSubrange(..<start) } }
        while !isComplete {
            if awaitedValues > 0 {
                let size = awaitedValues * 16
                guard buffer.count - start >= size else { return }
                readNumbers(buffer, at: start)
                start += size
                continue
            }
            if encoding == .binary && !awaitingError {
                guard buffer.count - start >= 8 else { return }
                try readCount(buffer, at: start)
                start += 8
                continue
            }
            guard let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) else { return }
            var end = newline
            if end > start && buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            try buffer.withUnsafeBufferPointer { (bytes) throws(EngineSessionError) in
                try line(UnsafeBufferPointer(rebasing: bytes[start..<end]))
            }
            start = newline + 1
        }
    }

    private mutating func startProgram() {
        statement = 0
        guard answered < programs.count else { return }
        data = []
        grads = []
        data.reserveCapacity(programs[answered].count)
        grads.reserveCapacity(programs[answered].count)
    }

    private mutating func finishProgram() {
        if error == nil { numbers.append(EngineNumbers(data: data, grads: grads)) }
        answered += 1
        startProgram()
    }

    /// A binary record's count at `offset`: the program's statement count, or 0 for an error.
    private mutating func readCount(_ buffer: [UInt8], at offset: Int) throws(EngineSessionError) {
        let announced = buffer.withUnsafeBytes { Self.double($0, at: offset) }
        let count = programs[answered].count
        if announced == 0 {
            awaitingError = true
        } else if announced == Double(count) {
            awaitedValues = count
        } else {
            throw .unexpectedAnswer(
                moment, line: "a record of \(NumberFormat.integerOrExact(announced)) values",
                expected: "\(count) values")
        }
    }

    /// The program's data and grad of each statement (little-endian) at `offset`, ending the
    /// program.
    private mutating func readNumbers(_ buffer: [UInt8], at offset: Int) {
        let count = awaitedValues
        buffer.withUnsafeBytes { raw in
            for index in 0..<count {
                self.data.append(Self.double(raw, at: offset + 16 * index))
                grads.append(Self.double(raw, at: offset + 16 * index + 8))
            }
        }
        awaitedValues = 0
        finishProgram()
    }

    /// The little-endian IEEE 754 double at `offset`.
    private static func double(_ raw: UnsafeRawBufferPointer, at offset: Int) -> Double {
        Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
    }

    private mutating func line(_ bytes: UnsafeBufferPointer<UInt8>) throws(EngineSessionError) {
        let fields = Self.fields(bytes)
        let count = programs[answered].count
        if encoding == .binary {
            // Only an error line follows a record whose count is 0.
            awaitingError = false
            guard let first = fields.first, Self.equals(bytes, first, "error") else {
                throw .unexpectedAnswer(moment, line: Self.text(bytes), expected: "error MESSAGE")
            }
        }
        guard statement < count else {
            guard fields.count == 1, Self.equals(bytes, fields[0], "end") else {
                throw .unexpectedAnswer(moment, line: Self.text(bytes), expected: "end")
            }
            finishProgram()
            return
        }
        if let first = fields.first, Self.equals(bytes, first, "error") {
            if error == nil {
                let message = Self.text(UnsafeBufferPointer(rebasing: bytes[first.upperBound...]))
                error = .reportedError(moment, message: Self.trimmed(message))
            }
            answered += 1
            startProgram()
            return
        }
        guard fields.count == 3, let id = Self.integer(bytes, fields[0]) else {
            throw .unexpectedAnswer(moment, line: Self.text(bytes), expected: "\(statement) DATA GRAD")
        }
        guard id == statement else { throw .wrongValue(moment, found: id, expected: statement) }
        guard let value = Self.number(bytes, fields[1]), let grad = Self.number(bytes, fields[2]) else {
            throw .unexpectedAnswer(moment, line: Self.text(bytes), expected: "\(statement) DATA GRAD")
        }
        data.append(value)
        grads.append(grad)
        statement += 1
    }

    // MARK: - Bytes

    private static func isSpace(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    /// The ranges of a line's first fields (at most four are needed), held inline: a line is
    /// read without allocating.
    private struct Fields {
        private var ranges: (Range<Int>, Range<Int>, Range<Int>, Range<Int>) = (0..<0, 0..<0, 0..<0, 0..<0)
        private(set) var count = 0
        static let capacity = 4

        var first: Range<Int>? { count > 0 ? self[0] : nil }

        subscript(index: Int) -> Range<Int> {
            precondition(index < count)
            switch index {
            case 0: return ranges.0
            case 1: return ranges.1
            case 2: return ranges.2
            default: return ranges.3
            }
        }

        mutating func append(_ range: Range<Int>) {
            switch count {
            case 0: ranges.0 = range
            case 1: ranges.1 = range
            case 2: ranges.2 = range
            default: ranges.3 = range
            }
            count += 1
        }
    }

    /// The ranges of the fields separated by spaces and tabs (at most four).
    private static func fields(_ bytes: UnsafeBufferPointer<UInt8>) -> Fields {
        var fields = Fields()
        var index = 0
        while index < bytes.count && fields.count < Fields.capacity {
            while index < bytes.count && isSpace(bytes[index]) { index += 1 }
            let start = index
            while index < bytes.count && !isSpace(bytes[index]) { index += 1 }
            if index > start { fields.append(start..<index) }
        }
        return fields
    }

    private static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ field: Range<Int>, _ word: StaticString) -> Bool {
        guard field.count == word.utf8CodeUnitCount else { return false }
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        return bytes[field].elementsEqual(expected)
    }

    /// A decimal integer with an optional sign, as `Int("…")` reads it.
    private static func integer(_ bytes: UnsafeBufferPointer<UInt8>, _ field: Range<Int>) -> Int? {
        var index = field.lowerBound
        var negative = false
        if bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        guard index < field.upperBound, field.upperBound - index <= 18 else { return nil }
        var value = 0
        while index < field.upperBound {
            let digit = Int(bytes[index]) - Int(UInt8(ascii: "0"))
            guard (0...9).contains(digit) else { return nil }
            value = value * 10 + digit
            index += 1
        }
        return negative ? -value : value
    }

    /// A number as C's `strtod` reads it (decimal, `1e-07`, `nan`, `inf`), the whole field.
    private static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ field: Range<Int>) -> Double? {
        guard field.count < 512 else { return nil }
        return NumberFormat.double(parsing: UnsafeBufferPointer(rebasing: bytes[field]))
    }

    private static func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

    private static func trimmed(_ text: String) -> String {
        String(
            text.drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed()
        )
    }
}
