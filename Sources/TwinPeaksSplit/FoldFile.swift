// The folds table (`work/splits/NAME.tsv`): one row per (fold, complex) with its role, the one
// format for every split rule (strict, pair, random, RDE 3-fold, CATH hold-out).
import Foundation
import TwinPeaksBio

/// A split as a long TSV table with the header `fold complex_id role`, where role is `train`,
/// `val` or `dropped`. Folds keep the order of their first row; complexes keep file order.
public struct FoldFile: Equatable, Sendable {
    public static let header = ["fold", "complex_id", "role"]

    public var folds: [Fold]

    public init(folds: [Fold]) { self.folds = folds }

    /// Reads a folds table written by `twinpeaks split`.
    public static func load(_ path: String) throws -> FoldFile {
        try FoldFile(parsing: TextFile.utf8Text(path: path, expected: "a folds table written by `twinpeaks split`"), source: path)
    }

    /// Parses folds-table text; `source` names the file in error messages.
    public init(parsing text: String, source: String) throws {
        // Split on any line end: Swift reads "\r\n" as one Character, which a split on "\n" never matches.
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        if lines.last == "" { lines.removeLast() }
        guard let first = lines.first,
              first.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\t").map(String.init) == FoldFile.header
        else {
            throw InputError("\(source):1", "header must be '\(FoldFile.header.joined(separator: "\\t"))'")
        }
        var order: [String] = []
        var byName: [String: Fold] = [:]
        var seen = Set<String>()
        for (index, raw) in lines.enumerated().dropFirst() {
            let place = "\(source):\(index + 1)"
            let line = raw.hasSuffix("\r") ? String(raw.dropLast()) : raw
            if line.isEmpty { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 3 else {
                throw InputError(place, "expected 3 tab-separated fields (fold, complex_id, role), found \(fields.count)")
            }
            let (name, complex, roleText) = (fields[0], fields[1], fields[2])
            guard !name.isEmpty, !complex.isEmpty else { throw InputError(place, "empty fold name or complex id") }
            guard let role = Fold.Role(rawValue: roleText) else {
                throw InputError(place, "role '\(roleText)' is not one of train, val, dropped")
            }
            guard seen.insert(name + "\t" + complex).inserted else {
                throw InputError(place, "complex \(complex) is listed twice in fold \(name)")
            }
            if byName[name] == nil {
                order.append(name)
                byName[name] = Fold(name: name, train: [], validation: [])
            }
            switch role {
            case .train: byName[name]!.train.append(complex)
            case .val: byName[name]!.validation.append(complex)
            case .dropped: byName[name]!.dropped.append(complex)
            }
        }
        guard !order.isEmpty else { throw InputError(source, "the folds table has no rows") }
        for name in order where byName[name]!.validation.isEmpty || byName[name]!.train.isEmpty {
            throw InputError(source, "fold \(name) needs at least one train and one val complex")
        }
        folds = order.map { byName[$0]! }
    }

    /// The fold with this name, or nil.
    public func fold(named name: String) -> Fold? { folds.first { $0.name == name } }

    /// The table as TSV text: per fold, validation rows, then train, then dropped.
    public func tsv() -> String {
        var out = FoldFile.header.joined(separator: "\t") + "\n"
        for fold in folds {
            for role in [Fold.Role.val, .train, .dropped] {
                for complex in fold.complexes(role) { out += "\(fold.name)\t\(complex)\t\(role.rawValue)\n" }
            }
        }
        return out
    }

    /// Writes the table under a temporary name and renames it, creating the folder if needed.
    public func write(to path: String) throws {
        try OutputFile.write(tsv(), to: path)
    }
}
