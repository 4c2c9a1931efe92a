import ArgumentParser
import Foundation

/// The command line read the way a user means it, with every usage error in gradviz's voice:
/// one line, `error: ...`, exit status 64.
///
/// swift-argument-parser checks a command's `validate()` before it looks for unknown options,
/// and writes its errors as three lines starting `Error:`. When parsing fails, gradviz looks
/// at the arguments itself, from the same option definitions (`_dumpHelp()`): an unknown option
/// is named first (with the nearest known one), a leading-dash argument that is no option of
/// `expr` or `check` is taken as the program (`gradviz expr "-x**2"`), and any other message
/// is put on one line. Nothing of this runs when the arguments parse, so it costs nothing on
/// the way to a drawing.
enum CommandLineArguments {
    /// What a failed parse comes to: the command to run after all, or a message and exit code.
    enum Resolution {
        case run(any ParsableCommand)
        case fail(message: String, exitCode: ExitCode)
        /// Help, the version or a completion script, which swift-argument-parser prints itself.
        case cleanExit(any Error)
    }

    /// Parses `arguments` (without the program name) for `Gradviz`, resolving a failure as
    /// described above.
    static func resolve(_ arguments: [String]) -> Resolution {
        let firstError: any Error
        do { return .run(try Gradviz.parseAsRoot(arguments)) } catch { firstError = error }
        if Gradviz.exitCode(for: firstError) == .success { return .cleanExit(firstError) }
        guard let tool = ToolDescription.load() else { return failure(for: firstError) }

        // A command name that is close to a real one.
        if let first = arguments.first, !first.hasPrefix("-"),
            tool.command.subcommands?.contains(where: { $0.commandName == first }) != true
        {
            let names = (tool.command.subcommands ?? []).filter { $0.shouldDisplay != false }.map(\.commandName)
            let suggestion = nearest(first, among: names).map { "; did you mean '\($0)'?" } ?? ""
            return .fail(
                message:
                    "unknown command '\(first)'\(suggestion) (the commands are \(names.filter { $0 != "help" }.joined(separator: ", ")))",
                exitCode: .usage)
        }

        let command = arguments.first.flatMap { name in tool.command.subcommands?.first { $0.commandName == name } }
        let commandPath = command.map { [$0.commandName] } ?? []
        let scan = Scan(arguments: Array(arguments.dropFirst(commandPath.count)), command: command ?? tool.command)
        let commandName = (["gradviz"] + commandPath).joined(separator: " ")

        if let unknown = scan.unknownLongOption {
            let name = String(unknown.prefix { $0 != "=" })
            let suggestion = nearest(name, among: scan.longNames).map { "; did you mean '\($0)'?" } ?? ""
            return .fail(
                message: "unknown option '\(name)'\(suggestion) ('\(commandName) --help' lists the options)",
                exitCode: .usage)
        }
        if let (option, value, allowed) = scan.invalidValue {
            // A value in the wrong case (`tb` for `TB`) is the likeliest typo of all.
            let match =
                allowed.first { $0.lowercased() == value.lowercased() } ?? nearest(value, among: allowed)
            let suggestion = match.map { "; did you mean '\($0)'?" } ?? ""
            return .fail(
                message:
                    "\(option) does not take '\(value)'\(suggestion) (it takes \(allowed.joined(separator: ", ")))",
                exitCode: .usage)
        }
        if let (option, value, more) = scan.separatedValues,
            Gradviz.message(for: firstError).lowercased().contains("unexpected argument")
        {
            let joined = ([value] + more).joined(separator: ",")
            return .fail(
                message:
                    "unexpected argument '\(more[0])': \(option) takes its values in one argument, separated by commas: \(option) \(joined)",
                exitCode: .usage)
        }
        if let candidate = scan.programCandidate {
            // A program such as "-x**2": the same arguments with it after `--`.
            var rearranged = arguments
            rearranged.remove(at: commandPath.count + candidate)
            rearranged += ["--", arguments[commandPath.count + candidate]]
            do { return .run(try Gradviz.parseAsRoot(rearranged)) } catch {
                return Gradviz.exitCode(for: error) == .success ? .cleanExit(error) : failure(for: error)
            }
        }
        if let unknown = scan.unknownShortOption {
            let hint =
                scan.takesProgram
                ? "; a program that starts with '-' goes after '--', as in \(commandName) -- \"-x**2\"" : ""
            return .fail(
                message: "unknown option '\(unknown)'\(hint) ('\(commandName) --help' lists the options)",
                exitCode: .usage)
        }
        return failure(for: firstError)
    }

    /// swift-argument-parser's own message for `error`, on one line in gradviz's voice.
    static func failure(for error: any Error) -> Resolution {
        .fail(message: oneLine(Gradviz.message(for: error)), exitCode: Gradviz.exitCode(for: error))
    }

    /// `message` with its lines joined and its first letter lower-cased (`Unknown option` →
    /// `unknown option`), unless the first word is an abbreviation.
    static func oneLine(_ message: String) -> String {
        let lines = message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        // A bulleted list ("- table", "- dot", ...) becomes "table, dot, ...".
        var parts: [String] = []
        var items: [String] = []
        for line in lines {
            if line.hasPrefix("- ") {
                items.append(String(line.dropFirst(2)))
                continue
            }
            if !items.isEmpty { parts.append(items.joined(separator: ", ")) }
            items = []
            parts.append(line)
        }
        if !items.isEmpty { parts.append(items.joined(separator: ", ")) }
        var text = parts.joined(separator: " ")
        if let first = text.first, first.isUppercase,
            let second = text.dropFirst().first, second.isLowercase
        {
            text = first.lowercased() + text.dropFirst()
        }
        return text
    }
}
