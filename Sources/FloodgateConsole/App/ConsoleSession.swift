import Dispatch
import Foundation

/// `floodgate console` from start to quit: the screen thread and the network side, joined by a
/// ``Mailbox`` (network to screen) and an `AsyncStream` of ``ConsoleEffect``s (screen to network).
public enum ConsoleSession {
    /// Runs the console until the operator quits (or SIGTERM / SIGHUP); it never ends on its own.
    /// - Throws: ``ConsoleError`` when the terminal cannot be opened.
    public static func run(_ configuration: ConsoleConfiguration) async throws {
        let mailbox = Mailbox()
        let (effects, sink) = AsyncStream.makeStream(of: ConsoleEffect.self)
        let options = ConsoleOptions(
            endpoint: configuration.endpoint.description, readonly: configuration.readonly, refreshSeconds: configuration.refreshSeconds)
        let model = ConsoleModel(options: options, saleID: configuration.saleID, themeName: configuration.themeName, now: Date())
        let screen = ScreenLoop(model: model, mailbox: mailbox, effects: sink, themes: configuration.themes, noColor: configuration.noColor)
        let network = NetworkDriver(client: AdminClient(endpoint: configuration.endpoint, token: configuration.adminToken), mailbox: mailbox)
        let signals = [SIGTERM, SIGHUP].map { quitOnSignal($0, mailbox: mailbox) }
        async let opened = screen.run()
        await network.run(effects, initialSale: configuration.saleID)
        let terminalOpened = await opened
        signals.forEach { $0.cancel() }
        if !terminalOpened { throw ConsoleError("cannot open the terminal: is TERM set to a known terminal?") }
    }

    /// Turns a termination signal into a quit, so the terminal is restored before the process ends.
    private static func quitOnSignal(_ number: Int32, mailbox: Mailbox) -> any DispatchSourceSignal {
        signal(number, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
        source.setEventHandler { mailbox.post(.quit) }
        source.resume()
        return source
    }
}
