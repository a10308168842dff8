// What the network reads: complexes (rows) as per-residue feature matrices of both partners, and
// mutant/wild-type pairs between rows for ΔΔG. A ΔG-only batch has no pairs; a mutant group is
// one wild-type row, its mutant rows, and one pair per mutant (the wild-type pass is shared).

public struct ComplexInput: Sendable {
    /// Row-major [length, featureWidth] features of each partner (chains joined, cropped).
    public var partner1: [Float]
    public var partner2: [Float]
    public var length1: Int
    public var length2: Int
    /// Standardised whole-partner descriptors for the ΔG wide path (nil without wide paths).
    public var descriptors: [Float]?
    /// Interface targets per partner and token (the fraction of the window's residues at the
    /// interface, from the structure), when the row is a wild type with a structure; nil otherwise.
    public var interfaceTargets: [[Float]]?
    /// Burial targets per partner and token (the window's mean relative burial on binding), when
    /// the row is a wild type with a structure whose buried areas are known; nil otherwise.
    public var burialTargets: [[Float]]?
    /// The window contact map of the cropped partners, when the row is a wild type with a structure.
    public var contactTargets: ContactTargets?

    public init(partner1: [Float], length1: Int, partner2: [Float], length2: Int, descriptors: [Float]? = nil,
                interfaceTargets: [[Float]]? = nil, contactTargets: ContactTargets? = nil, burialTargets: [[Float]]? = nil) {
        self.partner1 = partner1
        self.partner2 = partner2
        self.length1 = length1
        self.length2 = length2
        self.descriptors = descriptors
        self.interfaceTargets = interfaceTargets
        self.contactTargets = contactTargets
        self.burialTargets = burialTargets
    }

    /// The same complex with the partners listed the other way round.
    public var swapped: ComplexInput {
        ComplexInput(partner1: partner2, length1: length2, partner2: partner1, length2: length1, descriptors: descriptors,
                     interfaceTargets: interfaceTargets.map { [$0[1], $0[0]] }, contactTargets: contactTargets?.transposed,
                     burialTargets: burialTargets.map { [$0[1], $0[0]] })
    }
}

/// A mutated residue in a row's cropped coordinates: partner 0 or 1, 0-based residue index.
public struct MutatedResidue: Hashable, Sendable {
    public var partner: Int
    public var residue: Int
    public init(partner: Int, residue: Int) {
        self.partner = partner
        self.residue = residue
    }
}

public struct MutantPair: Sendable {
    public var mutantRow: Int
    public var wildTypeRow: Int
    /// Where the mutations sit (same coordinates in both rows: they share one crop).
    public var sites: [MutatedResidue]
    /// Standardised substitution descriptors seen wild type → mutant, and mutant → wild type.
    public var forwardDescriptors: [Float]?
    public var reverseDescriptors: [Float]?

    public init(mutantRow: Int, wildTypeRow: Int, sites: [MutatedResidue], forwardDescriptors: [Float]? = nil,
                reverseDescriptors: [Float]? = nil) {
        self.mutantRow = mutantRow
        self.wildTypeRow = wildTypeRow
        self.sites = sites
        self.forwardDescriptors = forwardDescriptors
        self.reverseDescriptors = reverseDescriptors
    }
}

public struct NetworkBatch: Sendable {
    public var rows: [ComplexInput]
    public var pairs: [MutantPair]
    public init(rows: [ComplexInput], pairs: [MutantPair] = []) {
        self.rows = rows
        self.pairs = pairs
    }
}
