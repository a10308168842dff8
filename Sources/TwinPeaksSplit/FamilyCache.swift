// The family table of a dataset, computed once (MMseqs2 runs take minutes) and reused: it lives in
// the splits folder as `families.tsv` with `families.json`, written last, holding the key of the
// inputs it was made from and where the chains' families came from.
import Foundation
import TwinPeaksBio

public struct FamilyCache: Codable, Sendable {
    /// MD5 over the complexes' chains, the domain table, the family sources, the options and MMseqs2's version.
    public var key: String
    /// Unique chain sequences by provenance (`annotated`, `cluster`, …).
    public var chainProvenance: [String: Int]
    public var chainLinks: Int
    public var mmseqsVersion: String

    /// The family table for these complexes: read from `folder` when its key matches, otherwise
    /// assigned (MMseqs2) and written there.
    public static func families(_ complexes: [ComplexChains], domainTablePath: String, sources: FamilySources,
                                options: FamilyAssignment.Options, folder: String, mmseqs: MMseqs = MMseqs(),
                                log: (String) -> Void = { _ in }) throws -> (table: ComplexFamilyTable, cache: FamilyCache) {
        let domainBytes = try TextFile(path: domainTablePath).bytes
        let version = try mmseqs.version()
        var digest = MD5()
        for complex in complexes {
            digest.update(Array("\(complex.id)\t\(complex.pdb.lowercased())".utf8))
            for partner in complex.partners {
                digest.update(Array("\t\(partner.chainIDs.joined(separator: ","))|\(partner.sequences.joined(separator: ":"))|\(partner.uniprot.joined(separator: ","))".utf8))
            }
            digest.update([10])
        }
        digest.update(domainBytes)
        digest.update(Array("\(sources)|\(options.clusterIdentity)|\(options.clusterCoverage)|\(options.linkIdentity)|\(options.linkCoverage)|\(options.linkEValue)|\(options.shortChainLength)|\(options.minimumSubstringLength)|\(version)".utf8))
        let key = digest.finalHex()
        let tablePath = folder + "/families.tsv", cachePath = folder + "/families.json"
        if let data = FileManager.default.contents(atPath: cachePath),
           let cache = try? JSONDecoder().decode(FamilyCache.self, from: data), cache.key == key,
           let table = try? ComplexFamilyTable.load(tablePath), table.complexIDs == complexes.map(\.id) {
            log("families: reusing \(tablePath) (same dataset, domain table and options)")
            return (table, cache)
        }
        log("families: assigning \(complexes.count) complexes (MMseqs2 clustering and all-against-all search; minutes)")
        let domains = try DomainTable(parsing: String(decoding: domainBytes, as: UTF8.self), source: domainTablePath, sources: sources)
        let assignment = try FamilyAssignment.assign(complexes, domains: domains, options: options, mmseqs: mmseqs)
        let table = ComplexFamilyTable(assignment)
        let cache = FamilyCache(key: key, chainProvenance: Dictionary(uniqueKeysWithValues: assignment.provenanceCounts.map { ($0.key.rawValue, $0.value) }),
                                chainLinks: assignment.linkCount, mmseqsVersion: version)
        try table.write(to: tablePath)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try OutputFile.write(String(decoding: try encoder.encode(cache), as: UTF8.self) + "\n", to: cachePath)
        return (table, cache)
    }
}
