import ArgumentParser

/// Parses `--set a=2 --set b=-3,c=1e-3` into values by name (numbers as
/// ``NumberText/number(_:)`` reads them, so also `nan` and `inf`).
enum InputValues {
    static func parse(_ assignments: [String]) throws -> [String: Double] {
        var values: [String: Double] = [:]
        for argument in assignments {
            for item in argument.split(separator: ",", omittingEmptySubsequences: false) {
                let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = parts[0].trimmingWhitespace()
                guard parts.count == 2, !name.isEmpty else {
                    throw ValidationError("--set '\(item)': expected NAME=NUMBER, as in --set a=2,b=-3")
                }
                let text = parts[1].trimmingWhitespace()
                guard let value = NumberText.number(text) else {
                    throw ValidationError("--set \(name)=\(text): '\(text)' is not a number")
                }
                if values[name] != nil {
                    throw ValidationError("--set: '\(name)' is given more than once")
                }
                values[name] = value
            }
        }
        return values
    }
}

extension Substring {
    func trimmingWhitespace() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
