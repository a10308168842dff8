// The structure heads' predictions as the trees' descriptors (`treesReadStructure`): the network's
// per-pair site probability is the mean over the mutant's and the wild type's mutated windows, the
// predictor returns it from the mutant's own pass, and an evaluation with a stack scores the
// structure-reading trees as their own baseline, blends them, and keeps them through a fold file.

import Foundation
import Testing
import TwinPeaksBio
import TwinPeaksEmbedding
import TwinPeaksTensor
@testable import TwinPeaksModel

@Test func theSiteProbabilityIsTheMeanOverBothSidesMutatedWindows() throws {
    var configuration = NetworkFixtures.tinyConfiguration()
    configuration.interfaceLossWeight = 1
    configuration.burialLossWeight = 1
    let network = try NetworkFixtures.network(configuration)
    let batch = NetworkFixtures.mixedBatch()
    var unused = SeededGenerator(seed: 0)
    let (prediction, cache) = try network.forward(batch, training: false, generator: &unused)
    let interface = try #require(prediction.siteInterface), burial = try #require(prediction.siteBurial)
    let pairs = batch.pairs.count
    #expect(interface.count == pairs && burial.count == pairs)
    for i in 0..<pairs {
        let sites = cache.sites[i] + cache.sites[pairs + i]
        #expect(!sites.isEmpty, "the fixture's mutations lie inside the crop")
        func mean(_ logits: (Tensor, Tensor)) -> Float {
            sites.map { site -> Float in
                let tensor = site.partner == 0 ? logits.0 : logits.1
                return 1 / (1 + exp(-tensor[flat: site.sample * tensor.shape[1] + site.token]))
            }.reduce(0, +) / Float(sites.count)
        }
        #expect(abs(interface[i] - mean(prediction.interfaceLogits!)) < 1e-6)
        #expect(abs(burial[i] - mean(prediction.burialLogits!)) < 1e-6)
    }
    // Without the heads there is nothing to read.
    let plain = try NetworkFixtures.network(NetworkFixtures.tinyConfiguration())
    let bare = try plain.forward(batch, training: false, generator: &unused).prediction
    #expect(bare.siteInterface == nil && bare.siteBurial == nil)
}

@Test func thePredictorGivesEachMutantItsSiteProbabilityFromItsOwnPass() throws {
    let samples = try SyntheticData.samples(complexes: 3, mutantsPerComplex: 8, seed: 11)
    var configuration = SyntheticData.configuration(epochs: 1)
    configuration.interfaceLossWeight = 1
    // Untrained (seeded) weights: the point is where the values come from, not what they are.
    let trainer = try Trainer(configuration: configuration, fit: samples, earlyStopping: nil,
                              builder: PartnerFeatureBuilder(provider: try DescriptorProvider()), seed: 3)
    let predictor = Predictor(network: trainer.network, assembler: trainer.assembler)
    let all = try predictor.mutantPredictions(samples.mutants, in: samples)
    let interface = try #require(all.siteInterface)
    #expect(all.siteBurial == nil)
    #expect(all.deltaDeltaG == (try predictor.deltaDeltaG(samples.mutants, in: samples)))
    #expect(interface.allSatisfy { $0 > 0 && $0 < 1 })
    #expect(Set(interface).count > 1, "mutants at different sites read different windows")
    // A mutant asked alone gets the same bits as in its batch (row-stable products).
    for i in [0, 9, 23] {
        let alone = try predictor.mutantPredictions([samples.mutants[i]], in: samples)
        #expect(alone.siteInterface == [interface[i]] && alone.deltaDeltaG == [all.deltaDeltaG[i]])
    }
}

@Test func treesReadingStructureNeedTheInterfaceHead() throws {
    var configuration = ModelConfiguration()
    configuration.treesReadStructure = true
    #expect(throws: ModelError.self) { try configuration.validate() }
    configuration.interfaceLossWeight = 1
    try configuration.validate()
    let decoded = try ModelConfiguration.decode(Data(#"{"interfaceLossWeight":1,"treesReadStructure":true}"#.utf8), source: "test")
    #expect(decoded.treesReadStructure)
}

@Test func anEvaluationWhoseTreesReadStructureScoresAndBlendsThem() throws {
    var configuration = SyntheticData.configuration(epochs: 1)
    configuration.interfaceLossWeight = 1
    configuration.treesReadStructure = true
    let (evaluator, folds) = try stackedToyEvaluation(configuration)
    let predictions: [FoldPrediction] = try folds.map { fold in
        let prediction = try evaluator.predictFold(fold, split: "toy", task: .ddG, trainDeltaG: true, trainDeltaDeltaG: true)
        return try #require(prediction)
    }
    let result = try evaluator.score(split: "toy", task: .ddG, folds: folds, predictions: predictions, trainingSeconds: 0)
    let structure = try #require(result.evaluation.baselines[SplitEvaluator.structureTreesBaseline])
    #expect(structure.n == 120 && result.evaluation.baselines["gbm"]?.n == 120 && result.evaluation.stack?.n == 120)
    #expect(structure.pearson != result.evaluation.baselines["gbm"]!.pearson, "the extra descriptors change the trees")
    for row in result.rows {
        let trees = try #require(row.structureTrees)
        #expect(row.stacked! == result.stacks[row.fold]!.predict(network: row.predicted, trees: trees))
    }

    // The fold file keeps the structure-reading trees to the bit; an edited value is refused.
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tp-structure-trees-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let path = directory + "/f0.tsv"
    try predictions[0].text(runKey: "k").write(toFile: path, atomically: true, encoding: .utf8)
    let back = try FoldPrediction(reading: path, split: "toy", task: .ddG, fold: "f0", runKey: "k")
    #expect(back.rows.map(\.structureTrees) == predictions[0].rows.map(\.structureTrees))
    let rescored = try evaluator.score(split: "toy", task: .ddG, folds: folds, predictions: [back, predictions[1]], trainingSeconds: 0)
    #expect(rescored.evaluation == result.evaluation)
    // A row without the column while the header has it names its line (checksum made to match,
    // so the column check itself is what refuses it).
    var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    let header = try #require(lines.firstIndex { $0.hasPrefix("id\t") })
    lines[header + 1] = lines[header + 1].split(separator: "\t").dropLast().joined(separator: "\t")
    let body = lines[(header + 1)..<(lines.count - 1)].map { $0 + "\n" }.joined()
    lines[lines.count - 1] = "# rows_md5\t" + MD5.hex(body)
    try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    do {
        _ = try FoldPrediction(reading: path, split: "toy", task: .ddG, fold: "f0", runKey: "k")
        Issue.record("a row short of the structure-trees column was read")
    } catch let error as InputError {
        #expect(error.problem.contains("expected 7 tab-separated fields"), "\(error)")
    }
}
