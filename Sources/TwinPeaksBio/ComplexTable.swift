// `complexes.tsv`: the columns, one row per ComplexRecord, and reading the rows back.

public enum ComplexTable {
    public static let columns = [
        "complex_id", "source", "pdb", "partner1_chains", "partner2_chains", "partner1_sequence", "partner2_sequence",
        "partner1_uniprot", "partner2_uniprot", "seq_type", "affinity_type", "dg_qualifier", "dg_kcal_per_mol",
        "temperature_k", "n_measurements", "dg_status", "affinity_text", "partner1_md5", "partner2_md5",
    ]

    public static var header: String { TSVFields.row(columns) }

    public static func row(_ record: ComplexRecord) -> String {
        let (qualifier, deltaG) = TSVFields.qualified(record.deltaG)
        return TSVFields.row([
            record.complexID, record.source.rawValue, record.pdbID, record.partner1.chainIDs, record.partner2.chainIDs,
            record.partner1.sequence, record.partner2.sequence, record.partner1.uniprot, record.partner2.uniprot,
            record.sequenceType.rawValue, record.affinityType.rawValue, qualifier, deltaG,
            TSVFields.fixed(record.temperatureKelvin, 2), String(record.measurementCount), record.deltaGStatus.rawValue,
            record.affinityText, record.partner1.chainKeys.joined(separator: ":"),
            record.partner2.chainKeys.joined(separator: ":"),
        ])
    }

    /// Reads `complexes.tsv`; errors name the file and line.
    public static func read(path: String) throws -> [ComplexRecord] {
        let file = try TextFile(path: path)
        return try TSVFields.rows(of: file, columns: columns).map { line, cells in
            let place = file.place(line)
            func cell(_ name: String) -> String { cells[name]! }
            guard let source = ComplexRecord.Source(rawValue: cell("source")),
                  let type = ComplexRecord.SequenceType(rawValue: cell("seq_type")),
                  let affinity = AffinityType(rawValue: cell("affinity_type")),
                  let status = AffinityStatus(rawValue: cell("dg_status")),
                  let temperature = Double(cell("temperature_k")),
                  let count = Int(cell("n_measurements")) else {
                throw InputError(place, "a source, seq_type, affinity_type, dg_status, temperature_k or n_measurements cell is not valid")
            }
            func partner(_ n: Int) -> Partner {
                Partner(chainIDs: cell("partner\(n)_chains"),
                        chains: cell("partner\(n)_sequence").split(separator: ":", omittingEmptySubsequences: false).map(String.init),
                        uniprot: cell("partner\(n)_uniprot"))
            }
            return ComplexRecord(
                complexID: cell("complex_id"), source: source, pdbID: cell("pdb"), partner1: partner(1), partner2: partner(2),
                sequenceType: type, affinityType: affinity,
                deltaG: try TSVFields.qualified(cell("dg_qualifier"), cell("dg_kcal_per_mol"), place: place, column: "dg"),
                deltaGStatus: status, temperatureKelvin: temperature, measurementCount: count,
                affinityText: cell("affinity_text"))
        }
    }
}
