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
    /// Hinge knots per descriptor on both wide paths (WideHinges): 0 = linear wide paths; K makes
    /// each a piecewise-linear additive model with K bends over ±1 standard deviation.
    public var wideHinges = 0
    /// The hinges bend the ΔG wide path only; the ΔΔG wide path stays linear. ΔG's 67 whole-partner
    /// descriptors (lengths, composition) act on affinity in bends, ΔΔG's substitution descriptors
    /// did not gain from them (README, sessions 5 and 13).
    public var deltaGHingesOnly = false
    /// The ΔΔG wide path also reads the products of the wild-type and mutant one-hot counts, per
    /// direction (`WideProducts.substitutions`): an antisymmetric indicator of each of the 380
    /// substitutions, where the linear path is additive in the residues.
    public var wideProducts = false
    /// Multiplier of the learning rate on the wide paths' weights (0 keeps them at their ridge
    /// initialisation, so only the deep path and the heads train).
    public var wideLearningRateScale: Float = 1
    /// Hidden width of a mirrored MLP on the substitution descriptors alone, added to ΔΔG as
    /// m(forward) − m(reverse) (`MirroredDescriptorPath`); 0 = none. Needs widePaths.
    public var descriptorPathWidth = 0
    /// Hidden width of an MLP on the 67 partner descriptors alone, added to the standardised ΔG
    /// (`DeltaGDescriptorPath`); 0 = none. Needs widePaths. The descriptors are symmetric in the
    /// partners, so no mirroring is needed.
    public var deltaGDescriptorPathWidth = 0
    /// Multiplier of the learning rate on the descriptor paths' parameters (both tasks').
    public var descriptorPathRateScale: Float = 1
    /// Epochs of fitting each descriptor path alone, on the residual of the ridge start, before the
    /// encoder trains (`DescriptorPathPretraining`); epoch 0 is then ridge + the fitted MLPs. 0 = none.
    public var descriptorPathPretrainEpochs = 0
    /// Quantile hinges per descriptor in front of that MLP (`DescriptorKnots`), placed on the
    /// training rows at epoch 0. 0 = the MLP reads the standardised descriptors.
    public var descriptorPathKnots = 0
    /// Structure supervision: weight of the per-token interface loss (binary cross-entropy against
    /// the fraction of each window's residues within 5 Å of the partner, from the training
    /// structures). 0 switches the interface head off. Prediction never needs a structure.
    public var interfaceLossWeight: Float = 0
    /// ΔΔG reads the predicted interface: a wide path on the substitution descriptors scaled by the
    /// predicted interface probability at the mutated windows (needs the interface head).
    public var interfaceGate = false
    /// Structure supervision of the pair: weight of a binary cross-entropy between a bilinear head on
    /// both partners' final tokens and the window contact map (window pairs holding a residue pair
    /// within 5 Å in the training structure). 0 switches the contact head off.
    public var contactLossWeight: Float = 0
    /// Structure supervision of burial: weight of a per-token binary cross-entropy against each
    /// window's mean relative burial on binding (ΔSASA over the residue type's largest surface, from
    /// the training structures). 0 switches the burial head off.
    public var burialLossWeight: Float = 0
    /// The interface gate reads the burial head's probability at the mutated windows instead of the
    /// interface head's: a substitution counts for more where the partner is predicted to bury it.
    public var gateOnBurial = false
    /// The trees (and so the stack) read the structure heads' predictions as extra descriptors
    /// (`StructureDescriptors`), out-of-fold inside the stack: needs the interface head and a stack
    /// (`evaluate --stack-folds`).
    public var treesReadStructure = false
    /// Distillation from the trees: each exact training label is replaced by (1 − b)·label + b·trees,
    /// where `trees` is the tuned trees' inner out-of-fold prediction for that row (`TreeTeacher`),
    /// made from the network's fit complexes only. 0 = the network learns from the labels alone.
    public var treeTeacherBlend: Float = 0

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
    /// Weight averaging: the span, in epochs, of an exponential moving average of the weights over
    /// the training steps (0: off; the decay per step is 1 − 1/(span × steps per epoch), so the
    /// span means the same on a split of 46 steps an epoch as on one of 374). Each epoch is scored,
    /// and kept, on the averaged weights; training goes on from the last step's own.
    public var weightAverageEpochs: Float = 0

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

    /// Checks every setting against its range and the sizes against each other, before any work
    /// begins; the error names the setting and what is expected.
    public func validate() throws {
        func require(_ condition: Bool, _ message: String) throws {
            if !condition { throw ModelError.configuration(message) }
        }
        func check<T: Comparable>(_ name: String, _ value: T, _ range: ClosedRange<T>) throws {
            try require(range.contains(value), "\(name) \(value): expected \(range.lowerBound) … \(range.upperBound)")
        }
        func check(_ name: String, _ value: Float, _ range: ClosedRange<Float>, open: Bool = false) throws {
            let inside = value.isFinite && range.contains(value) && !(open && value == range.lowerBound)
            try require(inside, "\(name) \(value): expected \(open ? "more than" : "from") \(range.lowerBound) up to \(range.upperBound)")
        }
        // Sizes: bounds far above any useful network, low enough that the activations of one batch fit a machine.
        try check("windowSize", windowSize, 1...1024)
        try check("windowStride", windowStride, 1...windowSize)
        try check("width", width, 1...4096)
        try check("heads", heads, 1...width)
        try require(width % heads == 0, "width \(width) must be a positive multiple of heads \(heads)")
        try check("feedForwardWidth", feedForwardWidth, 1...16_384)
        try check("headWidth", headWidth, 1...4096)
        try check("encoderLayers", encoderLayers, 0...64)
        try check("crossLayers", crossLayers, 0...64)
        try check("dropout", dropout, 0...0.99)
        try check("maxResidues", maxResidues, windowSize...65_536)
        try require(maxTokens <= 8192, "maxResidues \(maxResidues) with windowStride \(windowStride) gives \(maxTokens) tokens; "
                    + "expected at most 8192 (attention is quadratic in tokens)")
        try check("interfaceLossWeight", interfaceLossWeight, 0...100)
        try check("rankingLossWeight", rankingLossWeight, 0...100)
        try check("contactLossWeight", contactLossWeight, 0...100)
        try check("burialLossWeight", burialLossWeight, 0...100)
        try require(!gateOnBurial || (interfaceGate && burialLossWeight > 0),
                    "gateOnBurial makes the interface gate read the burial head: it needs interfaceGate and burialLossWeight > 0")
        try require(!treesReadStructure || interfaceLossWeight > 0,
                    "treesReadStructure gives the trees the interface head's predictions: it needs interfaceLossWeight > 0")
        try check("treeTeacherBlend", treeTeacherBlend, 0...1)
        try check("wideHinges", wideHinges, 0...16)
        try check("wideLearningRateScale", wideLearningRateScale, 0...10)
        try check("descriptorPathWidth", descriptorPathWidth, 0...4096)
        try check("descriptorPathRateScale", descriptorPathRateScale, 0...100)
        try check("descriptorPathPretrainEpochs", descriptorPathPretrainEpochs, 0...1000)
        try check("deltaGDescriptorPathWidth", deltaGDescriptorPathWidth, 0...4096)
        try require(descriptorPathPretrainEpochs == 0 || descriptorPathWidth > 0 || deltaGDescriptorPathWidth > 0,
                    "descriptorPathPretrainEpochs fits the descriptor paths: it needs descriptorPathWidth > 0 or deltaGDescriptorPathWidth > 0")
        try check("descriptorPathKnots", descriptorPathKnots, 0...32)
        try require(descriptorPathKnots == 0 || descriptorPathWidth > 0,
                    "descriptorPathKnots bends the descriptor path's inputs: it needs descriptorPathWidth > 0")
        try require(descriptorPathWidth == 0 || widePaths,
                    "descriptorPathWidth adds an MLP on the wide path's substitution descriptors: it needs widePaths")
        try require(deltaGDescriptorPathWidth == 0 || widePaths,
                    "deltaGDescriptorPathWidth adds an MLP on the ΔG wide path's partner descriptors: it needs widePaths")
        try require(wideHinges == 0 || widePaths, "wideHinges bends the wide paths: it needs widePaths")
        try require(!wideProducts || widePaths, "wideProducts multiplies the wide path's descriptors: it needs widePaths")
        try require(!deltaGHingesOnly || wideHinges > 0, "deltaGHingesOnly keeps the hinges to the ΔG wide path: it needs wideHinges > 0")
        try require(!interfaceGate || interfaceLossWeight > 0,
                    "interfaceGate needs the interface head: set interfaceLossWeight > 0")
        try require(mutantDeltaGLossWeight >= 0 && mutantDeltaGLossWeight <= 100,
                    "mutantDeltaGLossWeight \(mutantDeltaGLossWeight): expected 0 … 100")
        try require(!descriptorsInDeep || widePaths, "descriptorsInDeep feeds the wide paths' descriptors to the deep paths: it needs widePaths")
        try require(!interfaceGate || widePaths, "interfaceGate scales the substitution descriptors: it needs widePaths")
        // Training.
        try check("learningRate", learningRate, 0...1, open: true)
        try check("weightDecay", weightDecay, 0...10)
        try check("warmupSteps", warmupSteps, 0...10_000_000)
        try check("gradientClip", gradientClip, 0...1e6, open: true)
        try check("epochs", epochs, 1...100_000)
        try check("batchSize", batchSize, 1...4096)
        try check("deltaGLossWeight", deltaGLossWeight, 0...100)
        try check("huberDelta", huberDelta, 0...100, open: true)
        try require(earlyStoppingFraction.isFinite && earlyStoppingFraction >= 0 && earlyStoppingFraction < 0.5,
                    "earlyStoppingFraction \(earlyStoppingFraction): expected 0 ≤ f < 0.5")
        try check("patience", patience, 1...100_000)
        try check("weightAverageEpochs", weightAverageEpochs, 0...1000)
    }

    /// The hinges of each head's wide path: ΔG's always `wideHinges`, ΔΔG's none under `deltaGHingesOnly`.
    public var deltaGHinges: WideHinges { WideHinges(count: wideHinges) }
    public var deltaDeltaGHinges: WideHinges { WideHinges(count: deltaGHingesOnly ? 0 : wideHinges) }

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
        } catch ModelError.configuration(let problem) {
            throw ModelError.configuration("\(source): \(problem)")
        } catch let DecodingError.typeMismatch(type, context), let DecodingError.valueNotFound(type, context) {
            let key = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw ModelError.configuration("\(source): key '\(key)': expected \(type == Bool.self ? "true or false" : "a number (\(type))")")
        } catch let DecodingError.dataCorrupted(context) where !context.codingPath.isEmpty {
            let key = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw ModelError.configuration("\(source): key '\(key)': \(context.debugDescription)")
        } catch {
            throw ModelError.configuration("\(source): not a JSON object of ModelConfiguration keys (\(error))")
        }
    }

    /// Stable JSON (sorted keys), as stored in checkpoints.
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        // Cannot fail: the fields are Ints, Bools and Floats, and JSONEncoder refuses only non-finite
        // Floats, which validate() (run on every configuration from a file or the command line) rejects.
        return String(decoding: try! encoder.encode(self), as: UTF8.self)
    }
}

extension ModelConfiguration {
    // Decoding with defaults for missing keys: decode into a default value, key by key.
    public init(from decoder: Decoder) throws {
        self.init()
        // A misspelt key ("widht", "epoch") would otherwise be ignored and its default used silently.
        for key in try decoder.container(keyedBy: AnyKey.self).allKeys where CodingKeys(stringValue: key.stringValue) == nil {
            throw ModelError.configuration("unknown key '\(key.stringValue)'; expected keys of ModelConfiguration: "
                                           + Self.keyNames.joined(separator: ", "))
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func read<T: Decodable>(_ key: CodingKeys, _ value: inout T) throws {
            if let decoded = try c.decodeIfPresent(T.self, forKey: key) { value = decoded }
        }
        try read(.windowSize, &windowSize); try read(.windowStride, &windowStride)
        try read(.width, &width); try read(.heads, &heads); try read(.feedForwardWidth, &feedForwardWidth)
        try read(.encoderLayers, &encoderLayers); try read(.crossLayers, &crossLayers)
        try read(.dropout, &dropout); try read(.maxResidues, &maxResidues); try read(.headWidth, &headWidth)
        try read(.siteInput, &siteInput); try read(.widePaths, &widePaths)
        try read(.descriptorsInDeep, &descriptorsInDeep); try read(.wideHinges, &wideHinges)
        try read(.deltaGHingesOnly, &deltaGHingesOnly); try read(.wideProducts, &wideProducts)
        try read(.wideLearningRateScale, &wideLearningRateScale)
        try read(.descriptorPathWidth, &descriptorPathWidth); try read(.descriptorPathRateScale, &descriptorPathRateScale)
        try read(.descriptorPathPretrainEpochs, &descriptorPathPretrainEpochs); try read(.descriptorPathKnots, &descriptorPathKnots)
        try read(.deltaGDescriptorPathWidth, &deltaGDescriptorPathWidth)
        try read(.interfaceLossWeight, &interfaceLossWeight); try read(.interfaceGate, &interfaceGate)
        try read(.contactLossWeight, &contactLossWeight)
        try read(.burialLossWeight, &burialLossWeight); try read(.gateOnBurial, &gateOnBurial)
        try read(.treesReadStructure, &treesReadStructure); try read(.treeTeacherBlend, &treeTeacherBlend)
        try read(.rankingLossWeight, &rankingLossWeight)
        try read(.mutantDeltaGLossWeight, &mutantDeltaGLossWeight); try read(.jointTasks, &jointTasks)
        try read(.learningRate, &learningRate); try read(.weightDecay, &weightDecay)
        try read(.warmupSteps, &warmupSteps); try read(.gradientClip, &gradientClip); try read(.epochs, &epochs)
        try read(.batchSize, &batchSize); try read(.deltaGLossWeight, &deltaGLossWeight)
        try read(.huberDelta, &huberDelta); try read(.earlyStoppingFraction, &earlyStoppingFraction)
        try read(.patience, &patience); try read(.weightAverageEpochs, &weightAverageEpochs)
    }
}

extension ModelConfiguration {
    /// Any key of a JSON object, to find the ones ModelConfiguration does not have.
    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Every key, sorted: read from the encoding of the defaults, so the list cannot drift from the type.
    static var keyNames: [String] {
        let keys = (try? JSONSerialization.jsonObject(with: Data(ModelConfiguration().json().utf8))) as? [String: Any]
        return (keys ?? [:]).keys.sorted()
    }
}

extension Int {
    func quotientRoundingUp(_ divisor: Int) -> Int { (self + divisor - 1) / divisor }
}
