import ArgumentParser
import Foundation

/// A failure reported to the operator as one line on standard error, with exit status 1.
struct CommandLineFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

extension CommandLineFailure: LocalizedError {
    var errorDescription: String? { message }
}
