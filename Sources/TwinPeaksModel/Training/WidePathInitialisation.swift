// Starts the network as the classical model: the wide paths get the ridge solution on the training
// complexes (α chosen by inner cross-validation grouped by complex), and the deep paths' output
// layers start at zero. Epoch 0 is then exactly ridge on the descriptors, and the deep path must
// earn every change it makes (early stopping may keep epoch 0). Only training data are used.

import TwinPeaksTensor

enum WidePathInitialisation {
    /// Zeroes the last layer of both deep head paths and of the descriptor paths (the ΔG head keeps
    /// its bias for the intercept).
    static func zeroDeepOutputs(_ network: TwinPeaksNetwork) throws {
        for head in [network.deltaGHead.deep, network.deltaDeltaGHead.deep] + [network.descriptorPath?.mlp, network.deltaGDescriptorPath?.mlp].compactMap({ $0 }) {
            try network.store.setValue(head.output.weight, Tensor(zeros: head.output.weight.shape))
            if let bias = head.output.bias { try network.store.setValue(bias, Tensor(zeros: bias.shape)) }
        }
    }

    /// Ridge on the standardised descriptors the wide paths read, copied into their weights.
    static func fitRidge(_ network: TwinPeaksNetwork, assembler: ExampleAssembler, fit: SampleSet,
                         trainDeltaG: Bool, trainDeltaDeltaG: Bool) throws {
        if trainDeltaDeltaG, let wide = network.deltaDeltaGHead.wide {
            // ΔΔG wide path = w·(s(forward) − s(reverse)). Fitting on each row and its mirror
            // (−d, −ΔΔG) makes the data symmetric, so the ridge intercept is exactly 0 and the
            // path stays antisymmetric.
            var rows: [[Double]] = [], targets: [Double] = [], groups: [String] = []
            let head = network.deltaDeltaGHead
            for m in fit.mutants {
                guard let label = m.deltaDeltaG, label.kind == .exact else { continue }
                let partners = fit.complexes[m.complexID]!.partners
                let both = try assembler.standardisedDescriptors(of: m, on: partners)
                let forward = head.wideInput(both.forward), reverse = head.wideInput(both.reverse)
                let d = zip(forward, reverse).map { Double($0 - $1) }
                rows += [d, d.map { -$0 }]
                targets += [Double(label.valueKcalPerMol), -Double(label.valueKcalPerMol)]
                groups += [m.complexID, m.complexID]
            }
            if Set(groups).count >= RidgeBaseline.innerFolds {
                let ridge = try RidgeBaseline(fitting: rows, targets: targets, groups: groups).model
                let weights = zip(ridge.weights, ridge.featureScales).map { Float($0 / $1) }
                try network.store.setValue(wide.weight, Tensor(shape: wide.weight.shape, values: weights))
            }
        }
        if trainDeltaG, let wide = network.deltaGHead.wide {
            var rows: [[Double]] = [], targets: [Double] = [], groups: [String] = []
            for id in fit.complexIDs {
                let complex = fit.complexes[id]!
                guard let label = complex.deltaG, label.kind == .exact else { continue }
                let standardised = assembler.standardisedPartnerDescriptors(of: complex.partners)
                rows.append(network.deltaGHead.hinges.expand(standardised).map(Double.init))
                targets.append(Double((label.valueKcalPerMol - network.deltaGMean) / network.deltaGStd))
                groups.append(id)
            }
            if Set(groups).count >= RidgeBaseline.innerFolds {
                let ridge = try RidgeBaseline(fitting: rows, targets: targets, groups: groups).model
                let weights = zip(ridge.weights, ridge.featureScales).map { $0 / $1 }
                try network.store.setValue(wide.weight, Tensor(shape: wide.weight.shape, values: weights.map(Float.init)))
                // prediction = Σ w_j (x_j − m_j)/s_j + b: the constant goes to the deep path's output bias.
                let constant = ridge.intercept - zip(weights, ridge.featureMeans).reduce(0) { $0 + $1.0 * $1.1 }
                if let bias = network.deltaGHead.deep.output.bias {
                    try network.store.setValue(bias, Tensor(shape: bias.shape, values: [Float(constant)]))
                }
            }
        }
    }
}
