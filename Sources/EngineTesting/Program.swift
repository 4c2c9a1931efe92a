public import GraphModel

/// A straight-line program over an engine's operations: what test-engine runs in the user's
/// engine and in gradviz's, then compares value by value.
///
/// Statement `i` makes value `i` from earlier values (or is a leaf), and backward starts at the
/// last one. The same operand may appear twice (`b = a + a` is one value object used in both
/// slots), which is how reuse bugs show. A program prints itself three ways: in gradviz's
/// expression language, as Python micrograd code, and as the protocol's lines.
public struct Program: Sendable, Equatable {
    /// One statement.
    public enum Statement: Sendable, Equatable {
        /// A leaf made from a number.
        case leaf(Double)
        /// A one-operand operation other than `power` (`neg exp log tanh relu sigmoid`).
        case unary(Operator, Int)
        /// A two-operand operation (`add sub mul div powv`).
        case binary(Operator, Int, Int)
        /// A power with a constant exponent.
        case power(Int, exponent: Double)

        /// The operation, `nil` for a leaf.
        public var operation: Operator? {
            switch self {
            case .leaf: nil
            case .unary(let operation, _), .binary(let operation, _, _): operation
            case .power: .power
            }
        }

        /// Operand statement numbers in slot order.
        public var operands: [Int] {
            switch self {
            case .leaf: []
            case .unary(_, let a), .power(let a, _): [a]
            case .binary(_, let a, let b): [a, b]
            }
        }

        /// The operands as a pair without making an array (`nil` where a slot is absent): for
        /// the loops that run for every statement of every program.
        var operandPair: (first: Int?, second: Int?) {
            switch self {
            case .leaf: (nil, nil)
            case .unary(_, let a), .power(let a, _): (a, nil)
            case .binary(_, let a, let b): (a, b)
            }
        }

        /// The same statement reading `operands` instead (slot for slot).
        func replacingOperands(_ operands: [Int]) -> Statement {
            switch self {
            case .leaf: self
            case .unary(let operation, _): .unary(operation, operands[0])
            case .binary(let operation, _, _): .binary(operation, operands[0], operands[1])
            case .power(_, let exponent): .power(operands[0], exponent: exponent)
            }
        }
    }

    public var statements: [Statement]
    /// Statements written in `+=` style (`a += b` rebinding `a`'s name to the new value); only
    /// honoured for `add sub mul div` whose left operand is not read again (see ``names``).
    public var rebinds: Set<Int>

    public init(_ statements: [Statement], rebinds: Set<Int> = []) {
        precondition(!statements.isEmpty, "a program has at least one statement")
        for (index, statement) in statements.enumerated() {
            let (first, second) = statement.operandPair
            if let first { precondition(first >= 0 && first < index, "operands come before their use") }
            if let second { precondition(second >= 0 && second < index, "operands come before their use") }
        }
        self.statements = statements
        self.rebinds = rebinds
    }

    public var count: Int { statements.count }
    /// The value backward starts at: the last one.
    public var root: Int { statements.count - 1 }

    /// Operations the program uses, in `Operator` order.
    public var operations: [Operator] {
        let used = Set(statements.compactMap(\.operation))
        return Operator.allCases.filter(used.contains)
    }
}

// MARK: - micrograd's composite operations

extension Program {
    /// The program as micrograd builds it, where `-`, unary minus and `/` are not operations of
    /// their own: `a - b` is `a + (b * -1)`, `-a` is `a * -1` (the `-1` a new leaf) and `a / b`
    /// is `a * b**-1`.
    ///
    /// An engine written that way walks these inner values in its backward pass, so a wrong
    /// pass (a recursion, `=` for `+=`) is re-enacted over them. `places[i]` is the expanded
    /// statement that is statement `i`'s value; `nil` when nothing expands.
    public var microgradExpansion: (program: Program, places: [Int])? {
        guard statements.contains(where: { [.subtract, .negate, .divide].contains($0.operation) }) else { return nil }
        var expanded: [Statement] = []
        var places: [Int] = []
        for statement in statements {
            switch statement {
            case .binary(.subtract, let a, let b):
                expanded.append(.leaf(-1))
                expanded.append(.binary(.multiply, places[b], expanded.count - 1))
                expanded.append(.binary(.add, places[a], expanded.count - 1))
            case .unary(.negate, let a):
                expanded.append(.leaf(-1))
                expanded.append(.binary(.multiply, places[a], expanded.count - 1))
            case .binary(.divide, let a, let b):
                expanded.append(.power(places[b], exponent: -1))
                expanded.append(.binary(.multiply, places[a], expanded.count - 1))
            default:
                expanded.append(statement.replacingOperands(statement.operands.map { places[$0] }))
            }
            places.append(expanded.count - 1)
        }
        return (Program(expanded), places)
    }
}

// MARK: - Names

extension Program {
    /// Whether statement `index` is printed as `x op= y` (its left operand's name rebound).
    public func isRebinding(_ index: Int) -> Bool {
        guard rebinds.contains(index), case .binary(let operation, let left, let right) = statements[index],
            [.add, .subtract, .multiply, .divide].contains(operation), left != right,
            statements[left].operation != nil
        else { return false }
        // The old value must not be read after it lost its name.
        return !statements[(index + 1)...].contains { $0.operands.contains(left) }
    }

    /// Each value's variable name: `a, b, …, z, a1, …`; a rebinding statement takes its left
    /// operand's name.
    public var names: [String] {
        var names: [String] = []
        var next = 0
        for index in statements.indices {
            if isRebinding(index), case .binary(_, let left, _) = statements[index] {
                names.append(names[left])
            } else {
                names.append(Self.variableName(next))
                next += 1
            }
        }
        return names
    }

    /// A value's name as the numbers table shows it: the variable, primed once per rebinding
    /// before it (`a`, `a'`), so every row has its own name.
    public var rowNames: [String] {
        let names = self.names
        var seen: [String: Int] = [:]
        return names.map { name in
            let times = seen[name, default: 0]
            seen[name] = times + 1
            return name + String(repeating: "'", count: times)
        }
    }

    static func variableName(_ number: Int) -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        let letter = String(letters[number % 26])
        return number < 26 ? letter : letter + String(number / 26)
    }
}

// MARK: - Printing

extension Program {
    /// The program in gradviz's expression language (`a = 2; b = a + a; c = a * b`), which
    /// `gradviz expr` reads back into the same graph.
    public var expressionText: String {
        let names = self.names
        return statements.indices.map { index in
            let name = names[index]
            switch statements[index] {
            case .leaf(let value): return "\(name) = \(NumberFormat.integerOrExact(value))"
            case .unary(let operation, let a):
                let operand = names[a]
                let expression = operation == .negate ? "-\(operand)" : "\(operation.expressionName)(\(operand))"
                return "\(name) = \(expression)"
            case .power(let a, let exponent): return "\(name) = \(names[a]) ** \(NumberFormat.integerOrExact(exponent))"
            case .binary(let operation, let a, let b):
                if isRebinding(index) { return "\(name) \(operation.infix)= \(names[b])" }
                return "\(name) = \(names[a]) \(operation.infix) \(names[b])"
            }
        }.joined(separator: "; ")
    }

    /// The program as Python code for micrograd's API (`a = Value(2.0)`, `b = a + a`,
    /// `c = b.tanh()`, `b.backward()`), one statement a line, with `leaf` naming the class or
    /// function that makes a leaf.
    public func pythonText(leaf: String = "Value") -> String {
        let names = self.names
        var lines: [String] = statements.indices.map { index in
            let name = names[index]
            switch statements[index] {
            case .leaf(let value): return "\(name) = \(leaf)(\(Self.pythonNumber(value)))"
            case .unary(let operation, let a):
                return operation == .negate
                    ? "\(name) = -\(names[a])" : "\(name) = \(names[a]).\(operation.expressionName)()"
            case .power(let a, let exponent): return "\(name) = \(names[a]) ** \(Self.pythonExponent(exponent))"
            case .binary(let operation, let a, let b):
                if isRebinding(index) { return "\(name) \(operation.infix)= \(names[b])" }
                return "\(name) = \(names[a]) \(operation.infix) \(names[b])"
            }
        }
        lines.append("\(names[root]).backward()")
        return lines.joined(separator: "\n")
    }

    /// The program as the protocol sends it: `program N`, the statements, `backward I`, `end`.
    public func protocolText(number: Int) -> String {
        var bytes: [UInt8] = []
        appendProtocolText(number: number, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// ``protocolText(number:)``'s bytes, appended to `bytes`: each line written into a buffer
    /// on the stack and appended whole (appending byte by byte to an array costs a check per
    /// byte, and this runs for every program sent).
    func appendProtocolText(number: Int, to bytes: inout [UInt8]) {
        let space = UInt8(ascii: " ")
        LineWriter.appendingLine(to: &bytes) { line in
            line.word("program ")
            line.integer(number)
        }
        for (index, statement) in statements.enumerated() {
            LineWriter.appendingLine(to: &bytes) { line in
                line.integer(index)
                line.byte(space)
                switch statement {
                case .leaf(let value):
                    line.word("leaf ")
                    line.exact(value)
                case .unary(let operation, let a):
                    line.word(operation.staticProtocolName)
                    line.byte(space)
                    line.integer(a)
                case .binary(let operation, let a, let b):
                    line.word(operation.staticProtocolName)
                    line.byte(space)
                    line.integer(a)
                    line.byte(space)
                    line.integer(b)
                case .power(let a, let exponent):
                    line.word("pow ")
                    line.integer(a)
                    line.byte(space)
                    line.exact(exponent)
                }
            }
        }
        LineWriter.appendingLine(to: &bytes) { line in
            line.word("backward ")
            line.integer(root)
        }
        LineWriter.appendingLine(to: &bytes) { $0.word("end") }
    }

    /// A program where `operation` reads one value twice (`a = 1.5; b = a * a`; for a
    /// one-operand operation `b = exp(a); c = exp(a); d = b + c`, with a two-operand operation
    /// of `operations` to join them), whose gradient shows whether the operation's backward
    /// assigns or adds; `nil` when `operations` has no operation to join them.
    static func readTwice(by operation: Operator, operations: Set<Operator>) -> Program? {
        let a = 1.5
        switch operation.arity {
        case 2: return Program([.leaf(a), .binary(operation, 0, 0)])
        default:
            let use: Statement = operation == .power ? .power(0, exponent: 2) : .unary(operation, 0)
            guard let join = [Operator.add, .multiply, .subtract, .divide].first(where: operations.contains) else {
                return nil
            }
            return Program([.leaf(a), use, use, .binary(join, 1, 2)])
        }
    }

    /// The program as binary requests (``RequestEncoding/binary``) append it to `bytes`: one
    /// 20-byte record per statement, then `backward` and `end` records.
    func appendProtocolRecords(to bytes: inout [UInt8]) {
        for statement in statements {
            switch statement {
            case .leaf(let value): Self.appendRecord(RequestEncoding.leafCode, 0, 0, value, to: &bytes)
            case .unary(let operation, let a):
                Self.appendRecord(operation.requestCode, UInt32(a), 0, 0, to: &bytes)
            case .binary(let operation, let a, let b):
                Self.appendRecord(operation.requestCode, UInt32(a), UInt32(b), 0, to: &bytes)
            case .power(let a, let exponent):
                Self.appendRecord(Operator.power.requestCode, UInt32(a), 0, exponent, to: &bytes)
            }
        }
        Self.appendRecord(RequestEncoding.backwardCode, UInt32(root), 0, 0, to: &bytes)
        Self.appendRecord(RequestEncoding.endCode, 0, 0, 0, to: &bytes)
    }

    /// One binary request record: the code, two operands and a number, little-endian.
    static func appendRecord(_ code: UInt32, _ a: UInt32, _ b: UInt32, _ number: Double, to bytes: inout [UInt8]) {
        // Five 32-bit words appended at once (a homogeneous tuple is laid out contiguously).
        let bits = number.bitPattern
        let record = (
            code.littleEndian, a.littleEndian, b.littleEndian, UInt32(truncatingIfNeeded: bits).littleEndian,
            UInt32(truncatingIfNeeded: bits >> 32).littleEndian
        )
        // Appended as typed bytes: one copy (a raw buffer is appended byte by byte).
        withUnsafeBytes(of: record) { bytes.append(contentsOf: $0.assumingMemoryBound(to: UInt8.self)) }
    }

    /// One statement as the numbers table shows it (`a + a`, `tanh(b)`, `leaf 2`).
    public func statementText(_ index: Int) -> String {
        let names = rowNames
        switch statements[index] {
        case .leaf(let value): return "leaf \(NumberFormat.integerOrExact(value))"
        case .unary(let operation, let a):
            return operation == .negate ? "-\(names[a])" : "\(operation.expressionName)(\(names[a]))"
        case .power(let a, let exponent): return "\(names[a]) ** \(NumberFormat.integerOrExact(exponent))"
        case .binary(let operation, let a, let b): return "\(names[a]) \(operation.infix) \(names[b])"
        }
    }

    /// A float as Python's `repr` writes it (`2.0`, `-0.5`, `1e-05`).
    static func pythonNumber(_ value: Double) -> String {
        if value.isNaN { return "float('nan')" }
        if value.isInfinite { return value < 0 ? "float('-inf')" : "float('inf')" }
        return "\(value)"
    }

    /// A constant exponent: an int when whole (`x ** 2`, as micrograd's examples write it).
    static func pythonExponent(_ value: Double) -> String {
        value.isFinite ? NumberFormat.integerOrExact(value) : pythonNumber(value)
    }
}

extension Operator {
    /// The infix symbol of a two-operand operation.
    var infix: String {
        switch self {
        case .add: "+"
        case .subtract: "-"
        case .multiply: "*"
        case .divide: "/"
        case .powerOfValue: "**"
        default: name
        }
    }

    /// The function or method name of a one-operand operation (`tanh`, `exp`).
    var expressionName: String { name }
}

// MARK: - Graph

extension Program {
    /// The program's graph with `numbers` on its nodes (node `i` is statement `i`, labelled
    /// with its table name, or left unnamed when `labelled` is false).
    public func snapshot(_ numbers: EngineNumbers, labelled: Bool = true) -> GraphSnapshot {
        let names = labelled ? rowNames : [String](repeating: "", count: count)
        let nodes = statements.enumerated().map { index, statement in
            var exponent: Double?
            if case .power(_, let value) = statement { exponent = value }
            return GraphSnapshot.Node(
                id: index, label: names[index], operation: statement.operation, operands: statement.operands,
                exponent: exponent, data: numbers.data[index], grad: numbers.grads[index])
        }
        return GraphSnapshot(nodes: nodes, root: root)
    }

    /// Statement `index` alone: its operands as leaves holding `data` (one leaf where it reads
    /// one value twice, as `a * a` does), then the statement, the root.
    public func alone(_ index: Int, data: [Double]) -> Program {
        let statement = statements[index]
        let (first, second) = statement.operandPair
        guard let first else { return Program([statement]) }
        var kept: [Statement] = [.leaf(data[first])]
        var slots = [0]
        if let second {
            if second != first { kept.append(.leaf(data[second])) }
            slots.append(kept.count - 1)
        }
        kept.append(statement.replacingOperands(slots))
        return Program(kept)
    }

    /// The program keeping only what the root depends on, renumbered in order.
    public func pruned() -> Program {
        var needed = [Bool](repeating: false, count: count)
        needed[root] = true
        for index in statements.indices.reversed() where needed[index] {
            for operand in statements[index].operands { needed[operand] = true }
        }
        guard needed.contains(false) else { return self }
        var newIndex = [Int](repeating: -1, count: count)
        var kept: [Statement] = []
        var rebinds: Set<Int> = []
        for index in statements.indices where needed[index] {
            newIndex[index] = kept.count
            if self.rebinds.contains(index) { rebinds.insert(kept.count) }
            kept.append(statements[index].replacingOperands(statements[index].operands.map { newIndex[$0] }))
        }
        return Program(kept, rebinds: rebinds)
    }
}

/// One line of protocol text, written into a fixed buffer on the stack.
struct LineWriter {
    /// Room for the longest line: an id, an operation and two operands, or an id and a number
    /// (at most 24 characters as `NumberFormat.exact` writes it), each id at most 20.
    static let capacity = 128
    private let start: UnsafeMutablePointer<UInt8>
    private var count = 0

    private init(start: UnsafeMutablePointer<UInt8>) { self.start = start }

    /// Writes a line with `body`, then appends it and a line break to `bytes`.
    static func appendingLine(to bytes: inout [UInt8], _ body: (inout LineWriter) -> Void) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
            guard let start = buffer.baseAddress else { return }
            var line = LineWriter(start: start)
            body(&line)
            line.byte(UInt8(ascii: "\n"))
            bytes.append(contentsOf: UnsafeBufferPointer(start: start, count: line.count))
        }
    }

    mutating func byte(_ byte: UInt8) {
        precondition(count < Self.capacity, "a protocol line is at most \(Self.capacity) bytes")
        start[count] = byte
        count += 1
    }

    mutating func word(_ text: StaticString) {
        precondition(
            count + text.utf8CodeUnitCount <= Self.capacity, "a protocol line is at most \(Self.capacity) bytes")
        (start + count).update(from: text.utf8Start, count: text.utf8CodeUnitCount)
        count += text.utf8CodeUnitCount
    }

    /// A whole number in decimal.
    mutating func integer(_ value: Int) {
        if value < 0 { byte(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var length = 1
        var rest = magnitude / 10
        while rest > 0 {
            length += 1
            rest /= 10
        }
        precondition(count + length <= Self.capacity, "a protocol line is at most \(Self.capacity) bytes")
        var position = count + length
        repeat {
            position -= 1
            start[position] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
        } while magnitude > 0
        count += length
    }

    /// `NumberFormat.exact(value)`, written digit by digit for a number of one decimal (the
    /// generator's leaves and exponents, `-1.8`, `2.0`): the double nearest `k/10` for a small
    /// whole `k`, whose shortest round-tripping text is `k/10` with one decimal.
    mutating func exact(_ value: Double) {
        let tenths = (value * 10).rounded()
        guard abs(tenths) < 1e6, tenths / 10 == value else {
            for byte in NumberFormat.exact(value).utf8 { self.byte(byte) }
            return
        }
        if value.sign == .minus { byte(UInt8(ascii: "-")) }
        let magnitude = Int(abs(tenths))
        integer(magnitude / 10)
        byte(UInt8(ascii: "."))
        byte(UInt8(ascii: "0") + UInt8(magnitude % 10))
    }
}
