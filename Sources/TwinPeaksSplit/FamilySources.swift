// Which domain classifications make a chain's families: Pfam clans (or families), CATH
// superfamilies, SCOPe superfamilies. Families are namespaced: `pfam:CL0011`, `cath:2.60.40.10`, `scop:b.1.1`.
import Foundation
import TwinPeaksBio

public struct FamilySources: OptionSet, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// The Pfam clan of each Pfam family, or the family where it has no clan (`pfam:CL0011`).
    public static let pfamClan = FamilySources(rawValue: 1)
    /// Pfam families themselves (`pfam:PF07686`): finer than clans.
    public static let pfamFamily = FamilySources(rawValue: 2)
    /// CATH superfamilies (`cath:2.60.40.10`), chopped (v4_2_0) and putative domains alike.
    public static let cath = FamilySources(rawValue: 4)
    /// SCOPe 2.07 superfamilies (`scop:b.1.1`), except class l (artifacts: tags and linkers).
    public static let scop = FamilySources(rawValue: 8)

    /// The default: evolutionary superfamilies from all three classifications.
    public static let standard: FamilySources = [.pfamClan, .cath, .scop]
    /// The labels the calibration used for its strict ΔG hold-outs: Pfam families and CATH superfamilies.
    public static let calibration: FamilySources = [.pfamFamily, .cath]

    private static let names: [(String, FamilySources)] = [
        ("pfam-clan", .pfamClan), ("pfam-family", .pfamFamily), ("cath", .cath), ("scop", .scop),
    ]

    /// Parses a comma-separated list such as `pfam-clan,cath,scop`.
    public init(parsing text: String) throws {
        var result: FamilySources = []
        for part in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard let match = FamilySources.names.first(where: { $0.0 == part }) else {
                throw InputError("", "unknown family source '\(part)'; expected pfam-clan, pfam-family, cath or scop")
            }
            result.insert(match.1)
        }
        guard !result.isEmpty else { throw InputError("", "no family source given; expected e.g. pfam-clan,cath,scop") }
        self = result
    }

    public var description: String {
        FamilySources.names.filter { contains($0.1) }.map(\.0).joined(separator: ",")
    }
}
