import Foundation
import GraphModel

/// How a file printed its numbers, inferred from all of them: a fixed number of decimals
/// (`%.4f`: `2.0000`), decimals with trailing zeros trimmed (Swift's NumberFormatter, `%.4g`-like
/// writers: `12`, `0.5`, `0.7071`), significant digits (`%g`), or every digit (shortest
/// round-trip: Python's `repr`, Rust's `{}`, Julia's and Swift's default printing).
///
/// Each number then stands for anything within half a unit of the last place the *writer*
/// kept, not of the last digit this number happens to show: a trimming writer that prints
/// `0.7071` elsewhere printed `1` for a number within 0.00005 of 1, not within 0.5. So the
/// lecture's `a.grad` 1 where it must be 2 is caught, however the zeros were trimmed.
enum NumberStyle {
    struct Inference {
        var data: [Double]
        var grad: [Double]
        /// A sentence for the user when the inference changed what a number stands for.
        var note: String?
    }

    struct Shape {
        var decimals: Int
        var significant: Int
        var exponent: Int
        var isDecimal: Bool
    }

    static func shape(of text: Substring) -> Shape {
        var decimals = 0
        var significant = 0
        var exponent = 0
        var seenPoint = false
        var seenNonZero = false
        var pendingZeros = 0
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if seenPoint { decimals += 1 }
                if byte != UInt8(ascii: "0") {
                    if seenNonZero { significant += pendingZeros }
                    pendingZeros = 0
                    seenNonZero = true
                    significant += 1
                } else if seenNonZero {
                    // Zeros count once a later digit shows they are significant, or when they
                    // follow the point (`2.50`).
                    if seenPoint {
                        significant += pendingZeros + 1
                        pendingZeros = 0
                    } else {
                        pendingZeros += 1
                    }
                }
            case UInt8(ascii: "."):
                seenPoint = true
                significant += pendingZeros
                pendingZeros = 0
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                var rest: [UInt8] = []
                while let next = iterator.next() { rest.append(next) }
                exponent = Int(String(decoding: rest, as: UTF8.self)) ?? 0
            case UInt8(ascii: "+"), UInt8(ascii: "-"): break
            default: return Shape(decimals: 0, significant: 0, exponent: 0, isDecimal: false)
            }
        }
        return Shape(decimals: decimals, significant: significant, exponent: exponent, isDecimal: true)
    }

    /// Each number's uncertainty, inferred per field (data, grad) from every number the file
    /// printed in it; a grad the file does not print has infinite uncertainty (not checked).
    static func precision(data: [ValueLabel.Number], grad: [ValueLabel.Number?]) -> Inference {
        var dataStyle = Style(data.map(\.text))
        var gradStyle = Style(grad.compactMap { $0?.text })
        // One writer prints both fields: a field of whole numbers only (grads 1 and 2) takes the
        // places its other field shows (data 0.7071), as the same formatter trimmed them.
        if gradStyle.mostDecimals == 0 && !gradStyle.roundTrip { gradStyle.adopt(dataStyle) }
        if dataStyle.mostDecimals == 0 && !dataStyle.roundTrip { dataStyle.adopt(gradStyle) }
        // A file of whole numbers only (`2`, `-3`, `10`) is a writer that trims zeros on
        // numbers that are whole, not one that rounds to whole numbers.
        let wholeNumbersOnly = dataStyle.wholeNumbersOnly && gradStyle.wholeNumbersOnly
        var note: String?
        if wholeNumbersOnly && !(dataStyle.shapes.isEmpty && gradStyle.shapes.isEmpty) {
            note = "every number in the file is a whole number: read as exact"
        } else if let trimmed = [dataStyle, gradStyle].first(where: \.trimmed) {
            let decimals = trimmed.mostDecimals
            note =
                "the file trims trailing zeros: each number is read as printed with up to \(decimals) decimal\(decimals == 1 ? "" : "s") (\(trimmed.mostSignificant) significant digits)"
        }
        return Inference(
            data: data.map { dataStyle.uncertainty($0, wholeNumbersOnly: wholeNumbersOnly) },
            grad: grad.map { $0.map { gradStyle.uncertainty($0, wholeNumbersOnly: wholeNumbersOnly) } ?? .infinity },
            note: note)
    }

    /// What one field's numbers say about the writer.
    struct Style {
        var shapes: [Shape]
        var mostDecimals: Int
        var mostSignificant: Int

        init(_ texts: [Substring]) {
            shapes = texts.map(NumberStyle.shape(of:)).filter(\.isDecimal)
            mostDecimals = shapes.filter { $0.exponent == 0 }.map(\.decimals).max() ?? 0
            mostSignificant = shapes.map(\.significant).max() ?? 0
        }

        var roundTrip: Bool { mostSignificant >= 15 }

        mutating func adopt(_ other: Style) {
            guard other.mostDecimals > 0, !other.roundTrip else { return }
            mostDecimals = other.mostDecimals
            mostSignificant = max(mostSignificant, other.mostSignificant)
        }
        var wholeNumbersOnly: Bool { shapes.allSatisfy { $0.decimals == 0 && $0.exponent >= 0 } }
        var trimmed: Bool { !roundTrip && shapes.contains { $0.exponent == 0 && $0.decimals < mostDecimals } }

        func uncertainty(_ number: ValueLabel.Number, wholeNumbersOnly: Bool) -> Double {
            let own = PrintedPrecision.uncertainty(ofNumberText: number.text)
            guard own > 0, number.value.isFinite, !roundTrip, !wholeNumbersOnly else { return 0 }
            let fixedPlace = 0.5 * Foundation.pow(10, Double(-mostDecimals))
            var significantPlace = 0.0
            if number.value != 0 && mostSignificant > 0 {
                let magnitude = Foundation.floor(Foundation.log10(abs(number.value)))
                significantPlace = 0.5 * Foundation.pow(10, magnitude - Double(mostSignificant) + 1)
            }
            return min(own, max(fixedPlace, significantPlace))
        }
    }
}
