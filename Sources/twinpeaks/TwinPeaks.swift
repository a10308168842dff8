// The `twinpeaks` command: one subcommand per pipeline stage, in pipeline order.
import ArgumentParser

@main
struct TwinPeaks: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "twinpeaks",
        abstract: "Predict protein–protein binding ΔG and mutational ΔΔG from sequence alone.",
        discussion: """
        Stages run in this order, each reading the files the previous one wrote:
          prepare   SKEMPI v2, PDBbind and structure files → one dataset (TSV + FASTA):
                    complexes.tsv (partners, wild-type ΔG), mutations.tsv (SKEMPI mutants, ΔΔG),
                    sequences.fasta (every chain by MD5 key), provenance.json (written last)
          embed     every unique chain → per-residue features (descriptors or imported embeddings, HDF5)
          split     complexes → folds that keep protein families apart (folds.tsv + report, audited)
          audit     a folds table → highest validation–training identity and shared families per fold

        Units: ΔG and ΔΔG in kcal/mol; ΔΔG = ΔG(mutant) − ΔG(wild type), positive = weaker binding.
        Mutations: wild-type residue, chain, position, mutant residue, e.g. KA15A; several joined by commas.
        """,
        version: version,
<<<<<<< HEAD
        subcommands: [PrepareCommand.self, Embed.self, Train.self, Evaluate.self])
=======
        subcommands: [PrepareCommand.self, Embed.self, SplitCommand.self, AuditCommand.self])
>>>>>>> main
}
