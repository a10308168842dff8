// Per-residue embeddings imported from a file a user already has (bio_embeddings, ProtTrans or a
// plain layout), matched to chains through the FASTA that names the file's sequences. Checks
// every entry's length and dimension and lists every problem, naming the dataset key.

import Foundation
import TwinPeaksBio
import TwinPeaksTensor

/// A provider that reads features from an existing embedding file instead of computing them.
///
/// Length rule (special tokens an exporter may have left): a dataset of L rows for a chain of L
/// residues is taken as is; L+1 rows: the last row is dropped (ProtT5's end token `</s>`);
/// L+2 rows: the first and last rows are dropped (ESM's start `<cls>` and end `<eos>` tokens).
/// Any other length, a dimension that differs from the other entries, or a chain with no
/// embedding is an error naming the key.
public final class ImportedEmbeddings: ResidueFeatureProvider {
    public let path: String
    public let format: EmbeddingFileFormat
    public let name: String
    public let layer: Int
    /// D: the dimension most entries have (0 when no entry matched).
    public let dimension: Int
    public var configuration: String {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        return "import: format=\(format.rawValue); file=\((path as NSString).lastPathComponent) (\(size) bytes); "
            + "name=\(name); layer=\(layer); special tokens: L+1 rows drop the last, L+2 drop first and last"
    }

    private let file: HDF5File
    /// Upper-case sequence → the dataset that holds it and the FASTA record that named it.
    private let resolved: [String: (dataset: String, identifier: String)]
    /// Upper-case sequence → FASTA identifiers and the dataset names tried, for sequences with no dataset.
    private let unresolved: [String: (identifiers: [String], tried: [String])]
    private let shapes: [String: [Int]]

    /// Opens `path` and matches each FASTA record (`records`: the FASTA that names the file's
    /// sequences) to its dataset. `sequenceHash` makes bio_embeddings keys (MD5 hex of the sequence).
    public init(path: String, format: EmbeddingFileFormat, records: [(id: String, sequence: String)],
                name: String? = nil, layer: Int = -1, sequenceHash: (String) -> String = MD5.hex) throws {
        self.path = path
        self.format = format
        self.name = name ?? "import:\(format.rawValue)"
        self.layer = layer
        let file = try HDF5File(opening: path)
        self.file = file
        var resolved: [String: (dataset: String, identifier: String)] = [:]
        var unresolved: [String: (identifiers: [String], tried: [String])] = [:]
        var shapes: [String: [Int]] = [:]
        var originalIds: [String: String]? = nil
        for record in records {
            let sequence = record.sequence.uppercased()
            if resolved[sequence] != nil { continue }
            let names = format.candidateNames(identifier: record.id, sequence: record.sequence, hash: sequenceHash)
            var found = names.first { file.isDataset($0) }
            if found == nil, format == .bioEmbeddings {
                if originalIds == nil { originalIds = try Self.originalIds(in: file) }
                found = originalIds?[record.id]
            }
            if let dataset = found {
                resolved[sequence] = (dataset, record.id)
                unresolved[sequence] = nil
            } else {
                var entry = unresolved[sequence] ?? ([], [])
                entry.identifiers.append(record.id)
                entry.tried += names
                unresolved[sequence] = entry
            }
        }
        var counts: [Int: Int] = [:]
        var firstSeen: [Int: Int] = [:]
        for (index, dataset) in resolved.values.map(\.dataset).sorted().enumerated() {
            let shape = (try? file.shape(of: dataset)) ?? []
            shapes[dataset] = shape
            if shape.count == 2 {
                counts[shape[1], default: 0] += 1
                if firstSeen[shape[1]] == nil { firstSeen[shape[1]] = index }
            }
        }
        dimension = counts.max { a, b in a.value != b.value ? a.value < b.value : firstSeen[a.key]! > firstSeen[b.key]! }?.key ?? 0
        self.resolved = resolved
        self.unresolved = unresolved
        self.shapes = shapes
    }

    /// bio_embeddings' `original_id` attribute of every root dataset → the dataset name.
    private static func originalIds(in file: HDF5File) throws -> [String: String] {
        var map: [String: String] = [:]
        for member in try file.members(of: "/") where file.isDataset(member) {
            if let id = try? file.stringAttribute("original_id", of: member), map[id] == nil { map[id] = member }
        }
        return map
    }

    /// The most features per residue an import may have: language models use up to a few thousand
    /// (ESM-2 3B: 2560); a file declaring more is refused before any row is read.
    public static let maximumDimension = 65_536

    /// Rows to drop at the start and the end of a dataset of `rows` rows for a chain of `residues`, or nil.
    public static func specialTokens(rows: Int, residues: Int) -> (leading: Int, trailing: Int)? {
        switch rows - residues {
        case 0: return (0, 0)
        case 1: return (0, 1)
        case 2: return (1, 1)
        default: return nil
        }
    }

    /// Every problem that importing `targets` would meet, without reading the values: a chain
    /// that no FASTA record names, a record whose dataset is missing, a dataset that is not an
    /// [L, D] matrix, a length that no special-token rule explains, a dimension unlike the others.
    public func problems(for targets: [EmbeddingTarget]) -> [InputError] {
        targets.compactMap { problem(for: $0.sequence.uppercased(), key: $0.key, identifier: $0.identifier) }
    }

    private func problem(for sequence: String, key: String, identifier: String) -> InputError? {
        let chain = "sequence \(key)\(identifier == key ? "" : " (\(identifier))")"
        guard let entry = resolved[sequence] else {
            if let missing = unresolved[sequence] {
                let tried = missing.tried.map { "'\($0)'" }.joined(separator: ", ")
                return InputError("\(path): key \(missing.tried.first.map { "'\($0)'" } ?? "?")",
                                  "no embedding for FASTA record \(missing.identifiers.joined(separator: ", ")) "
                                  + "(\(chain), \(sequence.count) residues); looked for \(tried)"
                                  + (format == .bioEmbeddings ? " and an original_id attribute" : ""))
            }
            return InputError(chain, "no record of the import FASTA has this sequence (\(sequence.count) residues), "
                              + "so \(path) cannot hold its embedding")
        }
        let place = "\(path): key '\(entry.dataset)'"
        let shape = shapes[entry.dataset] ?? []
        guard shape.count == 2 else {
            return InputError(place, "expected an [L, D] matrix for \(chain), found shape \(shape)")
        }
        guard (1...Self.maximumDimension).contains(shape[1]) else {
            return InputError(place, "dimension \(shape[1]) for \(chain); expected 1 … \(Self.maximumDimension) features per residue")
        }
        guard Self.specialTokens(rows: shape[0], residues: sequence.count) != nil else {
            return InputError(place, "\(shape[0]) rows, but \(chain) has \(sequence.count) residues; expected "
                              + "\(sequence.count), \(sequence.count + 1) (ProtT5 end token: last row dropped) or "
                              + "\(sequence.count + 2) (ESM start and end tokens: first and last rows dropped)")
        }
        guard shape[1] == dimension else {
            return InputError(place, "dimension \(shape[1]), but the other entries have \(dimension)")
        }
        return nil
    }

    public func features(for residues: [AminoAcid]) throws -> [Float] {
        let sequence = String(residues.map(\.oneLetter))
        if let problem = problem(for: sequence, key: "of \(residues.count) residues", identifier: "of \(residues.count) residues") {
            throw problem
        }
        return try features(ofDataset: resolved[sequence]!.dataset, residues: residues.count)
    }

    /// The features for one target, checked and stripped of special tokens; errors name the key.
    public func features(for target: EmbeddingTarget) throws -> [Float] {
        let sequence = target.sequence.uppercased()
        if let problem = problem(for: sequence, key: target.key, identifier: target.identifier) { throw problem }
        return try features(ofDataset: resolved[sequence]!.dataset, residues: sequence.count)
    }

    private func features(ofDataset dataset: String, residues: Int) throws -> [Float] {
        let place = "\(path): key '\(dataset)'"
        let values: [Float], shape: [Int]
        do {
            (shape, values) = try file.readFloats(dataset)
        } catch let error as HDF5Error {
            throw InputError(place, error.problem)
        }
        guard values.allSatisfy(\.isFinite) else { throw InputError(place, "holds NaN or infinite values") }
        // problem(for:) has checked the shape; this guards a file changed since it was opened.
        guard shape.count == 2, shape[1] == dimension, dimension >= 1,
              let (leading, trailing) = Self.specialTokens(rows: shape[0], residues: residues) else {
            throw InputError(place, "shape \(shape), expected [\(residues) (+1 or +2 special tokens), \(dimension)]")
        }
        let rows = shape[0]
        if leading == 0 && trailing == 0 { return values }
        return Array(values[(leading * dimension)..<((rows - trailing) * dimension)])
    }

    /// The dataset name and FASTA identifier matched to a sequence, or nil.
    public func entry(for sequence: String) -> (dataset: String, identifier: String)? {
        resolved[sequence.uppercased()]
    }
}
