extension CellGrid {
    /// Draws a styled line at (`x`, `y`), clipped to `width` columns; the rest of the width is blanked
    /// in `fill`.
    public mutating func draw(_ line: StyledLine, x: Int, y: Int, width: Int, fill: StyleRole = .text) {
        var column = x
        for span in line.spans {
            column += write(span.text, x: column, y: y, role: span.role, maxWidth: x + width - column)
        }
        if column < x + width {
            clear(Rect(x: column, y: y, width: x + width - column, height: 1), role: fill)
        }
    }

    /// Fills a rectangle with blanks in `role`.
    public mutating func clear(_ rect: Rect, role: StyleRole = .text) {
        for row in rect.y..<rect.maxY {
            for column in rect.x..<rect.maxX {
                put(" ", x: column, y: row, role: role)
            }
        }
    }

    /// Draws a box on `rect`'s edge with `title` in the top border and `footer` in the bottom one,
    /// and blanks its interior.
    public mutating func drawBox(_ rect: Rect, title: StyledLine, footer: StyledLine = StyledLine(), role: StyleRole, glyphs: Glyphs) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let box = glyphs.box
        let rule = String(repeating: box.horizontal, count: rect.width - 2)
        write(box.topLeft + rule + box.topRight, x: rect.x, y: rect.y, role: role)
        for row in (rect.y + 1)..<(rect.maxY - 1) {
            put(Character(box.vertical), x: rect.x, y: row, role: role)
            put(Character(box.vertical), x: rect.maxX - 1, y: row, role: role)
        }
        write(box.bottomLeft + rule + box.bottomRight, x: rect.x, y: rect.maxY - 1, role: role)
        clear(rect.interior)
        drawBorderLabel(title, x: rect.x + 2, y: rect.y, limit: rect.width - 4)
        if footer.width > 0, footer.width + 4 <= rect.width {
            drawBorderLabel(footer, x: rect.maxX - 2 - footer.width - 2, y: rect.maxY - 1, limit: footer.width + 2)
        }
    }

    /// Writes ` label ` into a border row.
    private mutating func drawBorderLabel(_ label: StyledLine, x: Int, y: Int, limit: Int) {
        guard label.width > 0, limit > 2 else { return }
        var padded = StyledLine(" ", .text)
        padded.append(label.truncated(to: limit - 2))
        padded.append(" ")
        draw(padded, x: x, y: y, width: padded.width)
    }
}
