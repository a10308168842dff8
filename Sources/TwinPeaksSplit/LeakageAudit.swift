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

    /// Audits every fold. Every complex the fold file lists must be in the assignment.
    public init(folds foldFile: FoldFile, assignment: FamilyAssignment, options: Options = Options(),
                mmseqs: MMseqs = MMseqs()) throws {
        self.options = options
        let index = Dictionary(uniqueKeysWithValues: assignment.complexIDs.enumerated().map { ($1, $0) })
        func complexes(_ ids: [String], _ fold: String) throws -> [Int] {
            try ids.map { id in
                guard let c = index[id] else { throw InputError("fold \(fold)", "complex \(id) is not in the dataset") }
                return c
            }
        }
        var results: [FoldResult] = []
        for fold in foldFile.folds {
            let validation = try complexes(fold.validation, fold.name), train = try complexes(fold.train, fold.name)
            let shared = validation.reduce(into: Set<String>()) { $0.formUnion(assignment.families(complex: $1)) }
                .intersection(train.reduce(into: Set<String>()) { $0.formUnion(assignment.families(complex: $1)) })
            func chains(_ list: [Int]) -> [Int] {
                Array(Set(list.flatMap { assignment.partnerSequences[$0].flatMap { $0 } })).sorted()
            }
            let (queries, targets) = (chains(validation), chains(train))
            var best: (identity: Double, pair: ClosestPair?) = (0, nil)
            var above = Set<Int>()
            func consider(_ q: Int, _ t: Int, _ identity: Double, _ coverage: Double) {
                if identity > options.maxIdentity { above.insert(q) }
                if identity > best.identity || best.pair == nil {
                    best = (identity, ClosestPair(validationChain: LeakageAudit.name(q, assignment), trainingChain: LeakageAudit.name(t, assignment),
                                                  identity: identity, coverageOfShorter: coverage))
                }
            }
            let hits = try mmseqs.search(queries: queries.map { assignment.sequences[$0] },
                                         targets: targets.map { assignment.sequences[$0] }, maxEValue: options.maxEValue)
            for hit in hits where hit.coverageOfShorter >= options.minimumCoverage {
                consider(queries[hit.query], targets[hit.target], hit.identity, hit.coverageOfShorter)
            }
            // Identical chains, and short chains inside longer ones, in either direction.
            let targetSet = Set(targets)
            let length = { (s: Int) in assignment.sequences[s].utf8.count }
            let isShort = { (s: Int) in length(s) >= options.minimumSubstringLength && length(s) < options.shortChainLength }
            let shortTargets = targets.filter(isShort)
            for q in queries {
                if targetSet.contains(q) { consider(q, q, 1, 1); continue }
                let sequence = assignment.sequences[q]
                if isShort(q) {
                    for t in targets where length(t) > length(q) && assignment.sequences[t].contains(sequence) { consider(q, t, 1, 1) }
                }
                for t in shortTargets where length(t) < length(q) && sequence.contains(assignment.sequences[t]) { consider(q, t, 1, 1) }
            }
            let passed = best.identity <= options.maxIdentity && shared.count <= options.maxSharedFamilies
            results.append(FoldResult(name: fold.name, validationCount: validation.count, trainCount: train.count,
                                      droppedCount: fold.dropped.count, maxIdentity: best.identity, closest: best.pair,
                                      similarValidationChains: above.count, sharedFamilies: shared.sorted(), passed: passed))
        }
        folds = results
    }

    static func name(_ sequence: Int, _ assignment: FamilyAssignment) -> String { assignment.sequenceNames[sequence] }
}
