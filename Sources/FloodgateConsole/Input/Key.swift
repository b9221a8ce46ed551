/// A key press, independent of ncurses.
public enum Key: Sendable, Hashable {
    case character(Character)
    case enter, escape, tab, backTab, backspace
    case up, down, left, right, pageUp, pageDown
    /// The terminal was resized.
    case resize
    /// Ctrl-C (the terminal is in raw mode, so it arrives as a key).
    case interrupt
}

extension Key {
    /// The ncurses key codes the console understands (values from `<curses.h>`).
    enum CursesCode {
        static let down: UInt32 = 0o402, up: UInt32 = 0o403, left: UInt32 = 0o404, right: UInt32 = 0o405
        static let backspace: UInt32 = 0o407, pageDown: UInt32 = 0o522, pageUp: UInt32 = 0o523
        static let enter: UInt32 = 0o527, backTab: UInt32 = 0o541, resize: UInt32 = 0o632
    }

    /// Maps what `wget_wch` returned to a key.
    /// - Parameters:
    ///   - code: the character or key code.
    ///   - isFunctionKey: whether `wget_wch` returned `KEY_CODE_YES`.
    /// - Returns: `nil` for keys the console ignores.
    public init?(code: UInt32, isFunctionKey: Bool) {
        if isFunctionKey {
            guard let key = Self.functionKeys[code] else { return nil }
            self = key
            return
        }
        switch code {
        case 3: self = .interrupt
        case 9: self = .tab
        case 10, 13: self = .enter
        case 27: self = .escape
        case 8, 127: self = .backspace
        default:
            guard code >= 32, let scalar = Unicode.Scalar(code) else { return nil }
            self = .character(Character(scalar))
        }
    }

    private static let functionKeys: [UInt32: Key] = [
        CursesCode.down: .down, CursesCode.up: .up, CursesCode.left: .left, CursesCode.right: .right,
        CursesCode.backspace: .backspace, CursesCode.pageDown: .pageDown, CursesCode.pageUp: .pageUp,
        CursesCode.enter: .enter, CursesCode.backTab: .backTab, CursesCode.resize: .resize,
    ]
}
