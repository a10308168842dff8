// The network's configuration: sizes, windows, which parts are switched on, and training settings.
// Stored as JSON in every checkpoint, so a model always says what it is.

import Foundation

public struct ModelConfiguration: Codable, Equatable, Sendable {
    /// Residues per window (w) and the step between window starts (s).
    public var windowSize = 8
    public var windowStride = 4
    /// Model width, attention heads, feed-forward width.
    public var width = 128
    public var heads = 4
    public var feedForwardWidth = 256
    public var encoderLayers = 2
    public var crossLayers = 1
    public var dropout: Float = 0.1
    /// Residues per partner after cropping (chains joined; see `PartnerCrop`).
    public var maxResidues = 256
    /// Hidden width of the head MLPs.
    public var headWidth = 128
    /// ΔΔG head reads the representations at the mutated windows (not only pooled ones).
    public var siteInput = true
    /// Both heads add a linear path on explicit descriptors (partner and substitution descriptors).
    public var widePaths = true
    /// The heads' deep MLPs also read the explicit descriptors (partner descriptors for ΔG, the
    /// substitution descriptors in g's direction for ΔΔG), so the network can model the nonlinear
    /// interactions of the features the trees use; the wide paths stay. Needs widePaths.
    public var descriptorsInDeep = false
    /// Structure supervision: weight of the per-token interface loss (binary cross-entropy against
    /// the fraction of each window's residues within 5 Å of the partner, from the training
    /// structures). 0 switches the interface head off. Prediction never needs a structure.
    public var interfaceLossWeight: Float = 0
    /// ΔΔG reads the predicted interface: a wide path on the substitution descriptors scaled by the
    /// predicted interface probability at the mutated windows (needs the interface head).
    public var interfaceGate = false

    // Training
    public var learningRate: Float = 5e-4
    public var weightDecay: Float = 0.01
    public var warmupSteps = 100
    public var gradientClip: Float = 1.0
    public var epochs = 10
    /// Mutants per ΔΔG batch (all of one complex, sharing its wild-type pass) and complexes per ΔG batch.
    public var batchSize = 32
    /// Weight of the ΔG loss relative to the ΔΔG loss.
    public var deltaGLossWeight: Float = 1.0
    /// Within-complex ranking: weight of a pairwise logistic loss on the ΔΔG order of mutants of
    /// one complex (pairs whose measured ΔΔG differ by ≥ 0.5 kcal/mol), beside the Huber loss.
    public var rankingLossWeight: Float = 0
    /// ΔG from mutants: in a mutant group the ΔG head also learns ΔG(mutant) = ΔG(wild type) + ΔΔG
    /// (both measured) on the mutant rows and ΔG(wild type) on the wild-type row, with this weight
    /// (0: off), so the ΔG head moves with mutations as the measurements do.
    public var mutantDeltaGLossWeight: Float = 0
    /// Evaluation trains both heads on every split (ΔG splits also learn ΔΔG from their training
    /// complexes' mutants): one shared representation, two tasks.
    public var jointTasks = false
    /// Huber threshold, in kcal/mol for ΔΔG and in standard deviations for ΔG.
    public var huberDelta: Float = 1.0
    /// Fraction of the training complexes held out by family for early stopping.
    public var earlyStoppingFraction = 0.12
    /// Epochs without improvement on the early-stopping slice before training stops.
    public var patience = 4

    public init() {}

    /// The network as the Twin Peaks paper describes it: pooled representations only, no
    /// site-level ΔΔG input and no wide descriptor paths. Kept to measure what each part adds.
    public static var paperFaithful: ModelConfiguration {
        var configuration = ModelConfiguration()
        configuration.siteInput = false
        configuration.widePaths = false
        return configuration
    }

    /// The default network of DESIGN.md: site-level ΔΔG input and wide paths on.
    public static var full: ModelConfiguration { ModelConfiguration() }

    /// `full` with structure supervision (interface head, ΔΔG gated by the predicted interface) and
    /// the within-complex ranking loss.
    public static var structure: ModelConfiguration {
        var configuration = ModelConfiguration()
        configuration.interfaceLossWeight = 1
        configuration.interfaceGate = true
        configuration.rankingLossWeight = 1
        return configuration
    }

    /// Checks that sizes are consistent; the error says which setting and what is expected.
    public func validate() throws {
        func require(_ condition: Bool, _ message: String) throws {
            if !condition { throw ModelError.configuration(message) }
        }
        try require(windowSize >= 1 && windowStride >= 1 && windowStride <= windowSize,
                    "windowSize \(windowSize), windowStride \(windowStride): expected 1 ≤ stride ≤ window")
        try require(width > 0 && heads > 0 && width % heads == 0,
                    "width \(width) must be a positive multiple of heads \(heads)")
        try require(feedForwardWidth > 0 && headWidth > 0, "feedForwardWidth and headWidth must be positive")
        try require(encoderLayers >= 0 && crossLayers >= 0, "layer counts must be ≥ 0")
        try require(dropout >= 0 && dropout < 1, "dropout \(dropout): expected 0 ≤ dropout < 1")
        try require(maxResidues >= windowSize, "maxResidues \(maxResidues) must be at least windowSize \(windowSize)")
        try require(learningRate > 0 && epochs >= 1 && batchSize >= 1, "learningRate, epochs, batchSize must be positive")
        try require(interfaceLossWeight >= 0 && interfaceLossWeight <= 100 && rankingLossWeight >= 0 && rankingLossWeight <= 100,
                    "interfaceLossWeight \(interfaceLossWeight), rankingLossWeight \(rankingLossWeight): expected 0 … 100")
        try require(!interfaceGate || interfaceLossWeight > 0,
                    "interfaceGate needs the interface head: set interfaceLossWeight > 0")
        try require(mutantDeltaGLossWeight >= 0 && mutantDeltaGLossWeight <= 100,
                    "mutantDeltaGLossWeight \(mutantDeltaGLossWeight): expected 0 … 100")
        try require(!descriptorsInDeep || widePaths, "descriptorsInDeep feeds the wide paths' descriptors to the deep paths: it needs widePaths")
        try require(!interfaceGate || widePaths, "interfaceGate scales the substitution descriptors: it needs widePaths")
        try require(earlyStoppingFraction >= 0 && earlyStoppingFraction < 0.5,
                    "earlyStoppingFraction \(earlyStoppingFraction): expected 0 ≤ f < 0.5")
    }

    /// Tokens a partner of `residues` residues becomes: ⌈max(L − w, 0) / s⌉ + 1.
    public func tokenCount(residues: Int) -> Int {
        max(residues - windowSize, 0).quotientRoundingUp(windowStride) + 1
    }

    /// Most tokens any cropped partner can have (the positional table's size).
    public var maxTokens: Int { tokenCount(residues: maxResidues) }

    /// Reads a configuration from JSON; keys that are absent keep their defaults.
    public static func load(_ path: String) throws -> ModelConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ModelError.configuration("\(path): cannot read the configuration file")
        }
        return try decode(data, source: path)
    }

    public static func decode(_ data: Data, source: String) throws -> ModelConfiguration {
        do {
            let configuration = try JSONDecoder().decode(ModelConfiguration.self, from: data)
            try configuration.validate()
            return configuration
        } catch let error as ModelError {
            throw error
        } catch {
            throw ModelError.configuration("\(source): not a valid configuration: \(error)")
        }
    }

    /// Stable JSON (sorted keys), as stored in checkpoints.
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return String(decoding: try! encoder.encode(self), as: UTF8.self)
    }
}

extension ModelConfiguration {
    // Decoding with defaults for missing keys: decode into a default value, key by key.
    public init(from decoder: Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func read<T: Decodable>(_ key: CodingKeys, _ value: inout T) throws {
            if let decoded = try c.decodeIfPresent(T.self, forKey: key) { value = decoded }
        }
        try read(.windowSize, &windowSize); try read(.windowStride, &windowStride)
        try read(.width, &width); try read(.heads, &heads); try read(.feedForwardWidth, &feedForwardWidth)
        try read(.encoderLayers, &encoderLayers); try read(.crossLayers, &crossLayers)
        try read(.dropout, &dropout); try read(.maxResidues, &maxResidues); try read(.headWidth, &headWidth)
        try read(.siteInput, &siteInput); try read(.widePaths, &widePaths)
        try read(.descriptorsInDeep, &descriptorsInDeep)
        try read(.interfaceLossWeight, &interfaceLossWeight); try read(.interfaceGate, &interfaceGate)
        try read(.rankingLossWeight, &rankingLossWeight)
        try read(.mutantDeltaGLossWeight, &mutantDeltaGLossWeight); try read(.jointTasks, &jointTasks)
        try read(.learningRate, &learningRate); try read(.weightDecay, &weightDecay)
        try read(.warmupSteps, &warmupSteps); try read(.gradientClip, &gradientClip); try read(.epochs, &epochs)
        try read(.batchSize, &batchSize); try read(.deltaGLossWeight, &deltaGLossWeight)
        try read(.huberDelta, &huberDelta); try read(.earlyStoppingFraction, &earlyStoppingFraction)
        try read(.patience, &patience)
    }
}

extension Int {
    func quotientRoundingUp(_ divisor: Int) -> Int { (self + divisor - 1) / divisor }
}
