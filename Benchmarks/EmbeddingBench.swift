// Speed of the embedding stage: built-in descriptors (features alone, and the whole stage into a
// store), import of a language-model file, and ESM-2 computed here (random weights of the 8M and
// 35M shapes, 1 and 2 threads), in residues per second and, for ESM-2, as a fraction of measured
// sgemm and of the assumed peak, with the 150M and 650M shapes extrapolated from the measured rate.

import Foundation
import TwinPeaksBio
import TwinPeaksEmbedding
import TwinPeaksTensor

/// Random chains of `length` residues (seeded, so every run measures the same work).
private func benchChains(_ count: Int, length: Int, seed: UInt64) -> [EmbeddingTarget] {
    var state = seed
    let letters = Array("ACDEFGHIKLMNPQRSTVWY")
    return (0..<count).map { index in
        let sequence = String((0..<length).map { _ -> Character in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return letters[Int(state >> 33) % 20]
        })
        return EmbeddingTarget(key: String(format: "bench%06d", index), identifier: "chain\(index)", sequence: sequence)
    }
}

private func report(_ what: String, residues: Int, seconds: Double) {
    let rate = Double(residues) / seconds
    print("embedding: \(what): \(residues) residues in \(String(format: "%.3f", seconds)) s = "
          + "\(String(format: "%.0f", rate)) residues/s")
}

func runEmbeddingBenchmarks() {
    do {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tp-embed-bench-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }

        // Descriptors: the provider alone (D = 58).
        let chains = benchChains(2000, length: 300, seed: 1)
        let provider = try DescriptorProvider()
        let parsed = chains.map { $0.sequence.compactMap(AminoAcid.init(oneLetter:)) }
        var sink: Float = 0
        let featureTime = bestTime(3) { for chain in parsed { sink += provider.features(for: chain)[0] } }
        report("descriptors D=58, features only", residues: 600_000, seconds: featureTime)

        // Descriptors through the whole stage (parts, merge, deflate), both storages.
        for storage in [HDF5FloatStorage.float32, .float16] {
            let output = "\(directory)/descriptors-\(storage.rawValue).h5"
            let stage = EmbedStage(targets: chains, provider: provider, storage: storage, output: output, layer: 0,
                                   inputHash: "bench", version: "bench")
            let time = try bestTime(1) { _ = try stage.run() }
            let bytes = (try FileManager.default.attributesOfItem(atPath: output)[.size] as? Int) ?? 0
            report("descriptors D=58, embed stage to \(storage.rawValue) store (\(bytes / 1_000_000) MB)",
                   residues: 600_000, seconds: time)
        }

        // Import: a plain-layout file of ESM-2-sized embeddings (D = 1280, with ESM's two special tokens).
        let imports = benchChains(150, length: 300, seed: 2)
        let dimension = 1280
        let source = "\(directory)/esm.h5"
        do {
            let file = try HDF5File(creating: source)
            var value: Float = 0
            for chain in imports {
                let values = (0..<(302 * dimension)).map { _ -> Float in value += 0.001; return sin(value) }
                try file.write(values, shape: [302, dimension], to: chain.identifier)
            }
        }
        let records = imports.map { (id: $0.identifier, sequence: $0.sequence) }
        for (storage, compression) in [(HDF5FloatStorage.float32, 1), (.float16, 1), (.float16, 0)] {
            let imported = try ImportedEmbeddings(path: source, format: .plain, records: records, name: "esm2_bench",
                                                  layer: 33, sequenceHash: { $0 })
            let output = "\(directory)/import-\(storage.rawValue)-\(compression).h5"
            var stage = EmbedStage(targets: imports, provider: imported, storage: storage, output: output, layer: 33,
                                   inputHash: "bench", version: "bench")
            stage.compression = compression
            let time = try bestTime(1) { _ = try stage.run() }
            report("import plain D=1280 to \(storage.rawValue) store, deflate \(compression)", residues: 150 * 300, seconds: time)
        }
        if sink == .infinity { print(sink) }
        try runESM2Benchmarks()
    } catch {
        print("embedding: benchmark failed: \(error)")
    }
}

/// sgemm peak of one core assumed by the fraction-of-peak figures (AVX-512 OpenBLAS on this machine).
private let peakGFLOPSPerCore = 95.0

/// The whole dataset's chains: 1.96 M residues (mean 226 per chain).
private let datasetResidues = 1_960_000.0
/// What score-esm2 reads for the dataset's 7,083 mutant records: 3,880 distinct (chain, masked
/// positions) passes of 186 residues on average.
private let scoringResidues = 721_555.0

/// FLOPs of one chain of `tokens` tokens through the encoder (no LM head): multiply-adds ×2 per
/// token and layer of q, k, v, output (4W²) and the feed-forward (2WF) products, and attention's
/// Q·Kᵀ and P·V (2TW).
private func forwardFLOPs(_ c: ESM2Configuration, tokens: Int) -> Double {
    let (w, f, t) = (Double(c.width), Double(c.feedForwardWidth), Double(tokens))
    return t * Double(c.layers) * 2 * (4 * w * w + 2 * w * f + 2 * t * w)
}

/// ESM-2 forward passes on chains of the dataset's mean length (225 residues), 16 per run, beside
/// a measured sgemm 1024³ per thread count; the 150M and 650M shapes are extrapolated from the
/// 35M shape's measured FLOP rate (random weights of those sizes take 1.2 and 5.2 GB to hold, with the store's gradient buffer).
private func runESM2Benchmarks() throws {
    let chains = benchChains(16, length: 225, seed: 3).map(\.sequence)
    let residues = chains.reduce(0) { $0 + $1.count }
    let probe = SgemmProbe(m: 1024, n: 1024, k: 1024)
    var sgemm: [Int: Double] = [:], rate35M: [Int: Double] = [:]
    for threads in [1, 2] {
        _ = try TensorThreads.configure(explicit: threads)
        probe.run()
        sgemm[threads] = probe.rate(repeats: 5)
        print("embedding: sgemm 1024×1024×1024, \(threads) thread\(threads == 1 ? "" : "s"): "
              + "\(String(format: "%.1f", sgemm[threads]!)) GFLOP/s measured (assumed peak \(Int(peakGFLOPSPerCore) * threads))")
    }
    for name in ["esm2_t6_8M_UR50D", "esm2_t12_35M_UR50D"] {
        let configuration = try ESM2Configuration.published(name)
        let model = try ESM2Model(configuration: configuration, seed: 1)
        let flops = Double(chains.count) * forwardFLOPs(configuration, tokens: 227)
        for threads in [1, 2] {
            _ = try TensorThreads.configure(explicit: threads)
            _ = try model.residueRepresentations(Array(chains.prefix(2)), layer: configuration.layers)  // warm up
            let time = try bestTime(2) { _ = try model.residueRepresentations(chains, layer: configuration.layers) }
            let gflops = flops / time / 1e9
            if name == "esm2_t12_35M_UR50D" { rate35M[threads] = gflops }
            report("ESM-2 \(name) (random weights), \(threads) thread\(threads == 1 ? "" : "s"), \(chains.count) chains of 225",
                   residues: residues, seconds: time)
            print("embedding:   \(String(format: "%.1f", gflops)) GFLOP/s = \(String(format: "%.0f", gflops / sgemm[threads]! * 100)) % of "
                  + "measured sgemm, \(String(format: "%.0f", gflops / (peakGFLOPSPerCore * Double(threads)) * 100)) % of "
                  + "\(Int(peakGFLOPSPerCore)) GFLOP/s per core; whole dataset (1.96 M residues): "
                  + "\(String(format: "%.0f", datasetResidues / (Double(residues) / time) / 60)) min")
            // score-esm2's unit of work: one chain per pass (mask, encoder, LM head), unbatched.
            let scored = Array(chains.prefix(8))
            let scoreTime = try bestTime(1) {
                for chain in scored { _ = try model.maskedLogProbabilities(chain: chain, positions: [100]) }
            }
            report("ESM-2 \(name) masked marginal, one chain per pass, \(threads) thread\(threads == 1 ? "" : "s")",
                   residues: scored.count * 225, seconds: scoreTime)
            print("embedding:   score-esm2 on the dataset (3,880 passes, 0.72 M residues): "
                  + "\(String(format: "%.0f", scoringResidues / (Double(scored.count * 225) / scoreTime) / 60)) min")
        }
    }
    for name in ["esm2_t30_150M_UR50D", "esm2_t33_650M_UR50D"] {
        let configuration = try ESM2Configuration.published(name)
        let perResidue = forwardFLOPs(configuration, tokens: 227) / 225
        for threads in [1, 2] {
            let minutes = datasetResidues * perResidue / (rate35M[threads]! * 1e9) / 60
            print("embedding: ESM-2 \(name), \(threads) thread\(threads == 1 ? "" : "s"), extrapolated at the 35M shape's "
                  + "\(String(format: "%.1f", rate35M[threads]!)) GFLOP/s: \(String(format: "%.1f", perResidue / 1e6)) MFLOP/residue, "
                  + "\(String(format: "%.0f", rate35M[threads]! * 1e9 / perResidue)) residues/s, whole dataset \(String(format: "%.0f", minutes)) min")
        }
    }
}
