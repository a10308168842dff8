// `mutations.tsv`: the columns, one row per MutationRecord, and reading the rows back.

public enum MutationTable {
    public static let columns = [
        "record_id", "complex_id", "source_line", "mutations_pdb", "mutations_seq", "n_mutations",
        "dg_wt_qualifier", "dg_wt_kcal_per_mol", "dg_mut_qualifier", "dg_mut_kcal_per_mol",
        "ddg_qualifier", "ddg_kcal_per_mol", "temperature_k", "status", "wt_status", "reference", "method",
        "partner1_mutant_md5", "partner2_mutant_md5",
    ]

    public static var header: String { TSVFields.row(columns) }

    public static func row(_ record: MutationRecord) -> String {
        let wt = TSVFields.qualified(record.deltaGWildType)
        let mutant = TSVFields.qualified(record.deltaGMutant)
        let ddg = TSVFields.qualified(record.deltaDeltaG)
        return TSVFields.row([
            record.recordID, record.complexID, String(record.sourceLine), record.mutationsPDB, record.mutations.description,
            String(record.mutations.count), wt.0, wt.1, mutant.0, mutant.1, ddg.0, ddg.1,
            TSVFields.fixed(record.temperatureKelvin, 2), record.status.rawValue, record.wildTypeStatus.rawValue,
            record.reference, record.method, record.partner1MutantKeys.joined(separator: ":"),
            record.partner2MutantKeys.joined(separator: ":"),
        ])
    }

    /// Reads `mutations.tsv`; errors name the file and line.
    public static func read(path: String) throws -> [MutationRecord] {
        let file = try TextFile(path: path)
        return try TSVFields.rows(of: file, columns: columns).map { line, cells in
            let place = file.place(line)
            func cell(_ name: String) -> String { cells[name]! }
            guard let sourceLine = Int(cell("source_line")), let temperature = Double(cell("temperature_k")),
                  let status = AffinityStatus(rawValue: cell("status")),
                  let wildTypeStatus = AffinityStatus(rawValue: cell("wt_status")) else {
                throw InputError(place, "a source_line, temperature_k, status or wt_status cell is not valid")
            }
            let mutations: MutationSet
            do { mutations = try MutationSet(parsing: cell("mutations_seq")) } catch let error as InputError {
                throw error.within(place)
            }
            func keys(_ name: String) -> [String] { cell(name).split(separator: ":").map(String.init) }
            return MutationRecord(
                recordID: cell("record_id"), complexID: cell("complex_id"), sourceLine: sourceLine,
                mutationsPDB: cell("mutations_pdb"), mutations: mutations,
                deltaGWildType: try TSVFields.qualified(cell("dg_wt_qualifier"), cell("dg_wt_kcal_per_mol"), place: place, column: "dg_wt"),
                deltaGMutant: try TSVFields.qualified(cell("dg_mut_qualifier"), cell("dg_mut_kcal_per_mol"), place: place, column: "dg_mut"),
                deltaDeltaG: try TSVFields.qualified(cell("ddg_qualifier"), cell("ddg_kcal_per_mol"), place: place, column: "ddg"),
                temperatureKelvin: temperature, status: status, wildTypeStatus: wildTypeStatus,
                reference: cell("reference"), method: cell("method"),
                partner1MutantKeys: keys("partner1_mutant_md5"), partner2MutantKeys: keys("partner2_mutant_md5"))
        }
    }
}
