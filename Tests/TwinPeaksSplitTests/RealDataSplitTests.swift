// On the real dataset (prepared in-process from Reference/): the audit passes the strict
// family-disjoint split and fails a random split. The chain families are the fixture
// Fixtures/real_families.tsv.gz, the `families.tsv` that `make split` wrote for this dataset (MMseqs2's
// all-against-all search takes minutes); the audit runs its own MMseqs2 searches.
import Foundation
import Testing
import TwinPeaksBio
@testable import TwinPeaksSplit

private enum RealData {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static let complexes: Result<[ComplexChains], any Error> = Result {
        let configuration = DatasetPreparation.Configuration(referenceDirectory: root + "/Reference", outputDirectory: "/nonexistent")
        return try DatasetPreparation.build(configuration).dataset.complexes.map(ComplexChains.init)
    }

    static let families: Result<ComplexFamilyTable, any Error> = Result {
        try ComplexFamilyTable.load(root + "/Tests/TwinPeaksSplitTests/Fixtures/real_families.tsv.gz")
    }
}

@Suite(.serialized) struct RealDataSplitTests {
    @Test func familyFixtureMatchesThePreparedDataset() throws {
        let complexes = try RealData.complexes.get(), families = try RealData.families.get()
        #expect(families.complexIDs == complexes.map(\.id),
                "the fixture is stale: run `make split` and copy work/splits/families.tsv (gzip -9n) to Fixtures/real_families.tsv.gz")
        #expect(complexes.count > 2000)
    }

    @Test func auditPassesTheStrictSplitOfTheRealDataset() throws {
        let complexes = try RealData.complexes.get(), families = try RealData.families.get()
        let split = StrictHoldouts.make(families, options: .init(holdouts: 4, hubFraction: 0.03, seed: 1))
        // Calibration (the same rule, Pfam families + CATH): 4 hold-outs of 243–249, hubs Ig, MHC, P-loop, ubiquitin, trypsin.
        for fold in split.folds.folds { #expect(fold.validation.count > 150, "\(fold.name): \(fold.validation.count) validation complexes") }
        #expect(split.hubFamilies.map(\.family).contains("cath:2.60.40.10"))  // immunoglobulin-like
        let audit = try LeakageAudit(folds: split.folds, complexes: complexes, families: families)
        for fold in audit.folds {
            #expect(fold.passed, "\(fold.name): max identity \(fold.maxIdentity) (\(String(describing: fold.closest))), shared \(fold.sharedFamilies)")
        }
        #expect(audit.passed)
    }

    @Test func auditFailsARandomSplitOfTheRealDataset() throws {
        let complexes = try RealData.complexes.get(), families = try RealData.families.get()
        // One fold of a random 4-fold split is enough to show the leak (and keeps MMseqs2's time down).
        let random = RandomFolds.make(complexIDs: families.complexIDs, folds: 4, seed: 1)
        let audit = try LeakageAudit(folds: FoldFile(folds: [random.folds.folds[0]]), complexes: complexes, families: families)
        #expect(!audit.passed)
        let fold = try #require(audit.folds.first)
        #expect(fold.maxIdentity == 1)               // the same chain on both sides
        #expect(fold.sharedFamilies.count > 100)     // and most families
    }
}
