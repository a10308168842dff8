// On a made-up set with planted homologs (MMseqs2 needed), related complexes never sit on both sides
// of a strict or pair-rule fold, unannotated chains are placed by sequence, and the audit passes the
// strict split and fails a random one.
import Testing
@testable import TwinPeaksSplit

@Suite(.serialized) struct PlantedHomologTests {
    static let planted = PlantedSet()
    static let assignment: Result<FamilyAssignment, any Error> = Result {
        let domains = try DomainTable(parsing: planted.domainTable, source: "planted.tsv", sources: .standard)
        return try FamilyAssignment.assign(planted.complexes, domains: domains)
    }

    @Test func unannotatedChainsTakeTheFamilyOfTheirBase() throws {
        let assignment = try Self.assignment.get()
        let planted = Self.planted
        for (c, complex) in planted.complexes.enumerated() where complex.id.hasPrefix("P") {
            for p in 0..<2 {
                let base = planted.bases[c][p].first!
                // Unannotated clusters (the peptides) also keep their own `cluster:` family.
                #expect(assignment.families(complex: c, partner: p).filter { !$0.hasPrefix("cluster:") } == ["pfam:PF\(1000 + base)"],
                        "\(complex.id) partner \(p + 1) (base \(base))")
            }
        }
        let counts = assignment.provenanceCounts
        #expect(counts[.cluster, default: 0] > 0)
        #expect(counts[.substring, default: 0] > 0)  // the base-5 peptides
    }

    @Test func relatedComplexesNeverSitOnBothSidesOfAStrictFold() throws {
        let assignment = try Self.assignment.get()
        let planted = Self.planted
        let split = StrictHoldouts.make(ComplexFamilyTable(assignment), options: .init(holdouts: 3, hubFraction: 0.15, seed: 2))
        // Hubs from the ground truth: bases held by more than 15 % of the complexes.
        let baseCounts = planted.bases.reduce(into: [Int: Int]()) { counts, partners in
            for base in partners[0].union(partners[1]) { counts[base, default: 0] += 1 }
        }
        let hubBases = baseCounts.filter { Double($0.value) > 0.15 * Double(planted.complexes.count) }.keys
        #expect(Set(split.hubFamilies.map(\.family)) == Set(hubBases.map { "pfam:PF\(1000 + $0)" }))
        #expect(hubBases.contains(0))
        let index = Dictionary(uniqueKeysWithValues: planted.ids.enumerated().map { ($1, $0) })
        for fold in split.folds.folds {
            #expect(!fold.validation.isEmpty)
            for v in fold.validation {
                for t in fold.train {
                    #expect(!planted.related(index[v]!, index[t]!), "\(fold.name): \(v) validated, related \(t) trains")
                }
            }
        }
    }

    @Test func relatedPairsNeverSitOnBothSidesOfAPairRuleFold() throws {
        let assignment = try Self.assignment.get()
        let planted = Self.planted
        let split = PairRuleFolds.make(ComplexFamilyTable(assignment), folds: 3, seed: 2)
        let index = Dictionary(uniqueKeysWithValues: planted.ids.enumerated().map { ($1, $0) })
        func samePair(_ a: Int, _ b: Int) -> Bool {
            let (x, y) = (planted.bases[a], planted.bases[b])
            return (!x[0].isDisjoint(with: y[0]) && !x[1].isDisjoint(with: y[1])) || (!x[0].isDisjoint(with: y[1]) && !x[1].isDisjoint(with: y[0]))
        }
        for fold in split.folds.folds {
            for v in fold.validation {
                for t in fold.train { #expect(!samePair(index[v]!, index[t]!), "\(fold.name): \(v) and \(t)") }
            }
        }
    }

    @Test func auditPassesTheStrictSplitAndFailsARandomOne() throws {
        let assignment = try Self.assignment.get()
        let strict = StrictHoldouts.make(ComplexFamilyTable(assignment), options: .init(holdouts: 3, hubFraction: 0.15, seed: 2))
        let strictAudit = try LeakageAudit(folds: strict.folds, complexes: Self.planted.complexes, families: ComplexFamilyTable(assignment))
        for fold in strictAudit.folds {
            #expect(fold.passed, "\(fold.name): identity \(fold.maxIdentity), shared \(fold.sharedFamilies)")
            #expect(fold.maxIdentity < 0.3)
        }
        let random = RandomFolds.make(complexIDs: assignment.complexIDs, folds: 3, seed: 2)
        let randomAudit = try LeakageAudit(folds: random.folds, complexes: Self.planted.complexes, families: ComplexFamilyTable(assignment))
        #expect(!randomAudit.passed)
        #expect(randomAudit.folds.allSatisfy { $0.maxIdentity > 0.5 && !$0.sharedFamilies.isEmpty })
    }
}
