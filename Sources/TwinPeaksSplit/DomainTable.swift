// Domain families per (PDB id, chain) from `Reference/domains/pdb_chain_domain_summary.tsv.gz`
// (SIFTS Pfam, CATH, SCOPe joined per chain), and the chains of an entry that carry a UniProt accession.
import Foundation
import TwinPeaksBio

public struct DomainTable: Sendable {
    /// The classifications the families come from.
    public let sources: FamilySources
    private var familiesByChain: [String: [String]] = [:]
    private var chainsByUniProt: [String: [String]] = [:]

    /// Reads the summary table (plain or gzip-compressed).
    public static func load(_ path: String, sources: FamilySources = .standard) throws -> DomainTable {
        try DomainTable(parsing: String(decoding: TextFile(path: path).bytes, as: UTF8.self), source: path, sources: sources)
    }

    /// Parses summary-table text. Needed columns (by header name): `pdb chain uniprot pfam
    /// pfam_clan_or_family cath_superfamilies scope_superfamilies`; lists inside a cell are `;`-joined.
    public init(parsing text: String, source: String, sources: FamilySources = .standard) throws {
        self.sources = sources
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        guard let headerLine = lines.first else { throw InputError(source, "the domain table is empty") }
        let header = headerLine.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        func column(_ name: String) throws -> Int {
            guard let index = header.firstIndex(of: name) else {
                throw InputError("\(source):1", "missing column '\(name)' in the domain table header")
            }
            return index
        }
        let pdbColumn = try column("pdb"), chainColumn = try column("chain"), uniprotColumn = try column("uniprot")
        var familyColumns: [(prefix: String, index: Int)] = []
        if sources.contains(.pfamClan) { familyColumns.append(("pfam:", try column("pfam_clan_or_family"))) }
        if sources.contains(.pfamFamily) { familyColumns.append(("pfam:", try column("pfam"))) }
        if sources.contains(.cath) { familyColumns.append(("cath:", try column("cath_superfamilies"))) }
        if sources.contains(.scop) { familyColumns.append(("scop:", try column("scope_superfamilies"))) }
        for (number, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == header.count else {
                throw InputError("\(source):\(number + 1)", "expected \(header.count) fields, found \(fields.count)")
            }
            let pdb = fields[pdbColumn].lowercased(), chain = String(fields[chainColumn])
            guard !pdb.isEmpty, !chain.isEmpty else {
                throw InputError("\(source):\(number + 1)", "empty pdb or chain id")
            }
            var families = Set<String>()
            for (prefix, index) in familyColumns {
                for value in fields[index].split(separator: ";") where !value.isEmpty {
                    // SCOPe class l holds artifacts (expression tags, linkers), not homology.
                    if prefix == "scop:" && value.hasPrefix("l.") { continue }
                    families.insert(prefix + value)
                }
            }
            let key = DomainTable.key(pdb, chain)
            if !families.isEmpty { familiesByChain[key, default: []] = Array(families.union(familiesByChain[key] ?? [])).sorted() }
            for accession in fields[uniprotColumn].split(separator: ";") where !accession.isEmpty {
                chainsByUniProt[DomainTable.key(pdb, String(accession)), default: []].append(chain)
            }
        }
    }

    /// The chain's families, sorted; empty when the chain has no annotation. PDB ids are case-insensitive.
    public func families(pdb: String, chain: String) -> [String] {
        familiesByChain[DomainTable.key(pdb.lowercased(), chain)] ?? []
    }

    /// The chains of an entry that SIFTS maps to a UniProt accession.
    public func chains(pdb: String, uniprot: String) -> [String] {
        chainsByUniProt[DomainTable.key(pdb.lowercased(), uniprot)] ?? []
    }

    /// Number of annotated chains.
    public var annotatedChainCount: Int { familiesByChain.count }

    private static func key(_ a: String, _ b: String) -> String { a + "\t" + b }
}
