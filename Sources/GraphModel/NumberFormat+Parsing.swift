#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension NumberFormat {
    /// The number `bytes` spell, as C's `strtod` reads it (decimal, `1e-07`, `nan`, `inf`;
    /// correctly rounded, as `Double(String)` is), when it reads every one of them; `nil` for
    /// no bytes or any left over.
    ///
    /// Most numbers an adapter or a graph file writes are short decimals (`0.25`,
    /// `-1.8`, `0.6703200460356392`), read exactly by `exactDecimal` without a copy;
    /// the rest are read by `strtod` from a copy on the stack. Either way a reader of millions
    /// of numbers makes no string per number.
    public static func double(parsing bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard !bytes.isEmpty else { return nil }
        if let value = exactDecimal(bytes) { return value }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: bytes.count + 1) { text -> Double? in
            for (offset, byte) in bytes.enumerated() { text[offset] = CChar(bitPattern: byte) }
            text[bytes.count] = 0
            guard let start = text.baseAddress else { return nil }
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(start, &end)
            guard let end, end - start == bytes.count else { return nil }
            return value
        }
    }

    /// Powers of ten that are doubles exactly: 10⁰ … 10²².
    private static let exactPowersOfTen: [Double] = (0...22).map { (power: Int) -> Double in
        (0..<power).reduce(1.0) { product, _ in product * 10 }
    }

    /// Powers of ten that fit a `UInt64`: 10⁰ … 10¹⁹.
    private static let wholePowersOfTen: [UInt64] = (0...19).map { (power: Int) -> UInt64 in
        (0..<power).reduce(1) { product, _ in product * 10 }
    }

    /// The double a short decimal spells, read exactly without `strtod`; `nil` when it is not one.
    ///
    /// The decimal is `[-+]digits[.digits][e[-+]digits]` whose digits, read as a whole number
    /// `m`, number at most 19, with a scale `10^k`. When `m ≤ 2⁵³` and `|k| ≤ 22`, `m` and
    /// `10^|k|` are both doubles exactly, and one multiplication or division by IEEE 754 rounds
    /// the result correctly (Clinger, "How to read floating point numbers accurately", 1990).
    /// When `m` is larger (the 16 and 17 digits of a shortest round-trip spelling, as Go and
    /// JavaScript print) and `|k| ≤ 19`, `10^|k|` is a `UInt64` and `wide` computes the
    /// product or quotient in 128-bit integers and rounds it once. Either way it is the double
    /// `strtod` gives. Anything else (more digits, a larger scale, `nan`, hexadecimal,
    /// leftovers) is `nil`, and `strtod` then reads it.
    static func exactDecimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        let zero = UInt8(ascii: "0")
        var index = 0
        var negative = false
        if bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") {
            negative = bytes[0] == UInt8(ascii: "-")
            index = 1
        }
        var mantissa: UInt64 = 0
        var significant = 0
        var scale = 0
        var digits = 0
        var fraction = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "."), !fraction {
                fraction = true
            } else if byte &- zero < 10 {
                digits += 1
                if mantissa != 0 || byte != zero {
                    // 19 digits always fit a UInt64; more are left to strtod.
                    significant += 1
                    guard significant <= 19 else { return nil }
                    mantissa = mantissa * 10 + UInt64(byte &- zero)
                }
                if fraction { scale -= 1 }
            } else {
                break
            }
            index += 1
        }
        guard digits > 0 else { return nil }
        if index < bytes.count {
            guard bytes[index] | 0x20 == UInt8(ascii: "e") else { return nil }
            index += 1
            var exponentNegative = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            var exponent = 0
            var exponentDigits = 0
            while index < bytes.count, bytes[index] &- zero < 10 {
                exponentDigits += 1
                guard exponentDigits <= 4 else { return nil }
                exponent = exponent * 10 + Int(bytes[index] &- zero)
                index += 1
            }
            guard exponentDigits > 0, index == bytes.count else { return nil }
            scale += exponentNegative ? -exponent : exponent
        }
        let magnitude: Double
        if mantissa > 1 << 53 {
            guard abs(scale) <= 19, let wide = wide(mantissa, scale: scale) else { return nil }
            magnitude = wide
        } else if mantissa == 0 {
            magnitude = 0
        } else if scale >= 0 {
            guard scale <= 22 else { return nil }
            magnitude = Double(mantissa) * exactPowersOfTen[scale]
        } else {
            guard scale >= -22 else { return nil }
            magnitude = Double(mantissa) / exactPowersOfTen[-scale]
        }
        return negative ? -magnitude : magnitude
    }

    /// `m · 10^k` for `|k| ≤ 19`, correctly rounded: the exact product, or the quotient to 64
    /// bits with a sticky bit for its remainder, computed in 128-bit integers and rounded to
    /// 53 bits once (to nearest, ties to even); `nil` outside the normal range.
    static func wide(_ mantissa: UInt64, scale: Int) -> Double? {
        let power = wholePowersOfTen[abs(scale)]
        if scale >= 0 {
            let (high, low) = mantissa.multipliedFullWidth(by: power)
            if high == 0 { return Double(low) }  // one rounding, by the conversion
            let shift = high.leadingZeroBitCount
            let top = shift == 0 ? high : high << shift | low >> (64 - shift)
            return rounded(top, sticky: low << shift != 0, exponent: 64 - shift)
        }
        // The quotient m · 2^s / 10^|k|, with s chosen to give it 64 bits (its top bit set).
        var shift = 63 - (64 - mantissa.leadingZeroBitCount) + (64 - power.leadingZeroBitCount)
        while true {
            let numerator =
                shift >= 64
                ? (high: mantissa << (shift - 64), low: UInt64(0))
                : (high: shift == 0 ? 0 : mantissa >> (64 - shift), low: mantissa << shift)
            let (quotient, remainder) = power.dividingFullWidth(numerator)
            if quotient >> 63 == 1 { return rounded(quotient, sticky: remainder != 0, exponent: -shift) }
            shift += 1
        }
    }

    /// `top · 2^exponent`, `top`'s highest bit set and `sticky` saying whether anything
    /// nonzero lay below its last bit, rounded to a double (to nearest, ties to even).
    private static func rounded(_ top: UInt64, sticky: Bool, exponent: Int) -> Double? {
        var significand = top >> 11
        let rest = top & 0x7FF
        if rest > 0x400 || (rest == 0x400 && (sticky || significand & 1 == 1)) { significand += 1 }
        let value = Double(sign: .plus, exponent: exponent + 11, significand: Double(significand))
        // Past the normal range a second rounding (to a subnormal) could differ from strtod's.
        guard value.isNormal else { return nil }
        return value
    }
}
