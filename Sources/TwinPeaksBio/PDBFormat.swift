// PDB-format reader: ATOM/HETATM records of the first model into protein chains, TER ending a
// chain (HETATM records after it are ligands), columns read as bytes for speed.

public enum PDBFormat {
    /// Parses PDB-format text. Errors name `file:line`.
    public static func parse(_ file: TextFile) throws -> Structure {
        var builder = StructureBuilder()
        var modelsSeen = 0
        var done = false
        // Columns 17–27 (altloc, residue name, chain, number, code) of the last atom processed.
        var previousKey = [UInt8](repeating: 0, count: 11)
        var lastChain = ""
        try file.forEachLine { number, line in
            if line.count < 3 { return }
            if done {  // only look for a later MODEL, to say that it was ignored
                if Self.hasPrefix(line, Self.model) { modelsSeen += 1 }
                return
            }
            let isAtom = Self.hasPrefix(line, Self.atom), isHetatm = !isAtom && Self.hasPrefix(line, Self.hetatm)
            if isAtom || isHetatm {
                guard line.count >= 54 else {
                    throw InputError(file.place(number), "truncated \(isAtom ? "ATOM" : "HETATM") record: \(line.count) characters; expected at least 54 (through the z coordinate)")
                }
                // Atoms of the residue just seen (same altloc, name, chain, number, code) add nothing.
                var same = true
                for offset in 0..<11 where line[16 + offset] != previousKey[offset] { same = false; break }
                if same { return }
                let chain = Self.text(line, 21..<22)
                guard let residueNumber = Self.integer(line, 22..<26) else {
                    throw InputError(file.place(number), "residue number '\(Self.text(line, 22..<26))' is not an integer (columns 23–26)")
                }
                let code = line[26]
                let atom = AtomRecord(
                    isHetero: isHetatm,
                    serial: Self.integer(line, 6..<11),
                    altLoc: line[16] == 32 ? 0 : line[16],
                    residueName: Self.text(line, 17..<20),
                    chain: chain,
                    residue: ResidueID(residueNumber, code == 32 ? nil : Character(Unicode.Scalar(code))),
                    inPolymer: nil)
                try builder.add(atom, line: number, place: { file.place(number) })
                for offset in 0..<11 { previousKey[offset] = line[16 + offset] }
                lastChain = chain
            } else if Self.hasPrefix(line, Self.ter) {
                let chain = line.count >= 22 ? Self.text(line, 21..<22) : ""
                builder.terminate(chain: chain.isEmpty ? lastChain : chain)
                previousKey[0] = 0
            } else if Self.hasPrefix(line, Self.model) {
                modelsSeen += 1
                builder.hasModels = true
                if modelsSeen > 1 { done = true }
            } else if Self.hasPrefix(line, Self.endmdl) || (Self.hasPrefix(line, Self.end) && (line.count == 3 || line[3] == 32)) {
                done = true
            }
        }
        var structure = builder.build(name: file.name, fileName: file.name)
        if modelsSeen > 1 { structure.notes.append("\(file.name): kept model 1; later models ignored") }
        return structure
    }

    private static let atom = Array("ATOM  ".utf8)
    private static let hetatm = Array("HETATM".utf8)
    private static let ter = Array("TER".utf8)
    private static let model = Array("MODEL ".utf8)
    private static let endmdl = Array("ENDMDL".utf8)
    private static let end = Array("END".utf8)

    static func hasPrefix(_ line: UnsafeBufferPointer<UInt8>, _ prefix: [UInt8]) -> Bool {
        guard line.count >= prefix.count else { return false }
        for index in 0..<prefix.count where line[index] != prefix[index] { return false }
        return true
    }

    /// The trimmed text of columns `range` (0-based), or "" past the end of the line.
    static func text(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        var lower = range.lowerBound, upper = min(range.upperBound, line.count)
        while lower < upper && line[lower] == 32 { lower += 1 }
        while upper > lower && line[upper - 1] == 32 { upper -= 1 }
        guard lower < upper else { return "" }
        return String(decoding: UnsafeBufferPointer(rebasing: line[lower..<upper]), as: UTF8.self)
    }

    /// The integer in columns `range` (spaces around it allowed), or nil.
    static func integer(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        let lower = range.lowerBound, upper = min(range.upperBound, line.count)
        guard lower < upper else { return nil }
        var value = 0, negative = false, digits = 0, index = lower
        while index < upper && line[index] == 32 { index += 1 }
        if index < upper && line[index] == UInt8(ascii: "-") { negative = true; index += 1 }
        while index < upper, line[index] >= 48, line[index] <= 57 {
            value = value * 10 + Int(line[index] - 48)
            digits += 1
            index += 1
        }
        while index < upper && line[index] == 32 { index += 1 }
        guard digits > 0, index == upper else { return nil }
        return negative ? -value : value
    }
}
