// `twinpeaks score-esm2`: the ESM-2 masked-marginal score of every mutant record of a dataset,
// into the table `evaluate --esm2-scores` reads (a stage file, so `make` reruns it only when the
// dataset or the weights change).
import ArgumentParser
import Foundation
import TwinPeaksBio
import TwinPeaksEmbedding
import TwinPeaksModel
import TwinPeaksTensor

struct ScoreESM2: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score-esm2",
        abstract: "Score every mutant record of a dataset zero-shot with ESM-2 (masked marginal, nats).",
        discussion: """
        For each record of DATASET/mutations.tsv, each mutated chain is read alone by ESM-2 with all its \
        mutated positions masked at once, and Σ log p(wild type) − log p(mutant) over those positions is \
        summed over the chains (Meier et al. 2021, sign flipped so that positive = the mutant is less likely, \
        the sign of a destabilising ΔΔG = ΔG(mutant) − ΔG(wild type)). Records that mask the same positions of \
        the same chain share one pass. Needs weights with the language-model head (a facebook/esm2_* \
        EsmForMaskedLM checkpoint through `twinpeaks convert-esm2`). Writes a TSV (record_id, complex_id, \
        mutations, masked_marginal_nats) through a temporary file; `twinpeaks evaluate --esm2-scores FILE` \
        adds it as a zero-shot baseline row and as one more descriptor of the ridge, the trees and the wide path.
        """)

    @Option(help: "The ESM-2 parameter file written by `twinpeaks convert-esm2` (with its lm_head.* tensors).")
    var weights: String?

    @Option(help: "The dataset folder written by `twinpeaks prepare`.")
    var dataset: String = "work/dataset"

    @Option(help: "The scores table to write (TSV).")
    var output: String?

    @Option(parsing: .unconditional, help: "BLAS threads (default: OPENBLAS_NUM_THREADS, else OpenBLAS's choice).")
    var threads: Int?

    @OptionGroup var unrecognized: UnrecognizedArguments

    func validate() throws {
        // Unknown options first, so a misspelt one is named rather than a missing required one.
        try unrecognized.validate()
        _ = try UnrecognizedArguments.required(weights, "--weights <parameter file>")
        _ = try UnrecognizedArguments.required(output, "--output <scores table>")
        try CountBounds.check(threads, CountBounds.threads, "--threads")
    }

    func run() throws {
        let weights = weights!, output = output!  // checked in validate()
        do {
            _ = try TensorThreads.configure(explicit: threads)
            let samples = try SampleSet(dataset: Dataset.load(from: dataset))
            let provider = try ESM2Provider(weights: weights)
            guard provider.model.languageModelHead != nil else {
                throw InputError(weights, "has no language-model head (lm_head.*); convert an EsmForMaskedLM checkpoint "
                                 + "(facebook/esm2_* model.safetensors), not an EsmModel one")
            }
            let description = "\(provider.model.configuration.name), \(provider.weightsDescription)"
            note("score-esm2: \(provider.model.configuration), \(samples.mutants.count) records, "
                 + "\(TensorThreads.count) thread\(TensorThreads.count == 1 ? "" : "s")")
            let start = Date()
            let progress = ProgressLine("score-esm2", total: samples.mutants.count)
            let scores = try MaskedMarginalScores(samples: samples, model: provider.model, modelDescription: description) { done, _ in
                progress.update(done: done, unitsPerSecond: Double(done) / max(Date().timeIntervalSince(start), 1e-9), unit: "records")
            }
            progress.finish()
            try scores.write(to: output, samples: samples, datasetMD5: datasetProvenanceMD5(dataset))
            note("score-esm2: \(scores.nats.count) records in \(ProgressLine.duration(Date().timeIntervalSince(start))) → \(output)")
        } catch let error as InputError {
            note("twinpeaks score-esm2: \(error)")
            throw ExitCode(1)
        }
    }
}
