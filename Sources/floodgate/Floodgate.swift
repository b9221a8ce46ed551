import ArgumentParser

/// The `floodgate` command: the daemon and, in later subcommands, the war-room console and the rehearsal.
@main
struct Floodgate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "floodgate",
        abstract: "Flash-sale control plane: waiting room, inventory, checkout and the war room.",
        subcommands: [Serve.self],
        defaultSubcommand: Serve.self
    )
}
