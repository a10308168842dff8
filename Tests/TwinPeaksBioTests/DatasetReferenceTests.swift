// `prepare` on the real Reference/ folder: the counts the calibration derived with the same rules
// (calibration.md 1.1 and 2.1), and the dataset read back whole.
import Foundation
import Testing
@testable import TwinPeaksBio

@Test func theReferenceDatasetMatchesTheCalibrationCounts() throws {
    let directory = try TemporaryDirectory()
    var configuration = DatasetPreparation.Configuration(referenceDirectory: ReferenceFiles.reference,
                                                         outputDirectory: directory.path + "/dataset")
    configuration.version = "test"
    let summary = try DatasetPreparation.run(configuration)
    // ΔΔG (calibration 1.1): 6,612 rows with both affinities exact; here 2 fewer, the 2C5D rows that
    // list a mutation twice. The 186 censored rows are kept: 172 as bounds, 14 without ΔΔG.
    #expect(summary.count("SKEMPI rows read") == 7_085)
    #expect(summary.count("SKEMPI mutation records") == 7_083)
    #expect(summary.count("SKEMPI mutation records with a ΔΔG number (= or ~)") == 6_612 - 2)
    #expect(summary.count("SKEMPI mutation records with a censored ΔΔG (< or >)") == 172)
    #expect(summary.count("SKEMPI mutation records without ΔΔG: mutant and wild type censored in the same direction") == 14)
    #expect(summary.count("SKEMPI mutation records without ΔΔG: non-binding mutant") == 278)
    #expect(summary.count("SKEMPI mutation records without ΔΔG: unfolded mutant") == 7)
    #expect(summary.droppedCount("SKEMPI rows: a mutation written twice") == 2)
    // ΔG (calibration 2.1): 345 SKEMPI wild types; PDBbind Kd/Ki exact 887 atom_chain + 796 UniProt;
    // 210 PDBbind entries dropped for SKEMPI (4i77 stays: SKEMPI only bounds its wild type).
    #expect(summary.count("SKEMPI complexes with a wild-type ΔG (median of distinct measurements)") == 345)
    #expect(summary.droppedCount("PDBbind entries: also in SKEMPI (SKEMPI wild type kept)") == 210)
    #expect(summary.droppedCount("PDBbind entries: no partner sequences in pdbbind_pp_sequences.tsv") == 925)
    let atomKdKi = (summary.count("PDBbind complexes, atom_chain, Kd, exact") ?? 0) + (summary.count("PDBbind complexes, atom_chain, Ki, exact") ?? 0)
    let uniprotKdKi = (summary.count("PDBbind complexes, uniprot_full_length, Kd, exact") ?? 0)
        + (summary.count("PDBbind complexes, uniprot_full_length, Ki, exact") ?? 0)
    #expect(atomKdKi == 887 && uniprotKdKi == 796)

    let dataset = try Dataset.load(from: directory.path + "/dataset")
    #expect(dataset.complexes.count == 348 + 1_714)
    #expect(dataset.complexes.filter(\.hasExactEquilibriumDeltaG).count == 345 + 887 + 796)
    #expect(dataset.complex("1KBH_A_B").map { ($0.partner1.length, $0.partner2.length) }! == (47, 59))
    // Every SKEMPI complex has structure labels, read back from interface.tsv with the partners' lengths.
    #expect(dataset.interfaces.count == 348)
    #expect(dataset.complexes.filter { $0.source == .pdbbind }.allSatisfy { dataset.interfaces[$0.complexID] == nil })
    let eglin = try #require(dataset.interfaces["1CSE_E_I"])
    #expect(eglin.minimumDistance[1].count == dataset.complex("1CSE_E_I")!.partner2.length)
    #expect(summary.count("complexes with interface labels (from structures)") == 348)
    // Every SKEMPI complex buries surface on binding, and only at residues near its partner.
    #expect(dataset.interfaces.values.allSatisfy { interface in
        (0..<2).allSatisfy { side in
            let area = interface.buriedArea![side]
            return area.reduce(0, +) > 100 && zip(area, interface.minimumDistance[side]).allSatisfy { $0 == 0 || $1 < SurfaceArea.occlusionReach }
        }
    })
    // And a contact map read back from contacts.tsv, each contact at an interface residue of both partners.
    #expect(dataset.interfaces.values.allSatisfy { !$0.contacts.isEmpty })
    #expect(eglin.contacts.allSatisfy { eglin.minimumDistance[0][$0.position1] <= 5.01 && eglin.minimumDistance[1][$0.position2] <= 5.01 })
    // Every mutant partner rebuilt from its complex has the sequence keys the table lists.
    for record in dataset.mutations {
        let (partner1, partner2) = try dataset.mutantPartners(of: record)
        #expect(partner1.chainKeys == record.partner1MutantKeys && partner2.chainKeys == record.partner2MutantKeys)
    }
}
