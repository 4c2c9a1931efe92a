import Foundation

/// How precisely a file wrote each node's numbers: half a unit in the last printed place
/// (`2.0000` stands for anything in 1.99995…2.00005, so 0.00005), or 0 for a number written
/// with every digit.
public struct PrintedPrecision: Sendable, Equatable {
    public var data: [Double]
    public var grad: [Double]

    public init(data: [Double], grad: [Double]) {
        self.data = data
        self.grad = grad
    }

    /// The uncertainty of a number as written: half a unit of its last digit, or 0 when it
    /// has 15 or more significant digits (an exact round-trip spelling) or is not finite.
    public static func uncertainty(ofNumberText text: some StringProtocol) -> Double {
        var digitsAfterPoint = 0
        var significant = 0
        var seenPoint = false
        var seenNonZero = false
        var exponent = 0
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if byte != UInt8(ascii: "0") { seenNonZero = true }
                if seenNonZero { significant += 1 }
                if seenPoint { digitsAfterPoint += 1 }
            case UInt8(ascii: "."): seenPoint = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                var rest: [UInt8] = []
                while let next = iterator.next() { rest.append(next) }
                exponent = Int(String(decoding: rest, as: UTF8.self)) ?? 0
            case UInt8(ascii: "+"), UInt8(ascii: "-"): break
            default: return 0  // nan, inf
            }
        }
        if significant >= 15 { return 0 }
        let place = exponent - digitsAfterPoint
        guard place > -300 && place < 300 else { return 0 }
        return 0.5 * Foundation.pow(10, Double(place))
    }
}
