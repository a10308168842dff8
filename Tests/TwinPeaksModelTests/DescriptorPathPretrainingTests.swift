// Fitting the descriptor path alone before the encoder trains (`descriptorPathPretrainEpochs`):
// on a made-up rule the path learns what the ridge start leaves (the training error falls and the
// loss log falls), no other weight moves, the same seed gives the same weights, ΔΔG stays exactly
// antisymmetric, and 0 epochs leaves the network as it was (both descriptor paths). The key is read and checked.

import Foundation
import Testing
import TwinPeaksEmbedding
import TwinPeaksTensor
@testable import TwinPeaksModel

/// The epoch-0 start of a small trainer (deep outputs zero, the ridge in the wide paths) on the
/// synthetic complexes with a rule the linear wide path cannot fit: ΔΔG = L·|L|, L the synthetic
/// Kyte–Doolittle label, antisymmetric but not additive in the residues.
func ridgeStart(pretrainEpochs: Int, seed: UInt64 = 1) throws -> Trainer {
    let samples = try SyntheticData.samples(complexes: 12, mutantsPerComplex: 10, seed: 42)
    let squared = try SampleSet(complexes: samples.complexIDs.map { samples.complexes[$0]! }, mutants: samples.mutants.map { m in
        let l = m.deltaDeltaG!.valueKcalPerMol
        return MutantSample(id: m.id, complexID: m.complexID, mutations: m.mutations, deltaDeltaG: AffinityLabel(l * abs(l)))
    })
    var configuration = SyntheticData.configuration(epochs: 1)
    configuration.descriptorPathWidth = 16
    configuration.descriptorPathPretrainEpochs = pretrainEpochs
    configuration.dropout = 0
    let t = try Trainer(configuration: configuration, fit: squared.restricted(to: Set(squared.complexIDs.prefix(10))),
                        earlyStopping: nil, builder: PartnerFeatureBuilder(provider: try DescriptorProvider()), seed: seed)
    t.showProgress = false
    try WidePathInitialisation.zeroDeepOutputs(t.network)
    try WidePathInitialisation.fitRidge(t.network, assembler: t.assembler, fit: t.fit, trainDeltaG: true, trainDeltaDeltaG: true)
    return t
}

private func trainingError(_ t: Trainer) throws -> Double {
    let mutants = t.fit.mutants.filter { $0.deltaDeltaG != nil }
    let predicted = try Predictor(network: t.network, assembler: t.assembler).deltaDeltaG(mutants, in: t.fit)
    return zip(mutants, predicted).reduce(0) { $0 + Double(($1.0.deltaDeltaG!.valueKcalPerMol - $1.1) * ($1.0.deltaDeltaG!.valueKcalPerMol - $1.1)) }
        / Double(mutants.count)
}

@Test func theDescriptorPathFittedAloneLowersTheTrainingErrorOfTheRidgeStartAndMovesNothingElse() throws {
    let t = try ridgeStart(pretrainEpochs: 40)
    let before = Array(t.network.store.values), ridgeError = try trainingError(t)
    let log = try DescriptorPathPretraining.fit(t.network, assembler: t.assembler, fit: t.fit,
                                                configuration: t.configuration, seed: 1)
    #expect(log.count == 40)
    #expect(log.last! < 0.7 * log.first!, "pretraining losses \(log)")
    let fittedError = try trainingError(t)
    #expect(fittedError < 0.8 * ridgeError, "training MSE \(ridgeError) with the ridge, \(fittedError) with the path")
    let path = Set(try #require(t.network.descriptorPath).parameters.map(\.name))
    for parameter in t.network.store.parameters {
        let range = parameter.offset..<(parameter.offset + parameter.count)
        if path.contains(parameter.name) { continue }
        #expect(Array(t.network.store.values[range]) == Array(before[range]), "\(parameter.name) moved")
    }
    #expect(Array(t.network.store.values) != before, "the path did not move")
    // The fitted path keeps ΔΔG exactly antisymmetric.
    let batch = try t.assembler.mutantGroup(t.fit.complexes[t.fit.complexIDs[0]]!,
                                            mutants: t.fit.mutants.filter { $0.complexID == t.fit.complexIDs[0] })
    var g = SeededGenerator(seed: 0)
    let a = try t.network.forward(batch, training: false, generator: &g).prediction.deltaDeltaG
    let b = try t.network.forward(NetworkFixtures.reversedPairs(batch), training: false, generator: &g).prediction.deltaDeltaG
    for (x, y) in zip(a, b) { #expect(x == -y) }
}

// Both descriptor paths' fits (ΔΔG's mirrored path, ΔG's path) share the loop.
@Test(arguments: ["ΔΔG", "ΔG"])
func theDescriptorPathFitRepeatsWithTheSeedAndZeroEpochsDoNothing(task: String) throws {
    let start = task == "ΔG" ? deltaGRidgeStart : ridgeStart
    let fit = task == "ΔG" ? DescriptorPathPretraining.fitDeltaG : DescriptorPathPretraining.fit
    let a = try start(5, 1), b = try start(5, 1)
    _ = try fit(a.network, a.assembler, a.fit, a.configuration, 3)
    _ = try fit(b.network, b.assembler, b.fit, b.configuration, 3)
    #expect(Array(a.network.store.values) == Array(b.network.store.values))
    let none = try start(0, 1)
    let before = Array(none.network.store.values)
    let log = try fit(none.network, none.assembler, none.fit, none.configuration, 3)
    #expect(log.isEmpty && Array(none.network.store.values) == before)
}

@Test func theTrainersEpochZeroIncludesThePretrainedPath() throws {
    // train() runs the pretraining at epoch 0: with it, the path's output layer is no longer zero
    // after a run whose encoder epochs cannot move it (rate scale 0 on the path).
    let t = try trainer(epochs: 1) {
        $0.descriptorPathWidth = 16; $0.descriptorPathPretrainEpochs = 10; $0.descriptorPathRateScale = 0
    }
    try t.train()
    let output = try #require(t.network.descriptorPath).mlp.output.weight
    #expect(t.network.store.value(output).values.contains { $0 != 0 })
}

@Test func thePretrainKeyIsReadAndChecked() throws {
    let decoded = try ModelConfiguration.decode(Data(#"{"descriptorPathWidth": 64, "descriptorPathPretrainEpochs": 30}"#.utf8),
                                                source: "p.json")
    #expect(decoded.descriptorPathPretrainEpochs == 30)
    #expect(throws: ModelError.self) { try ModelConfiguration.decode(Data(#"{"descriptorPathPretrainEpochs": 30}"#.utf8), source: "p.json") }
    #expect(throws: ModelError.self) {
        try ModelConfiguration.decode(Data(#"{"descriptorPathWidth": 8, "descriptorPathPretrainEpochs": -1}"#.utf8), source: "p.json")
    }
}
