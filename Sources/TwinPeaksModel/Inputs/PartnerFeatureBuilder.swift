// Builds one partner's per-residue input for the network: the provider's features for each chain,
// concatenated, cropped, with two flag channels appended: chain start (the separator between the
// chains of a multi-chain partner, also for imported embeddings that carry none) and mutated-here.

import TwinPeaksBio
import TwinPeaksEmbedding

public final class PartnerFeatureBuilder {
    public let provider: ResidueFeatureProvider
    /// Provider dimension + 2 flag channels.
    public var featureWidth: Int { provider.dimension + 2 }
    /// Chain features by sequence, so a wild-type chain shared by many mutants is computed once.
    private var cache: [String: [Float]] = [:]
    /// Chains kept before the cache is emptied: many for training, which meets every chain each
    /// epoch; prediction meets each mutant chain once and sets a few (the wild types), so a scan's
    /// memory does not grow with its variants. Never changes a value, only what is recomputed.
    public var cacheLimit = 4096

    public init(provider: ResidueFeatureProvider) {
        self.provider = provider
    }

    private func chainFeatures(_ chain: [AminoAcid]) throws -> [Float] {
        let key = String(chain.map(\.oneLetter))
        if let cached = cache[key] { return cached }
        let features = try provider.features(for: chain)
        guard features.count == chain.count * provider.dimension else {
            throw ModelError.input("features: provider \(provider.name) gave \(features.count) values for a chain of "
                                   + "\(chain.count) residues, expected \(chain.count) × \(provider.dimension)")
        }
        if cache.count >= cacheLimit { cache.removeAll(keepingCapacity: true) }
        cache[key] = features
        return features
    }

    /// [crop.count, featureWidth] row-major, for the chains of one partner (in partner order).
    /// `mutated` holds 0-based positions in the joined partner; `crop` is a range of those positions.
    public func features(chains: [[AminoAcid]], crop: Range<Int>, mutated: Set<Int>) throws -> [Float] {
        let d = provider.dimension, width = featureWidth
        var out = [Float](repeating: 0, count: crop.count * width)
        var position = 0
        for chain in chains {
            let chainRange = position..<(position + chain.count)
            defer { position += chain.count }
            let kept = chainRange.clamped(to: crop)
            if kept.isEmpty { continue }
            let features = try chainFeatures(chain)
            for p in kept {
                let row = (p - crop.lowerBound) * width
                let source = (p - chainRange.lowerBound) * d
                for j in 0..<d { out[row + j] = features[source + j] }
                if p == chainRange.lowerBound { out[row + d] = 1 }
                if mutated.contains(p) { out[row + d + 1] = 1 }
            }
        }
        return out
    }
}
