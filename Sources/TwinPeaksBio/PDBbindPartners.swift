// Reader for `pdbbind_pp_sequences.tsv(.gz)`: per PDBbind entry, the two partners' chain ids and
// sequences, and whether they are crystallised chains or full-length UniProt sequences.

public struct PDBbindPartners: Hashable, Sendable {
    public var line: Int
    /// Lower-case PDB id.
    public var pdbID: String
    public var partner1: Partner
    public var partner2: Partner
    public var sequenceType: ComplexRecord.SequenceType
    /// Where the sequences came from (`fuyaocc_prodesign`, `skempi2_cleaned_atom`, …).
    public var source: String
    /// Where the chain grouping came from (`ppb_affinity`, `ppap_v2021`, …).
    public var chainGrouping: String

    public init(line: Int, pdbID: String, partner1: Partner, partner2: Partner, sequenceType: ComplexRecord.SequenceType,
                source: String, chainGrouping: String) {
        self.line = line
        self.pdbID = pdbID
        self.partner1 = partner1
        self.partner2 = partner2
        self.sequenceType = sequenceType
        self.source = source
        self.chainGrouping = chainGrouping
    }

    static let requiredColumns = ["pdb", "partner1_chains", "partner2_chains", "partner1_sequence", "partner2_sequence",
                                  "source", "seq_type", "chain_grouping_source", "partner1_uniprot", "partner2_uniprot"]

    /// Reads the table; every row must be valid (errors name file:line).
    public static func read(path: String) throws -> [PDBbindPartners] { try parse(TextFile(path: path)) }

    public static func parse(_ file: TextFile) throws -> [PDBbindPartners] {
        var result: [PDBbindPartners] = []
        var columns: [String: Int] = [:]
        var seen: Set<String> = []
        try file.forEachLine { number, bytes in
            let values = String(decoding: bytes, as: UTF8.self).split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if number == 1 {
                for (index, name) in values.enumerated() { columns[name] = index }
                let missing = requiredColumns.filter { columns[$0] == nil }
                guard missing.isEmpty else {
                    throw InputError(file.place(1), "header lacks \(missing.joined(separator: ", ")); expected pdbbind_pp_sequences.tsv")
                }
                return
            }
            if bytes.isEmpty { return }
            let place = file.place(number)
            guard values.count == columns.count else {
                throw InputError(place, "\(values.count) fields; expected \(columns.count) separated by tabs")
            }
            func field(_ name: String) -> String { values[columns[name]!] }
            let pdbID = field("pdb").lowercased()
            guard seen.insert(pdbID).inserted else { throw InputError(place, "PDB id \(pdbID) appears twice") }
            guard let type = ComplexRecord.SequenceType(rawValue: field("seq_type")) else {
                throw InputError(place, "seq_type '\(field("seq_type"))'; expected atom_chain or uniprot_full_length")
            }
            func partner(_ n: Int) throws -> Partner {
                let chains = field("partner\(n)_chains"), text = field("partner\(n)_sequence")
                let sequences = text.split(separator: ":", omittingEmptySubsequences: false).map { $0.uppercased() }
                for (index, sequence) in sequences.enumerated() {
                    guard !sequence.isEmpty else {
                        throw InputError(place, "partner \(n): chain \(index + 1) of \(sequences.count) has an empty sequence")
                    }
                    do { _ = try residues(of: sequence, record: "") } catch let error as InputError {
                        throw InputError(place, "partner \(n) chain \(index + 1): \(error.problem)")
                    }
                }
                switch type {
                case .atomChain:
                    guard chains.count == sequences.count else {
                        throw InputError(place, "partner \(n) names chains '\(chains)' but has \(sequences.count) sequences")
                    }
                case .uniprotFullLength:
                    guard chains.isEmpty, sequences.count == 1 else {
                        throw InputError(place, "partner \(n): a uniprot_full_length partner has no chain ids and one sequence")
                    }
                }
                return Partner(chainIDs: chains, chains: sequences, uniprot: field("partner\(n)_uniprot"))
            }
            result.append(PDBbindPartners(line: number, pdbID: pdbID, partner1: try partner(1), partner2: try partner(2),
                                          sequenceType: type, source: field("source"),
                                          chainGrouping: field("chain_grouping_source")))
        }
        guard !columns.isEmpty else { throw InputError(file.name, "empty file; expected pdbbind_pp_sequences.tsv") }
        return result
    }
}
