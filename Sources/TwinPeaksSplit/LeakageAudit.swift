// The leakage audit of a fold file: per fold, the highest sequence identity between any validation
// chain and any training chain (MMseqs2 alignments covering at least half of the shorter chain,
// exact substrings for short peptides), and the families that validation and training share.
import TwinPeaksBio

public struct LeakageAudit: Sendable {
    public struct Options: Hashable, Sendable {
        /// A fold fails when a validation chain is more identical than this to a training chain…
        public var maxIdentity = 0.3
        /// …or when validation and training share more families than this.
        public var maxSharedFamilies = 0
        /// Alignments count when they cover this fraction of the shorter chain with this E-value or better.
        public var minimumCoverage = 0.5
        public var maxEValue = 1e-3
        /// Chains shorter than this are also checked as exact substrings (MMseqs2 misses short peptides).
        public var shortChainLength = 30
        public var minimumSubstringLength = 8

        public init(maxIdentity: Double = 0.3, maxSharedFamilies: Int = 0) {
            self.maxIdentity = maxIdentity
            self.maxSharedFamilies = maxSharedFamilies
        }
    }

    /// The closest validation–training chain pair of a fold.
    public struct ClosestPair: Hashable, Sendable {
        public var validationChain: String
        public var trainingChain: String
        public var identity: Double
        public var coverageOfShorter: Double
    }

    public struct FoldResult: Sendable {
        public var name: String
        public var validationCount: Int
        public var trainCount: Int
        public var droppedCount: Int
        /// Highest identity of a validation chain to a training chain (0 when no alignment qualifies).
        public var maxIdentity: Double
        public var closest: ClosestPair?
        /// Validation chains (unique sequences) above `maxIdentity` to some training chain.
        public var similarValidationChains: Int
        /// Families held by both validation and training complexes, sorted.
        public var sharedFamilies: [String]
        public var passed: Bool
    }

    public let options: Options
    public let folds: [FoldResult]
    public var passed: Bool { folds.allSatisfy(\.passed) }

    /// Audits every fold. Every complex the fold file lists must be among `complexes` and in `families`
    /// (the split's family table; its `link:` labels are not families and are not counted).
    public init(folds foldFile: FoldFile, complexes: [ComplexChains], families: ComplexFamilyTable,
                options: Options = Options(), mmseqs: MMseqs = MMseqs()) throws {
        self.options = options
        // Unique chain sequences, named by their first complex and chain.
        var sequenceIndex: [String: Int] = [:], sequences: [String] = [], names: [String] = []
        var chainsOf: [String: [Int]] = [:]
        for complex in complexes {
            var list: [Int] = []
            for (p, partner) in complex.partners.enumerated() {
                for (k, sequence) in partner.sequences.enumerated() {
                    if sequenceIndex[sequence] == nil {
                        sequenceIndex[sequence] = sequences.count
                        sequences.append(sequence)
                        names.append("\(complex.id)/" + (partner.hasChainIDs ? partner.chainIDs[k] : "partner\(p + 1)"))
                    }
                    list.append(sequenceIndex[sequence]!)
                }
            }
            chainsOf[complex.id] = list
        }
        let length = sequences.map(\.utf8.count)
        func familiesOf(_ ids: [String], _ fold: String) throws -> Set<String> {
            var out = Set<String>()
            for id in ids {
                guard let labels = families.partnerLabels[id], chainsOf[id] != nil else {
                    throw InputError("fold \(fold)", "complex \(id) is not in the dataset or its family table")
                }
                out.formUnion(labels[0].union(labels[1]).filter { !$0.hasPrefix("link:") })
            }
            return out
        }
        var results: [FoldResult] = []
        for fold in foldFile.folds {
            let shared = try familiesOf(fold.validation, fold.name).intersection(try familiesOf(fold.train, fold.name))
            let queries = Array(Set(fold.validation.flatMap { chainsOf[$0]! })).sorted()
            let targets = Array(Set(fold.train.flatMap { chainsOf[$0]! })).sorted()
            var best: (identity: Double, pair: ClosestPair?) = (0, nil)
            var above = Set<Int>()
            func consider(_ q: Int, _ t: Int, _ identity: Double, _ coverage: Double) {
                if identity > options.maxIdentity { above.insert(q) }
                if identity > best.identity || best.pair == nil {
                    best = (identity, ClosestPair(validationChain: names[q], trainingChain: names[t],
                                                  identity: identity, coverageOfShorter: coverage))
                }
            }
            let hits = try mmseqs.search(queries: queries.map { sequences[$0] }, targets: targets.map { sequences[$0] },
                                         maxEValue: options.maxEValue)
            for hit in hits where hit.coverageOfShorter >= options.minimumCoverage {
                consider(queries[hit.query], targets[hit.target], hit.identity, hit.coverageOfShorter)
            }
            // Identical chains, and short chains inside longer ones, in either direction.
            let targetSet = Set(targets)
            let isShort = { (s: Int) in length[s] >= options.minimumSubstringLength && length[s] < options.shortChainLength }
            let shortTargets = targets.filter(isShort)
            for q in queries {
                if targetSet.contains(q) { consider(q, q, 1, 1); continue }
                if isShort(q) {
                    for t in targets where length[t] > length[q] && sequences[t].contains(sequences[q]) { consider(q, t, 1, 1) }
                }
                for t in shortTargets where length[t] < length[q] && sequences[q].contains(sequences[t]) { consider(q, t, 1, 1) }
            }
            let passed = best.identity <= options.maxIdentity && shared.count <= options.maxSharedFamilies
            results.append(FoldResult(name: fold.name, validationCount: fold.validation.count, trainCount: fold.train.count,
                                      droppedCount: fold.dropped.count, maxIdentity: best.identity, closest: best.pair,
                                      similarValidationChains: above.count, sharedFamilies: shared.sorted(), passed: passed))
        }
        folds = results
    }
}
