// One row of `complexes.tsv`: a complex (SKEMPI wild type or PDBbind entry), its two partners,
// and its binding free energy with qualifier, status, temperature and number of measurements.

public struct ComplexRecord: Hashable, Sendable {
    public enum Source: String, Hashable, Sendable, CaseIterable {
        case skempi = "SKEMPI"
        case pdbbind = "PDBbind"
    }

    /// Whether the partner sequences are the crystallised chains or full-length UniProt sequences.
    public enum SequenceType: String, Hashable, Sendable, CaseIterable {
        case atomChain = "atom_chain"
        case uniprotFullLength = "uniprot_full_length"
    }

    /// SKEMPI's `#Pdb` (`1CSE_E_I`) or `PDBbind:<pdb>` (`PDBbind:1a22`).
    public var complexID: String
    public var source: Source
    /// Lower-case PDB id.
    public var pdbID: String
    public var partner1: Partner
    public var partner2: Partner
    public var sequenceType: SequenceType
    public var affinityType: AffinityType
    /// ΔG in kcal/mol with its qualifier; nil when there is no number (see `deltaGStatus`).
    public var deltaG: QualifiedValue?
    /// `measured`, `censored` or `non_binding` (no ΔG number).
    public var deltaGStatus: AffinityStatus
    /// The temperature of the measurement (SKEMPI: the median over the measurements used).
    public var temperatureKelvin: Double
    /// How many distinct measurements the ΔG summarises (SKEMPI: distinct (Kd, T, reference)).
    public var measurementCount: Int
    /// The affinity as the source wrote it (PDBbind `Kd=0.34nM`); empty for SKEMPI.
    public var affinityText: String

    public init(complexID: String, source: Source, pdbID: String, partner1: Partner, partner2: Partner,
                sequenceType: SequenceType, affinityType: AffinityType, deltaG: QualifiedValue?,
                deltaGStatus: AffinityStatus, temperatureKelvin: Double, measurementCount: Int, affinityText: String) {
        self.complexID = complexID
        self.source = source
        self.pdbID = pdbID
        self.partner1 = partner1
        self.partner2 = partner2
        self.sequenceType = sequenceType
        self.affinityType = affinityType
        self.deltaG = deltaG
        self.deltaGStatus = deltaGStatus
        self.temperatureKelvin = temperatureKelvin
        self.measurementCount = measurementCount
        self.affinityText = affinityText
    }

    /// A ΔG fit for training as a number: exact or approximate, from a Kd or Ki (not IC50, not a bound).
    public var hasExactEquilibriumDeltaG: Bool {
        guard let deltaG else { return false }
        return !deltaG.isCensored && affinityType.isEquilibriumConstant
    }
}
