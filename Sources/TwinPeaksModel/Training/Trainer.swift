// Training: masked multi-task loss over ΔΔG mutant groups and ΔG complex batches (censored labels
// as bounds), AdamW with warm-up + cosine, gradient clipping, dropout, early stopping on a slice of
// the training set held out by family, and an atomic checkpoint each epoch for `--resume`.

import Foundation
import TwinPeaksTensor

public struct EpochRecord: Codable, Equatable, Sendable {
    public var epoch: Int
    public var loss: Double
    public var seconds: Double
    public var samplesPerSecond: Double
    /// Early-stopping score on the held-out slice (higher is better), nil without a slice.
    public var earlyStoppingScore: Double?
}

public final class Trainer {
    public let configuration: ModelConfiguration
    public let fit: SampleSet
    public let earlyStopping: SampleSet?
    public let network: TwinPeaksNetwork
    public let assembler: ExampleAssembler
    public let seed: UInt64
    public var showProgress = true
    public private(set) var log: [EpochRecord] = []

    /// Which labels train: complexes with ΔG, and mutants with ΔΔG (either may be switched off).
    public var trainDeltaG = true
    public var trainDeltaDeltaG = true

    public init(configuration: ModelConfiguration, fit: SampleSet, earlyStopping: SampleSet?,
                builder: PartnerFeatureBuilder, seed: UInt64) throws {
        self.configuration = configuration
        self.fit = fit
        self.earlyStopping = earlyStopping
        self.seed = seed
        let (partner, substitution) = try ExampleAssembler.fitStandardizers(fit)
        assembler = ExampleAssembler(configuration: configuration, builder: builder, partnerStandardizer: partner,
                                     substitutionStandardizer: substitution)
        network = try TwinPeaksNetwork(configuration: configuration, featureWidth: builder.featureWidth,
                                       partnerDescriptorWidth: PartnerDescriptors.count,
                                       substitutionDescriptorWidth: fit.substitutionFeatureWidth, seed: seed)
        // In id order: a dictionary's order changes per process, and a sum in another order changes the last bits.
        let exact = fit.complexIDs.compactMap { fit.complexes[$0]!.deltaG }.filter { $0.kind == .exact }.map { Double($0.valueKcalPerMol) }
        if exact.count >= 2 {
            let mean = exact.reduce(0, +) / Double(exact.count)
            let variance = exact.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(exact.count)
            network.deltaGMean = Float(mean)
            network.deltaGStd = Float(max(variance.squareRoot(), 0.1))
        }
    }

    // MARK: Batches

    enum Batch {
        case deltaG([String])
        case mutants(String, [Int])
    }

    /// The epoch's batches in a seeded random order: each complex's labelled mutants, grouped by the
    /// tiles they read (PartnerCrop), in chunks of `batchSize` (one wild-type pass each), and ΔG
    /// complexes in length-sorted chunks.
    func batches(generator: inout SeededGenerator) -> [Batch] {
        var out: [Batch] = []
        if trainDeltaDeltaG {
            var byComplex: [String: [Int]] = [:]
            for (i, m) in fit.mutants.enumerated() where m.deltaDeltaG != nil && m.deltaDeltaG!.kind != .missing {
                byComplex[m.complexID, default: []].append(i)
            }
            for id in byComplex.keys.sorted() {
                var shuffled = byComplex[id]!
                shuffled.shuffle(using: &generator)
                // A record whose tile cannot be found (no such chain) stays in one group: mutantGroup names it.
                let groups = (try? assembler.tileGroups(shuffled, of: fit.mutants, complex: fit.complexes[id]!)) ?? [shuffled]
                for indices in groups {
                    for start in stride(from: 0, to: indices.count, by: configuration.batchSize) {
                        out.append(.mutants(id, Array(indices[start..<min(start + configuration.batchSize, indices.count)])))
                    }
                }
            }
        }
        if trainDeltaG {
            let labelled = fit.complexIDs.filter { id in fit.complexes[id]!.deltaG.map { $0.kind != .missing } ?? false }
            func size(_ id: String) -> Int {
                let p = fit.complexes[id]!.partners
                return min(max(p.partner1.reduce(0) { $0 + $1.residues.count }, p.partner2.reduce(0) { $0 + $1.residues.count }),
                           configuration.maxResidues)
            }
            // Sort by length (ties by a seeded key) so a batch pads little, then cut into chunks.
            let keyed = labelled.map { ($0, size($0), generator.next()) }.sorted { ($0.1, $0.2) < ($1.1, $1.2) }.map(\.0)
            for start in stride(from: 0, to: keyed.count, by: configuration.batchSize) {
                out.append(.deltaG(Array(keyed[start..<min(start + configuration.batchSize, keyed.count)])))
            }
        }
        out.shuffle(using: &generator)
        return out
    }

    // MARK: One step

    /// Forward, loss, backward for one batch; returns the loss and the labelled sample count.
    func step(_ batch: Batch, generator: inout SeededGenerator) throws -> (loss: Float, samples: Int) {
        switch batch {
        case .mutants(let id, let indices):
            let mutants = indices.map { fit.mutants[$0] }
            let input = try assembler.mutantGroup(fit.complexes[id]!, mutants: mutants)
            let (prediction, cache) = try network.forward(input, training: true, generator: &generator)
            let labels = try Labels(values: mutants.map { $0.deltaDeltaG!.valueKcalPerMol },
                                    kinds: mutants.map { $0.deltaDeltaG!.kind })
            let loss = try Loss.huber(Tensor(shape: [mutants.count], values: prediction.deltaDeltaG), labels,
                                      delta: configuration.huberDelta, name: "ΔΔG Huber, complex \(id)")
            var total = loss.value, dDeltaDeltaG = loss.dPredictions
            if configuration.rankingLossWeight > 0,
               let ranking = try RankingLoss.pairwiseLogistic(prediction.deltaDeltaG, labels: labels) {
                total += configuration.rankingLossWeight * ranking.value
                dDeltaDeltaG = try Ops.add(dDeltaDeltaG, Ops.scale(ranking.dPredictions, by: configuration.rankingLossWeight))
            }
            let interface = try interfaceLoss(prediction, input), contact = try contactLoss(prediction, input)
            let burial = try burialLoss(prediction, input)
            var dDeltaG = Tensor(zeros: [input.rows.count])
            if let mutantDeltaG = try mutantDeltaGLoss(prediction, complex: fit.complexes[id]!, mutants: mutants) {
                total += mutantDeltaG.value
                dDeltaG = mutantDeltaG.dPredictions
            }
            try network.backward(dDeltaGStandardised: dDeltaG, dDeltaDeltaG: dDeltaDeltaG,
                                 dInterfaceLogits: interface?.dLogits, dContactLogits: contact?.dLogits,
                                 dBurialLogits: burial?.dLogits, cache: cache)
            return (total + (interface?.value ?? 0) + (contact?.value ?? 0) + (burial?.value ?? 0), mutants.count)
        case .deltaG(let ids):
            let complexes = ids.map { fit.complexes[$0]! }
            let input = try assembler.deltaGBatch(complexes)
            let (prediction, cache) = try network.forward(input, training: true, generator: &generator)
            let labels = try Labels(values: complexes.map { ($0.deltaG!.valueKcalPerMol - network.deltaGMean) / network.deltaGStd },
                                    kinds: complexes.map { $0.deltaG!.kind })
            let loss = try Loss.huber(Tensor(shape: [complexes.count], values: prediction.deltaGStandardised), labels,
                                      delta: configuration.huberDelta, name: "ΔG Huber")
            let weight = configuration.deltaGLossWeight
            let interface = try interfaceLoss(prediction, input), contact = try contactLoss(prediction, input)
            let burial = try burialLoss(prediction, input)
            try network.backward(dDeltaGStandardised: Ops.scale(loss.dPredictions, by: weight), dDeltaDeltaG: nil,
                                 dInterfaceLogits: interface?.dLogits, dContactLogits: contact?.dLogits,
                                 dBurialLogits: burial?.dLogits, cache: cache)
            return (loss.value * weight + (interface?.value ?? 0) + (contact?.value ?? 0) + (burial?.value ?? 0), complexes.count)
        }
    }

    /// The weighted ΔG loss of a mutant group (row 0 the wild type, row k the mutant k − 1) against
    /// ΔG(wild type) and ΔG(wild type) + ΔΔG where both are exact; nil when off or unlabelled.
    func mutantDeltaGLoss(_ prediction: TwinPeaksNetwork.Prediction, complex: ComplexSample, mutants: [MutantSample]) throws
        -> (value: Float, dPredictions: Tensor)? {
        let weight = configuration.mutantDeltaGLossWeight
        guard weight > 0, trainDeltaG, let wildType = complex.deltaG, wildType.kind == .exact else { return nil }
        var values = [wildType.valueKcalPerMol], kinds: [LabelKind] = [.exact]
        for mutant in mutants {
            let exact = mutant.deltaDeltaG?.kind == .exact
            values.append(exact ? wildType.valueKcalPerMol + mutant.deltaDeltaG!.valueKcalPerMol : 0)
            kinds.append(exact ? .exact : .missing)
        }
        let labels = try Labels(values: values.map { ($0 - network.deltaGMean) / network.deltaGStd }, kinds: kinds)
        let loss = try Loss.huber(Tensor(shape: [values.count], values: prediction.deltaGStandardised), labels,
                                  delta: configuration.huberDelta, name: "ΔG of mutants, complex \(complex.id)")
        return (weight * loss.value, try Ops.scale(loss.dPredictions, by: weight))
    }

    /// The weighted interface loss of a batch over the rows with structure labels (both partners'
    /// tokens pooled), or nil without the interface head or labels.
    func interfaceLoss(_ prediction: TwinPeaksNetwork.Prediction, _ input: NetworkBatch) throws
        -> (value: Float, dLogits: (Tensor, Tensor))? {
        try tokenLoss(prediction.interfaceLogits, weight: configuration.interfaceLossWeight,
                      targets: input.rows.map(\.interfaceTargets))
    }

    /// The weighted burial loss of a batch over the rows with buried areas, or nil without the
    /// burial head or labels.
    func burialLoss(_ prediction: TwinPeaksNetwork.Prediction, _ input: NetworkBatch) throws
        -> (value: Float, dLogits: (Tensor, Tensor))? {
        try tokenLoss(prediction.burialLogits, weight: configuration.burialLossWeight, targets: input.rows.map(\.burialTargets))
    }

    /// A per-token cross-entropy of both partners' `logits` against per-row targets (nil rows
    /// unlabelled), each partner's mean counting half, so a long partner does not drown a short one.
    private func tokenLoss(_ logits: (Tensor, Tensor)?, weight: Float, targets: [[[Float]]?]) throws
        -> (value: Float, dLogits: (Tensor, Tensor))? {
        guard weight > 0, let logits else { return nil }
        let losses = try (0..<2).map { side in
            try InterfaceLoss.binaryCrossEntropy(side == 0 ? logits.0 : logits.1, targets: targets.map { $0?[side] })
        }
        guard losses.contains(where: { $0 != nil }) else { return nil }
        func gradient(_ side: Int, _ shape: [Int]) -> Tensor {
            losses[side].map { Ops.scale($0.dLogits, by: 0.5 * weight) } ?? Tensor(zeros: shape)
        }
        let value = 0.5 * weight * ((losses[0]?.value ?? 0) + (losses[1]?.value ?? 0))
        return (value, (gradient(0, logits.0.shape), gradient(1, logits.1.shape)))
    }

    /// The weighted contact-map loss of a batch over the rows with structure labels, or nil without
    /// the contact head or labels.
    func contactLoss(_ prediction: TwinPeaksNetwork.Prediction, _ input: NetworkBatch) throws
        -> (value: Float, dLogits: Tensor)? {
        guard configuration.contactLossWeight > 0, let logits = prediction.contactLogits,
              let loss = try ContactLoss.binaryCrossEntropy(logits, targets: input.rows.map(\.contactTargets)) else { return nil }
        let weight = configuration.contactLossWeight
        return (weight * loss.value, try Ops.scale(loss.dLogits, by: weight))
    }

    // MARK: Early stopping

    /// Higher is better: ΔΔG ½(pooled Pearson + per-complex Spearman), ΔG Pearson; the mean of those available.
    public func earlyStoppingScore() throws -> Double? {
        guard let slice = earlyStopping else { return nil }
        let predictor = Predictor(network: network, assembler: assembler)
        var scores: [Double] = []
        let mutants = slice.mutants.filter { $0.deltaDeltaG?.kind == .exact }
        if trainDeltaDeltaG, mutants.count >= 3 {
            let predicted = try predictor.deltaDeltaG(mutants, in: slice).map(Double.init)
            let measured = mutants.map { Double($0.deltaDeltaG!.valueKcalPerMol) }
            let pearson = Correlation.pearson(measured, predicted) ?? 0
            let perComplex = try PerComplexSpearman(measured: measured, predicted: predicted,
                                                complexIDs: mutants.map(\.complexID)).value
            scores.append(perComplex.map { 0.5 * (pearson + $0) } ?? pearson)
        }
        let complexes = slice.complexesWithExactDeltaG
        if trainDeltaG, complexes.count >= 3 {
            let predicted = try predictor.deltaG(complexes).map(Double.init)
            scores.append(Correlation.pearson(complexes.map { Double($0.deltaG!.valueKcalPerMol) }, predicted) ?? 0)
        }
        return scores.isEmpty ? nil : scores.reduce(0, +) / Double(scores.count)
    }

    // MARK: The loop

    /// Trains for the configured epochs (stopping early when the slice stops improving) and leaves
    /// the network holding the best epoch's weights. With `checkpointDirectory`, writes `last.h5`
    /// (with optimizer state) and `best.h5` each epoch; `resume` continues from them.
    public func train(checkpointDirectory: String? = nil, resume: Bool = false, extraMetadata: [String: String] = [:]) throws {
        var probe = SeededGenerator(seed: seed)
        let stepsPerEpoch = batches(generator: &probe).count
        let averagedSteps = Double(configuration.weightAverageEpochs) * Double(stepsPerEpoch)
        let optimizer = try AdamW(store: network.store, learningRate: configuration.learningRate,
                                  weightDecay: configuration.weightDecay,
                                  averageDecay: averagedSteps > 1 ? Float(1 - 1 / averagedSteps) : 0)
        // The wide paths start at the ridge solution (α chosen by grouped cross-validation); a
        // scale below 1 keeps them near it while the deep path learns.
        for wide in [network.deltaDeltaGHead.wide, network.deltaGHead.wide].compactMap({ $0 }) {
            optimizer.rateScale[wide.weight.name] = configuration.wideLearningRateScale
        }
        for parameter in (network.descriptorPath?.parameters ?? []) + (network.deltaGDescriptorPath?.parameters ?? []) {
            optimizer.rateScale[parameter.name] = configuration.descriptorPathRateScale
        }
        let totalSteps = max(stepsPerEpoch * configuration.epochs, 1)
        let schedule = try LearningRateSchedule(peak: configuration.learningRate,
                                                warmupSteps: min(configuration.warmupSteps, totalSteps / 10 + 1),
                                                totalSteps: totalSteps)
        var bestScore = -Double.infinity, bestEpoch = 0
        var bestValues = Array(network.store.values)
        var firstEpoch = 1
        let lastPath = checkpointDirectory.map { $0 + "/last.h5" }, bestPath = checkpointDirectory.map { $0 + "/best.h5" }
        if let checkpointDirectory {
            try FileManager.default.createDirectory(atPath: checkpointDirectory, withIntermediateDirectories: true)
        }
        if resume, let lastPath, FileManager.default.fileExists(atPath: lastPath) {
            // Checked before any weight is read: a checkpoint of another run must not steer this one.
            try ResumeCompatibility.check(stored: try ParameterFile.metadata(at: lastPath),
                                          current: ModelCheckpoint(network: network, assembler: assembler,
                                                                   extra: extraMetadata.merging(["training.seed": String(seed)]) { a, _ in a }).metadata,
                                          path: lastPath)
            let metadata = try ParameterFile.load(into: network.store, from: lastPath, optimizer: optimizer)
            let state = try ResumeState(metadata: metadata, path: lastPath, epochs: configuration.epochs)
            log = state.log
            firstEpoch = state.epoch + 1
            bestScore = state.bestScore
            bestEpoch = state.bestEpoch
            if let bestPath, FileManager.default.fileExists(atPath: bestPath) {
                let best = try TwinPeaksNetwork(configuration: configuration, featureWidth: network.featureWidth,
                                                partnerDescriptorWidth: PartnerDescriptors.count,
                                                substitutionDescriptorWidth: fit.substitutionFeatureWidth, seed: 0)
                try ParameterFile.load(into: best.store, from: bestPath)
                bestValues = Array(best.store.values)
            } else {
                bestValues = Array(network.store.values)
            }
            if showProgress { FileHandle.standardError.write(Data("resuming after epoch \(firstEpoch - 1)\n".utf8)) }
        }
        if firstEpoch == 1 {
            // Epoch 0: the classical model (ridge in the wide paths, deep outputs at zero).
            try WidePathInitialisation.zeroDeepOutputs(network)
            try WidePathInitialisation.fitRidge(network, assembler: assembler, fit: fit, trainDeltaG: trainDeltaG,
                                                trainDeltaDeltaG: trainDeltaDeltaG)
            for task in [(train: trainDeltaDeltaG, name: "descriptor path", fit: DescriptorPathPretraining.fit),
                         (train: trainDeltaG, name: "ΔG descriptor path", fit: DescriptorPathPretraining.fitDeltaG)] where task.train {
                let started = Date()
                let losses = try task.fit(network, assembler, fit, configuration, seed)
                if showProgress, let first = losses.first, let last = losses.last {
                    FileHandle.standardError.write(Data((task.name + String(format: " fitted alone: %d epochs in %.0f s, Huber loss %.3f → %.3f\n",
                                                               losses.count, Date().timeIntervalSince(started), first, last)).utf8))
                }
            }
            bestValues = Array(network.store.values)
            if let bestPath { try ModelCheckpoint(network: network, assembler: assembler, extra: extraMetadata).save(network, to: bestPath) }
            if let score = try earlyStoppingScore() {
                bestScore = score
                if showProgress {
                    FileHandle.standardError.write(Data("epoch 0 (initial): early-stopping score \(String(format: "%.3f", score))\n".utf8))
                }
            }
        }
        var sinceImprovement = log.last.map { $0.epoch - bestEpoch } ?? 0
        // Empty when the checkpoint is already at the last epoch: resuming a finished member keeps its result.
        for epoch in stride(from: firstEpoch, through: configuration.epochs, by: 1) {
            if sinceImprovement >= configuration.patience && earlyStopping != nil { break }
            // Each epoch's randomness comes from (seed, epoch), so a resumed run repeats it exactly.
            var generator = SeededGenerator(seed: seed &+ UInt64(epoch) &* 0x9E37_79B9_7F4A_7C15)
            let epochBatches = batches(generator: &generator)
            let start = Date()
            var lossSum = 0.0, samples = 0
            let progress = ProgressLine("epoch \(epoch)/\(configuration.epochs) step", total: epochBatches.count,
                                        enabled: showProgress)
            for (index, batch) in epochBatches.enumerated() {
                network.store.zeroGradients()
                let (loss, count) = try step(batch, generator: &generator)
                _ = try GradientClipping.clipGlobalNorm(network.store, maxNorm: configuration.gradientClip)
                try optimizer.step(learningRate: schedule.rate(atStep: optimizer.stepCount))
                lossSum += Double(loss)
                samples += count
                let elapsed = Date().timeIntervalSince(start)
                progress.update(done: index + 1, unitsPerSecond: Double(samples) / max(elapsed, 1e-9), unit: "samples",
                                extra: String(format: "loss %.3f", lossSum / Double(index + 1)))
            }
            progress.finish()
            let seconds = Date().timeIntervalSince(start)
            // With weight averaging the epoch is scored and kept on the average; the last step's own
            // weights come back before the checkpoint, so training (and a resume) goes on from them.
            let stepWeights = optimizer.weightAverage.isEmpty ? nil : Array(network.store.values)
            if stepWeights != nil { _ = network.store.values.update(fromContentsOf: optimizer.weightAverage) }
            let score = try earlyStoppingScore()
            log.append(EpochRecord(epoch: epoch, loss: lossSum / Double(max(epochBatches.count, 1)), seconds: seconds,
                                   samplesPerSecond: Double(samples) / max(seconds, 1e-9), earlyStoppingScore: score))
            if score.map({ $0 > bestScore }) ?? true {
                bestScore = score ?? bestScore
                bestEpoch = epoch
                bestValues = Array(network.store.values)
                sinceImprovement = 0
                if let bestPath { try ModelCheckpoint(network: network, assembler: assembler, extra: extraMetadata).save(network, to: bestPath) }
            } else {
                sinceImprovement += 1
            }
            if let stepWeights { _ = network.store.values.update(fromContentsOf: stepWeights) }
            if showProgress {
                let scoreText = score.map { String(format: ", early-stopping score %.3f", $0) } ?? ""
                FileHandle.standardError.write(Data("epoch \(epoch): loss \(String(format: "%.4f", log.last!.loss))\(scoreText)\n".utf8))
            }
            if let lastPath {
                var metadata = extraMetadata
                metadata["training.seed"] = metadata["training.seed"] ?? String(seed)
                // Sorted keys: JSONEncoder's key order changes per process, and checkpoints must not.
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                metadata["training.log"] = String(decoding: try encoder.encode(log), as: UTF8.self)
                metadata["training.epoch"] = String(epoch)
                metadata["training.best_score"] = String(bestScore)
                metadata["training.best_epoch"] = String(bestEpoch)
                try ModelCheckpoint(network: network, assembler: assembler, extra: metadata)
                    .save(network, optimizer: optimizer, to: lastPath)
            }
            if let stop = stopAfterEpoch, epoch >= stop { return }
        }
        // Leave the best epoch's weights in the network.
        _ = network.store.values.update(fromContentsOf: bestValues)
        self.bestEpoch = bestEpoch
    }

    public private(set) var bestEpoch = 0
    /// Stops after this epoch as if interrupted (for tests of `resume`): no best-weight restore.
    var stopAfterEpoch: Int? = nil
}
