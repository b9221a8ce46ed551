/// The lines of a confirmation modal: the question, the exact effect, the typed id, the buttons.
enum ConfirmText {
    static func lines(_ modal: ConfirmModal, width: Int, glyphs: Glyphs) -> [StyledLine] {
        let confirmation = modal.action.confirmation(saleID: modal.saleID, saleName: modal.saleName)
        var lines = [StyledLine(confirmation.title, .title), StyledLine()]
        lines += WordWrap.lines(confirmation.effect, width: width).map { StyledLine($0, .text) }
        if modal.action.needsTypedSaleID {
            lines.append(StyledLine())
            lines.append(StyledLine("Type the sale id (\(modal.saleID)) to confirm:", .text))
            var field = StyledLine("> ", .dim)
            field.append((modal.typed.text + "_").fitted(max(modal.saleID.count + 4, 20)), .selection)
            lines.append(field)
        }
        if let hint = modal.hint { lines.append(StyledLine(hint, .critical)) }
        lines.append(StyledLine())
        lines.append(buttons(modal, label: confirmation.confirmLabel, glyphs: glyphs))
        return lines
    }

    /// `[ Cancel ]   [ Pause sale ]`, the focused one marked with pointers and drawn selected.
    static func buttons(_ modal: ConfirmModal, label: String, glyphs: Glyphs) -> StyledLine {
        var line = StyledLine()
        for (button, text) in [(ConfirmModal.Button.cancel, "Cancel"), (.confirm, label)] {
            let focused = modal.focus == button
            let enabled = button == .cancel || modal.canConfirm
            line.append(focused ? glyphs.pointer : " ", .accent)
            line.append("[ \(text) ]", focused ? .selection : (enabled ? .text : .dim))
            line.append(focused ? glyphs.pointerEnd : " ", .accent)
            line.append("   ")
        }
        return line
    }
}
