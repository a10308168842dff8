// The embed stage: every unique chain of the dataset (or of one shard) through a feature
// provider into an `EmbeddingStore`, resumable. Work goes into part files that are renamed
// into place only when complete, so a killed run loses at most the part it was writing; the
// parts are then merged into `<output>.tmp`, the provenance is written last, and it is renamed.

import Foundation
import TwinPeaksBio
import TwinPeaksTensor
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One run of the embed stage. Resuming: a rerun skips every chain whose key is in a complete
/// part (or in an earlier finished output made with the same provider and configuration) and
/// ends with the same file contents as an uninterrupted run.
public struct EmbedStage {
    public var targets: [EmbeddingTarget]
    public var provider: any ResidueFeatureProvider
    public var storage: HDF5FloatStorage
    /// The finished store (a shard writes `<output>.shard-i-of-n` instead).
    public var output: String
    public var shard: Shard?
    /// The layer attribute of every dataset (0 for descriptors; an importer's layer).
    public var layer: Int
    /// A digest of the input (e.g. MD5 of sequences.fasta), recorded in the provenance.
    public var inputHash: String
    public var version: String
    /// Deflate level of the finished store (parts are written uncompressed: they are temporary).
    public var compression: Int = EmbeddingStore.defaultCompression
    /// Values per part file before it is closed and renamed (16 Mi floats: 64 MB in float32).
    public var partValueBudget: Int = 16 * 1024 * 1024

    public init(targets: [EmbeddingTarget], provider: any ResidueFeatureProvider, storage: HDF5FloatStorage,
                output: String, shard: Shard? = nil, layer: Int, inputHash: String, version: String) {
        self.targets = targets
        self.provider = provider
        self.storage = storage
        self.output = output
        self.shard = shard
        self.layer = layer
        self.inputHash = inputHash
        self.version = version
    }

    public enum Outcome: Equatable, Sendable {
        /// The output exists with the same provenance: nothing was done.
        case upToDate
        /// The run stopped at `limit` chains; rerun to resume.
        case stopped
        /// The output was written.
        case finished
    }

    public struct Summary: Sendable {
        public var outcome: Outcome
        /// Chains in this shard, chains embedded by this run, chains found from an earlier run.
        public var total: Int
        public var embedded: Int
        public var reused: Int
        public var residues: Int
        public var seconds: Double
        public var outputPath: String
    }

    /// The file this run finishes: `output`, or its shard file.
    public var outputPath: String { shard.map { $0.outputPath(output) } ?? output }
    /// Where complete part files wait for the merge.
    public var partsDirectory: String { outputPath + ".parts" }

    /// The chains this run is responsible for: this shard's, first occurrence of each key.
    public var shardTargets: [EmbeddingTarget] {
        var seen = Set<String>()
        var result: [EmbeddingTarget] = []
        for (position, target) in targets.enumerated() where shard?.contains(position: position) ?? true {
            if seen.insert(target.key).inserted { result.append(target) }
        }
        return result
    }

    /// The provenance recorded on the root of the finished store (written last).
    public var provenance: [(String, String)] {
        [("provider", provider.name), ("dimension", String(provider.dimension)), ("layer", String(layer)),
         ("storage", storage.rawValue), ("compression", String(compression)),
         ("configuration", provider.configuration), ("input_hash", inputHash),
         ("shard", shard?.description ?? "1/1"), ("sequences", String(shardTargets.count)),
         ("twinpeaks_version", version)]
    }

    /// Fields that must agree for an earlier part or output to be reused.
    private var reuseFields: [(String, String)] {
        provenance.filter { ["provider", "dimension", "layer", "storage", "configuration"].contains($0.0) }
    }

    private func matches(_ store: EmbeddingStore, _ fields: [(String, String)]) -> Bool {
        fields.allSatisfy { (try? store.metadata($0.0)) == $0.1 }
    }

    /// Embeds (or imports) every chain not yet stored, then merges and renames. `limit` stops
    /// after that many chains have been embedded by this run (for batch slots and tests);
    /// `progress` is called after each chain, `note` for one-off messages.
    public func run(limit: Int? = nil, progress: (EmbedProgress) -> Void = { _ in },
                    note: (String) -> Void = { _ in }) throws -> Summary {
        let start = Date()
        let fm = FileManager.default
        let work = shardTargets
        let provenance = self.provenance
        try EmbeddingOutputGuard.checkReplaceable(outputPath)
        if fm.fileExists(atPath: outputPath), let existing = try? EmbeddingStore(opening: outputPath),
           matches(existing, provenance.filter { $0.0 != "twinpeaks_version" }) {
            return Summary(outcome: .upToDate, total: work.count, embedded: 0, reused: work.count, residues: 0,
                           seconds: 0, outputPath: outputPath)
        }

        // Sources of finished embeddings: complete parts, then a compatible earlier output.
        var source: [String: String] = [:]
        try fm.createDirectory(atPath: partsDirectory, withIntermediateDirectories: true)
        var lastPart = 0
        for name in try fm.contentsOfDirectory(atPath: partsDirectory).sorted() {
            let path = "\(partsDirectory)/\(name)"
            guard name.hasPrefix("part-"), name.hasSuffix(".h5"), let number = Int(name.dropFirst(5).dropLast(3)) else {
                // An unfinished part from a killed run is ours to remove; anything else is not.
                guard name.hasPrefix("part-"), name.hasSuffix(".h5.tmp"), Int(name.dropFirst(5).dropLast(7)) != nil else {
                    throw InputError(path, "is not a part file embed wrote; move it out of \(partsDirectory) and rerun")
                }
                try fm.removeItem(atPath: path)
                continue
            }
            lastPart = max(lastPart, number)
            guard let part = try? EmbeddingStore(opening: path), matches(part, reuseFields) else {
                note("embed: \(path) was made with another provider or configuration; discarding it")
                try fm.removeItem(atPath: path)
                continue
            }
            for key in try part.keys() where source[key] == nil { source[key] = path }
        }
        if fm.fileExists(atPath: outputPath), let earlier = try? EmbeddingStore(opening: outputPath),
           matches(earlier, reuseFields) {
            for key in try earlier.keys() where source[key] == nil { source[key] = outputPath }
        }

        let pending = work.filter { source[$0.key] == nil }
        let reused = work.count - pending.count
        if reused > 0 { note("embed: resuming: \(reused) of \(work.count) chains already stored") }
        var residuesLeft = pending.reduce(0) { $0 + $1.sequence.count }
        var embedded = 0, residues = 0
        var part: EmbeddingStore? = nil
        var partPath = "", partValues = 0

        func closePart() throws {
            guard part != nil else { return }
            part!.flush()
            part = nil  // the last reference: closes the file before it is renamed
            try fm.moveItem(atPath: partPath, toPath: String(partPath.dropLast(4)))
        }

        // Batching providers get chains of similar length together (longest first), so padding
        // costs little; the order of chains inside the parts does not matter to the merge.
        let batching = provider as? any BatchedResidueFeatureProvider
        let batched = batching != nil
        let queue = batched ? pending.enumerated().sorted { ($0.element.sequence.count, $1.offset) > ($1.element.sequence.count, $0.offset) }
            .map(\.element) : pending
        var next = 0
        while next < queue.count {
            if let limit, embedded >= limit {
                try closePart()
                return Summary(outcome: .stopped, total: work.count, embedded: embedded, reused: reused,
                               residues: residues, seconds: Date().timeIntervalSince(start), outputPath: outputPath)
            }
            // One batch: at least one chain, then more while the residue budget (and the limit) allows.
            var end = next + 1, batchResidues = queue[next].sequence.count
            while end < queue.count, batchResidues + queue[end].sequence.count <= (batching?.batchResidues ?? 1),
                  limit.map({ embedded + end - next < $0 }) ?? true {
                batchResidues += queue[end].sequence.count
                end += 1
            }
            let batch = Array(queue[next..<end])
            next = end
            let matrices = try batching?.features(for: batch) ?? [try provider.features(for: batch[0])]
            guard matrices.count == batch.count else {
                throw InputError("sequence \(batch[0].key)", "the provider gave \(matrices.count) matrices for \(batch.count) chains")
            }
            for (target, values) in zip(batch, matrices) {
                let length = target.sequence.count
                guard values.count == length * provider.dimension else {
                    throw InputError("sequence \(target.key)", "the provider gave \(values.count) values for \(length) "
                                     + "residues × \(provider.dimension) features")
                }
                if part == nil {
                    lastPart += 1
                    partPath = "\(partsDirectory)/part-\(String(format: "%06d", lastPart)).h5.tmp"
                    let store = try EmbeddingStore(creating: partPath, storage: storage, compression: 0)
                    for (name, value) in reuseFields { try store.setMetadata(name, value) }
                    part = store
                    partValues = 0
                }
                try part!.write(target.key, values: values, length: length, attributes: attributes(for: target))
                partValues += values.count
                embedded += 1
                residues += length
                residuesLeft -= length
                if partValues >= partValueBudget { try closePart() }
                progress(EmbedProgress(done: reused + embedded, total: work.count, residues: residues,
                                       seconds: Date().timeIntervalSince(start), residuesLeft: residuesLeft))
            }
        }
        try closePart()
        for (key, path) in try partKeys() where source[key] == nil { source[key] = path }
        try merge(work, from: source, provenance: provenance, note: note)
        // Only the part files, then the folder if nothing else is in it: rmdir never removes contents.
        for name in (try? fm.contentsOfDirectory(atPath: partsDirectory)) ?? [] where name.hasPrefix("part-") && name.hasSuffix(".h5") {
            try? fm.removeItem(atPath: "\(partsDirectory)/\(name)")
        }
        _ = rmdir(partsDirectory)
        return Summary(outcome: .finished, total: work.count, embedded: embedded, reused: reused, residues: residues,
                       seconds: Date().timeIntervalSince(start), outputPath: outputPath)
    }

    private func attributes(for target: EmbeddingTarget) -> EmbeddingAttributes {
        EmbeddingAttributes(sequence: target.sequence.uppercased(), identifier: target.identifier,
                            provider: provider.name, dimension: provider.dimension, layer: layer)
    }

    /// Key → part file for every complete part.
    private func partKeys() throws -> [(String, String)] {
        var result: [(String, String)] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: partsDirectory).sorted() where name.hasSuffix(".h5") {
            let path = "\(partsDirectory)/\(name)"
            for key in try EmbeddingStore(opening: path).keys() { result.append((key, path)) }
        }
        return result
    }

    /// Copies every chain of `work` from its source into `<output>.tmp`, writes the provenance
    /// last, and renames the file into place.
    private func merge(_ work: [EmbeddingTarget], from source: [String: String], provenance: [(String, String)],
                       note: (String) -> Void) throws {
        let temporary = outputPath + ".tmp"
        var open: [String: EmbeddingStore] = [:]
        do {
            let merged = try EmbeddingStore(creating: temporary, storage: storage, compression: compression)
            for target in work {
                guard let path = source[target.key] else {
                    throw InputError("sequence \(target.key)", "no part holds this chain after the run")
                }
                if open[path] == nil { open[path] = try EmbeddingStore(opening: path) }
                let (length, dimension, values) = try open[path]!.read(target.key)
                guard dimension == provider.dimension, length == target.sequence.count else {
                    throw InputError("\(path): key \(target.key)", "stored as [\(length), \(dimension)], expected "
                                     + "[\(target.sequence.count), \(provider.dimension)]")
                }
                try merged.write(target.key, values: values, length: length, attributes: attributes(for: target))
            }
            for (name, value) in provenance { try merged.setMetadata(name, value) }
            merged.flush()
        }
        open.removeAll()
        try EmbeddingOutputGuard.replace(outputPath, with: temporary)
        note("embed: wrote \(work.count) chains to \(outputPath)")
    }
}
