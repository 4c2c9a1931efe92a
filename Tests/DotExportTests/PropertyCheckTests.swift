import Autograd
import DotExport
import ExpressionLanguage
import Foundation
import GraphChecks
import GraphModel
import Rendering
import Testing

/// Thousands of generated cases with a fixed seed: programs whose gradients must match
/// finite differences, and labels with any characters that must come out of Graphviz intact.
@Suite struct PropertyCheckTests {
    /// A random expression over `names`, as text, kept away from singularities.
    static func expression(_ generator: inout SeededGenerator, names: [String], depth: Int) -> String {
        if depth == 0 || generator.pick(4) == 0 {
            return generator.pick(5) == 0
                ? String(format: "%.2f", Double(generator.pick(400)) / 100 + 0.1) : names[generator.pick(names.count)]
        }
        let a = expression(&generator, names: names, depth: depth - 1)
        let b = expression(&generator, names: names, depth: depth - 1)
        switch generator.pick(11) {
        case 0: return "(\(a) + \(b))"
        case 1: return "(\(a) - \(b))"
        case 2: return "(\(a) * \(b))"
        case 3: return "(\(a) / (\(b) * \(b) + 1))"
        case 4: return "-\(a)"
        case 5: return "tanh(\(a))"
        case 6: return "sigmoid(\(a))"
        case 7: return "exp(\(a) * 0.3)"
        case 8: return "log(\(a) * \(a) + 0.5)"
        case 9: return "(\(a)) ** \(generator.pick(3) + 2)"
        default: return "relu(\(a))"
        }
    }

    @Test func randomProgramsMatchFiniteDifferences() throws {
        var generator = SeededGenerator(seed: 7)
        var checked = 0
        for _ in 0..<2000 {
            var lines: [String] = []
            let statements = 1 + generator.pick(3)
            var names = ["a", "b", "c"]
            for index in 0..<statements {
                let name = "v\(index)"
                lines.append("\(name) = \(Self.expression(&generator, names: names, depth: 3))")
                names.append(name)
            }
            let values = [
                "a": Double(generator.pick(300)) / 100 - 1.5, "b": Double(generator.pick(300)) / 100 - 1.5,
                "c": Double(generator.pick(300)) / 100 - 1.5,
            ]
            let program = lines.joined(separator: "; ")
            guard
                let evaluation = try? ExpressionProgram.evaluate(
                    program, values: values.filter { program.contains($0.key) })
            else { continue }
            evaluation.root.backward()
            let snapshot = evaluation.root.snapshot()
            guard
                snapshot.nodes.allSatisfy({
                    $0.data.isFinite && abs($0.data) < 1e6 && $0.grad.isFinite && abs($0.grad) < 1e6
                })
            else { continue }
            let check = GradientCheck(snapshot: snapshot, absoluteTolerance: 1e-5, relativeTolerance: 1e-4)
            #expect(
                check.failures.isEmpty,
                "\(program) with \(values): \(check.failures.map { ($0.id, $0.analytic, $0.numeric) })")
            checked += 1
        }
        #expect(checked > 1500)
    }

    static let pieces = [
        "a", "Z", "9", "_", "\"", "'", "{", "}", "|", "<", ">", "\\", "&", "&amp;", "\\N", "\\G", "\\l", "[", "]", ";",
        "=", "#", "%", "é", "漢字", "😀", "Ω", "שלום", "·", "-", "--", "->", "*", "+", "/", "(", ")", "\t",
    ]

    static func unescape(_ text: String) -> String {
        var result = ""
        var rest = Substring(text)
        while let ampersand = rest.firstIndex(of: "&") {
            result += rest[..<ampersand]
            rest = rest[ampersand...]
            guard let semicolon = rest.firstIndex(of: ";") else { break }
            let entity = rest[rest.index(after: rest.startIndex)..<semicolon]
            switch entity {
            case "amp": result += "&"
            case "lt": result += "<"
            case "gt": result += ">"
            case "quot": result += "\""
            case "apos": result += "'"
            default:
                if entity.hasPrefix("#x"), let code = UInt32(entity.dropFirst(2), radix: 16),
                    let scalar = Unicode.Scalar(code)
                {
                    result.unicodeScalars.append(scalar)
                } else if entity.hasPrefix("#"), let code = UInt32(entity.dropFirst()),
                    let scalar = Unicode.Scalar(code)
                {
                    result.unicodeScalars.append(scalar)
                } else {
                    result += "&\(entity);"
                }
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        return result + rest
    }

    @Test func anyLabelParsesAndComesOutOfTheSVGExactly() throws {
        var generator = SeededGenerator(seed: 11)
        for round in 0..<300 {
            var lines: [String] = []
            for _ in 0..<(1 + generator.pick(2)) {
                let words = (0..<(1 + generator.pick(4))).map { _ in
                    (0..<(1 + generator.pick(3))).map { _ in Self.pieces[generator.pick(Self.pieces.count)] }.joined()
                }
                lines.append(words.joined(separator: " ").replacingOccurrences(of: "\t", with: "x"))
            }
            let label = lines.joined(separator: "\n")
            let snapshot = GraphSnapshot(
                nodes: [
                    GraphSnapshot.Node(id: 0, label: label, data: 1.5, grad: -2),
                    GraphSnapshot.Node(id: 1, operation: .tanh, operands: [0], data: 0.9, grad: 1),
                ], root: 1)
            let svg = String(
                decoding: try Renderer().render(DotExport.dot(for: snapshot, options: .init(title: label)), as: .svg),
                as: UTF8.self)
            var texts: [String] = []
            var rest = Substring(svg)
            while let start = rest.range(of: "<text"), let close = rest[start.upperBound...].firstIndex(of: ">"),
                let end = rest[close...].range(of: "</text>")
            {
                texts.append(Self.unescape(String(rest[rest.index(after: close)..<end.lowerBound])))
                rest = rest[end.upperBound...]
            }
            for line in lines {
                #expect(texts.contains(line), "round \(round): label line \(line.debugDescription) not in \(texts)")
            }
        }
    }
}
