// `convert-esm2`'s converter on made-up checkpoints written by the test: a round trip of every
// tensor and of the forward pass, and the errors for missing, misshapen, untied and foreign files.
import Foundation
import Testing
import TwinPeaksTensor
@testable import TwinPeaksEmbedding
import TwinPeaksTestSupport

/// A small unpublished shape (2 layers, width 16, 4 heads, feed-forward 24), so `heads` must be given.
let tinyESM2 = try! ESM2Configuration(name: "esm2_tiny_test", layers: 2, width: 16, heads: 4, feedForwardWidth: 24)

private func conversionError(_ tensors: [SafetensorsTestTensor], heads: Int? = 4, _ dir: TemporaryDirectory) -> String {
    let path = dir.file("model.safetensors")
    try! writeSafetensors(tensors, to: path)
    do { try ESM2Checkpoint.convert(safetensors: path, output: dir.file("out.h5"), heads: heads); return "no error" }
    catch { return "\(error)" }
}

@Test func convertingASafetensorsCheckpointKeepsEveryTensorAndTheForwardPass() throws {
    let dir = TemporaryDirectory()
    let original = try randomESM2(tinyESM2, seed: 21)
    // As Hugging Face stores it: plus integer position ids, rotary frequencies and the tied decoder.
    let embeddings = original.parameters.value(original.parameters.parameter(named: ESM2Configuration.embeddingName)!)
    var tensors = safetensorsTensors(of: original).reversed() as [SafetensorsTestTensor]
    tensors.append(SafetensorsTestTensor(name: "esm.embeddings.position_ids", dtype: "I64", shape: [1, 4], bytes: [UInt8](repeating: 0, count: 32)))
    tensors.append(.float32("esm.encoder.layer.0.attention.self.rotary_embeddings.inv_freq", shape: [2], [1, 0.01]))
    tensors.append(.float32("lm_head.decoder.weight", shape: embeddings.shape, embeddings.values))
    try writeSafetensors(tensors, to: dir.file("model.safetensors"))

    let conversion = try ESM2Checkpoint.convert(safetensors: dir.file("model.safetensors"), output: dir.file("esm2.h5"),
                                                name: "esm2_tiny_test", heads: 4)
    #expect(conversion.configuration == tinyESM2)
    #expect(conversion.skipped.sorted() == ["esm.embeddings.position_ids", "esm.encoder.layer.0.attention.self.rotary_embeddings.inv_freq",
                                            "lm_head.decoder.weight"])
    let metadata = try ParameterFile.metadata(at: dir.file("esm2.h5"))
    #expect(metadata["model_name"] == "esm2_tiny_test" && metadata["layers"] == "2" && metadata["width"] == "16"
            && metadata["heads"] == "4")

    let loaded = try ESM2Model(parameterFile: dir.file("esm2.h5"))
    #expect(loaded.configuration == tinyESM2)
    for parameter in original.parameters.parameters {
        #expect(loaded.parameters.value(loaded.parameters.parameter(named: parameter.name)!) == original.parameters.value(parameter),
                "tensor \(parameter.name)")
    }
    let chains = ["MKTAYIAKQR", "GSHMW"]
    #expect(try loaded.residueRepresentations(chains, layer: 2) == original.residueRepresentations(chains, layer: 2))
}

@Test func aHalfPrecisionCheckpointConvertsToTheSameValuesAsItsFloat32Twin() throws {
    let dir = TemporaryDirectory()
    // bfloat16 keeps the top 16 bits of a float32: values made exact in both.
    let original = try randomESM2(tinyESM2, seed: 22)
    for parameter in original.parameters.parameters {
        let rounded = original.parameters.value(parameter).values.map { Float(bitPattern: $0.bitPattern & 0xFFFF_0000) }
        try original.parameters.setValue(parameter, Tensor(shape: parameter.shape, values: rounded))
    }
    let tensors = original.parameters.parameters.map { parameter in
        SafetensorsTestTensor.bits16(parameter.name, dtype: "BF16", shape: parameter.shape,
                                     original.parameters.value(parameter).values.map { UInt16($0.bitPattern >> 16) })
    }
    try writeSafetensors(tensors, to: dir.file("bf16.safetensors"))
    let conversion = try ESM2Checkpoint.convert(safetensors: dir.file("bf16.safetensors"), output: dir.file("bf16.h5"), heads: 4)
    #expect(conversion.sourceDataTypes == ["BF16"])
    let loaded = try ESM2Model(parameterFile: dir.file("bf16.h5"))
    #expect(loaded.parameters.values.elementsEqual(original.parameters.values))
}

@Test func wrongOrIncompleteCheckpointsAreErrorsNamingTheFileTheTensorAndTheExpectation() throws {
    let dir = TemporaryDirectory()
    let tensors = safetensorsTensors(of: try randomESM2(tinyESM2, seed: 23))

    let missing = conversionError(tensors.filter { $0.name != "esm.encoder.layer.1.output.dense.bias" }, dir)
    #expect(missing.contains("model.safetensors") && missing.contains("esm.encoder.layer.1.output.dense.bias") && missing.contains("missing"),
            "\(missing)")

    var misshapen = tensors
    let index = misshapen.firstIndex { $0.name == "esm.encoder.layer.1.attention.self.key.weight" }!
    misshapen[index] = .float32(misshapen[index].name, shape: [16, 15], [Float](repeating: 0.5, count: 240))
    let shape = conversionError(misshapen, dir)
    #expect(shape.contains("esm.encoder.layer.1.attention.self.key.weight") && shape.contains("[16, 15]") && shape.contains("expected [16, 16]"),
            "\(shape)")

    let untied = conversionError(tensors + [.float32("lm_head.decoder.weight", shape: [33, 16], [Float](repeating: 1, count: 528))], dir)
    #expect(untied.contains("lm_head.decoder.weight") && untied.contains("ties"), "\(untied)")

    let noHeads = conversionError(tensors, heads: nil, dir)
    #expect(noHeads.contains("--heads"), "\(noHeads)")

    var infinite = tensors
    infinite[1] = .float32(infinite[1].name, shape: infinite[1].shape, [Float.infinity] + [Float](repeating: 0, count: 15))
    #expect(conversionError(infinite, dir).contains("finite"))

    #expect(conversionError([.float32("bert.embeddings.weight", shape: [2], [1, 2])], dir).contains("esm.embeddings.word_embeddings.weight"))

    // A TwinPeaks parameter file that is not an ESM-2 one.
    let store = ParameterStore()
    var generator = SeededGenerator(seed: 1)
    try store.register("encoder.0.weight", shape: [2], decays: true, initialization: .ones, using: &generator)
    try ParameterFile.save(store, to: dir.file("other.h5"))
    let foreign = "\((try? ESM2Model(parameterFile: dir.file("other.h5"))).map { _ in "no error" } ?? "")"
    do { _ = try ESM2Model(parameterFile: dir.file("other.h5")) } catch {
        #expect("\(error)".contains("not an ESM-2 parameter file"), "\(error)")
    }
    #expect(foreign.isEmpty)
}

@Test func maskedMarginalScoreSumsLogPWildTypeMinusLogPMutantWithTheMutatedPositionsMasked() throws {
    let model = try randomESM2(tinyESM2, seed: 41)
    let reference = ESM2Reference(model)
    let chain = "MKTAYIAKQRQISF"
    let substitutions = [ESM2Substitution(position: 2, wildType: "T", mutant: "W"), ESM2Substitution(position: 9, wildType: "R", mutant: "A")]
    var tokens = try ESM2Alphabet.encode(chain, record: "test")
    tokens[3] = 32
    tokens[10] = 32
    let logits = reference.logits(tokens)
    func logProbability(_ row: [Double], _ token: Int) -> Double { row[token] - log(row.map(exp).reduce(0, +)) }
    // T = 11, W = 22, R = 10, A = 5 in the ESM alphabet.
    let expected = logProbability(logits[3], 11) - logProbability(logits[3], 22) + logProbability(logits[10], 10) - logProbability(logits[10], 5)
    let score = try model.maskedMarginalScore(chain: chain, substitutions: substitutions)
    #expect(abs(score - expected) < 1e-4, "score \(score), reference \(expected)")
    #expect(try model.maskedMarginalScore(chain: chain, substitutions: []) == 0)
    #expect(throws: (any Error).self) {
        try model.maskedMarginalScore(chain: chain, substitutions: [ESM2Substitution(position: 2, wildType: "A", mutant: "W")])
    }
}
