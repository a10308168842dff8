// Families of every chain and partner of a dataset: domain annotation where SIFTS has it, otherwise
// lent by sequence (MMseqs2 cluster, exact substring for short peptides, alignment); plus "links"
// between chains similar above the identity threshold that share no family.
import TwinPeaksBio

public struct FamilyAssignment: Sendable {
    public struct Options: Hashable, Sendable {
        /// MMseqs2 clustering that lends families to unannotated chains (`--min-seq-id`, `-c`, cov-mode 0).
        public var clusterIdentity = 0.3
        public var clusterCoverage = 0.8
        /// Two chains are similar when an alignment reaches this identity over this fraction of the
        /// shorter chain (E-value at most `linkEValue`); similar chains never sit on both sides.
        public var linkIdentity = 0.3
        public var linkCoverage = 0.5
        public var linkEValue = 1.0
        /// Chains shorter than this are also matched as exact substrings of other chains (MMseqs2's
        /// k-mer prefilter misses peptides of a dozen residues); chains shorter than
        /// `minimumSubstringLength` match identical sequences only.
        public var shortChainLength = 30
        public var minimumSubstringLength = 8

        public init() {}
    }

    /// Where a chain's families came from.
    public enum Provenance: String, CaseIterable, Sendable {
        /// SIFTS domain annotation of the chain itself.
        case annotated
        /// A full-length UniProt partner: the annotated chains of its entry with the same accession.
        case uniprot
        /// Lent by the annotated members of its MMseqs2 cluster.
        case cluster
        /// Lent by the annotated chains that contain it as an exact substring.
        case substring
        /// Lent by annotated chains it aligns to above the link thresholds.
        case alignment
        /// No annotation anywhere: only its sequence cluster (`cluster:` family).
        case sequenceOnly = "sequence-only"
    }

    public let complexIDs: [String]
    /// Unique chain sequences and, per complex and partner, the indices of its chains' sequences.
    public let sequences: [String]
    /// A readable name per unique sequence: the first complex and chain carrying it (`1CSE_E_I/E`).
    public let sequenceNames: [String]
    public let partnerSequences: [[[Int]]]
    /// Families of each unique sequence, sorted.
    public let sequenceFamilies: [[String]]
    public let sequenceProvenance: [Provenance]
    /// Links of each unique sequence: ids of similar pairs that share no family.
    public let sequenceLinks: [[Int]]
    public let linkCount: Int
    public let options: Options

    /// The families of one partner (union over its chains).
    public func families(complex: Int, partner: Int) -> Set<String> {
        Set(partnerSequences[complex][partner].flatMap { sequenceFamilies[$0] })
    }

    /// The families of a complex (union over both partners).
    public func families(complex: Int) -> Set<String> {
        families(complex: complex, partner: 0).union(families(complex: complex, partner: 1))
    }

    /// Families plus links (`link:N`) of one partner: what the split rules keep apart.
    public func labels(complex: Int, partner: Int) -> Set<String> {
        families(complex: complex, partner: partner)
            .union(partnerSequences[complex][partner].flatMap { sequenceLinks[$0] }.map { "link:\($0)" })
    }

    public func labels(complex: Int) -> Set<String> {
        labels(complex: complex, partner: 0).union(labels(complex: complex, partner: 1))
    }

    /// Number of unique chain sequences with each provenance.
    public var provenanceCounts: [Provenance: Int] {
        sequenceProvenance.reduce(into: [:]) { $0[$1, default: 0] += 1 }
    }

    /// Assigns families to every chain of the complexes. Runs MMseqs2 twice (clustering, all-against-all search).
    public static func assign(_ complexes: [ComplexChains], domains: DomainTable, options: Options = Options(),
                              mmseqs: MMseqs = MMseqs()) throws -> FamilyAssignment {
        // Unique sequences and, per sequence, the SIFTS annotation of every place it occurs.
        var index: [String: Int] = [:]
        var sequences: [String] = [], names: [String] = []
        var direct: [Set<String>] = [], viaUniProt: [Bool] = []
        var partnerSequences: [[[Int]]] = []
        for complex in complexes {
            guard complex.partners.count == 2 else {
                throw InputError(complex.id, "a complex needs exactly two partners, found \(complex.partners.count)")
            }
            var partners: [[Int]] = []
            for (p, partner) in complex.partners.enumerated() {
                var indices: [Int] = []
                for (k, sequence) in partner.sequences.enumerated() {
                    guard !sequence.isEmpty else { throw InputError(complex.id, "partner \(p + 1) has an empty chain sequence") }
                    let s: Int
                    if let known = index[sequence] { s = known } else {
                        s = sequences.count
                        index[sequence] = s
                        sequences.append(sequence)
                        names.append("\(complex.id)/" + (partner.hasChainIDs ? partner.chainIDs[k] : "partner\(p + 1)"))
                        direct.append([])
                        viaUniProt.append(false)
                    }
                    if partner.hasChainIDs {
                        direct[s].formUnion(domains.families(pdb: complex.pdb, chain: partner.chainIDs[k]))
                    } else {
                        let found = partner.uniprot.flatMap { domains.chains(pdb: complex.pdb, uniprot: $0) }
                            .flatMap { domains.families(pdb: complex.pdb, chain: $0) }
                        if !found.isEmpty && direct[s].isEmpty { viaUniProt[s] = true }
                        direct[s].formUnion(found)
                    }
                    indices.append(s)
                }
                partners.append(indices)
            }
            partnerSequences.append(partners)
        }
        let n = sequences.count
        var families = direct
        var provenance: [Provenance] = (0..<n).map { direct[$0].isEmpty ? .sequenceOnly : (viaUniProt[$0] ? .uniprot : .annotated) }

        // 1. MMseqs2 clusters lend their annotated members' families to the others.
        let representative = try mmseqs.cluster(sequences, identity: options.clusterIdentity, coverage: options.clusterCoverage)
        var members: [Int: [Int]] = [:]
        for s in 0..<n { members[representative[s], default: []].append(s) }
        for (rep, group) in members {
            let lent = group.reduce(into: Set<String>()) { $0.formUnion(direct[$1]) }
            if lent.isEmpty {
                // No annotated member: the cluster itself is the family of all its members.
                for s in group { families[s].insert("cluster:\(names[rep])") }
                continue
            }
            for s in group where direct[s].isEmpty {
                families[s] = lent
                provenance[s] = .cluster
            }
        }

        // 2. Similar pairs: alignments above the link thresholds, and exact substrings of short chains.
        var similar: [(Int, Int)] = []
        // Both directions count: MMseqs2 aligns q→t and t→q separately, and the identities can differ.
        for hit in try mmseqs.search(queries: sequences, targets: sequences, maxEValue: options.linkEValue)
        where hit.query != hit.target && hit.identity >= options.linkIdentity && hit.coverageOfShorter >= options.linkCoverage {
            similar.append((min(hit.query, hit.target), max(hit.query, hit.target)))
        }
        let length = sequences.map(\.utf8.count)
        for s in 0..<n where length[s] < options.shortChainLength && length[s] >= options.minimumSubstringLength {
            for t in 0..<n where length[t] > length[s] && sequences[t].contains(sequences[s]) {
                similar.append((min(s, t), max(s, t)))
                // 3. Short peptides inside annotated chains take their families.
                if provenance[s] == .sequenceOnly || provenance[s] == .substring, !direct[t].isEmpty {
                    families[s].formUnion(direct[t])
                    provenance[s] = .substring
                }
            }
        }
        // 4. Chains still without a domain family take those of the annotated chains they align to.
        for (a, b) in similar {
            for (s, t) in [(a, b), (b, a)] where (provenance[s] == .sequenceOnly || provenance[s] == .alignment) && !direct[t].isEmpty {
                families[s].formUnion(direct[t])
                provenance[s] = .alignment
            }
        }

        // 5. Links: similar pairs that share no family (pairs that do are kept apart by the family).
        var links: [[Int]] = Array(repeating: [], count: n)
        var seen = Set<Int>()
        var linkCount = 0
        for (a, b) in similar.sorted(by: { ($0.0, $0.1) < ($1.0, $1.1) }) where seen.insert(a * n + b).inserted && families[a].isDisjoint(with: families[b]) {
            links[a].append(linkCount)
            links[b].append(linkCount)
            linkCount += 1
        }
        return FamilyAssignment(complexIDs: complexes.map(\.id), sequences: sequences, sequenceNames: names, partnerSequences: partnerSequences,
                                sequenceFamilies: families.map { $0.sorted() }, sequenceProvenance: provenance,
                                sequenceLinks: links, linkCount: linkCount, options: options)
    }
}
