import CNcursesw
import Foundation

/// The ncurses screen: set up in `init`, restored by ``close()``. It copies ``CellGrid``s to the
/// terminal (only rows that changed) and reads keys with a timeout.
///
/// Not `Sendable`: one thread (the screen loop's) creates it, uses it and closes it, so the C
/// handle has exactly one owner.
final class CursesScreen {
    private let window: UnsafeMutablePointer<WINDOW>
    private var palette: CursesPalette
    private var drawn: CellGrid?
    /// What the terminal can show.
    let colorSupport: ColorSupport
    /// Box drawing and blocks on a UTF-8 locale, ASCII otherwise.
    let glyphs: Glyphs
    private let defaultColors: Bool

    /// Takes over the terminal; `nil` when ncurses cannot.
    /// - Parameters:
    ///   - keyTimeoutMilliseconds: how long ``readKey()`` waits for a key.
    ///   - noColor: whether `NO_COLOR` asks for no colours.
    init?(keyTimeoutMilliseconds: Int32, noColor: Bool) {
        setlocale(LC_ALL, "")
        glyphs = fg_locale_is_utf8() != 0 ? .unicode : .ascii
        guard let window = initscr() else { return nil }
        self.window = window
        raw()
        noecho()
        nonl()
        keypad(window, true)
        curs_set(0)
        set_escdelay(25)
        wtimeout(window, keyTimeoutMilliseconds)
        var colors: Int32 = 0
        var defaultColors = false
        if has_colors(), !noColor {
            start_color()
            defaultColors = use_default_colors() == OK
            colors = fg_colors()
        }
        self.defaultColors = defaultColors
        colorSupport = ColorSupport(colors: Int(colors), noColor: noColor)
        palette = CursesPalette(theme: .builtinMono, usesColor: false, defaultColors: false)
    }

    /// The terminal's size.
    var size: (width: Int, height: Int) { (Int(getmaxx(window)), Int(getmaxy(window))) }

    /// Uses `theme` (already adapted to ``colorSupport``) from the next frame on.
    func apply(_ theme: Theme) {
        palette = CursesPalette(theme: theme, usesColor: colorSupport.usesColor, defaultColors: defaultColors)
        invalidate()
    }

    /// Forgets what is on screen, so the next frame is drawn in full (after a resize or a theme).
    func invalidate() {
        drawn = nil
        clearok(window, true)
    }

    /// Waits for a key up to the timeout; `nil` when none came or ncurses reported nothing useful.
    func readKey() -> Key? {
        var code: wint_t = 0
        let result = wget_wch(window, &code)
        guard result != ERR else { return nil }
        return Key(code: UInt32(code), isFunctionKey: result == fg_key_code_yes())
    }

    /// Whether the terminal hung up (its standard input reports a hang-up or an error), for when
    /// no SIGHUP arrives.
    var hungUp: Bool {
        var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, 0) > 0 else { return false }
        return Int32(descriptor.revents) & (POLLHUP | POLLERR | POLLNVAL) != 0
    }

    /// Copies the rows of `grid` that differ from what is on screen, then refreshes the terminal.
    func draw(_ grid: CellGrid) {
        let previous = drawn?.width == grid.width && drawn?.height == grid.height ? drawn : nil
        for row in 0..<grid.height where previous?.cells(row: row) != grid.cells(row: row) {
            drawRow(row, of: grid)
        }
        drawn = grid
        wrefresh(window)
    }

    /// Writes one row as runs of cells with the same role.
    private func drawRow(_ row: Int, of grid: CellGrid) {
        var column = 0
        while column < grid.width {
            let role = grid[column, row].role
            var text: [wchar_t] = []
            let start = column
            while column < grid.width, grid[column, row].role == role {
                let cell = grid[column, row]
                if !cell.isContinuation, let scalar = cell.character.unicodeScalars.first { text.append(wchar_t(bitPattern: scalar.value)) }
                column += 1
            }
            let style = palette.styles[role] ?? (fg_attr_normal(), 0)
            fg_set_style(window, style.attributes, style.pair)
            fg_put_wide(window, Int32(row), Int32(start), text, Int32(text.count))
        }
    }

    /// Gives the terminal back.
    func close() {
        endwin()
    }
}
