import Testing

@testable import GraphModel

@Suite struct NumberParsingTests {
    private func parse(_ text: String) -> Double? {
        Array(text.utf8).withUnsafeBufferPointer { NumberFormat.double(parsing: $0) }
    }

    @Test func readsWholeNumbersAsDoubleDoes() {
        for text in ["2", "-0.5", "1e-07", "1.2345678901234567e-05", "0.1", "-0", "1E+300"] {
            #expect(parse(text)?.bitPattern == Double(text)?.bitPattern, "\(text)")
        }
        #expect(parse("nan")?.isNaN == true)
        #expect(parse("-inf") == -.infinity)
    }

    @Test func refusesNothingAndLeftovers() {
        #expect(parse("") == nil)
        #expect(parse("12x") == nil)
        #expect(parse("1 ") == nil)
        #expect(parse("x") == nil)
    }
}
