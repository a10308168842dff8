// Reader for the SKEMPI v2 table (`skempi_v2.csv`, `;`-separated, plain or .gz): every row parsed,
// each parsed affinity checked against SKEMPI's own `*_parsed` column; errors name file:line.

public struct SKEMPITable: Sendable {
    /// The rows that parsed, in file order.
    public var entries: [SKEMPIEntry]
    /// The rows that did not, each with its reason and an error naming `skempi_v2.csv:line`.
    public var rejected: [RejectedRecord]

    /// Every data row of the file, used or rejected.
    public var rowCount: Int { entries.count + rejected.count }

    /// The columns the reader uses; all must be in the header.
    static let requiredColumns = ["#Pdb", "Mutation(s)_PDB", "Mutation(s)_cleaned", "Affinity_mut (M)", "Affinity_mut_parsed",
                                  "Affinity_wt (M)", "Affinity_wt_parsed", "Reference", "Protein 1", "Protein 2",
                                  "Temperature", "Method"]

    /// Reads the table. `strict`: the first bad row is thrown; otherwise bad rows are collected in
    /// `rejected`. A missing file or a wrong header is always thrown.
    public static func read(path: String, strict: Bool = true) throws -> SKEMPITable {
        try parse(TextFile(path: path), strict: strict)
    }

    public static func parse(_ file: TextFile, strict: Bool = true) throws -> SKEMPITable {
        var table = SKEMPITable(entries: [], rejected: [])
        var columns: [String: Int] = [:]
        var width = 0
        try file.forEachLine { number, bytes in
            let fields = String(decoding: bytes, as: UTF8.self).split(separator: ";", omittingEmptySubsequences: false).map(String.init)
            if number == 1 {
                width = fields.count
                for (index, name) in fields.enumerated() { columns[name] = index }
                let missing = requiredColumns.filter { columns[$0] == nil }
                guard missing.isEmpty else {
                    throw InputError(file.place(1), "header lacks \(missing.joined(separator: ", ")); expected the SKEMPI v2 table")
                }
                return
            }
            if bytes.isEmpty { return }
            do {
                guard fields.count == width else {
                    throw RejectedRecord(reason: "wrong number of fields",
                                         error: InputError("", "\(fields.count) fields; expected \(width) separated by ';'"))
                }
                table.entries.append(try entry(fields, columns: columns, line: number))
            } catch var rejected as RejectedRecord {
                rejected.error = rejected.error.within(file.place(number))
                if strict { throw rejected.error }
                table.rejected.append(rejected)
            }
        }
        guard width > 0 else { throw InputError(file.name, "empty file; expected the SKEMPI v2 table") }
        return table
    }

    private static func entry(_ fields: [String], columns: [String: Int], line: Int) throws -> SKEMPIEntry {
        func field(_ name: String) -> String { fields[columns[name]!] }
        func labelled<T>(_ column: String, _ reason: String, _ parse: () throws -> T) throws -> T {
            do { return try parse() } catch let error as InputError {
                throw RejectedRecord(reason: reason, error: InputError("", "\(column): \(error.problem)"))
            }
        }
        let complexID = field("#Pdb")
        let (pdbID, partner1, partner2) = try labelled("#Pdb", "malformed complex id") { try SKEMPIEntry.partners(ofComplex: complexID) }
        let mutationsPDB = try mutationSet(field("Mutation(s)_PDB"), column: "Mutation(s)_PDB")
        let mutationsCleaned = try mutationSet(field("Mutation(s)_cleaned"), column: "Mutation(s)_cleaned")
        guard mutationsPDB.count == mutationsCleaned.count else {
            throw RejectedRecord(reason: "mutation columns disagree", error: InputError(
                "", "Mutation(s)_PDB has \(mutationsPDB.count) mutations but Mutation(s)_cleaned has \(mutationsCleaned.count)"))
        }
        for mutation in mutationsPDB.mutations + mutationsCleaned.mutations
        where !partner1.contains(mutation.chain) && !partner2.contains(mutation.chain) {
            throw RejectedRecord(reason: "mutation outside the partners", error: InputError(
                "", "mutation \(mutation) is on chain \(mutation.chain), which is in neither partner of \(complexID)"))
        }
        let mutant = try checkedAffinity(field("Affinity_mut (M)"), parsed: field("Affinity_mut_parsed"), column: "Affinity_mut (M)")
        let wildType = try checkedAffinity(field("Affinity_wt (M)"), parsed: field("Affinity_wt_parsed"), column: "Affinity_wt (M)")
        let temperature = try labelled("Temperature", "unparsable temperature") { try SKEMPIEntry.temperature(parsing: field("Temperature")) }
        return SKEMPIEntry(line: line, complexID: complexID, pdbID: pdbID, partner1Chains: partner1, partner2Chains: partner2,
                           mutationsPDB: mutationsPDB, mutationsCleaned: mutationsCleaned, affinityMutant: mutant,
                           affinityWildType: wildType, temperatureKelvin: temperature.kelvin,
                           temperatureAssumed: temperature.assumed, reference: field("Reference"),
                           protein1: field("Protein 1"), protein2: field("Protein 2"), method: field("Method"))
    }

    /// Parses an affinity cell and checks it against SKEMPI's parsed column (blank for n.b and unf).
    private static func checkedAffinity(_ text: String, parsed: String, column: String) throws -> SKEMPIAffinity {
        let affinity: SKEMPIAffinity
        do { affinity = try SKEMPIAffinity(parsing: text) } catch let error as InputError {
            throw RejectedRecord(reason: "unparsable affinity", error: InputError("", "\(column): \(error.problem)"))
        }
        let parsedValue = Double(parsed.trimmingCharactersInWhitespace())
        let agrees: Bool
        switch affinity {
        case .constant(let value): agrees = parsedValue.map { abs($0 / value.value - 1) < 1e-9 } ?? false
        case .nonBinding, .unfolded: agrees = parsed.trimmingCharactersInWhitespace().isEmpty
        }
        guard agrees else {
            throw RejectedRecord(reason: "affinity disagrees with its parsed column",
                                 error: InputError("", "\(column) '\(text)' disagrees with its parsed column '\(parsed)'"))
        }
        return affinity
    }

    /// A mutation list; the same mutation written twice (SKEMPI v2 has two such rows, both 2C5D
    /// symmetric quadruple mutants whose fourth mutation repeats the second) is its own reason.
    private static func mutationSet(_ text: String, column: String) throws -> MutationSet {
        let parts = text.split(separator: ",").map { $0.trimmingCharactersInWhitespace().uppercased() }
        if let repeated = parts.first(where: { part in parts.filter { $0 == part }.count > 1 }) {
            throw RejectedRecord(reason: "a mutation written twice", error: InputError(
                "", "\(column): '\(text)' lists \(repeated) twice, so the mutant is unknown"))
        }
        do { return try MutationSet(parsing: text) } catch let error as InputError {
            throw RejectedRecord(reason: "malformed mutation", error: InputError("", "\(column): \(error.problem)"))
        }
    }
}
