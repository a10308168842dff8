// The families and chain links of every complex, per partner, as a TSV table
// (`work/splits/families.tsv`: `complex_id partner1_labels partner2_labels`, labels `;`-joined),
// so that later stages (early stopping, reports) need not rerun MMseqs2.
import Foundation
import TwinPeaksBio

public struct ComplexFamilyTable: Equatable, Sendable {
    public static let header = ["complex_id", "partner1_labels", "partner2_labels"]

    /// Complex id → labels of partner 1 and partner 2 (families like `pfam:CL0011`, links like `link:12`).
    public var partnerLabels: [String: [Set<String>]]
    /// Complex ids in table order.
    public var complexIDs: [String]

    public init(_ assignment: FamilyAssignment) {
        complexIDs = assignment.complexIDs
        partnerLabels = Dictionary(uniqueKeysWithValues: assignment.complexIDs.indices.map { c in
            (assignment.complexIDs[c], [assignment.labels(complex: c, partner: 0), assignment.labels(complex: c, partner: 1)])
        })
    }

    /// Each complex's labels, both partners together.
    public var labels: [String: Set<String>] { partnerLabels.mapValues { $0[0].union($0[1]) } }

    public static func load(_ path: String) throws -> ComplexFamilyTable {
        let text = String(decoding: try TextFile(path: path).bytes, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        guard lines.first?.split(separator: "\t").map(String.init) == header else {
            throw InputError("\(path):1", "header must be '\(header.joined(separator: "\\t"))'")
        }
        var table = ComplexFamilyTable(partnerLabels: [:], complexIDs: [])
        for (number, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 3, !fields[0].isEmpty else {
                throw InputError("\(path):\(number + 1)", "expected complex_id and two label lists")
            }
            guard table.partnerLabels[fields[0]] == nil else {
                throw InputError("\(path):\(number + 1)", "complex \(fields[0]) is listed twice")
            }
            table.complexIDs.append(fields[0])
            table.partnerLabels[fields[0]] = [fields[1], fields[2]].map { Set($0.split(separator: ";").map(String.init)) }
        }
        return table
    }

    private init(partnerLabels: [String: [Set<String>]], complexIDs: [String]) {
        self.partnerLabels = partnerLabels
        self.complexIDs = complexIDs
    }

    public func tsv() -> String {
        var out = ComplexFamilyTable.header.joined(separator: "\t") + "\n"
        for id in complexIDs {
            let labels = partnerLabels[id]!
            out += "\(id)\t\(labels[0].sorted().joined(separator: ";"))\t\(labels[1].sorted().joined(separator: ";"))\n"
        }
        return out
    }

    public func write(to path: String) throws { try OutputFile.write(tsv(), to: path) }
}
