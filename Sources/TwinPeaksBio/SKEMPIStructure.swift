// A SKEMPI cleaned structure with its `.mapping`: chain sequences, and mutations in either SKEMPI
// numbering resolved to 1-based sequence positions with the wild-type letter checked.

public struct SKEMPIStructure: Sendable {
    public var pdbID: String
    public var structure: Structure
    public var mapping: SKEMPIResidueMapping

    /// Checks that the mapping describes the structure: for each chain, the first copy of every
    /// original residue has the cleaned number of a structure residue with the same name.
    public init(pdbID: String, structure: Structure, mapping: SKEMPIResidueMapping) throws {
        self.pdbID = pdbID
        self.structure = structure
        self.mapping = mapping
        var mapped: [Character: Int] = [:]
        for entry in mapping.entries where mapping.cleanedNumber(chain: entry.chain, original: entry.original) == entry.cleanedNumber {
            guard let chain = structure.chain(String(entry.chain)),
                  let position = chain.position(of: ResidueID(entry.cleanedNumber)),
                  chain.residueNames[position - 1] == entry.residueName else {
                throw InputError(mapping.name, "\(entry.residueName) \(entry.chain) \(entry.original) (cleaned \(entry.cleanedNumber)) is not a residue of that name in \(structure.name)")
            }
            mapped[entry.chain, default: 0] += 1
        }
        for chain in structure.chains where mapped[Character(chain.id)] != chain.count {
            throw InputError(mapping.name, "chain \(chain.id) maps \(mapped[Character(chain.id)] ?? 0) residues; \(structure.name) has \(chain.count)")
        }
    }

    /// Reads `<directory>/<PDB>.pdb(.gz)` and `<directory>/<PDB>.mapping(.gz)`.
    public static func load(pdbID: String, directory: String) throws -> SKEMPIStructure {
        let structure = try Structure.read(path: TextFile.existingPath(directory + "/" + pdbID + ".pdb"))
        let mapping = try SKEMPIResidueMapping.read(path: TextFile.existingPath(directory + "/" + pdbID + ".mapping"))
        return try SKEMPIStructure(pdbID: pdbID, structure: structure, mapping: mapping)
    }

    public func chain(_ id: Character) -> StructureChain? { structure.chain(String(id)) }

    /// The sequence position of a residue given in the cleaned numbering (`Mutation(s)_cleaned`). For
    /// 1KBH, whose cleaned file repeats the chain once per NMR model, a later copy maps to the first.
    public func position(chain: Character, cleanedNumber: Int) -> Int? {
        guard let original = mapping.original(chain: chain, cleanedNumber: cleanedNumber) else { return nil }
        return position(chain: chain, original: original)
    }

    /// The sequence position of a residue given in the original PDB numbering (`Mutation(s)_PDB`).
    public func position(chain: Character, original: ResidueID) -> Int? {
        guard let cleaned = mapping.cleanedNumber(chain: chain, original: original) else { return nil }
        return self.chain(chain)?.position(of: ResidueID(cleaned))
    }

    /// Both mutation columns of a row resolved to sequence coordinates (1-based positions within the
    /// chain); each wild-type letter is checked and the two columns must name the same residues.
    public func sequenceMutations(of entry: SKEMPIEntry) throws -> MutationSet {
        let cleaned = try resolve(entry.mutationsCleaned, column: "Mutation(s)_cleaned") { m in
            m.insertionCode == nil ? position(chain: m.chain, cleanedNumber: m.residueNumber) : nil
        }
        let original = try resolve(entry.mutationsPDB, column: "Mutation(s)_PDB") { m in
            position(chain: m.chain, original: ResidueID(m.residueNumber, m.insertionCode))
        }
        guard cleaned == original else {
            throw InputError("", "Mutation(s)_cleaned \(entry.mutationsCleaned) is \(cleaned) in sequence coordinates, but Mutation(s)_PDB \(entry.mutationsPDB) is \(original)")
        }
        return cleaned
    }

    private func resolve(_ set: MutationSet, column: String, _ locate: (PointMutation) -> Int?) throws -> MutationSet {
        var result: [PointMutation] = []
        for m in set.mutations {
            guard let chain = chain(m.chain) else {
                throw InputError("", "\(column) \(m): \(pdbID) has no chain \(m.chain)")
            }
            guard let position = locate(m) else {
                throw InputError("", "\(column) \(m): \(pdbID) chain \(m.chain) has no residue \(m.residueNumber)\(m.insertionCode.map { String($0) } ?? "")")
            }
            let found = chain.residues[position - 1]
            guard found == m.wildType else {
                throw InputError("", "\(column) \(m): wild type \(m.wildType.oneLetter), but \(pdbID) chain \(m.chain) has \(found.oneLetter) (\(chain.residueNames[position - 1])) there (sequence position \(position))")
            }
            result.append(PointMutation(wildType: m.wildType, chain: m.chain, residueNumber: position, mutant: m.mutant))
        }
        return MutationSet(result)
    }
}
