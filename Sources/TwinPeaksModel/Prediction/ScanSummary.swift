// The ΔΔG of a saturation scan per pair, position and substituted residue, gathered from the
// prediction rows (as they stream out, or read back from a merged table), for the heatmap and
// the hotspot list. Positions keep the order the scan wrote them in.

import Foundation
import TwinPeaksBio

public struct ScanSummary {
    /// One scanned position: the chain letter and number as the mutations name it, its wild type,
    /// and the predicted ΔΔG (kcal/mol) of each substitution.
    public struct Site {
        public var chain: Character
        public var number: Int
        public var wildType: AminoAcid
        public var deltaDeltaG: [AminoAcid: Double] = [:]
        public var label: String { "\(wildType.oneLetter)\(chain)\(number)" }
        /// The mean ΔΔG over the substitutions predicted here.
        public var meanDeltaDeltaG: Double { deltaDeltaG.values.reduce(0, +) / Double(max(1, deltaDeltaG.count)) }
    }

    public struct Pair {
        public var id: String
        public var sites: [Site] = []
        var index: [String: Int] = [:]
    }

    public private(set) var pairs: [Pair] = []
    private var pairIndex: [String: Int] = [:]

    public init() {}

    /// Adds one row: a single point mutation and its ΔΔG (wild-type rows and other sets are skipped).
    public mutating func add(pairID: String, mutations: String, deltaDeltaG: Double?) {
        guard let deltaDeltaG, !mutations.contains(","), let m = try? PointMutation(parsing: mutations) else { return }
        let p = pairIndex[pairID] ?? {
            pairs.append(Pair(id: pairID))
            pairIndex[pairID] = pairs.count - 1
            return pairs.count - 1
        }()
        let key = "\(m.chain)\(m.residueNumber)"
        let s = pairs[p].index[key] ?? {
            pairs[p].sites.append(Site(chain: m.chain, number: m.residueNumber, wildType: m.wildType))
            pairs[p].index[key] = pairs[p].sites.count - 1
            return pairs[p].sites.count - 1
        }()
        pairs[p].sites[s].deltaDeltaG[m.mutant] = deltaDeltaG
    }

    public mutating func add(_ rows: [PredictionRow]) {
        for row in rows { add(pairID: row.pairID, mutations: row.mutations, deltaDeltaG: row.deltaDeltaG) }
    }

    /// Reads a prediction table (`tsv`, `csv` or `jsonl`, as `predict` and `scan` write them).
    public init(table text: String, format: String, source: String) throws {
        let columns = PredictionTable.columns
        let pairColumn = columns.firstIndex(of: "pair_id")!, mutationColumn = columns.firstIndex(of: "mutations")!
        let ddgColumn = columns.firstIndex(of: "ddg_kcal_per_mol")!
        for (number, line) in text.split(separator: "\n").enumerated() {
            if format == "jsonl" {
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                      let id = object["pair_id"] as? String, let mutations = object["mutations"] as? String else {
                    throw InputError("\(source):\(number + 1)", "expected a JSON object with pair_id and mutations, as predict writes")
                }
                add(pairID: id, mutations: mutations, deltaDeltaG: object["ddg_kcal_per_mol"] as? Double)
                continue
            }
            // CSV is RFC 4180 (PredictionTable.csvRecord): the convention line is one quoted field.
            let split = format == "csv" ? PredictionTable.csvFields(line)
                : line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard let fields = split, let first = fields.first else {
                throw InputError("\(source):\(number + 1)", "a quote out of place; expected an RFC 4180 CSV record")
            }
            if first.hasPrefix("#") || first == "pair_id" { continue }
            guard fields.count == columns.count else {
                throw InputError("\(source):\(number + 1)", "\(fields.count) fields; expected the \(columns.count) columns of a prediction table")
            }
            add(pairID: fields[pairColumn], mutations: fields[mutationColumn], deltaDeltaG: Double(fields[ddgColumn]))
        }
    }
}
