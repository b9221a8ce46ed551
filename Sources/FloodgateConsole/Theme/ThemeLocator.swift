import Foundation

/// Where `.theme` files are looked for, in order: `--theme-dir`, `$XDG_CONFIG_HOME/floodgate/themes`
/// (or `~/.config/floodgate/themes`), then the installed `Themes/` folder found by walking up from
/// the executable's directory, and from the current directory.
public struct ThemeLocator: Sendable, Hashable {
    /// The directories searched, first match wins.
    public var directories: [String]

    /// A locator searching exactly these directories.
    public init(directories: [String]) {
        self.directories = directories
    }

    /// The standard search path.
    /// - Parameters:
    ///   - themeDirectory: `--theme-dir`, if given.
    ///   - environment: the process environment (`XDG_CONFIG_HOME`, `HOME`).
    ///   - executablePath: the running binary.
    ///   - currentDirectory: the working directory.
    public init(themeDirectory: String?, environment: [String: String], executablePath: String, currentDirectory: String) {
        var directories = themeDirectory.map { [$0] } ?? []
        if let config = environment["XDG_CONFIG_HOME"], !config.isEmpty {
            directories.append(config + "/floodgate/themes")
        } else if let home = environment["HOME"], !home.isEmpty {
            directories.append(home + "/.config/floodgate/themes")
        }
        let starts = [URL(fileURLWithPath: executablePath).deletingLastPathComponent().path, currentDirectory]
        for start in starts {
            if let installed = Self.installedThemes(above: start), !directories.contains(installed) {
                directories.append(installed)
            }
        }
        self.init(directories: directories)
    }

    /// The first `Themes` folder in `start` or one of its parents.
    public static func installedThemes(above start: String) -> String? {
        var directory = URL(fileURLWithPath: start).standardizedFileURL
        while true {
            let candidate = directory.appendingPathComponent("Themes").path
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), isDirectory.boolValue {
                return candidate
            }
            let parent = directory.deletingLastPathComponent()
            if parent.path == directory.path { return nil }
            directory = parent
        }
    }

    /// The path of theme `name`, or `nil` when no directory holds it.
    public func path(of name: String) -> String? {
        guard Self.isValidName(name) else { return nil }
        return directories.map { $0 + "/" + name + ".theme" }.first { FileManager.default.isReadableFile(atPath: $0) }
    }

    /// Loads theme `name`; on any problem, the built-in default theme and a message saying why.
    public func load(_ name: String) -> (theme: Theme, problem: String?) {
        guard let path = path(of: name) else {
            if name == "default" { return (.builtinDefault, nil) }
            let searched = directories.isEmpty ? "no theme directory" : directories.joined(separator: ", ")
            return (.builtinDefault, "theme '\(name)' not found (searched \(searched)); using default")
        }
        do {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            return (try ThemeParser.parse(text, name: name), nil)
        } catch let error as ThemeError {
            return (.builtinDefault, "theme '\(name)' is broken (\(path) \(error)); using default")
        } catch {
            return (.builtinDefault, "theme '\(name)' cannot be read (\(path)); using default")
        }
    }

    /// Theme names are file names: letters, digits, `-`, `_` and `.`, not starting with `.`.
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix(".")
            && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }
    }
}
