import Foundation
import GraphModel
import Testing

@testable import EngineTesting

/// A micrograd-style engine written as a Swift user would, with one bug that can be switched on.
private final class ScalarValue: TestableValue {
    enum Bug { case none, overwrite, subtractionSign }
    nonisolated(unsafe) static var bug = Bug.none

    var data: Double
    var grad = 0.0
    private var operands: [ScalarValue] = []
    private var sendBack: (ScalarValue) -> Void = { _ in }

    required init(_ data: Double) { self.data = data }

    private init(_ data: Double, _ operands: [ScalarValue], _ sendBack: @escaping (ScalarValue) -> Void) {
        self.data = data
        self.operands = operands
        self.sendBack = sendBack
    }

    /// Adds (or, with the overwrite bug, sets) a contribution to an operand's gradient.
    private static func accumulate(_ value: ScalarValue, _ amount: Double) {
        if bug == .overwrite { value.grad = amount } else { value.grad += amount }
    }

    static func + (a: ScalarValue, b: ScalarValue) -> ScalarValue {
        ScalarValue(a.data + b.data, [a, b]) { out in
            accumulate(a, out.grad)
            accumulate(b, out.grad)
        }
    }
    static func - (a: ScalarValue, b: ScalarValue) -> ScalarValue {
        ScalarValue(a.data - b.data, [a, b]) { out in
            accumulate(a, out.grad)
            accumulate(b, bug == .subtractionSign ? out.grad : -out.grad)
        }
    }
    static func * (a: ScalarValue, b: ScalarValue) -> ScalarValue {
        ScalarValue(a.data * b.data, [a, b]) { out in
            accumulate(a, b.data * out.grad)
            accumulate(b, a.data * out.grad)
        }
    }
    static func / (a: ScalarValue, b: ScalarValue) -> ScalarValue {
        ScalarValue(a.data / b.data, [a, b]) { out in
            accumulate(a, out.grad / b.data)
            accumulate(b, -a.data / (b.data * b.data) * out.grad)
        }
    }
    static prefix func - (a: ScalarValue) -> ScalarValue {
        ScalarValue(-a.data, [a]) { out in accumulate(a, -out.grad) }
    }
    func power(_ exponent: Double) -> ScalarValue {
        ScalarValue(Foundation.pow(data, exponent), [self]) { out in
            Self.accumulate(self, exponent * Foundation.pow(self.data, exponent - 1) * out.grad)
        }
    }
    func exp() -> ScalarValue {
        ScalarValue(Foundation.exp(data), [self]) { out in Self.accumulate(self, out.data * out.grad) }
    }
    func log() -> ScalarValue {
        ScalarValue(Foundation.log(data), [self]) { out in Self.accumulate(self, out.grad / self.data) }
    }
    func tanh() -> ScalarValue {
        ScalarValue(Foundation.tanh(data), [self]) { out in Self.accumulate(self, (1 - out.data * out.data) * out.grad)
        }
    }
    func relu() -> ScalarValue {
        ScalarValue(data > 0 ? data : 0, [self]) { out in Self.accumulate(self, out.data > 0 ? out.grad : 0) }
    }

    func backward() {
        var order: [ScalarValue] = []
        var seen: Set<ObjectIdentifier> = []
        func visit(_ value: ScalarValue) {
            guard seen.insert(ObjectIdentifier(value)).inserted else { return }
            value.operands.forEach(visit)
            order.append(value)
        }
        visit(self)
        grad = 1
        for value in order.reversed() { value.sendBack(value) }
    }
}

/// One engine in a process-wide mode: these tests run one at a time.
@Suite(.serialized) struct TestableValueTests {
    @Test func correctSwiftEnginePasses() {
        ScalarValue.bug = .none
        let report = EngineTest.check(ScalarValue.self, programs: 2000)
        #expect(report.passed, "\(report)")
        #expect(report.outcome.programsRun == 2000)
        #expect(report.description.hasSuffix("values compared: no difference\n"))
        #expect(Set(report.outcome.operations) == ScalarValue.testedOperations)
    }

    @Test func overwriteIsFoundShrunkAndNamed() throws {
        ScalarValue.bug = .overwrite
        defer { ScalarValue.bug = .none }
        let report = EngineTest.check(ScalarValue.self, programs: 1000)
        let failure = try #require(report.outcome.failures.first)
        #expect(failure.diagnosis.ruleID == "overwrite", "\(report)")
        #expect(failure.minimal.count <= 3)
        #expect(report.description.contains("rule: overwrite"))
        #expect(report.description.contains("reproduce: EngineTest.check(ScalarValue.self, programs: "))
    }

    @Test func subtractionSignIsNamed() throws {
        ScalarValue.bug = .subtractionSign
        defer { ScalarValue.bug = .none }
        let report = EngineTest.check(ScalarValue.self, programs: 1000)
        let failure = try #require(report.outcome.failures.first)
        #expect(failure.diagnosis.ruleID == "sub-sign", "\(report)")
        #expect(failure.minimal.count <= 3)
    }
}
