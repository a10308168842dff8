// A PDBbind `Affinity Data` cell: type, relation and value with unit (`Kd=0.34nM`, `Ki<10uM`,
// `IC50=5mM`), converted to mol/L. Units from fM to M.

public struct PDBbindAffinity: Hashable, Sendable {
    public var type: AffinityType
    /// The constant in mol/L with its qualifier (`<`, `>` and `~` kept).
    public var molar: QualifiedValue

    public init(type: AffinityType, molar: QualifiedValue) {
        self.type = type
        self.molar = molar
    }

    /// Parses `Kd=0.34nM`, `Ki<10uM`, `IC50=…`, `Kd>=1mM`, `Kd~5pM`; units fM, pM, nM, uM (µM, μM), mM, M.
    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharactersInWhitespace()
        func fail(_ why: String) -> InputError {
            InputError("", "unparsable affinity '\(text)': \(why); expected a type, a relation and a value with unit, e.g. Kd=0.34nM, Ki<10uM or IC50=2.5uM")
        }
        var rest = Substring(trimmed)
        var found: AffinityType? = nil
        for type in [AffinityType.ic50, .kd, .ki] where rest.lowercased().hasPrefix(type.rawValue.lowercased()) {
            found = type
            rest = rest.dropFirst(type.rawValue.count)
            break
        }
        guard let type = found else { throw fail("no Kd, Ki or IC50") }
        let relations: [(String, Qualifier)] = [("<=", .lessThan), (">=", .greaterThan), ("=", .exact), ("<", .lessThan),
                                                (">", .greaterThan), ("~", .approximate)]
        guard let (symbol, qualifier) = relations.first(where: { rest.hasPrefix($0.0) }) else {
            throw fail("no relation (=, <, >, ~)")
        }
        rest = rest.dropFirst(symbol.count)
        let numberEnd = rest.firstIndex { !($0.isNumber || $0 == "." || $0 == "e" || $0 == "E" || $0 == "-" || $0 == "+") } ?? rest.endIndex
        guard let value = Double(rest[rest.startIndex..<numberEnd]), value > 0, value.isFinite else {
            throw fail("'\(rest[rest.startIndex..<numberEnd])' is not a positive number")
        }
        let unit = String(rest[numberEnd...])
        guard let scale = Self.units[unit] else { throw fail("unknown unit '\(unit)'") }
        self.init(type: type, molar: QualifiedValue(qualifier, value * scale))
    }

    private static let units: [String: Double] = ["fM": 1e-15, "pM": 1e-12, "nM": 1e-9, "uM": 1e-6, "µM": 1e-6,
                                                  "μM": 1e-6, "mM": 1e-3, "M": 1]
}
