// What makes two shards parts of one run (the run key of PredictionShardTrailer): the paired
// records, each pair's mutation sets, the model's files (its provenance, or the sizes of its model
// files in a folder without one) and the options that change a number or a row.

import Foundation
import TwinPeaksBio

extension PredictionJob {
    /// The MD5 of everything a shard's rows depend on; `settings` names the options (format,
    /// predictor choice, block size, embeddings) in a fixed order.
    public func runKey(settings: String, modelDirectory: String) -> String {
        var md5 = MD5()
        func add(_ text: String) { md5.update(Array(text.utf8)) }
        add(settings + "\n")
        for pair in pairs {
            for side in [pair.partner1, pair.partner2] {
                switch side {
                case .success(let r): add("\(pair.number)\t\(r.header)\t\(r.sequence)\n")
                case .failure(let e): add("\(pair.number)\terror\t\(e)\n")
                }
            }
            // The mutation sets as written, or why the pair has none (a failed pair is one block).
            do { add("sets\t" + (try mutationSets(of: pair).sets.joined(separator: ";")) + "\n") } catch { add("sets\terror\t\(error)\n") }
        }
        let fm = FileManager.default
        for name in ((try? fm.contentsOfDirectory(atPath: modelDirectory)) ?? []).sorted() where name.hasSuffix(".h5") || name.hasSuffix(".json") {
            let size = (try? fm.attributesOfItem(atPath: modelDirectory + "/" + name)[.size] as? Int) ?? -1
            add("\(name)\t\(size)\n")
        }
        add(MD5.hex(Array(fm.contents(atPath: modelDirectory + "/provenance.json") ?? Data())))
        return md5.finalHex()
    }
}
