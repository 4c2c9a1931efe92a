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

        init(arguments: [String], command: ToolDescription.Command) {
            let definitions = command.arguments ?? []
            takesProgram = definitions.contains { $0.kind == "positional" && $0.valueName == "program" }
            var takesValue: [String: Bool] = ["--help": false, "-h": false, "--version": false]
            for definition in definitions {
                for name in definition.names ?? [] {
                    let spelled = (name.kind == "long" ? "--" : "-") + name.name
                    takesValue[spelled] = definition.kind == "option"
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
            while index < arguments.count {
                let argument = arguments[index]
                index += 1
                if argument == "--" {
                    positionals += arguments.count - index
                    break
                }
                guard argument.hasPrefix("-"), argument.count > 1 else {
                    positionals += 1
                    continue
                }
                let name = argument.hasPrefix("--") ? String(argument.prefix { $0 != "=" }) : argument
                if let value = takesValue[name] {
                    if fileNames.contains(name) { sawFile = true }
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
