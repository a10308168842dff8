// Builds the SKEMPI part of the dataset: one complex per `#Pdb` (wild-type ΔG = median over the
// distinct measurements) and one mutation record per row, in sequence coordinates with ΔΔG.

struct SKEMPIDataset {
    var complexes: [ComplexRecord] = []
    var mutations: [MutationRecord] = []

    /// `strict`: a row whose mutations do not match the structure is thrown; otherwise it is rejected.
    init(table: SKEMPITable, structures: [String: SKEMPIStructure], fileName: String, strict: Bool,
         summary: inout PrepareSummary) throws {
        var rowsByComplex: [String: [SKEMPIEntry]] = [:]
        for entry in table.entries { rowsByComplex[entry.complexID, default: []].append(entry) }
        var complexByID: [String: ComplexRecord] = [:]
        for (id, rows) in rowsByComplex {
            complexByID[id] = try Self.complex(id: id, rows: rows, structures: structures, fileName: fileName)
        }
        complexes = complexByID.values.sorted { $0.complexID < $1.complexID }

        var rejected: [RejectedRecord] = []
        for entry in table.entries {
            let complex = complexByID[entry.complexID]!
            do {
                let structure = structures[entry.pdbID]!
                let sequenceMutations: MutationSet
                do { sequenceMutations = try structure.sequenceMutations(of: entry) } catch let error as InputError {
                    throw RejectedRecord(reason: "mutation does not match the structure",
                                         error: error.within("\(fileName):\(entry.line)"))
                }
                mutations.append(try Self.record(entry, mutations: sequenceMutations, complex: complex))
            } catch let rejection as RejectedRecord {
                if strict { throw rejection.error }
                rejected.append(rejection)
            }
        }
        summary.rejected += table.rejected + rejected
        for (reason, count) in Dictionary(grouping: table.rejected + rejected, by: \.reason).mapValues(\.count).sorted(by: { $0.key < $1.key }) {
            summary.drop("SKEMPI rows: \(reason)", count)
        }
        Self.summarise(complexes: complexes, mutations: mutations, rows: table.rowCount, into: &summary)
        for structure in structures.values.sorted(by: { $0.pdbID < $1.pdbID }) { summary.notes += structure.structure.notes }
    }

    /// The complex of a `#Pdb`: partners from the structure, ΔG from the distinct wild-type measurements.
    static func complex(id: String, rows: [SKEMPIEntry], structures: [String: SKEMPIStructure],
                        fileName: String) throws -> ComplexRecord {
        let first = rows[0]
        guard let structure = structures[first.pdbID] else {
            throw InputError("\(fileName):\(first.line)", "no structure for \(first.pdbID)")
        }
        func partner(_ ids: [Character]) throws -> Partner {
            let chains = try ids.map { id -> String in
                guard let chain = structure.chain(id) else {
                    throw InputError("\(fileName):\(first.line)", "\(id) is a partner chain of \(first.complexID), but \(structure.structure.name) has no chain \(id)")
                }
                return chain.sequence
            }
            return Partner(chainIDs: String(ids), chains: chains)
        }
        // One value per distinct (Kd, T, reference), as the calibration did (calibration.md 2.1).
        struct Measurement: Hashable { var kd: QualifiedValue; var kelvin: Double; var reference: String }
        var seen: Set<Measurement> = []
        var distinct: [Measurement] = []
        for row in rows {
            guard let kd = row.affinityWildType.constant else { continue }
            let measurement = Measurement(kd: kd, kelvin: row.temperatureKelvin, reference: row.reference)
            if seen.insert(measurement).inserted { distinct.append(measurement) }
        }
        let exact = distinct.filter { !$0.kd.isCensored }
        var deltaG: QualifiedValue? = nil
        var status = AffinityStatus.nonBinding
        var used: [Measurement] = []
        if !exact.isEmpty {
            used = exact
            let values = exact.compactMap { $0.kd.deltaG(temperatureKelvin: $0.kelvin)?.value }
            let approximate = exact.contains { $0.kd.qualifier == .approximate }
            deltaG = QualifiedValue(approximate ? .approximate : .exact, median(values))
            status = .measured
        } else if !distinct.isEmpty {
            // Only bounds: if they agree in direction, the loosest one holds for every measurement.
            used = distinct
            status = .censored
            let directions = Set(distinct.map(\.kd.qualifier))
            if directions.count == 1, let direction = directions.first {
                let bounds = distinct.compactMap { $0.kd.deltaG(temperatureKelvin: $0.kelvin)?.value }
                deltaG = QualifiedValue(direction, direction == .lessThan ? bounds.max()! : bounds.min()!)
            }
        }
        let temperatures = used.map(\.kelvin)
        return ComplexRecord(
            complexID: id, source: .skempi, pdbID: first.pdbID.lowercased(), partner1: try partner(first.partner1Chains),
            partner2: try partner(first.partner2Chains), sequenceType: .atomChain, affinityType: .kd, deltaG: deltaG,
            deltaGStatus: status,
            temperatureKelvin: temperatures.isEmpty ? median(rows.map(\.temperatureKelvin)) : median(temperatures),
            measurementCount: used.count, affinityText: "")
    }

    /// One mutation record: ΔG of wild type and mutant at the row's temperature and their difference.
    static func record(_ entry: SKEMPIEntry, mutations: MutationSet, complex: ComplexRecord) throws -> MutationRecord {
        let record = MutationRecord(recordID: "SKEMPI:\(entry.line)", complexID: entry.complexID, sourceLine: entry.line,
                                    mutationsPDB: entry.mutationsPDB.description, mutations: mutations,
                                    deltaGWildType: nil, deltaGMutant: nil, deltaDeltaG: nil,
                                    temperatureKelvin: entry.temperatureKelvin, status: entry.affinityMutant.status,
                                    wildTypeStatus: entry.affinityWildType.status, reference: entry.reference,
                                    method: entry.method, partner1MutantKeys: [], partner2MutantKeys: [])
        var result = record
        result.deltaGWildType = entry.affinityWildType.constant?.deltaG(temperatureKelvin: entry.temperatureKelvin)
        result.deltaGMutant = entry.affinityMutant.constant?.deltaG(temperatureKelvin: entry.temperatureKelvin)
        if let mutant = result.deltaGMutant, let wildType = result.deltaGWildType {
            result.deltaDeltaG = mutant.minus(wildType)
        }
        let (partner1, partner2) = try record.mutantPartners(of: complex)
        result.partner1MutantKeys = partner1.chainKeys
        result.partner2MutantKeys = partner2.chainKeys
        return result
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    static func summarise(complexes: [ComplexRecord], mutations: [MutationRecord], rows: Int, into summary: inout PrepareSummary) {
        summary.keep("SKEMPI rows read", rows)
        summary.keep("SKEMPI complexes", complexes.count)
        summary.keep("SKEMPI complexes with a wild-type ΔG (median of distinct measurements)",
                     complexes.filter { $0.deltaGStatus == .measured }.count)
        summary.keep("SKEMPI complexes with only a censored wild-type ΔG (a bound)",
                     complexes.filter { $0.deltaGStatus == .censored && $0.deltaG != nil }.count)
        summary.keep("SKEMPI complexes with a non-binding wild type (no ΔG)", complexes.filter { $0.deltaG == nil }.count)
        summary.keep("SKEMPI mutation records", mutations.count)
        summary.keep("SKEMPI mutation records with a ΔΔG number (= or ~)",
                     mutations.filter { $0.deltaDeltaG.map { !$0.isCensored } ?? false }.count)
        summary.keep("SKEMPI mutation records with a censored ΔΔG (< or >)",
                     mutations.filter { $0.deltaDeltaG?.isCensored ?? false }.count)
        let without = mutations.filter { $0.deltaDeltaG == nil }
        summary.keep("SKEMPI mutation records without ΔΔG: non-binding mutant", without.filter { $0.status == .nonBinding }.count)
        summary.keep("SKEMPI mutation records without ΔΔG: unfolded mutant", without.filter { $0.status == .unfolded }.count)
        summary.keep("SKEMPI mutation records without ΔΔG: non-binding wild type",
                     without.filter { $0.status != .nonBinding && $0.status != .unfolded && $0.wildTypeStatus == .nonBinding }.count)
        summary.keep("SKEMPI mutation records without ΔΔG: mutant and wild type censored in the same direction",
                     without.filter { $0.status == .censored && $0.wildTypeStatus == .censored }.count)
    }
}
