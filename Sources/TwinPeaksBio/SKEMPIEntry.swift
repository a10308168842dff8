// One row of the SKEMPI v2 table: the complex and its partners, the mutations in both numberings,
// both affinities, the temperature and the reference.

public struct SKEMPIEntry: Hashable, Sendable {
    /// The line in the file (the header is line 1).
    public var line: Int
    /// `#Pdb`, e.g. `1AO7_ABC_DE`.
    public var complexID: String
    /// The PDB id as SKEMPI writes it (`1AO7`).
    public var pdbID: String
    public var partner1Chains: [Character]
    public var partner2Chains: [Character]
    /// `Mutation(s)_PDB`: original PDB numbering, insertion codes allowed.
    public var mutationsPDB: MutationSet
    /// `Mutation(s)_cleaned`: the numbering of SKEMPI's cleaned structure files.
    public var mutationsCleaned: MutationSet
    public var affinityMutant: SKEMPIAffinity
    public var affinityWildType: SKEMPIAffinity
    public var temperatureKelvin: Double
    /// True when the table gives `298(assumed)` or no temperature at all.
    public var temperatureAssumed: Bool
    /// `Reference` (usually a PubMed id).
    public var reference: String
    public var protein1: String
    public var protein2: String
    public var method: String

    public init(line: Int, complexID: String, pdbID: String, partner1Chains: [Character], partner2Chains: [Character],
                mutationsPDB: MutationSet, mutationsCleaned: MutationSet, affinityMutant: SKEMPIAffinity,
                affinityWildType: SKEMPIAffinity, temperatureKelvin: Double, temperatureAssumed: Bool,
                reference: String, protein1: String, protein2: String, method: String) {
        self.line = line
        self.complexID = complexID
        self.pdbID = pdbID
        self.partner1Chains = partner1Chains
        self.partner2Chains = partner2Chains
        self.mutationsPDB = mutationsPDB
        self.mutationsCleaned = mutationsCleaned
        self.affinityMutant = affinityMutant
        self.affinityWildType = affinityWildType
        self.temperatureKelvin = temperatureKelvin
        self.temperatureAssumed = temperatureAssumed
        self.reference = reference
        self.protein1 = protein1
        self.protein2 = protein2
        self.method = method
    }

    /// Splits a complex id `1AO7_ABC_DE` into the PDB id and the two partners' chain ids.
    public static func partners(ofComplex id: String) throws -> (pdbID: String, partner1: [Character], partner2: [Character]) {
        let parts = id.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, !parts[1].isEmpty, !parts[2].isEmpty,
              (parts[1] + parts[2]).allSatisfy({ $0.isLetter || $0.isNumber }) else {
            throw InputError("", "complex id '\(id)' is not PDB_CHAINS_CHAINS; expected e.g. 1AO7_ABC_DE")
        }
        let one = Array(parts[1]), two = Array(parts[2])
        guard Set(one).isDisjoint(with: two), Set(one).count == one.count, Set(two).count == two.count else {
            throw InputError("", "complex id '\(id)' names a chain twice")
        }
        return (String(parts[0]), one, two)
    }

    /// Parses the `Temperature` cell: `298`, `298(assumed)`, or blank (298.15 K, assumed).
    public static func temperature(parsing text: String) throws -> (kelvin: Double, assumed: Bool) {
        var body = text.trimmingCharactersInWhitespace()
        if body.isEmpty { return (Thermodynamics.defaultTemperatureKelvin, true) }
        var assumed = false
        if body.hasSuffix("(assumed)") {
            assumed = true
            body.removeLast("(assumed)".count)
        }
        guard let kelvin = Double(body), kelvin > 0, kelvin < 500 else {
            throw InputError("", "temperature '\(text)' is not a temperature in K; expected e.g. 298 or 298(assumed)")
        }
        return (kelvin, assumed)
    }
}
