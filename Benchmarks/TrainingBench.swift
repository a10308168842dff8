// Training and inference speed of the network on the configuration of the PyTorch reference
// (partners cropped to 256 residues, width 128, windows 8 / stride 4, 2 encoder layers, 1 cross layer).

import Foundation
import TwinPeaksBio
import TwinPeaksEmbedding
import TwinPeaksModel
import TwinPeaksTensor

/// Made-up complexes of two 256-residue partners with `mutants` point mutants each.
func benchmarkSamples(complexes: Int, mutants: Int, length: Int = 256) throws -> SampleSet {
    var g = SeededGenerator(seed: 9)
    func chain() -> [AminoAcid] { (0..<length).map { _ in AminoAcid.standard[Int(g.next() % 20)] } }
    var complexList: [ComplexSample] = [], mutantList: [MutantSample] = []
    for c in 0..<complexes {
        let a = chain(), b = chain()
        let partners = try PartnerSequences(partner1: [.init(id: "A", residues: a)], partner2: [.init(id: "B", residues: b)])
        // Made-up structure labels (about 10 % of residues within 5 Å), so the interface head has work.
        func distances() -> [Float] { (0..<length).map { _ in Float(g.next() % 200) / 10 + 2 } }
        complexList.append(ComplexSample(id: "C\(c)", partners: partners, deltaG: AffinityLabel(-10),
                                         interface: ComplexInterface(partner1: distances(), partner2: distances())))
        for m in 0..<mutants {
            let position = Int(g.next() % UInt64(length))
            let wild = a[position], mutant: AminoAcid = wild == .ala ? .gly : .ala
            mutantList.append(MutantSample(id: "C\(c)-\(m)", complexID: "C\(c)",
                                           mutations: MutationSet([PointMutation(wildType: wild, chain: "A", residueNumber: position + 1, mutant: mutant)]),
                                           deltaDeltaG: AffinityLabel(Float(m % 5) * 0.5)))
        }
    }
    return try SampleSet(complexes: complexList, mutants: mutantList)
}

func runTrainingBenchmarks() throws {
    print("\n== network training (ΔΔG rows, wild-type pass shared by 32 mutants; torch reference 110–130 rows/s on 1 thread)")
    let samples = try benchmarkSamples(complexes: 6, mutants: 32)
    // `structure` adds the interface head, its loss on the wild-type row, the gate and the ranking loss.
    for (name, preset) in [("full", ModelConfiguration.full), ("structure", ModelConfiguration.structure)] {
        var configuration = preset
        configuration.epochs = 1
        configuration.batchSize = 32
        for threads in [1, 2] {
            _ = try TensorThreads.configure(explicit: threads)
            let trainer = try Trainer(configuration: configuration, fit: samples, earlyStopping: nil,
                                      builder: PartnerFeatureBuilder(provider: try DescriptorProvider()), seed: 1)
            trainer.showProgress = false
            trainer.trainDeltaG = false
            let start = Date()
            try trainer.train()
            let seconds = Date().timeIntervalSince(start)
            let rows = Double(samples.mutants.count)
            let tokens = configuration.tokenCount(residues: 256)
            // Per group: 33 forward passes (wild type + 32 mutants) and their backward (≈ 2× forward).
            let flopsPerGroup = 3 * 33 * NetworkCost.forwardFLOPs(configuration, featureWidth: trainer.network.featureWidth,
                                                                  tokens1: tokens, tokens2: tokens)
            let gflops = flopsPerGroup * Double(samples.mutants.count / 32) / seconds / 1e9
            print(String(format: "training %@, %d thread(s): %.0f ΔΔG rows/s, %.1f GFLOP/s (%.0f%% of %d × 95 GFLOP/s sgemm)",
                         name, threads, rows / seconds, gflops, 100 * gflops / (95 * Double(threads)), threads))
        }
    }
}

/// What `treesReadStructure` costs a stack's inner fold: the structure descriptors of held-out rows
/// against the plain ΔΔG prediction of the same rows (the site probabilities come from the same
/// passes), and the ΔG descriptors (one more wild-type pass per complex).
func runStructureDescriptorBenchmarks() throws {
    print("\n== structure descriptors for the trees (treesReadStructure; `structure` preset, 1 thread, untrained weights)")
    _ = try TensorThreads.configure(explicit: 1)
    let samples = try benchmarkSamples(complexes: 6, mutants: 32)
    let trainer = try Trainer(configuration: .structure, fit: samples, earlyStopping: nil,
                              builder: PartnerFeatureBuilder(provider: try DescriptorProvider()), seed: 1)
    let predictor = Predictor(network: trainer.network, assembler: trainer.assembler)
    // Best of 3: the first pass also pays for allocations.
    func rate(_ count: Int, _ work: () throws -> Void) rethrows -> Double { Double(count) / (try bestTime(3, work)) }
    let plain = try rate(samples.mutants.count) { _ = try predictor.deltaDeltaG(samples.mutants, in: samples) }
    let ddG = try rate(samples.mutants.count) { _ = try StructureDescriptors.features([predictor], task: .ddG, heldOut: samples) }
    let dG = try rate(samples.complexes.count) { _ = try StructureDescriptors.features([predictor], task: .dG, heldOut: samples) }
    print(String(format: "ΔΔG: %.0f rows/s with the site probabilities, %.0f rows/s for ΔΔG alone; ΔG: %.1f complexes/s (256 + 256 residues; best of 3)",
                 ddG, plain, dG))
}

/// What weight averaging (`weightAverageEpochs`) costs: an AdamW update of the `contacts` network's
/// parameters with and without the moving average beside it.
func runWeightAverageBenchmarks() throws {
    print("\n== weight averaging (AdamW update of the `contacts` network, 1 thread)")
    let samples = try benchmarkSamples(complexes: 1, mutants: 1)
    var configuration = ModelConfiguration.structure
    configuration.contactLossWeight = 1
    let network = try Trainer(configuration: configuration, fit: samples, earlyStopping: nil,
                              builder: PartnerFeatureBuilder(provider: try DescriptorProvider()), seed: 1).network
    let store = network.store
    var generator = SeededGenerator(seed: 3)
    for i in 0..<store.count { store.gradients[i] = generator.nextNormal() * 1e-3 }
    for averageDecay: Float in [0, 0.999] {
        let optimizer = try AdamW(store: store, learningRate: 1e-5, averageDecay: averageDecay)
        let seconds = try bestTime(3) { for _ in 0..<20 { try optimizer.step() } } / 20
        print(String(format: "AdamW update of %d parameters, %@: %.2f ms", store.count,
                     averageDecay == 0 ? "plain" : "with the weight average", seconds * 1e3))
    }
}

/// What `descriptorPathKnots` and `descriptorPathPretrainEpochs` add at epoch 0: the knots placed
/// and the descriptor path fitted alone, on 6,000 made-up ΔΔG rows (about RDE's training part).
func runDescriptorPathBenchmarks() throws {
    print("\n== descriptor path at epoch 0 (knots + fitted alone; 6,000 ΔΔG rows, 1 thread)")
    _ = try TensorThreads.configure(explicit: 1)
    let samples = try benchmarkSamples(complexes: 60, mutants: 100, length: 48)
    var configuration = ModelConfiguration.structure
    configuration.descriptorPathWidth = 128
    configuration.descriptorPathKnots = 7
    configuration.descriptorPathPretrainEpochs = 30
    let trainer = try Trainer(configuration: configuration, fit: samples, earlyStopping: nil,
                              builder: PartnerFeatureBuilder(provider: try DescriptorProvider()), seed: 1)
    let residualPass = try bestTime(1) { _ = try Predictor(network: trainer.network, assembler: trainer.assembler)
        .deltaDeltaG(samples.mutants, in: samples) }
    let seconds = try bestTime(1) {
        try DescriptorPathPretraining.fit(trainer.network, assembler: trainer.assembler, fit: samples,
                                          configuration: configuration, seed: 1)
    }
    let rows = Double(samples.mutants.count * configuration.descriptorPathPretrainEpochs)
    print(String(format: "%d epochs of 128 units on %d × (1 + 7) inputs: %.1f s (%.1f s of it the residual pass of the network), %.0f rows/s fitting",
                 configuration.descriptorPathPretrainEpochs, trainer.network.substitutionDescriptorWidth ?? 0, seconds, residualPass,
                 rows / max(seconds - residualPass, 1e-9)))
}

/// The ΔG descriptor path fitted alone at epoch 0 (`deltaGDescriptorPathWidth`), on as many complexes
/// as a strict hold-out's training part (about 1,400), with made-up ΔG labels that vary.
func runDeltaGDescriptorPathBenchmarks() throws {
    print("\n== ΔG descriptor path at epoch 0 (fitted alone; 1,400 complexes, 1 thread)")
    _ = try TensorThreads.configure(explicit: 1)
    let plain = try benchmarkSamples(complexes: 1400, mutants: 0, length: 48)
    let complexes = plain.complexIDs.enumerated().map { index, id -> ComplexSample in
        let c = plain.complexes[id]!
        return ComplexSample(id: id, partners: c.partners, deltaG: AffinityLabel(-12 + Float(index % 9) * 0.5))
    }
    let samples = try SampleSet(complexes: complexes, mutants: [])
    var configuration = ModelConfiguration.structure
    configuration.deltaGDescriptorPathWidth = 128
    configuration.descriptorPathPretrainEpochs = 60
    let trainer = try Trainer(configuration: configuration, fit: samples, earlyStopping: nil,
                              builder: PartnerFeatureBuilder(provider: try DescriptorProvider()), seed: 1)
    let residualPass = try bestTime(1) { _ = try Predictor(network: trainer.network, assembler: trainer.assembler).deltaG(complexes) }
    let seconds = try bestTime(1) {
        try DescriptorPathPretraining.fitDeltaG(trainer.network, assembler: trainer.assembler, fit: samples,
                                                configuration: configuration, seed: 1)
    }
    let rows = Double(complexes.count * configuration.descriptorPathPretrainEpochs)
    print(String(format: "%d epochs of 128 units on %d inputs: %.1f s (%.1f s of it the residual pass of the network), %.0f rows/s fitting",
                 configuration.descriptorPathPretrainEpochs, PartnerDescriptors.count, seconds, residualPass,
                 rows / max(seconds - residualPass, 1e-9)))
}
