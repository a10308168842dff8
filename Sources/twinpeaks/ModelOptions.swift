// Options shared by `train` and `evaluate`: where features come from, which network, which seeds.
import ArgumentParser
import Foundation
import TwinPeaksBio
import TwinPeaksEmbedding
import TwinPeaksModel
import TwinPeaksTensor

struct FeatureOptions: ParsableArguments {
    @Option(help: "Per-residue embeddings written by `twinpeaks embed` (HDF5). Without it the built-in descriptors are computed in-process.")
    var embeddings: String?

    @Option(help: "Built-in descriptor blocks when no --embeddings file is given ('default' = all, D = 58).")
    var descriptors: String = "default"

    func provider() throws -> ResidueFeatureProvider {
        if let embeddings { return try StoredEmbeddings(path: embeddings) }
        return try DescriptorProvider(parsing: descriptors)
    }

    var summary: String { embeddings.map { "embeddings \($0)" } ?? "descriptors \(descriptors)" }
}

struct NetworkOptions: ParsableArguments {
    @Option(help: "A JSON configuration of the network and its training (keys of ModelConfiguration; absent keys keep their defaults).")
    var config: String?

    @Option(help: "A named configuration when no --config is given: full (site-level ΔΔG input and wide descriptor paths), structure (full + interface head trained on the structures, ΔΔG gated by the predicted interface, within-complex ranking loss), contacts (structure + a contact-map head on both partners' tokens trained on the structures' window contacts), burial (contacts + a burial head trained on each window's relative burial on binding, ΔSASA, which the interface gate reads), interface (full + interface head and gate), ranking (full + ranking loss), deep-descriptors (full + the explicit descriptors also read by the heads' deep MLPs), paper-faithful (pooled only), site (paper-faithful + site input), wide (paper-faithful + wide paths).")
    var preset: String = "full"

    @Option(parsing: .unconditional, help: "Override the number of training epochs.")
    var epochs: Int?

    @Option(help: "Seed of the first ensemble member (member k uses seed + k).")
    var seed: UInt64 = 1

    @Option(help: "Members of the ensemble; predictions are their mean, with the spread reported.")
    var ensemble: Int = 1

    @Option(parsing: .unconditional, help: "BLAS threads (default: OPENBLAS_NUM_THREADS, else OpenBLAS's choice).")
    var threads: Int?

    @Option(help: "Fit the stack of network and gradient-boosted trees on K-fold out-of-fold predictions of the training complexes (0: no stack). Costs K more network trainings (per fold in evaluate).")
    var stackFolds: Int = 0

    func validate() throws {
        try CountBounds.check(ensemble, CountBounds.ensemble, "--ensemble")
        try CountBounds.check(epochs, CountBounds.epochs, "--epochs")
        try CountBounds.check(threads, CountBounds.threads, "--threads")
        try CountBounds.check(stackFolds, CountBounds.stackFolds, "--stack-folds")
        if stackFolds == 1 { throw ValidationError("--stack-folds 1: expected 0 (no stack) or at least 2 folds") }
        guard Self.presets.contains(preset) else {
            throw ValidationError("--preset '\(preset)': expected one of \(Self.presets.joined(separator: ", "))")
        }
    }

    func configuration() throws -> ModelConfiguration {
        var c: ModelConfiguration
        if let config { c = try ModelConfiguration.load(config) }
        else {
            c = .paperFaithful
            switch preset {
            case "full": c = .full
            case "structure": c = .structure
            case "interface": c = .structure; c.rankingLossWeight = 0
            case "contacts": c = .structure; c.contactLossWeight = 1
            case "burial": c = .structure; c.contactLossWeight = 1; c.burialLossWeight = 1; c.gateOnBurial = true
            case "ranking": c = .full; c.rankingLossWeight = ModelConfiguration.structure.rankingLossWeight
            case "deep-descriptors": c = .full; c.descriptorsInDeep = true
            case "site": c.siteInput = true
            case "wide": c.widePaths = true
            default: break
            }
        }
        if let epochs { c.epochs = epochs }
        try c.validate()
        return c
    }

    static let presets = ["full", "structure", "contacts", "burial", "interface", "ranking", "deep-descriptors", "paper-faithful", "site", "wide"]

    func configureThreads() throws { _ = try TensorThreads.configure(explicit: threads) }
}

/// The MD5 of a dataset's provenance.json (which holds the hashes of every input), recorded in
/// model and evaluation provenance; empty when the file cannot be read.
func datasetProvenanceMD5(_ dataset: String) -> String {
    (try? MD5.hex(Data(contentsOf: URL(fileURLWithPath: dataset + "/provenance.json")))) ?? ""
}
