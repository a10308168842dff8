// The `twinpeaks` command: one subcommand per pipeline stage, in pipeline order.
import ArgumentParser
import Foundation
import TwinPeaksTensor

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
          convert-esm2  ESM-2 safetensors weights → one parameter file for `embed --provider esm2`
          embed     every unique chain → per-residue features (descriptors or imported embeddings, HDF5)
          score-esm2  every mutant record → ESM-2 masked-marginal score (zero-shot ΔΔG, TSV) for `evaluate --esm2-scores`
          split     complexes → folds that keep protein families apart (folds.tsv + report, audited)
          audit     a folds table → highest validation–training identity and shared families per fold
          train     the dual-head network (an ensemble of seeds) → model files (HDF5)
          evaluate  train and score on each split beside simple baselines → metrics.json, report, plots

        Units: ΔG and ΔΔG in kcal/mol; ΔΔG = ΔG(mutant) − ΔG(wild type), positive = weaker binding.
        Mutations: wild-type residue, chain, position, mutant residue, e.g. KA15A; several joined by commas.
        """,
        version: version,
        subcommands: [PrepareCommand.self, ConvertESM2.self, Embed.self, ScoreESM2.self, SplitCommand.self, AuditCommand.self, Train.self, Predict.self, Scan.self,
                      Evaluate.self, Select.self, Tabulate.self, CheckHDF5.self])

    /// OpenBLAS 0.3.21 uses its slow SSE3 kernel on CPUs it does not know; restart with the right
    /// one before anything else runs (a no-op when OPENBLAS_CORETYPE is set or the CPU is known).
    static func main() {
        BLASKernel.relaunchWithTunedSettingsIfNeeded()
        HDF5ChildCheck.install()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            // Exit statuses: 0 success, 1 bad input or a failed run, 2 a bad command line (unknown
            // option, out-of-range value; ArgumentParser's own 64 is folded into the usual 2).
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
