// The user's path for language-model embeddings: features written to an HDF5 store by the embed
// stage train exactly like the same features computed in-process, and a wide embedding (D = 1,536)
// trains without any change to the code.

import Foundation
import Testing
import TwinPeaksBio
import TwinPeaksEmbedding
import TwinPeaksTensor
@testable import TwinPeaksModel

/// Every chain (wild type and mutant) of a sample set, as embed-stage targets.
private func targets(_ samples: SampleSet) throws -> [EmbeddingTarget] {
    var sequences = Set<String>()
    for complex in samples.complexes.values {
        for chain in complex.partners.partner1 + complex.partners.partner2 { sequences.insert(String(chain.residues.map(\.oneLetter))) }
    }
    for mutant in samples.mutants {
        let mutated = try samples.complexes[mutant.complexID]!.partners.applying(mutant.mutations)
        for chain in mutated.partner1 + mutated.partner2 { sequences.insert(String(chain.residues.map(\.oneLetter))) }
    }
    return sequences.sorted().map { EmbeddingTarget(key: MD5.sequenceKey($0), identifier: MD5.sequenceKey($0), sequence: $0) }
}

/// Seeded random features, 1,536 per residue, a stand-in for ESM3-sized embeddings.
private struct RandomWideProvider: ResidueFeatureProvider {
    var name: String { "random1536" }
    var dimension: Int { 1536 }
    var configuration: String { "test" }
    func features(for residues: [AminoAcid]) throws -> [Float] {
        var g = SeededGenerator(seed: UInt64(residues.count))
        return (0..<(residues.count * dimension)).map { _ in g.nextNormal() }
    }
}

private func store(_ samples: SampleSet, provider: ResidueFeatureProvider, in directory: String) throws -> String {
    let path = directory + "/embeddings.h5"
    let stage = EmbedStage(targets: try targets(samples), provider: provider, storage: .float32, output: path,
                           layer: -1, inputHash: "test", version: "test")
    _ = try stage.run()
    return path
}

private func train(_ samples: SampleSet, _ provider: ResidueFeatureProvider) throws -> Trainer {
    let t = try Trainer(configuration: SyntheticData.configuration(epochs: 2), fit: samples, earlyStopping: nil,
                        builder: PartnerFeatureBuilder(provider: provider), seed: 3)
    t.showProgress = false
    try t.train()
    return t
}

@Test func embeddingsImportedThroughTheStoreTrainExactlyLikeInProcessFeatures() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tp-emb-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let samples = try SyntheticData.samples(complexes: 4, mutantsPerComplex: 6, seed: 8)
    let inProcess = try train(samples, try DescriptorProvider())
    let stored = try train(samples, try StoredEmbeddings(path: try store(samples, provider: try DescriptorProvider(), in: directory)))
    // Same features, same seed: the same run up to float rounding (OpenBLAS kernels may sum in an
    // order that depends on memory alignment, so bitwise equality is not promised across buffers).
    for (a, b) in zip(stored.log.map(\.loss), inProcess.log.map(\.loss)) { #expect(abs(a - b) <= 1e-5 * max(abs(b), 1e-3)) }
    let drift = zip(stored.network.store.values, inProcess.network.store.values).map { abs($0 - $1) }.max() ?? 0
    #expect(drift < 1e-4, "largest parameter difference \(drift)")
}

@Test func aWide1536DimensionalEmbeddingTrainsWithoutCodeChanges() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tp-wide-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let samples = try SyntheticData.samples(complexes: 3, mutantsPerComplex: 4, seed: 9)
    let provider = try StoredEmbeddings(path: try store(samples, provider: RandomWideProvider(), in: directory))
    #expect(provider.dimension == 1536)
    let trainer = try train(samples, provider)
    #expect(trainer.network.featureWidth == 1538)
    #expect(trainer.log.count == 2 && trainer.log.allSatisfy { $0.loss.isFinite })
}
