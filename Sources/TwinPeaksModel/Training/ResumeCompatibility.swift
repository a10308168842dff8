// `--resume` continues a checkpoint only when it was made by the same run: the same seed,
// configuration (epochs aside: a finished run may be extended), features, dataset and fold.
// Anything else would silently blend two trainings, so it is refused, naming what differs.

import Foundation

enum ResumeCompatibility {
    /// Metadata keys whose values must match; the configuration is compared key by key.
    static let runKeys = ["model.provider", "model.provider_configuration", "model.feature_width",
                          "training.seed", "training.fit_complexes", "training.early_stopping_complexes",
                          "dataset_provenance_md5", "fold", "features"]

    /// Throws when `stored` (the checkpoint's metadata) was made by another run than `current`.
    static func check(stored: [String: String], current: [String: String], path: String) throws {
        var differences: [String] = []
        // A key the checkpoint lacks was not recorded by the version that wrote it: not a difference.
        for key in runKeys where current[key] != nil && stored[key] != nil && stored[key] != current[key] {
            differences.append("\(key) \(stored[key]!) (now \(current[key]!))")
        }
        let old = configurationFields(stored["model.configuration"]), new = configurationFields(current["model.configuration"])
        for key in Set(old.keys).union(new.keys).sorted() where key != "epochs" && old[key] != new[key] {
            differences.append("\(key) \(old[key] ?? "(none)") (now \(new[key] ?? "(none)"))")
        }
        guard differences.isEmpty else {
            throw ModelError.checkpoint("\(path): --resume refused: the checkpoint was made with another seed or configuration: "
                                        + differences.joined(separator: ", ")
                                        + "; rerun with the same options, or without --resume to start over")
        }
    }

    /// The configuration JSON as key → value text (numbers compared as written by the same encoder).
    private static func configurationFields(_ json: String?) -> [String: String] {
        guard let json, let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { return [:] }
        return object.mapValues { "\($0)" }
    }
}
