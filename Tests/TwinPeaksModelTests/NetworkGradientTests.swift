// Gradient check of the whole network on a tiny configuration: analytic gradients of
// L = Σ r_dg·ΔG_std + Σ r_ddg·ΔΔG against central differences, for sampled values of every parameter.

import Testing
import TwinPeaksTensor
@testable import TwinPeaksModel

// The last arguments are `descriptorPathWidth` (the mirrored MLP on the substitution descriptors)
// and `deltaGDescriptorPathWidth` (the MLP on the partner descriptors).
@Test(arguments: [(true, true, false, 0, 0, 0), (false, false, false, 0, 0, 0), (true, true, true, 0, 0, 0), (true, true, false, 3, 0, 0),
                  (true, true, false, 0, 6, 0), (true, true, false, 0, 0, 5)])
func wholeNetworkGradientsMatchCentralDifferences(siteInput: Bool, widePaths: Bool, descriptorsInDeep: Bool,
                                                  wideHinges: Int, descriptorPathWidth: Int, deltaGDescriptorPathWidth: Int) throws {
    var configuration = NetworkFixtures.tinyConfiguration(siteInput: siteInput, widePaths: widePaths)
    configuration.descriptorsInDeep = descriptorsInDeep
    configuration.wideHinges = wideHinges
    configuration.descriptorPathWidth = descriptorPathWidth
    configuration.deltaGDescriptorPathWidth = deltaGDescriptorPathWidth
    let network = try NetworkFixtures.network(configuration)
    let batch = NetworkFixtures.mixedBatch()
    var g = SeededGenerator(seed: 11)
    let rDeltaG = NetworkFixtures.randomValues(batch.rows.count, &g)
    let rDeltaDeltaG = NetworkFixtures.randomValues(batch.pairs.count, &g)

    func loss() throws -> Double {
        var unused = SeededGenerator(seed: 0)
        let p = try network.forward(batch, training: false, generator: &unused).prediction
        return zip(p.deltaGStandardised, rDeltaG).reduce(0.0) { $0 + Double($1.0 * $1.1) }
            + zip(p.deltaDeltaG, rDeltaDeltaG).reduce(0.0) { $0 + Double($1.0 * $1.1) }
    }

    network.store.zeroGradients()
    var unused = SeededGenerator(seed: 0)
    let (_, cache) = try network.forward(batch, training: false, generator: &unused)
    try network.backward(dDeltaGStandardised: Tensor(shape: [batch.rows.count], values: rDeltaG),
                         dDeltaDeltaG: Tensor(shape: [batch.pairs.count], values: rDeltaDeltaG), cache: cache)
    let analytic = Array(network.store.gradients)
    for parameter in (network.descriptorPath?.parameters ?? []) + (network.deltaGDescriptorPath?.parameters ?? []) where parameter.name.hasSuffix("weight") {
        #expect(network.store.gradient(parameter).values.contains { $0 != 0 }, "\(parameter.name) gets a gradient")
    }

    let worst = try NetworkFixtures.expectGradientsMatchCentralDifferences(network, analytic: analytic, loss: loss)
    let report = worst.sorted { $0.value > $1.value }.prefix(3).map { "\($0.key) \($0.value)" }
    print("worst relative errors:", report.joined(separator: "; "))
    // Every parameter that can influence the outputs received a gradient somewhere.
    #expect(analytic.contains { $0 != 0 })
}
