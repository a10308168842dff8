// Small made-up networks and batches for the network tests: odd sizes so a wrong transpose shows.

import Foundation
import Testing
import TwinPeaksTensor
@testable import TwinPeaksModel

enum NetworkFixtures {
    static let featureWidth = 5
    static let partnerDescriptorWidth = 3
    static let substitutionDescriptorWidth = 4

    static func tinyConfiguration(siteInput: Bool = true, widePaths: Bool = true) -> ModelConfiguration {
        var c = ModelConfiguration()
        c.windowSize = 3
        c.windowStride = 2
        c.width = 8
        c.heads = 2
        c.feedForwardWidth = 12
        c.encoderLayers = 1
        c.crossLayers = 1
        c.headWidth = 6
        c.dropout = 0
        c.maxResidues = 16
        c.siteInput = siteInput
        c.widePaths = widePaths
        return c
    }

    static func network(_ c: ModelConfiguration, seed: UInt64 = 7,
                        substitutionWidth: Int = substitutionDescriptorWidth) throws -> TwinPeaksNetwork {
        try TwinPeaksNetwork(configuration: c, featureWidth: featureWidth, partnerDescriptorWidth: partnerDescriptorWidth,
                             substitutionDescriptorWidth: substitutionWidth, seed: seed)
    }

    /// A head MLP by hand, in Double: y = W₂·gelu(W₁x + b₁) + b₂ (GELU in its tanh form, W [out, in]):
    /// the plain reference the descriptor paths are checked against.
    static func referenceMLP(_ mlp: HeadMLP, store: ParameterStore, _ x: [Float]) -> Double {
        let w1 = store.value(mlp.hidden.weight).values, b1 = store.value(mlp.hidden.bias!).values
        let w2 = store.value(mlp.output.weight).values, b2 = store.value(mlp.output.bias!).values
        var y = Double(b2[0])
        for h in 0..<b1.count {
            var pre = Double(b1[h])
            for i in x.indices { pre += Double(x[i]) * Double(w1[h * x.count + i]) }
            let gelu = 0.5 * pre * (1 + tanh((2 / Double.pi).squareRoot() * (pre + 0.044715 * pre * pre * pre)))
            y += gelu * Double(w2[h])
        }
        return y
    }

    /// Standard-normal values in every entry of `parameters` (a path's output layer starts at zero
    /// in training, so a check that the path moves an output needs weights of its own).
    static func randomise(_ parameters: [Parameter], of network: TwinPeaksNetwork, seed: UInt64) {
        var g = SeededGenerator(seed: seed)
        for parameter in parameters {
            for i in 0..<parameter.count { network.store.values[parameter.offset + i] = g.nextNormal() }
        }
    }

    static func randomValues(_ count: Int, _ generator: inout SeededGenerator) -> [Float] {
        (0..<count).map { _ in generator.nextNormal() }
    }

    /// A complex with partners of the given lengths and random features and descriptors.
    static func complex(_ length1: Int, _ length2: Int, _ generator: inout SeededGenerator) -> ComplexInput {
        ComplexInput(partner1: randomValues(length1 * featureWidth, &generator), length1: length1,
                     partner2: randomValues(length2 * featureWidth, &generator), length2: length2,
                     descriptors: randomValues(partnerDescriptorWidth, &generator))
    }

    /// The wild type with residue `residue` of `partner` given new features (a mutant).
    static func mutant(of wildType: ComplexInput, partner: Int, residue: Int, _ generator: inout SeededGenerator) -> ComplexInput {
        var m = wildType
        let new = randomValues(featureWidth, &generator)
        if partner == 0 { m.partner1.replaceSubrange((residue * featureWidth)..<((residue + 1) * featureWidth), with: new) }
        else { m.partner2.replaceSubrange((residue * featureWidth)..<((residue + 1) * featureWidth), with: new) }
        return m
    }

    /// Rows: a wild type (7 + 9 residues), two mutants of it, and an unrelated complex (5 + 11);
    /// pairs: each mutant against the wild type.
    static func mixedBatch(seed: UInt64 = 3, substitutionWidth: Int = substitutionDescriptorWidth) -> NetworkBatch {
        var g = SeededGenerator(seed: seed)
        let wildType = complex(7, 9, &g)
        let mutant1 = mutant(of: wildType, partner: 0, residue: 4, &g)
        let mutant2 = mutant(of: wildType, partner: 1, residue: 8, &g)
        let other = complex(5, 11, &g)
        let pairs = [
            MutantPair(mutantRow: 1, wildTypeRow: 0, sites: [MutatedResidue(partner: 0, residue: 4)],
                       forwardDescriptors: randomValues(substitutionWidth, &g),
                       reverseDescriptors: randomValues(substitutionWidth, &g)),
            MutantPair(mutantRow: 2, wildTypeRow: 0, sites: [MutatedResidue(partner: 1, residue: 8)],
                       forwardDescriptors: randomValues(substitutionWidth, &g),
                       reverseDescriptors: randomValues(substitutionWidth, &g)),
        ]
        return NetworkBatch(rows: [wildType, mutant1, mutant2, other], pairs: pairs)
    }

    /// The batch with every pair's mutant and wild type exchanged (descriptors swapped with them):
    /// an antisymmetric ΔΔG head must give exactly the negated values.
    static func reversedPairs(_ batch: NetworkBatch) -> NetworkBatch {
        var reversed = batch
        reversed.pairs = batch.pairs.map { pair in
            MutantPair(mutantRow: pair.wildTypeRow, wildTypeRow: pair.mutantRow, sites: pair.sites,
                       forwardDescriptors: pair.reverseDescriptors, reverseDescriptors: pair.forwardDescriptors)
        }
        return reversed
    }

    /// Compares `analytic` (the store's gradients after backward) with central differences of
    /// `loss` for up to 6 sampled values of every parameter, recording an expectation per value.
    /// Tolerance: Float32 forward, step 1e-2 ⇒ |numeric − analytic| ≤ 2e-2·max(|n|, |a|) + 2e-3.
    /// Returns the worst relative error per parameter name.
    @discardableResult
    static func expectGradientsMatchCentralDifferences(_ network: TwinPeaksNetwork, analytic: [Float],
                                                       loss: () throws -> Double) rethrows -> [String: Double] {
        let step: Float = 1e-2
        var worst: [String: Double] = [:]
        var sampler = SeededGenerator(seed: 5)
        for parameter in network.store.parameters {
            for _ in 0..<min(parameter.count, 6) {
                let index = parameter.offset + Int(sampler.next() % UInt64(parameter.count))
                let original = network.store.values[index]
                network.store.values[index] = original + step
                let plus = try loss()
                network.store.values[index] = original - step
                let minus = try loss()
                network.store.values[index] = original
                let numeric = (plus - minus) / (2 * Double(step))
                let a = Double(analytic[index])
                worst[parameter.name] = max(worst[parameter.name] ?? 0, abs(numeric - a) / (max(abs(numeric), abs(a)) + 0.1))
                #expect(abs(numeric - a) <= 2e-2 * max(abs(numeric), abs(a)) + 2e-3,
                        "\(parameter.name)[\(index - parameter.offset)]: numeric \(numeric), analytic \(a)")
            }
        }
        return worst
    }
}
