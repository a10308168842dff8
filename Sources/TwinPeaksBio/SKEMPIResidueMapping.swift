// SKEMPI's `.mapping` files: for each residue of a cleaned structure, its original PDB residue
// number and insertion code (`RES C NNNNI  k`), so `Mutation(s)_PDB` can be resolved.

public struct SKEMPIResidueMapping: Sendable {
    public struct Entry: Hashable, Sendable {
        public var residueName: String
        public var chain: Character
        /// The residue number and insertion code in the original PDB entry.
        public var original: ResidueID
        /// The residue number in the cleaned structure (1…N per chain).
        public var cleanedNumber: Int
    }

    public var name: String
    public var entries: [Entry]
    private var firstCleaned: [Character: [ResidueID: Int]] = [:]
    private var originalOf: [Character: [Int: ResidueID]] = [:]

    public init(name: String, entries: [Entry]) {
        self.name = name
        self.entries = entries
        for entry in entries {
            if firstCleaned[entry.chain, default: [:]][entry.original] == nil {
                firstCleaned[entry.chain, default: [:]][entry.original] = entry.cleanedNumber
            }
            originalOf[entry.chain, default: [:]][entry.cleanedNumber] = entry.original
        }
    }

    public static func read(path: String) throws -> SKEMPIResidueMapping { try parse(TextFile(path: path)) }

    /// Parses the fixed-width format: columns 1–3 residue name, 5 chain, 6–9 residue number,
    /// 10 insertion code, 11– the cleaned number.
    public static func parse(_ file: TextFile) throws -> SKEMPIResidueMapping {
        var entries: [Entry] = []
        try file.forEachLine { number, line in
            if line.isEmpty { return }
            guard line.count >= 11,
                  let original = PDBFormat.integer(line, 5..<9),
                  let cleaned = Int(PDBFormat.text(line, 10..<line.count)) else {
                throw InputError(file.place(number), "malformed mapping line '\(String(decoding: line, as: UTF8.self))'; expected e.g. 'GLU A 100B  17'")
            }
            let code = line[9]
            entries.append(Entry(residueName: PDBFormat.text(line, 0..<3),
                                 chain: Character(Unicode.Scalar(line[4])),
                                 original: ResidueID(original, code == 32 ? nil : Character(Unicode.Scalar(code))),
                                 cleanedNumber: cleaned))
        }
        return SKEMPIResidueMapping(name: file.name, entries: entries)
    }

    /// The cleaned number of the first residue with this original number (the first model's copy).
    public func cleanedNumber(chain: Character, original: ResidueID) -> Int? { firstCleaned[chain]?[original] }

    /// The original residue of a cleaned number.
    public func original(chain: Character, cleanedNumber: Int) -> ResidueID? { originalOf[chain]?[cleanedNumber] }
}
