import FloodgateCore
@testable import FloodgateServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Testing

@Suite("Waiting-room page: templates, texts, assets")
struct PageRenderingTests {
    @Test("{{name}} is filled HTML-escaped, {{{name}}} as it is, a missing name with nothing")
    func templateFilling() {
        let template = PageTemplate(#"<p title="{{title}}">{{body}}</p>{{{raw}}}{{missing}}|"#)
        let html = template.render(["title": #"a "quoted" <b>"#, "body": "Tom & Jerry's <script>", "raw": "<i>kept</i>"])
        #expect(html == #"<p title="a &quot;quoted&quot; &lt;b&gt;">Tom &amp; Jerry&#39;s &lt;script&gt;</p><i>kept</i>|"#)
    }

    @Test("every language file has the keys of English, and the page renders without a placeholder left")
    func languagesComplete() throws {
        let resources = try PageResources.loadNow()
        let english = Set(resources.languages.texts["en"]!.values.keys)
        #expect(resources.languages.codes == ["de", "en"])
        for (code, texts) in resources.languages.texts {
            #expect(Set(texts.values.keys) == english, "\(code) differs from en")
        }
        let page = WaitPage(resources: resources)
        var sale = SaleDefinition(id: "drop-1", name: "Drop <1>", skus: [.init(sku: "A", stock: 1)], startsAt: Date())
        sale.checkoutURL = "https://shop.example/checkout?a=1&b=2"
        for texts in resources.languages.texts.values {
            let html = page.page(sale: sale, texts: texts, seedHash: nil, userID: "u1", standing: nil)
            #expect(!html.contains("{{"))
            #expect(html.contains("Drop &lt;1&gt;"))
            #expect(!html.contains("Drop <1>"))
            #expect(html.contains(#"data-checkout-url="https://shop.example/checkout?a=1&amp;b=2""#))
            #expect(html.contains(#"lang="\#(texts.language)""#))
        }
    }

    @Test("?lang= first, then Accept-Language by its weights, then English")
    func languageChoice() throws {
        let languages = try PageResources.loadNow().languages
        #expect(languages.choose(query: nil, acceptLanguage: "de-DE,de;q=0.9,en;q=0.8").language == "de")
        #expect(languages.choose(query: nil, acceptLanguage: "fr;q=1, en;q=0.5, de;q=0.7").language == "de")
        #expect(languages.choose(query: nil, acceptLanguage: "de;q=0, fr").language == "en")
        #expect(languages.choose(query: "en", acceptLanguage: "de").language == "en")
        #expect(languages.choose(query: "xx", acceptLanguage: nil).language == "en")
    }

    @Test("the texts reach the script as JSON that cannot close its <script> element")
    func textsJSONSafe() {
        let texts = PageTexts(language: "en", file: "a = </script><b>\nb = \"q\"\n# comment = no\n")
        #expect(texts.json == #"{"a":"\u003c/script>\u003cb>","b":"\"q\""}"#)
    }

    @Test("assets carry their hash in the name, are cached for a year, and answer 304 to their ETag")
    func assetCaching() throws {
        let assets = try PageResources.loadNow().assets
        let path = assets.path("wait.css")
        #expect(path.hasPrefix("/wait/assets/wait.") && path.hasSuffix(".css") && path.count == "/wait/assets/wait.".count + 12 + 4)
        let name = String(path.dropFirst(PageAssets.prefix.count))
        let fresh = try #require(assets.response(name, ifNoneMatch: nil))
        #expect(fresh.status == .ok)
        #expect(fresh.headers[.cacheControl] == "public, max-age=31536000, immutable")
        let etag = try #require(fresh.headers[.eTag])
        #expect(assets.response(name, ifNoneMatch: "\"other\", \(etag)")?.status == .notModified)
        #expect(assets.response("wait.css", ifNoneMatch: nil) == nil)
    }

    @Test("the page may post forms to the sale's checkout origin, and nowhere else but here")
    func securityPolicy() {
        #expect(WaitPageRoutes.securityPolicy(checkoutURL: "https://shop.example:8443/checkout?x=1").contains("form-action 'self' https://shop.example:8443;"))
        #expect(WaitPageRoutes.securityPolicy(checkoutURL: nil).contains("form-action 'self';"))
    }

    @Test("a checkout_url must be http(s), bounded, without quotes or spaces")
    func checkoutURLRule() throws {
        let good = #"{"id":"s","skus":[{"sku":"A","stock":1}],"checkout_url":"https://shop.example/checkout"}"#
        #expect(try SaleDefinition.parse(json: Data(good.utf8), now: Date()).checkoutURL == "https://shop.example/checkout")
        for bad in [#""javascript:alert(1)""#, #""https://a b""#, #""https://x\"y""#, "12"] {
            let json = #"{"id":"s","skus":[{"sku":"A","stock":1}],"checkout_url":\#(bad)}"#
            #expect(throws: SaleDefinitionError.self) { try SaleDefinition.parse(json: Data(json.utf8), now: Date()) }
        }
    }

    @Test("under pressure, status polls are asked to come back 4 times later, within 10 to 60 s")
    func pollStretch() {
        let limits = PriorityLimits(capacity: 4)
        #expect(limits.stretchedPollMs(1_000) == 10_000)
        #expect(limits.stretchedPollMs(5_000) == 20_000)
        #expect(limits.stretchedPollMs(30_000) == 60_000)
        var state = PriorityQueueState<Int>(limits: limits)
        let now = ContinuousClock.now
        #expect(!state.isUnderPressure(now: now))
        for waiter in 0..<2 { #expect(state.arrive(.register, waiter: waiter, now: now) == .admitted) }
        #expect(state.arrive(.register, waiter: 9, now: now) == .queued)
        #expect(state.isUnderPressure(now: now))
    }
}
