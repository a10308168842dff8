// The split report (`NAME.report.md` and `NAME.report.json`): which rule made the fold file, its
// parameters, fold sizes and dropped counts, hub families, where chain families came from, and
// the leakage audit's figures per fold.
import Foundation

public struct SplitReport: Codable, Sendable {
    public struct FoldFigures: Codable, Sendable {
        public var name: String
        public var validation: Int
        public var train: Int
        public var dropped: Int
        /// Audit figures, when the fold was audited.
        public var maxIdentity: Double?
        public var closestValidationChain: String?
        public var closestTrainingChain: String?
        public var sharedFamilies: [String]?
        public var similarValidationChains: Int?
        public var passed: Bool?
    }

    public struct HubFamily: Codable, Sendable {
        public var family: String
        public var name: String?
        public var complexes: Int
    }

    public var name: String
    public var rule: String
    public var ruleSummary: String
    /// Command-line parameters and tool versions, in order.
    public var parameters: [String: String]
    public var complexes: Int
    public var folds: [FoldFigures]
    public var hubFamilies: [HubFamily]
    public var hubComplexes: Int
    /// Unique chain sequences by where their families came from.
    public var chainProvenance: [String: Int]
    public var chainLinks: Int
    public var notes: [String]
    public var auditThresholds: String?
    public var auditPassed: Bool?

    public init(name: String, split: FoldAssignment, complexes: Int, families: FamilyCache?, audit: LeakageAudit?,
                parameters: [String: String], familyNames: FamilyNames = FamilyNames()) {
        self.name = name
        rule = split.rule.rawValue
        ruleSummary = split.rule.summary
        self.parameters = parameters
        self.complexes = complexes
        let audited = Dictionary(uniqueKeysWithValues: (audit?.folds ?? []).map { ($0.name, $0) })
        folds = split.folds.folds.map { fold in
            let a = audited[fold.name]
            return FoldFigures(name: fold.name, validation: fold.validation.count, train: fold.train.count, dropped: fold.dropped.count,
                               maxIdentity: a?.maxIdentity, closestValidationChain: a?.closest?.validationChain,
                               closestTrainingChain: a?.closest?.trainingChain, sharedFamilies: a?.sharedFamilies,
                               similarValidationChains: a?.similarValidationChains, passed: a?.passed)
        }
        hubFamilies = split.hubFamilies.map { HubFamily(family: $0.family, name: familyNames[$0.family], complexes: $0.complexes) }
        hubComplexes = split.hubComplexCount
        chainProvenance = families?.chainProvenance ?? [:]
        chainLinks = families?.chainLinks ?? 0
        notes = split.notes
        if let audit {
            let o = audit.options
            auditThresholds = "identity ≤ \(o.maxIdentity) between any validation and any training chain (MMseqs2 easy-search, -s 7.5, E ≤ \(o.maxEValue), alignments covering ≥ \(o.minimumCoverage) of the shorter chain; chains of \(o.minimumSubstringLength)–\(o.shortChainLength - 1) residues also as exact substrings), at most \(o.maxSharedFamilies) shared families"
            auditPassed = audit.passed
        }
    }

    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }

    public func markdown() -> String {
        var out = "# Split `\(name)`\n\n"
        out += "Rule: **\(rule)**: \(ruleSummary).\n\n"
        out += "\(complexes) complexes. Parameters: " + parameters.keys.sorted().map { "`\($0)` \(parameters[$0]!)" }.joined(separator: ", ") + ".\n\n"
        out += "## Folds\n\n"
        let audited = folds.contains { $0.passed != nil }
        out += "| fold | validation | train | dropped |" + (audited ? " max identity | closest pair (validation → training) | shared families | audit |" : "") + "\n"
        out += "|---|---|---|---|" + (audited ? "---|---|---|---|" : "") + "\n"
        for f in folds {
            out += "| \(f.name) | \(f.validation) | \(f.train) | \(f.dropped) |"
            if audited {
                let identity = f.maxIdentity.map { String(format: "%.3f", $0) } ?? "–"
                let pair = f.closestValidationChain.map { "\($0) → \(f.closestTrainingChain ?? "")" } ?? "none"
                let shared = f.sharedFamilies ?? []
                let sharedText = shared.isEmpty ? "0" : "\(shared.count): " + shared.prefix(8).joined(separator: ", ") + (shared.count > 8 ? ", …" : "")
                out += " \(identity) | \(pair) | \(sharedText) | \(f.passed == true ? "pass" : "FAIL") |"
            }
            out += "\n"
        }
        let totalValidation = folds.map(\.validation).reduce(0, +), totalDropped = folds.map(\.dropped).reduce(0, +)
        out += "\nValidation complexes over all folds: \(totalValidation); dropped over all folds: \(totalDropped).\n"
        if let auditThresholds {
            out += "\nAudit: \(auditPassed == true ? "**passed**" : "**failed**") against \(auditThresholds).\n"
        }
        if !hubFamilies.isEmpty {
            out += "\n## Hub families (never validated)\n\n"
            out += "\(hubComplexes) complexes carry at least one hub family; they only ever train (or are dropped).\n\n"
            out += "| family | name | complexes |\n|---|---|---|\n"
            for hub in hubFamilies { out += "| \(hub.family) | \(hub.name ?? "–") | \(hub.complexes) |\n" }
        }
        if !chainProvenance.isEmpty {
            out += "\n## Chain families\n\n| families from | unique chains |\n|---|---|\n"
            for (key, value) in chainProvenance.sorted(by: { $0.value > $1.value }) { out += "| \(key) | \(value) |\n" }
            out += "\n\(chainLinks) links between similar chains that share no family.\n"
        }
        if !notes.isEmpty {
            out += "\n## Notes\n\n" + notes.map { "- \($0)\n" }.joined()
        }
        return out
    }

    /// Writes `BASE.report.md` and `BASE.report.json`, each under a temporary name then renamed.
    public func write(base: String) throws {
        try OutputFile.write(markdown(), to: base + ".report.md")
        try OutputFile.write(try json(), to: base + ".report.json")
    }
}
