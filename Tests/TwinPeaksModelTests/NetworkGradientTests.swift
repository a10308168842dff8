// Gradient check of the whole network on a tiny configuration: analytic gradients of
// L = Σ r_dg·ΔG_std + Σ r_ddg·ΔΔG against central differences, for sampled values of every parameter.

import Testing
import TwinPeaksTensor
@testable import TwinPeaksModel

@Test(arguments: [(true, true, false), (false, false, false), (true, true, true)])
func wholeNetworkGradientsMatchCentralDifferences(siteInput: Bool, widePaths: Bool, descriptorsInDeep: Bool) throws {
    var configuration = NetworkFixtures.tinyConfiguration(siteInput: siteInput, widePaths: widePaths)
    configuration.descriptorsInDeep = descriptorsInDeep
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

    // Tolerance: Float32 forward, step 1e-2 ⇒ |numeric − analytic| ≤ 2e-2·max(|n|, |a|) + 2e-3.
    let step: Float = 1e-2
    var worst: [String: Double] = [:]
    var sampler = SeededGenerator(seed: 5)
    for parameter in network.store.parameters {
        let samples = min(parameter.count, 6)
        for _ in 0..<samples {
            let index = parameter.offset + Int(sampler.next() % UInt64(parameter.count))
            let original = network.store.values[index]
            network.store.values[index] = original + step
            let plus = try loss()
            network.store.values[index] = original - step
            let minus = try loss()
            network.store.values[index] = original
            let numeric = (plus - minus) / (2 * Double(step))
            let a = Double(analytic[index])
            let error = abs(numeric - a) / (max(abs(numeric), abs(a)) + 0.1)
            worst[parameter.name] = max(worst[parameter.name] ?? 0, error)
            #expect(abs(numeric - a) <= 2e-2 * max(abs(numeric), abs(a)) + 2e-3,
                    "\(parameter.name)[\(index - parameter.offset)]: numeric \(numeric), analytic \(a)")
        }
    }
    let report = worst.sorted { $0.value > $1.value }.prefix(3).map { "\($0.key) \($0.value)" }
    print("worst relative errors:", report.joined(separator: "; "))
    // Every parameter that can influence the outputs received a gradient somewhere.
    #expect(analytic.contains { $0 != 0 })
}
