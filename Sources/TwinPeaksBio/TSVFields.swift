// How dataset tables write and read their cells: fixed decimals, qualifiers, `:`-joined lists,
// and no tabs or line breaks inside a cell.
import Foundation

enum TSVFields {
    /// `value` with `decimals` digits after the point; never `-0.000`.
    static func fixed(_ value: Double, _ decimals: Int) -> String {
        let text = String(format: "%.\(decimals)f", value)
        if text.hasPrefix("-"), text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { return String(text.dropFirst()) }
        return text
    }

    /// Qualifier and number cells of an optional qualified value (empty cells for nil).
    static func qualified(_ value: QualifiedValue?, decimals: Int = 4) -> (String, String) {
        guard let value else { return ("", "") }
        return (value.qualifier.rawValue, fixed(value.value, decimals))
    }

    /// Reads back a qualifier cell and a number cell; both empty is nil.
    static func qualified(_ qualifier: String, _ number: String, place: String, column: String) throws -> QualifiedValue? {
        if qualifier.isEmpty && number.isEmpty { return nil }
        guard let q = Qualifier(rawValue: qualifier), let value = Double(number) else {
            throw InputError(place, "\(column) '\(qualifier)' '\(number)' is not a qualifier (=, ~, <, >) with a number")
        }
        return QualifiedValue(q, value)
    }

    /// A cell with tabs and line breaks replaced by spaces.
    static func clean(_ text: String) -> String {
        String(text.map { $0 == "\t" || $0 == "\n" || $0 == "\r" ? " " : $0 })
    }

    static func row(_ cells: [String]) -> String { cells.map(clean).joined(separator: "\t") + "\n" }

    /// The rows of a TSV file as cell arrays keyed by the header, with their line numbers; the
    /// header must hold `columns` (extra columns are allowed).
    static func rows(of file: TextFile, columns: [String]) throws -> [(line: Int, cells: [String: String])] {
        var header: [String] = []
        var result: [(line: Int, cells: [String: String])] = []
        try file.forEachLine { number, bytes in
            let values = String(decoding: bytes, as: UTF8.self).split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if number == 1 {
                header = values
                let missing = columns.filter { !header.contains($0) }
                guard missing.isEmpty else {
                    throw InputError(file.place(1), "header lacks \(missing.joined(separator: ", "))")
                }
                return
            }
            if bytes.isEmpty { return }
            guard values.count == header.count else {
                throw InputError(file.place(number), "\(values.count) cells; expected \(header.count)")
            }
            result.append((number, Dictionary(uniqueKeysWithValues: zip(header, values))))
        }
        guard !header.isEmpty else { throw InputError(file.name, "empty file; expected a header row") }
        return result
    }
}
