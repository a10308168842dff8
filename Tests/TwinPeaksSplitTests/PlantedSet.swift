// A small made-up dataset with planted homologs: every chain descends from one of 16 random "base"
// proteins (homologs at about 60 % identity, or a 14-residue peptide cut from one), a third of the
// chains carry no domain annotation, and base 0 is a hub. Ground truth: two complexes are related
// exactly when they share a base.
@testable import TwinPeaksSplit

struct PlantedSet {
    var complexes: [ComplexChains] = []
    /// The bases of each complex's partners, the ground truth the split never sees.
    var bases: [[Set<Int>]] = []
    var domainTable: String = summaryHeader + "\n"

    init(seed: UInt64 = 42) {
        var generator = SeededGenerator(seed: seed)
        let letters = Array("ACDEFGHIKLMNPQRSTVWY")
        func random(_ length: Int) -> String { String((0..<length).map { _ in letters.randomElement(using: &generator)! }) }
        let baseSequences = (0..<16).map { _ in random(Int.random(in: 110...190, using: &generator)) }
        func homolog(_ base: Int) -> String {
            String(baseSequences[base].map { Double.random(in: 0..<1, using: &generator) < 0.4 ? letters.randomElement(using: &generator)! : $0 })
        }
        // Partner bases: base 0 (the hub) in every fourth complex; a peptide of base 5 in two complexes.
        for i in 0..<48 {
            let pdb = "p\(100 + i)"
            var left = i % 4 == 0 ? 0 : 1 + (i * 7) % 15
            var right = 1 + (i * 11 + 3) % 15
            if left == right { right = 1 + right % 15 }
            if i == 47 { (left, right) = (12, 12) }  // a homodimer-like pair
            var partners: [PartnerChains] = []
            for (chain, base) in [("A", left), ("B", right)] {
                let isPeptide = base == 5 && i % 2 == 1
                let sequence: String
                if isPeptide {
                    let start = 20 + i % 30
                    sequence = String(Array(baseSequences[5])[start..<(start + 14)])
                } else {
                    sequence = i % 5 == 0 ? baseSequences[base] : homolog(base)
                }
                partners.append(PartnerChains(chainIDs: [chain], sequences: [sequence]))
                // Annotate two chains in three (never the peptides): family pfam:PF0<base>.
                if !isPeptide && (i + base) % 3 != 0 {
                    domainTable += "\(pdb)\t\(chain)\t1\t0\t1\t0\t\t\tPF\(1000 + base)\t\t\t0\t\t\n"
                }
            }
            complexes.append(ComplexChains(id: "P\(i)_A_B", pdb: pdb, partners: partners))
            bases.append([[left], [right]])
        }
        // Make sure the base sequences themselves are annotated in at least one place, as in real data.
        for base in 0..<16 {
            let pdb = "b\(100 + base)"
            domainTable += "\(pdb)\tA\t1\t0\t1\t0\t\t\tPF\(1000 + base)\t\t\t0\t\t\n"
            complexes.append(ComplexChains(id: "B\(base)_A_B", pdb: pdb, partners: [
                PartnerChains(chainIDs: ["A"], sequences: [baseSequences[base]]),
                PartnerChains(chainIDs: ["B"], sequences: [random(130)]),
            ]))
            bases.append([[base], [100 + base]])
        }
    }

    var ids: [String] { complexes.map(\.id) }

    func related(_ a: Int, _ b: Int) -> Bool { !bases[a][0].union(bases[a][1]).isDisjoint(with: bases[b][0].union(bases[b][1])) }
}
