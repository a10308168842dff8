// Merging the files of a sharded embed run (`<output>.shard-k-of-n`, k = 1…n) into one store,
// after checking that every shard is there and that all were made the same way.

import Foundation
import TwinPeaksBio

extension EmbedStage {
    /// Merges the `count` shard files of `output` into `output` (through `<output>.tmp`). Every
    /// shard must exist and agree on provider, dimension, layer, storage, configuration and input
    /// hash; with `targets`, every target must be in some shard. The merged provenance says shard
    /// 1/1, as an unsharded run would, plus `merged_shards`. Returns the number of chains.
    @discardableResult
    public static func mergeShards(output: String, count: Int, targets: [EmbeddingTarget]? = nil) throws -> Int {
        let fm = FileManager.default
        try EmbeddingOutputGuard.checkReplaceable(output)
        let all = try Shard.all(count: count)
        let paths = all.map { $0.outputPath(output) }
        let missing = all.filter { !fm.fileExists(atPath: $0.outputPath(output)) }
        guard missing.isEmpty else {
            throw InputError(output, "cannot merge: \(missing.count) of \(count) shard files are missing or unfinished: shard "
                             + Shard.list(missing, output: output))
        }
        let shards = try paths.map { try EmbeddingStore(opening: $0) }
        let agreed = ["provider", "dimension", "layer", "storage", "compression", "configuration", "input_hash"]
        var first: [String: String] = [:]
        for name in agreed + ["twinpeaks_version"] { first[name] = try shards[0].metadata(name) ?? "" }
        for (path, shard) in zip(paths, shards).dropFirst() {
            for name in agreed where try shard.metadata(name) ?? "" != first[name] {
                throw InputError(path, "\(name) is '\(try shard.metadata(name) ?? "")', but \(paths[0]) has '\(first[name]!)'")
            }
        }
        var holder: [String: Int] = [:]
        var order: [String] = []
        for (index, shard) in shards.enumerated() {
            for key in try shard.keys() {
                if let other = holder[key] {
                    throw InputError("\(paths[index]): key \(key)", "also in \(paths[other]); shards must not overlap")
                }
                holder[key] = index
                order.append(key)
            }
        }
        if let targets {
            let absent = targets.map(\.key).filter { holder[$0] == nil }
            guard absent.isEmpty else {
                throw InputError(output, "cannot merge: \(absent.count) chains are in no shard, e.g. \(absent.prefix(5).joined(separator: ", "))")
            }
            var seen = Set<String>()
            order = targets.map(\.key).filter { seen.insert($0).inserted }
        }
        let storage = shards[0].storage
        let temporary = output + ".tmp"
        do {
            let compression = Int(first["compression"] ?? "") ?? EmbeddingStore.defaultCompression
            let merged = try EmbeddingStore(creating: temporary, storage: storage, compression: compression)
            for key in order {
                let shard = shards[holder[key]!]
                let (length, _, values) = try shard.read(key)
                try merged.write(key, values: values, length: length, attributes: try shard.attributes(of: key))
            }
            for name in agreed {
                try merged.setMetadata(name, first[name]!)
            }
            try merged.setMetadata("shard", "1/1")
            try merged.setMetadata("sequences", String(order.count))
            try merged.setMetadata("twinpeaks_version", first["twinpeaks_version"]!)
            try merged.setMetadata("merged_shards", String(count))
            merged.flush()
        }
        try EmbeddingOutputGuard.replace(output, with: temporary)
        return order.count
    }
}
