// Which residues a saturation scan mutates: `A10-40,B5` = positions 10 … 40 of partner 1 and
// position 5 of partner 2 (A and B always name the partners here, whatever their chains are
// called; a position counts residues across the partner's chains), or every position of both.

import TwinPeaksBio

public struct ScanPositions: Sendable {
    /// Per partner (0, 1), the 1-based joined positions asked for; nil = every position of both partners.
    public let ranges: [(partner: Int, positions: ClosedRange<Int>)]?

    /// Every position of both partners.
    public static let all = ScanPositions(ranges: nil)

    private init(ranges: [(partner: Int, positions: ClosedRange<Int>)]?) { self.ranges = ranges }

    /// Parses a comma-separated list of `A<n>`, `A<first>-<last>`, `B…` tokens; an error names the bad token.
    public init(parsing text: String) throws {
        var ranges: [(partner: Int, positions: ClosedRange<Int>)] = []
        for raw in text.split(separator: ",", omittingEmptySubsequences: false) {
            let token = raw.trimmingCharacters(in: .whitespaces)
            func bad(_ why: String) -> InputError {
                InputError("--positions", "'\(token)': \(why); expected A or B (partner 1 or 2) and a position or range, e.g. A10-40,B5")
            }
            guard let letter = token.first, letter == "A" || letter == "B" else { throw bad("does not start with partner A or B") }
            let numbers = token.dropFirst().split(separator: "-", omittingEmptySubsequences: false)
            guard (1...2).contains(numbers.count), let first = Int(numbers[0]), let last = Int(numbers.last!) else {
                throw bad("is not a position (A12) or a range (A10-40)")
            }
            guard first >= 1 else { throw bad("positions start at 1") }
            guard first <= last else { throw bad("the range runs backwards (\(first) > \(last))") }
            ranges.append((letter == "A" ? 0 : 1, first...last))
        }
        self.init(ranges: ranges)
    }

    /// The scan's single mutants of one pair, as `predict` reads them: per position (partner 1 first,
    /// each position once, in order) the 19 substitutions in alphabetical one-letter order. The chain
    /// letter is the partner's own name for the chain that holds the position (A and B for undeclared
    /// partners); residues of unknown identity (X) are skipped, having no wild type to substitute.
    public func mutationSets(partner1: FASTARecord, partner2: FASTARecord, pair: String) throws -> [String] {
        let records = [partner1, partner2]
        var texts: [String] = []
        for side in 0..<2 {
            let record = records[side]
            let declared = PredictionPair.declaredChains(record.header)
            // (chain letter, position within that chain, residue) for every joined position.
            var sites: [(chain: Character, number: Int, residue: Character)] = []
            for (index, chain) in record.chains.enumerated() {
                let letter: Character = declared.flatMap { index < $0.count ? $0[index] : nil } ?? (side == 0 ? "A" : "B")
                // An undeclared partner of several chains counts A/B positions across its chains.
                let offset = declared == nil ? sites.count : 0
                for (i, residue) in chain.enumerated() { sites.append((letter, offset + i + 1, residue)) }
            }
            let wanted: [Int]
            if let ranges {
                var chosen = Set<Int>()
                for (partner, positions) in ranges where partner == side {
                    guard positions.upperBound <= sites.count else {
                        throw InputError("pair \(pair)", "--positions \(side == 0 ? "A" : "B")\(positions.lowerBound)"
                                         + (positions.count > 1 ? "-\(positions.upperBound)" : "")
                                         + ": past the end of partner \(side + 1) (\(sites.count) residues)")
                    }
                    chosen.formUnion(positions)
                }
                wanted = chosen.sorted()
            } else {
                wanted = Array(stride(from: 1, through: sites.count, by: 1))
            }
            for position in wanted {
                let site = sites[position - 1]
                guard let wild = AminoAcid(oneLetter: site.residue), AminoAcid.standard.contains(wild) else { continue }
                for mutant in AminoAcid.standard where mutant != wild {
                    texts.append("\(wild.oneLetter)\(site.chain)\(site.number)\(mutant.oneLetter)")
                }
            }
        }
        return texts
    }
}
