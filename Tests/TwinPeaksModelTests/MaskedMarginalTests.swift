// The ESM-2 masked-marginal score on a dataset's mutant records (random weights of a tiny shape):
// each record's score is the sum of its chains' scores computed directly; the table round-trips
// and refuses another dataset's records; in an evaluation it is its own zero-shot baseline row and
// one more column of the ridge, the trees and the wide path.

import Foundation
import Testing
import TwinPeaksBio
import TwinPeaksEmbedding
@testable import TwinPeaksModel

/// 2 layers of width 16, 4 heads, with the language-model head; random weights.
private func tinyESM2(seed: UInt64) throws -> ESM2Model {
    try ESM2Model(configuration: ESM2Configuration(name: "esm2_tiny_test", layers: 2, width: 16, heads: 4, feedForwardWidth: 24),
                  seed: seed)
}

/// The synthetic complexes of the trainer tests plus one record with two sites on chain A and one on B.
private func samplesWithAMultiChainRecord() throws -> SampleSet {
    let samples = try SyntheticData.samples(complexes: 9, mutantsPerComplex: 6, seed: 7)
    let partners = samples.complexes["C0"]!.partners
    let a = partners.partner1[0].residues, b = partners.partner2[0].residues
    func other(_ residue: AminoAcid) -> AminoAcid { residue == .trp ? .ala : .trp }
    let set = MutationSet([PointMutation(wildType: a[1], chain: "A", residueNumber: 2, mutant: other(a[1])),
                           PointMutation(wildType: a[4], chain: "A", residueNumber: 5, mutant: other(a[4])),
                           PointMutation(wildType: b[2], chain: "B", residueNumber: 3, mutant: other(b[2]))])
    let multi = MutantSample(id: "C0-multi", complexID: "C0", mutations: set, deltaDeltaG: AffinityLabel(1.5))
    return try SampleSet(complexes: samples.complexIDs.map { samples.complexes[$0]! }, mutants: samples.mutants + [multi])
}

/// Σ over the record's chains of `maskedMarginalScore` on that chain alone (checked against the
/// plain reference in the embedding tests).
private func directScore(_ mutant: MutantSample, _ samples: SampleSet, _ model: ESM2Model) throws -> Double {
    let partners = samples.complexes[mutant.complexID]!.partners
    var total = 0.0
    for chain in Set(mutant.mutations.mutations.map(\.chain)) {
        let residues = partners.locate(chain: chain)!.chain.residues
        let substitutions = mutant.mutations.mutations.filter { $0.chain == chain }.map {
            ESM2Substitution(position: $0.residueNumber - 1, wildType: $0.wildType.oneLetter, mutant: $0.mutant.oneLetter)
        }
        total += try model.maskedMarginalScore(chain: String(residues.map(\.oneLetter)), substitutions: substitutions)
    }
    return total
}

@Test func everyRecordsScoreIsTheSumOfItsChainsMaskedMarginalsComputedDirectly() throws {
    let model = try tinyESM2(seed: 5)
    let samples = try samplesWithAMultiChainRecord()
    let scores = try MaskedMarginalScores(samples: samples, model: model, modelDescription: "tiny")
    #expect(scores.nats.count == samples.mutants.count)
    for mutant in samples.mutants {
        let expected = try directScore(mutant, samples, model)
        #expect(abs(scores.nats[mutant.id]! - expected) < 1e-9, "\(mutant.id): \(scores.nats[mutant.id]!) vs \(expected)")
    }
    #expect(scores.nats["C0-multi"] != 0)
}

@Test func aModelThatPrefersTheWildTypeLetterScoresTheMutationPositiveAsADestabilisingDDG() throws {
    let model = try tinyESM2(seed: 6)
    let samples = try SyntheticData.samples(complexes: 1, mutantsPerComplex: 1, seed: 3)
    let point = samples.mutants[0].mutations.mutations[0]
    // A large output bias on the wild-type token makes p(wild type) ≈ 1 wherever the model looks.
    let bias = model.parameters.parameter(named: "lm_head.bias")!
    var values = [Float](repeating: 0, count: bias.count)
    values[ESM2Alphabet.token(for: point.wildType)] = 20
    try model.parameters.setValue(bias, .init(shape: bias.shape, values: values))
    let score = try MaskedMarginalScores(samples: samples, model: model, modelDescription: "biased").nats[samples.mutants[0].id]!
    #expect(score > 10, "log p(wt) − log p(mut) = \(score); ΔΔG = ΔG(mutant) − ΔG(wild type) > 0 is destabilising")
}

@Test func theScoresTableRoundTripsAndRefusesAnotherDatasetsRecords() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("tp-esm2-scores-\(UUID().uuidString).tsv").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    let samples = try samplesWithAMultiChainRecord()
    let scores = try MaskedMarginalScores(samples: samples, model: try tinyESM2(seed: 5), modelDescription: "esm2_tiny_test, random")
    try scores.write(to: path, samples: samples, datasetMD5: "0123")
    let read = try MaskedMarginalScores(path: path)
    #expect(read.model == "esm2_tiny_test, random" && read.mutations == scores.mutations)
    for (id, value) in scores.nats { #expect(abs(read.nats[id]! - value) < 5e-7, "\(id)") }

    var missing = read
    missing.nats["C1-2"] = nil
    #expect(throws: InputError.self) { try samples.withMaskedMarginals(missing, source: path) }
    var other = read
    other.mutations["C1-2"] = "AA1W"
    do {
        _ = try samples.withMaskedMarginals(other, source: path)
        Issue.record("a record scored for other mutations was joined")
    } catch let error as InputError {
        #expect(error.place == path && error.problem.contains("C1-2") && error.problem.contains("AA1W"), "\(error)")
    }
    try "record_id\tcomplex_id\tmutations\tmasked_marginal_nats\nC0-0\tC0\tAA1W\tnan\n".write(toFile: path, atomically: true, encoding: .utf8)
    do {
        _ = try MaskedMarginalScores(path: path)
        Issue.record("a NaN score was read")
    } catch let error as InputError {
        #expect(error.place == "\(path):2", "\(error)")
    }
}

@Test func withScoresTheEvaluationHasAZeroShotRowOfThoseValuesAndTheTreesAndWidePathReadThem() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tp-esm2-eval-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let plain = try samplesWithAMultiChainRecord()
    let table = try MaskedMarginalScores(samples: plain, model: try tinyESM2(seed: 5), modelDescription: "tiny")
    let scored = try plain.withMaskedMarginals(table, source: "scores.tsv")

    // Three folds of three complexes (C0…C8), each validated once.
    let folds = (0..<3).flatMap { fold in (0..<9).map { "f\(fold)\tC\($0)\t\($0 % 3 == fold ? "val" : "train")\n" } }
    try ("fold\tcomplex_id\trole\n" + folds.joined()).write(toFile: directory + "/folds.tsv", atomically: true, encoding: .utf8)
    let splits = [EvaluationRun.SplitSpec(name: "synthetic", foldFile: directory + "/folds.tsv", task: .ddG)]
    func evaluate(_ samples: SampleSet, _ output: String) throws -> MetricsReport {
        var evaluator = SplitEvaluator(samples: samples, familyLabels: [:], configuration: SyntheticData.configuration(epochs: 1),
                                       makeBuilder: { PartnerFeatureBuilder(provider: try DescriptorProvider()) })
        evaluator.showProgress = false
        return try EvaluationRun(evaluator: evaluator, modelName: "tiny", featuresName: "descriptors").run(splits, directory: output)
    }
    let with = try evaluate(scored, directory + "/with"), without = try evaluate(plain, directory + "/without")

    // The row: Pearson, Spearman and AUROC of the scores themselves against ΔΔG; no RMSE (nats are not kcal/mol).
    let rows = try scored.labelledRows(.ddG)
    let measured = rows.map(\.sample.targetKcalPerMol), values = rows.map { table.nats[$0.id]! }
    let row = try #require(with.evaluations[0].baselines[BaselinePredictions.esm2MaskedMarginal])
    #expect(row.n == rows.count && row.rmse == nil && row.mae == nil)
    #expect(abs(row.pearson! - Correlation.pearson(measured, values)!) < 1e-12)
    #expect(abs(row.spearman! - Correlation.spearman(measured, values)!) < 1e-12)
    #expect(row.auroc == SignAUROC.auroc(measuredDDG: measured, predictedDDG: values))
    #expect(without.evaluations[0].baselines[BaselinePredictions.esm2MaskedMarginal] == nil)
    let json = try String(contentsOfFile: directory + "/with/metrics.json", encoding: .utf8)
    let report = try String(contentsOfFile: directory + "/with/report.md", encoding: .utf8)
    #expect(json.contains("\"esm2_masked_marginal\""))
    #expect(report.contains("| baseline: esm2_masked_marginal | \(rows.count) |") && report.contains("zero-shot"))
    // The baseline's pooled predictions are the table's values, row for row.
    let folded = Array(rows.indices)
    let halves = [EvaluationFold(train: folded.filter { $0 % 2 == 0 }, test: folded.filter { $0 % 2 == 1 }),
                  EvaluationFold(train: folded.filter { $0 % 2 == 1 }, test: folded.filter { $0 % 2 == 0 })]
    let baselines = try BaselinePredictions(task: .ddG, samples: rows.map(\.sample), folds: halves)
    #expect(baselines.predictions[BaselinePredictions.esm2MaskedMarginal]! == baselines.rows.map { values[$0] })

    // The trees' and ridge's input: the 84 descriptors and the score; their predictions move with it.
    for (row, plainRow) in zip(rows, try plain.labelledRows(.ddG)) {
        #expect(row.sample.features == plainRow.sample.features + [table.nats[row.id]!])
        // The mirrored trees read the reverse direction too, where the score is negated exactly.
        #expect(row.sample.reverseFeatures == plainRow.sample.reverseFeatures! + [-table.nats[row.id]!])
    }
    // Random weights give a score the trees may well ignore, and their smallest leaves (20 rows)
    // cannot split 27 rows: on 240 rows, a made-up score that tracks ΔΔG changes what they predict.
    let larger = try SyntheticData.samples(complexes: 12, mutantsPerComplex: 20, seed: 8)
    let informative = MaskedMarginalScores(nats: Dictionary(uniqueKeysWithValues: larger.mutants.map { ($0.id, 3 * Double($0.deltaDeltaG!.valueKcalPerMol)) }),
                                           mutations: Dictionary(uniqueKeysWithValues: larger.mutants.map { ($0.id, $0.mutations.description) }),
                                           model: "made up")
    let tracked = try larger.withMaskedMarginals(informative, source: "informative.tsv").labelledRows(.ddG).map(\.sample)
    let untracked = try larger.labelledRows(.ddG).map(\.sample)
    let byComplex = [EvaluationFold(train: untracked.indices.filter { untracked[$0].complexID < "C5" }, test: untracked.indices.filter { untracked[$0].complexID >= "C5" }),
                     EvaluationFold(train: untracked.indices.filter { untracked[$0].complexID >= "C5" }, test: untracked.indices.filter { untracked[$0].complexID < "C5" })]
    let withTracked = try BaselinePredictions(task: .ddG, samples: tracked, folds: byComplex)
    let withoutScores = try BaselinePredictions(task: .ddG, samples: untracked, folds: byComplex)
    for name in [BaselinePredictions.gbm, BaselinePredictions.ridge] {
        #expect(withTracked.predictions[name]! != withoutScores.predictions[name]!, "\(name)")
    }

    // The wide path: 85 columns, the score's standardised column exactly antisymmetric.
    let trainer = try Trainer(configuration: SyntheticData.configuration(epochs: 1), fit: scored, earlyStopping: nil,
                              builder: PartnerFeatureBuilder(provider: try DescriptorProvider()), seed: 1)
    #expect(trainer.network.substitutionDescriptorWidth == SubstitutionDescriptors.count + 1)
    let complex = scored.complexes["C0"]!
    let batch = try trainer.assembler.mutantGroup(complex, mutants: scored.mutants.filter { $0.complexID == "C0" })
    for pair in batch.pairs {
        #expect(pair.forwardDescriptors!.count == 85 && pair.forwardDescriptors!.last! == -pair.reverseDescriptors!.last!)
        #expect(pair.forwardDescriptors!.last! != 0)
    }
}
