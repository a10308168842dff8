// A model file: every parameter (HDF5, one dataset per named tensor) plus what is needed to use it
// again — configuration, feature provider, descriptor standardisation, ΔG scale — and provenance.
// Written to a temporary name and renamed, so a reader never sees half a file.

import Foundation
import TwinPeaksEmbedding
import TwinPeaksTensor

public struct ModelCheckpoint {
    public static let formatName = "twinpeaks-model/1"

    public var configuration: ModelConfiguration
    public var providerName: String
    public var providerConfiguration: String
    public var featureWidth: Int
    public var partnerStandardizer: DescriptorStandardizer
    public var substitutionStandardizer: DescriptorStandardizer
    public var deltaGMean: Float
    public var deltaGStd: Float
    /// Free-form provenance and training state (version, data hashes, split, seed, epoch, log).
    public var extra: [String: String]

    public init(network: TwinPeaksNetwork, assembler: ExampleAssembler, extra: [String: String] = [:]) {
        configuration = network.configuration
        providerName = assembler.builder.provider.name
        providerConfiguration = assembler.builder.provider.configuration
        featureWidth = network.featureWidth
        partnerStandardizer = assembler.partnerStandardizer
        substitutionStandardizer = assembler.substitutionStandardizer
        deltaGMean = network.deltaGMean
        deltaGStd = network.deltaGStd
        self.extra = extra
    }

    private static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Cannot fail: the values are standardisers (finite Doubles from finite descriptor rows) and
        // string maps; JSONEncoder refuses only non-finite numbers.
        return String(decoding: try! encoder.encode(value), as: UTF8.self)
    }

    var metadata: [String: String] {
        var m = extra
        m["format"] = Self.formatName
        m["model.configuration"] = configuration.json()
        m["model.provider"] = providerName
        m["model.provider_configuration"] = providerConfiguration
        m["model.feature_width"] = String(featureWidth)
        m["model.partner_standardizer"] = Self.json(partnerStandardizer)
        m["model.substitution_standardizer"] = Self.json(substitutionStandardizer)
        m["model.delta_g_mean"] = String(deltaGMean)
        m["model.delta_g_std"] = String(deltaGStd)
        return m
    }

    /// Saves the network's parameters (and the optimizer state, for resuming) with this metadata.
    public func save(_ network: TwinPeaksNetwork, optimizer: AdamW? = nil, to path: String) throws {
        try ParameterFile.save(network.store, metadata: metadata, optimizer: optimizer, to: path)
    }

    /// Reads a model file: rebuilds the network from its configuration and loads every parameter.
    public static func load(_ path: String, optimizer: ((TwinPeaksNetwork) throws -> AdamW)? = nil) throws
        -> (checkpoint: ModelCheckpoint, network: TwinPeaksNetwork, optimizer: AdamW?) {
        let m = try ParameterFile.metadata(at: path)
        func field(_ key: String) throws -> String {
            guard let value = m[key] else { throw ModelError.checkpoint("\(path): no '\(key)'; is this a TwinPeaks model file?") }
            return value
        }
        guard m["format"] == formatName else {
            throw ModelError.checkpoint("\(path): format '\(m["format"] ?? "none")', expected \(formatName)")
        }
        let configuration = try ModelConfiguration.decode(Data(try field("model.configuration").utf8), source: path)
        let decoder = JSONDecoder()
        func standardizer(_ key: String) throws -> DescriptorStandardizer {
            do { return try decoder.decode(DescriptorStandardizer.self, from: Data(try field(key).utf8)) }
            catch let error as ModelError { throw error }
            catch { throw ModelError.checkpoint("\(path): '\(key)' is not a valid standardisation: \(error)") }
        }
        guard let featureWidth = Int(try field("model.feature_width")),
              let mean = Float(try field("model.delta_g_mean")), let std = Float(try field("model.delta_g_std")) else {
            throw ModelError.checkpoint("\(path): feature width or ΔG scale is not a number")
        }
        // ΔG is predicted as mean + std · output: a zero, negative or non-finite scale gives inf or nonsense.
        guard mean.isFinite, abs(mean) <= 100, std.isFinite, std > 0, std <= 100 else {
            throw ModelError.checkpoint("\(path): model.delta_g_mean \(mean), model.delta_g_std \(std); expected a finite mean "
                                        + "within ±100 kcal/mol and a standard deviation of more than 0 and at most 100")
        }
        let partner = try standardizer("model.partner_standardizer")
        let substitution = try standardizer("model.substitution_standardizer")
        let network = try TwinPeaksNetwork(configuration: configuration, featureWidth: featureWidth,
                                           partnerDescriptorWidth: partner.mean.count,
                                           substitutionDescriptorWidth: substitution.mean.count, seed: 0)
        network.deltaGMean = mean
        network.deltaGStd = std
        let adam = try optimizer?(network)
        try ParameterFile.load(into: network.store, from: path, optimizer: adam)
        var extra = m
        for key in ["format", "model.configuration", "model.provider", "model.provider_configuration", "model.feature_width",
                    "model.partner_standardizer", "model.substitution_standardizer", "model.delta_g_mean",
                    "model.delta_g_std"] { extra[key] = nil }
        var checkpoint = ModelCheckpoint(configuration: configuration, providerName: try field("model.provider"),
                                         providerConfiguration: try field("model.provider_configuration"),
                                         featureWidth: featureWidth, partnerStandardizer: partner,
                                         substitutionStandardizer: substitution, deltaGMean: mean, deltaGStd: std, extra: [:])
        checkpoint.extra = extra
        return (checkpoint, network, adam)
    }

    init(configuration: ModelConfiguration, providerName: String, providerConfiguration: String, featureWidth: Int,
         partnerStandardizer: DescriptorStandardizer, substitutionStandardizer: DescriptorStandardizer,
         deltaGMean: Float, deltaGStd: Float, extra: [String: String]) {
        self.configuration = configuration
        self.providerName = providerName
        self.providerConfiguration = providerConfiguration
        self.featureWidth = featureWidth
        self.partnerStandardizer = partnerStandardizer
        self.substitutionStandardizer = substitutionStandardizer
        self.deltaGMean = deltaGMean
        self.deltaGStd = deltaGStd
        self.extra = extra
    }

    /// The assembler that feeds this model, over `provider` (which must match the recorded one).
    public func assembler(provider: ResidueFeatureProvider) throws -> ExampleAssembler {
        guard provider.name == providerName, provider.dimension + 2 == featureWidth else {
            throw ModelError.checkpoint("model was trained on \(providerName) features (\(featureWidth - 2) per residue), "
                                        + "but \(provider.name) gives \(provider.dimension)")
        }
        return ExampleAssembler(configuration: configuration, builder: PartnerFeatureBuilder(provider: provider),
                                partnerStandardizer: partnerStandardizer, substitutionStandardizer: substitutionStandardizer)
    }
}
