import GraphModel
import Testing

@testable import EngineTesting

@Suite struct ProgramGeneratorTests {
    let generator = ProgramGenerator(operations: Set(Operator.allCases))

    @Test func sameSeedGivesSamePrograms() {
        for index in 0..<200 {
            #expect(generator.program(seed: 7, index: index) == generator.program(seed: 7, index: index))
        }
        let first = (0..<50).map { generator.program(seed: 1, index: $0) }
        let other = (0..<50).map { generator.program(seed: 2, index: $0) }
        #expect(first != other)
    }

    @Test func coversReuseDiamondsRebindingAndEveryOperation() {
        var operations: Set<Operator> = []
        var sameOperandTwice = 0
        var readByThree = 0
        var diamonds = 0
        var rebinding = 0
        var single = 0
        for index in 0..<1000 {
            let program = generator.program(seed: 1, index: index)
            operations.formUnion(program.operations)
            if program.count == 1 { single += 1 }
            if program.statements.contains(where: { $0.operands.count == 2 && $0.operands[0] == $0.operands[1] }) {
                sameOperandTwice += 1
            }
            let uses = program.snapshot(Oracle.run(program)).useCounts()
            if uses.contains(where: { $0 >= 3 }) { readByThree += 1 }
            // A diamond: a non-leaf value read by two different statements.
            if program.statements.indices.contains(where: { id in
                program.statements[id].operation != nil
                    && program.statements.filter { $0.operands.contains(id) }.count >= 2
            }) {
                diamonds += 1
            }
            if program.statements.indices.contains(where: program.isRebinding) { rebinding += 1 }
            #expect(ProgramDomain.contains(program, numbers: Oracle.run(program)))
        }
        #expect(operations == Set(Operator.allCases))
        #expect(sameOperandTwice > 50)
        #expect(readByThree > 50)
        #expect(diamonds > 50)
        #expect(rebinding > 50)
        #expect(single > 10)
    }

    @Test func usesOnlyTheEngineOperations() {
        let small = ProgramGenerator(operations: [.add, .multiply])
        for index in 0..<200 {
            #expect(Set(small.program(seed: 3, index: index).operations).isSubset(of: [.add, .multiply]))
        }
    }

    @Test func printsItselfInGradvizLanguagePythonAndTheProtocol() {
        let program = Program(
            [
                .leaf(2), .binary(.add, 0, 0), .binary(.multiply, 0, 1), .binary(.add, 2, 1), .unary(.tanh, 3),
                .power(4, exponent: 2),
            ],
            rebinds: [3])
        #expect(program.expressionText == "a = 2; b = a + a; c = a * b; c += b; d = tanh(c); e = d ** 2")
        #expect(
            program.pythonText()
                == "a = Value(2.0)\nb = a + a\nc = a * b\nc += b\nd = c.tanh()\ne = d ** 2\ne.backward()")
        #expect(
            program.protocolText(number: 3)
                == "program 3\n0 leaf 2.0\n1 add 0 0\n2 mul 0 1\n3 add 2 1\n4 tanh 3\n5 pow 4 2.0\nbackward 5\nend\n")
        #expect(program.rowNames == ["a", "b", "c", "c'", "d", "e"])
    }

    /// The protocol's numbers written digit by digit are `NumberFormat.exact`'s text: every
    /// one-decimal number to ±10,000 and its negative zero, and random doubles (which take
    /// the general path).
    @Test func writesProtocolNumbersAsExactText() {
        var values: [Double] = (-100_000...100_000).map { Double($0) / 10 } + [-0.0, 0.0, 1e-5, 1e300, .pi]
        var random = SystemRandomNumberGenerator()
        for _ in 0..<10_000 {
            values.append(Double(bitPattern: random.next()))
            values.append(Double.random(in: -3...3, using: &random))
            values.append((Double.random(in: -3...3, using: &random) * 10).rounded() / 10)
        }
        for value in values where !value.isNaN {
            var bytes: [UInt8] = []
            LineWriter.appendingLine(to: &bytes) { $0.exact(value) }
            #expect(String(decoding: bytes, as: UTF8.self) == NumberFormat.exact(value) + "\n", "\(value)")
        }
    }
}
