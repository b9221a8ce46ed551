import ArgumentParser
import Foundation

/// The `floodgate` command: the war room (the default), the daemon, the console and the rehearsal.
@main
struct Floodgate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "floodgate",
        abstract: "Flash-sale control plane: waiting room, inventory, checkout and the war room.",
        discussion: "Without a subcommand: a local daemon with a demo sale and the war-room console on it.",
        subcommands: [WarRoom.self, Serve.self, Console.self, Rehearse.self, Page.self],
        defaultSubcommand: WarRoom.self
    )

    /// Runs the command; a bad flag or a failure is one line on standard error and a non-zero
    /// exit status (help and version still print in full).
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
            } else {
                let line = message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
                FileHandle.standardError.write(Data("Error: \(line)\n".utf8))
            }
            Foundation.exit(code.rawValue)
        }
    }
}
