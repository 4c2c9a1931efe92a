import Foundation
import GraphChecks
import GraphModel
import Testing

@testable import EngineTesting

@Suite struct OracleTests {
    /// The seed write-ups' example: a=2; b=a+a; c=a*b; d=c+b gives a.grad 10 (micrograd).
    @Test func seedExampleGivesTen() {
        let program = Program([.leaf(2), .binary(.add, 0, 0), .binary(.multiply, 0, 1), .binary(.add, 2, 1)])
        let numbers = Oracle.run(program)
        #expect(numbers.data == [2, 4, 8, 12])
        #expect(numbers.grads == [10, 3, 1, 1])
    }

    /// micrograd's README: a = -4, b = 2, ..., g.data 24.7041, a.grad 138.8338, b.grad 645.5773
    /// (written here as straight-line statements).
    @Test func microgradReadmeExample() {
        // c = a + b; d = a*b + b**3; c += c + 1; c += 1 + c + (-a); d += d*2 + (b + a).relu();
        // d += 3*d + (b - a).relu(); e = c - d; f = e**2; g = f / 2.0; g += 10.0 / f
        let s: [Program.Statement] = [
            .leaf(-4), .leaf(2),  // 0 a, 1 b
            .binary(.add, 0, 1),  // 2 c
            .binary(.multiply, 0, 1), .power(1, exponent: 3), .binary(.add, 3, 4),  // 5 d
            .leaf(1), .binary(.add, 2, 6), .binary(.add, 2, 7),  // 8 c
            .leaf(1), .binary(.add, 9, 8), .unary(.negate, 0), .binary(.add, 10, 11), .binary(.add, 8, 12),  // 13 c
            .leaf(2), .binary(.multiply, 5, 14), .binary(.add, 1, 0), .unary(.relu, 16), .binary(.add, 15, 17),
            .binary(.add, 5, 18),  // 19 d
            .leaf(3), .binary(.multiply, 20, 19), .binary(.subtract, 1, 0), .unary(.relu, 22),
            .binary(.add, 21, 23), .binary(.add, 19, 24),  // 25 d
            .binary(.subtract, 13, 25),  // 26 e
            .power(26, exponent: 2),  // 27 f
            .leaf(2), .binary(.divide, 27, 28),  // 29 g
            .leaf(10), .binary(.divide, 30, 27), .binary(.add, 29, 31),  // 32 g
        ]
        let numbers = Oracle.run(Program(s))
        #expect(abs(numbers.data[32] - 24.7041) < 1e-4)
        #expect(abs(numbers.grads[0] - 138.8338) < 1e-4)
        #expect(abs(numbers.grads[1] - 645.5773) < 1e-4)
    }

    /// Every leaf's grad agrees with a central finite difference on generated programs.
    @Test func leafGradsMatchFiniteDifferences() {
        let generator = ProgramGenerator(operations: Set(Operator.allCases), maximumSize: 8)
        for index in 0..<200 {
            let program = generator.program(seed: 11, index: index)
            let numbers = Oracle.run(program)
            for (leaf, statement) in program.statements.enumerated() {
                guard case .leaf(let value) = statement else { continue }
                let h = 1e-6
                var plus = program.statements
                var minus = program.statements
                plus[leaf] = .leaf(value + h)
                minus[leaf] = .leaf(value - h)
                let numeric =
                    (Oracle.run(Program(plus)).data[program.root] - Oracle.run(Program(minus)).data[program.root])
                    / (2 * h)
                let scale = max(1, abs(numbers.grads[leaf]))
                #expect(
                    abs(numeric - numbers.grads[leaf]) <= 1e-4 * scale, "program \(index): \(program.expressionText)")
            }
        }
    }
}
