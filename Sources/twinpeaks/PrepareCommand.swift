// `twinpeaks prepare`: Reference/ (SKEMPI v2, its structures, PDBbind) → the dataset folder
// (complexes.tsv, mutations.tsv, sequences.fasta, provenance.json); summary on stderr.
import ArgumentParser
import Foundation
import TwinPeaksBio

struct PrepareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prepare",
        abstract: "Build the dataset (complexes with ΔG, SKEMPI mutants with ΔΔG, chain sequences) from Reference/.",
        discussion: """
        Reads skempi/skempi_v2.csv, skempi/pdbs/*.pdb.gz and *.mapping.gz, \
        pdbbind/PDBbind_v2020_PP_pdbbindcn_export.csv and pdbbind/pdbbind_pp_sequences.tsv.gz under the \
        reference folder, and writes complexes.tsv, mutations.tsv, sequences.fasta and, last, \
        provenance.json to the output folder. ΔG = RT·ln(Kd) in kcal/mol at the record's temperature \
        (298.15 K when none is given); ΔΔG = ΔG(mutant) − ΔG(wild type), positive = weaker binding. \
        Censored values keep their < or > qualifier; non-binders and unfolded mutants have no number. \
        Records that cannot be used are dropped and counted by reason in the summary printed to stderr \
        (with --strict the first one stops the run). The same input gives byte-identical files.
        """)

    @Option(name: .long, help: "The reference data folder (with skempi/ and pdbbind/).")
    var reference: String = "Reference"

    @Option(name: .long, help: "The folder to write the dataset to (created if missing).")
    var output: String = "work/dataset"

    @Flag(name: .long, help: "Stop at the first invalid source record instead of dropping and counting it.")
    var strict = false

    @Option(name: .long, help: "Residues per line in sequences.fasta.")
    var fastaWidth: Int = 60

    @OptionGroup var unrecognized: UnrecognizedArguments

    func validate() throws {
        try unrecognized.validate()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: reference, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("--reference \(reference) is not a folder; expected the Reference/ data folder")
        }
        guard fastaWidth >= 10 else { throw ValidationError("--fasta-width must be at least 10 residues per line") }
    }

    func run() throws {
        var configuration = DatasetPreparation.Configuration(referenceDirectory: reference, outputDirectory: output)
        configuration.strict = strict
        configuration.fastaWidth = fastaWidth
        configuration.version = TwinPeaks.version
        let start = Date()
        let summary = try DatasetPreparation.run(configuration) { message in
            // Progress only when the stage takes long enough for someone to wonder.
            if Date().timeIntervalSince(start) > 2 { FileHandle.standardError.write(Data("prepare: \(message)…\n".utf8)) }
        }
        let seconds = String(format: "%.1f", Date().timeIntervalSince(start))
        FileHandle.standardError.write(Data("prepare: wrote \(output) in \(seconds) s\n\(summary)".utf8))
    }
}
