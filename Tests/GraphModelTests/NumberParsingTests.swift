import Foundation
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

    /// The exact short-decimal path against `Double(String)` (C's `strtod`, correctly
    /// rounded): the shortest spellings of random doubles of every scale, the same numbers
    /// rounded to 1-17 digits, and random digit strings with exponents around the edges of
    /// the path (2^53, 10^±22, 19 and 20 digits), all the same bits.
    @Test func readsRandomDecimalsToTheSameBitsAsStrtod() {
        var random = SystemRandomNumberGenerator()
        var texts: [String] = []
        for _ in 0..<20_000 {
            let value = Double(
                sign: Bool.random(using: &random) ? .minus : .plus,
                exponent: Int.random(in: -80...80, using: &random),
                significand: Double.random(in: 1..<2, using: &random))
            texts.append("\(value)")
            let digits = Int.random(in: 1...17, using: &random)
            texts.append(String(format: "%.\(digits)g", value))
            texts.append(String(format: "%.\(digits)f", value.truncatingRemainder(dividingBy: 1e6)))
        }
        for _ in 0..<20_000 {
            let count = Int.random(in: 1...21, using: &random)
            var text = Bool.random(using: &random) ? "-" : ""
            text += String((0..<count).map { _ in Character(String(Int.random(in: 0...9, using: &random))) })
            if Bool.random(using: &random) {
                let point = Int.random(in: 0...count, using: &random) + text.count - count
                text.insert(".", at: text.index(text.startIndex, offsetBy: point))
            }
            if Bool.random(using: &random) { text += "e\(Int.random(in: -30...30, using: &random))" }
            texts.append(text)
        }
        texts += [
            "9007199254740992", "9007199254740993", "9007199254740993e-22", "1e22", "1e23", "1e-22",
            "1e-23", "4.35679e-22", "9999999999999999999", "99999999999999999999", "0.1e-0", "1.", ".5", "-.5",
            "0e9999", "00000000000000000000000000001.5", "1e+", "1e", "+2.5", "1E5",
        ]
        var fastPath = 0
        for text in texts {
            let found = parse(text)
            #expect(found?.bitPattern == Double(text)?.bitPattern, "\(text)")
            if Array(text.utf8).withUnsafeBufferPointer({ NumberFormat.exactDecimal($0) }) != nil { fastPath += 1 }
        }
        // Most of them take the exact path, so it is the one being checked.
        #expect(fastPath > texts.count / 2)
    }

    /// The 128-bit path (16 to 19 digits, scale within 10^±19) against `strtod`: random
    /// mantissas at every scale, the 17-digit spellings Go and JavaScript print, and integers
    /// exactly halfway between two doubles (ties to even), all the same bits.
    @Test func readsLongDecimalsToTheSameBitsAsStrtod() {
        var random = SystemRandomNumberGenerator()
        var texts: [String] = []
        for _ in 0..<100_000 {
            let digits = Int.random(in: 16...19, using: &random)
            let low = UInt64(pow(10.0, Double(digits - 1)))
            let mantissa = UInt64.random(in: low...min(low * 10 - 1, UInt64.max), using: &random)
            let scale = Int.random(in: -19...19, using: &random)
            texts.append("\(mantissa)e\(scale)")
            let point = Int.random(in: 0...digits, using: &random)
            var decimal = String(mantissa)
            decimal.insert(".", at: decimal.index(decimal.startIndex, offsetBy: point))
            texts.append((Bool.random(using: &random) ? "-" : "") + decimal)
        }
        for _ in 0..<50_000 {
            let value = Double(
                sign: .plus, exponent: Int.random(in: -40...40, using: &random),
                significand: Double.random(in: 1..<2, using: &random))
            texts.append(String(format: "%.17g", value))
            texts.append(String(format: "%.16g", value))
            // Halfway between two doubles: an odd multiple of 2^t just above 2^53, times 2^t.
            let odd = (UInt64(1) << 53) + 2 * UInt64.random(in: 0..<(1 << 40), using: &random) + 1
            texts.append(String(odd << UInt64.random(in: 0...10, using: &random)))
        }
        var widePath = 0
        for text in texts {
            let found = parse(text)
            #expect(found?.bitPattern == Double(text)?.bitPattern, "\(text)")
            if Array(text.utf8).withUnsafeBufferPointer({ NumberFormat.exactDecimal($0) }) != nil { widePath += 1 }
        }
        #expect(widePath > texts.count * 9 / 10)
    }
}
