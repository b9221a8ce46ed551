#ifndef FLOODGATE_CNCURSESW_SHIM_H
#define FLOODGATE_CNCURSESW_SHIM_H

// SwiftPM drops pkg-config's -D flags, so the wide-character API must be asked for here.
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <langinfo.h>
#include <locale.h>
#include <string.h>
#include <ncursesw/curses.h>

// Macros and globals that Swift cannot import, as small prefixed functions.

/// The screen's height in rows (the `LINES` global).
static inline int fg_lines(void) { return LINES; }
/// The screen's width in columns (the `COLS` global).
static inline int fg_cols(void) { return COLS; }
/// The standard screen (the `stdscr` global).
static inline WINDOW *fg_stdscr(void) { return stdscr; }
/// Whether the terminal has colours and how many (`COLORS`).
static inline int fg_colors(void) { return COLORS; }
/// The attribute bits for bold, dim, reverse and underline.
static inline attr_t fg_attr_bold(void) { return A_BOLD; }
static inline attr_t fg_attr_dim(void) { return A_DIM; }
static inline attr_t fg_attr_reverse(void) { return A_REVERSE; }
static inline attr_t fg_attr_underline(void) { return A_UNDERLINE; }
static inline attr_t fg_attr_normal(void) { return A_NORMAL; }
/// The attribute value of colour pair `n` (`COLOR_PAIR` is a macro in older ncurses).
static inline attr_t fg_color_pair(short n) { return COLOR_PAIR(n); }
/// The key code ncurses delivers when the terminal is resized.
static inline int fg_key_resize(void) { return KEY_RESIZE; }

/// Whether the locale's character set (after `setlocale`) is UTF-8.
static inline int fg_locale_is_utf8(void) { return strcmp(nl_langinfo(CODESET), "UTF-8") == 0; }
/// Sets a window's attributes and colour pair for the next writes (`wattr_set` is a macro).
static inline int fg_set_style(WINDOW *win, attr_t attributes, short pair) {
    return wattr_set(win, attributes, pair, NULL);
}
/// Writes `n` wide characters at row `y`, column `x` (`mvwaddnwstr` is a macro).
static inline int fg_put_wide(WINDOW *win, int y, int x, const wchar_t *text, int n) {
    return mvwaddnwstr(win, y, x, text, n);
}
/// The value `wget_wch` returns for a function key (`KEY_CODE_YES`).
static inline int fg_key_code_yes(void) { return KEY_CODE_YES; }

#endif
