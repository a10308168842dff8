// One row of `mutations.tsv`: a SKEMPI mutant record with its mutations in sequence coordinates,
// ΔG of wild type and mutant at the row's temperature, and ΔΔG = ΔG(mutant) − ΔG(wild type).

public struct MutationRecord: Hashable, Sendable {
    /// Where one mutation sits in a complex: partner 1 or 2, the chain's index within that partner,
    /// and the 1-based position within the chain.
    public struct Site: Hashable, Sendable {
        public var partner: Int
        public var chainIndex: Int
        public var position: Int
        public var mutation: PointMutation
    }

    /// `SKEMPI:<line>`.
    public var recordID: String
    /// The complex in `complexes.tsv` (SKEMPI `#Pdb`).
    public var complexID: String
    /// The line in `skempi_v2.csv` (the header is line 1).
    public var sourceLine: Int
    /// `Mutation(s)_PDB` (original PDB numbering), insertion codes upper case as in PDB files.
    public var mutationsPDB: String
    /// The mutations in sequence coordinates: 1-based positions within the named chain.
    public var mutations: MutationSet
    /// ΔG of the wild type (kcal/mol, at `temperatureKelvin`); nil when it has no number.
    public var deltaGWildType: QualifiedValue?
    /// ΔG of the mutant; nil for a non-binder or an unfolded mutant.
    public var deltaGMutant: QualifiedValue?
    /// ΔΔG = ΔG(mutant) − ΔG(wild type), positive = weaker binding; nil when no number or bound follows.
    public var deltaDeltaG: QualifiedValue?
    public var temperatureKelvin: Double
    /// What SKEMPI says of the mutant: `measured`, `censored`, `non_binding` or `unfolded`.
    public var status: AffinityStatus
    /// What SKEMPI says of the wild type.
    public var wildTypeStatus: AffinityStatus
    /// SKEMPI `Reference` (usually a PubMed id) and `Method`.
    public var reference: String
    public var method: String
    /// Sequence keys (MD5) of the mutant partners' chains, in partner chain order.
    public var partner1MutantKeys: [String]
    public var partner2MutantKeys: [String]

    public init(recordID: String, complexID: String, sourceLine: Int, mutationsPDB: String, mutations: MutationSet,
                deltaGWildType: QualifiedValue?, deltaGMutant: QualifiedValue?, deltaDeltaG: QualifiedValue?,
                temperatureKelvin: Double, status: AffinityStatus, wildTypeStatus: AffinityStatus, reference: String,
                method: String, partner1MutantKeys: [String], partner2MutantKeys: [String]) {
        self.recordID = recordID
        self.complexID = complexID
        self.sourceLine = sourceLine
        self.mutationsPDB = mutationsPDB
        self.mutations = mutations
        self.deltaGWildType = deltaGWildType
        self.deltaGMutant = deltaGMutant
        self.deltaDeltaG = deltaDeltaG
        self.temperatureKelvin = temperatureKelvin
        self.status = status
        self.wildTypeStatus = wildTypeStatus
        self.reference = reference
        self.method = method
        self.partner1MutantKeys = partner1MutantKeys
        self.partner2MutantKeys = partner2MutantKeys
    }

    /// The site of each mutation in `complex`, in the order written.
    public func sites(in complex: ComplexRecord) throws -> [Site] {
        try mutations.mutations.map { mutation in
            for (side, partner) in [complex.partner1, complex.partner2].enumerated() {
                if let index = partner.chainIndex(mutation.chain) {
                    return Site(partner: side + 1, chainIndex: index, position: mutation.residueNumber, mutation: mutation)
                }
            }
            throw InputError(recordID, "mutation \(mutation): \(complex.complexID) has no chain \(mutation.chain)")
        }
    }

    /// The partners of `complex` with these mutations applied (each wild-type letter checked).
    public func mutantPartners(of complex: ComplexRecord) throws -> (Partner, Partner) {
        var partners = [complex.partner1, complex.partner2]
        for mutation in mutations.mutations {
            guard let side = partners.firstIndex(where: { $0.chainIndex(mutation.chain) != nil }),
                  let index = partners[side].chainIndex(mutation.chain) else {
                throw InputError(recordID, "mutation \(mutation): \(complex.complexID) has no chain \(mutation.chain)")
            }
            do {
                let chain = try residues(of: partners[side].chains[index], record: "")
                let mutated = try MutationSet([mutation]).applied(to: [mutation.chain: chain])
                partners[side].chains[index] = String(mutated[mutation.chain]!.map(\.oneLetter))
            } catch let error as InputError {
                throw error.within(recordID)
            }
        }
        return (partners[0], partners[1])
    }
}
