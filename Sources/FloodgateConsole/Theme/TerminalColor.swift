/// A terminal colour: the terminal's default, or one of the 256 indexed colours
/// (0-7 the basic eight, 8-15 their bright versions).
public enum TerminalColor: Sendable, Hashable {
    case terminalDefault
    case indexed(Int)

    /// Parses `default`, a colour name (`red`, `bright-blue`, `grey`) or an index `0`...`255`.
    public init?(name: String) {
        let name = name.lowercased()
        if name == "default" {
            self = .terminalDefault
        } else if let index = Int(name), (0...255).contains(index) {
            self = .indexed(index)
        } else if let index = Self.names.firstIndex(of: name) {
            self = .indexed(index)
        } else if name.hasPrefix("bright-"), let index = Self.names.firstIndex(of: String(name.dropFirst(7))), index < 8 {
            self = .indexed(index + 8)
        } else if name == "gray" || name == "grey" {
            self = .indexed(8)
        } else {
            return nil
        }
    }

    /// The basic eight colours' names, in index order.
    static let names = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    /// This colour on a terminal with `colors` colours: 256-colour indexes map to the nearest of
    /// the sixteen (or eight) basic ones.
    public func reduced(toColors colors: Int) -> TerminalColor {
        guard case .indexed(var index) = self else { return self }
        if colors >= 256 || index < colors { return self }
        if index >= 16 { index = Self.nearestBasic(to: index) }
        return .indexed(colors >= 16 ? index : index % 8)
    }

    /// The nearest of the sixteen basic colours to a 256-colour index, by RGB distance.
    static func nearestBasic(to index: Int) -> Int {
        let target = rgb(of: index)
        let distances = (0..<16).map { basic -> Int in
            let candidate = rgb(of: basic)
            return zip(target, candidate).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        }
        return distances.indices.min { distances[$0] < distances[$1] }!
    }

    /// The xterm RGB value of a colour index.
    static func rgb(of index: Int) -> [Int] {
        switch index {
        case 0..<16:
            let basic = [[0, 0, 0], [205, 0, 0], [0, 205, 0], [205, 205, 0], [0, 0, 238], [205, 0, 205], [0, 205, 205], [229, 229, 229],
                         [127, 127, 127], [255, 0, 0], [0, 255, 0], [255, 255, 0], [92, 92, 255], [255, 0, 255], [0, 255, 255], [255, 255, 255]]
            return basic[index]
        case 16..<232:
            let cube = index - 16
            let level = { (step: Int) in step == 0 ? 0 : 55 + step * 40 }
            return [level(cube / 36), level(cube / 6 % 6), level(cube % 6)]
        default:
            let grey = 8 + (index - 232) * 10
            return [grey, grey, grey]
        }
    }
}
