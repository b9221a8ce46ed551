import FloodgateTesting
import Foundation
import Testing

@Suite("Waiting-room page over real HTTP")
struct WaitPageHTTPTests {
    /// The page and every file it loads: HTML, under 50 KB in all, assets cached for a year.
    @Test("GET /wait/{sale} is HTML in the asked language; with its assets under 50 KB; assets immutable with ETag and 304")
    func pageAndAssets() async throws {
        try await DaemonFixture.with(sale: DaemonFixture.saleJSON(extra: #","name":"Drop <One>""#)) { client, _, _ in
            let page = try await HTTPProbe.request("GET", client.baseURL + "/wait/drop-1", headers: ["Accept-Language": "de-DE,de;q=0.9"])
            #expect(page.status == 200)
            #expect(page.contentType == "text/html; charset=utf-8")
            #expect(page.headers["cache-control"] == "no-store")
            #expect(page.headers["content-security-policy"]?.contains("script-src 'self';") == true)
            #expect(page.headers["content-security-policy"]?.contains("frame-ancestors 'none'") == true)
            #expect(page.text.contains(#"<html lang="de">"#))
            #expect(page.text.contains("Drop &lt;One&gt;"))
            #expect(page.text.contains(#"<form method="post" action="/wait/drop-1""#))
            let english = try await HTTPProbe.request("GET", client.baseURL + "/wait/drop-1?lang=en", headers: ["Accept-Language": "de"])
            #expect(english.text.contains(#"<html lang="en">"#))
            let assets = Self.assetPaths(page.text)
            #expect(assets.count == 3)  // style, script, worker
            var total = page.body.count
            for path in assets {
                let asset = try await HTTPProbe.request("GET", client.baseURL + path)
                #expect(asset.status == 200)
                #expect(asset.headers["cache-control"] == "public, max-age=31536000, immutable")
                let etag = try #require(asset.headers["etag"])
                let again = try await HTTPProbe.request("GET", client.baseURL + path, headers: ["If-None-Match": etag])
                #expect(again.status == 304)
                #expect(again.body.isEmpty)
                total += asset.body.count
            }
            #expect(total < 50_000)
        }
    }

    @Test("an unknown sale is a 404 page in HTML")
    func unknownSale() async throws {
        try await DaemonFixture.with { client, _, _ in
            let page = try await HTTPProbe.request("GET", client.baseURL + "/wait/nope")
            #expect(page.status == 404)
            #expect(page.contentType == "text/html; charset=utf-8")
            #expect(page.text.contains("nope"))
            let asset = try await HTTPProbe.request("GET", client.baseURL + "/wait/assets/nope.css")
            #expect(asset.status == 404)
        }
    }

    /// Without JavaScript: the form registers, 303 to the page with the token, which shows the
    /// position and reloads every 20 s; the same user again keeps the same place.
    @Test("the no-JavaScript form joins the queue, and the page it leads to shows the position with Refresh: 20")
    func joinWithoutJavaScript() async throws {
        try await DaemonFixture.with(sale: DaemonFixture.saleJSON(rate: 0.01)) { client, _, _ in
            _ = try await client.token(sale: "drop-1", user: "first")
            let form = Data("user_id=nojs-user&lang=en".utf8)
            let joined = try await HTTPProbe.request("POST", client.baseURL + "/wait/drop-1", body: form,
                                                     headers: ["Content-Type": "application/x-www-form-urlencoded"])
            #expect(joined.status == 303)
            let location = try #require(joined.headers["location"])
            #expect(location.hasPrefix("/wait/drop-1?token="))
            let page = try await HTTPProbe.request("GET", client.baseURL + location)
            #expect(page.status == 200)
            #expect(page.headers["refresh"] == "20")
            #expect(page.text.contains(#"<dd id="fg-position">2</dd>"#))
            #expect(page.text.contains(#"data-state="waiting""#))
            let again = try await HTTPProbe.request("POST", client.baseURL + "/wait/drop-1", body: form,
                                                    headers: ["Content-Type": "application/x-www-form-urlencoded"])
            let second = try await HTTPProbe.request("GET", client.baseURL + (again.headers["location"] ?? ""))
            #expect(second.text.contains(#"<dd id="fg-position">2</dd>"#))
            let counters = try await client.saleStatus("drop-1")["counters"] as? [String: Any]
            #expect(counters?["registered"] as? Int == 2)
        }
    }

    @Test("without JavaScript an admitted shopper gets the button to the sale's checkout_url, token included")
    func admittedWithoutJavaScript() async throws {
        let sale = DaemonFixture.saleJSON(extra: #","checkout_url":"https://shop.example/checkout""#)
        try await DaemonFixture.with(sale: sale) { client, _, _ in
            let joined = try await HTTPProbe.request("POST", client.baseURL + "/wait/drop-1", body: Data("user_id=admitted".utf8),
                                                     headers: ["Content-Type": "application/x-www-form-urlencoded"])
            let location = try #require(joined.headers["location"])
            let token = String(location.split(separator: "=")[1].split(separator: "&")[0])
            try await client.waitUntilAdmitted(token)
            let page = try await HTTPProbe.request("GET", client.baseURL + location)
            #expect(page.text.contains(#"data-state="admitted""#))
            #expect(page.text.contains(#"<form method="post" action="https://shop.example/checkout" class="checkout">"#))
            #expect(page.text.contains(#"<input type="hidden" name="queue_token" value="\#(token)">"#))
        }
    }

    @Test("a sale with proof of work refuses the no-JavaScript form with 403 and a page, changing nothing")
    func formRefusedWithProofOfWork() async throws {
        try await DaemonFixture.with(sale: DaemonFixture.saleJSON(extra: #","pow_difficulty":8"#)) { client, _, _ in
            let page = try await HTTPProbe.request("GET", client.baseURL + "/wait/drop-1")
            #expect(!page.text.contains("<form"))
            let before = try await DaemonFixture.footprint(client)
            let refused = try await HTTPProbe.request("POST", client.baseURL + "/wait/drop-1", body: Data("user_id=x".utf8),
                                                      headers: ["Content-Type": "application/x-www-form-urlencoded"])
            #expect(refused.status == 403)
            #expect(refused.contentType == "text/html; charset=utf-8")
            #expect(try await DaemonFixture.footprint(client) == before)
        }
    }

    @Test("a token that is not valid for the sale is ignored: the plain page, no Refresh")
    func foreignToken() async throws {
        try await DaemonFixture.with { client, _, _ in
            let page = try await HTTPProbe.request("GET", client.baseURL + "/wait/drop-1?token=forged")
            #expect(page.status == 200)
            #expect(page.headers["refresh"] == nil)
            #expect(page.text.contains(#"data-token="""#))
        }
    }

    @Test("floodgate page export writes self-contained pages that lead back to the waiting room")
    func export() async throws {
        let directory = makeScratchDirectory("export")
        let run = try await FloodgateBinary.run(["page", "export", "--sale", "drop-42", "--out", directory])
        #expect(run.code == 0, "\(run.stderr)")
        let english = try String(contentsOfFile: directory + "/index.html", encoding: .utf8)
        #expect(english.contains("<style>"))
        #expect(!english.contains("<script"))
        #expect(!english.contains("/wait/assets/"))
        #expect(english.contains(#"content="30; url=/wait/drop-42?lang=en""#))
        #expect(FileManager.default.fileExists(atPath: directory + "/index.de.html"))
        let bad = try await FloodgateBinary.run(["page", "export", "--sale", "no/pe", "--out", directory])
        #expect(bad.code != 0)
    }

    static func assetPaths(_ html: String) -> [String] {
        html.components(separatedBy: "/wait/assets/").dropFirst().map { "/wait/assets/" + $0.prefix { $0 != "\"" } }
    }
}
