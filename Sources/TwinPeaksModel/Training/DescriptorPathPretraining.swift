// Fits the mirrored descriptor path alone before the encoder trains (`descriptorPathPretrainEpochs`),
// after placing its quantile knots (`descriptorPathKnots`) on the same training rows.
// Why: trained only beside the encoder, the path gets the few epochs early stopping allows on a
// split of unseen complexes (4 on RDE), far short of the ~30 a small MLP on 84 descriptors needs
// (numpy, README session 15); and at its start the encoder's noise dominates its gradient. Fitted
// alone, on the residual the epoch-0 network leaves (the ridge wide paths; every deep output is
// zero), epoch 0 becomes ridge + mirrored MLP, a classical model as strong as the untuned mirrored
// trees, and the encoder epochs must beat that. Training rows only; the optimizer touches the
// path's parameters alone (every other rate scale is 0), and its moments are thrown away after.
// The ΔG descriptor path (`deltaGDescriptorPathWidth`) is fitted the same way, by the same loop, on
// the residual of the standardised ΔG.

import TwinPeaksTensor

public enum DescriptorPathPretraining {
    /// Rows per step: the numpy fits that measured the path used 64.
    public static let batchRows = 64

    /// Places the path's knots (`descriptorPathKnots`) on the training rows, then fits the path
    /// alone for `descriptorPathPretrainEpochs`. Returns the path's mean Huber loss per epoch.
    @discardableResult
    public static func fit(_ network: TwinPeaksNetwork, assembler: ExampleAssembler, fit: SampleSet,
                    configuration: ModelConfiguration, seed: UInt64) throws -> [Double] {
        guard let path = network.descriptorPath, path.knots != nil || configuration.descriptorPathPretrainEpochs > 0 else { return [] }
        let mutants = fit.mutants.filter { $0.deltaDeltaG?.kind == .exact }
        guard !mutants.isEmpty else { return [] }
        var forward: [[Float]] = [], reverse: [[Float]] = []
        for m in mutants {
            let both = try assembler.standardisedDescriptors(of: m, on: fit.complexes[m.complexID]!.partners)
            forward.append(both.forward)
            reverse.append(both.reverse)
        }
        try path.knots?.fit(forward + reverse, store: network.store)
        guard configuration.descriptorPathPretrainEpochs > 0 else { return [] }
        // The residual of everything but the path, which is still zero here.
        let rest = try Predictor(network: network, assembler: assembler).deltaDeltaG(mutants, in: fit)
        let residual = zip(mutants, rest).map { $0.deltaDeltaG!.valueKcalPerMol - $1 }
        let width = forward[0].count
        return try trainAlone(path.parameters, rows: mutants.count, network: network, configuration: configuration,
                              seed: seed ^ 0x5EED_DE5C_0A7B_0001) { rows, generator in
            let both = try Tensor(shape: [2 * rows.count, width],
                                  values: rows.flatMap { forward[$0] } + rows.flatMap { reverse[$0] })
            let (difference, cache) = try path.forward(both, training: true, generator: &generator)
            let loss = try huber(difference, residual, rows, configuration, "descriptor path pretraining")
            try path.backward(loss.dPredictions.values, cache: cache)
            return loss.value
        }
    }

    /// Fits the ΔG descriptor path (`deltaGDescriptorPathWidth`) alone for `descriptorPathPretrainEpochs`
    /// on the residual of the standardised ΔG the rest of the epoch-0 network leaves (the ridge wide
    /// path and the deep path's bias). Returns the path's mean Huber loss per epoch.
    @discardableResult
    public static func fitDeltaG(_ network: TwinPeaksNetwork, assembler: ExampleAssembler, fit: SampleSet,
                                 configuration: ModelConfiguration, seed: UInt64) throws -> [Double] {
        guard let path = network.deltaGDescriptorPath, configuration.descriptorPathPretrainEpochs > 0 else { return [] }
        let complexes = fit.complexesWithExactDeltaG
        guard !complexes.isEmpty else { return [] }
        let descriptors = complexes.map { assembler.standardisedPartnerDescriptors(of: $0.partners) }
        let rest = try Predictor(network: network, assembler: assembler).deltaG(complexes)
        let residual = zip(complexes, rest).map { ($0.deltaG!.valueKcalPerMol - $1) / network.deltaGStd }
        let width = descriptors[0].count
        return try trainAlone(path.parameters, rows: complexes.count, network: network, configuration: configuration,
                              seed: seed ^ 0x5EED_D6C0_0A7B_0002) { rows, generator in
            let input = try Tensor(shape: [rows.count, width], values: rows.flatMap { descriptors[$0] })
            let (output, cache) = try path.forward(input, training: true, generator: &generator)
            let loss = try huber(output, residual, rows, configuration, "ΔG descriptor path pretraining")
            try path.backward(loss.dPredictions.values, cache: cache)
            return loss.value
        }
    }

    /// The Huber loss of a batch's path outputs against the residual of its rows.
    private static func huber(_ outputs: [Float], _ residual: [Float], _ rows: ArraySlice<Int>,
                              _ configuration: ModelConfiguration, _ name: String) throws -> LossValue {
        try Loss.huber(Tensor(shape: [rows.count], values: outputs),
                       Labels(values: rows.map { residual[$0] }, kinds: rows.map { _ in .exact }),
                       delta: configuration.huberDelta, name: name)
    }

    /// The loop both fits share: `descriptorPathPretrainEpochs` shuffled passes over `rows` rows in
    /// batches of `batchRows`; `step` computes one batch's loss and gradients. Its own AdamW moves
    /// only `own` (every other rate scale is 0). Returns the mean loss per epoch.
    private static func trainAlone(_ own: [Parameter], rows: Int, network: TwinPeaksNetwork,
                                   configuration: ModelConfiguration, seed: UInt64,
                                   step: (ArraySlice<Int>, inout SeededGenerator) throws -> Float) throws -> [Double] {
        let optimizer = try AdamW(store: network.store, learningRate: configuration.learningRate,
                                  weightDecay: configuration.weightDecay)
        let names = Set(own.map(\.name))
        for parameter in network.store.parameters where !names.contains(parameter.name) {
            optimizer.rateScale[parameter.name] = 0
        }
        var generator = SeededGenerator(seed: seed)
        var order = Array(0..<rows)
        var log: [Double] = []
        for _ in 0..<configuration.descriptorPathPretrainEpochs {
            order.shuffle(using: &generator)
            var lossSum = 0.0, steps = 0
            for start in stride(from: 0, to: order.count, by: batchRows) {
                network.store.zeroGradients()
                lossSum += Double(try step(order[start..<min(start + batchRows, order.count)], &generator))
                _ = try GradientClipping.clipGlobalNorm(network.store, maxNorm: configuration.gradientClip)
                try optimizer.step()
                steps += 1
            }
            log.append(lossSum / Double(max(steps, 1)))
        }
        network.store.zeroGradients()
        return log
    }
}
