import Foundation

/// The console's screen thread: the one owner of ncurses. It reads keys with a short timeout,
/// takes the network's events from the ``Mailbox`` and updates the ``ConsoleModel``; it redraws
/// only after a key or on the refresh tick (once a second by default), when the clock and the data
/// age move and new snapshots show.
struct ScreenLoop: Sendable {
    /// The model to start from.
    var model: ConsoleModel
    /// Events from the network side.
    let mailbox: Mailbox
    /// Control calls and sale selections for the network side; finished when the loop ends.
    let effects: AsyncStream<ConsoleEffect>.Continuation
    /// Where themes are found.
    let themes: ThemeLocator
    /// Whether `NO_COLOR` is set.
    let noColor: Bool

    /// Runs the loop on a dedicated thread until the operator quits.
    /// - Returns: `false` when the terminal could not be opened.
    func run() async -> Bool {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                let opened = loop()
                effects.yield(.quit)
                effects.finish()
                continuation.resume(returning: opened)
            }
            thread.name = "floodgate-console-screen"
            thread.start()
        }
    }

    /// The loop itself, on the screen thread.
    private func loop() -> Bool {
        guard let screen = CursesScreen(keyTimeoutMilliseconds: 200, noColor: noColor) else { return false }
        defer { screen.close() }
        var session = ScreenSession(screen: screen, model: model, themes: themes, effects: effects)
        session.loadTheme(model.themeName, announce: false)
        while session.step(mailbox.drain()) {}
        return true
    }
}

/// The screen thread's state between two steps. Not `Sendable`: it holds the ncurses screen.
struct ScreenSession {
    let screen: CursesScreen
    var model: ConsoleModel
    let themes: ThemeLocator
    let effects: AsyncStream<ConsoleEffect>.Continuation
    let renderer: FrameRenderer
    private var nextTick = Date.distantPast
    private var needsRedraw = true

    init(screen: CursesScreen, model: ConsoleModel, themes: ThemeLocator, effects: AsyncStream<ConsoleEffect>.Continuation) {
        self.screen = screen
        self.model = model
        self.themes = themes
        self.effects = effects
        renderer = FrameRenderer(glyphs: screen.glyphs)
    }

    /// Waits for a key (up to the key timeout), applies it and the events, redraws if needed.
    /// - Returns: `false` once the operator quit or the terminal went away.
    mutating func step(_ events: [ConsoleEvent]) -> Bool {
        if screen.hungUp { return false }
        var effects: [ConsoleEffect] = []
        var now = Date()
        for event in events { effects += model.apply(event, now: now) }
        if let key = screen.readKey() {
            now = Date()
            if key == .resize { screen.invalidate() }
            let size = screen.size
            model.terminalResized(width: size.width, height: size.height)
            effects += model.handle(key, now: now)
            needsRedraw = true
        }
        for effect in effects {
            guard perform(effect) else { return false }
        }
        if now >= nextTick {
            nextTick = now.addingTimeInterval(model.options.refreshSeconds)
            needsRedraw = true
        }
        if needsRedraw {
            let size = screen.size
            screen.draw(renderer.render(model, width: size.width, height: size.height, now: now))
            needsRedraw = false
        }
        return true
    }

    /// Runs an effect; returns `false` for quit.
    private mutating func perform(_ effect: ConsoleEffect) -> Bool {
        switch effect {
        case .quit:
            return false
        case .loadTheme(let name):
            loadTheme(name, announce: true)
            needsRedraw = true
        case .perform, .selectSale, .loadAudit, .loadOverview:
            effects.yield(effect)
        }
        return true
    }

    /// Loads a theme, adapts it to the terminal and installs it; problems go to the status line.
    mutating func loadTheme(_ name: String, announce: Bool) {
        let (theme, problem) = themes.load(name)
        let support = screen.colorSupport
        screen.apply(support.adapt(theme, mono: .builtinMono))
        var notice: String?
        if !support.usesColor {
            notice = support.noColor ? "NO_COLOR is set: monochrome" : "the terminal has no colours: monochrome"
        }
        model.themeApplied(problem == nil ? name : "default", problem: problem, notice: notice, announce: announce, monochrome: !support.usesColor)
    }
}
