// The tuned trees baseline: grid selection on made-up data, determinism, and on real SKEMPI complexes
// a grouped hold-out on which it beats the training mean.

import Foundation
import Testing
import TwinPeaksBio
@testable import TwinPeaksModel

/// Package root: three levels above this file (Tests/TwinPeaksModelTests/GBMBaselineTests.swift).
private let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

/// ΔΔG rows of the named SKEMPI complexes, read from Reference/ (cleaned structures, sequence
/// numbering), with the substitution descriptors the network's wide path reads. Exact values only.
private func skempiRows(_ complexIDs: Set<String>) throws -> [BaselineSample] {
    let table = try SKEMPITable.read(path: packageRoot + "/Reference/skempi/skempi_v2.csv", strict: false)
    var structures: [String: SKEMPIStructure] = [:]
    var samples: [BaselineSample] = []
    for entry in table.entries where complexIDs.contains(entry.complexID) {
        if structures[entry.pdbID] == nil {
            structures[entry.pdbID] = try SKEMPIStructure.load(pdbID: entry.pdbID, directory: packageRoot + "/Reference/skempi/pdbs")
        }
        let structure = structures[entry.pdbID]!
        guard let mutant = entry.affinityMutant.constant?.deltaG(temperatureKelvin: entry.temperatureKelvin),
              let wildType = entry.affinityWildType.constant?.deltaG(temperatureKelvin: entry.temperatureKelvin),
              let ddg = mutant.minus(wildType), ddg.qualifier == .exact,
              let mutations = try? structure.sequenceMutations(of: entry) else { continue }
        func partner(_ ids: [Character]) -> Partner {
            Partner(chainIDs: String(ids), chains: ids.map { structure.chain($0)!.sequence })
        }
        let partners = try PartnerSequences(partner(entry.partner1Chains), partner(entry.partner2Chains), record: entry.complexID)
        let features = try SubstitutionDescriptors.features(of: mutations, on: partners, record: "line \(entry.line)")
        var sample = BaselineSample(complexID: entry.complexID, features: features, targetKcalPerMol: ddg.value, mutations: mutations)
        sample.reverseFeatures = try SubstitutionDescriptors.features(of: mutations, on: partners, direction: .reverse, record: "line \(entry.line)")
        samples.append(sample)
    }
    return samples
}

@Test func gbmBaselineChoosesTheBestScoredGridPointAndIsDeterministic() throws {
    // y = step in x0 + small per-group offset; 12 groups of 30 rows. A tiny grid keeps the test fast.
    var features: [[Double]] = [], targets: [Double] = [], groups: [String] = []
    for g in 0..<12 {
        for i in 0..<30 {
            let x0 = Double((i * 7 + g * 3) % 30) / 10, x1 = Double(g)
            features.append([x0, x1])
            targets.append((x0 > 1.5 ? 2.0 : 0.0) + 0.1 * Double(g % 3))
            groups.append("G\(g)")
        }
    }
    let grid = GBMBaseline.Grid(maxLeaves: [4, 8], minChildWeights: [5, 50], rounds: [20, 100])
    let first = try GBMBaseline(fitting: features, targets: targets, groups: groups, seed: 3, grid: grid)
    #expect(first.innerScores.count == 8)
    let scored = first.innerScores.compactMap { $0.score }
    let best = first.innerScores.first { $0.score == scored.max() }!
    #expect(first.parameters == best.parameters)
    #expect(first.parameters.rounds == 100)   // 20 trees at learning rate 0.03 cover less than half the step
    let second = try GBMBaseline(fitting: features, targets: targets, groups: groups, seed: 3, grid: grid)
    #expect(try first.predict(features) == second.predict(features))
    // Fewer groups than inner folds: no selection, the default parameters.
    let few = try GBMBaseline(fitting: Array(features[0..<60]), targets: Array(targets[0..<60]),
                              groups: Array(groups[0..<60]), seed: 3, grid: grid)
    #expect(few.innerScores.allSatisfy { $0.score == nil })
    var defaults = BoostingParameters()
    defaults.seed = 3
    #expect(few.parameters == defaults)
}

/// Twelve SKEMPI complexes to fit on and four held out, with their rows (`skempiRows`).
private func heldOutSKEMPIRows() throws -> (training: Set<String>, heldOut: Set<String>, train: [BaselineSample], test: [BaselineSample]) {
    let training: Set<String> = ["1CHO_EFG_I", "3SGB_E_I", "1A22_A_B", "3BT1_A_U", "1DAN_HL_UT", "3HFM_HL_Y",
                                 "1MHP_HL_A", "1LFD_A_B", "2B2X_HL_A", "1KBH_A_B", "1JRH_LH_I", "1VFB_AB_C"]
    let heldOut: Set<String> = ["1R0R_E_I", "1PPF_E_I", "1BRS_A_D", "3HG1_ABC_DE"]
    let rows = try skempiRows(training.union(heldOut))
    return (training, heldOut, rows.filter { training.contains($0.complexID) }, rows.filter { heldOut.contains($0.complexID) })
}

/// The held-out metrics of `predicted` and of the training mean, on the same rows.
private func metricsBesideTheMean(train: [BaselineSample], test: [BaselineSample], predicted: [Double]) throws
    -> (trees: MetricSet, constant: MetricSet) {
    let measured = test.map(\.targetKcalPerMol)
    let mean = try MeanBaseline(fitting: train.map(\.targetKcalPerMol)).predict(count: test.count)
    return (try MetricSet(measuredDDG: measured, predictedDDG: predicted, complexIDs: test.map(\.complexID)),
            try MetricSet(measuredDDG: measured, predictedDDG: mean, complexIDs: test.map(\.complexID)))
}

@Test func gbmBaselineBeatsTheMeanOnHeldOutSKEMPIComplexes() throws {
    let (training, heldOut, train, test) = try heldOutSKEMPIRows()
    #expect(Set(train.map(\.complexID)) == training && Set(test.map(\.complexID)) == heldOut)
    let gbm = try GBMBaseline(fitting: train.map(\.features), targets: train.map(\.targetKcalPerMol),
                              groups: train.map(\.complexID), seed: 1)
    let grid = GBMBaseline.Grid.deltaDeltaG
    #expect(grid.maxLeaves.contains(gbm.parameters.maxLeaves) && grid.minChildWeights.contains(gbm.parameters.minChildWeight)
            && grid.rounds.contains(gbm.parameters.rounds))
    #expect(gbm.innerScores.count == 18 && gbm.innerScores.allSatisfy { $0.score != nil })
    let (trees, constant) = try metricsBesideTheMean(train: train, test: test, predicted: try gbm.predict(test.map(\.features)))
    print("gbm on \(test.count) held-out SKEMPI rows (\(train.count) training): parameters \(gbm.parameters), "
          + "Pearson \(trees.pearson ?? .nan), per-complex Spearman \(trees.perComplexSpearman ?? .nan), RMSE \(trees.rmse!) "
          + "against the mean's RMSE \(constant.rmse!)")
    #expect(trees.rmse! < constant.rmse!)
    #expect(trees.pearson! > 0.2 && trees.perComplexSpearman! > 0.1)
}

@Test func mirroredTreesOnHeldOutSKEMPIComplexesAreAntisymmetricAndBeatTheMean() throws {
    let (_, _, train, test) = try heldOutSKEMPIRows()
    let width = try train.mirroredWidth(place: "SKEMPI rows")
    #expect(width == SubstitutionDescriptors.count)
    let gbm = try GBMBaseline(fitting: train.map(\.treeFeatures), targets: train.map(\.targetKcalPerMol),
                              groups: train.map(\.complexID), seed: 1, mirroredWidth: width)
    #expect(gbm.parameters.mirroredWidth == width && gbm.innerScores.allSatisfy { $0.score != nil })
    let predicted = try gbm.predict(test.map(\.treeFeatures))
    // The reversed mutation (mutant → wild type on the mutant's sequences) gets exactly −ΔΔG.
    let reversed = try gbm.predict(test.map { $0.reverseFeatures! + $0.features })
    #expect(predicted == reversed.map { -$0 })
    let (trees, constant) = try metricsBesideTheMean(train: train, test: test, predicted: predicted)
    print("mirrored gbm on \(test.count) held-out SKEMPI rows: Pearson \(trees.pearson ?? .nan), "
          + "per-complex Spearman \(trees.perComplexSpearman ?? .nan), RMSE \(trees.rmse!) against the mean's \(constant.rmse!)")
    #expect(trees.rmse! < constant.rmse!)
    #expect(trees.pearson! > 0.2 && trees.perComplexSpearman! > 0.1)
}

@Test func theTreeTeacherIsTheTunedTreesInnerOutOfFoldPredictionOnRealSKEMPIRows() throws {
    let (_, _, train, _) = try heldOutSKEMPIRows()
    let rows = train.enumerated().map { SampleSet.LabelledRow(id: "row \($0.offset)", sample: $0.element) }
    let gbm = try GBMBaseline(fitting: train, seed: 1, grid: .deltaDeltaG, place: "SKEMPI rows")
    let teacher = try TreeTeacher.outOfFold(rows, of: gbm, place: "SKEMPI rows")
    #expect(teacher.count == train.count)
    // Each value is what the chosen trees predict when refitted without the row's inner fold.
    let fold = try GroupKFold.assign(groups: train.map(\.complexID), folds: GBMBaseline.innerFolds)
    var largestGap = 0.0
    for k in 0..<GBMBaseline.innerFolds {
        let fit = train.indices.filter { fold[$0] != k }, held = train.indices.filter { fold[$0] == k }
        let trees = try GradientBoostedTrees(fitting: fit.map { train[$0].treeFeatures }, targets: fit.map { train[$0].targetKcalPerMol },
                                             parameters: gbm.parameters)
        for (i, value) in zip(held, try trees.predict(held.map { train[$0].treeFeatures })) {
            largestGap = max(largestGap, abs(Double(teacher["row \(i)"]!) - value))
        }
    }
    #expect(largestGap < 1e-4, "teacher and refitted held-out trees differ by up to \(largestGap) kcal/mol")
    // Out-of-fold, not in-sample: the refitted trees sit closer to the labels they saw.
    let measured = train.map(\.targetKcalPerMol)
    let inSample = try gbm.predict(train.map(\.treeFeatures)), heldOut = rows.map { Double(teacher[$0.id]!) }
    func rmse(_ p: [Double]) -> Double { (zip(p, measured).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(p.count)).squareRoot() }
    #expect(rmse(inSample) < 0.9 * rmse(heldOut), "in-sample RMSE \(rmse(inSample)), out-of-fold \(rmse(heldOut))")
    #expect(Correlation.pearson(measured, heldOut)! > 0.2, "the teacher carries signal to complexes it did not see")
}
