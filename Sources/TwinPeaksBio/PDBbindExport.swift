// Reader for the PDBbind-CN export (`PDBbind_v2020_PP_pdbbindcn_export.csv`, comma-separated with
// quoted fields): one PDBbindEntry per row; unparsable rows are thrown or collected (lenient).

public struct PDBbindExport: Sendable {
    public var entries: [PDBbindEntry]
    public var rejected: [RejectedRecord]

    public var rowCount: Int { entries.count + rejected.count }

    static let requiredColumns = ["PDB code", "Affinity Data", "UniProt AC", "Protein Name", "Ligand Name"]

    /// Reads the export. `strict`: the first bad row is thrown; otherwise bad rows go to `rejected`.
    public static func read(path: String, strict: Bool = true) throws -> PDBbindExport {
        try parse(TextFile(path: path), strict: strict)
    }

    public static func parse(_ file: TextFile, strict: Bool = true) throws -> PDBbindExport {
        var export = PDBbindExport(entries: [], rejected: [])
        var columns: [String: Int] = [:]
        var seen: Set<String> = []
        try file.forEachLine { number, bytes in
            let text = String(decoding: bytes, as: UTF8.self)
            if number == 1 {
                for (index, name) in try fields(of: text, place: file.place(1)).enumerated() { columns[name] = index }
                let missing = requiredColumns.filter { columns[$0] == nil }
                guard missing.isEmpty else {
                    throw InputError(file.place(1), "header lacks \(missing.joined(separator: ", ")); expected the PDBbind-CN export")
                }
                return
            }
            if text.isEmpty { return }
            do {
                let values = try fields(of: text, place: "")
                guard values.count >= columns.count else {
                    throw RejectedRecord(reason: "wrong number of fields",
                                         error: InputError("", "\(values.count) fields; expected \(columns.count)"))
                }
                func field(_ name: String) -> String { values[columns[name]!].trimmingCharactersInWhitespace() }
                let pdbID = field("PDB code").lowercased()
                guard pdbID.count == 4, pdbID.allSatisfy({ $0.isLetter || $0.isNumber }) else {
                    throw RejectedRecord(reason: "malformed PDB id", error: InputError("", "PDB code '\(field("PDB code"))' is not a 4-character PDB id"))
                }
                guard seen.insert(pdbID).inserted else {
                    throw RejectedRecord(reason: "repeated PDB id", error: InputError("", "PDB code \(pdbID) appears twice"))
                }
                let affinity: PDBbindAffinity
                do { affinity = try PDBbindAffinity(parsing: field("Affinity Data")) } catch let error as InputError {
                    throw RejectedRecord(reason: "unparsable affinity", error: InputError("", "Affinity Data: \(error.problem)"))
                }
                export.entries.append(PDBbindEntry(line: number, pdbID: pdbID, affinityText: field("Affinity Data"),
                                                   affinity: affinity, uniprot: field("UniProt AC"),
                                                   proteinName: field("Protein Name"), ligandName: field("Ligand Name")))
            } catch var rejected as RejectedRecord {
                rejected.error = rejected.error.within(file.place(number))
                if strict { throw rejected.error }
                export.rejected.append(rejected)
            } catch let error as InputError {
                if strict { throw error.within(file.place(number)) }
                export.rejected.append(RejectedRecord(reason: "malformed CSV line", error: error.within(file.place(number))))
            }
        }
        guard !columns.isEmpty else { throw InputError(file.name, "empty file; expected the PDBbind-CN export") }
        return export
    }

    /// Splits one CSV line; `"…"` quotes a field and `""` inside it is a quote.
    static func fields(of line: String, place: String) throws -> [String] {
        var result: [String] = []
        var current = ""
        var quoted = false
        var characters = line.makeIterator()
        var atFieldStart = true
        while let character = characters.next() {
            if quoted {
                if character == "\"" {
                    // A doubled quote is a literal quote; a single one ends the quoted part.
                    var lookahead = characters
                    if lookahead.next() == "\"" { current.append("\""); characters = lookahead } else { quoted = false }
                } else {
                    current.append(character)
                }
            } else if character == "\"" && atFieldStart {
                quoted = true
                atFieldStart = false
            } else if character == "," {
                result.append(current)
                current = ""
                atFieldStart = true
            } else {
                current.append(character)
                atFieldStart = false
            }
        }
        guard !quoted else { throw InputError(place, "unterminated quoted field") }
        result.append(current)
        return result
    }
}
