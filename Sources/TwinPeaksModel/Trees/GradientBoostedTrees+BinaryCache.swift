// Loading trees fast: the JSON model (the file `train` writes and people read) is parsed once and
// cached beside it as XGBoost's universal binary JSON, `<model>.json.ubj`, which later runs load
// instead. The cache records the MD5 of the JSON it was made from and is used only while that
// matches, so an edited or retrained JSON is never shadowed by a stale cache. UBJSON keeps every
// float as its 4 bytes, so the trees, and their predictions, are the JSON's bit for bit.

import Foundation
import TwinPeaksBio

extension GradientBoostedTrees {
    static let sourceAttribute = "twinpeaks_source_json_md5"

    /// Where the binary cache of the JSON model at `path` lives.
    public static func binaryCachePath(for path: String) -> String { path + ".ubj" }

    /// Loads the JSON model at `path` through its binary cache, making the cache when it is missing
    /// or stale (and the folder writable: a read-only model folder just loads the JSON each time).
    public static func loadingCached(_ path: String) throws -> GradientBoostedTrees {
        let json: Data
        do { json = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ModelError.checkpoint("\(path): cannot read (\(error.localizedDescription)); expected an XGBoost JSON model")
        }
        let key = MD5.hex(json)
        let cachePath = binaryCachePath(for: path)
        if let cached = try? Data(contentsOf: URL(fileURLWithPath: cachePath)),
           let trees = try? GradientBoostedTrees(modelBytes: cached, source: cachePath),
           (try? trees.attribute(sourceAttribute)) == key {
            return trees
        }
        let trees = try GradientBoostedTrees(modelBytes: json, source: path)
        // The key is set on a copy's bytes only: the loaded model stays exactly the JSON's.
        if let copy = try? GradientBoostedTrees(modelBytes: json, source: path) {
            try? copy.setAttribute(sourceAttribute, key)
            if let bytes = try? copy.modelBytes(format: "ubj") {
                try? bytes.write(to: URL(fileURLWithPath: cachePath), options: .atomic)
            }
        }
        return trees
    }
}
