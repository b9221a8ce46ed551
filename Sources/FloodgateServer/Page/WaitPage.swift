import FloodgateCore
import Foundation

/// Renders the waiting-room pages from ``PageResources``: the waiting room of a sale, the page a
/// shopper who joined without JavaScript sees (their standing, server-rendered), the "high
/// demand" page the overloaded daemon answers with, and the unknown-sale page.
struct WaitPage: Sendable {
    let resources: PageResources

    /// Where a shopper who joined without JavaScript stands, for the server-rendered page.
    struct Standing: Sendable {
        let token: String
        let state: TokenState
        let status: StatusAnswer
    }

    /// The waiting room of `sale`.
    /// - Parameters:
    ///   - seedHash: The lottery seed's published hash (lottery sales).
    ///   - userID: The user id the no-JavaScript form joins with.
    ///   - standing: The shopper's standing when the page was asked with their token (no JavaScript).
    func page(sale: SaleDefinition, texts: PageTexts, seedHash: String?, userID: String, standing: Standing?, now: Date = Date()) -> String {
        var values = factValues(texts)
        values.merge(saleValues(sale, texts: texts, seedHash: seedHash)) { $1 }
        values["languages"] = languageLinks(current: texts.language)
        values["texts"] = texts.json
        if let standing {
            let state = standing.state.rawValue
            values["token"] = standing.token
            values["state"] = state
            values["state_title"] = texts.text("state.\(state).title")
            values["state_body"] = texts.text("state.\(state).body", ["countdown": Self.duration(sale.startsAt.timeIntervalSince(now), texts)])
            values["position"] = standing.status.position.map(String.init) ?? "–"
            // As the script shows them: people ahead while waiting (and on the waitlist), the ETA while waiting.
            if standing.state == .waiting || standing.state == .soldOut { values["ahead"] = String(standing.status.ahead) }
            if standing.state == .waiting { values["eta"] = Self.eta(standing.status.etaSeconds, texts) }
            values["updated"] = texts.text("updated.now")
            values["progress_hidden"] = "hidden"
            values["nojs"] = checkoutForm(sale, standing: standing, texts: texts)
                + "<p class=\"note\">\(HTMLText.escape(texts.text("nojs.refresh")))</p>"
        } else {
            values["state"] = "starting"
            values["state_title"] = texts.text("state.starting.title")
            values["state_body"] = texts.text("state.starting.body")
            values["progress_hidden"] = "hidden"
            values["facts_hidden"] = "hidden"
            values["nojs"] = sale.powDifficulty > 0
                ? "<noscript><p>\(HTMLText.escape(texts.text("nojs.pow")))</p></noscript>"
                : resources.joinForm.render(["sale_id": sale.id, "user_id": userID, "lang": texts.language,
                                             "explain": texts.text("nojs.explain"), "join": texts.text("nojs.join")])
        }
        let content = resources.wait.render(values)
        return document(texts, title: texts.text("page.title", ["sale": sale.name]), content: content,
                        script: "<script src=\"\(resources.assets.path("wait.js"))\" defer></script>")
    }

    /// For an admitted shopper without JavaScript: the button to the sale's checkout (the built-in
    /// demo form needs the script).
    private func checkoutForm(_ sale: SaleDefinition, standing: Standing, texts: PageTexts) -> String {
        guard standing.state == .admitted, let url = sale.checkoutURL else { return "" }
        return resources.checkoutForm.render(["checkout_url": url, "token": standing.token, "sale_id": sale.id,
                                              "label": texts.text("state.admitted.checkout")])
    }

    /// The page for a sale that does not exist.
    func notFound(saleID: String, texts: PageTexts) -> String {
        message(texts, title: texts.text("notfound.title"), heading: texts.text("notfound.heading"),
                body: texts.text("notfound.body", ["sale": saleID]))
    }

    /// A page with a heading and a paragraph, such as a refused join.
    func message(_ texts: PageTexts, title: String, heading: String, body: String, more: String = "", selfContained: Bool = false, head: String = "") -> String {
        let content = resources.message.render(["heading": heading, "body": body, "more": more])
        return document(texts, title: title, content: content, selfContained: selfContained, head: head)
    }

    /// "High demand, you will be queued shortly": self-contained (its style inline, no script),
    /// so it costs one answer and works where the daemon cannot be reached; it reloads itself
    /// after `retryAfterSeconds`.
    /// - Parameter retryPath: Where "try again" leads; empty: the address the page was asked at.
    func highDemand(_ texts: PageTexts, retryAfterSeconds: Int, retryPath: String = "") -> String {
        let refresh = retryPath.isEmpty ? "\(retryAfterSeconds)" : "\(retryAfterSeconds); url=\(retryPath)"
        let more = "<p><a class=\"button\" href=\"\(HTMLText.escape(retryPath))\">\(HTMLText.escape(texts.text("busy.retry")))</a></p>"
        return message(texts, title: texts.text("busy.title"), heading: texts.text("busy.heading"),
                       body: texts.text("busy.body", ["seconds": String(retryAfterSeconds)]), more: more, selfContained: true,
                       head: "<meta http-equiv=\"refresh\" content=\"\(HTMLText.escape(refresh))\">\n")
    }

    private func document(_ texts: PageTexts, title: String, content: String, script: String = "", selfContained: Bool = false, head: String = "") -> String {
        let style = selfContained
            ? "<style>\n\(resources.assets.text("wait.css"))</style>"
            : "<link rel=\"stylesheet\" href=\"\(resources.assets.path("wait.css"))\">"
        return resources.layout.render(["lang": texts.language, "title": title, "head": head, "style": style, "content": content, "script": script])
    }

    private func saleValues(_ sale: SaleDefinition, texts: PageTexts, seedHash: String?) -> [String: String] {
        [
            "lang": texts.language, "sale_id": sale.id, "heading": texts.text("page.heading", ["sale": sale.name]),
            "intro": texts.text("page.intro"), "worker": resources.assets.path("pow-worker.js"),
            "starts_at": RFC3339.format(sale.startsAt), "fairness": sale.fairness.rawValue, "seed_hash": seedHash ?? "",
            "checkout_url": sale.checkoutURL ?? "", "skus": sale.skus.map(\.sku).joined(separator: ","),
            "limit": String(sale.perUserLimit), "pow": String(sale.powDifficulty),
            "rule_order": texts.text(sale.fairness == .lottery ? "rules.lottery" : "rules.fifo"),
            "rule_limit": texts.text("rules.limit", ["limit": String(sale.perUserLimit)]),
        ]
    }

    private func factValues(_ texts: PageTexts) -> [String: String] {
        [
            "status_heading": texts.text("status.heading"), "progress_label": texts.text("progress.label"), "percent": "0",
            "fact_position": texts.text("fact.position"), "fact_ahead": texts.text("fact.ahead"), "fact_eta": texts.text("fact.eta"),
            "fact_updated": texts.text("fact.updated"), "position": "–", "ahead": "–", "eta": "–", "updated": "–",
            "rules_heading": texts.text("rules.heading"), "rule_refresh": texts.text("rules.refresh"), "rule_tabs": texts.text("rules.tabs"),
            "language_switch": texts.text("language.switch"),
        ]
    }

    private func languageLinks(current: String) -> String {
        resources.languages.codes.map { code in
            let name = HTMLText.escape(resources.languages.texts[code]!.text("language.name"))
            let marker = code == current ? " aria-current=\"true\"" : ""
            return "<a href=\"?lang=\(code)\" hreflang=\"\(code)\" lang=\"\(code)\"\(marker)>\(name)</a>"
        }.joined(separator: " ")
    }

    /// An estimate as a range, as the page's script writes it.
    static func eta(_ seconds: Int?, _ texts: PageTexts) -> String {
        guard let seconds else { return texts.text("eta.unknown") }
        guard seconds >= 60 else { return texts.text("eta.soon") }
        return texts.text("eta.range", ["low": duration(Double(seconds) * 0.8, texts), "high": duration(Double(seconds) * 1.5, texts)])
    }

    /// Seconds in the largest fitting unit, as the page's script writes them.
    static func duration(_ seconds: Double, _ texts: PageTexts) -> String {
        if seconds < 60 { return texts.text("unit.seconds", ["n": String(Int(max(0, seconds.rounded())))]) }
        if seconds < 5_400 { return texts.text("unit.minutes", ["n": String(Int((seconds / 60).rounded()))]) }
        return texts.text("unit.hours", ["n": String((seconds / 360).rounded() / 10)])
    }
}
