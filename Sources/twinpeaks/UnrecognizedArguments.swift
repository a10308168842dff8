// Catches what no option of a subcommand matches, so `predict --bogus` names '--bogus' instead of
// failing on whichever required option happens to be checked first.
import ArgumentParser

struct UnrecognizedArguments: ParsableArguments {
    @Argument(parsing: .allUnrecognized, help: .hidden)
    var arguments: [String] = []

    func validate() throws {
        if let first = arguments.first {
            throw ValidationError("unknown option or argument '\(first)'; see --help for the options")
        }
    }
}
