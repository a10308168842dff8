// The prepared dataset: complexes, SKEMPI mutation records, and every chain sequence by its MD5
// key. `Dataset.load(from:)` reads what `twinpeaks prepare` wrote (see README, "Dataset files").
import Foundation

public struct Dataset: Sendable {
    public static let complexesFile = "complexes.tsv"
    public static let mutationsFile = "mutations.tsv"
    public static let sequencesFile = "sequences.fasta"
    public static let provenanceFile = "provenance.json"
    /// Structure labels (training only): per-residue interface distances of complexes with a structure.
    public static let interfaceFile = "interface.tsv"
    /// Structure labels (training only): the residue pairs within 5 Å across each interface.
    public static let contactsFile = "contacts.tsv"

    public var complexes: [ComplexRecord]
    public var mutations: [MutationRecord]
    /// Chain sequences (wild type and mutant) keyed by MD5 of the upper-case sequence.
    public var sequences: [String: String]
    /// Interface labels by complex id, for the complexes whose structure was read (SKEMPI).
    public var interfaces: [String: ComplexInterface]
    private var complexIndex: [String: Int]

    public init(complexes: [ComplexRecord], mutations: [MutationRecord], sequences: [String: String],
                interfaces: [String: ComplexInterface] = [:]) {
        self.complexes = complexes
        self.mutations = mutations
        self.sequences = sequences
        self.interfaces = interfaces
        self.complexIndex = Dictionary(complexes.enumerated().map { ($1.complexID, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Reads a dataset directory. It must be complete (its `provenance.json` written last exists),
    /// every mutation record must name a complex, and every sequence key must be in `sequences.fasta`.
    public static func load(from directory: String) throws -> Dataset {
        guard FileManager.default.fileExists(atPath: directory + "/" + provenanceFile) else {
            throw InputError(directory, "no \(provenanceFile): the dataset is missing or incomplete; run `twinpeaks prepare` (make data)")
        }
        let complexes = try ComplexTable.read(path: directory + "/" + complexesFile)
        let mutations = try MutationTable.read(path: directory + "/" + mutationsFile)
        var sequences: [String: String] = [:]
        for record in try FASTAFile.read(path: directory + "/" + sequencesFile) {
            sequences[record.identifier] = record.sequence
        }
        // A dataset prepared before structure labels existed has no interface file: no labels, no error.
        let interfacePath = directory + "/" + interfaceFile
        var interfaces = FileManager.default.fileExists(atPath: interfacePath)
            ? try InterfaceTable.read(path: interfacePath,
                                      complexes: Dictionary(complexes.map { ($0.complexID, $0) }, uniquingKeysWith: { a, _ in a }))
            : [:]
        // Likewise a dataset prepared before contact maps existed has interface labels and no contacts.
        let contactsPath = directory + "/" + contactsFile
        if FileManager.default.fileExists(atPath: contactsPath) {
            try ContactTable.read(path: contactsPath, into: &interfaces)
        }
        let dataset = Dataset(complexes: complexes, mutations: mutations, sequences: sequences, interfaces: interfaces)
        for complex in complexes {
            for key in complex.partner1.chainKeys + complex.partner2.chainKeys where sequences[key] == nil {
                throw InputError("\(complexesFile): \(complex.complexID)", "sequence key \(key) is not in \(sequencesFile)")
            }
        }
        for record in mutations {
            guard dataset.complex(record.complexID) != nil else {
                throw InputError("\(mutationsFile): \(record.recordID)", "complex \(record.complexID) is not in \(complexesFile)")
            }
            for key in record.partner1MutantKeys + record.partner2MutantKeys where sequences[key] == nil {
                throw InputError("\(mutationsFile): \(record.recordID)", "sequence key \(key) is not in \(sequencesFile)")
            }
        }
        return dataset
    }

    /// The complex with this id (`1CSE_E_I`, `PDBbind:1a22`), or nil.
    public func complex(_ id: String) -> ComplexRecord? { complexIndex[id].map { complexes[$0] } }

    /// The mutant partners of a mutation record, built from its complex (wild types checked).
    public func mutantPartners(of record: MutationRecord) throws -> (Partner, Partner) {
        guard let complex = complex(record.complexID) else {
            throw InputError(record.recordID, "complex \(record.complexID) is not in the dataset")
        }
        return try record.mutantPartners(of: complex)
    }

    /// The contents of the data files, byte for byte as written.
    func fileContents(fastaWidth: Int) -> [(name: String, text: String)] {
        let records = sequences.keys.sorted().map { FASTARecord(header: $0, chains: [sequences[$0]!]) }
        return [
            (Self.complexesFile, ComplexTable.header + complexes.map(ComplexTable.row).joined()),
            (Self.mutationsFile, MutationTable.header + mutations.map(MutationTable.row).joined()),
            (Self.sequencesFile, FASTAFile.format(records, width: fastaWidth)),
            (Self.interfaceFile, InterfaceTable.header + complexes.compactMap { complex in
                interfaces[complex.complexID].map {
                    InterfaceTable.rows(complexID: complex.complexID, interface: $0, partners: (complex.partner1, complex.partner2))
                }
            }.joined()),
            (Self.contactsFile, ContactTable.header + complexes.compactMap { complex in
                interfaces[complex.complexID].map { ContactTable.rows(complexID: complex.complexID, interface: $0) }
            }.joined()),
        ]
    }
}
