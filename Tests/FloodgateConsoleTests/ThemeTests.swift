import FloodgateConsole
import Foundation
import Testing

@Suite("Themes")
struct ThemeTests {
    static let shipped = ["default", "light", "high-contrast", "mono"]

    /// The repository's `Themes/` folder, found from this source file.
    static let themesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Themes").path

    @Test("every shipped theme parses and styles every role", arguments: shipped)
    func shippedThemes(name: String) throws {
        let text = try String(contentsOfFile: Self.themesDirectory + "/\(name).theme", encoding: .utf8)
        let theme = try ThemeParser.parse(text, name: name)
        #expect(theme.name == name)
        for role in StyleRole.allCases {
            #expect(theme.styles[role] != nil, "\(name) lacks \(role.rawValue)")
        }
    }

    @Test("the built-in fallbacks are the shipped default and mono files")
    func builtins() throws {
        let locator = ThemeLocator(directories: [Self.themesDirectory])
        #expect(locator.load("default").theme == Theme.builtinDefault)
        #expect(locator.load("mono").theme == Theme.builtinMono)
        #expect(Theme.builtinDefault.styles.count == StyleRole.allCases.count)
    }

    @Test("the format: colours by name and number, on a background, attributes, comments")
    func format() throws {
        let theme = try ThemeParser.parse("""
            # a comment
            background = 17
            text = bright-white   # trailing comment
            badge.critical = white on red bold underline
            dim = grey dim
            """, name: "t")
        #expect(theme.background == .indexed(17))
        #expect(theme.style(.text).foreground == .indexed(15))
        #expect(theme.style(.badgeCritical) == RoleStyle(foreground: .indexed(7), background: .indexed(1), bold: true, underline: true))
        #expect(theme.style(.dim) == RoleStyle(foreground: .indexed(8), dim: true))
        #expect(theme.style(.accent) == theme.style(.text))
    }

    @Test("a broken theme names the line and what is wrong", arguments: [
        ("text = purplish", "line 1: unknown colour 'purplish'"),
        ("text 252", "line 1: expected 'key = value'"),
        ("\nbadge.okay = red", "line 2: unknown key 'badge.okay'"),
        ("text = red on", "line 1: 'on' needs a background colour"),
        ("text = red blue", "line 1: unexpected 'blue'"),
        ("text = 300", "line 1: unknown colour '300'"),
    ])
    func broken(text: String, message: String) {
        #expect(throws: ThemeError.self) { try ThemeParser.parse(text, name: "x") }
        do {
            _ = try ThemeParser.parse(text, name: "x")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test("a broken or missing theme falls back to the default with a clear message")
    func fallback() throws {
        let directory = NSTemporaryDirectory() + "themes-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try "text = 252\nborder = nope\n".write(toFile: directory + "/broken.theme", atomically: true, encoding: .utf8)
        let locator = ThemeLocator(directories: [directory])
        let broken = locator.load("broken")
        #expect(broken.theme == .builtinDefault)
        #expect(broken.problem == "theme 'broken' is broken (\(directory)/broken.theme line 2: unknown colour 'nope'); using default")
        let missing = locator.load("neon")
        #expect(missing.theme == .builtinDefault)
        #expect(missing.problem?.hasPrefix("theme 'neon' not found (searched \(directory))") == true)
        #expect(locator.load("../etc/passwd").problem != nil)
    }

    @Test("search order: --theme-dir, then XDG_CONFIG_HOME, then the Themes folder above the binary")
    func searchOrder() throws {
        let root = NSTemporaryDirectory() + "install-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: root + "/Themes", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/.build/debug", withIntermediateDirectories: true)
        let locator = ThemeLocator(themeDirectory: "/custom", environment: ["XDG_CONFIG_HOME": "/xdg", "HOME": "/home/op"],
                                   executablePath: root + "/.build/debug/floodgate", currentDirectory: "/")
        #expect(locator.directories == ["/custom", "/xdg/floodgate/themes", root + "/Themes"])
        let home = ThemeLocator(themeDirectory: nil, environment: ["HOME": "/home/op"], executablePath: "/nowhere/bin/floodgate", currentDirectory: "/")
        #expect(home.directories.first == "/home/op/.config/floodgate/themes")
    }

    @Test("colours fall back from 256 to 16 to 8 to monochrome; NO_COLOR means monochrome")
    func colorFallback() {
        #expect(TerminalColor.indexed(196).reduced(toColors: 256) == .indexed(196))
        #expect(TerminalColor.indexed(196).reduced(toColors: 16) == .indexed(9))
        #expect(TerminalColor.indexed(196).reduced(toColors: 8) == .indexed(1))
        #expect(TerminalColor.indexed(234).reduced(toColors: 16) == .indexed(0))
        #expect(TerminalColor.terminalDefault.reduced(toColors: 8) == .terminalDefault)
        let sixteen = ColorSupport(colors: 16, noColor: false).adapt(.builtinDefault, mono: .builtinMono)
        #expect(sixteen.styles.values.allSatisfy { style in
            [style.foreground, style.background ?? .terminalDefault].allSatisfy { $0 == .terminalDefault || $0.index! < 16 }
        })
        #expect(ColorSupport(colors: 256, noColor: true).adapt(.builtinDefault, mono: .builtinMono) == .builtinMono)
        #expect(ColorSupport(colors: 0, noColor: false).adapt(.builtinDefault, mono: .builtinMono) == .builtinMono)
    }
}

extension TerminalColor {
    var index: Int? {
        if case .indexed(let index) = self { return index }
        return nil
    }
}
