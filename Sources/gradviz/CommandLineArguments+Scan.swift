import ArgumentParser
import Foundation

extension CommandLineArguments {
    /// One command's arguments walked with its option definitions: which options are
    /// unknown, and which leading-dash argument could be the program.
    struct Scan {
        var unknownLongOption: String?
        var unknownShortOption: String?
        /// Index (in the command's arguments) of a leading-dash argument that is no option,
        /// for a command that takes a program and was given none.
        var programCandidate: Int?
        var takesProgram = false
        var longNames: [String] = []
        /// The first value outside its option's list (`--rankdir tb`): the option as written,
        /// the value and the values it takes.
        var invalidValue: (option: String, value: String, allowed: [String])?
        /// `--set a=2 b=3`: the option, its value and the `name=value` arguments after it,
        /// which are meant as more of its values.
        var separatedValues: (option: String, value: String, more: [String])?

        init(arguments: [String], command: ToolDescription.Command) {
            let definitions = command.arguments ?? []
            takesProgram = definitions.contains { $0.kind == "positional" && $0.valueName == "program" }
            var takesValue: [String: Bool] = ["--help": false, "-h": false, "--version": false]
            var allowed: [String: [String]] = [:]
            for definition in definitions {
                for name in definition.names ?? [] {
                    let spelled = (name.kind == "long" ? "--" : "-") + name.name
                    takesValue[spelled] = definition.kind == "option"
                    if let values = definition.allValues, !values.isEmpty { allowed[spelled] = values }
                    if name.kind == "long" { longNames.append(spelled) }
                }
            }
            let fileNames = Set(
                definitions.filter { ($0.names ?? []).contains { $0.kind == "long" && $0.name == "file" } }
                    .flatMap { ($0.names ?? []).map { ($0.kind == "long" ? "--" : "-") + $0.name } })
            var positionals = 0
            var sawFile = false
            var dashCandidates: [Int] = []
            var index = 0
            // The `name=value` option just read, while `name=value` arguments follow it.
            var listOption: (option: String, value: String)?
            while index < arguments.count {
                let argument = arguments[index]
                index += 1
                if argument == "--" {
                    positionals += arguments.count - index
                    break
                }
                guard argument.hasPrefix("-"), argument.count > 1 else {
                    positionals += 1
                    if let list = listOption, Self.looksLikeAssignment(argument) {
                        if separatedValues == nil { separatedValues = (list.option, list.value, []) }
                        separatedValues?.more.append(argument)
                    } else {
                        listOption = nil
                    }
                    continue
                }
                listOption = nil
                let name = argument.hasPrefix("--") ? String(argument.prefix { $0 != "=" }) : argument
                if let value = takesValue[name] {
                    if fileNames.contains(name) { sawFile = true }
                    let given: String? =
                        argument.contains("=") && argument.hasPrefix("--")
                        ? String(argument.drop { $0 != "=" }.dropFirst())
                        : (value && index < arguments.count ? arguments[index] : nil)
                    if let given, let values = allowed[name], !values.contains(given), invalidValue == nil {
                        invalidValue = (name, given, values)
                    }
                    if let given, Self.looksLikeAssignment(given), separatedValues == nil {
                        listOption = (name, given)
                    }
                    if value && !argument.contains("=") { index += 1 }
                } else if argument.hasPrefix("--") && !Self.looksLikeArithmetic(argument) {
                    if unknownLongOption == nil { unknownLongOption = argument }
                } else {
                    dashCandidates.append(index - 1)
                }
            }
            guard let first = dashCandidates.first else { return }
            if takesProgram && positionals == 0 && !sawFile && dashCandidates.count == 1 {
                programCandidate = first
            } else {
                unknownShortOption = arguments[first]
            }
        }

        /// `a=2`, `w1=-0.5,b=3`: values for names, as `--set` takes them.
        static func looksLikeAssignment(_ argument: String) -> Bool {
            guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else { return false }
            return argument[..<equals].allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
        }

        /// `--x` is a program (minus minus x) rather than an option when it holds anything but
        /// an option name's letters, digits and dashes.
        static func looksLikeArithmetic(_ argument: String) -> Bool {
            !argument.dropFirst(2).prefix { $0 != "=" }.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" }
        }
    }

    /// The parts of swift-argument-parser's `_dumpHelp()` description that the scan needs.
    struct ToolDescription: Decodable {
        struct Command: Decodable {
            var commandName: String
            var shouldDisplay: Bool?
            var subcommands: [Command]?
            var arguments: [Argument]?
        }
        struct Argument: Decodable {
            var kind: String
            var names: [Name]?
            var valueName: String?
            var allValues: [String]?
        }
        struct Name: Decodable {
            var kind: String
            var name: String
        }
        var command: Command

        static func load() -> ToolDescription? {
            try? JSONDecoder().decode(ToolDescription.self, from: Data(Gradviz._dumpHelp().utf8))
        }
    }
}
