// What `prepare` kept per source and dropped by reason, with every rejected record named by its
// place, and notes (e.g. structure copies set aside). Printed by the CLI, stored in provenance.

public struct PrepareSummary: Sendable, Equatable, CustomStringConvertible {
    public struct Line: Sendable, Equatable {
        public var label: String
        public var count: Int
    }

    /// Counts of what was read and kept, in reading order.
    public var kept: [Line] = []
    /// Counts of what was dropped, one line per source and reason.
    public var dropped: [Line] = []
    /// Every record dropped because it was invalid, with its file:line.
    public var rejected: [RejectedRecord] = []
    /// Other things a reader of the dataset should know.
    public var notes: [String] = []

    public init() {}

    mutating func keep(_ label: String, _ count: Int) { kept.append(Line(label: label, count: count)) }

    mutating func drop(_ label: String, _ count: Int) { if count > 0 { dropped.append(Line(label: label, count: count)) } }

    /// The count of a kept line by label, or nil.
    public func count(_ label: String) -> Int? { kept.first { $0.label == label }?.count }

    /// The count of a dropped line by label, or nil.
    public func droppedCount(_ label: String) -> Int? { dropped.first { $0.label == label }?.count }

    public var description: String {
        func grouped(_ n: Int) -> String {
            let digits = Array(String(n))
            var text = ""
            for (offset, digit) in digits.enumerated() {
                if offset > 0 && (digits.count - offset) % 3 == 0 { text.append(",") }
                text.append(digit)
            }
            return text
        }
        let width = (kept + dropped).map { grouped($0.count).count }.max() ?? 1
        func line(_ entry: Line) -> String {
            let number = grouped(entry.count)
            return "  " + String(repeating: " ", count: width - number.count) + number + "  " + entry.label + "\n"
        }
        var text = "kept:\n" + kept.map(line).joined()
        text += "dropped:\n" + (dropped.isEmpty ? "  none\n" : dropped.map(line).joined())
        if !rejected.isEmpty { text += "rejected records:\n" + rejected.map { "  \($0.error)\n" }.joined() }
        if !notes.isEmpty { text += "notes:\n" + notes.map { "  \($0)\n" }.joined() }
        return text
    }
}
