import FloodgateCore
import FloodgateEngine
import Foundation
import Logging

/// Sale definition files given with `--sale`: created at startup unless the sale exists.
/// They are JSON in which lines starting with `//` are comments.
enum SaleFiles {
    /// Reads, validates and creates each sale.
    /// - Throws: ``DaemonError`` naming the file and every problem in it.
    static func create(_ paths: [String], engine: SaleEngine, logger: Logger) async throws {
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw DaemonError("cannot read the sale file \(path)")
            }
            let json = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.drop { $0 == " " || $0 == "\t" }.hasPrefix("//") ? "" : String($0) }
                .joined(separator: "\n")
            let definition: SaleDefinition
            do {
                definition = try SaleDefinition.parse(json: Data(json.utf8), now: Date())
            } catch {
                throw DaemonError("\(path): \(error.description)")
            }
            do {
                let state = try await engine.create(definition)
                try await engine.audit(saleID: definition.id, actor: "sale-file:\(path)", action: "create", detail: definition.name, result: "ok")
                logger.info("sale created", metadata: ["sale": "\(definition.id)", "state": "\(state.rawValue)", "file": "\(path)"])
            } catch SaleEngineError.saleExists {
                logger.info("sale already exists; keeping it", metadata: ["sale": "\(definition.id)", "file": "\(path)"])
            }
        }
    }
}
