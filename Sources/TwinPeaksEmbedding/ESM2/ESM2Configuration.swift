// The shape of an ESM-2 model (layers, width, heads, feed-forward width, vocabulary) and its
// name; recorded as root attributes of the converted parameter file and read back from them.
// The published sizes are listed so that a checkpoint's shapes name its model and head count
// (safetensors files do not record the heads).

import TwinPeaksBio

public struct ESM2Configuration: Equatable, Sendable, CustomStringConvertible {
    public var name: String
    public var layers: Int
    public var width: Int
    public var heads: Int
    public var feedForwardWidth: Int
    public var vocabularySize: Int
    /// Whether the masked-language-model head (lm_head.*) is present.
    public var hasLanguageModelHead: Bool
    /// The longest chain ESM-2 reads in one piece: 1,024 tokens less <cls> and <eos>.
    public static let maximumResidues = 1022

    public init(name: String, layers: Int, width: Int, heads: Int, feedForwardWidth: Int? = nil,
                vocabularySize: Int = ESM2Alphabet.size, hasLanguageModelHead: Bool = true) throws {
        guard layers > 0, width > 0, heads > 0, width % heads == 0, (width / heads) % 2 == 0 else {
            throw InputError("ESM-2 model \(name)", "\(layers) layers, width \(width), \(heads) heads: expected positive "
                             + "sizes with the width a multiple of the heads and an even head width (rotary embedding)")
        }
        guard vocabularySize == ESM2Alphabet.size else {
            throw InputError("ESM-2 model \(name)", "vocabulary of \(vocabularySize) tokens, expected \(ESM2Alphabet.size)")
        }
        self.name = name
        self.layers = layers
        self.width = width
        self.heads = heads
        self.feedForwardWidth = feedForwardWidth ?? 4 * width
        self.vocabularySize = vocabularySize
        self.hasLanguageModelHead = hasLanguageModelHead
    }

    /// The published ESM-2 models (Lin et al., Science 2023): name, layers, width, heads.
    public static let published: [(name: String, layers: Int, width: Int, heads: Int)] = [
        ("esm2_t6_8M_UR50D", 6, 320, 20), ("esm2_t12_35M_UR50D", 12, 480, 20), ("esm2_t30_150M_UR50D", 30, 640, 20),
        ("esm2_t33_650M_UR50D", 33, 1280, 20), ("esm2_t36_3B_UR50D", 36, 2560, 40), ("esm2_t48_15B_UR50D", 48, 5120, 40),
    ]

    /// A published size by name (for benchmarks and tests with random weights).
    public static func published(_ name: String) throws -> ESM2Configuration {
        guard let entry = published.first(where: { $0.name == name }) else {
            throw InputError("ESM-2 model \(name)", "not a published size; expected one of \(published.map(\.name).joined(separator: ", "))")
        }
        return try ESM2Configuration(name: entry.name, layers: entry.layers, width: entry.width, heads: entry.heads)
    }

    public var headWidth: Int { width / heads }

    public var description: String {
        "\(name): \(layers) layers, width \(width), \(heads) heads, feed-forward \(feedForwardWidth)"
            + (hasLanguageModelHead ? ", LM head" : "")
    }

    // MARK: Parameter-file attributes

    public static let formatValue = "esm2"

    /// Root attributes of a converted parameter file.
    public var metadata: [String: String] {
        ["model_format": Self.formatValue, "model_name": name, "layers": String(layers), "width": String(width),
         "heads": String(heads), "feed_forward_width": String(feedForwardWidth), "vocabulary_size": String(vocabularySize),
         "language_model_head": hasLanguageModelHead ? "1" : "0"]
    }

    /// The configuration a parameter file's attributes describe; `path` names the file in errors.
    public init(metadata: [String: String], path: String) throws {
        guard metadata["model_format"] == Self.formatValue else {
            throw InputError(path, "not an ESM-2 parameter file (model_format is '\(metadata["model_format"] ?? "absent")', "
                             + "expected '\(Self.formatValue)'); make one with `twinpeaks convert-esm2`")
        }
        func number(_ key: String) throws -> Int {
            guard let text = metadata[key], let value = Int(text) else {
                throw InputError(path, "attribute '\(key)' is '\(metadata[key] ?? "absent")', expected a whole number")
            }
            return value
        }
        try self.init(name: metadata["model_name"] ?? "esm2", layers: number("layers"), width: number("width"),
                      heads: number("heads"), feedForwardWidth: number("feed_forward_width"),
                      vocabularySize: number("vocabulary_size"), hasLanguageModelHead: metadata["language_model_head"] == "1")
    }
}
