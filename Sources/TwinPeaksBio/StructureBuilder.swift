// Collects atom records into protein chains for the PDB and mmCIF readers: residue identity,
// alternate locations (the first one seen wins), ligands versus polymer, repeated chain copies.

/// One atom record, reduced to what chain building needs.
struct AtomRecord {
    var isHetero: Bool
    var serial: Int?
    /// Alternate-location id, 0 when blank.
    var altLoc: UInt8
    var residueName: String
    var chain: String
    var residue: ResidueID
    /// From mmCIF `label_seq_id` (`.` = not in a polymer); nil in PDB files.
    var inPolymer: Bool?
}

struct StructureBuilder {
    private struct ChainState {
        var id: String
        var residues: [AminoAcid] = []
        var ids: [ResidueID] = []
        var names: [String] = []
        var chosenAltLoc: [UInt8] = []
        var index: [ResidueID: Int] = [:]
        var firstSerial: Int? = nil
        var terminated = false
        var extraCopies = 0
        var firstCopyLine = 0
    }

    private var states: [ChainState] = []
    private var stateIndex: [String: Int] = [:]
    /// True when the file has explicit models: copies are then told apart by MODEL, not by serials.
    var hasModels = false

    /// Adds one atom. `place` names the line for errors.
    mutating func add(_ atom: AtomRecord, line: Int, place: () -> String) throws {
        let name = atom.residueName
        if ResidueNames.isWater(name) { return }
        guard let aminoAcid = ResidueNames.aminoAcid(name) else {
            if atom.isHetero || ResidueNames.isNucleotide(name) { return }  // ligand, cap or nucleic acid
            throw InputError(place(), "unknown residue '\(name)' in an ATOM record; expected a standard amino acid, UNK or a known modified residue (MSE, SEP, …)")
        }
        let index: Int
        if let known = stateIndex[atom.chain] {
            index = known
        } else {
            index = states.count
            stateIndex[atom.chain] = index
            states.append(ChainState(id: atom.chain))
        }
        try Self.add(atom, aminoAcid: aminoAcid, to: &states[index], hasModels: hasModels, line: line, place: place)
    }

    private static func add(_ atom: AtomRecord, aminoAcid: AminoAcid, to state: inout ChainState, hasModels: Bool,
                            line: Int, place: () -> String) throws {
        let name = atom.residueName
        if atom.isHetero {
            if atom.inPolymer == false { return }                       // mmCIF non-polymer entity
            if atom.inPolymer == nil && state.terminated { return }    // PDB: after the chain's TER
        }
        // A chain whose atom serial numbers fall back to its first serial is a further copy of the
        // same chain (NMR models written one after another without MODEL records): keep the first.
        if !hasModels, let serial = atom.serial {
            if let first = state.firstSerial {
                if serial <= first {
                    if state.extraCopies == 0 { state.firstCopyLine = line }
                    state.extraCopies += 1
                    return
                }
            } else {
                state.firstSerial = serial
            }
        }
        if state.extraCopies > 0 { return }
        if let existing = state.index[atom.residue] {
            if atom.altLoc != 0 && state.chosenAltLoc[existing] == 0 { state.chosenAltLoc[existing] = atom.altLoc }
            if name != state.names[existing] {
                if atom.altLoc != 0 { return }  // microheterogeneity: the first alternate's residue is kept
                throw InputError(place(), "residue \(atom.chain) \(atom.residue) appears as both \(state.names[existing]) and \(name) without alternate locations; expected one residue per number and insertion code")
            }
            return
        }
        state.index[atom.residue] = state.residues.count
        state.residues.append(aminoAcid)
        state.ids.append(atom.residue)
        state.names.append(name)
        state.chosenAltLoc.append(atom.altLoc)
    }

    /// Marks the end of a chain (PDB TER): later HETATM records of that chain are ligands.
    mutating func terminate(chain: String) {
        if let index = stateIndex[chain] { states[index].terminated = true }
    }

    func build(name: String, fileName: String) -> Structure {
        var chains: [StructureChain] = []
        var notes: [String] = []
        for state in states where !state.residues.isEmpty {
            let id = state.id
            chains.append(StructureChain(id: id, residues: state.residues, residueIDs: state.ids, residueNames: state.names))
            if state.extraCopies > 0 {
                notes.append("\(fileName): chain \(id): kept the first copy (\(state.residues.count) residues); the atom serial numbers restart at line \(state.firstCopyLine), \(state.extraCopies) further copies (models without MODEL records) ignored")
            }
        }
        return Structure(name: name, chains: chains, notes: notes)
    }
}
