// The softer pair rule: two complexes are linked only when both partners match (partner 1 with
// partner 1 and 2 with 2, or crosswise) by a shared family or similar chain. Linked groups are
// dealt whole to K folds, so no fold drops anything.

public enum PairRuleFolds {
    /// Folds `pair-0 … pair-K-1` from the partner families and links of every complex.
    public static func make(_ families: ComplexFamilyTable, folds k: Int = 4, seed: UInt64 = 1) -> FoldAssignment {
        make(complexIDs: families.complexIDs, partnerLabels: families.complexIDs.map { families.partnerLabels[$0]! }, folds: k, seed: seed)
    }

    /// Folds from any labels per partner (two sets per complex).
    public static func make(complexIDs: [String], partnerLabels: [[Set<String>]], folds k: Int = 4, seed: UInt64 = 1) -> FoldAssignment {
        let n = complexIDs.count
        var holders: [String: [Int]] = [:]
        for (c, partners) in partnerLabels.enumerated() {
            for label in partners[0].union(partners[1]) { holders[label, default: []].append(c) }
        }
        var parent = Array(0..<n)
        func root(_ a: Int) -> Int {
            var a = a
            while parent[a] != a { parent[a] = parent[parent[a]]; a = parent[a] }
            return a
        }
        for a in 0..<n {
            // Only complexes sharing some label can be pair-linked.
            var others = Set<Int>()
            for label in partnerLabels[a][0].union(partnerLabels[a][1]) { others.formUnion(holders[label] ?? []) }
            for b in others where b > a && linked(partnerLabels[a], partnerLabels[b]) {
                let (ra, rb) = (root(a), root(b))
                if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
            }
        }
        var groups: [Int: [Int]] = [:]
        for c in 0..<n { groups[root(c), default: []].append(c) }
        // Largest groups first (ties by seeded rank), each to the fold with fewest complexes so far.
        var generator = SeededGenerator(seed: seed)
        var order = groups.keys.sorted()
        order.shuffle(using: &generator)
        let rank = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        let sorted = groups.keys.sorted { (groups[$0]!.count, -rank[$0]!) > (groups[$1]!.count, -rank[$1]!) }
        var members: [[Int]] = Array(repeating: [], count: max(1, k))
        for group in sorted {
            let f = members.indices.min { (members[$0].count, $0) < (members[$1].count, $1) }!
            members[f].append(contentsOf: groups[group]!)
        }
        let folds = members.indices.map { f -> Fold in
            let held = Set(members[f])
            return Fold(name: "pair-\(f)", train: (0..<n).filter { !held.contains($0) }.map { complexIDs[$0] },
                        validation: members[f].sorted().map { complexIDs[$0] })
        }
        let largest = groups.values.map(\.count).max() ?? 0
        return FoldAssignment(rule: .pair, folds: FoldFile(folds: folds),
                              notes: ["\(k) folds from \(groups.count) pair-linked groups (largest \(largest) complexes), seed \(seed)"])
    }

    /// Both partners match, straight or crosswise.
    static func linked(_ a: [Set<String>], _ b: [Set<String>]) -> Bool {
        (!a[0].isDisjoint(with: b[0]) && !a[1].isDisjoint(with: b[1])) || (!a[0].isDisjoint(with: b[1]) && !a[1].isDisjoint(with: b[0]))
    }
}
