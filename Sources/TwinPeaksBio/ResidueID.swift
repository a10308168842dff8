// A residue's identity in a structure file: residue number plus optional insertion code (`100B`).

public struct ResidueID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var number: Int
    /// Upper-case insertion code, or nil.
    public var insertionCode: Character?

    public init(_ number: Int, _ insertionCode: Character? = nil) {
        self.number = number
        self.insertionCode = insertionCode.map(Self.upperCased)
    }

    /// The upper-case form of an insertion code; a character whose upper case is more than one
    /// character (`ß` → `SS`, from a Latin-1 byte in a damaged file) stays as it is.
    public static func upperCased(_ code: Character) -> Character {
        let upper = code.uppercased()
        return upper.count == 1 ? Character(upper) : code
    }

    public var description: String { "\(number)\(insertionCode.map { String($0) } ?? "")" }

    public static func < (a: ResidueID, b: ResidueID) -> Bool {
        if a.number != b.number { return a.number < b.number }
        return (a.insertionCode.map { String($0) } ?? "") < (b.insertionCode.map { String($0) } ?? "")
    }
}
