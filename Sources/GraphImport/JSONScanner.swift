import GraphModel

/// A forward-only reader of JSON text: values are read where the caller expects them, in one
/// pass, with no tree of `Any` in between.
///
/// Every value the caller does not want is still checked for syntax (and nesting depth) as it
/// is skipped.
struct JSONScanner {
    enum Kind { case object, array, string, number, literal }

    struct Failure: Error {
        var message: String
    }

    private let bytes: [UInt8]
    private(set) var offset = 0
    let maximumDepth: Int

    init(_ bytes: [UInt8], maximumDepth: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
    }

    // MARK: - Positions and errors

    /// "line L, column C" of the current offset, for messages.
    var position: String {
        var line = 1
        var column = 1
        for byte in bytes[..<min(offset, bytes.count)] {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return "line \(line), column \(column)"
    }

    func failure(_ what: String) -> Failure { Failure(message: "not valid JSON: \(what) at \(position)") }

    // MARK: - Structure

    mutating func skipWhitespace() {
        while offset < bytes.count,
            bytes[offset] == 0x20 || bytes[offset] == 0x0A || bytes[offset] == 0x0D || bytes[offset] == 0x09
        {
            offset += 1
        }
    }

    /// The kind of the next value, or an error at the end of the text or at a stray byte.
    mutating func peekKind() throws(Failure) -> Kind {
        skipWhitespace()
        guard offset < bytes.count else { throw failure("unexpected end of text") }
        switch bytes[offset] {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"): return .literal
        default: throw failure("unexpected character '\(Self.show(bytes[offset]))'")
        }
    }

    /// Calls `body` with each key of an object, positioned at its value; `body` must read or
    /// skip the value.
    mutating func readObject(depth: Int, _ body: (inout JSONScanner, String) throws(Failure) -> Void) throws(Failure) {
        try readObject(depth: depth) { (scanner: inout JSONScanner, key: Key) throws(Failure) in
            try body(&scanner, scanner.text(of: key))
        }
    }

    /// An object's key as it stands in the text: its bytes, unless it has escapes.
    enum Key {
        case bytes(Range<Int>)
        case decoded(String)
    }

    /// Whether `key` is `word` (compared byte by byte: no string is made for the key).
    func key(_ key: Key, is word: StaticString) -> Bool {
        switch key {
        case .bytes(let range):
            let utf8 = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
            return range.count == utf8.count && bytes[range].elementsEqual(utf8)
        case .decoded(let text): return text == word.description
        }
    }

    func text(of key: Key) -> String {
        switch key {
        case .bytes(let range): String(decoding: bytes[range], as: UTF8.self)
        case .decoded(let text): text
        }
    }

    /// An object, its keys handed to `body` as they stand in the text (see ``key(_:is:)``).
    mutating func readObject(depth: Int, _ body: (inout JSONScanner, Key) throws(Failure) -> Void) throws(Failure) {
        guard depth <= maximumDepth else {
            throw Failure(message: "the JSON is nested more than \(maximumDepth) levels deep")
        }
        try expect(UInt8(ascii: "{"))
        skipWhitespace()
        if consume(UInt8(ascii: "}")) { return }
        while true {
            skipWhitespace()
            guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else {
                throw failure("expected a key in quotes")
            }
            let key = try readKey()
            skipWhitespace()
            try expect(UInt8(ascii: ":"))
            try body(&self, key)
            skipWhitespace()
            if consume(UInt8(ascii: ",")) { continue }
            if consume(UInt8(ascii: "}")) { return }
            throw failure("expected ',' or '}' in an object")
        }
    }

    /// Calls `body` positioned at each element of an array; `body` must read or skip it.
    mutating func readArray(depth: Int, _ body: (inout JSONScanner) throws(Failure) -> Void) throws(Failure) {
        guard depth <= maximumDepth else {
            throw Failure(message: "the JSON is nested more than \(maximumDepth) levels deep")
        }
        try expect(UInt8(ascii: "["))
        skipWhitespace()
        if consume(UInt8(ascii: "]")) { return }
        while true {
            try body(&self)
            skipWhitespace()
            if consume(UInt8(ascii: ",")) { continue }
            if consume(UInt8(ascii: "]")) { return }
            throw failure("expected ',' or ']' in an array")
        }
    }

    /// Checks and passes over one value of any kind.
    mutating func skipValue(depth: Int) throws(Failure) {
        switch try peekKind() {
        case .object:
            try readObject(depth: depth + 1) { (scanner: inout JSONScanner, _: Key) throws(Failure) in
                try scanner.skipValue(depth: depth + 1)
            }
        case .array:
            try readArray(depth: depth + 1) { (scanner: inout JSONScanner) throws(Failure) in
                try scanner.skipValue(depth: depth + 1)
            }
        case .string: _ = try readString()
        case .number: _ = try readNumber()
        case .literal: _ = try readLiteral()
        }
    }

    /// A value read without knowing what to expect: scalars kept, objects and arrays checked
    /// and passed over (their kind kept for messages).
    enum Scalar {
        case string(String)
        case number(Double, isInteger: Bool)
        case boolean(Bool)
        case null, object, array

        /// How a message shows it.
        var shown: String {
            switch self {
            case .string(let text): "\"\(text)\""
            case .number(let value, let isInteger): isInteger && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
            case .boolean(let value): value ? "true" : "false"
            case .null: "null"
            case .object: "an object"
            case .array: "an array"
            }
        }

        /// Its kind in a message ("a string", "an array").
        var kind: String {
            switch self {
            case .string: "a string"
            case .number: "a number"
            case .boolean: "a boolean"
            case .null: "null"
            case .object: "an object"
            case .array: "an array"
            }
        }
    }

    mutating func readScalar(depth: Int) throws(Failure) -> Scalar {
        switch try peekKind() {
        case .string: return .string(try readString())
        case .number:
            let (value, isInteger) = try readNumber()
            return .number(value, isInteger: isInteger)
        case .literal: return try readLiteral().map(Scalar.boolean) ?? .null
        case .object:
            try skipValue(depth: depth)
            return .object
        case .array:
            try skipValue(depth: depth)
            return .array
        }
    }

    /// At the end: only whitespace may follow the top-level value.
    mutating func expectEnd() throws(Failure) {
        skipWhitespace()
        if offset < bytes.count { throw failure("unexpected text after the end") }
    }

    // MARK: - Scalars

    /// `true`, `false` or `null` (`nil`).
    mutating func readLiteral() throws(Failure) -> Bool? {
        if matches("true") {
            offset += 4
            return true
        }
        if matches("false") {
            offset += 5
            return false
        }
        if matches("null") {
            offset += 4
            return nil
        }
        throw failure("unexpected word")
    }

    mutating func readNumber() throws(Failure) -> (value: Double, isInteger: Bool) {
        let start = offset
        var isInteger = true
        if offset < bytes.count && bytes[offset] == UInt8(ascii: "-") { offset += 1 }
        let digitsStart = offset
        while offset < bytes.count && Self.isDigit(bytes[offset]) { offset += 1 }
        guard offset > digitsStart else { throw failure("a number without digits") }
        if bytes[digitsStart] == UInt8(ascii: "0") && offset - digitsStart > 1 {
            throw failure("a number with a leading zero")
        }
        if offset < bytes.count && bytes[offset] == UInt8(ascii: ".") {
            isInteger = false
            offset += 1
            let fraction = offset
            while offset < bytes.count && Self.isDigit(bytes[offset]) { offset += 1 }
            guard offset > fraction else { throw failure("a number without digits after '.'") }
        }
        if offset < bytes.count && (bytes[offset] == UInt8(ascii: "e") || bytes[offset] == UInt8(ascii: "E")) {
            isInteger = false
            offset += 1
            if offset < bytes.count && (bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-")) {
                offset += 1
            }
            let exponent = offset
            while offset < bytes.count && Self.isDigit(bytes[offset]) { offset += 1 }
            guard offset > exponent else { throw failure("a number without digits in its exponent") }
        }
        // The grammar is checked above, so strtod reads exactly these bytes.
        let end = offset
        let value = bytes.withUnsafeBufferPointer { buffer in
            NumberFormat.double(parsing: UnsafeBufferPointer(rebasing: buffer[start..<end]))
        }
        guard let value else { throw failure("a number that cannot be read") }
        return (value, isInteger)
    }

    /// A string, with escapes undone and invalid UTF-8 refused.
    ///
    /// A key: its byte range when it is plain ASCII without escapes, else the decoded string.
    private mutating func readKey() throws(Failure) -> Key {
        let start = offset + 1
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                offset = index + 1
                return .bytes(start..<index)
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x80 { break }
            index += 1
        }
        return .decoded(try readString())
    }

    mutating func readString() throws(Failure) -> String {
        try expect(UInt8(ascii: "\""))
        let start = offset
        // Fast path: no escapes.
        var isASCII = true
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                // Through a buffer pointer: a concrete type, not a generic slice (this runs for
                // every key and string of a file of millions of nodes). ASCII (nearly every
                // key and label) is valid UTF-8 as it is: decoded without the validating
                // initializer, whose generic code costs more than the rest of the string.
                let end = offset
                let decoded = bytes.withUnsafeBufferPointer { buffer in
                    let text = UnsafeBufferPointer(rebasing: buffer[start..<end])
                    return isASCII ? String(decoding: text, as: UTF8.self) : String(validating: text, as: UTF8.self)
                }
                guard let text = decoded else {
                    throw failure("a string that is not UTF-8")
                }
                offset += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw failure("a control character in a string") }
            if byte >= 0x80 { isASCII = false }
            offset += 1
        }
        var scalars: [UInt8] = Array(bytes[start..<offset])
        while offset < bytes.count {
            let byte = bytes[offset]
            offset += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = String(validating: scalars, as: UTF8.self) else {
                    throw failure("a string that is not UTF-8")
                }
                return text
            case UInt8(ascii: "\\"):
                guard offset < bytes.count else { break }
                let escape = bytes[offset]
                offset += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(escape)
                case UInt8(ascii: "b"): scalars.append(0x08)
                case UInt8(ascii: "f"): scalars.append(0x0C)
                case UInt8(ascii: "n"): scalars.append(0x0A)
                case UInt8(ascii: "r"): scalars.append(0x0D)
                case UInt8(ascii: "t"): scalars.append(0x09)
                case UInt8(ascii: "u"):
                    var code = try readHex4()
                    if (0xD800..<0xDC00).contains(code), matches("\\u") {
                        offset += 2
                        let low = try readHex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw failure("a broken surrogate pair") }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(code) else { throw failure("an escape that is not a character") }
                    scalars += Array(String(Character(scalar)).utf8)
                default: throw failure("an unknown escape '\\\(Self.show(escape))'")
                }
            default:
                if byte < 0x20 { throw failure("a control character in a string") }
                scalars.append(byte)
            }
        }
        throw failure("a string that does not end")
    }

    // MARK: - Helpers

    private mutating func readHex4() throws(Failure) -> UInt32 {
        guard offset + 4 <= bytes.count else { throw failure("a short \\u escape") }
        var code: UInt32 = 0
        for byte in bytes[offset..<offset + 4] {
            guard let digit = Self.hexValue(byte) else { throw failure("a \\u escape that is not hexadecimal") }
            code = code << 4 | digit
        }
        offset += 4
        return code
    }

    private mutating func expect(_ byte: UInt8) throws(Failure) {
        guard offset < bytes.count else { throw failure("unexpected end of text") }
        guard bytes[offset] == byte else {
            throw failure("expected '\(Self.show(byte))', found '\(Self.show(bytes[offset]))'")
        }
        offset += 1
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard offset < bytes.count, bytes[offset] == byte else { return false }
        offset += 1
        return true
    }

    private func matches(_ word: StaticString) -> Bool {
        let utf8 = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        return offset + utf8.count <= bytes.count && bytes[offset..<offset + utf8.count].elementsEqual(utf8)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// A byte for a message: printable ASCII as itself, anything else as a code.
    static func show(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte)
            ? String(UnicodeScalar(byte)) : "0x" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
    }
}
