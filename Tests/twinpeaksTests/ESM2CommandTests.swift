// End-to-end tests of the ESM-2 commands on a made-up checkpoint (random weights of a tiny shape,
// written as Hugging Face safetensors): convert-esm2 → embed --provider esm2, score-esm2 on the tiny
// prepared dataset, and exit status 2 with the file named for a truncated or foreign weight file.
import Foundation
import Testing
import TwinPeaksBio
import TwinPeaksEmbedding
import TwinPeaksModel
import TwinPeaksTestSupport

/// 2 layers of width 16, 4 heads (an unpublished size, so --heads is needed), LM head included.
private func madeUpCheckpoint(_ path: String) throws -> ESM2Model {
    let configuration = try ESM2Configuration(name: "esm2_tiny_cli", layers: 2, width: 16, heads: 4, feedForwardWidth: 24)
    let model = try ESM2Model(configuration: configuration, seed: 9)
    try writeSafetensors(safetensorsTensors(of: model), to: path)
    return model
}

private func convert(_ scratch: Scratch) throws -> ESM2Model {
    let model = try madeUpCheckpoint(scratch.path("model.safetensors"))
    let result = try runTwinPeaks(["convert-esm2", "--input", scratch.path("model.safetensors"), "--output", scratch.path("esm2.h5"),
                                   "--heads", "4", "--name", "esm2_tiny_cli"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("esm2_tiny_cli: 2 layers, width 16, 4 heads"), "\(result.stderr)")
    return model
}

@Test func convertedMadeUpWeightsEmbedEveryChainWithTheModelsLastLayer() throws {
    let scratch = try Scratch()
    let model = try convert(scratch)
    let chains = ["MKVLA", "GSHMWEK"]
    try scratch.write("chains.fasta", ">a\n\(chains[0])\n>b\n\(chains[1])\n")
    let result = try runTwinPeaks(["embed", "--fasta", scratch.path("chains.fasta"), "--output", scratch.path("e.h5"),
                                   "--provider", "esm2", "--weights", scratch.path("esm2.h5"), "--threads", "1"])
    #expect(result.status == 0, "\(result.stderr)")
    let store = try EmbeddingStore(opening: scratch.path("e.h5"))
    #expect(try store.metadata("provider") == "esm2_tiny_cli" && store.metadata("dimension") == "16")
    let expected = try model.residueRepresentations(chains, layer: 2)
    var seen = 0
    for key in try store.keys() {
        let sequence = try store.attributes(of: key).sequence
        guard let index = chains.firstIndex(of: sequence) else { continue }
        let stored = try store.read(key)
        #expect(stored.length == sequence.count)
        #expect(zip(stored.values, expected[index]).allSatisfy { abs($0 - $1) < 1e-5 }, "\(sequence)")
        seen += 1
    }
    #expect(seen == 2)
}

@Test func scoreESM2WritesOneScorePerMutantRecordAsTheLibraryComputesIt() throws {
    let scratch = try Scratch()
    _ = try convert(scratch)
    let prepared = try runTwinPeaks(["prepare", "--reference", tinyReference, "--output", scratch.path("dataset")])
    #expect(prepared.status == 0, "\(prepared.stderr)")
    let result = try runTwinPeaks(["score-esm2", "--weights", scratch.path("esm2.h5"), "--dataset", scratch.path("dataset"),
                                   "--output", scratch.path("scores.tsv"), "--threads", "1"])
    #expect(result.status == 0, "\(result.stderr)")
    let samples = try SampleSet(dataset: Dataset.load(from: scratch.path("dataset")))
    let written = try MaskedMarginalScores(path: scratch.path("scores.tsv"))
    let direct = try MaskedMarginalScores(samples: samples, model: ESM2Model(parameterFile: scratch.path("esm2.h5")), modelDescription: "")
    #expect(!samples.mutants.isEmpty && written.nats.count == samples.mutants.count)
    // The same numbers up to float32 rounding: the command runs on one thread with the BLAS kernel
    // it selects at start (BLASKernel), this test process with OpenBLAS's own choice, and on some
    // CPUs those differ in the last bits (2e-6 nats seen); a wrong record would be off by far more.
    for (id, value) in direct.nats { #expect(abs(written.nats[id]! - value) <= 1e-5 * max(1, abs(value)), "\(id)") }
    #expect(written.model.hasPrefix("esm2_tiny_cli, esm2.h5 (token embeddings md5 "))
    #expect(try samples.withMaskedMarginals(written, source: "scores.tsv").mutants.allSatisfy { $0.maskedMarginalNats != nil })
}

@Test func aTruncatedOrForeignWeightFileIsExitStatus1NamingTheFile() throws {
    let scratch = try Scratch()
    let model = try ESM2Model(configuration: ESM2Configuration(name: "t", layers: 2, width: 16, heads: 4, feedForwardWidth: 24), seed: 9)
    let bytes = safetensorsBytes(safetensorsTensors(of: model))
    try Data(bytes.dropLast(100)).write(to: URL(fileURLWithPath: scratch.path("cut.safetensors")))
    try scratch.write("notes.txt", "these are not weights\n")
    for input in ["cut.safetensors", "notes.txt"] {
        let result = try runTwinPeaks(["convert-esm2", "--input", scratch.path(input), "--output", scratch.path("out.h5"), "--heads", "4"])
        #expect(result.status == 1 && result.stderr.contains("twinpeaks convert-esm2: ") && result.stderr.contains(scratch.path(input)),
                "\(input): \(result.status) \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("out.h5")))
    }
    // Weights not converted: embed and score-esm2 name the file and say what to do.
    try scratch.write("chains.fasta", ">a\nMKVLA\n")
    let embed = try runTwinPeaks(["embed", "--fasta", scratch.path("chains.fasta"), "--output", scratch.path("e.h5"),
                                  "--provider", "esm2", "--weights", scratch.path("notes.txt")])
    #expect(embed.status == 1 && embed.stderr.contains(scratch.path("notes.txt")), "\(embed.stderr)")
    let score = try runTwinPeaks(["score-esm2", "--weights", scratch.path("notes.txt"), "--dataset", scratch.path("none"),
                                  "--output", scratch.path("s.tsv")])
    #expect(score.status == 1 && score.stderr.hasPrefix("twinpeaks score-esm2: "), "\(score.stderr)")
}

@Test func evaluateRefusesAScoresTableThatMissesARecordBeforeTrainingAnything() throws {
    let scratch = try Scratch()
    let prepared = try runTwinPeaks(["prepare", "--reference", tinyReference, "--output", scratch.path("dataset")])
    #expect(prepared.status == 0, "\(prepared.stderr)")
    let samples = try SampleSet(dataset: Dataset.load(from: scratch.path("dataset")))
    let dropped = samples.mutants[0]
    let kept = samples.mutants.dropFirst()
    let table = MaskedMarginalScores(nats: Dictionary(uniqueKeysWithValues: kept.map { ($0.id, 1.0) }),
                                     mutations: Dictionary(uniqueKeysWithValues: kept.map { ($0.id, $0.mutations.description) }), model: "made up")
    try table.write(to: scratch.path("scores.tsv"), samples: samples, datasetMD5: "")
    let result = try runTwinPeaks(["evaluate", "--dataset", scratch.path("dataset"), "--split", "s=\(scratch.path("folds.tsv"))",
                                   "--output", scratch.path("eval"), "--esm2-scores", scratch.path("scores.tsv")])
    #expect(result.status == 1)
    #expect(result.stderr.contains(scratch.path("scores.tsv")) && result.stderr.contains("no score for mutant record \(dropped.id)"),
            "\(result.stderr)")
    #expect(!FileManager.default.fileExists(atPath: scratch.path("eval")))
}
