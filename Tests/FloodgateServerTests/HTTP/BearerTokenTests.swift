@testable import FloodgateServer
import HTTPTypes
import Hummingbird
import NIOCore
import Testing

@Suite("The bearer token of a request's Authorization header")
struct BearerTokenTests {
    private func request(_ authorization: [String]) -> Request {
        var fields = HTTPFields()
        for value in authorization { fields.append(HTTPField(name: .authorization, value: value)) }
        let head = HTTPRequest(method: .get, scheme: "http", authority: "localhost", path: "/queue/status", headerFields: fields)
        return Request(head: head, body: .init(buffer: ByteBuffer()))
    }

    @Test("the scheme in any case, blanks around the token trimmed", arguments: [
        (["Bearer v1.abc.def"], "v1.abc.def"),
        (["bearer   v1.abc.def  "], "v1.abc.def"),
        (["BEARER x"], "x"),
    ])
    func read(values: [String], expected: String) {
        #expect(RequestAuth.bearer(request(values)) == expected)
    }

    @Test("no token: no header, another scheme, nothing after the scheme, or the header twice", arguments: [
        [], ["Basic YWxpY2U6c2VjcmV0"], ["Bearer "], ["Bearer    "], ["Bearerx"], ["Bearer a", "Bearer b"],
    ])
    func none(values: [String]) {
        #expect(RequestAuth.bearer(request(values)) == nil)
    }
}
