// The stacked model: the non-negative blend recovers known weights and drops a harmful input, the
// selection picks the best measured predictor among those a folder holds, and a trained folder's
// network, trees and stack answer `predict` exactly as their parts say.

import Foundation
import Testing
import TwinPeaksBio
import TwinPeaksEmbedding
import TwinPeaksSplit
import TwinPeaksTensor
@testable import TwinPeaksModel

@Test func theBlendRecoversKnownWeightsAndNeverGivesANegativeOne() throws {
    var g = TwinPeaksTensor.SeededGenerator(seed: 5)
    func noise() -> Double { Double(g.next() % 1000) / 1000 - 0.5 }
    let a = (0..<200).map { _ in 4 * noise() }, b = (0..<200).map { _ in 4 * noise() }
    let y = zip(a, b).map { 1 + 0.3 * $0 + 0.6 * $1 + 0.05 * noise() }
    let stack = try LinearStack(fittingNetwork: a, trees: b, measured: y)
    #expect(abs(stack.networkWeight - 0.3) < 0.02 && abs(stack.treesWeight - 0.6) < 0.02 && abs(stack.intercept - 1) < 0.02)
    #expect(stack.rows == 200)
    #expect(abs(stack.predict(network: 2, trees: -1) - (stack.intercept + 2 * stack.networkWeight - stack.treesWeight)) < 1e-12)

    // Trees anti-correlated with the truth once the network is known: unconstrained least squares
    // would give them a negative weight; the blend keeps the network alone.
    let anti = zip(a, y).map { -$1 + 0.2 * $0 }
    let kept = try LinearStack(fittingNetwork: a, trees: anti, measured: a.map { 2 * $0 })
    #expect(kept.treesWeight >= 0 && kept.networkWeight > 0)
    let hurt = try LinearStack(fittingNetwork: a, trees: a.map { -$0 }, measured: a)
    #expect(hurt.treesWeight == 0 && abs(hurt.networkWeight - 1) < 1e-9)

    #expect(throws: InputError.self) { try LinearStack(fittingNetwork: [1, 2], trees: [1, 2], measured: [1, 2]) }
    #expect(throws: InputError.self) { try LinearStack(fittingNetwork: [1, .nan, 3], trees: [1, 2, 3], measured: [1, 2, 3]) }
}

private func evaluation(_ split: String, _ task: MetricsReport.Task, network: Double, trees: Double, stack: Double?) -> MetricsReport.Evaluation {
    func set(_ r: Double) -> MetricSet { MetricSet(n: 10, pearson: r, spearman: r, rmse: 1, mae: 1, perComplexSpearman: nil, auroc: nil, perComplexCount: nil) }
    return MetricsReport.Evaluation(split: split, task: task, metrics: set(network), baselines: ["gbm": set(trees), "ridge": set(0.9)],
                                    stack: stack.map(set))
}

@Test func selectionTakesTheBestMeanPearsonAmongWhatTheFolderHolds() throws {
    let report = MetricsReport(model: "m", features: "descriptors", evaluations: [
        evaluation("cath", .ddG, network: 0.40, trees: 0.34, stack: 0.45),
        evaluation("rde", .ddG, network: 0.35, trees: 0.43, stack: 0.44),
        evaluation("family-disjoint", .dG, network: 0.17, trees: 0.25, stack: nil),
    ])
    let all = try PredictorSelection(report: report, available: Set(PredictorChoice.allCases))
    #expect(all.chosen[.ddG] == .stack)
    // ΔG has no stack measured on its split: the trees win among the measured ones.
    #expect(all.chosen[.dG] == .trees)
    #expect(all.candidates[.ddG]!.map(\.choice) == [.network, .trees, .stack])
    #expect(abs(all.candidates[.ddG]!.first { $0.choice == .trees }!.mean - 0.385) < 1e-12)
    // Without the trees' files in the folder, only the network can be shipped (ridge is never a candidate).
    let networkOnly = try PredictorSelection(report: report, available: [.network])
    #expect(networkOnly.chosen[.ddG] == .network && networkOnly.chosen[.dG] == .network)
    #expect(throws: ModelError.self) { try PredictorSelection(report: report, available: []) }
}

@Test func aTrainedFolderAnswersWithTheNetworkTheTreesOrTheStack() throws {
    let samples = try SyntheticData.samples(complexes: 12, mutantsPerComplex: 10, seed: 42)
    var run = TrainingRun(samples: samples, familyLabels: [:], configuration: SyntheticData.configuration(epochs: 1),
                          makeBuilder: { PartnerFeatureBuilder(provider: try DescriptorProvider()) })
    run.showProgress = false
    run.stackFolds = 2
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tp-stack-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try run.run(directory: directory, resume: false)
    let stackFile = try StackFile.load(StackFile.path(in: directory))
    #expect(stackFile.folds == 2 && Set(stackFile.stacks.keys) == ["ddG", "dG"])
    #expect(stackFile.stacks["ddG"]!.rows == 120, "every labelled mutant gets one out-of-fold prediction")
    // The out-of-fold table holds one row per labelled mutant and complex, blended as the file says.
    let table = try String(contentsOfFile: directory + "/stack-out-of-fold.tsv", encoding: .utf8).split(separator: "\n").dropFirst()
    #expect(table.count == 132)
    let stack = stackFile.stacks["ddG"]!
    for line in table.prefix(5) {
        let f = line.split(separator: "\t").map(String.init)
        #expect(abs(Double(f[6])! - stack.predict(network: Double(f[4])!, trees: Double(f[5])!)) < 2e-4)
    }

    let complex = samples.complexes["C0"]!
    func fasta(_ side: Int) -> FASTARecord {
        FASTARecord(header: "C0", chains: [String(complex.partners.partners[side][0].residues.map(\.oneLetter))])
    }
    let mutation = samples.mutants[0].mutations.mutations[0]
    let text = mutation.description
    let pair = try PredictionPair(id: "C0", partner1: fasta(0), partner2: fasta(1), mutations: [text])
    let network = try EnsemblePredictor(modelDirectory: directory, use: .network).predict(pair)
    let trees = try EnsemblePredictor(modelDirectory: directory, use: .trees).predict(pair)
    let stacked = try EnsemblePredictor(modelDirectory: directory, use: .stack).predict(pair)
    let treesModel = try GradientBoostedTrees(contentsOf: StackFile.treesPath(in: directory, task: .ddG))
    // The ΔΔG trees are mirrored: they read the mutation forward and reversed.
    #expect(treesModel.parameters.mirroredWidth == SubstitutionDescriptors.count)
    let expectedTrees = try treesModel.predict([SubstitutionDescriptors.features(of: pair.mutationSets[0], on: pair.partners, record: "C0")
                                                + SubstitutionDescriptors.features(of: pair.mutationSets[0], on: pair.partners, direction: .reverse, record: "C0")])[0]
    #expect(trees[1].deltaDeltaG == expectedTrees && trees[1].deltaDeltaGSpread == 0)
    // With the trees answering both tasks no network pass runs, and ΔG is the ΔG trees' own value.
    let dGTrees = try GradientBoostedTrees(contentsOf: StackFile.treesPath(in: directory, task: .dG))
    #expect(trees[0].deltaG == (try dGTrees.predict([PartnerDescriptors.features(of: pair.partners)])[0]) && trees[0].deltaGSpread == 0)
    #expect(trees[1].deltaG == trees[0].deltaG + expectedTrees)
    // So `predict` on the mutant, asked for the way back to the wild type, answers exactly −ΔΔG.
    let mutantPartners = try pair.partners.applying(pair.mutationSets[0], record: "C0")
    func mutantFasta(_ side: Int) -> FASTARecord {
        FASTARecord(header: "C0", chains: [String(mutantPartners.partners[side][0].residues.map(\.oneLetter))])
    }
    let back = try PredictionPair(id: "C0", partner1: mutantFasta(0), partner2: mutantFasta(1), mutations: [mutation.reversed.description])
    #expect(try EnsemblePredictor(modelDirectory: directory, use: .trees).predict(back)[1].deltaDeltaG == -expectedTrees)
    #expect(abs(stacked[1].deltaDeltaG! - stack.predict(network: network[1].deltaDeltaG!, trees: expectedTrees)) < 1e-9)
    let dGStack = stackFile.stacks["dG"]!
    #expect(abs(stacked[0].deltaG - dGStack.predict(network: network[0].deltaG, trees: trees[0].deltaG)) < 1e-9)
    // Without a choice the folder answers with the network; a shipped choice in metrics.json is followed.
    #expect(try EnsemblePredictor(modelDirectory: directory).predict(pair)[1].deltaDeltaG == network[1].deltaDeltaG)
    let shipped = MetricsReport(model: "m", features: "descriptors", evaluations: [], shipped: ["ddG": "trees", "dG": "stack"])
    try shipped.write(to: URL(fileURLWithPath: directory + "/metrics.json"))
    let followed = try EnsemblePredictor(modelDirectory: directory).predict(pair)
    #expect(followed[1].deltaDeltaG == expectedTrees && followed[0].deltaG == stacked[0].deltaG)
    // A stack asked of a folder without stack.json is named, not silently replaced.
    try FileManager.default.removeItem(atPath: StackFile.path(in: directory))
    #expect(throws: ModelError.self) { try EnsemblePredictor(modelDirectory: directory, use: .stack) }
}

/// A stacked evaluator on 12 synthetic complexes (10 mutants each) and two folds that validate
/// alternate complexes.
func stackedToyEvaluation(_ configuration: ModelConfiguration = SyntheticData.configuration(epochs: 1)) throws
    -> (evaluator: SplitEvaluator, folds: [Fold]) {
    let samples = try SyntheticData.samples(complexes: 12, mutantsPerComplex: 10, seed: 43)
    var evaluator = SplitEvaluator(samples: samples, familyLabels: [:], configuration: configuration,
                                   makeBuilder: { PartnerFeatureBuilder(provider: try DescriptorProvider()) })
    evaluator.showProgress = false
    evaluator.stackFolds = 2
    let ids = samples.complexIDs
    let folds = (0..<2).map { k in
        Fold(name: "f\(k)", train: ids.enumerated().filter { $0.offset % 2 != k }.map(\.element),
             validation: ids.enumerated().filter { $0.offset % 2 == k }.map(\.element))
    }
    return (evaluator, folds)
}

@Test func anEvaluationWithStackingScoresTheBlendOfItsOwnFolds() throws {
    let (evaluator, folds) = try stackedToyEvaluation()
    let result = try evaluator.run(split: "toy", task: .ddG, folds: folds, trainDeltaG: true, trainDeltaDeltaG: true)
    #expect(result.evaluation.stack?.n == 120 && result.evaluation.baselines["gbm"]?.n == 120)
    #expect(Set(result.stacks.keys) == ["f0", "f1"])
    for row in result.rows {
        let stack = result.stacks[row.fold]!
        #expect(row.stacked! == stack.predict(network: row.predicted, trees: row.trees!))
    }
    // The blend of each fold was fitted on its training complexes only: 60 rows each.
    #expect(result.stacks.values.allSatisfy { $0.rows == 60 })
}
