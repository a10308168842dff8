// Hotspot candidates of a saturation scan: per pair, the positions ranked by their mean predicted
// ΔΔG over the substitutions (the most destabilising first), the top N, as a TSV whose header
// states the units and the sign.

import Foundation

public enum HotspotList {
    public static let columns = ["pair_id", "rank", "position", "wild_type", "mean_ddg_kcal_per_mol",
                                 "max_ddg_kcal_per_mol", "max_mutant", "substitutions"]

    /// The table for the `top` positions of each pair (ties keep scan order).
    public static func tsv(_ summary: ScanSummary, top: Int) -> String {
        var text = "# hotspot candidates: positions ranked by mean predicted ΔΔG over their substitutions, in kcal/mol; "
            + "ΔΔG = ΔG(mutant) − ΔG(wild type), positive = the mutation weakens binding\n"
            + columns.joined(separator: "\t") + "\n"
        for pair in summary.pairs {
            let ranked = pair.sites.enumerated().sorted {
                ($0.element.meanDeltaDeltaG, -$0.offset) > ($1.element.meanDeltaDeltaG, -$1.offset)
            }
            for (rank, (_, site)) in ranked.prefix(top).enumerated() {
                // The strongest substitution; ties go to the first in one-letter order.
                let strongest = site.deltaDeltaG.sorted { ($0.value, -$0.key.rawValue) > ($1.value, -$1.key.rawValue) }.first
                text += [pair.id, String(rank + 1), "\(site.chain)\(site.number)", String(site.wildType.oneLetter),
                         String(format: "%.3f", site.meanDeltaDeltaG), strongest.map { String(format: "%.3f", $0.value) } ?? "",
                         strongest.map { String($0.key.oneLetter) } ?? "", String(site.deltaDeltaG.count)].joined(separator: "\t") + "\n"
            }
        }
        return text
    }
}
