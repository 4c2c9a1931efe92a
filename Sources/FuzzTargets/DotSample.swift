import GraphImport
import Rendering

/// Valid DOT made from arbitrary bytes, for checking gradviz's DOT reader against Graphviz's
/// own (cgraph): every construct the reader claims to read the way cgraph does — node and edge
/// statements, chains, subgraphs as edge ends (named, reopened, anonymous, nested, clusters),
/// `node [...]` defaults in and out of subgraphs, ports, `strict`, quoted, numeral and HTML
/// names and labels, `"a" + "b"`, line continuations, `\N`, comments and `#` lines, CRLF.
///
/// The bytes are read as a stream of choices, so libFuzzer's mutations explore the grammar and
/// a seeded generator gives reproducible samples for the test suite.
public struct DotSample {
    private var choices: [UInt8]
    private var cursor = 0
    private var text = ""
    private var depth = 0
    private var subgraphNames: [String] = []
    private var directed = true

    public static func text(from bytes: [UInt8]) -> String {
        var sample = DotSample(choices: bytes)
        return sample.build()
    }

    private init(choices: [UInt8]) { self.choices = choices }

    private mutating func choose(_ count: Int) -> Int {
        guard cursor < choices.count, count > 0 else { return 0 }
        defer { cursor += 1 }
        return Int(choices[cursor]) % count
    }

    private var exhausted: Bool { cursor >= choices.count }

    private mutating func build() -> String {
        if choose(4) == 0 { text += "strict " }
        directed = choose(5) != 0
        text += directed ? "digraph" : "graph"
        if choose(2) == 0 { text += " G" }
        text += " {\n"
        var statements = 0
        while !exhausted && statements < 200 {
            statement()
            statements += 1
        }
        text += "}\n"
        return text
    }

    private mutating func space() {
        switch choose(8) {
        case 0: text += "\n"
        case 1: text += "\r\n"
        case 2: text += " /* c \" { */ "
        case 3: text += " // note\n"
        case 4: text += "\n# line\n"
        case 5: text += "\t"
        default: text += " "
        }
    }

    private mutating func name() -> String {
        let pool = [
            "a", "b", "c", "x1", "_y", "140234", "-1.5", ".5", "\"a\"", "\"q r\"", "\"a\" + \"b\"", "ab",
            "\"q\\\nr\"", "<n>", "Node1", "\"é\"", "\"\\\"\"",
        ]
        return pool[choose(pool.count)]
    }

    private mutating func value() -> String {
        let pool = [
            "\"{ data 2.0000 | grad 1.0000 }\"", "\"x\\ndata: 1\\ngrad: 0\"", "\"\\N\"", "\"\\N and \\N\"", "\"+\"",
            "<<b>v</b>>", "\"\"", "record", "box", "\"a\" + \"\\N\"", "\"two\\\nlines\"", "7", "\"x\r\ny\"",
        ]
        return pool[choose(pool.count)]
    }

    private mutating func attributes() {
        text += " ["
        for index in 0..<(1 + choose(3)) {
            if index > 0 { text += choose(2) == 0 ? ", " : "; " }
            let names = ["label", "shape", "color", "label", "shape"]
            text += names[choose(names.count)] + "=" + value()
        }
        text += "]"
        if choose(6) == 0 { text += "[label=\"again\"]" }
    }

    private mutating func endpoint() {
        if depth < 4 && choose(5) == 0 {
            subgraph()
        } else {
            text += name()
            if choose(6) == 0 { text += choose(2) == 0 ? ":p" : ":p:n" }
        }
    }

    private mutating func subgraph() {
        depth += 1
        defer { depth -= 1 }
        switch choose(4) {
        case 0: text += "{"
        case 1: text += "subgraph {"
        default:
            let names = ["s", "cluster_1", "t", "cluster_b"]
            let chosen = names[choose(names.count)]
            text += "subgraph \(chosen) {"
        }
        for _ in 0..<choose(4) {
            space()
            statement()
        }
        text += "}"
    }

    private mutating func statement() {
        switch choose(7) {
        case 0:
            text += ["node", "Node", "edge", "graph"][choose(4)]
            attributes()
        case 1:
            endpoint()
            for _ in 0..<(1 + choose(3)) {
                text += directed ? " -> " : " -- "
                endpoint()
            }
            if choose(3) == 0 { attributes() }
        case 2:
            if depth < 4 { subgraph() } else { text += name() }
        case 3:
            text += "rankdir=LR"
        default:
            text += name()
            if choose(2) == 0 { attributes() }
        }
        text += choose(3) == 0 ? ";" : ""
        space()
    }
}

extension DotSample {
    /// gradviz refuses, by design and in one line, a named subgraph that is reopened and used as
    /// an edge end (it would stand for nodes added after the edge).
    static func refusesReopenedEdgeEnd(_ text: String) -> Bool {
        do {
            _ = try DotDocument(parsing: text)
            return false
        } catch {
            return error.message.contains("is opened more than once and is an edge end")
        }
    }

    /// Whether gradviz's reader and cgraph read `text` as the same graph (both refusing counts
    /// as agreeing); the difference, in one line, when they do not.
    public static func difference(readingBoth text: String) -> String? {
        let ours = try? DotDocument(parsing: text)
        let theirs = try? CgraphDocument(parsing: text)
        switch (ours, theirs) {
        case (nil, nil): return nil
        case (nil, _?) where (try? DotDocument(parsing: text)) == nil && refusesReopenedEdgeEnd(text): return nil
        case (nil, _?): return "gradviz refused what cgraph reads"
        case (_?, nil): return "gradviz read what cgraph refuses"
        case (let ours?, let theirs?):
            if ours.isDirected != theirs.isDirected || ours.isStrict != theirs.isStrict { return "graph kind differs" }
            if ours.nodes.count != theirs.nodes.count {
                return "\(ours.nodes.count) nodes, cgraph \(theirs.nodes.count)"
            }
            for (mine, reference) in zip(ours.nodes, theirs.nodes) {
                let referenceLabel = reference.label.flatMap { $0.isEmpty ? nil : $0 }
                if mine.name != reference.name || mine.label != referenceLabel
                    || mine.labelIsHTML != reference.labelIsHTML
                    || mine.shape != reference.shape
                {
                    return
                        "node \(mine.name) [\(mine.label ?? "-") \(mine.shape ?? "-") \(mine.labelIsHTML)], cgraph \(reference.name) [\(referenceLabel ?? "-") \(reference.shape ?? "-") \(reference.labelIsHTML)]"
                }
            }
            let mine = ours.edges.map { [$0.tail, $0.head] }
            let reference = theirs.edges.map { [$0.tail, $0.head] }
            if mine != reference { return "edges \(mine), cgraph \(reference)" }
            return nil
        }
    }
}
