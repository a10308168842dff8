// A residue's identity in a structure file: residue number plus optional insertion code (`100B`).

public struct ResidueID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var number: Int
    /// Upper-case insertion code, or nil.
    public var insertionCode: Character?

    public init(_ number: Int, _ insertionCode: Character? = nil) {
        self.number = number
        self.insertionCode = insertionCode.map { Character($0.uppercased()) }
    }

    public var description: String { "\(number)\(insertionCode.map { String($0) } ?? "")" }

    public static func < (a: ResidueID, b: ResidueID) -> Bool {
        if a.number != b.number { return a.number < b.number }
        return (a.insertionCode.map { String($0) } ?? "") < (b.insertionCode.map { String($0) } ?? "")
    }
}
