// A source record that could not be used: a short reason to count it under, and the error that
// names its file and line (or record). Readers in lenient mode collect these instead of throwing.

public struct RejectedRecord: Error, Equatable, Sendable, CustomStringConvertible {
    /// A short category for the summary (`repeated mutation`, `unparsable affinity`, …).
    public var reason: String
    /// The full error with its place.
    public var error: InputError

    public init(reason: String, error: InputError) {
        self.reason = reason
        self.error = error
    }

    public var description: String { "\(error) [\(reason)]" }
}
