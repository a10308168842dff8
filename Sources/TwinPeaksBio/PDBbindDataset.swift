// Builds the PDBbind part of the dataset: export entries joined with their partner sequences;
// entries without sequences, and entries whose PDB id SKEMPI already gives a ΔG, are dropped.

struct PDBbindDataset {
    var complexes: [ComplexRecord] = []

    /// `skempiDeltaGIDs`: lower-case PDB ids of SKEMPI complexes with a measured wild-type ΔG.
    init(export: PDBbindExport, partners: [PDBbindPartners], skempiDeltaGIDs: Set<String>, summary: inout PrepareSummary) {
        let partnersByID = Dictionary(uniqueKeysWithValues: partners.map { ($0.pdbID, $0) })
        let exportIDs = Set(export.entries.map(\.pdbID))
        var withoutSequences = 0, inSKEMPI = 0
        for entry in export.entries {
            guard let pair = partnersByID[entry.pdbID] else { withoutSequences += 1; continue }
            if skempiDeltaGIDs.contains(entry.pdbID) { inSKEMPI += 1; continue }
            let temperature = Thermodynamics.defaultTemperatureKelvin
            let deltaG = entry.affinity.molar.deltaG(temperatureKelvin: temperature)
            complexes.append(ComplexRecord(
                complexID: "PDBbind:\(entry.pdbID)", source: .pdbbind, pdbID: entry.pdbID, partner1: pair.partner1,
                partner2: pair.partner2, sequenceType: pair.sequenceType, affinityType: entry.affinity.type,
                deltaG: deltaG, deltaGStatus: entry.affinity.molar.isCensored ? .censored : .measured,
                temperatureKelvin: temperature, measurementCount: 1, affinityText: entry.affinityText))
        }
        complexes.sort { $0.pdbID < $1.pdbID }
        let orphans = partners.filter { !exportIDs.contains($0.pdbID) }.count

        summary.keep("PDBbind export entries read", export.rowCount)
        summary.keep("PDBbind partner-sequence rows read", partners.count)
        summary.keep("PDBbind complexes kept", complexes.count)
        for type in ComplexRecord.SequenceType.allCases {
            for affinity in AffinityType.allCases {
                for censored in [false, true] {
                    let count = complexes.filter {
                        $0.sequenceType == type && $0.affinityType == affinity && ($0.deltaG?.isCensored ?? false) == censored
                    }.count
                    if count > 0 {
                        summary.keep("PDBbind complexes, \(type.rawValue), \(affinity.rawValue), \(censored ? "censored" : "exact")", count)
                    }
                }
            }
        }
        summary.rejected += export.rejected
        for (reason, count) in Dictionary(grouping: export.rejected, by: \.reason).mapValues(\.count).sorted(by: { $0.key < $1.key }) {
            summary.drop("PDBbind entries: \(reason)", count)
        }
        summary.drop("PDBbind entries: no partner sequences in pdbbind_pp_sequences.tsv", withoutSequences)
        summary.drop("PDBbind entries: also in SKEMPI (SKEMPI wild type kept)", inSKEMPI)
        summary.drop("PDBbind partner-sequence rows: no entry in the export", orphans)
    }
}
