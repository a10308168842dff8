// The one error type for bad input: it names the place (file:line or record), what was wrong,
// and what was expected, e.g. `skempi_v2.csv:1207: mutation KA15A: wild type K, but the sequence has R at 15`.

public struct InputError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Where the problem is: `file:line`, `file: record id`, or a record id alone.
    public var place: String
    /// What was wrong and what was expected, in one sentence.
    public var problem: String

    public init(_ place: String, _ problem: String) {
        self.place = place
        self.problem = problem
    }

    public var description: String { place.isEmpty ? problem : "\(place): \(problem)" }

    /// The same error with an outer place prepended (a file around a record, say).
    public func within(_ outer: String) -> InputError {
        InputError(place.isEmpty ? outer : "\(outer): \(place)", problem)
    }
}
