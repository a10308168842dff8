// The `prepare` stage: read Reference/ (SKEMPI v2, its structures, PDBbind), build the dataset,
// write it under temporary names, rename, and write provenance.json last as the done marker.
import Foundation

public enum DatasetPreparation {
    public struct Configuration: Sendable {
        /// The folder with `skempi/` and `pdbbind/` (README, "Reference").
        public var referenceDirectory: String
        /// Where the dataset is written (created if missing).
        public var outputDirectory: String
        /// Stop at the first invalid source record instead of dropping and counting it.
        public var strict: Bool = false
        /// Residues per line in `sequences.fasta`.
        public var fastaWidth: Int = 60
        /// The tool version recorded in provenance.
        public var version: String = "unknown"

        public init(referenceDirectory: String, outputDirectory: String) {
            self.referenceDirectory = referenceDirectory
            self.outputDirectory = outputDirectory
        }
    }

    /// The input files under the reference folder (a `.gz` twin is used when the plain file is absent).
    static let skempiTable = "skempi/skempi_v2.csv"
    static let skempiStructures = "skempi/pdbs"
    static let pdbbindExport = "pdbbind/PDBbind_v2020_PP_pdbbindcn_export.csv"
    static let pdbbindPartners = "pdbbind/pdbbind_pp_sequences.tsv"

    /// Builds the dataset from the reference files without writing anything.
    public static func build(_ configuration: Configuration, progress: (String) -> Void = { _ in })
        throws -> (dataset: Dataset, summary: PrepareSummary, inputs: [String]) {
        let reference = configuration.referenceDirectory
        var inputs: [String] = []
        func input(_ relative: String) -> String {
            let path = TextFile.existingPath(reference + "/" + relative)
            inputs.append(String(path.dropFirst(reference.count + 1)))
            return path
        }
        var summary = PrepareSummary()
        progress("reading the SKEMPI v2 table")
        let tablePath = input(skempiTable)
        let table = try SKEMPITable.read(path: tablePath, strict: configuration.strict)
        let ids = Set(table.entries.map(\.pdbID)).sorted()
        var structures: [String: SKEMPIStructure] = [:]
        for (offset, id) in ids.enumerated() {
            if offset % 50 == 0 { progress("reading SKEMPI structures \(offset + 1)–\(min(offset + 50, ids.count)) of \(ids.count)") }
            structures[id] = try SKEMPIStructure.load(pdbID: id, directory: reference + "/" + skempiStructures)
            _ = input("\(skempiStructures)/\(id).pdb")
            _ = input("\(skempiStructures)/\(id).mapping")
        }
        progress("resolving SKEMPI mutations")
        let skempi = try SKEMPIDataset(table: table, structures: structures, fileName: TextFile.lastPathComponent(tablePath),
                                       strict: configuration.strict, summary: &summary)
        progress("reading PDBbind")
        let export = try PDBbindExport.read(path: input(pdbbindExport), strict: configuration.strict)
        let partners = try PDBbindPartners.read(path: input(pdbbindPartners))
        let skempiIDs = Set(skempi.complexes.filter { $0.deltaGStatus == .measured }.map(\.pdbID))
        let pdbbind = PDBbindDataset(export: export, partners: partners, skempiDeltaGIDs: skempiIDs, summary: &summary)

        let complexes = skempi.complexes + pdbbind.complexes
        progress("interface labels from the SKEMPI structures")
        let interfaces = try interfaceLabels(skempi.complexes, structures: structures,
                                             directory: reference + "/" + skempiStructures)
        summary.keep("complexes with interface labels (from structures)", interfaces.count)
        var sequences: [String: String] = [:]
        for complex in complexes {
            for chain in complex.partner1.chains + complex.partner2.chains { sequences[MD5.sequenceKey(chain)] = chain }
        }
        let wildTypeKeys = Set(sequences.keys)
        let dataset = Dataset(complexes: complexes, mutations: skempi.mutations, sequences: sequences)
        for record in skempi.mutations {
            let (partner1, partner2) = try dataset.mutantPartners(of: record)
            for chain in partner1.chains + partner2.chains { sequences[MD5.sequenceKey(chain)] = chain }
        }
        summary.keep("complexes written", complexes.count)
        summary.keep("mutation records written", skempi.mutations.count)
        summary.keep("unique chain sequences written (wild type)", wildTypeKeys.count)
        summary.keep("unique chain sequences written (mutant)", sequences.count - wildTypeKeys.count)
        return (Dataset(complexes: complexes, mutations: skempi.mutations, sequences: sequences, interfaces: interfaces),
                summary, inputs.sorted())
    }

    /// Per-residue interface distances of every SKEMPI complex, from its cleaned structure. The
    /// partner sequences come from the same structures, so residue i of a partner is residue i here.
    static func interfaceLabels(_ complexes: [ComplexRecord], structures: [String: SKEMPIStructure], directory: String)
        throws -> [String: ComplexInterface] {
        var atomsByPDB: [String: StructureAtoms] = [:]
        var result: [String: ComplexInterface] = [:]
        for complex in complexes {
            let pdb = complex.pdbID.uppercased()
            guard let structure = structures[pdb]?.structure else {
                throw InputError(complex.complexID, "no structure \(pdb) read for the interface labels")
            }
            if atomsByPDB[pdb] == nil {
                let file = try TextFile(path: TextFile.existingPath(directory + "/" + pdb + ".pdb"))
                atomsByPDB[pdb] = try StructureAtoms.read(file, structure: structure)
            }
            let interface = try InterfaceLabels.compute(
                structure: structure, atoms: atomsByPDB[pdb]!,
                partner1: complex.partner1.chainIDs.map(String.init), partner2: complex.partner2.chainIDs.map(String.init))
            for (side, partner) in [complex.partner1, complex.partner2].enumerated()
            where interface.minimumDistance[side].count != partner.chains.reduce(0, { $0 + $1.count }) {
                throw InputError(complex.complexID, "partner \(side + 1): the structure has \(interface.minimumDistance[side].count) residues, the sequence \(partner.chains.reduce(0) { $0 + $1.count })")
            }
            result[complex.complexID] = interface
        }
        return result
    }

    /// Builds and writes the dataset; returns the summary. Same input gives byte-identical files.
    @discardableResult
    public static func run(_ configuration: Configuration, progress: (String) -> Void = { _ in }) throws -> PrepareSummary {
        let (dataset, summary, inputs) = try build(configuration, progress: progress)
        let output = configuration.outputDirectory
        progress("writing \(output)")
        let manager = FileManager.default
        do {
            try manager.createDirectory(atPath: output, withIntermediateDirectories: true)
            // The done marker goes first, so an interrupted run never leaves new data under an old marker.
            if manager.fileExists(atPath: output + "/" + Dataset.provenanceFile) {
                try manager.removeItem(atPath: output + "/" + Dataset.provenanceFile)
            }
        } catch {
            throw InputError(output, "cannot prepare the output folder: \(error.localizedDescription)")
        }
        var outputs: [String: String] = [:]
        for (name, text) in dataset.fileContents(fastaWidth: configuration.fastaWidth) {
            try writeAtomically(text, to: output + "/" + name)
            outputs[name] = MD5.hex(Array(text.utf8))
        }
        var inputHashes: [String: String] = [:]
        for relative in inputs {
            guard let data = manager.contents(atPath: configuration.referenceDirectory + "/" + relative) else {
                throw InputError(relative, "cannot read the file to fingerprint it")
            }
            inputHashes[relative] = MD5.hex(data)
        }
        let provenance: [String: Any] = [
            "stage": "prepare",
            "version": configuration.version,
            "configuration": ["reference": configuration.referenceDirectory, "strict": configuration.strict,
                              "fasta_width": configuration.fastaWidth],
            "inputs_md5": inputHashes,
            "outputs_md5": outputs,
            "kept": Dictionary(summary.kept.map { ($0.label, $0.count) }, uniquingKeysWith: { a, _ in a }),
            "dropped": Dictionary(summary.dropped.map { ($0.label, $0.count) }, uniquingKeysWith: { a, _ in a }),
            "rejected_records": summary.rejected.map { "\($0.error)" },
            "conventions": ["ΔG = RT·ln(Kd) in kcal/mol, R = 1.98720425864083e-3 kcal/(mol·K), T from the record (default 298.15 K)",
                            "ΔΔG = ΔG(mutant) − ΔG(wild type): positive = the mutation weakens binding",
                            "qualifiers: = exact, ~ approximate, < and > censored bounds, empty = no number (see status)",
                            "mutations_seq: 1-based positions within the named chain"],
        ]
        let json = try JSONSerialization.data(withJSONObject: provenance, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        try writeAtomically(String(decoding: json, as: UTF8.self) + "\n", to: output + "/" + Dataset.provenanceFile)
        return summary
    }

    /// Writes `path.tmp`, then renames it over `path`.
    static func writeAtomically(_ text: String, to path: String) throws {
        let temporary = path + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8)) else {
            throw InputError(temporary, "cannot write the file")
        }
        guard rename(temporary, path) == 0 else {
            throw InputError(path, "cannot rename \(temporary) to it (errno \(errno))")
        }
    }
}
