// Strict family-disjoint hold-outs. Hub families (held by more than a fraction of all complexes)
// are never validated; every other complex is validated in exactly one of K disjoint hold-outs,
// and each hold-out trains only on complexes sharing no label with its validation set.

public enum StrictHoldouts {
    public struct Options: Hashable, Sendable {
        public var holdouts = 4
        /// A family held by more than this fraction of the complexes is a hub.
        public var hubFraction = 0.03
        public var seed: UInt64 = 1
        /// Cost, in complexes, of growing a hold-out into a complex another hold-out already touches.
        public var penalty = 2.0
        /// A straddler (a complex whose labels fell to several hold-outs) is validated in the hold-out where
        /// it drops the fewest further complexes, if that is at most this many; otherwise it is never
        /// validated. Nil validates every straddler (every non-hub complex once, at a price in drops).
        public var straddlerBudget: Int? = 2
        /// The growth is run this many times from seeds drawn from `seed`; the run dropping fewest
        /// complexes over all hold-outs is kept.
        public var tries = 8

        public init(holdouts: Int = 4, hubFraction: Double = 0.03, seed: UInt64 = 1) {
            self.holdouts = holdouts
            self.hubFraction = hubFraction
            self.seed = seed
        }
    }

    /// Folds `strict-0 … strict-K-1` from the families and chain links of every complex.
    public static func make(_ families: ComplexFamilyTable, options: Options = Options()) -> FoldAssignment {
        let labels = families.labels
        return make(complexIDs: families.complexIDs, labels: families.complexIDs.map { labels[$0]! }, options: options)
    }

    /// Folds from any labels per complex. Labels starting with `link:` join complexes but are never hubs.
    ///
    /// The hold-outs grow together, one label at a time, always the hold-out touching fewest complexes
    /// first. It takes the unowned label that most helps complexes only it touches, less `penalty` for each
    /// complex another hold-out already touches (ties by a seeded random rank); with nothing to grow into,
    /// it starts afresh from an unowned label few hub complexes carry (lowest rank first). When every label is owned, a complex is
    /// validated in the hold-out owning most of its labels.
    public static func make(complexIDs: [String], labels: [Set<String>], options: Options = Options()) -> FoldAssignment {
        make(complexIDs: complexIDs, labels: labels, options: options, target: nil)
    }

    /// With a `target`, one hold-out grows only until that many complexes have all their labels in it
    /// (the early-stopping carve-out); candidate complexes it only partly covers are dropped.
    static func make(complexIDs: [String], labels: [Set<String>], options: Options, target: Int?) -> FoldAssignment {
        var seeds = SeededGenerator(seed: options.seed)
        var best: (short: Int, dropped: Int, validated: Int, split: FoldAssignment)?
        for _ in 0..<max(1, options.tries) {
            var attempt = options
            attempt.seed = seeds.next()
            let split = grow(complexIDs: complexIDs, labels: labels, options: attempt, target: target)
            let dropped = split.folds.folds.map(\.dropped.count).reduce(0, +)
            let validated = split.folds.folds.map(\.validation.count).reduce(0, +)
            // With a target (early stopping), a growth that fell short of it loses to one that reached it.
            let short = target.map { max(0, $0 - validated) } ?? 0
            if best == nil || (short, dropped, -validated) < (best!.short, best!.dropped, -best!.validated) { best = (short, dropped, validated, split) }
        }
        var result = best!.split
        result.notes[0] = "\(max(1, options.holdouts)) hold-outs, hub families held by more than \(options.hubFraction * 100) % of the \(complexIDs.count) complexes, seed \(options.seed) (best of \(options.tries) growths by total drops)"
        let giant = largestComponent(labels)
        result.notes.insert(String(format: "Linking complexes that share any family or link puts %d of the %d complexes (%.1f %%) in one component, so whole components cannot be held out", giant, complexIDs.count, 100 * Double(giant) / Double(max(1, complexIDs.count))), at: 0)
        return result
    }

    /// The size of the largest group of complexes connected by shared labels (union-find).
    static func largestComponent(_ labels: [Set<String>]) -> Int {
        var parent = Array(labels.indices)
        func root(_ a: Int) -> Int {
            var a = a
            while parent[a] != a { parent[a] = parent[parent[a]]; a = parent[a] }
            return a
        }
        var first: [String: Int] = [:]
        for (c, set) in labels.enumerated() {
            for label in set {
                if let other = first[label] { parent[root(c)] = root(other) } else { first[label] = c }
            }
        }
        var sizes: [Int: Int] = [:]
        for c in labels.indices { sizes[root(c), default: 0] += 1 }
        return sizes.values.max() ?? 0
    }

    /// One growth of the hold-outs from `options.seed`.
    static func grow(complexIDs: [String], labels: [Set<String>], options: Options, target: Int?) -> FoldAssignment {
        let n = complexIDs.count, k = target == nil ? max(1, options.holdouts) : 1
        // Integer labels, hubs.
        var labelIndex: [String: Int] = [:], labelNames: [String] = []
        let complexLabels: [[Int]] = labels.map { set in
            set.sorted().map { name in
                if let i = labelIndex[name] { return i }
                labelIndex[name] = labelNames.count
                labelNames.append(name)
                return labelNames.count - 1
            }
        }
        var holders: [[Int]] = Array(repeating: [], count: labelNames.count)
        for (c, list) in complexLabels.enumerated() { for l in list { holders[l].append(c) } }
        let hubLimit = options.hubFraction * Double(n)
        let isHub = labelNames.indices.map { !labelNames[$0].hasPrefix("link:") && Double(holders[$0].count) > hubLimit }
        let candidate = complexLabels.map { !$0.contains { isHub[$0] } }
        // Labels to own: those of candidate complexes. Seeded random rank breaks every tie.
        var generator = SeededGenerator(seed: options.seed)
        var rank = Array(labelNames.indices)
        rank.shuffle(using: &generator)
        let hubHolders = holders.map { $0.filter { !candidate[$0] }.count }
        var owner = Array(repeating: -1, count: labelNames.count)
        var unowned = Set((0..<n).filter { candidate[$0] }.flatMap { complexLabels[$0] })
        var touched = Array(repeating: Array(repeating: 0, count: k), count: n)
        var ownedCount = Array(repeating: 0, count: n)
        var touchedComplexes = Array(repeating: 0, count: k)   // candidate complexes each hold-out touches
        var frontier: [Set<Int>] = Array(repeating: [], count: k)   // candidate complexes touched by the hold-out, not complete

        func touchedByOthers(_ c: Int, _ h: Int) -> Bool { (0..<k).contains { $0 != h && touched[c][$0] > 0 } }

        var complete = 0
        while !unowned.isEmpty, complete < (target ?? Int.max) {
            let h = (0..<k).min { (touchedComplexes[$0], $0) < (touchedComplexes[$1], $1) }!
            var choices: Set<Int> = []
            for c in frontier[h] { for l in complexLabels[c] where owner[l] < 0 { choices.insert(l) } }
            var chosen: Int
            if choices.isEmpty {
                // Start afresh: prefer labels whose complexes no hold-out touches yet, then labels
                // that few hub complexes carry (each would be dropped).
                let fresh = unowned.filter { l in holders[l].allSatisfy { ownedCount[$0] == 0 } }
                chosen = (fresh.isEmpty ? unowned : fresh).min { (hubHolders[$0], rank[$0]) < (hubHolders[$1], rank[$1]) }!
            } else {
                var best = -Double.infinity
                chosen = -1
                for l in choices {
                    var score = 0.0
                    for c in holders[l] where ownedCount[c] < complexLabels[c].count {
                        if touchedByOthers(c, h) { score -= options.penalty } else if touched[c][h] > 0, candidate[c] { score += 1 }
                    }
                    if score > best || (score == best && rank[l] < rank[chosen]) { best = score; chosen = l }
                }
            }
            owner[chosen] = h
            unowned.remove(chosen)
            for c in holders[chosen] {
                if touched[c][h] == 0, candidate[c] { touchedComplexes[h] += 1 }
                touched[c][h] += 1
                ownedCount[c] += 1
                if candidate[c] {
                    if ownedCount[c] == complexLabels[c].count {
                        for j in 0..<k { frontier[j].remove(c) }
                        complete += 1
                    } else {
                        frontier[h].insert(c)
                    }
                }
            }
        }

        // Validation: complexes whose labels one hold-out owns entirely; then straddlers, in seeded order,
        // each where it costs the fewest new drops, within the budget.
        var validation: [[Int]] = Array(repeating: [], count: k)
        var straddlers: [Int] = []
        for c in 0..<n where candidate[c] && ownedCount[c] == complexLabels[c].count {
            let owners = (0..<k).filter { touched[c][$0] > 0 }
            if owners.count <= 1 { validation[owners.first ?? 0].append(c) } else { straddlers.append(c) }
        }
        var held: [Set<Int>] = validation.map { $0.reduce(into: Set<Int>()) { $0.formUnion(complexLabels[$1]) } }
        var excluded: [Set<Int>] = (0..<k).map { h in
            Set(validation[h]).union(held[h].flatMap { holders[$0] })
        }
        straddlers.shuffle(using: &generator)
        var skippedStraddlers = 0
        for c in straddlers {
            var best: (cost: Int, hold: Int)?
            for h in 0..<k where touched[c][h] > 0 {
                let newLabels = complexLabels[c].filter { !held[h].contains($0) }
                let cost = Set(newLabels.flatMap { holders[$0] }).subtracting(excluded[h]).subtracting([c]).count
                if best == nil || (cost, -touched[c][h], h) < (best!.cost, -touched[c][best!.hold], best!.hold) { best = (cost, h) }
            }
            guard let choice = best, choice.cost <= (options.straddlerBudget ?? Int.max) else {
                skippedStraddlers += 1
                continue
            }
            validation[choice.hold].append(c)
            held[choice.hold].formUnion(complexLabels[c])
            excluded[choice.hold].insert(c)
            for l in complexLabels[c] { excluded[choice.hold].formUnion(holders[l]) }
        }
        for h in 0..<k { validation[h].sort() }
        var folds: [Fold] = []
        for h in 0..<k {
            let inValidation = Set(validation[h])
            var train: [String] = [], dropped: [String] = []
            for c in 0..<n where !inValidation.contains(c) {
                if complexLabels[c].contains(where: held[h].contains) { dropped.append(complexIDs[c]) } else { train.append(complexIDs[c]) }
            }
            folds.append(Fold(name: "strict-\(h)", train: train, validation: validation[h].map { complexIDs[$0] }, dropped: dropped))
        }
        let hubs = labelNames.indices.filter { isHub[$0] }
            .map { (family: labelNames[$0], complexes: holders[$0].count) }
            .sorted { ($0.complexes, $1.family) > ($1.complexes, $0.family) }
        return FoldAssignment(rule: .strict, folds: FoldFile(folds: folds), hubFamilies: hubs,
                              hubComplexCount: candidate.filter { !$0 }.count,
                              notes: ["\(k) hold-outs, hub families held by more than \(options.hubFraction * 100) % of the \(n) complexes, seed \(options.seed)",
                                      "\(candidate.filter { $0 }.count) complexes carry no hub family; \(straddlers.count) of them straddle hold-outs (their families fell to several), \(straddlers.count - skippedStraddlers) of those validated where they drop at most \(options.straddlerBudget.map(String.init) ?? "any number of") further complexes, \(skippedStraddlers) never validated"])
    }
}
