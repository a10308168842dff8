// The prediction table: TSV (default), CSV or JSON Lines, with a header that states the units and
// the ΔΔG sign convention. `header` and `lines(_:)` let a run stream the table block by block;
// `append` and `text` build the same bytes in memory.

import Foundation

public struct PredictionTable {
    public let format: String
    public private(set) var rowCount = 0
    private var body = ""

    public static let columns = ["pair_id", "partner1_length", "partner2_length", "mutations", "dg_kcal_per_mol",
                                 "dg_spread", "kd_molar", "ddg_kcal_per_mol", "ddg_spread"]

    public init(format: String) { self.format = format }

    private static func number(_ x: Double?, _ digits: Int = 3) -> String {
        guard let x else { return "" }
        return String(format: "%.\(digits)f", x)
    }

    public mutating func append(_ rows: [PredictionRow]) {
        rowCount += rows.count
        body += lines(rows)
    }

    /// The table's lines for `rows`, each ending in a newline.
    public func lines(_ rows: [PredictionRow]) -> String {
        var body = ""
        for r in rows {
            let values = [r.pairID, String(r.length1), String(r.length2), r.mutations.isEmpty ? "WT" : r.mutations,
                          Self.number(r.deltaG), Self.number(r.deltaGSpread), String(format: "%.3e", r.kdMolar),
                          Self.number(r.deltaDeltaG), Self.number(r.deltaDeltaGSpread)]
            switch format {
            case "csv": body += values.map { $0.contains(",") ? "\"\($0)\"" : $0 }.joined(separator: ",") + "\n"
            case "jsonl":
                var object: [String: Any] = [:]
                for (key, value) in zip(Self.columns, values) {
                    if key == "pair_id" || key == "mutations" { object[key] = value }
                    else if key.hasSuffix("length") { object[key] = Int(value) }
                    else { object[key] = Double(value).flatMap { $0.isFinite ? $0 : nil } ?? NSNull() }
                }
                // Cannot fail: every value is a String, an Int, NSNull or a finite Double (the one
                // thing JSONSerialization refuses is a non-finite number, mapped to null above).
                let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
                body += String(decoding: data, as: UTF8.self) + "\n"
            default: body += values.joined(separator: "\t") + "\n"
            }
        }
        return body
    }

    public var text: String { header + body }

    /// What the table starts with: the convention line and the column names (nothing for JSON Lines).
    public var header: String {
        if format == "jsonl" { return "" }
        let separator = format == "csv" ? "," : "\t"
        return "# ΔG in kcal/mol (negative = binding), Kd in M at 298.15 K; ΔΔG = ΔG(mutant) − ΔG(wild type) in kcal/mol, "
            + "positive = the mutation weakens binding; spreads are the standard deviation over ensemble members\n"
            + Self.columns.joined(separator: separator) + "\n"
    }
}
