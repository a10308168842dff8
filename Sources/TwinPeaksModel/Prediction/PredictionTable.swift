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
            case "csv": body += Self.csvRecord(values)
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

    /// The convention line every table starts with (tsv and csv; JSON Lines has no header).
    static let convention = "# ΔG in kcal/mol (negative = binding), Kd in M at 298.15 K; ΔΔG = ΔG(mutant) − ΔG(wild type) in kcal/mol, "
        + "positive = the mutation weakens binding; spreads are the standard deviation over ensemble members"

    public var text: String { header + body }

    /// What the table starts with: the convention line and the column names (nothing for JSON Lines).
    public var header: String {
        switch format {
        case "jsonl": return ""
        // RFC 4180: the convention line is one quoted field (it holds commas), then the column names.
        case "csv": return Self.csvRecord([Self.convention]) + Self.csvRecord(Self.columns)
        default: return Self.convention + "\n" + Self.columns.joined(separator: "\t") + "\n"
        }
    }

    /// One RFC 4180 record: a field holding a comma, a double quote or a line end is quoted, its
    /// quotes doubled. Records end in LF (RFC 4180 says CRLF; every CSV reader takes LF, and the
    /// tsv and jsonl tables end lines the same way).
    static func csvRecord(_ fields: [String]) -> String {
        fields.map { field in
            field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }.joined(separator: ",") + "\n"
    }

    /// The fields of one RFC 4180 record (nil: a quote out of place).
    static func csvFields(_ line: Substring) -> [String]? {
        var fields: [String] = [], field = "", quoted = false, atStart = true
        var characters = line.makeIterator()
        while let c = characters.next() {
            if quoted {
                if c == "\"" {
                    // Either the closing quote or the first of a doubled one.
                    var lookahead = characters
                    if lookahead.next() == "\"" { field.append("\""); characters = lookahead } else { quoted = false }
                } else { field.append(c) }
            } else if c == "," {
                fields.append(field); field = ""; atStart = true; continue
            } else if c == "\"" {
                guard atStart else { return nil }
                quoted = true
            } else { field.append(c) }
            atStart = false
        }
        guard !quoted else { return nil }
        return fields + [field]
    }

    /// Whether `line` is a data row of a `format` table: the right number of fields (tsv, csv) or a
    /// JSON object with every column (jsonl). A stray line of text in a shard is refused by this.
    static func isRow(_ line: Substring, format: String) -> Bool {
        switch format {
        case "jsonl":
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return false }
            return Set(object.keys) == Set(columns)
        case "csv": return csvFields(line)?.count == columns.count
        default: return line.split(separator: "\t", omittingEmptySubsequences: false).count == columns.count
        }
    }
}
