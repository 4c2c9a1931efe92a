/// Accumulates DOT text, a line at a time (user text goes in through ``DotText``).
struct DotWriter {
    private(set) var text = ""

    mutating func line(_ line: String) {
        text += line
        text += "\n"
    }
}
