// Catches what no option of a subcommand matches, so `predict --bogus` names '--bogus' instead of
// failing on whichever required option happens to be checked first.
import ArgumentParser

struct UnrecognizedArguments: ParsableArguments {
    @Argument(parsing: .allUnrecognized, help: .hidden)
    var arguments: [String] = []

    func validate() throws { try Self.refuse(arguments) }

    /// Throws naming the first of `arguments`, the words no option matched.
    static func refuse(_ arguments: [String]) throws {
        if let first = arguments.first {
            throw ValidationError("unknown option or argument '\(first)'; see --help for the options")
        }
    }

    /// A required option or argument that is declared optional, so that ArgumentParser reaches
    /// `validate()` (and the unknown-option check above) instead of stopping at the missing value.
    static func required<Value>(_ value: Value?, _ name: String) throws -> Value {
        guard let value else { throw ValidationError("missing \(name); see --help for the options") }
        return value
    }
}
