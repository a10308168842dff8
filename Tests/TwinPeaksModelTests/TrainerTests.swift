// Training on a small made-up problem with a known rule: the loss falls, the same seed gives the
// same run, and an interrupted run resumed from its checkpoint ends where an uninterrupted one does.

import Foundation
import Testing
import TwinPeaksBio
import TwinPeaksEmbedding
import TwinPeaksTensor
@testable import TwinPeaksModel

enum SyntheticData {
    /// Complexes of random chains A (partner 1) and B (partner 2); ΔΔG of a point mutation is the
    /// Kyte–Doolittle change (a rule the network can learn), ΔG follows partner hydrophobicity.
    static func samples(complexes: Int, mutantsPerComplex: Int, seed: UInt64) throws -> SampleSet {
        var g = SeededGenerator(seed: seed)
        let kd: [AminoAcid: Float] = [.ile: 4.5, .val: 4.2, .leu: 3.8, .phe: 2.8, .cys: 2.5, .met: 1.9, .ala: 1.8,
                                       .gly: -0.4, .thr: -0.7, .ser: -0.8, .trp: -0.9, .tyr: -1.3, .pro: -1.6,
                                       .his: -3.2, .glu: -3.5, .gln: -3.5, .asp: -3.5, .asn: -3.5, .lys: -3.9, .arg: -4.5]
        func chain(_ n: Int) -> [AminoAcid] { (0..<n).map { _ in AminoAcid.standard[Int(g.next() % 20)] } }
        var complexList: [ComplexSample] = [], mutants: [MutantSample] = []
        for c in 0..<complexes {
            let a = chain(18 + Int(g.next() % 15)), b = chain(18 + Int(g.next() % 15))
            let partners = try PartnerSequences(partner1: [.init(id: "A", residues: a)], partner2: [.init(id: "B", residues: b)])
            let meanKD = (a + b).reduce(Float(0)) { $0 + kd[$1]! } / Float(a.count + b.count)
            let id = "C\(c)"
            complexList.append(ComplexSample(id: id, partners: partners, deltaG: AffinityLabel(-9 - 2 * meanKD)))
            for m in 0..<mutantsPerComplex {
                let onA = g.next() % 2 == 0
                let residues = onA ? a : b
                let position = Int(g.next() % UInt64(residues.count))
                let wild = residues[position]
                var mutant = AminoAcid.standard[Int(g.next() % 20)]
                if mutant == wild { mutant = wild == .ala ? .gly : .ala }
                let set = MutationSet([PointMutation(wildType: wild, chain: onA ? "A" : "B", residueNumber: position + 1, mutant: mutant)])
                mutants.append(MutantSample(id: "\(id)-\(m)", complexID: id, mutations: set,
                                            deltaDeltaG: AffinityLabel(0.4 * (kd[wild]! - kd[mutant]!))))
            }
        }
        return try SampleSet(complexes: complexList, mutants: mutants)
    }

    static func configuration(epochs: Int) -> ModelConfiguration {
        var c = ModelConfiguration()
        c.width = 16; c.heads = 2; c.feedForwardWidth = 32; c.headWidth = 16
        c.encoderLayers = 1; c.crossLayers = 1; c.maxResidues = 64
        c.epochs = epochs; c.batchSize = 8; c.learningRate = 3e-3; c.warmupSteps = 5; c.dropout = 0.05
        c.patience = 100
        return c
    }
}

/// A small trainer on synthetic data (also used by the resume tests).
func trainer(epochs: Int, seed: UInt64 = 1, configure: (inout ModelConfiguration) -> Void = { _ in }) throws -> Trainer {
    let samples = try SyntheticData.samples(complexes: 12, mutantsPerComplex: 10, seed: 42)
    let fit = samples.restricted(to: Set(samples.complexIDs.prefix(10)))
    let slice = samples.restricted(to: Set(samples.complexIDs.suffix(2)))
    var configuration = SyntheticData.configuration(epochs: epochs)
    configure(&configuration)
    let t = try Trainer(configuration: configuration, fit: fit, earlyStopping: slice,
                        builder: PartnerFeatureBuilder(provider: try DescriptorProvider()), seed: seed)
    t.showProgress = false
    return t
}

@Test func trainingLowersTheLossOnALearnableRule() throws {
    let t = try trainer(epochs: 8)
    try t.train()
    let losses = t.log.map(\.loss)
    #expect(losses.count == 8)
    #expect(losses.last! < 0.5 * losses.first!, "losses \(losses)")
}

@Test func theSameSeedGivesTheSameRunAndAnotherSeedDoesNot() throws {
    let a = try trainer(epochs: 2), b = try trainer(epochs: 2), c = try trainer(epochs: 2, seed: 2)
    try a.train(); try b.train(); try c.train()
    #expect(a.log.map(\.loss) == b.log.map(\.loss))
    #expect(Array(a.network.store.values) == Array(b.network.store.values))
    #expect(a.log.map(\.loss) != c.log.map(\.loss))
}

@Test func aWideRateScaleOfZeroKeepsTheHingedRidgeStartWhileTheDeepPathTrains() throws {
    func values(_ t: Trainer, _ parameter: Parameter) -> [Float] {
        Array(t.network.store.values[parameter.offset..<(parameter.offset + parameter.count)])
    }
    let frozen = { (c: inout ModelConfiguration) in c.wideHinges = 2; c.wideLearningRateScale = 0; c.patience = 100 }
    let short = try trainer(epochs: 1, configure: frozen), long = try trainer(epochs: 4, configure: frozen)
    let free = try trainer(epochs: 4) { $0.wideHinges = 2 }
    try short.train(); try long.train(); try free.train()
    let wide = try #require(long.network.deltaDeltaGHead.wide).weight
    #expect(wide.count == 3 * long.network.substitutionDescriptorWidth!)
    #expect(values(long, wide).contains { $0 != 0 }, "the ridge start was fitted")
    #expect(values(long, wide) == values(short, wide), "the wide path moved although its rate scale is 0")
    let deep = long.network.deltaDeltaGHead.deep.output.weight
    #expect(values(long, deep) != values(short, deep), "the deep path kept training")
    #expect(values(free, wide) != values(long, wide), "with scale 1 the wide path trains")
}

@Test func anInterruptedRunResumesToTheSameWeights() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tp-resume-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let whole = try trainer(epochs: 4)
    try whole.train(checkpointDirectory: directory + "/whole")
    // A 4-epoch run interrupted after its second epoch's checkpoint, then resumed from it.
    let first = try trainer(epochs: 4)
    first.stopAfterEpoch = 2
    try first.train(checkpointDirectory: directory + "/split")
    let resumed = try trainer(epochs: 4)
    try resumed.train(checkpointDirectory: directory + "/split", resume: true)
    #expect(resumed.log.map(\.loss) == whole.log.map(\.loss))
    #expect(Array(resumed.network.store.values) == Array(whole.network.store.values))
}

@Test func weightAveragingKeepsTheAverageAndResumesToTheSameWeights() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tp-average-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let averaged = { (c: inout ModelConfiguration) in c.weightAverageEpochs = 0.5; c.patience = 100 }
    let whole = try trainer(epochs: 3, configure: averaged), plain = try trainer(epochs: 3) { $0.patience = 100 }
    try whole.train(checkpointDirectory: directory + "/whole")
    try plain.train()
    // Same steps, same losses (the average never feeds back into training), other kept weights.
    #expect(whole.log.map(\.loss) == plain.log.map(\.loss))
    #expect(whole.log.map(\.earlyStoppingScore) != plain.log.map(\.earlyStoppingScore))
    #expect(Array(whole.network.store.values) != Array(plain.network.store.values))
    // The checkpointed last step holds the trained weights and the average beside them.
    let last = try trainer(epochs: 3, configure: averaged)
    let optimizer = try AdamW(store: last.network.store, averageDecay: 0.5)  // any decay > 0 reads the average
    try ParameterFile.load(into: last.network.store, from: directory + "/whole/last.h5", optimizer: optimizer)
    #expect(optimizer.weightAverage.count == last.network.store.count)
    #expect(optimizer.weightAverage != Array(last.network.store.values))
    // Interrupted after epoch 1 and resumed: the same log and kept weights as the whole run.
    let first = try trainer(epochs: 3, configure: averaged)
    first.stopAfterEpoch = 1
    try first.train(checkpointDirectory: directory + "/split")
    let resumed = try trainer(epochs: 3, configure: averaged)
    try resumed.train(checkpointDirectory: directory + "/split", resume: true)
    #expect(resumed.log.map(\.loss) == whole.log.map(\.loss))
    #expect(resumed.log.map(\.earlyStoppingScore) == whole.log.map(\.earlyStoppingScore))
    #expect(Array(resumed.network.store.values) == Array(whole.network.store.values))
}

@Test func aTreeTeacherBlendMovesTheTrainingTargetsByTheBlendedAmount() throws {
    // A teacher that says every ΔΔG is 3 kcal/mol above its label: blend 1 trains on label + 3,
    // blend 0.5 on label + 1.5, so the mean prediction on the training mutants moves by about that.
    let samples = try SyntheticData.samples(complexes: 12, mutantsPerComplex: 10, seed: 42)
    let fit = samples.restricted(to: Set(samples.complexIDs.prefix(10)))
    let teacher = TreeTeacher(values: [.ddG: Dictionary(uniqueKeysWithValues: fit.mutants.map { ($0.id, $0.deltaDeltaG!.valueKcalPerMol + 3) })])
    func meanPrediction(blend: Float) throws -> Double {
        let t = try Trainer(configuration: SyntheticData.configuration(epochs: 8), fit: teacher.blended(fit, blend: blend),
                            earlyStopping: nil, builder: PartnerFeatureBuilder(provider: try DescriptorProvider()), seed: 1)
        t.showProgress = false
        try t.train()
        let values = try Predictor(network: t.network, assembler: t.assembler).deltaDeltaG(fit.mutants, in: fit)
        return values.reduce(0) { $0 + Double($1) } / Double(values.count)
    }
    let plain = try meanPrediction(blend: 0), half = try meanPrediction(blend: 0.5), full = try meanPrediction(blend: 1)
    #expect(full - plain > 2, "blend 1 moved the mean prediction by \(full - plain); expected about 3")
    #expect(half - plain > 0.25 * (full - plain) && half - plain < 0.75 * (full - plain),
            "blend 0.5 moved it by \(half - plain), blend 1 by \(full - plain); expected about half")
}

@Test func theTreeTeacherBlendsExactLabelsOnlyAndTheFoldTrainerTrainsOnTheBlend() throws {
    var samples = try SyntheticData.samples(complexes: 12, mutantsPerComplex: 10, seed: 42)
    samples.mutants[0].deltaDeltaG = AffinityLabel(2, kind: .atLeast)
    let ids = samples.mutants.map(\.id)
    let teacher = TreeTeacher(values: [.ddG: [ids[0]: 9, ids[1]: 9], .dG: ["C0": -20]])
    let blended = teacher.blended(samples, blend: 0.25)
    #expect(blended.mutants[0].deltaDeltaG == AffinityLabel(2, kind: .atLeast), "a censored label is a bound, not a number")
    #expect(blended.mutants[1].deltaDeltaG!.valueKcalPerMol == 0.75 * samples.mutants[1].deltaDeltaG!.valueKcalPerMol + 0.25 * 9)
    #expect(blended.mutants[2].deltaDeltaG == samples.mutants[2].deltaDeltaG, "no teacher value: the label stays")
    #expect(blended.complexes["C0"]!.deltaG!.valueKcalPerMol == 0.75 * samples.complexes["C0"]!.deltaG!.valueKcalPerMol + 0.25 * -20)
    #expect(blended.complexes["C1"]!.deltaG == samples.complexes["C1"]!.deltaG)
    // The fold trainer fits the teacher on its fit complexes and trains on the blended labels.
    var configuration = SyntheticData.configuration(epochs: 1)
    configuration.treeTeacherBlend = 1
    var network = FoldNetworkTrainer(samples: samples, familyLabels: [:], configuration: configuration,
                                     makeBuilder: { PartnerFeatureBuilder(provider: try DescriptorProvider()) })
    network.showProgress = false
    let trained = try network.train(training: samples.complexIDs, seed: 1, label: "test")
    let fitIDs = Set(trained.fit.complexIDs)
    let expected = try TreeTeacher(fit: samples.restricted(to: fitIDs), tasks: [.ddG, .dG], seed: 1, place: "test")
        .blended(samples.restricted(to: fitIDs), blend: 1)
    #expect(trained.fit.mutants.map(\.deltaDeltaG) == expected.mutants.map(\.deltaDeltaG))
    #expect(trained.fit.complexesWithExactDeltaG.map(\.deltaG) == expected.complexesWithExactDeltaG.map(\.deltaG))
    #expect(trained.fit.mutants.map(\.deltaDeltaG) != samples.restricted(to: fitIDs).mutants.map(\.deltaDeltaG))
}
