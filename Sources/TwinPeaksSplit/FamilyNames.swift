// Readable names of Pfam and SCOPe families for reports (`pfam:CL0011` → Ig), from
// `Reference/domains/family_names.tsv.gz` (`family name`). CATH has no names there.
import TwinPeaksBio

public struct FamilyNames: Sendable {
    public var names: [String: String]

    public init(names: [String: String] = [:]) { self.names = names }

    public static func load(_ path: String) throws -> FamilyNames {
        let file = try TextFile(path: path)
        var names: [String: String] = [:]
        for (index, line) in file.lines.enumerated() where index > 0 && !line.isEmpty {
            let fields = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
            guard fields.count == 2 else { throw InputError(file.place(index + 1), "expected family and name") }
            names[String(fields[0])] = String(fields[1])
        }
        return FamilyNames(names: names)
    }

    public subscript(family: String) -> String? { names[family] }
}
