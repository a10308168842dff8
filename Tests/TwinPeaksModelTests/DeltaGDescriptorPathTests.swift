// The ΔG descriptor path (`deltaGDescriptorPathWidth`): standardised ΔG += m(partner descriptors).
// Against a plain MLP by hand; created last (every other weight keeps its initial value) and
// leaving ΔΔG alone; fitted alone at epoch 0 on what the ridge start leaves (the training error
// falls, nothing else moves; the seed and 0-epoch checks are in DescriptorPathPretrainingTests); saved and loaded it
// predicts the same; the key is read and checked.

import Foundation
import Testing
import TwinPeaksEmbedding
import TwinPeaksTensor
@testable import TwinPeaksModel

@Test func theDeltaGDescriptorPathAddsAPlainMLPOfThePartnerDescriptorsAndLeavesDeltaDeltaGAlone() throws {
    var c = NetworkFixtures.tinyConfiguration()
    c.deltaGDescriptorPathWidth = 5
    let network = try NetworkFixtures.network(c)
    let path = try #require(network.deltaGDescriptorPath)
    NetworkFixtures.randomise(path.parameters, of: network, seed: 47)
    let plain = try NetworkFixtures.network(NetworkFixtures.tinyConfiguration())
    for parameter in plain.store.parameters {
        let same = try #require(network.store.parameter(named: parameter.name))
        #expect(network.store.value(same).values == plain.store.value(parameter).values, "\(parameter.name)")
    }
    let batch = NetworkFixtures.mixedBatch()
    var unused = SeededGenerator(seed: 0)
    let with = try network.forward(batch, training: false, generator: &unused).prediction
    let without = try plain.forward(batch, training: false, generator: &unused).prediction
    #expect(with.deltaDeltaG == without.deltaDeltaG)
    for (r, row) in batch.rows.enumerated() {
        let expected = NetworkFixtures.referenceMLP(path.mlp, store: network.store, try #require(row.descriptors))
        let added = Double(with.deltaGStandardised[r] - without.deltaGStandardised[r])
        #expect(abs(added - expected) < 1e-4, "row \(r): the path added \(added), the plain MLP gives \(expected)")
    }
}

/// The epoch-0 start of a small trainer on synthetic complexes whose ΔG the linear wide path cannot
/// fit: ΔG = −9 − 3·k², k the mean Kyte–Doolittle value of the complex's residues, standardised.
func deltaGRidgeStart(pretrainEpochs: Int, seed: UInt64 = 1) throws -> Trainer {
    let samples = try SyntheticData.samples(complexes: 40, mutantsPerComplex: 2, seed: 42)
    let values = samples.complexIDs.map { samples.complexes[$0]!.deltaG!.valueKcalPerMol }
    let mean = values.reduce(0, +) / Float(values.count)
    let spread = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(values.count)).squareRoot()
    let complexes = samples.complexIDs.map { id -> ComplexSample in
        let complex = samples.complexes[id]!
        let k = (complex.deltaG!.valueKcalPerMol - mean) / spread
        return ComplexSample(id: id, partners: complex.partners, deltaG: AffinityLabel(-9 - 3 * k * k))
    }
    let squared = try SampleSet(complexes: complexes, mutants: samples.mutants)
    var configuration = SyntheticData.configuration(epochs: 1)
    configuration.deltaGDescriptorPathWidth = 16
    configuration.descriptorPathPretrainEpochs = pretrainEpochs
    configuration.dropout = 0
    let t = try Trainer(configuration: configuration, fit: squared, earlyStopping: nil,
                        builder: PartnerFeatureBuilder(provider: try DescriptorProvider()), seed: seed)
    t.showProgress = false
    try WidePathInitialisation.zeroDeepOutputs(t.network)
    try WidePathInitialisation.fitRidge(t.network, assembler: t.assembler, fit: t.fit, trainDeltaG: true, trainDeltaDeltaG: true)
    return t
}

private func deltaGTrainingError(_ t: Trainer) throws -> Double {
    let complexes = t.fit.complexIDs.map { t.fit.complexes[$0]! }
    let predicted = try Predictor(network: t.network, assembler: t.assembler).deltaG(complexes)
    return zip(complexes, predicted).reduce(0) { $0 + Double(($1.0.deltaG!.valueKcalPerMol - $1.1) * ($1.0.deltaG!.valueKcalPerMol - $1.1)) }
        / Double(complexes.count)
}

@Test func theDeltaGDescriptorPathFittedAloneLowersTheTrainingErrorOfTheRidgeStartAndMovesNothingElse() throws {
    let t = try deltaGRidgeStart(pretrainEpochs: 200)
    let before = Array(t.network.store.values), ridgeError = try deltaGTrainingError(t)
    let log = try DescriptorPathPretraining.fitDeltaG(t.network, assembler: t.assembler, fit: t.fit,
                                                      configuration: t.configuration, seed: 1)
    #expect(log.count == 200)
    #expect(log.last! < 0.7 * log.first!, "pretraining losses \(log.first!) → \(log.last!)")
    let fittedError = try deltaGTrainingError(t)
    #expect(fittedError < 0.8 * ridgeError, "training MSE \(ridgeError) with the ridge, \(fittedError) with the path")
    let path = Set(try #require(t.network.deltaGDescriptorPath).parameters.map(\.name))
    for parameter in t.network.store.parameters where !path.contains(parameter.name) {
        let range = parameter.offset..<(parameter.offset + parameter.count)
        #expect(Array(t.network.store.values[range]) == Array(before[range]), "\(parameter.name) moved")
    }
    #expect(Array(t.network.store.values) != before, "the path did not move")
}

@Test func aTrainedDeltaGDescriptorPathIsSavedWithTheModelAndPredictsTheSameLoaded() throws {
    // train() fits the path at epoch 0 (rate scale 0 keeps it there), and the checkpoint carries it.
    let t = try trainer(epochs: 1) {
        $0.deltaGDescriptorPathWidth = 8; $0.descriptorPathPretrainEpochs = 10; $0.descriptorPathRateScale = 0
    }
    try t.train()
    let output = try #require(t.network.deltaGDescriptorPath).mlp.output.weight
    #expect(t.network.store.value(output).values.contains { $0 != 0 }, "the path was not fitted")
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("tp-dgpath-\(UUID().uuidString).h5").path
    defer { try? FileManager.default.removeItem(atPath: file) }
    try ModelCheckpoint(network: t.network, assembler: t.assembler, extra: [:]).save(t.network, to: file)
    let loaded = try ModelCheckpoint.load(file).network
    let batch = try t.assembler.deltaGBatch(t.fit.complexIDs.map { t.fit.complexes[$0]! })
    var g = SeededGenerator(seed: 0)
    let original = try t.network.forward(batch, training: false, generator: &g).prediction.deltaG
    #expect(try loaded.forward(batch, training: false, generator: &g).prediction.deltaG == original)
}

@Test func theDeltaGDescriptorPathKeyIsReadAndChecked() throws {
    let decoded = try ModelConfiguration.decode(Data(#"{"deltaGDescriptorPathWidth": 128, "descriptorPathPretrainEpochs": 60}"#.utf8),
                                                source: "g.json")
    #expect(decoded.deltaGDescriptorPathWidth == 128 && decoded.descriptorPathPretrainEpochs == 60 && decoded.descriptorPathWidth == 0)
    #expect(throws: ModelError.self) { try ModelConfiguration.decode(Data(#"{"deltaGDescriptorPathWidth": -2}"#.utf8), source: "g.json") }
    var bare = ModelConfiguration()
    bare.deltaGDescriptorPathWidth = 16
    bare.widePaths = false
    #expect(throws: ModelError.self) { try bare.validate() }
}
