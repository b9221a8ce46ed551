import FloodgateCore

/// A line typed after `:`.
public enum ConsoleCommand: Sendable, Hashable {
    case throttle(Int)
    case pause, resume, halt, reopen, close, rollback
    case theme(String)
    /// Watch another sale.
    case sale(String)
    case sales, freeze, help, quit

    /// Every command, as `:help` lists them.
    public static let usage = ":throttle N  :pause  :resume  :halt  :reopen  :close  :rollback  :theme NAME  :sale ID  :sales  :freeze  :help  :quit"

    /// Parses a command line (without the `:`).
    /// - Returns: the command, or a message saying what is wrong.
    public static func parse(_ line: String) -> Result<ConsoleCommand, CommandError> {
        let words = line.split(separator: " ").map(String.init)
        guard let name = words.first?.lowercased() else { return .failure(CommandError("empty command; try :help")) }
        let arguments = Array(words.dropFirst())
        if let simple = simpleCommands[name] {
            return arguments.isEmpty ? .success(simple) : .failure(CommandError(":\(name) takes no argument"))
        }
        switch name {
        case "throttle", "rate":
            guard arguments.count == 1, let rate = Int(arguments[0]), rate >= 0 else {
                return .failure(CommandError(":throttle needs a whole number of admissions a second, such as :throttle 40"))
            }
            return .success(.throttle(rate))
        case "sale":
            guard arguments.count == 1, SaleDefinition.isValidID(arguments[0]) else { return .failure(CommandError(":sale needs a sale id, such as :sale drop-42")) }
            return .success(.sale(arguments[0]))
        case "theme":
            guard arguments.count == 1 else { return .failure(CommandError(":theme needs a theme name, such as :theme light")) }
            return .success(.theme(arguments[0]))
        default:
            return .failure(CommandError("unknown command :\(name); try :help"))
        }
    }

    private static let simpleCommands: [String: ConsoleCommand] = [
        "pause": .pause, "resume": .resume, "halt": .halt, "reopen": .reopen, "close": .close,
        "rollback": .rollback, "sales": .sales, "freeze": .freeze, "help": .help, "quit": .quit, "q": .quit,
    ]
}

/// Why a command line was refused.
public struct CommandError: Error, Sendable, Hashable {
    public var message: String

    /// Creates an error.
    public init(_ message: String) {
        self.message = message
    }
}
