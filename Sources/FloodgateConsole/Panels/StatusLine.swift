import FloodgateCore
import Foundation

/// The row above the key bar: the command line or filter being typed, or the latest message; the
/// operator signed in (and their role), the theme and the daemon's address on the right.
enum StatusLine {
    static func line(_ model: ConsoleModel, width: Int, glyphs: Glyphs) -> StyledLine {
        var left: StyledLine
        switch model.mode {
        case .command(let editor):
            left = StyledLine(":" + editor.text + glyphs.cursor, .status)
        case .filter(let editor):
            left = StyledLine("filter events: /" + editor.text + glyphs.cursor, .status)
        case .audit(let browser) where browser.typing:
            left = StyledLine("filter audit: /" + browser.filter.text + glyphs.cursor, .status)
        default:
            left = message(model.status, glyphs: glyphs)
        }
        let colours = model.monochrome ? "monochrome" : "theme \(model.themeName)"
        let who = model.signIn.map { "\($0.name) (\($0.role.rawValue)) · " } ?? ""
        let right = StyledLine("\(who)\(colours) · \(model.options.endpoint) ", .dim)
        var line = StyledLine(" ", .status)
        line.append(left.truncated(to: width - 2))
        return line.withRight(right, width: width)
    }

    private static func message(_ status: StatusMessage?, glyphs: Glyphs) -> StyledLine {
        guard let status else { return StyledLine("ready", .dim) }
        switch status.tone {
        case .info: return StyledLine(status.text, .status)
        case .success: return StyledLine(glyphs.okMark + " " + status.text, .ok)
        case .failure: return StyledLine(glyphs.failMark + " " + status.text, .critical)
        }
    }
}
