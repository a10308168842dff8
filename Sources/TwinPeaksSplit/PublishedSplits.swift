// The published SKEMPI splits read as folds: RDE-Network's 3-fold by complex
// (`Reference/splits/skempi_rde_net_3fold_bycplx.tsv`) and the CATH hold-out of CATH-ddG/USP-ddG
// (`Reference/splits/uspddg_cathddg_skempi_complex_splits.tsv`). Dataset complexes they do not
// assign are dropped; complexes they list that the dataset lacks are counted in the notes.
import Foundation
import TwinPeaksBio

public enum PublishedSplits {
    /// Folds `rde-0 … rde-2`: fold k validates the complexes whose `val_fold` is k.
    public static func rde3Fold(_ path: String, complexIDs: [String]) throws -> FoldAssignment {
        let rows = try table(path, columns: ["complex", "val_fold"])
        var foldOf: [String: Int] = [:]
        for row in rows {
            guard let fold = Int(row.fields[1]), fold >= 0 else {
                throw InputError("\(path):\(row.line)", "val_fold '\(row.fields[1])' is not a fold number")
            }
            foldOf[row.fields[0]] = fold
        }
        let count = (foldOf.values.max() ?? -1) + 1
        let folds = (0..<count).map { k in
            Fold(name: "rde-\(k)",
                 train: complexIDs.filter { foldOf[$0].map { $0 != k } ?? false },
                 validation: complexIDs.filter { foldOf[$0] == k },
                 dropped: complexIDs.filter { foldOf[$0] == nil })
        }
        return FoldAssignment(rule: .rde3fold, folds: FoldFile(folds: folds), notes: notes(Array(foldOf.keys), complexIDs))
    }

    /// Fold `cath`: the `cath_fold` column (`train`, `val`, or empty = unassigned).
    public static func cathHoldout(_ path: String, complexIDs: [String]) throws -> FoldAssignment {
        let rows = try table(path, columns: ["complex_PPI", "cath_fold"])
        var role: [String: Fold.Role] = [:]
        for row in rows where !row.fields[1].isEmpty {
            guard let r = Fold.Role(rawValue: row.fields[1]), r != .dropped else {
                throw InputError("\(path):\(row.line)", "cath_fold '\(row.fields[1])' is not train or val")
            }
            role[row.fields[0]] = r
        }
        let fold = Fold(name: "cath", train: complexIDs.filter { role[$0] == .train },
                        validation: complexIDs.filter { role[$0] == .val },
                        dropped: complexIDs.filter { role[$0] == nil })
        return FoldAssignment(rule: .cathHoldout, folds: FoldFile(folds: [fold]), notes: notes(Array(role.keys), complexIDs))
    }

    private static func notes(_ listed: [String], _ complexIDs: [String]) -> [String] {
        let known = Set(complexIDs)
        let missing = listed.filter { !known.contains($0) }.sorted()
        let listedSet = Set(listed)
        let unassigned = complexIDs.filter { !listedSet.contains($0) }.count
        var out = ["\(listed.count) complexes assigned by the published split; \(unassigned) dataset complexes it does not assign are dropped"]
        if !missing.isEmpty {
            out.append("\(missing.count) complexes of the published split are not in the dataset: \(missing.prefix(20).joined(separator: ", "))\(missing.count > 20 ? ", …" : "")")
        }
        return out
    }

    private static func table(_ path: String, columns: [String]) throws -> [(line: Int, fields: [String])] {
        let text = String(decoding: try TextFile(path: path).bytes, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
        if lines.last == "" { lines.removeLast() }
        guard let header = lines.first?.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) else {
            throw InputError(path, "the split table is empty")
        }
        let indices = try columns.map { name in
            guard let i = header.firstIndex(of: name) else { throw InputError("\(path):1", "missing column '\(name)'") }
            return i
        }
        return try lines.enumerated().dropFirst().filter { !$0.element.isEmpty }.map { number, line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == header.count else {
                throw InputError("\(path):\(number + 1)", "expected \(header.count) fields, found \(fields.count)")
            }
            return (number + 1, indices.map { fields[$0] })
        }
    }
}
