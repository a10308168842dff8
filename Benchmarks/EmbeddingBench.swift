// Speed of the embedding stage: built-in descriptors (features alone, and the whole stage into a
// store) and import of a language-model file, in residues per second.

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

/// Best wall time of `repeats` runs of `body`, in seconds.
private func bestTime(_ repeats: Int, _ body: () throws -> Void) rethrows -> Double {
    var best = Double.infinity
    for _ in 0..<repeats {
        let start = Date()
        try body()
        best = min(best, Date().timeIntervalSince(start))
    }
    return best
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
    } catch {
        print("embedding: benchmark failed: \(error)")
    }
}
