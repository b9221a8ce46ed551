import FloodgateCore
import Testing

@Suite("The JSON parser")
struct JSONParserTests {
    @Test("parses every kind of value", arguments: [
        (#"{"a":1,"b":-2.5,"c":"x\"y\u00e9\ud83d\ude00","d":[true,false,null],"e":{}}"#,
         JSONValue.object(["a": .integer(1), "b": .number(-2.5), "c": .string("x\"yé😀"), "d": .array([.bool(true), .bool(false), .null]), "e": .object([:])])),
        (" [ 1e3 , 0 , -0.0 , 9223372036854775807 , 9223372036854775808 ] ",
         .array([.number(1000), .integer(0), .number(-0.0), .integer(Int64.max), .number(9223372036854775808)])),
        (#""\n\t\\\/""#, .string("\n\t\\/")),
    ])
    func parses(text: String, expected: JSONValue) throws {
        #expect(try JSONParser.parse(Array(text.utf8)) == expected)
    }

    @Test("refuses what is not JSON", arguments: [
        "", "{", #"{"a":}"#, #"{"a":1,}"#, "[1 2]", "01", "1.", "-", "+1", "tru", #""\x""#, "\"a\nb\"", #"{"a":1} x"#,
        #""\ud800""#, String(repeating: "[", count: 100) + String(repeating: "]", count: 100), "1e999",
    ])
    func refuses(text: String) {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(Array(text.utf8)) }
    }
}
